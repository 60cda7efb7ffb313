#include "autoconfig.h"

#include "cli/cli.h"
#include "core/error.h"

int cli_exit_status(int rc)
{
	switch (rc) {
	case ERR_OK: return CLI_EXIT_OK;
	case ERR_AUTH: return CLI_EXIT_AUTH;
	case ERR_CONFIG: case ERR_PARSE: case ERR_NOTFOUND: case ERR_TLS: return CLI_EXIT_CONFIG;
	case ERR_INVALID: return CLI_EXIT_USAGE;
	default: return CLI_EXIT_FAIL;
	}
}
