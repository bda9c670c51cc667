"""Soak (issue 17 item 4): `deskops run` against a real wks-sim for DESKOPS_SOAK_SECONDS (CI: 120;
scripts/prove: 600) under mixed faults (429, 500, 503, dropped connections, answers slower than the
client waits, failed jobs), SIGKILLed at random moments and restarted, with manifest edits and
out-of-band drift in between. When the time is up the faults stop and the last daemon is left to
itself: it must converge on its own (a pass over every kind with nothing changed, failed, held or
in error), and then:
  - the tenant matches the manifests, with no duplicate and nothing declared missing;
  - no create was refused as a duplicate (wks-sim answers 409 for an existing name);
  - the objects deskops does not manage (seeded before it started) are untouched;
  - the ledger has no call left open, and a plan has no changes.

The moments come from a seeded generator: the seed is printed, and DESKOPS_SOAK_SEED replays one.
"""
import os
import random
import signal
import sys
import time
import unittest

from tenant import (TenantCase, desktop_doc, doc, duplicates, load_docs, mismatches, names,
                    unfinished_intents, write_docs)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "daemon"))
from daemon_support import Daemon  # noqa: E402

SECONDS = float(os.environ.get("DESKOPS_SOAK_SECONDS", "120"))
SEED = int(os.environ.get("DESKOPS_SOAK_SEED", random.SystemRandom().randrange(1 << 31)))
USERS, DESKTOPS = 16, 10
# Every fault at once, each on a few percent of all calls; the slow answers outlast the client's
# 1 s request timeout, so a create's answer is lost now and then (its outcome unknown).
FAULTS = {"seed": SEED % 1000, "rules": [
    {"operation": "*", "probability": 0.03, "kind": "http_429", "retry_after": 1},
    {"operation": "*", "probability": 0.03, "kind": "http_500"},
    {"operation": "*", "probability": 0.03, "kind": "http_503"},
    {"operation": "*", "probability": 0.02, "kind": "drop_connection"},
    {"operation": "*", "probability": 0.02, "kind": "delay_ms", "delay_ms": 1500},
    {"operation": "*", "probability": 0.05, "kind": "job_failure"},
]}
DAEMON_ARGS = ("--interval", "4s", "--retry-interval", "2s", "--prune", "--max-deletions", "-1",
               "--max-deletion-percent", "-1", "--request-timeout", "1s", "--rate", "50",
               "--burst", "20", "--pending-create-grace", "60s")


def report(text):
    print(text, file=sys.stderr, flush=True)


class SoakTest(TenantCase):
    jobs = "seconds:1"

    def setUp(self):
        super().setUp()
        self.rng = random.Random(SEED)
        report(f"{self.id()}: DESKOPS_SOAK_SEED={SEED} DESKOPS_SOAK_SECONDS={SECONDS:g}")
        self.desktops = set(range(DESKTOPS))
        self.next_desktop = DESKTOPS
        self.descriptions = {i: "gen 0" for i in range(USERS)}
        self.generation = 0
        self.daemons = []
        self.events = {"kill": 0, "edit": 0, "drift": 0}

    def tearDown(self):
        for d in self.daemons:
            if d.proc.poll() is None:
                d.proc.kill()
                d.proc.wait()
            d._log.close()

    # The manifests: the examples plus a generated part that edits change.
    def write_generated(self):
        docs = [doc("User", f"soak-u{i:02d}", {"userEmail": f"soak-u{i:02d}@soak.example",
                                                "description": self.descriptions[i]})
                for i in range(USERS)]
        docs.append(doc("UserGroup", "soak-staff",
                        {"platformType": "LOCAL",
                         "members": [f"soak-u{i:02d}" for i in range(0, USERS, 2)]}))
        docs += [desktop_doc(f"soak-d{i:03d}", user=f"soak-u{i % USERS:02d}" if i % 2 else None,
                             tags={"suite": "soak"}) for i in sorted(self.desktops)]
        write_docs(os.path.join(self.manifests, "soak.yaml"), docs)

    def edit(self):
        self.generation += 1
        for i in self.rng.sample(range(USERS), 3):
            self.descriptions[i] = f"gen {self.generation}"
        if self.desktops and self.rng.random() < 0.5:
            self.desktops.discard(self.rng.choice(sorted(self.desktops)))
        else:
            self.desktops.add(self.next_desktop)
            self.next_desktop += 1
        self.write_generated()

    def drift(self):
        """Someone changes a managed object behind deskops' back."""
        state = self.sim.state()
        users = [u for u in state["users"] if u["user_name"].startswith("soak-u")]
        if not users:
            return
        user = self.rng.choice(users)
        if self.rng.random() < 0.7:
            self.sim.control("PATCH", f"objects/users/{user['id']}",
                             {"description": "changed by hand"})
        else:
            self.sim.control("DELETE", f"objects/users/{user['id']}")

    # The daemon.
    def start_daemon(self):
        d = Daemon(self.deskops, self.tmp, self.manifests, *DAEMON_ARGS,
                   name=f"deskops-{len(self.daemons):03d}", admin=None)
        self.daemons.append(d)
        return d

    def converged_pass(self, daemon):
        passes = [line for line in daemon.logs() if line.get("msg") in ("pass done", "pass failed")]
        if len(passes) <= self.after:
            return False
        line = passes[-1]
        return (line.get("msg") == "pass done" and line.get("kinds", "").count(",") >= 5
                and all(line.get(k) == 0 for k in
                        ("changed", "failed", "held", "plan_errors", "not_applied")))

    def bystanders(self):
        state = self.sim.state()
        return {c: [o for o in state.get(c, []) if o.get(f, "").startswith(("bystander", "bys"))]
                for c, f in (("users", "user_name"), ("groups", "name"),
                             ("desktops", "computer_name"))}

    def test_soak(self):
        self.sim.control("POST", "objects/users", {"user_name": "bystander-user"})
        self.sim.control("POST", "objects/groups", {"name": "bystander-group"})
        self.sim.control("POST", "bulk/desktops", {"count": 3, "name_prefix": "bys"})
        before = self.bystanders()
        self.write_generated()
        self.sim.control("PUT", "faults", FAULTS)
        daemon = self.start_daemon()
        started = time.monotonic()
        while time.monotonic() - started < SECONDS:
            time.sleep(self.rng.uniform(1, 8))
            event = self.rng.choices(["kill", "edit", "drift"], weights=[3, 2, 2])[0]
            self.events[event] += 1
            if event == "kill":
                daemon.proc.send_signal(signal.SIGKILL)
                daemon.proc.wait()
                daemon = self.start_daemon()
            elif event == "edit":
                self.edit()
            else:
                self.drift()
            self.assertIsNone(daemon.proc.poll(), daemon.log_text()[-4000:])
        fired = sum(r["fired"] for r in self.sim.control("GET", "faults")["rules"])
        self.sim.control("DELETE", "faults")
        # A pass that ends now may have started before the last edit or drift: only one that
        # starts after it counts.
        self.after = daemon.passes() + 1
        settle = time.monotonic()
        deadline = settle + 300
        while not self.converged_pass(daemon):
            self.assertLess(time.monotonic(), deadline,
                            "no converged pass within 300 s:\n" + daemon.log_text()[-6000:])
            self.assertIsNone(daemon.proc.poll(), daemon.log_text()[-4000:])
            time.sleep(0.5)
        report(f"{self.id()}: {SECONDS:g} s with {self.events} and {fired} faults; converged "
               f"{time.monotonic() - settle:.1f} s after the faults stopped; "
               f"{self.sim.stats()['total']} API calls")
        self.assertGreater(fired, 0)
        self.assertEqual(daemon.stop(), 0)
        self.check_tenant(before)

    def check_tenant(self, bystanders_before):
        docs = load_docs(self.manifests)
        state = self.sim.state()
        self.assertEqual(duplicates(state), [])
        self.assertEqual(mismatches(docs, state), [])
        declared = {f"{d['kind']}/{d['metadata']['name']}" for d in docs}
        self.assertEqual(declared - names(state), set(), "declared objects missing")
        self.assertEqual(self.bystanders(), bystanders_before, "unmanaged objects were touched")
        refused = [r for r in self.sim.stats()["requests"]
                   if r["operation"].endswith(("create", "batch_create")) and r["status"] == 409]
        self.assertEqual(refused, [], "a create was refused as a duplicate")
        self.assertEqual(unfinished_intents(self.deskops.state_dir), {})
        self.run_deskops(0, "plan", self.manifests)


if __name__ == "__main__":
    unittest.main()
