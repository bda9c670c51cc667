"""Crash safety: deskops apply killed with SIGKILL at random moments and restarted, against a real
wks-sim whose jobs take time (issue 5 "Shown by", issue 7 item 2).

The kill moments come from a seeded generator: the seed is printed, and DESKOPS_CRASH_SEED replays
a run. DESKOPS_CRASH_POINTS sets how many kills each test makes (CI: a few; the full run asks for
at least 50). What is checked after the restarts:
  - the tenant matches the manifests, with no duplicate object and nothing extra;
  - no create was ever sent twice for one object: every create the simulator answered was
    accepted, and the createDesktops jobs carry exactly one sub-job per desktop;
  - the inventory still owns every managed object (so that later prunes still delete them) and
    the ledger has no call left open;
  - a plan afterwards has no changes.
"""
import os
import random
import subprocess
import sys
import time
import unittest

from tenant import (SINGLETONS, TenantCase, desktop_doc, doc, duplicates, inventory, live,
                    mismatches, names, unfinished_intents, write_docs)

SEED = int(os.environ.get("DESKOPS_CRASH_SEED", random.SystemRandom().randrange(1 << 31)))
POINTS = int(os.environ.get("DESKOPS_CRASH_POINTS", "6"))
# Everything these tests delete is theirs: no deletion budget.
PRUNE = ("--prune", "--max-deletions", "-1", "--max-deletion-percent", "-1")
# A kill between writing a create's intent and sending it (the rate limiter may hold the call)
# leaves an intent the simulator never saw: a restarted deskops waits this long for the object to
# appear before it creates it (default 10 minutes, for a real API's slower listings).
GRACE = ("--pending-create-grace", "3s")


def report(text):
    print(text, file=sys.stderr, flush=True)


class CrashCase(TenantCase):
    jobs = "seconds:2"  # jobs outlive many kill moments
    max_delay = 3.0     # seconds from start to kill, drawn uniformly

    def setUp(self):
        super().setUp()
        self.rng = random.Random(f"{SEED}/{self.id()}")
        self.kills = self.runs = 0
        self.checked_jobs = set()
        self.logs = os.path.join(self.tmp, "runs")
        os.mkdir(self.logs)
        self.started = time.monotonic()
        report(f"{self.id()}: DESKOPS_CRASH_SEED={SEED} DESKOPS_CRASH_POINTS={POINTS}")

    def apply_once(self, args, delay):
        """Starts deskops apply; SIGKILLs it after `delay` seconds unless it ended by then.
        Returns the exit code, or None when it was killed."""
        self.runs += 1
        with open(os.path.join(self.logs, f"{self.runs:03d}.out"), "w") as out, \
                open(os.path.join(self.logs, f"{self.runs:03d}.err"), "w") as err:
            proc = subprocess.Popen(self.deskops.args("apply", *args, *GRACE),
                                    env=self.deskops.env, stdout=out, stderr=err)
            try:
                return proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                self.kills += 1
                return None

    def output_of(self, run):
        """What a run said that matters: its errors, failures and summaries, and its warnings."""
        keep = ("error", "failed", "HELD", "Apply", "Converged", "Not converged", "deskops")
        with open(os.path.join(self.logs, f"{run:03d}.out")) as f:
            out = [line for line in f if line.lstrip().startswith(keep)]
        with open(os.path.join(self.logs, f"{run:03d}.err")) as f:
            err = [line for line in f if '"level":"info"' not in line]
        return "".join(out[-80:] + err[-20:])

    def apply_with_kills(self, args, kills, finish=lambda: None):
        """Applies killed at random moments until `kills` were killed or one ended by itself
        (converged: later kills would only hit applies with nothing to do), then, after
        `finish()`, one left to end. Returns how many were killed."""
        start = self.kills
        while self.kills < start + kills:
            code = self.apply_once(args, self.rng.uniform(0.02, self.max_delay))
            if code == 0:
                break
            if code is not None:
                self.fail(f"apply failed (run {self.runs}):\n{self.output_of(self.runs)}")
        finish()
        code = self.apply_once(args, 600)
        self.assertEqual(code, 0, f"the apply after the kills:\n{self.output_of(self.runs)}")
        return self.kills - start

    def assert_converged(self, docs, extra_args=()):
        state = self.sim.state()
        self.assertEqual(duplicates(state), [])
        self.assertEqual(mismatches(docs, state), [])
        wanted = {f"{d['kind']}/{d['metadata']['name']}" for d in docs}
        self.assertEqual(names(state), wanted | self.seeded, "nothing missing, nothing extra")
        owned = inventory(self.deskops.state_dir)
        # A singleton (the tenant's settings) is never created: it is owned only while deskops
        # keeps records of what it applied to it, so only the other objects are compared here.
        self.assertEqual({k for k in owned if k.split("/", 1)[0] not in SINGLETONS},
                         {k for k in wanted if k.split("/", 1)[0] not in SINGLETONS},
                         "the inventory owns exactly the managed objects")
        for key, o in owned.items():
            kind, name = key.split("/", 1)
            if kind not in SINGLETONS:
                self.assertEqual(o["id"], live(state, kind)[name]["id"], key)
        self.assertEqual(unfinished_intents(self.deskops.state_dir), {})
        self.assert_no_second_create()
        self.run_deskops(0, "plan", self.manifests, *extra_args)

    def assert_no_second_create(self):
        """No create was refused as a duplicate, and no desktop name was created twice since the
        last check (a name may come back after a generation deleted it)."""
        stats = self.sim.stats()["requests"]
        refused = [r for r in stats if r["operation"].endswith(("create", "batch_create"))
                   and r["status"] >= 400]
        self.assertEqual(refused, [], "a create was refused: it was sent for an existing object")
        jobs = [j for j in self.sim.state()["jobs"] if j["id"] not in self.checked_jobs]
        self.checked_jobs.update(j["id"] for j in jobs)
        created = [s["desktop_name"].lower() for j in jobs if j["job_type"] == "createDesktops"
                   for s in j["subs"]]
        twice = sorted({n for n in created if created.count(n) > 1})
        self.assertEqual(twice, [], "desktops created twice")

    def figures(self, what):
        stats = self.sim.stats()
        report(f"{self.id()}: {what}: {self.kills} kills in {self.runs} runs, "
               f"{time.monotonic() - self.started:.1f} s, {stats['total']} API calls, "
               f"{self.sim.mutating_calls()} mutating")


class CreateCrashTest(CrashCase):
    """Issue 5: 200 desktops, deskops killed at many points of their creation. While it is
    killed, the simulator answers each create 1 s after making it (a kill then loses the answer
    to a create that happened), deskops makes one call at a time and create jobs take 6 s, so
    that the creation outlasts the kills asked for; the apply after the kills runs at full
    speed."""
    COUNT = 200
    max_delay = 1.2

    def test_kills_during_create_leave_exactly_the_desktops(self):
        # Half are assigned to users and go out 50 per request; the other half, unassigned, one
        # per request: both ways of creating are killed in the middle.
        half = self.COUNT // 2
        docs = [doc("User", f"user-{i:03d}", {"userEmail": f"user-{i:03d}@crash.example"})
                for i in range(half)]
        docs += [desktop_doc(f"crash-{i:03d}", user=f"user-{i:03d}" if i < half else None,
                             tags={"suite": "crash"}) for i in range(self.COUNT)]
        for f in os.listdir(self.manifests):
            os.remove(os.path.join(self.manifests, f))
        write_docs(os.path.join(self.manifests, "desktops.yaml"), docs)
        self.sim.control("PUT", "jobs", {"default": {"mode": "seconds", "value": 2}, "job_types": {
            "createDesktops": {"mode": "seconds", "value": 6}}})
        self.sim.control("PUT", "faults", {"rules": [
            {"operation": "desktops.create", "kind": "delay_ms", "delay_ms": 1000}]})
        killed = self.apply_with_kills((self.manifests, "--concurrency", "1"), POINTS,
                                       finish=lambda: self.sim.control("DELETE", "faults"))
        self.assertEqual(killed, POINTS, "every kill fell before the creation was done")
        state = self.sim.state()
        self.assertEqual(len(state["desktops"]), self.COUNT)
        self.assertTrue(all(any(t["key"] == "deskops-owner" for t in d["tags"])
                            for d in state["desktops"]))
        self.assert_converged(docs)
        self.figures(f"{self.COUNT} desktops")


# The tenant the random crash test moves between: each generation creates, updates and deletes
# users, groups (and their members) and desktops (tags, power, assigned users) relative to the
# others.
def generation(g):
    users = [f"user-{i:02d}" for i in range(10)]  # assigned to desktops, kept throughout
    users += [f"user-{i:02d}" for i in range(10 + 5 * g, 20 + 5 * g)]
    desktops = [f"gen-{i:03d}" for i in range(10 * g, 30 + 10 * g)]
    docs = [doc("User", u, {"userEmail": f"{u}@g{g}.example", "description": f"generation {g}"})
            for u in users]
    docs += [doc("UserGroup", f"team-{t}", {"platformType": "LOCAL", "description": f"g{g}",
                                            "members": users[t + g::3]})
             for t in range(3)]
    for name in desktops:
        n = int(name[4:])
        user = f"user-{n // 5 % 10:02d}" if n % 5 == 0 else None
        power = "stopped" if (n + g) % 4 == 0 else "running"
        docs.append(desktop_doc(name, user=user, tags={"gen": str(g), "n": str(n)}, power=power))
    return docs


class RandomCrashTest(CrashCase):
    """Issue 7 item 2: kills at random points of applies that create, update and delete; the
    tenant moves through generations 0, 1, 2, 1, 2, ... until enough kills were made."""
    PER_GENERATION = 8

    def test_kills_during_create_update_delete(self):
        path = os.path.join(self.manifests, "tenant.yaml")
        for f in os.listdir(self.manifests):
            os.remove(os.path.join(self.manifests, f))
        phase = 0
        while phase < 3 or self.kills < POINTS:
            self.assertLess(phase, 3 + 2 * POINTS, "the applies end before they can be killed")
            g = phase if phase < 3 else 1 + phase % 2
            docs = generation(g)
            write_docs(path, docs)
            kills = min(self.PER_GENERATION, max(1, POINTS - self.kills))
            self.apply_with_kills((self.manifests, *PRUNE), kills)
            with self.subTest(phase=phase, generation=g):
                self.assert_converged(docs, PRUNE)
            phase += 1
        self.figures(f"{phase} generations")


if __name__ == "__main__":
    unittest.main()
