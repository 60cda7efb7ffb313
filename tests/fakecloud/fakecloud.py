#!/usr/bin/python3
"""fakecloud: a small stand-in Keystone v3 + Nova + Glance (+ an empty Neutron) for tests.

Standard library only (/usr/bin/python3). Serves the JSON recorded from the sandbox
(tests/unit/data/cloud) or generated data, on 127.0.0.1, with switches for the bad
cases sparkdeck must survive. Not a security boundary: test use only.

    fakecloud.py [options]

On start it prints one line "PORT <n>" on stdout (and flushes), then serves until
killed (SIGTERM/SIGINT). The cloud's auth_url is http://127.0.0.1:<n>/v3; its
catalog names compute http://127.0.0.1:<n>/compute/v2.1, image
http://127.0.0.1:<n>/image (no version, as real catalogs often have) and network
http://127.0.0.1:<n>/network, all in region RegionOne, interfaces public/internal/admin.

Identity: user "demo" (domain Default), password from --password; projects
"builders" (b5687b4dd97d4c9f8dfa247c04c9295b, the default scope) and "training"
(ff28535e775740548cb7ef33f8e524ca). Application credential id "appcred-id" with
the same secret is accepted too (bound to builders).

Options:
  --port N             listen on port N (default 0: the kernel chooses; see "PORT n")
  --data DIR           recorded fixtures (default: ../unit/data/cloud beside this file)
  --password P         the password Keystone accepts (default "secret"); any other -> 401
  --token-ttl S        token lifetime in seconds (default 3600)
  --servers N          serve N generated servers instead of the recorded ones; every
                       third one belongs to cluster "spark/fake" (role master for the
                       first, worker otherwise) with a floating IP and tag "sparkdeck"
  --images N           serve N generated images instead of the recorded ones; every
                       fifth is shared by another project with member status
                       pending / accepted / rejected in turn
  --page-size N        largest page Nova and Glance answer (default 1000); the client's
                       limit is honoured below it. Next links as Nova/Glance make them
  --foreign-links      Nova's next links name http://nova.invalid:8774 (a client must
                       use only their query, never that host)
  --page-loop          the next link of every page repeats the first page's marker
  --evil-name          add a server and an image whose names are full of escape
                       sequences (CSI clear screen, OSC title, C1, bidi override, raw
                       invalid UTF-8) and a fault message with the same; and a
                       project the user can scope to (e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0)
                       with the same in its name and description
  --huge               the server list answers with a 20 MB body (--huge-mb N: N MB)
  --chunked            send that body chunked, without a Content-Length
  --fail500 N          the first N Nova requests answer 500 (computeFault)
  --fail503 N          the first N Nova requests answer 503 with a Retry-After header
  --retry-after V      the Retry-After of --fail503: seconds ("2", default "1"), or
                       "date+S" for an HTTP-date S seconds ahead
  --revoke-after N     every token is revoked after it served N API requests (then 401;
                       a new token works again: one re-authentication, one replay)
  --revoke-all         every API request answers 401 (re-authentication cannot help)
  --redirect           Nova answers 302 to http://elsewhere.invalid/
  --slow S             delay every Nova and Glance answer by S seconds (float)
  --tls CERT KEY       serve https with this certificate (auth_url and catalog https://)
  --cacert FILE        put "cacert: FILE" into every cloud --write-clouds-yaml writes
  --more-projects      two more projects: "analytics" (3c6f0a1e9b2d4c5e8f7a6b5c4d3e2f10), which
                       the user can scope to like the others, and "partner"
                       (85121f6a609c4e7f90cc7204e5539ee7), which the user has no role
                       in: not in /v3/auth/projects, not scopable, found only by
                       /v3/projects (an image can be shared with it by id or name)
  --write-clouds-yaml PATH
                       write a clouds.yaml with clouds "fake" (the right password),
                       "fake-wrong" (a wrong one), "fake-training" (scoped to training)
                       and "fake-appcred" (application credential), then serve
  --verbose            log each request on stderr (never headers or bodies)

Image members (in memory, lost on exit; as Glance v2): PATCH /v2/images/{id} (visibility,
owner only), GET|POST /v2/images/{id}/members (the owner sees every member, a member
only itself; POST needs a shared image, an existing member is 409), GET|PUT|DELETE
/v2/images/{id}/members/{project} (PUT sets the status, only by that project; DELETE by
the owner). Keystone: GET /v3/projects[?name=N] and /v3/projects/{id}.

Inspection: GET /_fake/stats answers {"auth": n, "auth_failed": n, "nova": n,
"glance": n, "keystone": n, "unauthorized": n, "paths": ["METHOD PATH", ... the last 200]}.
"""
import argparse
import email.utils
import json
import os
import secrets
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUILDERS = "b5687b4dd97d4c9f8dfa247c04c9295b"
TRAINING = "ff28535e775740548cb7ef33f8e524ca"
USER_ID = "9f403b71c1d2488e84f9bcb53a8633e6"
PROJECTS = {
    BUILDERS: {"id": BUILDERS, "name": "builders", "domain_id": "default", "enabled": True,
               "description": "image builders", "is_domain": False, "parent_id": "default", "tags": []},
    TRAINING: {"id": TRAINING, "name": "training", "domain_id": "default", "enabled": True,
               "description": "training sessions", "is_domain": False, "parent_id": "default", "tags": []},
}
ANALYTICS = "3c6f0a1e9b2d4c5e8f7a6b5c4d3e2f10"
PARTNER = "85121f6a609c4e7f90cc7204e5539ee7"
# --more-projects: one more the user can scope to, and one it cannot (only /v3/projects knows it).
MORE_SCOPED = {
    ANALYTICS: {"id": ANALYTICS, "name": "analytics", "domain_id": "default", "enabled": True,
                "description": "data analytics", "is_domain": False, "parent_id": "default", "tags": []},
}
OTHER_PROJECTS = {}
EVIL_PROJECT = "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0"
MORE_OTHER = {
    PARTNER: {"id": PARTNER, "name": "partner", "domain_id": "default", "enabled": True,
              "description": "a partner institute", "is_domain": False, "parent_id": "default", "tags": []},
}
EVIL = "evil\x1b[2J\x1b]0;pwned\x07\u009b31m\u202eeman\x7f-name"
MAX_LIMIT = 1000


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(t))


class Cloud:
    """The fake's state; shared by the handler threads under a lock."""

    def __init__(self, opt):
        self.opt = opt
        self.lock = threading.Lock()
        self.tokens = {}
        self.stats = {"auth": 0, "auth_failed": 0, "nova": 0, "glance": 0, "keystone": 0,
                      "unauthorized": 0, "paths": []}
        self.nova_calls = 0
        self.servers = self.load_servers()
        self.images, self.members = self.load_images()
        self.huge = None

    def fixture(self, name):
        with open(os.path.join(self.opt.data, name), "rb") as f:
            return json.loads(f.read())

    def pages(self, prefix, key):
        out, n = [], 1
        while os.path.exists(os.path.join(self.opt.data, "%s%d.json" % (prefix, n))):
            out += self.fixture("%s%d.json" % (prefix, n))[key]
            n += 1
        return out

    def load_servers(self):
        if self.opt.servers is None:
            servers = self.pages("servers_page", "servers")
        else:
            servers = [self.gen_server(i) for i in range(self.opt.servers)]
        if self.opt.evil_name:
            s = self.gen_server(len(servers))
            s["name"] = EVIL
            s["status"] = "ERROR"
            s["fault"] = {"code": 500, "created": iso(time.time()), "message": "fault " + EVIL}
            servers.append(s)
        return servers

    def gen_server(self, i):
        sid = "00000000-0000-4000-8000-%012d" % i
        s = {"id": sid, "name": "node-%d" % i, "status": "ACTIVE", "tenant_id": BUILDERS,
             "user_id": USER_ID, "OS-EXT-STS:task_state": None, "OS-EXT-STS:vm_state": "active",
             "created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z",
             "flavor": {"original_name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20,
                        "ephemeral": 0, "swap": 0, "extra_specs": {}},
             "image": {"id": "8659b12e-a4ca-4269-bd79-094620d557af"}, "key_name": "fake-key",
             "addresses": {"vnet": [{"addr": "10.20.%d.%d" % (i // 250, i % 250 + 2), "version": 4,
                                     "OS-EXT-IPS:type": "fixed"}]},
             "metadata": {}, "tags": []}
        if i % 3 == 0:
            s["metadata"] = {"sparkdeck-cluster": "spark/fake",
                             "sparkdeck-role": "master" if i == 0 else "worker"}
            s["tags"] = ["sparkdeck"]
            s["addresses"]["vnet"].append({"addr": "172.24.4.%d" % (i % 250 + 2), "version": 4,
                                           "OS-EXT-IPS:type": "floating"})
        return s

    def load_images(self):
        members = {}
        if self.opt.images is None:
            images = self.pages("images_page", "images")
            for im in images:
                if im.get("visibility") == "shared":
                    members[(im["id"], TRAINING)] = "accepted"
        else:
            images = []
            for i in range(self.opt.images):
                iid = "11111111-0000-4000-8000-%012d" % i
                im = {"id": iid, "name": "image-%d" % i, "status": "active", "visibility": "private",
                      "owner": BUILDERS, "disk_format": "qcow2", "container_format": "bare",
                      "size": 1048576 * (i + 1), "created_at": "2026-01-01T00:00:00Z",
                      "updated_at": "2026-01-01T00:00:00Z", "tags": [], "min_disk": 0, "min_ram": 0}
                if i % 5 == 0:
                    im["visibility"] = "shared"
                    im["owner"] = "0123456789abcdef0123456789abcdef"
                    members[(iid, BUILDERS)] = ("pending", "accepted", "rejected")[(i // 5) % 3]
                if i % 7 == 0:
                    im["sparkdeck_recipe"] = "hail-base/1.%d.0" % i
                images.append(im)
        if self.opt.evil_name:
            images.append({"id": "22222222-0000-4000-8000-000000000000", "name": EVIL, "status": "active",
                           "visibility": "public", "owner": BUILDERS, "disk_format": "raw", "size": 1,
                           "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"})
        return images, members

    def catalog(self, base):
        urls = {"identity": base + "/v3", "compute": base + "/compute/v2.1", "image": base + "/image",
                "network": base + "/network"}
        return [{"type": t, "name": t, "id": t + "-id",
                 "endpoints": [{"id": "%s-%s" % (t, i), "interface": i, "region": "RegionOne",
                                "region_id": "RegionOne", "url": u}
                               for i in ("public", "internal", "admin")]}
                for t, u in urls.items()]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakecloud/1"

    # -- plumbing
    def log_message(self, fmt, *args):
        if self.server.cloud.opt.verbose:
            sys.stderr.write("fakecloud: %s\n" % (fmt % args))

    def send(self, status, body=b"", ctype="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Openstack-Request-Id", "req-" + secrets.token_hex(8))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    def send_chunked(self, status, body, ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for i in range(0, len(body), 65536):
                part = body[i:i + 65536]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def body_json(self):
        try:
            return json.loads(self.raw_body or b"{}")
        except ValueError:
            return None

    def base(self):
        return "%s://127.0.0.1:%d" % (self.server.scheme, self.server.server_address[1])

    def count(self, key):
        c = self.server.cloud
        with c.lock:
            c.stats[key] += 1
            return c.stats[key]

    # -- auth
    def check_token(self):
        """The token's project, or None after answering 401."""
        c = self.server.cloud
        tok = self.headers.get("X-Auth-Token")
        with c.lock:
            t = c.tokens.get(tok)
            ok = t is not None and not c.opt.revoke_all and t["expires"] > time.time()
            if ok and c.opt.revoke_after is not None:
                t["uses"] += 1
                ok = t["uses"] <= c.opt.revoke_after
        if not ok:
            self.count("unauthorized")
            self.send(401, {"error": {"code": 401, "title": "Unauthorized",
                                      "message": "The request you have made requires authentication."}})
            return None
        return t["project"]

    def auth_tokens(self):
        c = self.server.cloud
        req = self.body_json() or {}
        ident = req.get("auth", {}).get("identity", {})
        methods = ident.get("methods", [])
        project = BUILDERS
        ok = False
        if "password" in methods:
            user = ident.get("password", {}).get("user", {})
            ok = (user.get("name") == "demo" or user.get("id") == USER_ID) and \
                user.get("password") == c.opt.password
            scope = req.get("auth", {}).get("scope", {}).get("project")
            if scope:
                project = scope.get("id") or {p["name"]: i for i, p in PROJECTS.items()}.get(scope.get("name"))
                ok = ok and project in PROJECTS
        elif "application_credential" in methods:
            ac = ident.get("application_credential", {})
            ok = ac.get("id") == "appcred-id" and ac.get("secret") == c.opt.password
        if not ok:
            self.count("auth_failed")
            return self.send(401, c.fixture("error_keystone_401.json"))
        self.count("auth")
        tok = "fake-" + secrets.token_hex(16)
        now = time.time()
        with c.lock:
            c.tokens[tok] = {"project": project, "expires": now + c.opt.token_ttl, "uses": 0}
        p = PROJECTS[project]
        body = {"token": {"methods": methods, "expires_at": iso(now + c.opt.token_ttl), "issued_at": iso(now),
                          "audit_ids": [secrets.token_hex(8)], "is_domain": False,
                          "user": {"id": USER_ID, "name": "demo", "domain": {"id": "default", "name": "Default"},
                                   "password_expires_at": None},
                          "project": {"id": project, "name": p["name"],
                                      "domain": {"id": "default", "name": "Default"}},
                          "roles": [{"id": "r1", "name": "member"}, {"id": "r2", "name": "reader"}],
                          "catalog": c.catalog(self.base())}}
        self.send(201, body, headers={"X-Subject-Token": tok})

    # -- lists
    def page(self, items, query, key_fn=lambda x: x["id"]):
        """Slice items like Nova/Glance: (page, next marker or None); None after a 400."""
        c = self.server.cloud
        limit = min(int(query.get("limit", [MAX_LIMIT])[0]), c.opt.page_size, MAX_LIMIT)
        start = 0
        marker = query.get("marker", [None])[0]
        if marker is not None:
            ids = [key_fn(x) for x in items]
            if marker not in ids:
                self.send(400, {"badRequest": {"code": 400, "message": "marker [%s] not found" % marker}})
                return None, None
            start = ids.index(marker) + 1
        page = items[start:start + limit]
        nxt = key_fn(page[-1]) if len(page) == limit and page else None
        if nxt and c.opt.page_loop:
            nxt = key_fn(items[min(limit, len(items)) - 1])
        return page, nxt

    def nova(self, path, query):
        c = self.server.cloud
        self.count("nova")
        if self.check_token() is None:
            return
        with c.lock:
            c.nova_calls += 1
            n = c.nova_calls
        if c.opt.redirect:
            return self.send(302, "", headers={"Location": "http://elsewhere.invalid/"})
        if n <= c.opt.fail500:
            return self.send(500, {"computeFault": {"code": 500, "message": "Unexpected API Error (fake)."}})
        if n <= c.opt.fail500 + c.opt.fail503:
            ra = c.opt.retry_after
            if ra.startswith("date+"):
                ra = email.utils.formatdate(time.time() + float(ra[5:]), usegmt=True)
            return self.send(503, "<html><body><h1>503 Service Unavailable</h1>busy (fake)</body></html>",
                             ctype="text/html", headers={"Retry-After": ra})
        if path == "/compute/v2.1/servers/detail":
            if c.opt.huge_mb:
                if c.huge is None:
                    pad = "x" * (c.opt.huge_mb * 1024 * 1024)
                    c.huge = json.dumps({"servers": [dict(c.servers[0] if c.servers else {}, description=pad)]})
                if c.opt.chunked:
                    return self.send_chunked(200, c.huge.encode())
                return self.send(200, c.huge)
            page, nxt = self.page(c.servers, query)
            if page is None:
                return
            body = {"servers": page}
            if nxt:
                host = "http://nova.invalid:8774" if c.opt.foreign_links else self.base() + "/compute"
                q = {k: v[0] for k, v in query.items() if k != "marker"}
                q["marker"] = nxt
                body["servers_links"] = [{"rel": "next", "href": "%s/v2.1/servers/detail?%s" %
                                          (host, urllib.parse.urlencode(q))}]
            return self.send(200, body)
        if path.startswith("/compute/v2.1/servers/"):
            sid = path.rsplit("/", 1)[1]
            for s in c.servers:
                if s["id"] == sid:
                    return self.send(200, {"server": s})
            return self.send(404, c.fixture("error_nova_404.json"))
        return self.send(404, {"itemNotFound": {"code": 404, "message": "no such path (fake)"}})

    def glance(self, path, query):
        c = self.server.cloud
        self.count("glance")
        project = self.check_token()
        if project is None:
            return
        if path == "/image/v2/images":
            ms = query.get("member_status", ["accepted"])[0]
            # Unlike Glance, private images of other projects show too (tests/tui/project-switch
            # expects them); shared ones follow the member_status filter.
            visible = [im for im in c.images
                       if im.get("visibility") != "shared" or im.get("owner") == project or
                       c.members.get((im["id"], project)) in ((ms,) if ms != "all" else
                                                              ("pending", "accepted", "rejected"))]
            page, nxt = self.page(visible, query)
            if page is None:
                return
            q = {k: v[0] for k, v in query.items() if k != "marker"}
            body = {"images": page, "schema": "/v2/schemas/images",
                    "first": "/v2/images?" + urllib.parse.urlencode(q)}
            if nxt:
                q["marker"] = nxt
                body["next"] = "/v2/images?" + urllib.parse.urlencode(q)
            return self.send(200, body)
        parts = path.split("/")
        if len(parts) >= 5 and parts[3] == "images":
            with c.lock:
                return self.glance_image(project, parts[4], parts[5:])
        return self.send(404, c.fixture("error_glance_404.txt"))

    def member_body(self, iid, pid, st):
        return {"image_id": iid, "member_id": pid, "status": st, "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z", "schema": "/v2/schemas/member"}

    def glance_refuse(self, status, text):
        titles = {403: "403 Forbidden", 404: "404 Not Found", 409: "409 Conflict", 400: "400 Bad Request"}
        return self.send(status, "%s\n\n%s\n\n" % (titles[status], text), ctype="text/plain")

    def glance_image(self, project, iid, rest):
        """One image and its members (called under the lock), as Glance v2 answers them."""
        c = self.server.cloud
        im = next((x for x in c.images if x["id"] == iid), None)
        if im is None:
            return self.send(404, c.fixture("error_glance_404.txt"))
        owner = im.get("owner") == project
        verb = self.command
        if not rest:
            if verb == "GET":
                return self.send(200, im)
            if verb == "PATCH":
                if not owner:
                    return self.glance_refuse(403, "You are not permitted to modify this image.")
                ops = self.body_json()
                if not isinstance(ops, list):
                    return self.glance_refuse(400, "Invalid JSON patch.")
                for op in ops:
                    if op.get("op") in ("replace", "add") and op.get("path") == "/visibility":
                        if op.get("value") not in ("public", "private", "shared", "community"):
                            return self.glance_refuse(400, "Invalid visibility value.")
                        im["visibility"] = op["value"]
                return self.send(200, im)
            return self.send(405, "405 Method Not Allowed\n\n", ctype="text/plain")
        if rest[0] != "members" or len(rest) > 2:
            return self.send(404, c.fixture("error_glance_404.txt"))
        if len(rest) == 1:
            if verb == "GET":
                if owner:
                    ms = [self.member_body(iid, p, st) for (i, p), st in sorted(c.members.items()) if i == iid]
                elif (iid, project) in c.members:
                    ms = [self.member_body(iid, project, c.members[(iid, project)])]
                else:
                    return self.glance_refuse(404, "Image %s not found." % iid)
                return self.send(200, {"members": ms, "schema": "/v2/schemas/members"})
            if verb == "POST":
                if not owner:
                    return self.glance_refuse(403, "Only the image owner can add members.")
                if im.get("visibility") != "shared":
                    return self.glance_refuse(403, "Only shared images have members.")
                pid = (self.body_json() or {}).get("member")
                if not isinstance(pid, str) or not pid:
                    return self.glance_refuse(400, "Member to be added not specified")
                if (iid, pid) in c.members:
                    return self.glance_refuse(409, "Member %s already exists." % pid)
                c.members[(iid, pid)] = "pending"
                return self.send(200, self.member_body(iid, pid, "pending"))
            return self.send(405, "405 Method Not Allowed\n\n", ctype="text/plain")
        pid = rest[1]
        st = c.members.get((iid, pid))
        if st is None or (not owner and pid != project):
            return self.glance_refuse(404, "No member %s for image %s" % (pid, iid))
        if verb == "GET":
            return self.send(200, self.member_body(iid, pid, st))
        if verb == "DELETE":
            if not owner:
                return self.glance_refuse(403, "Only the image owner can remove members.")
            del c.members[(iid, pid)]
            return self.send(204, b"")
        if verb == "PUT":
            if pid != project:
                return self.glance_refuse(403, "Only the member can change its status.")
            new = (self.body_json() or {}).get("status")
            if new not in ("pending", "accepted", "rejected"):
                return self.glance_refuse(400, "Invalid status %s" % new)
            c.members[(iid, pid)] = new
            return self.send(200, self.member_body(iid, pid, new))
        return self.send(405, "405 Method Not Allowed\n\n", ctype="text/plain")

    # -- dispatch
    def route(self):
        c = self.server.cloud
        # Always drain the body: an unread one would corrupt the next request on a kept-alive connection.
        self.raw_body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        path = url.path.rstrip("/")
        if path == "/_fake/stats":
            with c.lock:
                return self.send(200, dict(c.stats))
        with c.lock:
            c.stats["paths"] = (c.stats["paths"] + [self.command + " " + self.path])[-200:]
        if c.opt.slow and path.startswith(("/compute/", "/image/")):
            time.sleep(c.opt.slow)
        if path == "/v3/auth/tokens" and self.command == "POST":
            self.count("keystone")
            return self.auth_tokens()
        if path == "/v3/auth/projects":
            self.count("keystone")
            if self.check_token() is None:
                return
            return self.send(200, {"projects": list(PROJECTS.values()),
                                   "links": {"self": self.base() + "/v3/auth/projects",
                                             "previous": None, "next": None}})
        if path == "/v3/projects" or path.startswith("/v3/projects/"):
            self.count("keystone")
            if self.check_token() is None:
                return
            known = dict(PROJECTS, **OTHER_PROJECTS)
            if path == "/v3/projects":
                name = query.get("name", [None])[0]
                return self.send(200, {"projects": [p for p in known.values() if name in (None, p["name"])],
                                       "links": {"self": self.base() + path, "previous": None, "next": None}})
            p = known.get(path.rsplit("/", 1)[1])
            if p is None:
                return self.send(404, {"error": {"code": 404, "title": "Not Found",
                                                 "message": "Could not find project."}})
            return self.send(200, {"project": p})
        if path.startswith("/compute/"):
            return self.nova(path, query)
        if path.startswith("/image/"):
            return self.glance(path, query)
        if path.startswith("/network/v2.0/"):
            if self.check_token() is None:
                return
            return self.send(200, {"networks": [], "networks_links": []})
        return self.send(404, {"error": {"code": 404, "title": "Not Found", "message": "no such path (fake)"}})

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_PATCH(self):
        self.route()

    def do_DELETE(self):
        self.route()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hangs up (a size cap, a timeout, a killed test) is expected here.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def write_clouds_yaml(path, port, password, scheme="http", cacert=None):
    entry = """  %s:
    auth_type: %s
    auth:
      auth_url: """ + scheme + """://127.0.0.1:%d/v3
%s    region_name: RegionOne
    interface: public
"""
    if cacert:
        entry += "    cacert: %s\n" % cacert
    pw = "      username: demo\n      password: %s\n      project_name: %s\n" \
         "      user_domain_name: Default\n      project_domain_name: Default\n"
    ac = "      application_credential_id: appcred-id\n      application_credential_secret: %s\n" % password
    text = "# written by tests/fakecloud/fakecloud.py\nclouds:\n" + \
        entry % ("fake", "password", port, pw % (password, "builders")) + \
        entry % ("fake-wrong", "password", port, pw % ("wrong-" + password, "builders")) + \
        entry % ("fake-training", "password", port, pw % (password, "training")) + \
        entry % ("fake-appcred", "v3applicationcredential", port, ac)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="fake Keystone + Nova + Glance for tests")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--data", default=os.path.join(here, "..", "unit", "data", "cloud"))
    ap.add_argument("--password", default="secret")
    ap.add_argument("--token-ttl", type=int, default=3600)
    ap.add_argument("--servers", type=int)
    ap.add_argument("--images", type=int)
    ap.add_argument("--page-size", type=int, default=MAX_LIMIT)
    ap.add_argument("--foreign-links", action="store_true")
    ap.add_argument("--page-loop", action="store_true")
    ap.add_argument("--evil-name", action="store_true")
    ap.add_argument("--huge", action="store_const", const=20, dest="huge_mb")
    ap.add_argument("--huge-mb", type=int, dest="huge_mb")
    ap.add_argument("--chunked", action="store_true")
    ap.add_argument("--fail500", type=int, default=0)
    ap.add_argument("--fail503", type=int, default=0)
    ap.add_argument("--retry-after", default="1")
    ap.add_argument("--revoke-after", type=int)
    ap.add_argument("--revoke-all", action="store_true")
    ap.add_argument("--redirect", action="store_true")
    ap.add_argument("--slow", type=float, default=0)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--cacert")
    ap.add_argument("--more-projects", action="store_true")
    ap.add_argument("--write-clouds-yaml")
    ap.add_argument("--verbose", action="store_true")
    opt = ap.parse_args()
    if opt.more_projects:
        PROJECTS.update(MORE_SCOPED)
        OTHER_PROJECTS.update(MORE_OTHER)
    if opt.evil_name:
        PROJECTS[EVIL_PROJECT] = {"id": EVIL_PROJECT, "name": EVIL, "domain_id": "default", "enabled": True,
                                  "description": "desc " + EVIL, "is_domain": False, "parent_id": "default",
                                  "tags": []}
    srv = Server(("127.0.0.1", opt.port), Handler)
    srv.cloud = Cloud(opt)
    srv.scheme = "http"
    if opt.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opt.tls[0], opt.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        srv.scheme = "https"
    port = srv.server_address[1]
    if opt.write_clouds_yaml:
        write_clouds_yaml(opt.write_clouds_yaml, port, opt.password, srv.scheme, opt.cacert)
    print("PORT %d" % port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
