#!/usr/bin/env python3
"""Engine benchmarks: the real deskops binary against wks-sim (a real process, HTTPS on loopback,
jobs finishing at once unless --jobs says otherwise). Prints figures and PASS/MISS against the
targets; it asserts nothing about time. bench/README.md has the latest figures.

  engine_bench.py engine [--desktops 10000 --users 10000 --groups 200 --pools 50
                          --policy-groups 50 --create 1000]
      Issue 5: a seeded tenant that matches the manifests; the no-op plan's API calls by operation
      against the lower bound (target: at most 1.25 times), mutating calls (target 0), wall time
      and deskops' peak RSS (target under 200 MB); then creating --create identical desktops:
      create calls (target: one per 50) and job polls.
  engine_bench.py scale [--sizes 1000,10000,50000]
      Issue 7: for each size (with proportional users, groups, pools and policy groups) a full
      create, a no-op plan and a 10% change, each with API calls against the lower bound, wall
      time, CPU time and peak RSS of deskops, then the curve.
  engine_bench.py smoke
      Both at a small size, checking the exact counts (CTest bench_engine_smoke).

Peak RSS and CPU time are the deskops process's own (wait4 rusage), not the simulator's.
"""
import argparse
import contextlib
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
sys.path.insert(0, HERE)  # before tests/integration, which has a tenant module of its own
import harness  # noqa: E402
import tenant  # noqa: E402

RATIO_TARGET = 1.25
RSS_TARGET_MB = 200
# What deskops reads beyond the bound in every observe. None since a kind with no manifest, nothing
# owned and no call in flight is not read at all (it used to list access policies and name policies,
# one call each, though no manifest named one). The smoke expects exactly the bound.
OBSERVE_OVERHEAD = {}


@dataclass
class Run:
    """One deskops command and what it cost."""
    label: str
    exit_code: int
    wall: float
    cpu: float
    rss_mb: float
    calls: dict = field(default_factory=dict)  # sim operation ID -> requests
    mutating: int = 0
    output: str = ""
    writes: dict = field(default_factory=dict)  # the mutating ones (not GET) by operation

    def total(self):
        return sum(self.calls.values())


def measure(deskops, sim, workdir, label, command, *args):
    """Runs one deskops command to completion; its rusage comes from wait4 on its own PID."""
    sim.reset_stats()
    base = os.path.join(workdir, label.replace(" ", "-"))
    with open(base + ".out", "w") as out, open(base + ".err", "w") as err:
        start = time.monotonic()
        proc = subprocess.Popen(deskops.args(command, *args), env=deskops.env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stats = sim.stats()
    calls = {op: n for op, n in stats["by_operation"].items() if op != "control"}
    writes = {}
    for r in stats["requests"]:
        if r["method"] != "GET" and r["operation"] != "control":
            writes[r["operation"]] = writes.get(r["operation"], 0) + r["count"]
    with open(base + ".out") as f:
        output = f.read()
    return Run(label, proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               calls, sum(writes.values()), output, writes)


def check(checks, name, result):
    """Records a check; `result` is a bool or (bool, what was seen), shown when it fails."""
    ok, seen = result if isinstance(result, tuple) else (result, "")
    checks.append((name if ok or not seen else f"{name} ({seen})", ok))


def exact_reads(run, bound):
    """Whether a no-op plan read exactly the bound plus deskops' known overhead, call for call."""
    want = {op: n for op, (n, _) in bound.items()}
    for op, n in OBSERVE_OVERHEAD.items():
        want[op] = want.get(op, 0) + n
    want = {op: n for op, n in want.items() if n}
    return run.calls == want, f"{run.label}: calls {dict(sorted(run.calls.items()))}, expected {want}"


def exact_writes(run, bound):
    """Whether every write the bound names was made exactly as often as it says, and no other."""
    want = {op: n for op, (n, _) in bound.items() if not is_read(op)}
    return run.writes == want, f"{run.label}: writes {dict(sorted(run.writes.items()))}, expected {want}"


def is_read(op):
    return op.split(".")[1].startswith(("list", "get"))


def verdict(ok):
    return "PASS" if ok else "MISS"


def print_run(run, bound, targets=False):
    """The calls by operation against the bound, then time and memory (and issue 5's targets for a
    no-op plan)."""
    lower = sum(n for n, _ in bound.values())
    print(f"\n{run.label}: deskops exit {run.exit_code}")
    print(f"  {'operation':30} {'deskops':>8} {'bound':>7}  bound from")
    for op in sorted(set(run.calls) | set(bound)):
        n, why = bound.get(op, (0, ""))
        print(f"  {op:30} {run.calls.get(op, 0):8} {n:7}  {why}")
    ratio = run.total() / lower
    target = f" (target <= {RATIO_TARGET}x: {verdict(ratio <= RATIO_TARGET)})" if targets else ""
    print(f"  {'total':30} {run.total():8} {lower:7}  ratio {ratio:.2f}x{target}")
    target = f" (target < {RSS_TARGET_MB} MB: {verdict(run.rss_mb < RSS_TARGET_MB)})" if targets else ""
    print(f"  mutating calls {run.mutating}; wall {run.wall:.2f} s; CPU {run.cpu:.2f} s; "
          f"peak RSS {run.rss_mb:.1f} MB{target}")
    return lower, ratio


def expect_exit(run, codes):
    if run.exit_code not in codes:
        tail = "\n".join(run.output.splitlines()[-30:])
        raise SystemExit(f"{run.label}: deskops exited {run.exit_code}; stdout ends:\n{tail}")


class Bench:
    """A simulator and a deskops with a private state directory, in a scratch directory."""

    def __init__(self, args, workdir):
        self.workdir = workdir
        self.sim = harness.Sim(os.path.join(args.bin, "wks-sim"), workdir, jobs=args.jobs)
        self.deskops = harness.Deskops(os.path.join(args.bin, "deskops"), self.sim, workdir)
        self.manifests = os.path.join(workdir, "manifests")
        # deskops' client-side rate limit (default 10 calls/s, burst 20) bounds the wall time of
        # long applies; --rate lifts it to measure deskops itself.
        self.flags = ["--rate", str(args.rate), "--burst", str(args.rate)] if args.rate else []

    def run(self, label, command):
        return measure(self.deskops, self.sim, self.workdir, label, command, self.manifests,
                       *self.flags)

    def raise_quotas(self):
        self.sim.control("PUT", "quotas", {t: 10 ** 9 for t in self.sim.control("GET", "quotas")})

    def stop(self):
        self.sim.stop()


@contextlib.contextmanager
def workdir(args, name):
    """A scratch directory, removed afterwards unless --keep names where to keep it."""
    if args.keep:
        path = os.path.join(args.keep, name)
        os.makedirs(path, exist_ok=True)
        yield path
    else:
        with tempfile.TemporaryDirectory(prefix=f"{name}-bench-") as path:
            yield path


def engine(args, checks):
    sizes = tenant.Sizes(args.desktops, args.users, args.groups, args.pools, args.policy_groups)
    print(f"engine benchmark: {sizes.describe()}; sim jobs {args.jobs}")
    with workdir(args, "engine") as work:
        b = Bench(args, work)
        try:
            start = time.monotonic()
            b.raise_quotas()
            tenant.seed(b.sim, sizes)
            print(f"seeded through /_sim/bulk in {time.monotonic() - start:.1f} s")
            variant = tenant.Variant(stopped_every=4)
            tenant.write_manifests(b.manifests, sizes, variant)
            # The tenant predates deskops: its first apply adopts every object (recording it in the
            # inventory and tagging each desktop as owned); the plans after that are the steady state.
            adopt = b.run("adopting apply", "apply")
            expect_exit(adopt, (0,))
            tags = adopt.calls.get("tags.batch_create", 0)
            print(f"\nadopting apply (once, before the measured plan): {adopt.total()} calls, "
                  f"{adopt.mutating} mutating ({tags} tags.batch_create for "
                  f"{sizes.desktops:,} ownership tags), wall {adopt.wall:.2f} s, "
                  f"peak RSS {adopt.rss_mb:.1f} MB")
            noop = b.run("no-op plan", "plan")
            expect_exit(noop, (0,))
            bound = tenant.observe_bound(sizes)
            print_run(noop, bound, targets=True)
            print(f"  mutating calls: {noop.mutating} (target 0: {verdict(noop.mutating == 0)})")
            check(checks, "no-op plan makes no mutating call", noop.mutating == 0)
            check(checks, "no-op plan reads the bound plus the known overhead, exactly",
                  exact_reads(noop, bound))
            if args.create:
                tenant.write_manifests(b.manifests, sizes, variant, extra_desktops=args.create)
                add = b.run(f"creating {args.create} identical desktops", "apply")
                expect_exit(add, (0,))
                bound = tenant.add_desktops_bound(sizes, args.create)
                print_run(add, bound)
                want = math.ceil(args.create / tenant.CREATES_PER_CALL)
                got = add.calls.get("desktops.create", 0)
                print(f"  desktops.create calls: {got} (target {want}: {verdict(got == want)}); "
                      f"job polls (jobs.get): {add.calls.get('jobs.get', 0)} with sim jobs {args.jobs}")
                check(checks, f"{args.create} identical desktops take {want} create calls", got == want)
                check(checks, "creating them writes nothing else", exact_writes(add, bound))
                if args.jobs == "immediate":
                    polls = add.calls.get("jobs.get", 0)
                    check(checks, "one job poll per create call with jobs finishing at once",
                          (polls == want, f"{polls} polls"))
        finally:
            b.stop()


def scale_one(args, n, checks):
    sizes = tenant.Sizes.proportional(n)
    print(f"\n=== scale {n:,}: {sizes.describe()}; sim jobs {args.jobs}")
    runs = []
    with workdir(args, f"scale-{n}") as work:
        b = Bench(args, work)
        try:
            b.raise_quotas()
            tenant.write_manifests(b.manifests, sizes, tenant.Variant(tags=True))
            create = b.run(f"full create {n}", "apply")
            expect_exit(create, (0,))
            bound = tenant.create_bound(sizes)
            runs.append(("full create", create, print_run(create, bound)))
            check(checks, f"full create at {n} writes each object once, in the fewest calls",
                  exact_writes(create, bound))
            noop = b.run(f"no-op plan {n}", "plan")
            expect_exit(noop, (0,))
            bound = tenant.observe_bound(sizes)
            runs.append(("no-op plan", noop, print_run(noop, bound, targets=True)))
            check(checks, f"no-op plan at {n} after a full create: no mutating call", noop.mutating == 0)
            check(checks, f"no-op plan at {n} reads the bound plus the known overhead, exactly",
                  exact_reads(noop, bound))
            tenant.write_manifests(b.manifests, sizes, tenant.Variant(tags=True, changed=True))
            change = b.run(f"10% change {n}", "apply")
            expect_exit(change, (0,))
            bound = tenant.change_bound(sizes)
            runs.append(("10% change", change, print_run(change, bound)))
            check(checks, f"10% change at {n} writes exactly the edits", exact_writes(change, bound))
        finally:
            b.stop()
    return runs


def scale(args, checks):
    curve = []
    for n in args.sizes:
        curve += [(n, *r) for r in scale_one(args, n, checks)]
    print("\nscale curve (deskops process; calls against the lower bound)")
    print(f"  {'desktops':>8}  {'scenario':12} {'calls':>7} {'bound':>7} {'ratio':>6} {'mutating':>8} "
          f"{'wall s':>7} {'CPU s':>7} {'peak MB':>8}")
    for n, name, run, (lower, ratio) in curve:
        print(f"  {n:8,}  {name:12} {run.total():7} {lower:7} {ratio:6.2f} "
              f"{run.mutating:8} {run.wall:7.2f} {run.cpu:7.2f} {run.rss_mb:8.1f}")


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, Python {platform.python_version()}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=os.path.join(HERE, "..", "build", "bin"),
                   help="directory holding deskops and wks-sim (default build/bin)")
    p.add_argument("--jobs", default="immediate", help="wks-sim --jobs mode (default immediate)")
    p.add_argument("--rate", type=int, help="deskops --rate and --burst (default: its own, 10 and 20)")
    p.add_argument("--keep", metavar="DIR",
                   help="keep the manifests, state, logs and outputs of every run under DIR")
    sub = p.add_subparsers(dest="what", required=True)
    e = sub.add_parser("engine")
    for name, default in (("desktops", 10000), ("users", 10000), ("groups", 200), ("pools", 50),
                          ("policy-groups", 50), ("create", 1000)):
        e.add_argument(f"--{name}", type=int, default=default)
    s = sub.add_parser("scale")
    s.add_argument("--sizes", default="1000,10000,50000",
                   type=lambda v: [int(x) for x in v.split(",")])
    sub.add_parser("smoke")
    args = p.parse_args()
    print(machine())
    print(f"deskops rate limit: {f'{args.rate}/s' if args.rate else 'its default (10 calls/s, burst 20)'}")
    checks = []
    if args.what in ("engine", "smoke"):
        if args.what == "smoke":
            args.desktops, args.users, args.groups, args.pools, args.policy_groups, args.create = (
                300, 300, 6, 2, 2, 100)
        engine(args, checks)
    if args.what in ("scale", "smoke"):
        if args.what == "smoke":
            args.sizes = [200]
        scale(args, checks)
    failed = [name for name, ok in checks if not ok]
    for name, ok in checks:
        print(f"check: {name}: {'ok' if ok else 'FAILED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
