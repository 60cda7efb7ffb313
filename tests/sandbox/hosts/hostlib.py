#!/usr/bin/python3
"""SSH test hosts made of network namespaces: the sandbox's stand-ins for Nova servers.

Design (see README of tests/sandbox):
  * a tenant network = namespace sdk-net-<h> holding bridge br0;
  * a host = namespace sdk-host-<h>, `lo` up, one veth per port into its network's
    bridge carrying the port's fixed IP (a port on the external network goes into the
    root-namespace bridge SB_EXT_BRIDGE instead);
  * a floating IP = a veth from SB_EXT_BRIDGE into the host's namespace carrying it;
  * each host runs its own sshd as pid 1 of its own pid/uts/mount namespaces, with
    per-host bind mounts for /home/debian, /etc/hosts, /etc/hostname, /tmp, /var/tmp
    and /var/lib/cloud/instance.
No host gets a default route: nothing can leave the machine.

Used as a module by reconcile.py, and as a command for hand-made hosts:
  hostlib.py create ID --name NAME [--key PUBKEY_FILE]
  hostlib.py port ID PORT_ID (--net NET_ID | --external) --ip A.B.C.D/PFX [--mac MAC]
  hostlib.py fip ID A.B.C.D [--del]
  hostlib.py destroy ID | list | down-all
Stdlib only; run with Debian's /usr/bin/python3 as root.
"""

import argparse
import glob
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

STATE = os.environ.get("SPARKDECK_SANDBOX_STATE", "/var/lib/sparkdeck-sandbox")
HOSTS_DIR = os.path.join(STATE, "hosts")
PYSPARK_VENV = os.path.join(STATE, "pyspark")
JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64"
# The external network's bridge in the root namespace (lib/common.sh: SB_EXT_*).
EXT_BRIDGE = os.environ.get("SB_EXT_BRIDGE", "sdk-ex")
EXT_GW = os.environ.get("SB_EXT_GW", "172.24.4.1")
EXT_CIDR = os.environ.get("SB_EXT_CIDR", "172.24.4.0/24")
USER = "debian"
# Paths of the machine that every host sees replaced by a directory of its own.
BIND_DIRS = {"home": "/home/debian", "tmp": "/tmp", "vartmp": "/var/tmp",
             "cloud": "/var/lib/cloud/instance"}
BIND_FILES = {"etc/hosts": "/etc/hosts", "etc/hostname": "/etc/hostname"}


def short(text):
    """8 hex chars naming an object in interface/namespace names (15-char limit)."""
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def net_ns(net_id):
    return "sdk-net-" + short(net_id)


def host_ns(host_id):
    return "sdk-host-" + short(host_id)


def host_dir(host_id):
    # Server ids are UUIDs; anything else is reduced to a safe file name.
    return os.path.join(HOSTS_DIR, re.sub(r"[^A-Za-z0-9_.-]", "_", host_id))


def sanitize_hostname(name, fallback):
    h = re.sub(r"[^a-z0-9-]+", "-", (name or "").lower()).strip("-")[:63].strip("-")
    return h or fallback


def spark_home():
    found = sorted(glob.glob(os.path.join(PYSPARK_VENV, "lib/python3*/site-packages/pyspark")))
    return found[0] if found else os.path.join(PYSPARK_VENV, "spark-home-missing")


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- commands

def run(*args, check=True):
    """Run a short command (ip, ssh-keygen); never waits more than 10 s."""
    p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=10)
    if check and p.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(args), p.stderr.strip()))
    return p


def ip(*args, ns=None, check=True):
    return run("ip", *(["-n", ns] if ns else []), *args, check=check)


def netns_list():
    out = ip("netns", "list").stdout
    return {line.split()[0] for line in out.splitlines() if line.strip()}


def link_exists(name, ns=None):
    return ip("link", "show", "dev", name, ns=ns, check=False).returncode == 0


# ---------------------------------------------------------------- state

def read_state(host_id):
    try:
        with open(os.path.join(host_dir(host_id), "state.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def write_state(st):
    path = os.path.join(host_dir(st["id"]), "state.json")
    with open(path + ".new", "w") as f:
        json.dump(st, f, indent=1, sort_keys=True)
    os.replace(path + ".new", path)


def all_states():
    out = []
    for path in sorted(glob.glob(os.path.join(HOSTS_DIR, "*", "state.json"))):
        try:
            with open(path) as f:
                out.append(json.load(f))
        except (OSError, ValueError):
            pass
    return out


def console(st, *lines):
    """The host's console-ish log: what a serial console would have shown.

    Several lines go out in one write, so nothing else lands between them. The file is
    read by nova-compute (openstack/virt/sparkdeck_fake.py), which runs as root too.
    """
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    with open(os.path.join(host_dir(st["id"]), "console.log"), "a") as f:
        f.write("".join("[%s] %s\n" % (stamp, line) for line in lines))


def host_key_fingerprints(st):
    """`ssh-keygen -lf` lines of the host's public keys: "256 SHA256:... NAME (ED25519)"."""
    out = []
    for pub in sorted(glob.glob(os.path.join(host_dir(st["id"]), "ssh_host_*_key.pub"))):
        p = run("ssh-keygen", "-l", "-E", "sha256", "-f", pub, check=False)
        out += [line.strip() for line in p.stdout.splitlines()
                if p.returncode == 0 and " SHA256:" in line]
    return out


def console_host_keys(st):
    """The block cloud-init's keys-to-console module prints (through logger -t ec2), which
    a client reads with `openstack console log show` to pin the host key before its first
    SSH connection."""
    fps = host_key_fingerprints(st)
    if not fps:
        console(st, "ec2: no SSH host key found to print")
        return
    bar = "ec2: " + "#" * 61
    console(st, "ec2: ", bar, "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----",
            *["ec2: " + fp for fp in fps],
            "ec2: -----END SSH HOST KEY FINGERPRINTS-----", bar)


def pid_alive(pid):
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    # A zombie is not alive; it only waits for its parent.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def sshd_listening(pid):
    """True when the namespace of `pid` has a socket listening on port 22."""
    for name in ("tcp", "tcp6"):
        try:
            with open("/proc/%d/net/%s" % (pid, name)) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[1].endswith(":0016") and fields[3] == "0A":
                        return True
        except (OSError, StopIteration):
            pass
    return False


# ---------------------------------------------------------------- networks

def ensure_network(net_id):
    """The namespace holding a tenant network's bridge; made on first use."""
    ns = net_ns(net_id)
    if ns not in netns_list():
        ip("netns", "add", ns)
        ip("link", "set", "lo", "up", ns=ns)
    if not link_exists("br0", ns=ns):
        ip("link", "add", "br0", "type", "bridge", ns=ns)
        ip("link", "set", "br0", "up", ns=ns)
    return ns


def ensure_ext_bridge():
    """hosts/up makes it; made here too, so a host never waits on a missing bridge."""
    if not link_exists(EXT_BRIDGE):
        ip("link", "add", EXT_BRIDGE, "type", "bridge")
    gw = "%s/%s" % (EXT_GW, EXT_CIDR.split("/")[1])
    if ("inet %s " % gw) not in ip("-o", "addr", "show", "dev", EXT_BRIDGE).stdout:
        ip("addr", "add", gw, "dev", EXT_BRIDGE)
    ip("link", "set", EXT_BRIDGE, "up")


def networks_in_use():
    nets = set()
    for st in all_states():
        for p in st.get("ports", {}).values():
            if p.get("net") and not p.get("external"):
                nets.add(net_ns(p["net"]))
    return nets


def gc_networks():
    """Delete network namespaces that no host's port uses any more."""
    used = networks_in_use()
    for ns in netns_list():
        if ns.startswith("sdk-net-") and ns not in used:
            kill_netns_procs(ns)
            ip("netns", "del", ns, check=False)


# ---------------------------------------------------------------- hosts

def sshd_config(d, st):
    sh = spark_home()
    path = ":".join([sh + "/bin", sh + "/sbin", "/usr/local/bin", "/usr/bin", "/bin"])
    env = {
        "PATH": path, "SPARK_HOME": sh, "JAVA_HOME": JAVA_HOME,
        "PYSPARK_PYTHON": PYSPARK_VENV + "/bin/python",
        # The venv is read-only for debian: Spark's default log/work dirs would be too.
        "SPARK_LOG_DIR": "/home/debian/spark/logs", "SPARK_WORKER_DIR": "/home/debian/spark/work",
    }
    return "\n".join([
        "# sshd of sandbox host %s (%s); written by hostlib.py" % (st["hostname"], st["id"]),
        "Port 22",
        "ListenAddress 0.0.0.0",
        "HostKey %s/ssh_host_ed25519_key" % d,
        # sshd runs as pid 1 of the host's pid namespace, so a pid file would say 1:
        # the launcher's pid outside the namespace (state.json "pid") is what counts.
        "PidFile none",
        "UsePAM no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "AuthorizedKeysFile .ssh/authorized_keys",
        "PermitRootLogin no",
        "AllowUsers %s" % USER,
        "AllowTcpForwarding yes",
        "X11Forwarding no",
        "PrintMotd no",
        "UseDNS no",
        "MaxStartups 50:30:100",
        "Subsystem sftp /usr/lib/openssh/sftp-server",
        "SetEnv " + " ".join("%s=%s" % kv for kv in env.items()),
        "",
    ])


def write_etc_hosts(st):
    lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"]
    fixed = [p["ip"] for p in sorted(st.get("ports", {}).values(), key=lambda p: p["ifname"])]
    lines.append("%s\t%s" % (fixed[0] if fixed else "127.0.1.1", st["hostname"]))
    # Written in place: the host sees this file through a bind mount of its inode.
    with open(os.path.join(host_dir(st["id"]), "etc/hosts"), "w") as f:
        f.write("\n".join(lines) + "\n")


def make_host_dir(st, pubkey):
    """The host's disk: home from /etc/skel, authorized_keys, host key, sshd config."""
    d = host_dir(st["id"])
    pw = pwd.getpwnam(USER)
    fresh = not os.path.isdir(os.path.join(d, "home"))
    for sub in ("home", "tmp", "vartmp", "cloud", "etc"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    # Root only: every host sees the machine's /var/lib, but not the other hosts' disks.
    os.chmod(d, 0o700)
    os.chmod(os.path.join(d, "tmp"), 0o1777)
    os.chmod(os.path.join(d, "vartmp"), 0o1777)
    if fresh:
        home = os.path.join(d, "home")
        shutil.copytree("/etc/skel", home, dirs_exist_ok=True)
        with open(os.path.join(home, ".profile"), "a") as f:
            # A login shell's /etc/profile resets PATH; keep Spark's tools on it.
            f.write('\nPATH="$SPARK_HOME/bin:$SPARK_HOME/sbin:$PATH"\n')
        os.makedirs(os.path.join(home, ".ssh"), mode=0o700, exist_ok=True)
        with open(os.path.join(home, ".ssh/authorized_keys"), "w") as f:
            f.write(pubkey.strip() + "\n" if pubkey and pubkey.strip() else "")
        os.chmod(os.path.join(home, ".ssh/authorized_keys"), 0o600)
        for root, dirs, files in os.walk(home):
            for n in dirs + files:
                os.lchown(os.path.join(root, n), pw.pw_uid, pw.pw_gid)
        os.chown(home, pw.pw_uid, pw.pw_gid)
        os.chmod(home, 0o755)
    key = os.path.join(d, "ssh_host_ed25519_key")
    if not os.path.exists(key):
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", st["hostname"], "-f", key)
    with open(os.path.join(d, "sshd_config"), "w") as f:
        f.write(sshd_config(d, st))
    with open(os.path.join(d, "etc/hostname"), "w") as f:
        f.write(st["hostname"] + "\n")
    write_etc_hosts(st)


# Runs inside the host's namespaces as their pid 1: private views, then sshd.
BOOT_SCRIPT = r"""
d=$1
hostname "$2"
mount --bind "$d/home" /home/debian
mount --bind "$d/tmp" /tmp
mount --bind "$d/vartmp" /var/tmp
mount --bind "$d/cloud" /var/lib/cloud/instance
mount --bind "$d/etc/hosts" /etc/hosts
mount --bind "$d/etc/hostname" /etc/hostname
exec /usr/sbin/sshd -D -f "$d/sshd_config" -E "$d/sshd.log"
"""

_children = {}  # host id -> Popen of its launcher, so the daemon can reap it


def start_sshd(st):
    """Start the host's sshd as pid 1 of new pid/uts/mount namespaces in its netns.

    A pid namespace makes "delete the server" exact: killing its pid 1 kills every
    process started over SSH (Spark daemons included), wherever it was reparented.
    """
    d = host_dir(st["id"])
    with open(os.path.join(d, "console.log"), "a") as out:
        p = subprocess.Popen(
            ["ip", "netns", "exec", st["ns"], "unshare", "--uts", "--mount",
             "--propagation", "private", "--pid", "--fork", "--kill-child=SIGKILL",
             "--mount-proc", "sh", "-ec", BOOT_SCRIPT, "boot", d, st["hostname"]],
            stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True,
            close_fds=True)
    _children[st["id"]] = p
    st["pid"] = p.pid


def reap_children():
    for hid, p in list(_children.items()):
        if p.poll() is not None:
            del _children[hid]


def create_host(host_id, name, pubkey="", hostname=None):
    """A booted host with no ports yet: namespace, disk, sshd. Returns its state."""
    for ms in BIND_DIRS.values():
        os.makedirs(ms, exist_ok=True)
    os.makedirs("/run/sshd", exist_ok=True)
    st = read_state(host_id) or {}
    st.update({"id": host_id, "name": name, "ns": host_ns(host_id),
               "hostname": hostname or sanitize_hostname(name, "host-" + short(host_id)),
               "ports": {}, "fips": {}, "ready": False, "started": time.time()})
    os.makedirs(host_dir(host_id), exist_ok=True)
    make_host_dir(st, pubkey)
    if st["ns"] in netns_list():
        stop_host(host_id, quiet=True)
    ip("netns", "add", st["ns"])
    ip("link", "set", "lo", "up", ns=st["ns"])
    # Gratuitous ARP when an interface comes up, so neighbours learn a reused address.
    run("ip", "netns", "exec", st["ns"], "sysctl", "-qw", "net.ipv4.conf.default.arp_notify=1",
        "net.ipv4.conf.all.arp_notify=1")
    console(st, "sandbox host %s (%s) booting" % (st["hostname"], host_id))
    start_sshd(st)
    write_state(st)
    return st


def check_ready(st, wait=0.0):
    """Once sshd listens the host counts as booted: write cloud-init's boot-finished."""
    deadline = time.time() + wait
    while True:
        if st.get("pid") and sshd_listening(st["pid"]):
            break
        if time.time() >= deadline:
            return False
        time.sleep(0.01)
    if not st.get("ready"):
        d = host_dir(st["id"])
        up = time.time() - st.get("started", time.time())
        # As on a cloud-init image: the host keys' fingerprints, then "finished"; the
        # block is there before boot-finished, so whoever sees that can pin the key.
        console_host_keys(st)
        with open(os.path.join(d, "cloud/boot-finished"), "w") as f:
            f.write("%.2f - %s - sandbox host\n" % (up, time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())))
        console(st, "Cloud-init v. sandbox finished. Up %.2f seconds" % up)
        st["ready"] = True
        write_state(st)
    return True


def free_ifname(st, prefix):
    used = {p["ifname"] for p in st.get("ports", {}).values()}
    used |= {f["ifname"] for f in st.get("fips", {}).values()}
    n = 0
    while "%s%d" % (prefix, n) in used:
        n += 1
    return "%s%d" % (prefix, n)


def drop_orphan_link(st, ifname):
    """An interface left by a half-done earlier attempt would block the name forever."""
    if link_exists(ifname, ns=st["ns"]):
        ip("link", "del", ifname, ns=st["ns"], check=False)


def add_port(st, port_id, net_id, addr, prefix, mac=None, external=False):
    """One veth per port: ethN in the host, its peer on the network's bridge."""
    ifname = free_ifname(st, "eth")
    drop_orphan_link(st, ifname)
    mac_args = ["address", mac] if mac else []
    if external:
        ensure_ext_bridge()
        # Root-namespace names are per host: a port or address may move between hosts.
        peer, peer_ns, bridge = "sdkp" + short(st["id"] + port_id), None, EXT_BRIDGE
        if link_exists(peer):
            ip("link", "del", peer)
        ip("link", "add", ifname, "netns", st["ns"], *mac_args, "type", "veth",
           "peer", "name", peer)
    else:
        peer, peer_ns, bridge = "p" + short(port_id), ensure_network(net_id), "br0"
        if link_exists(peer, ns=peer_ns):
            ip("link", "del", peer, ns=peer_ns)
        ip("link", "add", ifname, "netns", st["ns"], *mac_args, "type", "veth",
           "peer", "name", peer, "netns", peer_ns)
    ip("link", "set", peer, "master", bridge, "up", ns=peer_ns)
    ip("addr", "add", "%s/%d" % (addr, prefix), "dev", ifname, ns=st["ns"])
    ip("link", "set", ifname, "up", ns=st["ns"])
    if external:
        forget_neighbour(addr)
    st["ports"][port_id] = {"net": net_id, "ip": addr, "prefix": prefix, "mac": mac,
                            "ifname": ifname, "peer": peer, "external": external}
    write_etc_hosts(st)
    write_state(st)


def del_port(st, port_id):
    p = st["ports"].pop(port_id, None)
    if p:
        ip("link", "del", p["ifname"], ns=st["ns"], check=False)
        write_etc_hosts(st)
        write_state(st)


def add_fip(st, addr, prefix=24):
    """A floating IP: a veth from the root-namespace external bridge into the host."""
    ifname, peer = free_ifname(st, "fip"), "sdkf" + short(st["id"] + addr)
    drop_orphan_link(st, ifname)
    ensure_ext_bridge()
    if link_exists(peer):
        ip("link", "del", peer)
    ip("link", "add", ifname, "netns", st["ns"], "type", "veth", "peer", "name", peer)
    ip("link", "set", peer, "master", EXT_BRIDGE, "up")
    ip("addr", "add", "%s/%d" % (addr, prefix), "dev", ifname, ns=st["ns"])
    ip("link", "set", ifname, "up", ns=st["ns"])
    forget_neighbour(addr)
    st["fips"][addr] = {"ifname": ifname, "peer": peer, "prefix": prefix}
    write_state(st)


def forget_neighbour(addr):
    """The console's ARP entry for an address that just moved to another host."""
    ip("neigh", "del", addr, "dev", EXT_BRIDGE, check=False)


def del_fip(st, addr):
    f = st["fips"].pop(addr, None)
    if f:
        ip("link", "del", f["ifname"], ns=st["ns"], check=False)
        ip("link", "del", f["peer"], check=False)
        write_state(st)


def netns_pids(ns):
    out = ip("netns", "pids", ns, check=False).stdout
    return [int(x) for x in out.split() if x.isdigit()]


def kill_netns_procs(ns):
    """SIGKILL every process in the namespace until none is left (at most ~3 s)."""
    for _ in range(300):
        pids = netns_pids(ns)
        if not pids:
            return True
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        reap_children()
        time.sleep(0.01)
    return False


def stop_host(host_id, quiet=False):
    """Power off: every process of the host dies, its namespace and veths go; disk stays."""
    st = read_state(host_id) or {"id": host_id, "ns": host_ns(host_id), "ports": {}, "fips": {}}
    if st.get("pid") and pid_alive(st["pid"]):
        try:
            os.kill(st["pid"], signal.SIGKILL)  # --kill-child takes the namespace's pid 1 along
        except OSError:
            pass
    ns = st.get("ns") or host_ns(host_id)
    if ns in netns_list():
        kill_netns_procs(ns)
        ip("netns", "del", ns, check=False)
    reap_children()
    # The peers usually vanish with the namespace; be explicit for those in the root one.
    for p in st.get("ports", {}).values():
        if p.get("external"):
            ip("link", "del", p["peer"], check=False)
    for f in st.get("fips", {}).values():
        ip("link", "del", f["peer"], check=False)
    if os.path.isdir(host_dir(host_id)) and "hostname" in st:
        st.update({"ports": {}, "fips": {}, "ready": False, "pid": None})
        write_state(st)
        if not quiet:
            console(st, "sandbox host powered off")


def destroy_host(host_id):
    """Delete: stop the host and remove its disk."""
    stop_host(host_id, quiet=True)
    shutil.rmtree(host_dir(host_id), ignore_errors=True)
    gc_networks()


def host_running(st, namespaces=None):
    if namespaces is None:
        namespaces = netns_list()
    return bool(st.get("pid")) and pid_alive(st["pid"]) and st.get("ns") in namespaces


def down_all():
    """Remove every host and network the sandbox made, whatever the state files say."""
    for st in all_states():
        destroy_host(st["id"])
    for ns in netns_list():
        if ns.startswith("sdk-host-") or ns.startswith("sdk-net-"):
            kill_netns_procs(ns)
            ip("netns", "del", ns, check=False)
    out = ip("-o", "link", "show").stdout
    for m in re.finditer(r"^\d+: (sdk[pf][0-9a-f]{8})[@:]", out, re.M):
        ip("link", "del", m.group(1), check=False)
    shutil.rmtree(HOSTS_DIR, ignore_errors=True)
    os.makedirs(HOSTS_DIR, exist_ok=True)


def status_line(st):
    """`host:NAME  PID  STATE  id, addresses, sshd` in the columns of tests/sandbox/status."""
    addrs = [p["ip"] for p in st.get("ports", {}).values()] + list(st.get("fips", {}))
    if host_running(st):
        state, sshd = ("ok", "sshd ok") if sshd_listening(st["pid"]) else ("down", "sshd down")
    else:
        state, sshd = ("off", "powered off") if st.get("managed") else ("down", "sshd down")
    return "%-16s %-8s %-5s %s %s %s" % ("host:" + st.get("name", "?"), st.get("pid") or "-", state,
                                         st["id"], ",".join(addrs) or "-", sshd)


# ---------------------------------------------------------------- command line

def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("create")
    c.add_argument("id")
    c.add_argument("--name", required=True)
    c.add_argument("--key", help="file with the public key for debian's authorized_keys")
    c = sub.add_parser("port")
    c.add_argument("id")
    c.add_argument("port_id")
    g = c.add_mutually_exclusive_group(required=True)
    g.add_argument("--net")
    g.add_argument("--external", action="store_true")
    c.add_argument("--ip", required=True, help="A.B.C.D/PREFIX")
    c.add_argument("--mac")
    c = sub.add_parser("fip")
    c.add_argument("id")
    c.add_argument("addr")
    c.add_argument("--prefix", type=int, default=24)
    c.add_argument("--del", dest="delete", action="store_true")
    c = sub.add_parser("destroy")
    c.add_argument("id")
    sub.add_parser("list")
    sub.add_parser("down-all")
    a = ap.parse_args(argv)

    if a.cmd == "create":
        key = open(a.key).read() if a.key else ""
        st = create_host(a.id, a.name, key)
        t0 = time.time()
        if not check_ready(st, wait=5):
            sys.exit("sshd of %s did not start; see %s/console.log" % (a.id, host_dir(a.id)))
        print("%s %s ready in %.0f ms" % (a.id, st["ns"], (time.time() - t0) * 1000))
        return
    if a.cmd in ("list", "down-all"):
        if a.cmd == "down-all":
            down_all()
        for st in all_states():
            print(status_line(st))
        return
    st = read_state(a.id)
    if not st:
        sys.exit("no host " + a.id)
    if a.cmd == "port":
        addr, pfx = a.ip.split("/")
        add_port(st, a.port_id, a.net, addr, int(pfx), a.mac, a.external)
    elif a.cmd == "fip":
        del_fip(st, a.addr) if a.delete else add_fip(st, a.addr, a.prefix)
    elif a.cmd == "destroy":
        destroy_host(a.id)


if __name__ == "__main__":
    main(sys.argv[1:])
