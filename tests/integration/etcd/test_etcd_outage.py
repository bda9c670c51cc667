"""etcd outages. With one member of a three-member cluster stopped (etcd's own Raft leader, so the
cluster must elect another), the leader keeps its lease and goes on reconciling: it fails over to
the other members. With the
whole of etcd stopped in the middle of an apply, deskops stops acting (no mutating call once its
lease could no longer be renewed), says why on /readyz and /status, and when etcd returns it leads
again, finishes what was in flight as crash recovery does, and loses nothing: every desktop once,
the inventory whole, no intent left open."""
import time
import unittest

import etcd_support as es  # first: it finds the daemon tests' helpers
import daemon_support as ds
from harness import wait_until

DESKTOPS = 60 if es.FULL else 24


def creates(sim):
    return sim.calls_by_operation().get("desktops.create", 0)


class OutageTestCase(es.EtcdTestCase):
    sim_jobs = "seconds:2"

    def converged(self, daemon, names):
        def done():
            objects = daemon.status()["objects"]
            return len(objects) == len(names) and all(
                c["status"] == "True" for o in objects for c in o["conditions"])
        self.assertTrue(wait_until(done, timeout=180, step=0.5), daemon.log_text()[-3000:])
        daemon.wait_quiet(timeout=120)
        self.assert_desktops_once(names)
        self.assertEqual(set(self.etcd.owned()), {f"Desktop/{n}" for n in names})
        self.assertEqual(self.etcd.intents(), {}, "an intent was left open")


class OneMemberDownTest(OutageTestCase):
    members = 3

    def test_one_of_three_members_stopped_reconciling_goes_on(self):
        manifests = self.workdir + "/manifests"
        names = [f"lab-{i:04d}" for i in range(DESKTOPS)]
        es.write_desktops(manifests, names[:DESKTOPS // 2])
        leader = self.replica(manifests, name="leader")
        self.one_leader([leader])
        self.converged(leader, names[:DESKTOPS // 2])

        gone = self.etcd.raft_leader()
        self.assertIsNotNone(gone)
        self.etcd.stop(gone)
        es.write_desktops(manifests, names)  # the daemon watches its manifests
        self.converged(leader, names)
        self.assertEqual(leader.count("lost leadership: stopped acting at once; campaigning again"),
                         0, leader.log_text()[-3000:])
        self.assertTrue(leader.status()["leader"])
        self.assertEqual(ds.metric(leader.metrics(), "deskops_leader"), 1)
        self.assertEqual(leader.get("/readyz")[0], 200)
        self.assertEqual(leader.stop(), 0)


class WholeEtcdDownTest(OutageTestCase):
    def test_etcd_stopped_mid_apply_deskops_stops_says_why_and_resumes(self):
        manifests = self.workdir + "/manifests"
        names = [f"lab-{i:04d}" for i in range(DESKTOPS)]
        es.write_desktops(manifests, names)
        leader = self.replica(manifests, name="leader")
        self.one_leader([leader])
        self.assertTrue(wait_until(lambda: creates(self.sim) >= DESKTOPS // 4, timeout=60,
                                   step=0.05), leader.log_text()[-3000:])
        self.etcd.stop_all()
        stopped = time.monotonic()
        self.assertLess(creates(self.sim), DESKTOPS, "the apply had ended before etcd stopped")

        leader.wait_log("lost leadership: stopped acting at once; campaigning again",
                        timeout=2 * es.TTL)
        lost_after = time.monotonic() - stopped
        self.assertLessEqual(lost_after, es.TTL, "it acted on past its lease")
        # Calls already sent may still be answered; none may start once the lease is over.
        time.sleep(max(0.0, es.TTL - lost_after) + 1)
        quiet_from = es.now_ms()
        status = leader.status()
        self.assertEqual((status["leader"], status["ready"], status["phase"]),
                         (False, False, "standby"), status)
        self.assertTrue(wait_until(
            lambda: "cannot reach etcd" in leader.status()["readyReason"], timeout=10),
            leader.status()["readyReason"])
        code, _, body = leader.get("/readyz")
        self.assertEqual(code, 503)
        self.assertIn("standby: cannot reach etcd", body)
        self.assertEqual(ds.metric(leader.metrics(), "deskops_leader"), 0)
        self.assertEqual(leader.get("/healthz")[0], 200)
        time.sleep(3)
        self.assertEqual(es.mutating_requests(self.sim, after_ms=quiet_from), [],
                         "a mutating call was sent while etcd was down")
        sent = creates(self.sim)
        self.assertLess(sent, DESKTOPS, "the apply ended while etcd was down")

        self.etcd.start_all()
        # The old lease, if etcd kept it across its restart, runs out within one TTL.
        leader.wait_log("leading", after=1, timeout=3 * es.TTL + 10)
        self.converged(leader, names)
        self.assertTrue(leader.status()["leader"])
        self.assertEqual(ds.metric(leader.metrics(), "deskops_leader"), 1)
        print(f"{sent} of {DESKTOPS} desktops requested before etcd stopped; "
              f"leadership lost {lost_after:.1f} s after (TTL {es.TTL} s)")
        self.assertEqual(leader.stop(), 0)


if __name__ == "__main__":
    unittest.main()
