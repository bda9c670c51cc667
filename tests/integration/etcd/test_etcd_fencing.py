"""Fencing: a leader paused past its lease (SIGSTOP) while a standby takes over sends no mutating
call after it resumes (SIGCONT), as the simulator's request log shows; it notices it no longer
leads, stops acting and stands by. Two pauses: an operator's SIGSTOP in the middle of an apply,
and the worst moment of all, right after the leader wrote a create's intent and before it sent
the create (DESKOPS_TEST_STOP_POINT makes the process stop itself there). Either way every
desktop ends up created exactly once."""
import os
import signal
import time
import unittest

import etcd_support as es  # first: it finds the daemon tests' helpers
import daemon_support as ds
from harness import wait_until

DESKTOPS = 60 if es.FULL else 24


def creates(sim):
    return sim.calls_by_operation().get("desktops.create", 0)


class FencingTest(es.EtcdTestCase):
    sim_jobs = "seconds:2"

    def paused_leader_resumes_and_sends_nothing(self, names, old, new):
        """`old` is stopped; `new` must take over and converge, then `old` resumes."""
        new.wait_log("leading", timeout=2 * es.TTL + 10)
        new.wait_quiet(timeout=180)
        self.assertEqual(ds.desktop_names(self.sim.state()).count(names[0]), 1)
        resumed_at = es.now_ms()
        os.kill(old.proc.pid, signal.SIGCONT)
        old.wait_log("lost leadership: stopped acting at once; campaigning again", timeout=30)
        self.assertTrue(wait_until(lambda: old.status()["phase"] == "standby", timeout=10))
        # Long enough for the resumed workers to reach their next call, and for a renewal.
        time.sleep(3)
        late = es.mutating_requests(self.sim, after_ms=resumed_at)
        self.assertEqual(late, [], "a mutating call arrived after the old leader resumed (the "
                                   "new one was idle)")
        code, _, body = old.get("/readyz")
        self.assertEqual(code, 503)
        self.assertIn(f"standby: leader is pid {new.proc.pid} ", body)
        self.assertEqual(ds.metric(old.metrics(), "deskops_leader"), 0)
        self.assertEqual(ds.metric(new.metrics(), "deskops_leader"), 1)
        self.assert_desktops_once(names)
        self.assertEqual(self.etcd.intents(), {}, "an intent was left open")
        for d in (old, new):
            self.assertEqual(d.stop(), 0)

    def test_sigstop_mid_apply(self):
        manifests = self.workdir + "/manifests"
        names = [f"lab-{i:04d}" for i in range(DESKTOPS)]
        es.write_desktops(manifests, names)
        old = self.replica(manifests, name="old")
        self.one_leader([old])
        new = self.replica(manifests, name="new")
        new.wait_log("standby: another deskops leads; waiting for its lease to end")
        self.assertTrue(wait_until(lambda: creates(self.sim) >= DESKTOPS // 4, timeout=60,
                                   step=0.05), old.log_text()[-3000:])
        os.kill(old.proc.pid, signal.SIGSTOP)
        self.assertLess(creates(self.sim), DESKTOPS, "the apply had ended before the pause")
        self.paused_leader_resumes_and_sends_nothing(names, old, new)

    def test_stopped_between_the_intent_and_the_send(self):
        manifests = self.workdir + "/manifests"
        names = [f"lab-{i:04d}" for i in range(DESKTOPS)]
        es.write_desktops(manifests, names)
        old = self.replica(manifests, "--concurrency", "1", name="old",
                           env={"DESKOPS_TEST_STOP_POINT": "after-intent:desktops.create"})
        self.assertTrue(wait_until(lambda: es.process_state(old.proc.pid) == "T", timeout=60,
                                   step=0.05), old.log_text()[-3000:])
        intents = self.etcd.intents()
        self.assertEqual([i["op"] for i in intents.values()], ["desktops.create"], intents)
        self.assertEqual(creates(self.sim), 0, "the create was sent before the stop point")
        new = self.replica(manifests, name="new")
        self.paused_leader_resumes_and_sends_nothing(names, old, new)
        # The create whose intent it had written is the one it did not send.
        refused = [line for line in old.logs()
                   if line.get("msg") == "call not sent: this process may not act"]
        self.assertEqual([line["operation"] for line in refused][:1], ["desktops.create"],
                         old.log_text()[-3000:])


if __name__ == "__main__":
    unittest.main()
