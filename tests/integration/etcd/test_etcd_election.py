"""Replicas of `deskops run` on one etcd prefix elect exactly one leader: two on a single etcd
member, three on a three-member cluster. The standbys serve /healthz 200, /readyz 503 "standby:
leader is <id>", /status leader false and deskops_leader 0, and make no API call at all. While a
daemon leads, a one-shot apply refuses (it would race the daemon), and plan, get and
`state show` work without writing anything or campaigning."""
import os
import unittest

import etcd_support as es  # first: it finds the daemon tests' helpers
import daemon_support as ds
from harness import wait_until


class TwoReplicasTest(es.EtcdTestCase):
    def test_one_leader_and_a_standby_that_says_who_leads(self):
        manifests = self.examples()
        declared = ds.manifest_objects(manifests)
        first = self.replica(manifests, name="first")
        leader = self.one_leader([first])
        self.assertIs(leader, first)
        first.wait_quiet()
        second = self.replica(manifests, name="second")
        second.wait_log("standby: another deskops leads; waiting for its lease to end")
        self.assertIs(self.one_leader([first, second]), first)

        held = self.etcd.leader()
        self.assertIn(f"pid {first.proc.pid} ", held["identity"])
        self.assertEqual(second.get("/healthz")[0], 200)
        code, _, body = second.get("/readyz")
        self.assertEqual(code, 503)
        self.assertIn(f"standby: leader is pid {first.proc.pid} ", body)
        st = second.status()
        self.assertEqual((st["phase"], st["leader"], st["ready"]), ("standby", False, False))
        self.assertIn("etcd prefix /deskops/t1/", st["stateBackend"])
        self.assertEqual(ds.metric(second.metrics(), "deskops_leader"), 0)
        self.assertEqual(ds.metric(first.metrics(), "deskops_leader"), 1)
        self.assertTrue(first.status()["leader"])
        self.assertEqual(es.without_singletons(self.etcd.owned()),
                         es.without_singletons(f"{k}/{n}" for k, n in declared))

        # The leader idles (next pass in an hour): the standby must not read the tenant, and the
        # read-only commands write nothing to etcd, neither state nor a campaign.
        self.sim.reset_stats()
        revision = self.etcd.revision()
        plan = self.deskops.run("plan", manifests, *es.etcd_flags(self.etcd))
        self.assertEqual(plan.returncode, 0, plan.stderr)
        get = self.cli("get", "desktops", "--endpoint", self.sim.url, "--ca-file", self.sim.ca_file)
        self.assertEqual(get.returncode, 0, get.stderr)
        show = self.cli("state", "show", *self.state_flags())
        self.assertEqual(show.returncode, 0, show.stderr)
        self.assertIn(f"Leader:  pid {first.proc.pid} ", show.stdout)
        self.assertIn(f"Owned:   {len(self.etcd.owned())} objects", show.stdout)
        self.assertEqual(self.etcd.revision(), revision, "a read-only command wrote to etcd")
        self.assertFalse(os.path.exists(self.deskops.state_dir), "plan created a state directory")
        # A one-shot apply would take the daemon's calls in flight for an earlier run's.
        apply = self.deskops.run("apply", manifests, *es.etcd_flags(self.etcd))
        self.assertEqual(apply.returncode, 1, apply.stderr)
        self.assertIn(f"another deskops (pid {first.proc.pid} ", apply.stderr)
        self.assertIn("nothing was planned or changed", apply.stderr)
        self.assertEqual(self.etcd.revision(), revision, "the refused apply wrote to etcd")
        self.assertEqual(self.sim.mutating_calls(), 0)
        calls = self.sim.api_calls()
        self.assertFalse(wait_until(lambda: self.sim.api_calls() > calls, timeout=3),
                         "the standby called the API")

        # The leader steps down on SIGTERM (it revokes its lease): the standby leads at once.
        self.assertEqual(first.stop(), 0)
        self.assertIs(self.one_leader([second], timeout=es.TTL), second)
        self.assertIn(f"pid {second.proc.pid} ", self.etcd.leader()["identity"])
        self.assertEqual(second.stop(), 0)
        self.assertIsNone(self.etcd.leader(), "a leader that stops leaves no leader key")


class ThreeReplicasThreeMembersTest(es.EtcdTestCase):
    members = 3

    def test_three_replicas_elect_exactly_one(self):
        manifests = self.examples()
        replicas = [self.replica(manifests, name=f"r{i}") for i in range(3)]
        leader = self.one_leader(replicas)
        leader.wait_quiet()
        for r in replicas:
            want = 1 if r is leader else 0
            self.assertEqual(ds.metric(r.metrics(), "deskops_leader"), want, r.log_text()[-2000:])
        self.assertIn(f"pid {leader.proc.pid} ", self.etcd.leader()["identity"])
        for r in replicas:
            self.assertEqual(r.stop(), 0)


if __name__ == "__main__":
    unittest.main()
