#!/usr/bin/python3
"""Keeps one SSH test host (hostlib.py) per ACTIVE Nova server of the sandbox.

About once a second, as the sandbox admin: list every project's servers (Nova),
their ports and floating IPs (Neutron); create a host for each new ACTIVE server
(its keypair's public key in debian's authorized_keys), follow ports and floating
IPs attached or detached later, power a host off when its server stops being
ACTIVE (its disk stays), delete it when the server is gone or rebuilt.
Survives API errors (logs, retries); every request and command has a timeout.

  reconcile.py [--clouds PATH] [--cloud NAME] [--interval SECONDS] [--once]
Stdlib only (PyYAML if present); run with Debian's /usr/bin/python3 as root.
"""

import argparse
import calendar
import ipaddress
import json
import os
import fcntl
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostlib  # noqa: E402
from hostlib import log  # noqa: E402

SB_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPUTE_MICROVERSION = "2.26"  # >= 2.10 for os-keypairs?user_id, >= 2.26 for tags
TIMEOUT = 10
FULL_EVERY = 30  # seconds between full server listings (changes-since in between)


class ApiError(Exception):
    pass


# ---------------------------------------------------------------- credentials

def parse_openrc(path):
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("export ") and "=" in line:
                k, v = line[7:].split("=", 1)
                env[k.strip()] = v.strip().strip("'\"")
    return {"auth_url": env.get("OS_AUTH_URL"), "username": env.get("OS_USERNAME"),
            "password": env.get("OS_PASSWORD"), "project_name": env.get("OS_PROJECT_NAME"),
            "user_domain_name": env.get("OS_USER_DOMAIN_NAME", "Default"),
            "project_domain_name": env.get("OS_PROJECT_DOMAIN_NAME", "Default"),
            "region_name": env.get("OS_REGION_NAME", "RegionOne")}


def load_credentials(clouds_path, cloud):
    """The admin's auth from clouds.yaml, or from admin.openrc beside it."""
    try:
        import yaml
        with open(clouds_path) as f:
            c = yaml.safe_load(f)["clouds"][cloud]
        auth = dict(c["auth"])
        auth["region_name"] = c.get("region_name", "RegionOne")
        return auth
    except ImportError:
        return parse_openrc(os.path.join(os.path.dirname(clouds_path), "admin.openrc"))


# ---------------------------------------------------------------- API client

class Cloud:
    def __init__(self, auth):
        self.auth = auth
        self.token = None
        self.expires = 0
        self.endpoints = {}

    def _http(self, method, url, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
                raw = r.read(64 << 20)
                return r.status, r.headers, (json.loads(raw) if raw else {})
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read(4096).decode(errors="replace")

    def authenticate(self):
        a = self.auth
        user = {"name": a["username"], "password": a["password"],
                "domain": {"name": a.get("user_domain_name", "Default")}}
        if a.get("user_domain_id"):
            user["domain"] = {"id": a["user_domain_id"]}
        project = {"name": a["project_name"],
                   "domain": {"name": a.get("project_domain_name", "Default")}}
        if a.get("project_domain_id"):
            project["domain"] = {"id": a["project_domain_id"]}
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": user}},
                         "scope": {"project": project}}}
        url = a["auth_url"].rstrip("/")
        if not url.endswith("/v3"):
            url += "/v3"
        code, hdrs, resp = self._http("POST", url + "/auth/tokens", body)
        if code != 201:
            raise ApiError("keystone auth: HTTP %s %s" % (code, str(resp)[:200]))
        self.token = hdrs["X-Subject-Token"]
        exp = resp["token"]["expires_at"]
        self.expires = calendar.timegm(time.strptime(exp[:19], "%Y-%m-%dT%H:%M:%S"))
        region = a.get("region_name") or "RegionOne"
        for svc in resp["token"].get("catalog", []):
            for ep in svc["endpoints"]:
                if ep["interface"] == "public" and ep.get("region", region) == region:
                    self.endpoints[svc["type"]] = ep["url"].rstrip("/")
        net = self.endpoints.get("network", "")
        if net and not net.endswith("/v2.0"):
            self.endpoints["network"] = net + "/v2.0"
        for need in ("compute", "network"):
            if need not in self.endpoints:
                raise ApiError("no public %s endpoint in the catalog" % need)
        log("authenticated as %s (token until %s)" % (a["username"], exp))

    def get(self, service, path):
        # Re-auth five minutes before the token expires, and once on a 401.
        if not self.token or time.time() > self.expires - 300:
            self.authenticate()
        headers = {"X-Auth-Token": self.token}
        if service == "compute":
            headers["OpenStack-API-Version"] = "compute " + COMPUTE_MICROVERSION
            headers["X-OpenStack-Nova-API-Version"] = COMPUTE_MICROVERSION
        url = self.endpoints[service] + path
        code, _, resp = self._http("GET", url, headers=headers)
        if code == 401:
            self.authenticate()
            headers["X-Auth-Token"] = self.token
            code, _, resp = self._http("GET", url, headers=headers)
        if code == 404:
            return None
        if code != 200:
            raise ApiError("GET %s: HTTP %s %s" % (path, code, str(resp)[:200]))
        return resp

    def servers(self, changes_since=None):
        out, path = [], "/servers/detail?all_tenants=1"
        if changes_since:
            path += "&changes-since=" + changes_since
        for _ in range(100):  # pages of Nova's max_limit (1000)
            resp = self.get("compute", path)
            out += resp["servers"]
            nxt = [l["href"] for l in resp.get("servers_links", []) if l.get("rel") == "next"]
            if not nxt:
                return out
            u = urllib.parse.urlsplit(nxt[0])
            path = "/servers/detail?" + u.query
        return out

    def public_key(self, key_name, user_id):
        """The keypair's public key (as admin, for the server's owner); '' if gone."""
        if not key_name:
            return ""
        resp = self.get("compute", "/os-keypairs/%s?user_id=%s" % (
            urllib.parse.quote(key_name, safe=""), urllib.parse.quote(user_id or "", safe="")))
        if resp is None:
            log("keypair %s of user %s not found: host gets no authorized key" % (key_name, user_id))
            return ""
        return resp["keypair"]["public_key"]


# ---------------------------------------------------------------- desired state

class Desired:
    """What the hosts should look like, read from Nova and Neutron."""

    def __init__(self, cloud):
        self.cloud = cloud
        self.networks = {}  # id -> router:external
        self.subnets = {}   # id -> {"cidr", "network_id"}
        self.servers = None  # id -> server, kept up to date with changes-since
        self.full_at = self.asked_at = 0

    def _learn(self, net_ids, subnet_ids, fip_net_ids):
        """Fetch networks and subnets only when an unknown one shows up."""
        if set(net_ids) - set(self.networks):
            for n in self.cloud.get("network", "/networks?fields=id&fields=router:external")["networks"]:
                self.networks[n["id"]] = bool(n.get("router:external"))
        nets_with_subnets = {s["network_id"] for s in self.subnets.values()}
        if set(subnet_ids) - set(self.subnets) or set(fip_net_ids) - nets_with_subnets:
            q = "/subnets?fields=id&fields=cidr&fields=network_id&fields=ip_version"
            for s in self.cloud.get("network", q)["subnets"]:
                self.subnets[s["id"]] = s

    def prefix_of(self, addr, subnet_id=None, network_id=None):
        if subnet_id in self.subnets:
            return ipaddress.ip_network(self.subnets[subnet_id]["cidr"]).prefixlen
        for s in self.subnets.values():
            if s["network_id"] == network_id and ipaddress.ip_address(addr) in ipaddress.ip_network(s["cidr"]):
                return ipaddress.ip_network(s["cidr"]).prefixlen
        return 24

    def read_servers(self):
        """All servers; between full listings (every FULL_EVERY s) only those Nova
        changed since the last pass: a listing of every server costs nova-api ~0.2 s."""
        t = time.time()
        if self.servers is None or t - self.full_at > FULL_EVERY:
            self.servers = {s["id"]: s for s in self.cloud.servers()}
            self.full_at = t
        else:
            # Nova's updated_at has whole seconds: ask with a margin.
            since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.asked_at - 2))
            for s in self.cloud.servers(changes_since=since):
                if s["status"] in ("DELETED", "SOFT_DELETED"):
                    self.servers.pop(s["id"], None)
                else:
                    self.servers[s["id"]] = s
        self.asked_at = t
        return dict(self.servers)

    def read(self):
        """Returns (all servers by id, {server id: spec} for the ACTIVE ones)."""
        servers = self.read_servers()
        active = {i for i, s in servers.items() if s["status"] == "ACTIVE"}
        specs = {i: {"ports": {}, "fips": {}} for i in active}
        if not active:
            return servers, {}
        q = ("/ports?fields=id&fields=device_id&fields=network_id&fields=fixed_ips"
             "&fields=mac_address")
        ports = [p for p in self.cloud.get("network", q)["ports"] if p["device_id"] in active]
        port_ids = {p["id"] for p in ports}
        q = "/floatingips?fields=floating_ip_address&fields=port_id&fields=floating_network_id"
        fips = [f for f in self.cloud.get("network", q)["floatingips"] if f.get("port_id") in port_ids]
        fip_nets = {f["floating_network_id"] for f in fips}
        self._learn({p["network_id"] for p in ports} | fip_nets,
                    {ip["subnet_id"] for p in ports for ip in p["fixed_ips"]}, fip_nets)
        by_port = {}
        for p in ports:
            v4 = [ip for ip in p["fixed_ips"] if ":" not in ip["ip_address"]]
            if not v4:
                continue
            addr = v4[0]["ip_address"]
            specs[p["device_id"]]["ports"][p["id"]] = {
                "net": p["network_id"], "ip": addr, "mac": p.get("mac_address"),
                "prefix": self.prefix_of(addr, v4[0]["subnet_id"]),
                "external": self.networks.get(p["network_id"], False)}
            by_port[p["id"]] = p["device_id"]
        for f in fips:
            if f.get("port_id") in by_port:
                addr = f["floating_ip_address"]
                specs[by_port[f["port_id"]]]["fips"][addr] = self.prefix_of(
                    addr, network_id=f["floating_network_id"])
        # A server booted without a network has no address to answer at: it gets no host.
        return servers, {i: spec for i, spec in specs.items() if spec["ports"]}


# ---------------------------------------------------------------- reconciling

def age(server):
    try:
        t = calendar.timegm(time.strptime(server["created"][:19], "%Y-%m-%dT%H:%M:%S"))
        return time.time() - t
    except (KeyError, ValueError):
        return -1


def drop_stale_addresses(st, spec):
    """Remove the ports and floating IPs Neutron no longer shows on this server."""
    for pid, p in list(st["ports"].items()):
        want = spec["ports"].get(pid)
        if not want or want["ip"] != p["ip"] or want["prefix"] != p["prefix"]:
            hostlib.del_port(st, pid)
            log("host %s: port %s %s removed" % (st["name"], pid, p["ip"]))
    for addr in list(st["fips"]):
        if addr not in spec["fips"]:
            hostlib.del_fip(st, addr)
            log("host %s: floating IP %s detached" % (st["name"], addr))


def add_new_addresses(st, spec):
    for pid, p in spec["ports"].items():
        if pid not in st["ports"]:
            hostlib.add_port(st, pid, p["net"], p["ip"], p["prefix"], p["mac"], p["external"])
            log("host %s: port %s %s/%d on %s%s" % (st["name"], pid, p["ip"], p["prefix"],
                p["net"], " (external)" if p["external"] else ""))
    for addr, prefix in spec["fips"].items():
        if addr not in st["fips"]:
            hostlib.add_fip(st, addr, prefix)
            log("host %s: floating IP %s attached" % (st["name"], addr))


def boot(cloud, server, spec):
    t0 = time.time()
    key = cloud.public_key(server.get("key_name"), server.get("user_id"))
    name = server["name"]
    st = hostlib.create_host(server["id"], name, key,
                             hostname=hostlib.sanitize_hostname(
                                 server.get("OS-EXT-SRV-ATTR:hostname") or name,
                                 "host-" + hostlib.short(server["id"])))
    st["managed"] = True
    hostlib.write_state(st)
    add_new_addresses(st, spec)
    ready = hostlib.check_ready(st, wait=2)
    log("host %s (%s) booted in %.0f ms, sshd %s, server created %.1f s ago" % (
        name, server["id"], (time.time() - t0) * 1000, "ready" if ready else "not yet ready",
        age(server)))


def reconcile(cloud, desired):
    """One pass. Addresses are freed (steps 1, 2) before any host takes one (step 3),
    so a floating IP that moved between servers is never on two hosts at once."""
    servers, specs = desired.read()
    hostlib.reap_children()
    namespaces = hostlib.netns_list()
    states = {st["id"]: st for st in hostlib.all_states() if st.get("managed")}
    running = {sid for sid, st in states.items() if hostlib.host_running(st, namespaces)}

    # 1. Hosts whose server is gone, rebuilding or not ACTIVE.
    for sid, st in states.items():
        if sid in specs:
            continue
        server = servers.get(sid)
        if server is None or server["status"] == "REBUILD":
            # A deleted server loses its disk; so does a rebuilt one.
            hostlib.destroy_host(sid)
            log("host %s (%s) deleted (server %s)" % (st.get("name"), sid,
                "gone" if server is None else "rebuilding"))
        elif sid in running or st.get("ports") or st.get("fips"):
            hostlib.stop_host(sid)
            log("host %s (%s) powered off (server %s)" % (st.get("name"), sid, server["status"]))

    # 2. Addresses that left a running host.
    for sid in specs.keys() & running:
        guard(servers[sid], drop_stale_addresses, states[sid], specs[sid])

    # 3. New hosts (or hosts whose sshd died), new addresses, readiness.
    for sid, spec in specs.items():
        if sid not in running:
            guard(servers[sid], boot, cloud, servers[sid], spec)
        else:
            guard(servers[sid], add_new_addresses, states[sid], spec)
            if not states[sid].get("ready"):
                guard(servers[sid], hostlib.check_ready, states[sid])


def guard(server, fn, *args):
    """One host's trouble (a failed `ip` command) must not stop the others."""
    try:
        fn(*args)
    except (RuntimeError, OSError, ApiError, subprocess.TimeoutExpired) as e:
        log("host %s (%s): %s" % (server["name"], server["id"], e))


def heartbeat(path):
    """Tells `hosts/status` when the last good pass was, and what it left."""
    states = [st for st in hostlib.all_states() if st.get("managed")]
    namespaces = hostlib.netns_list()
    with open(path + ".new", "w") as f:
        json.dump({"time": time.time(), "pid": os.getpid(), "hosts": len(states),
                   "running": sum(1 for st in states if hostlib.host_running(st, namespaces))}, f)
    os.replace(path + ".new", path)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clouds", default=os.path.join(SB_DIR, "clouds.yaml"))
    ap.add_argument("--cloud", default="sandbox-admin")
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("--heartbeat", default=os.path.join(hostlib.STATE, "run", "hosts.heartbeat"))
    ap.add_argument("--once", action="store_true", help="one pass, then exit")
    a = ap.parse_args(argv)

    # Two reconcilers would undo each other's work: the second one leaves at once.
    os.makedirs(os.path.dirname(a.heartbeat), exist_ok=True)
    lock = open(os.path.join(os.path.dirname(a.heartbeat), "hosts.lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        sys.exit("reconcile.py: another reconciler holds %s" % lock.name)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    log("reconciler started (pid %d), cloud %s from %s" % (os.getpid(), a.cloud, a.clouds))
    cloud = desired = None
    failures, last_error = 0, None
    while not stop:
        t0 = time.time()
        try:
            if cloud is None:
                if not os.path.exists(a.clouds):
                    raise ApiError("waiting for %s" % a.clouds)
                cloud = Cloud(load_credentials(a.clouds, a.cloud))
                desired = Desired(cloud)
            reconcile(cloud, desired)
            heartbeat(a.heartbeat)
            if failures:
                log("recovered after %d failed passes" % failures)
            failures, last_error = 0, None
        except Exception as e:  # noqa: BLE001 -- the daemon must outlive any API hiccup
            failures += 1
            msg = "%s: %s" % (type(e).__name__, e)
            if msg != last_error or failures % 60 == 0:
                log("pass failed (%d in a row): %s" % (failures, msg))
            last_error = msg
            if failures % 5 == 0:
                cloud = None  # re-read clouds.yaml: `up` may have rewritten it
        if a.once:
            break
        # Back off a little while the APIs fail, never more than 5 s.
        pause = a.interval if not failures else min(5.0, a.interval * failures)
        # Short naps, so that SIGTERM ends the daemon within 0.1 s between passes.
        until = t0 + max(0.05, pause)
        while not stop and time.time() < until:
            time.sleep(min(0.1, max(0.0, until - time.time())))
    log("reconciler stopped")


if __name__ == "__main__":
    main(sys.argv[1:])
