#!/usr/bin/python3
"""Record the fixtures of cluster discovery (tests/unit/data/cloud/observe_*.json).

usage: env -u PYTHONPATH /usr/bin/python3 tests/fakecloud/record_observe.py [CLOUDS_YAML [OUTDIR]]

As sandbox-builders, makes a small cluster obs/rec the way sparkdeck marks one
(a network, subnet, router with its gateway on "public" and an interface, a
security group with an ingress rule, a worker server with sparkdeck-cluster /
-role / -index metadata on that network, a floating IP on its port), records
what discovery reads of it (the tagged lists, the rules of the group, the
ports of the router and of the floating IP, Nova's limits and Neutron's quota
details), then deletes all of it, also when something failed. Every name
starts with "obs-rec". Tokens and passwords are never written.
"""
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record  # noqa: E402  (call, auth, save, endpoint; CLOUDS and OUT from the same arguments)

import yaml  # noqa: E402

CLUSTER = "obs/rec"
TAGS = ["sparkdeck", "sparkdeck-cluster=" + CLUSTER]
PREFIX = "obs-rec"


class Sandbox:
    def __init__(self):
        clouds = yaml.safe_load(open(record.CLOUDS))["clouds"]
        st, hdr, raw = record.auth(clouds["sandbox-builders"])
        assert st == 201, st
        body = json.loads(raw)
        self.h = {"X-Auth-Token": hdr["X-Subject-Token"]}
        self.project = body["token"]["project"]["id"]
        self.neutron = record.endpoint(body, "network") + "/v2.0"
        self.nova = record.endpoint(body, "compute")
        self.glance = record.endpoint(body, "image")
        self.made = []          # (kind, url) to DELETE, newest last

    def req(self, method, url, body=None, nova=False, ok=(200, 201, 202, 204)):
        st, _, raw = record.call(method, url, body, dict(self.h, **record.NOVA) if nova else self.h)
        assert st in ok, (method, url, st, raw[:300])
        return json.loads(raw) if raw else None

    def create(self, kind, collection, body):
        obj = self.req("POST", "%s/%s" % (self.neutron, collection), {kind: body})[kind]
        self.made.append(("%s/%s/%s" % (self.neutron, collection, obj["id"]), False))
        if collection != "security-group-rules":
            self.req("PUT", "%s/%s/%s/tags" % (self.neutron, collection, obj["id"]), {"tags": TAGS})
        return obj

    def get(self, url, name, nova=False):
        st, _, raw = record.call("GET", url, headers=dict(self.h, **record.NOVA) if nova else self.h)
        assert st == 200, (url, st, raw[:300])
        record.save(name, raw)
        return json.loads(raw)


def tags_query():
    return "tags=" + ",".join(urllib.parse.quote(t, safe="") for t in TAGS)


def build_and_record(s):
    public = s.req("GET", s.neutron + "/networks?name=public")["networks"][0]["id"]
    net = s.create("network", "networks", {"name": PREFIX + "-net"})
    sub = s.create("subnet", "subnets", {"network_id": net["id"], "name": PREFIX + "-subnet", "ip_version": 4,
                                         "cidr": "10.79.0.0/24"})
    router = s.create("router", "routers", {"name": PREFIX + "-router",
                                            "external_gateway_info": {"network_id": public}})
    s.req("PUT", "%s/routers/%s/add_router_interface" % (s.neutron, router["id"]), {"subnet_id": sub["id"]})
    s.made.append(("%s/routers/%s/remove_router_interface" % (s.neutron, router["id"]), sub["id"]))
    sg = s.create("security_group", "security-groups", {"name": PREFIX + "-sg"})
    s.create("security_group_rule", "security-group-rules",
             {"security_group_id": sg["id"], "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
              "port_range_min": 7077, "port_range_max": 7078, "remote_ip_prefix": "10.79.0.0/24"})
    image = s.req("GET", s.glance + "/v2/images?name=debian-12-base")["images"][0]["id"]
    flavor = next(f["id"] for f in s.req("GET", s.nova + "/flavors", nova=True)["flavors"] if f["name"] == "m1.tiny")
    server = s.req("POST", s.nova + "/servers", {"server": {
        "name": PREFIX + "-worker-3", "imageRef": image, "flavorRef": flavor, "networks": [{"uuid": net["id"]}],
        "metadata": {"sparkdeck-cluster": CLUSTER, "sparkdeck-role": "worker", "sparkdeck-index": "3"}}},
        nova=True)["server"]
    s.made.append((s.nova + "/servers/" + server["id"], "server"))
    port = None
    for _ in range(120):
        ports = s.req("GET", "%s/ports?device_id=%s" % (s.neutron, server["id"]))["ports"]
        if ports:
            port = ports[0]["id"]
            break
        time.sleep(1)
    assert port, "the server got no port"
    fip = s.create("floatingip", "floatingips", {"floating_network_id": public, "port_id": port})

    s.get("%s/servers/detail?limit=1000" % s.nova, "observe_servers.json", nova=True)
    s.get("%s/security-group-rules?limit=1000&security_group_id=%s" % (s.neutron, sg["id"]), "observe_rules.json")
    s.get("%s/ports?limit=1000&device_id=%s" % (s.neutron, router["id"]), "observe_router_ports.json")
    s.get("%s/ports?limit=1000&id=%s" % (s.neutron, port), "observe_fip_ports.json")
    s.get("%s/floatingips?limit=1000&%s" % (s.neutron, tags_query()), "observe_fips.json")
    s.get("%s/routers?limit=1000&%s" % (s.neutron, tags_query()), "observe_routers.json")
    s.get("%s/security-groups?limit=1000&%s" % (s.neutron, tags_query()), "observe_secgroups.json")
    s.get(s.nova + "/limits", "observe_limits.json", nova=True)
    s.get("%s/quotas/%s/details" % (s.neutron, s.project), "observe_quota_details.json")
    return fip


def tear_down(s):
    for url, extra in reversed(s.made):
        if extra == "server":
            s.req("DELETE", url, nova=True, ok=(204, 404))
            for _ in range(120):
                st, _, _ = record.call("GET", url, headers=dict(s.h, **record.NOVA))
                if st == 404:
                    break
                time.sleep(1)
        elif extra:
            s.req("PUT", url, {"subnet_id": extra}, ok=(200, 404))
        else:
            for _ in range(60):
                st, _, raw = record.call("DELETE", url, headers=s.h)
                if st != 409:
                    break
                time.sleep(2)
            assert st in (204, 404), (url, st, raw[:300])


def main():
    s = Sandbox()
    try:
        build_and_record(s)
    finally:
        tear_down(s)


if __name__ == "__main__":
    main()
