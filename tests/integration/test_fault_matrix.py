"""The fault matrix: the real deskops applies a generated tenant to the real wks-sim while the
simulator injects one kind of fault into a share of all API calls.

For each fault (429 with Retry-After, 500, 503, 409 WKS.00010032, answers slower than deskops'
--request-timeout, dropped connections, failing jobs) at 5% and 30% of calls, repeated
`deskops apply` runs must converge (exit 0, then a fault-free `deskops plan` shows no changes)
within RunBound() runs, and meanwhile:
  - no object exists twice (by name, per kind) and pool desktops are exactly the pools' sizes;
  - every desktop runs (ACTIVE), none left in ERROR by a failed job;
  - nothing is deleted: every object seen after one run is still there after the next (except a
    desktop a failed job left in ERROR, which deskops may replace), and the objects deskops does
    not manage (made behind its back before the first run) survive;
  - every failed run says why: each failure line names the API operation and the HTTP status and
    error code (or the transport failure), and the injected fault's own signature appears.
A second test holds a 429 storm (probability 1) over `deskops run` and measures deskops' request
rate before and during the storm from the simulator's request counter: it must fall, and the
tenant must converge once the storm ends.

Sizes: by default (CI) a small tenant; DESKOPS_FULL_FAULT_MATRIX=1 runs the 500-object tenant.
DESKOPS_FAULT_TENANT=N overrides the size, DESKOPS_FAULT_CELLS=http_500,drop_connection selects
fault kinds. Each cell prints one result line on stderr. Binaries: $DESKOPS, $WKS_SIM.
"""
import math
import os
import re
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fault_tenant as tenant  # noqa: E402
from harness import Deskops, Sim  # noqa: E402

DESKOPS = os.environ.get("DESKOPS", "build/bin/deskops")
WKS_SIM = os.environ.get("WKS_SIM", "build/bin/wks-sim")
FULL = os.environ.get("DESKOPS_FULL_FAULT_MATRIX") == "1"
TENANT_SIZE = int(os.environ.get("DESKOPS_FAULT_TENANT", "500" if FULL else "60"))
PROBABILITIES = (0.05, 0.30)
REQUEST_TIMEOUT = "1s"
SLOW_MS = 1500  # past REQUEST_TIMEOUT: every slow answer is a client-side deadline
# Longest chain of mutating calls that depend on each other's success (user -> group -> group
# members -> pool / policy group / access policy naming the group -> pool authorisation).
CHAIN_DEPTH = 4
# Fast client limits so the matrix measures faults, not the default 10 requests per second; no
# adoption by name, so that deskops must know what it created itself even when the answer to a
# create was lost (adopting would hide that).
CLIENT_FLAGS = ("--rate", "100", "--burst", "50", "--request-timeout", REQUEST_TIMEOUT,
                "--no-adopt")

# fault kind -> (rule, regex that a failed run's report must contain somewhere)
FAULTS = {
    "http_429": ({"kind": "http_429", "retry_after": 1}, r"HTTP 429 SIM\.0429"),
    "http_500": ({"kind": "http_500"}, r"HTTP 500 WKS\.0002"),
    "http_503": ({"kind": "http_503"}, r"HTTP 503 SIM\.0503"),
    "conflict_409": ({"kind": "conflict_409"}, r"HTTP 409 WKS\.00010032"),
    "slow": ({"kind": "delay_ms", "delay_ms": SLOW_MS}, r"deadline exceeded"),
    "drop_connection": ({"kind": "drop_connection"}, r"outcome unknown"),
    "job_failure": ({"kind": "job_failure"}, r"WKS\.0005"),
}
# What a failure line must name: an operation ID and a cause.
OPERATION = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
CAUSE = re.compile(r"HTTP \d{3}|WKS\.\d+|SIM\.\d+|deadline exceeded|outcome unknown|end of stream|"
                   r"connection|job [0-9a-f-]+ ")
# The most telling part of a cause, for grouping: status and code, else the transport failure.
CAUSE_KEY = re.compile(r"HTTP \d{3}(?: [A-Z]+\.\d+)?|WKS\.\d+|deadline exceeded|outcome unknown")


# deskops' summary of its calls: "123 API calls (45 mutating, 6 retries)".
RETRIES = re.compile(r"API calls \(\d+ mutating, (\d+) retries\)")
# A plan error: the object and what is wrong with it.
PLAN_ERROR = re.compile(r"^error: [A-Za-z]+/[^:]+: .+")
# An action not attempted because one it follows failed.
CONSEQUENCE = re.compile(r": (not attempted|skipped): .* failed$")


def run_bound(objects, p):
    """Runs within which the apply must converge. Every run retries every unfinished object, so an
    object's chain of CHAIN_DEPTH dependent calls is unfinished after CHAIN_DEPTH + k runs only if
    k of its calls failed; a call fails with probability at most p (retried faults far less), so
    by the union bound P(not converged) <= objects * CHAIN_DEPTH * p^k. k is chosen so that this
    is at most 1%."""
    k = math.ceil(math.log(objects * CHAIN_DEPTH / 0.01) / math.log(1 / p))
    return CHAIN_DEPTH + k


def names_by_kind(state):
    out = {}
    for kind, (collection, field) in tenant.SIM_COLLECTION.items():
        out[kind] = [o.get(field, "") for o in state.get(collection, [])]
    return out


def ids(state):
    return {(c, o["id"]) for c, _ in tenant.SIM_COLLECTION.values() for o in state.get(c, [])}


def failed_desktops(state):
    """Desktops a failed job left in ERROR: deskops may delete these to create them again."""
    return {("desktops", d["id"]) for d in state["desktops"] if d.get("status") == "ERROR"}


def failure_report(result):
    """The lines of one run's output that report failures: the failed actions on stdout, the
    command's own error on stderr (e.g. an observation that failed) and the plan's errors (an
    object whose state blocks it, on stdout)."""
    lines = [l for l in result.stdout.splitlines() if l.startswith(("  failed:", "error: "))]
    lines += [l for l in result.stderr.splitlines() if l.startswith("deskops apply:")]
    return lines


def causes(lines):
    """'; causes: users.batch_create HTTP 500 x3, ...': what the failure lines blamed, counted."""
    seen = {}
    for line in lines:
        op = OPERATION.search(line)
        cause = CAUSE_KEY.search(line) or CAUSE.search(line)
        if op and cause and not CONSEQUENCE.search(line):
            key = f"{op.group(0)} {cause.group(0).strip()}"
            seen[key] = seen.get(key, 0) + 1
    return "; causes: " + ", ".join(f"{k} x{n}" for k, n in sorted(seen.items())) if seen else ""


def seed_bystanders(sim):
    """Objects deskops does not manage; they must survive every run."""
    sim.control("POST", "objects/users", {"user_name": "bystander-user"})
    sim.control("POST", "objects/groups", {"name": "bystander-group"})
    sim.control("POST", "bulk/desktops", {"count": 3, "name_prefix": "bys"})


class FaultMatrixTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="deskops-faults-")
        self.dir = self.tmp.name
        self.manifests = os.path.join(self.dir, "manifests")
        self.tenant = tenant.write_tenant(self.manifests, TENANT_SIZE)
        self.sim = Sim(WKS_SIM, self.dir, jobs="immediate")
        self.deskops = Deskops(DESKOPS, self.sim, self.dir,
                               env={"DESKOPS_PASSWORD_ERIN": "Quick-Start-2026!"})

    def tearDown(self):
        self.sim.stop()
        self.tmp.cleanup()

    def apply(self):
        return self.deskops.run("apply", self.manifests, *CLIENT_FLAGS, "--wait", "60",
                                timeout=900)

    def check_tenant(self, state, bystanders):
        names = names_by_kind(state)
        for kind, wanted in self.tenant.names.items():
            for name in wanted:
                self.assertEqual(names[kind].count(name), 1, f"{kind}/{name} exists "
                                 f"{names[kind].count(name)} times")
        for kind, (collection, field) in tenant.SIM_COLLECTION.items():
            seen = [n for n in names[kind] if n]
            self.assertEqual(len(seen), len(set(seen)), f"duplicate {kind} names")
        pools = {p["id"]: p["name"] for p in state["pools"]}
        in_pools = [d for d in state["desktops"] if d.get("pool_id")]
        for pool_id, name in pools.items():
            count = sum(1 for d in in_pools if d["pool_id"] == pool_id)
            self.assertEqual(count, tenant.POOL_SIZE, f"pool {name} has {count} desktops")
        broken = [d["computer_name"] for d in state["desktops"] if d.get("status") != "ACTIVE"]
        self.assertFalse(broken, "desktops deskops manages are not running (ERROR after a failed "
                                 "job, still building, or stopped)")
        expected_desktops = (len(self.tenant.names["Desktop"]) + self.tenant.pool_desktops() +
                             len([b for b in bystanders if b[0] == "desktops"]))
        self.assertEqual(len(state["desktops"]), expected_desktops)
        present = ids(state)
        self.assertFalse(bystanders - present, "objects deskops does not manage were deleted")

    def run_cell(self, kind, p):
        rule, signature = FAULTS[kind]
        seed_bystanders(self.sim)
        bystanders = ids(self.sim.state())
        self.sim.control("PUT", "faults", {"seed": 7, "rules": [
            dict(rule, operation="*", probability=p)]})
        bound = run_bound(self.tenant.total(), p)
        started = time.monotonic()
        before, replaceable = bystanders, set()
        reports, runs, retries = [], 0, 0
        for runs in range(1, bound + 1):
            result = self.apply()
            state = self.sim.state()
            now = ids(state)
            gone = sorted(before - now - replaceable)
            self.assertFalse(gone, f"run {runs} deleted objects: {gone[:5]}")
            before, replaceable = now, failed_desktops(state) - bystanders
            retries += sum(int(n) for n in RETRIES.findall(result.stdout))
            if result.returncode == 0:
                break
            self.assertEqual(result.returncode, 1, result.stderr[-2000:])
            lines = failure_report(result)
            self.assertTrue(lines, f"run {runs} failed without saying why:\n{result.stdout[-3000:]}"
                                   f"\n{result.stderr[-3000:]}")
            for line in lines:
                if CONSEQUENCE.search(line):
                    continue  # names the failure it follows from, which has a line of its own
                if line.startswith("error: "):
                    self.assertRegex(line, PLAN_ERROR, "a plan error names its object")
                    continue
                self.assertRegex(line, OPERATION, f"no operation named: {line}")
                self.assertRegex(line, CAUSE, f"no cause given: {line}")
            self.assertFalse(all(CONSEQUENCE.search(l) for l in lines), "\n".join(lines))
            reports += lines
        elapsed = time.monotonic() - started
        fired = sum(r["fired"] for r in self.sim.control("GET", "faults")["rules"])
        requests = self.sim.api_calls()
        self.sim.control("DELETE", "faults")
        print(f"fault matrix: {kind} at {p:.0%} of calls, {self.tenant.total()} objects: "
              f"{'converged' if result.returncode == 0 else 'NOT converged'} in {runs} run(s) "
              f"(bound {bound}), {elapsed:.1f} s, {requests} requests, {fired} faults injected, "
              f"{retries} retries, {len(reports)} failures reported{causes(reports)}",
              file=sys.stderr, flush=True)
        self.assertEqual(result.returncode, 0,
                         f"not converged in {bound} runs; last run:\n{result.stdout[-4000:]}\n"
                         f"{result.stderr[-4000:]}")
        self.assertGreater(fired, 0, "the fault never fired")
        self.assertTrue(reports or retries, "the fault had no effect: nothing failed or retried")
        if reports:
            self.assertRegex("\n".join(reports), signature)
        plan = self.deskops.run("plan", self.manifests, *CLIENT_FLAGS)
        self.assertEqual(plan.returncode, 0, f"a fault-free plan still has changes:\n{plan.stdout}"
                                             f"\n{plan.stderr[-3000:]}")
        self.check_tenant(self.sim.state(), bystanders)


def selected_cells():
    wanted = os.environ.get("DESKOPS_FAULT_CELLS", "")
    kinds = [k for k in FAULTS if not wanted or k in wanted.split(",")]
    return [(k, p) for k in kinds for p in PROBABILITIES]


def make_cell_test(kind, p):
    def test(self):
        self.run_cell(kind, p)
    return test


for _kind, _p in selected_cells():
    setattr(FaultMatrixTest, f"test_{_kind}_at_{round(_p * 100)}_percent",
            make_cell_test(_kind, _p))


if __name__ == "__main__":
    unittest.main()
