#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

static char err_msg[1024];

int err_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_msg, sizeof err_msg, fmt, ap);
	va_end(ap);
	return code;
}

int err_wrap(int code, const char *fmt, ...)
{
	char prefix[256], old[sizeof err_msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err_msg, sizeof old);
	snprintf(err_msg, sizeof err_msg, "%.255s: %.760s", prefix, old);
	return code;
}

const char *err_last(void)
{
	return err_msg;
}

void err_clear(void)
{
	err_msg[0] = '\0';
}

const char *err_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_INVALID: return "invalid";
	case ERR_IO: return "io";
	case ERR_PARSE: return "parse";
	case ERR_CONFIG: return "config";
	case ERR_NOTFOUND: return "not found";
	case ERR_AUTH: return "auth";
	case ERR_NET: return "network";
	case ERR_TIMEOUT: return "timeout";
	case ERR_HTTP: return "http";
	case ERR_TOOBIG: return "too big";
	case ERR_CANCELLED: return "cancelled";
	case ERR_TLS: return "tls";
	}
	return "error";
}
