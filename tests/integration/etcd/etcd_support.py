"""Shared set-up of the etcd tests: a real etcd (the Debian package's `etcd` 3.4) started on
loopback by the test, one member or a cluster of three, with helpers to stop and start members and
to read keys through etcd's own JSON gateway; and replicas of the real `deskops run` sharing one
prefix (daemon_support.Daemon) against a real wks-sim.

DESKOPS_ETCD_FULL=1 (scripts/prove) runs the long versions: the default lease TTL (15 s), more
desktops and more rounds. Without an `etcd` binary the tests exit 77 (skipped);
scripts/install-deps installs etcd-server.
"""
import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "daemon"))
sys.path.insert(0, os.path.dirname(HERE))
import daemon_support as ds  # noqa: E402
import harness  # noqa: E402
from tenant import SINGLETONS  # noqa: E402


def without_singletons(keys):
    """Object keys ("Kind/name") but the singletons': a singleton (the tenant's settings) is never
    created, and is owned only while deskops keeps records of what it applied to it."""
    return {k for k in keys if k.split("/", 1)[0] not in SINGLETONS}

FULL = os.environ.get("DESKOPS_ETCD_FULL") == "1"
# The leader's lease: short in CI so that takeovers take seconds; the default in the long runs.
TTL = 15 if FULL else 5
PREFIX = "/deskops/t1/"

DESKTOP = """\
---
apiVersion: deskops.io/v1alpha1
kind: Desktop
metadata:
  name: {name}
spec:
  availabilityZone: az3.manage.x86
  productId: workspace.c2.large.windows.2
  imageType: gold
  imageId: a866298d-67db-44b0-a1f1-9d09bdddc20f
  rootVolume: {{type: SAS, size: 80}}
  nics:
    - subnetId: 5dee0216-2260-47c2-9368-98a27d910e55
"""


def require_etcd():
    return ds.require_tool("etcd")


def b64(text):
    return base64.b64encode(text.encode()).decode()


def unb64(text):
    return base64.b64decode(text).decode()


def prefix_end(prefix):
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class Member:
    def __init__(self, workdir, name, client_port, peer_port):
        self.name = name
        self.client_url = f"http://127.0.0.1:{client_port}"
        self.peer_url = f"http://127.0.0.1:{peer_port}"
        self.data_dir = os.path.join(workdir, f"etcd-{name}")
        self.log_path = os.path.join(workdir, f"etcd-{name}.log")
        self.proc = None

    def running(self):
        return self.proc is not None and self.proc.poll() is None


class Etcd:
    """A single member or a cluster of `members`, each a real etcd process on loopback."""

    def __init__(self, workdir, members=1):
        self.binary = require_etcd()
        self.members = [Member(workdir, f"m{i}", ds.free_port(), ds.free_port())
                        for i in range(members)]
        self.cluster = ",".join(f"{m.name}={m.peer_url}" for m in self.members)
        self.token = f"deskops-test-{os.getpid()}-{time.monotonic_ns()}"
        for m in self.members:
            self.start(m)
        self.wait_healthy()

    @property
    def endpoints(self):
        return ",".join(m.client_url for m in self.members)

    def start(self, member):
        log = open(member.log_path, "a")
        member.proc = subprocess.Popen(
            [self.binary, "--name", member.name, "--data-dir", member.data_dir,
             "--listen-client-urls", member.client_url,
             "--advertise-client-urls", member.client_url,
             "--listen-peer-urls", member.peer_url,
             "--initial-advertise-peer-urls", member.peer_url,
             "--initial-cluster", self.cluster, "--initial-cluster-token", self.token,
             "--initial-cluster-state", "new"],
            stdout=log, stderr=log)
        log.close()

    def stop(self, member, sig=signal.SIGTERM):
        if member.running():
            member.proc.send_signal(sig)
            try:
                member.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                member.proc.kill()
                member.proc.wait()

    def stop_all(self):
        for m in self.members:
            self.stop(m)

    def start_all(self):
        for m in self.members:
            if not m.running():
                self.start(m)
        self.wait_healthy()

    def wait_healthy(self, timeout=60):
        def healthy():
            try:
                return all(self.post("/v3/kv/range", {"key": b64("health")}, member=m)
                           is not None for m in self.members if m.running())
            except (OSError, urllib.error.URLError, ValueError):
                return False
        if not harness.wait_until(healthy, timeout=timeout, step=0.2):
            raise AssertionError(f"etcd did not become healthy within {timeout}s")

    def post(self, path, body, member=None):
        members = [member] if member else [m for m in self.members if m.running()]
        last = None
        for m in members:
            req = urllib.request.Request(m.client_url + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=5) as res:
                    return json.loads(res.read().decode())
            except (OSError, urllib.error.URLError) as e:
                last = e
        raise last

    def raft_leader(self):
        """The member etcd's own Raft elected leader (the one whose loss forces an election)."""
        for m in self.members:
            if m.running():
                st = self.post("/v3/maintenance/status", {}, member=m)
                if st.get("leader") == st["header"]["member_id"]:
                    return m
        return None

    def get(self, key):
        kvs = self.post("/v3/kv/range", {"key": b64(key)}).get("kvs", [])
        return unb64(kvs[0].get("value", "")) if kvs else None

    def keys(self, prefix):
        """{key: value} under `prefix`."""
        res = self.post("/v3/kv/range", {"key": b64(prefix), "range_end": b64(prefix_end(prefix))})
        return {unb64(kv["key"]): unb64(kv.get("value", "")) for kv in res.get("kvs", [])}

    def revision(self):
        """The store's revision: it moves with every write, and only with writes."""
        return int(self.post("/v3/kv/range", {"key": b64("none")})["header"]["revision"])

    def leader(self, prefix=PREFIX):
        value = self.get(prefix + "leader")
        return json.loads(value) if value else None

    def owned(self, prefix=PREFIX):
        """{"Kind/name": object} of the inventory in etcd."""
        return {k[len(prefix + "inventory/"):]: json.loads(v)
                for k, v in self.keys(prefix + "inventory/").items()}

    def intents(self, prefix=PREFIX):
        return {k[len(prefix + "ledger/"):]: json.loads(v)
                for k, v in self.keys(prefix + "ledger/").items()}

    def close(self):
        self.stop_all()


def etcd_flags(etcd, prefix=PREFIX, ttl=TTL):
    return ["--etcd-endpoints", etcd.endpoints, "--etcd-prefix", prefix,
            "--etcd-lease-ttl", f"{ttl}s"]


def pid_in(text, daemon):
    return re.search(rf"\bpid {daemon.proc.pid}\b", text) is not None


def process_state(pid):
    """The kernel's state letter of a process (R, S, T when stopped...)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def mutating_requests(sim, after_ms=0):
    """Workspace API requests that change something, answered after `after_ms`."""
    return [r for r in sim.control("GET", "requests")["requests"]
            if r["method"] != "GET" and r["operation"] != "control" and r["at_ms"] > after_ms]


def now_ms():
    return int(time.time() * 1000)


def write_desktops(directory, names):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "desktops.yaml"), "w") as f:
        f.write("".join(DESKTOP.format(name=n) for n in names))


def leaders(daemons):
    """Those of `daemons` that lead (/status leader: true; ready comes after the first pass)."""
    return [d for d in daemons if d.proc.poll() is None and d.status()["leader"]]


class EtcdTestCase(ds.DaemonTestCase):
    """A fresh workdir, wks-sim and etcd (`members` of them) per test; replicas of deskops run."""
    members = 1

    def setUp(self):
        require_etcd()
        super().setUp()
        self.etcd = Etcd(self.workdir, self.members)

    def tearDown(self):
        self.etcd.close()
        super().tearDown()

    def replica(self, manifests, *args, name, env=None):
        """`deskops run` on the test's prefix, a leader or a standby."""
        if env:
            saved = self.deskops.env
            self.deskops.env = dict(saved, **env)
        try:
            return self.start(manifests, *etcd_flags(self.etcd), "--interval", "1h",
                              "--jitter-percent", "0", "--request-timeout", "5s", *args,
                              name=name)
        finally:
            if env:
                self.deskops.env = saved

    def cli(self, *args, env=None, timeout=120):
        """deskops with exactly these arguments (commands without the engine's flags)."""
        return subprocess.run([self.deskops.binary, *args], env=dict(self.deskops.env, **(env or {})),
                              capture_output=True, text=True, timeout=timeout)

    def state_flags(self, prefix=PREFIX):
        return ["--etcd-endpoints", self.etcd.endpoints, "--etcd-prefix", prefix]

    def one_leader(self, daemons, timeout=4 * TTL):
        """Waits until exactly one of `daemons` leads and the others are standbys."""
        found = []

        def settled():
            ready = leaders(daemons)
            standbys = [d for d in daemons if d.proc.poll() is None and
                        d.status().get("phase") == "standby"]
            if len(ready) == 1 and len(standbys) == len(daemons) - 1:
                found[:] = ready
                return True
            return False
        self.assertTrue(harness.wait_until(settled, timeout=timeout, step=0.25),
                        "\n".join(d.log_text()[-1500:] for d in daemons))
        return found[0]

    def assert_desktops_once(self, names):
        """Every desktop exists exactly once and each was created by exactly one request."""
        import collections
        counts = collections.Counter(ds.desktop_names(self.sim.state()))
        self.assertEqual([n for n, c in counts.items() if c > 1], [], "duplicate desktops")
        self.assertEqual(sorted(n for n in counts if n in set(names)), sorted(names))
        self.assertEqual(self.sim.calls_by_operation().get("desktops.create", 0), len(names),
                         "a desktop was requested twice")

