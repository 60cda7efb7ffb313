#!/usr/bin/python3
"""Record the JSON fixtures of tests/unit/data/cloud from the sandbox OpenStack.

usage: env -u PYTHONPATH /usr/bin/python3 tests/fakecloud/record.py [CLOUDS_YAML [OUTDIR]]

Reads the sandbox-admin / -builders / -training clouds of tests/sandbox/clouds.yaml,
talks to the real Keystone, Nova, Glance and Neutron, and writes the responses
the unit tests replay. Tokens travel in headers only and are never written; the
password never leaves this process. Read-only: it creates nothing in the cloud.
"""
import json
import os
import sys
import urllib.error
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CLOUDS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, "tests/sandbox/clouds.yaml")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(TOP, "tests/unit/data/cloud")
NOVA = {"OpenStack-API-Version": "compute 2.47", "X-OpenStack-Nova-API-Version": "2.47"}


def call(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def auth(cloud, password=None):
    a = cloud["auth"]
    user = {"name": a["username"], "domain": {"name": a["user_domain_name"]},
            "password": password or a["password"]}
    scope = {"project": {"name": a["project_name"], "domain": {"name": a["project_domain_name"]}}}
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": user}}, "scope": scope}}
    return call("POST", a["auth_url"] + "/auth/tokens", body)


def save(name, raw, pretty=True):
    path = os.path.join(OUT, name)
    if pretty:
        raw = (json.dumps(json.loads(raw), indent=1, sort_keys=True) + "\n").encode()
    with open(path, "wb") as f:
        f.write(raw)
    print("recorded", name)


def endpoint(token, kind):
    for svc in token["token"]["catalog"]:
        if svc["type"] == kind:
            for ep in svc["endpoints"]:
                if ep["interface"] == "public":
                    return ep["url"].rstrip("/")
    raise SystemExit("no %s endpoint" % kind)


def pages(first, key, headers, prefix, graft):
    url, n = first, 1
    while url:
        st, _, raw = call("GET", url, headers=headers)
        assert st == 200, (url, st, raw[:200])
        save("%s%d.json" % (prefix, n), raw)
        nxt = json.loads(raw).get(key)
        if isinstance(nxt, list):
            nxt = next((l["href"] for l in nxt if l.get("rel") == "next"), None)
        url, n = (graft(nxt) if nxt else None), n + 1


def main():
    clouds = yaml.safe_load(open(CLOUDS))["clouds"]
    toks = {}
    for name in ("sandbox-admin", "sandbox-builders", "sandbox-training"):
        st, hdr, raw = auth(clouds[name])
        assert st == 201, (name, st)
        toks[name] = (hdr["X-Subject-Token"], json.loads(raw))
        if name == "sandbox-builders":
            save("token_password.json", raw)
    st, _, raw = auth(clouds["sandbox-builders"], password="wrong-password")
    assert st == 401
    save("error_keystone_401.json", raw)

    tok, body = toks["sandbox-admin"]
    h = {"X-Auth-Token": tok}
    st, _, raw = call("GET", clouds["sandbox-admin"]["auth"]["auth_url"] + "/auth/projects", headers=h)
    save("auth_projects.json", raw)

    tok, body = toks["sandbox-builders"]
    h = {"X-Auth-Token": tok}
    nova = endpoint(body, "compute")
    pages(nova + "/servers/detail?limit=4", "servers_links", dict(h, **NOVA), "servers_page",
          lambda href: nova + "/servers/detail?" + href.split("?", 1)[1])
    st, _, raw = call("GET", nova + "/servers/00000000-0000-0000-0000-000000000000", headers=dict(h, **NOVA))
    assert st == 404
    save("error_nova_404.json", raw)
    glance = endpoint(body, "image")
    st, _, raw = call("GET", glance + "/v2/images/00000000-0000-0000-0000-000000000000", headers=h)
    assert st == 404
    save("error_glance_404.txt", raw, pretty=False)
    neutron = endpoint(body, "network")
    st, _, raw = call("GET", neutron + "/v2.0/networks/00000000-0000-0000-0000-000000000000", headers=h)
    assert st == 404
    save("error_neutron_404.json", raw)

    tok, body = toks["sandbox-training"]
    h = {"X-Auth-Token": tok}
    glance = endpoint(body, "image")
    pages(glance + "/v2/images?limit=1&member_status=all", "next", h, "images_page",
          lambda href: glance + "/v2/images?" + href.split("?", 1)[1])
    project = body["token"]["project"]["id"]
    st, _, raw = call("GET", glance + "/v2/images?member_status=all", headers=h)
    for im in json.loads(raw)["images"]:
        if im["visibility"] == "shared" and im["owner"] != project:
            st, _, raw = call("GET", "%s/v2/images/%s/members/%s" % (glance, im["id"], project), headers=h)
            assert st == 200, st
            save("image_member.json", raw)
            break


if __name__ == "__main__":
    main()
