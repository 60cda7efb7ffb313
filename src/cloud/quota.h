/*
 * quota: the project's quotas as Nova and Neutron state them (pure), into
 * struct cloud_limits (ops.h).
 *
 * Nova's GET /limits: {"limits": {"absolute": {"maxTotalInstances": 50,
 * "totalInstancesUsed": 1, "maxTotalCores", "totalCoresUsed",
 * "maxTotalRAMSize", "totalRAMUsed" (MiB), ...}}}. Neutron's GET
 * /quotas/{project_id}/details: {"quota": {"network": {"limit": 50, "used": 1,
 * "reserved": 0}, "subnet", "router", "security_group",
 * "security_group_rule", "floatingip", ...}}; reserved (being made) counts as
 * used. A limit of -1 (or any negative one) is unlimited and kept as -1.
 *
 * Contract: a parser sets the members of *out its service answers for (the
 * others are left as they are) and returns 0, or ERR_PARSE when the answer
 * lacks its top object. A quota whose limit or use is missing or not a whole
 * number is left unknown (known 0, numbers 0): the answer still counts.
 */
#ifndef SD_CLOUD_QUOTA_H
#define SD_CLOUD_QUOTA_H

#include <cjson/cJSON.h>

#include "cloud/ops.h"

#define QUOTA_COMPUTE_PATH "/limits"
/* Below the network endpoint, with the project id. */
#define QUOTA_NETWORK_PATH_FMT "/quotas/%s/details"

/* Read Nova's absolute limits ({"limits": {"absolute": {...}}}) into the instances, cores and RAM of out. */
int quota_parse_compute(struct cloud_limits *out, const cJSON *root);
/* Read Neutron's quota details ({"quota": {...}}) into the network members of out. */
int quota_parse_network(struct cloud_limits *out, const cJSON *root);

#endif
