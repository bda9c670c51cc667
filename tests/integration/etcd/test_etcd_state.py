"""`deskops state migrate` and `deskops state show` against a real etcd: an installation applied
with the state directory moves into etcd and back without losing or changing an owned object;
deskops on the new state sees what it owns (a plan with no change, and the deletion of an owned
object that leaves the manifests, where a plan on an empty prefix, like a fresh CI runner, does
not know what it owns); a migrate refuses to overwrite state that is there (leaving it as it
was), and refuses while a daemon leads the prefix, writing nothing at all."""
import json
import os
import unittest

import etcd_support as es  # first: it finds the daemon tests' helpers

OTHER = "/deskops/empty/"


class StateMigrateTest(es.EtcdTestCase):
    def show(self, *where):
        res = self.cli("state", "show", "-o", "json", *where)
        self.assertEqual(res.returncode, 0, res.stderr)
        return json.loads(res.stdout)

    def migrate(self, *args, want=0):
        res = self.cli("state", "migrate", *args, *self.state_flags())
        self.assertEqual(res.returncode, want, res.stdout + res.stderr)
        return res

    def plan(self, manifests, prefix):
        return self.cli("plan", manifests, "--endpoint", self.sim.url, "--ca-file",
                        self.sim.ca_file, *self.state_flags(prefix), "-o", "json")

    def test_directory_to_etcd_and_back(self):
        manifests = self.examples()
        apply = self.deskops.run("apply", manifests)
        self.assertEqual(apply.returncode, 0, apply.stderr)
        directory = self.deskops.state_dir
        owned = self.show("--state-dir", directory)["objects"]
        self.assertGreater(len(owned), 5)

        res = self.migrate("--from", directory, "--to-etcd")
        self.assertIn(f"Migrated {len(owned)} owned objects and 0 open intents", res.stdout)
        in_etcd = self.show(*self.state_flags())
        self.assertEqual(in_etcd["objects"], owned)
        self.assertEqual(in_etcd["intents"], [])
        self.assertEqual(in_etcd["leader"], "", "the migrate left a leader key")
        self.assertEqual(len(self.etcd.owned()), len(owned))

        # deskops on etcd knows what it owns: in sync, and an access policy that leaves the
        # manifests is one it would delete (held: prune is off). On an empty prefix, as on a CI
        # runner that starts with no state, it does not know it owns the policy.
        plan = self.plan(manifests, es.PREFIX)
        self.assertEqual(plan.returncode, 0, plan.stdout[-2000:] + plan.stderr)
        self.assertEqual(json.loads(plan.stdout)["actions"], [])
        os.remove(os.path.join(manifests, "access-policies.yaml"))
        deletes = {}
        for prefix in (es.PREFIX, OTHER):
            plan = self.plan(manifests, prefix)
            self.assertEqual(plan.returncode, 0, plan.stderr)
            deletes[prefix] = [f"{a['kind']}/{a['name']}" for a in json.loads(plan.stdout)["actions"]
                               if a["verb"] == "delete"]
        self.assertEqual(deletes, {es.PREFIX: ["AccessPolicy/contractors_office_only"], OTHER: []})

        # The destination holds state: refused without --overwrite, and the state left as it was
        # (the migrate led the prefix while it looked, and resigned).
        before = self.etcd.keys(es.PREFIX)
        res = self.migrate("--from", directory, "--to-etcd", want=1)
        self.assertIn("--overwrite", res.stderr)
        self.assertEqual(self.etcd.keys(es.PREFIX), before)

        back = os.path.join(self.workdir, "back")
        self.migrate("--from-etcd", "--to", back)
        self.assertEqual(self.show("--state-dir", back)["objects"], owned)

    def test_refused_while_a_daemon_leads_the_prefix(self):
        manifests = self.examples()
        self.assertEqual(self.deskops.run("apply", manifests).returncode, 0)
        self.migrate("--from", self.deskops.state_dir, "--to-etcd")
        daemon = self.replica(manifests, name="daemon")
        self.one_leader([daemon])
        daemon.wait_quiet()
        self.assertEqual(self.deskops.run("plan", manifests).returncode, 0)  # the directory too
        revision = self.etcd.revision()
        res = self.migrate("--from", self.deskops.state_dir, "--to-etcd", "--overwrite", want=1)
        self.assertIn(f"another deskops (pid {daemon.proc.pid} ", res.stderr)
        self.assertIn("nothing was copied", res.stderr)
        self.assertEqual(self.etcd.revision(), revision, "the refused migrate wrote to etcd")
        self.assertTrue(daemon.status()["leader"])
        self.assertEqual(daemon.stop(), 0)


if __name__ == "__main__":
    unittest.main()
