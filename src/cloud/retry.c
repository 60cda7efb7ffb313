#include "autoconfig.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cloud/retry.h"

/* splitmix64: small, seedable, good enough for jitter. */
static uint64_t retry_next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

long retry_compute_backoff(unsigned attempt, long base_ms, long cap_ms, uint64_t *state)
{
	long ceiling = base_ms;
	unsigned i;

	if (base_ms <= 0 || cap_ms <= 0)
		return 0;
	for (i = 0; i < attempt && ceiling < cap_ms; i++)
		ceiling = ceiling > LONG_MAX / 2 ? LONG_MAX : ceiling * 2;
	if (ceiling > cap_ms)
		ceiling = cap_ms;
	return (long)(retry_next_random(state) % ((uint64_t)ceiling + 1));
}

static int retry_month(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++)
		if (strncasecmp(m, names + 3 * i, 3) == 0 && m[3] == '\0')
			return i;
	return -1;
}

/* Parse the three HTTP-date forms of RFC 9110 without strptime (locale-free). */
static int retry_parse_date(const char *v, time_t *out)
{
	struct tm tm;
	char mon[8], wday[16], zone[8];
	int d, y, H, M, S, n = 0;
	time_t t;

	memset(&tm, 0, sizeof tm);
	if (sscanf(v, "%15[A-Za-z], %2d %3s %4d %2d:%2d:%2d %3s%n", wday, &d, mon, &y, &H, &M, &S, zone, &n) == 8 && n > 0)
		; /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
	else if (sscanf(v, "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s%n", wday, &d, mon, &y, &H, &M, &S, zone, &n) == 8 && n > 0)
		y += y < 70 ? 2000 : 1900; /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
	else if (sscanf(v, "%15[A-Za-z] %3s %2d %2d:%2d:%2d %4d%n", wday, mon, &d, &H, &M, &S, &y, &n) == 7 && n > 0)
		strcpy(zone, "GMT"); /* asctime: Sun Nov  6 08:49:37 1994 */
	else
		return -1;
	while (v[n] == ' ')
		n++;
	if (v[n] != '\0' || strcmp(zone, "GMT") != 0 || (tm.tm_mon = retry_month(mon)) < 0)
		return -1;
	if (d < 1 || d > 31 || H > 23 || M > 59 || S > 60 || y < 1970)
		return -1;
	tm.tm_mday = d;
	tm.tm_year = y - 1900;
	tm.tm_hour = H;
	tm.tm_min = M;
	tm.tm_sec = S;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = t;
	return 0;
}

long retry_parse_after(const char *value, time_t now, long max_s)
{
	const char *p;
	time_t when;
	long secs = 0;

	if (value == NULL)
		return -1;
	while (*value == ' ' || *value == '\t')
		value++;
	if (isdigit((unsigned char)*value)) {
		for (p = value; isdigit((unsigned char)*p); p++)
			secs = secs > max_s ? secs : secs * 10 + (*p - '0');
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p != '\0')
			return -1;
	} else {
		if (retry_parse_date(value, &when) < 0)
			return -1;
		secs = when > now ? (long)(when - now > max_s ? max_s : when - now) : 0;
	}
	return secs > max_s ? max_s : secs;
}

int retry_is_idempotent(const char *method)
{
	static const char *const ok[] = { "GET", "HEAD", "PUT", "DELETE", "OPTIONS" };
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(method, ok[i]) == 0)
			return 1;
	return 0;
}

int retry_should_repeat(enum retry_net net, long status, const char *method, int idempotent)
{
	int is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;

	switch (net) {
	case RETRY_NET_CONNECT:
		return 1;
	case RETRY_NET_TRANSFER:
		return idempotent;
	case RETRY_NET_FATAL:
		return 0;
	case RETRY_NET_OK:
		break;
	}
	switch (status) {
	case 429:
	case 503:
		return 1;
	case 502:
	case 504:
		return idempotent;
	case 500:
		return is_get;
	default:
		return 0;
	}
}
