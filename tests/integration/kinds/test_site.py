"""The Site kind against a real wks-sim over HTTPS, through the real deskops binary: an edge site
is added in its AZ, a second apply changes nothing, its access mode and subnets change in place
(same site), a site deleted out of band is added again, --prune deletes only the sites deskops
added (never the central one or one added elsewhere), and what the API cannot do is refused
before any call: the central site's AZ, a VPC change, a site without an access mode.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import yaml

from harness import DEMO_ENV, Deskops, Sim

DESKOPS = os.environ.get("DESKOPS", "deskops")
WKS_SIM = os.environ.get("WKS_SIM", "wks-sim")
EDGE = "cn-north-7-ies-bj01"   # the simulator's seeded edge AZs
EDGE2 = "cn-north-7-ies-bj02"
VPC = "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d"
SUBNET = "5dee0216-2260-47c2-9368-98a27d910e55"
SUBNET2 = "c7f30df4-f3ac-4807-9599-18950b05455f"


def site_doc(az, **spec):
    return json.dumps({"apiVersion": "deskops.io/v1alpha1", "kind": "Site",
                       "metadata": {"name": az}, "spec": spec})


class SiteTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="deskops-site-")
        self.sim = Sim(WKS_SIM, self.workdir, jobs="seconds:1")
        self.addCleanup(self.sim.stop)
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.deskops = Deskops(DESKOPS, self.sim, self.workdir)
        self.manifests = os.path.join(self.workdir, "manifests")
        os.makedirs(self.manifests)

    def write(self, *docs):
        with open(os.path.join(self.manifests, "sites.yaml"), "w") as f:
            f.write("\n---\n".join(docs) + "\n")

    def sites(self):
        return {s["az_code"]: s for s in self.sim.state()["sites"]["sites"]}

    def apply(self, *extra, expect=0):
        r = self.deskops.run("apply", self.manifests, *extra)
        self.assertEqual(r.returncode, expect, r.stdout + r.stderr[-3000:])
        return r

    def plan(self, *extra):
        return self.deskops.run("plan", self.manifests, *extra)

    def get(self):
        r = subprocess.run([DESKOPS, "get", "sites", "-o", "json", "--endpoint", self.sim.url,
                            "--ca-file", self.sim.ca_file], env={**os.environ, **DEMO_ENV},
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return {s["name"]: s for s in json.loads(r.stdout)}

    def export(self, *extra):
        """The exported Site documents by name, and the directory they were written to."""
        out_dir = os.path.join(self.workdir, "exported")
        os.makedirs(out_dir, exist_ok=True)
        out = os.path.join(out_dir, "tenant.yaml")
        r = self.deskops.run("export", "--out", out, *extra)
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        with open(out) as f:
            docs = [d for d in yaml.safe_load_all(f) if d and d["kind"] == "Site"]
        return {d["metadata"]["name"]: d for d in docs}, out_dir

    def test_lifecycle(self):
        self.write(site_doc(EDGE, accessMode="BOTH", dedicatedCidrs=["10.20.0.0/16"], vpcId=VPC,
                            subnetIds=[SUBNET]))
        r = self.apply()
        self.assertIn("Converged", r.stdout)
        site = self.sites()[EDGE]
        self.assertEqual((site["site_type"], site["status"]), ("IES", "SUBSCRIBED"))
        self.assertEqual(site["access_config"]["access_mode"], "BOTH")
        self.assertEqual(site["access_config"]["dedicated_cidrs"], "10.20.0.0/16")
        self.assertEqual((site["network_config"]["vpc_id"], site["network_config"]["subnet_ids"]),
                         (VPC, [SUBNET]))

        # `get` lists it next to the central site; `export` leaves the central site out, and the
        # export planned against this tenant is in sync.
        got = self.get()
        self.assertEqual((got[EDGE]["id"], got[EDGE]["site_type"]), (site["id"], "IES"))
        self.assertIn("az3.manage.x86,cn-north-7c", got)
        exported, out_dir = self.export()
        self.assertEqual(sorted(exported), [EDGE])
        p = self.deskops.run("plan", out_dir)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr[-2000:])

        # A second apply changes nothing.
        self.sim.reset_stats()
        p = self.plan()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.sim.mutating_calls(), 0)

        # Changed in place: 4.2.4 and 4.2.5 on the same site.
        self.write(site_doc(EDGE, accessMode="DEDICATED", dedicatedCidrs=["10.20.0.0/16"],
                            vpcId=VPC, subnetIds=[SUBNET, SUBNET2]))
        self.sim.reset_stats()
        self.apply()
        after = self.sites()[EDGE]
        self.assertEqual(after["id"], site["id"])
        self.assertEqual(after["access_config"]["access_mode"], "DEDICATED")
        self.assertEqual(sorted(after["network_config"]["subnet_ids"]), sorted([SUBNET, SUBNET2]))
        ops = self.sim.calls_by_operation()
        self.assertEqual((ops.get("sites.access_mode"), ops.get("sites.subnets"), ops.get("sites.create")),
                         (1, 1, None))

        # 4.2.1 returns no settings: a change made elsewhere is not seen (write-only), and deskops
        # does not resend what it applied on every pass.
        self.sim.control("PATCH", f"objects/sites/{site['id']}", {"access_config": {"access_mode": "INTERNET"}})
        p = self.plan()
        self.assertEqual(p.returncode, 0, p.stdout)

        # A site deleted out of band is added again.
        self.sim.control("DELETE", f"objects/sites/{site['id']}")
        p = self.plan()
        self.assertEqual(p.returncode, 2, p.stdout)
        self.assertIn(f"+ {EDGE}", p.stdout)
        self.apply()
        self.assertNotEqual(self.sites()[EDGE]["id"], site["id"])

    def test_prune_deletes_only_the_sites_deskops_added(self):
        self.write(site_doc(EDGE, accessMode="INTERNET"))
        self.apply()
        # A site added in the console, which deskops never owned.
        self.sim.control("POST", "objects/sites", {
            "site_name": "Beijing Haidian IES", "site_type": "IES", "status": "SUBSCRIBED",
            "availability_zones": [EDGE2], "az_code": EDGE2})
        before = set(self.sites())
        self.write()  # nothing declared: an empty set never deletes
        self.apply("--prune", "--max-deletion-percent", "-1", "--allow-empty")
        self.assertEqual(set(self.sites()), before - {EDGE})
        self.assertIn("az3.manage.x86,cn-north-7c", self.sites(), "the central site stays")

    def test_an_adopted_site_is_not_changed_on_a_guess(self):
        # A site added in the console: 4.2.1 cannot tell its settings, so adopting it sends
        # nothing; a later change of the manifest is sent.
        console = self.sim.control("POST", "objects/sites", {
            "site_name": "Beijing Haidian IES", "site_type": "IES", "status": "SUBSCRIBED",
            "availability_zones": [EDGE2], "az_code": EDGE2,
            "access_config": {"access_mode": "BOTH"}})["id"]
        self.write(site_doc(EDGE2, accessMode="BOTH", subnetIds=[SUBNET]))
        self.sim.reset_stats()
        p = self.plan()
        self.assertIn(f"= {EDGE2}", p.stdout)
        self.assertNotIn("update", p.stdout)
        self.apply()
        self.assertEqual(self.sim.mutating_calls(), 0)
        owned, _ = self.export("--owned")
        self.assertEqual(sorted(owned), [EDGE2])

        self.write(site_doc(EDGE2, accessMode="INTERNET", subnetIds=[SUBNET]))
        self.sim.reset_stats()
        self.apply()
        self.assertEqual(self.sim.calls_by_operation().get("sites.access_mode"), 1)
        site = self.sites()[EDGE2]
        self.assertEqual((site["id"], site["access_config"]["access_mode"]), (console, "INTERNET"))

    def test_what_the_api_cannot_do_is_refused_before_any_call(self):
        self.write(site_doc("cn-north-7c", accessMode="BOTH"), site_doc(EDGE2, subnetIds=[SUBNET]))
        self.sim.reset_stats()
        r = self.apply(expect=1)
        out = r.stdout + r.stderr
        self.assertIn('Site/cn-north-7c: metadata.name: AZ "cn-north-7c" is served by the central site', out)
        self.assertIn("Site/cn-north-7-ies-bj02: spec.accessMode: adding a site needs its access mode", out)
        self.assertEqual(self.sim.mutating_calls(), 0)

        # A value the reference does not allow: file:line:col, and nothing applied (the valid
        # site next to it is not added either).
        path = os.path.join(self.manifests, "sites.yaml")
        with open(path, "w") as f:
            f.write("apiVersion: deskops.io/v1alpha1\nkind: Site\nmetadata: {name: %s}\n"
                    "spec:\n  accessMode: WIFI\n  dedicatedCidrs: [10.0.0.0/33]\n---\n%s\n"
                    % (EDGE2, site_doc(EDGE, accessMode="BOTH")))
        r = self.apply(expect=1)
        self.assertIn(f"{path}:5:15: Site/{EDGE2}: spec.accessMode: must be one of INTERNET, DEDICATED, "
                      'BOTH; got "WIFI"', r.stdout + r.stderr)
        self.assertIn(f"{path}:6:20: Site/{EDGE2}: spec.dedicatedCidrs[0]: must be a CIDR block",
                      r.stdout + r.stderr)
        self.assertEqual(self.sim.mutating_calls(), 0)
        self.assertNotIn(EDGE, self.sites())

        self.write(site_doc(EDGE, accessMode="BOTH", vpcId=VPC))
        self.apply()
        self.write(site_doc(EDGE, accessMode="BOTH", vpcId="another-vpc"))
        p = self.plan()
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn("spec.vpcId cannot change once the site exists", p.stdout)


if __name__ == "__main__":
    unittest.main()
