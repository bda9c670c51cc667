#!/usr/bin/env python3
"""The no-op plan's cost with the state in etcd beside the state directory (issue 16), at each size
of --sizes (default 10000,50000 desktops with proportional users, groups, pools and policy groups).

For each size: wks-sim is seeded through /_sim/bulk, a first apply adopts the tenant with the state
directory (recording every object in the inventory), a no-op plan runs on that directory, the
state is copied into a real etcd (the Debian package's, started here on loopback) with
`deskops state migrate`, and the same no-op plan runs on etcd. Each plan's wall time, CPU time and
peak RSS are deskops' own (wait4 rusage); the etcd requests each made come from etcd's own
counters (/metrics, grpc_server_handled_total by method: the JSON gateway is a gRPC client of the
server), so they do not rely on deskops' word. Asserts what must not depend on the machine: both
plans exit 0, make the same API calls and no mutating call, and the one on etcd writes nothing to
etcd (no Txn, no Put, no lease). `smoke` runs it at 300 desktops (CTest bench_etcd_smoke).

  etcd_bench.py [--bin build/bin] [--rate N] [--keep DIR] run [--sizes 10000,50000]
  etcd_bench.py smoke
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
sys.path.insert(0, HERE)  # before tests/integration, which has a tenant module of its own
import engine_bench as eb  # noqa: E402
import tenant  # noqa: E402

PREFIX = "/deskops/bench/"
SKIP = 77


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Etcd:
    """One etcd member on loopback, in `workdir`."""

    def __init__(self, workdir):
        binary = shutil.which("etcd")
        if not binary:
            print("SKIPPED: etcd is not installed (scripts/install-deps installs etcd-server)")
            sys.exit(SKIP)
        self.url = f"http://127.0.0.1:{free_port()}"
        peer = f"http://127.0.0.1:{free_port()}"
        self.log = open(os.path.join(workdir, "etcd.log"), "w")
        self.proc = subprocess.Popen(
            [binary, "--name", "bench", "--data-dir", os.path.join(workdir, "etcd"),
             "--listen-client-urls", self.url, "--advertise-client-urls", self.url,
             "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
             "--initial-cluster", f"bench={peer}", "--quota-backend-bytes", str(8 << 30)],
            stdout=self.log, stderr=self.log)
        if not eb.harness.wait_until(self.healthy, timeout=60, step=0.2):
            raise SystemExit("etcd did not start")

    def healthy(self):
        try:
            return self.metrics() is not None
        except OSError:
            return False

    def metrics(self):
        with urllib.request.urlopen(self.url + "/metrics", timeout=10) as res:
            text = res.read().decode()
        handled = {}
        for m in re.finditer(r'^grpc_server_handled_total\{([^}]*)\} (\S+)$', text, re.M):
            method = re.search(r'grpc_method="([^"]+)"', m.group(1)).group(1)
            handled[method] = handled.get(method, 0) + int(float(m.group(2)))
        size = re.search(r"^etcd_mvcc_db_total_size_in_bytes (\S+)$", text, re.M)
        keys = re.search(r"^etcd_debugging_mvcc_keys_total (\S+)$", text, re.M)
        return {"handled": handled, "db_bytes": int(float(size.group(1))) if size else 0,
                "keys": int(float(keys.group(1))) if keys else 0}

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def requests_between(before, after):
    return {m: n - before["handled"].get(m, 0) for m, n in after["handled"].items()
            if n - before["handled"].get(m, 0)}


def one_size(args, n, checks):
    sizes = tenant.Sizes.proportional(n)
    print(f"\n=== {n:,}: {sizes.describe()}")
    with eb.workdir(args, f"etcd-{n}") as work:
        b = eb.Bench(args, work)
        etcd = None
        try:
            b.raise_quotas()
            tenant.seed(b.sim, sizes)
            tenant.write_manifests(b.manifests, sizes, tenant.Variant(stopped_every=4))
            adopt = b.run(f"adopting apply {n}", "apply")
            eb.expect_exit(adopt, (0,))
            local = b.run(f"no-op plan {n} state directory", "plan")
            eb.expect_exit(local, (0,))
            once = ["--once", "--admin-listen", "127.0.0.1:0"]
            local_pass = eb.measure(b.deskops, b.sim, work, f"no-op pass {n} state directory",
                                    "run", *once, b.manifests, *b.flags)
            eb.expect_exit(local_pass, (0,))
            etcd = Etcd(work)
            flags = ["--etcd-endpoints", etcd.url, "--etcd-prefix", PREFIX]
            start = time.monotonic()
            migrate = subprocess.run(
                [b.deskops.binary, "state", "migrate", "--from", b.deskops.state_dir, "--to-etcd",
                 *flags], env=b.deskops.env, capture_output=True, text=True, timeout=3600)
            took = time.monotonic() - start
            if migrate.returncode != 0:
                raise SystemExit(f"state migrate: {migrate.stderr}")
            print(f"state migrate into etcd: {took:.1f} s: {migrate.stdout.splitlines()[0]}")
            before = etcd.metrics()
            on_etcd = eb.measure(b.deskops, b.sim, work, f"no-op plan {n} etcd", "plan",
                                 b.manifests, *b.flags, *flags)
            after = etcd.metrics()
            eb.expect_exit(on_etcd, (0,))
            reqs = requests_between(before, after)
            etcd_pass = eb.measure(b.deskops, b.sim, work, f"no-op pass {n} etcd", "run", *once,
                                   b.manifests, *b.flags, *flags)
            pass_reqs = requests_between(after, etcd.metrics())
            eb.expect_exit(etcd_pass, (0,))
            writes = {m: c for m, c in reqs.items() if m not in ("Range",)}
            print(f"  etcd after the migrate: {after['keys']:,} keys, database "
                  f"{after['db_bytes'] / 1e6:.1f} MB")
            for label, run in (("state directory", local), ("etcd", on_etcd)):
                print(f"  no-op plan, {label:15}: {run.total()} API calls, {run.mutating} mutating; "
                      f"wall {run.wall:.2f} s; CPU {run.cpu:.2f} s; peak RSS {run.rss_mb:.1f} MB")
            print(f"  etcd requests of the plan on etcd: {reqs}")
            print(f"  etcd requests of a daemon's no-op pass (run --once: campaign, read, resign): "
                  f"{pass_reqs}")
            eb.check(checks, f"{n}: both plans make the same API calls, none mutating",
                     (local.calls == on_etcd.calls and local.mutating == on_etcd.mutating == 0,
                      f"{local.calls} vs {on_etcd.calls}"))
            eb.check(checks, f"{n}: the plan on etcd writes nothing to etcd", (not writes, writes))
            eb.check(checks, f"{n}: the plan on etcd reads it", (reqs.get("Range", 0) > 0, reqs))
            eb.check(checks, f"{n}: a no-op pass on etcd writes nothing but its leadership",
                     (set(pass_reqs) <= {"Range", "Txn", "LeaseGrant", "LeaseRevoke",
                                         "LeaseKeepAlive"} and pass_reqs.get("Txn", 0) <= 2
                      and etcd_pass.mutating == 0, pass_reqs))
            return [(n, "plan", "state directory", local, {}), (n, "plan", "etcd", on_etcd, reqs),
                    (n, "run --once", "state directory", local_pass, {}),
                    (n, "run --once", "etcd", etcd_pass, pass_reqs)]
        finally:
            if etcd:
                etcd.stop()
            b.stop()


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=os.path.join(HERE, "..", "build", "bin"))
    p.add_argument("--jobs", default="immediate")
    p.add_argument("--rate", type=int, help="deskops --rate and --burst (default: its own)")
    p.add_argument("--keep", metavar="DIR")
    sub = p.add_subparsers(dest="what", required=True)
    r = sub.add_parser("run")
    r.add_argument("--sizes", default="10000,50000", type=lambda v: [int(x) for x in v.split(",")])
    sub.add_parser("smoke")
    args = p.parse_args()
    if args.what == "smoke":
        args.sizes, args.rate = [300], args.rate or 1000
    print(eb.machine())
    checks, rows = [], []
    for n in args.sizes:
        rows += one_size(args, n, checks)
    print("\nno-op plan and no-op daemon pass: state directory against etcd (deskops process)")
    print(f"  {'desktops':>8}  {'command':10} {'state':16} {'API calls':>9} {'wall s':>7} "
          f"{'CPU s':>7} {'peak MB':>8}  etcd requests")
    for n, command, label, run, reqs in rows:
        print(f"  {n:8,}  {command:10} {label:16} {run.total():9} {run.wall:7.2f} "
              f"{run.cpu:7.2f} {run.rss_mb:8.1f}  {json.dumps(reqs) if reqs else '-'}")
    print()
    for name, ok in checks:
        print(f"  {eb.verdict(ok)}  {name}")
    sys.exit(0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    main()
