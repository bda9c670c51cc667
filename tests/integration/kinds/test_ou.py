"""The OU kind against a real wks-sim over HTTPS, through the real deskops binary: an OU of the AD
domain is added, a second apply changes nothing, its description is updated in place and drift
out of band is corrected, a domain change is refused unless replacement is allowed, an OU the AD
domain does not have is refused before any call, and --prune deletes only the OUs deskops added.
"""
import json
import os
import shutil
import tempfile
import unittest

from harness import Deskops, Sim

DESKOPS = os.environ.get("DESKOPS", "deskops")
WKS_SIM = os.environ.get("WKS_SIM", "wks-sim")
DOMAIN = "wksmanager.wks.com"  # the simulator's seeded AD domain


def ou_doc(name, domain=DOMAIN, description=None, annotations=None):
    meta = {"name": name}
    if annotations:
        meta["annotations"] = annotations
    spec = {"domain": domain}
    if description is not None:
        spec["description"] = description
    return json.dumps({"apiVersion": "deskops.io/v1alpha1", "kind": "OU", "metadata": meta,
                       "spec": spec})


class OuTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="deskops-ou-")
        self.sim = Sim(WKS_SIM, self.workdir)
        self.addCleanup(self.sim.stop)
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.deskops = Deskops(DESKOPS, self.sim, self.workdir)
        self.manifests = os.path.join(self.workdir, "manifests")
        os.makedirs(self.manifests)

    def write(self, *docs):
        with open(os.path.join(self.manifests, "ous.yaml"), "w") as f:
            f.write("\n---\n".join(docs) + "\n")

    def registered(self):
        return {o["ou_name"]: o for o in self.sim.state()["ous"]["ous"]}

    def apply(self, *extra, ok=True):
        r = self.deskops.run("apply", self.manifests, *extra)
        if ok:
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return r

    def plan(self, *extra):
        return self.deskops.run("plan", self.manifests, *extra)

    def test_lifecycle(self):
        before = set(self.registered())
        self.write(ou_doc("marketing", description="Marketing desktops"))
        r = self.apply()
        self.assertIn("Converged", r.stdout)
        ou = self.registered()["marketing"]
        self.assertEqual((ou["domain"], ou["description"]), (DOMAIN, "Marketing desktops"))

        # A second apply changes nothing.
        self.sim.reset_stats()
        p = self.plan()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.sim.mutating_calls(), 0)

        # Updated in place: same ID, new description.
        self.write(ou_doc("marketing", description="Marketing and sales"))
        self.apply()
        after = self.registered()["marketing"]
        self.assertEqual(after["id"], ou["id"])
        self.assertEqual(after["description"], "Marketing and sales")

        # Drift out of band is corrected.
        self.sim.control("PATCH", f"objects/ous/{ou['id']}", {"description": "changed by hand"})
        p = self.plan()
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn('spec.description: "changed by hand" -> "Marketing and sales"', p.stdout)
        self.apply()
        self.assertEqual(self.registered()["marketing"]["description"], "Marketing and sales")

        # --prune deletes the OU deskops added, never the seeded ones it does not own.
        self.write(ou_doc("finance", description="Finance"))  # seeded: adopted, not added
        self.apply("--prune", "--max-deletion-percent", "-1")
        left = set(self.registered())
        self.assertNotIn("marketing", left)
        self.assertEqual(left, before, "only the OU deskops added is gone")

    def test_domain_change_needs_allow_replace(self):
        self.write(ou_doc("marketing"))
        self.apply()
        old = self.registered()["marketing"]["id"]
        self.write(ou_doc("marketing", domain="other.example.com"))
        p = self.plan()
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn("spec.domain cannot change in place", p.stdout)
        self.write(ou_doc("marketing", domain="other.example.com",
                          annotations={"deskops.io/allow-replace": "true",
                                       "deskops.io/allow-destroy": "true"}))
        self.apply()
        new = self.registered()["marketing"]
        self.assertEqual(new["domain"], "other.example.com")
        self.assertNotEqual(new["id"], old, "replaced: deleted and added again")

    def test_an_ou_ad_does_not_have_is_refused_before_any_call(self):
        self.write(ou_doc("no-such-ou"), ou_doc("marketing"))
        self.sim.reset_stats()
        r = self.apply(ok=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn('OU/no-such-ou: metadata.name: the AD domain has no OU "no-such-ou"',
                      r.stdout + r.stderr)
        self.assertIn("marketing", self.registered(), "the other OU is not held back by it")
        self.assertNotIn("no-such-ou", self.registered())


if __name__ == "__main__":
    unittest.main()
