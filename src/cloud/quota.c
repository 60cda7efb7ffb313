/* quota: Nova's limits and Neutron's quota details, parsed (pure; see quota.h). */
#include "autoconfig.h"

#include <stddef.h>
#include <string.h>

#include "cloud/quota.h"
#include "core/error.h"

/* 1 and the whole number member key of obj into *out, else 0. */
static int quota_whole(long long *out, const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	long long n;

	/* NaN fails every comparison, so it is refused before the cast too. */
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= -9e15 && v->valuedouble <= 9e15))
		return 0;
	n = (long long)v->valuedouble;
	if ((double)n != v->valuedouble)
		return 0;
	*out = n;
	return 1;
}

/* Set q from a limit and a use (and what is reserved), or mark it unknown when either is missing. */
static void quota_set(struct cloud_quota *q, int ok, long long limit, long long used, long long reserved)
{
	memset(q, 0, sizeof *q);
	if (!ok)
		return;
	q->known = 1;
	q->limit = limit < 0 ? -1 : limit;
	q->used = (used > 0 ? used : 0) + (reserved > 0 ? reserved : 0);
}

int quota_parse_compute(struct cloud_limits *out, const cJSON *root)
{
	static const struct {
		const char *max, *used;
		size_t offset;
	} keys[] = {
		{ "maxTotalInstances", "totalInstancesUsed", offsetof(struct cloud_limits, instances) },
		{ "maxTotalCores", "totalCoresUsed", offsetof(struct cloud_limits, cores) },
		{ "maxTotalRAMSize", "totalRAMUsed", offsetof(struct cloud_limits, ram_mb) },
	};
	const cJSON *abs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "limits"),
							     "absolute");

	if (!cJSON_IsObject(abs))
		return err_set(ERR_PARSE, "Nova's limits answer has no \"limits\": {\"absolute\": {...}} object");
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		long long limit = 0, used = 0;
		int ok = quota_whole(&limit, abs, keys[i].max) && quota_whole(&used, abs, keys[i].used);

		quota_set((struct cloud_quota *)((char *)out + keys[i].offset), ok, limit, used, 0);
	}
	return 0;
}

int quota_parse_network(struct cloud_limits *out, const cJSON *root)
{
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
		{ "network", offsetof(struct cloud_limits, networks) },
		{ "subnet", offsetof(struct cloud_limits, subnets) },
		{ "router", offsetof(struct cloud_limits, routers) },
		{ "security_group", offsetof(struct cloud_limits, secgroups) },
		{ "security_group_rule", offsetof(struct cloud_limits, rules) },
		{ "floatingip", offsetof(struct cloud_limits, fips) },
	};
	const cJSON *quota = cJSON_GetObjectItemCaseSensitive(root, "quota");

	if (!cJSON_IsObject(quota))
		return err_set(ERR_PARSE, "Neutron's quota details have no \"quota\" object");
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(quota, keys[i].key);
		long long limit = 0, used = 0, reserved = 0;
		int ok = cJSON_IsObject(q) && quota_whole(&limit, q, "limit") && quota_whole(&used, q, "used");

		if (ok && cJSON_GetObjectItemCaseSensitive(q, "reserved") && !quota_whole(&reserved, q, "reserved"))
			ok = 0;
		quota_set((struct cloud_quota *)((char *)out + keys[i].offset), ok, limit, used, reserved);
	}
	return 0;
}
