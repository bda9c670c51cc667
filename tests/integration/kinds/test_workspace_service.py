"""The WorkspaceService kind (4.2.7, 4.2.10, 4.2.11) against a real wks-sim over HTTPS, through the
real deskops binary: a manifest of what the service has is in sync at once, a subnet is added in
place through a 4.2.10 job, a change of how users get in (enterprise ID, port, AD domain) is held
until allowed, drift out of band is corrected, the AD domain's password arrives from the
environment and a rotated one is sent again without ever being printed or stored, removing the
manifest (even with --prune) changes nothing and never unsubscribes (4.2.9), and a second object or
bad input is a file:line:col error with nothing applied.
"""
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import Deskops, Sim

DESKOPS = os.environ.get("DESKOPS", "deskops")
WKS_SIM = os.environ.get("WKS_SIM", "wks-sim")
SUBNET_1 = "5dee0216-2260-47c2-9368-98a27d910e55"  # the simulator's seed (default_seed.cc)
SUBNET_2 = "c7f30df4-f3ac-4807-9599-18950b05455f"
PASSWORD = "Ad-Domain-Secret-4f1e"
ROTATED = "Ad-Domain-Rotated-80c2"

LOCAL_AD = {"domainType": "LOCAL_AD", "domainName": "corp.example.com",
            "domainAdminAccount": "wks-admin", "passwordFrom": {"env": "WS_AD_PASSWORD"},
            "activeDomainIp": "192.168.0.10", "activeDomainName": "dc01.corp.example.com",
            "activeDnsIp": "192.168.0.10", "deleteComputerObject": True}


def doc(name="workspace", annotations=None, **spec):
    meta = {"name": name}
    if annotations:
        meta["annotations"] = annotations
    return json.dumps({"apiVersion": "deskops.io/v1alpha1", "kind": "WorkspaceService",
                       "metadata": meta, "spec": spec})


class WorkspaceServiceTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="deskops-workspace-")
        self.sim = Sim(WKS_SIM, self.workdir)
        self.addCleanup(self.sim.stop)
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.deskops = Deskops(DESKOPS, self.sim, self.workdir, env={"WS_AD_PASSWORD": PASSWORD})
        self.manifests = os.path.join(self.workdir, "manifests")
        os.makedirs(self.manifests)
        self.printed = []
        self.addCleanup(self.assert_no_secret_anywhere)

    def write(self, *docs, name="workspace.yaml"):
        with open(os.path.join(self.manifests, name), "w") as f:
            f.write("\n---\n".join(docs) + "\n")

    def run_deskops(self, command, *extra):
        r = self.deskops.run(command, self.manifests, *extra)
        self.printed.append(r.stdout + r.stderr)
        return r

    def apply(self, *extra, rc=0):
        r = self.run_deskops("apply", *extra)
        self.assertEqual(r.returncode, rc, r.stdout + r.stderr)
        return r

    def service(self):
        return self.sim.state()["workspace"]["service"]

    def workspace_writes(self):
        return {op: n for op, n in self.sim.calls_by_operation().items()
                if op.startswith("workspace.") and op != "workspace.get"}

    def assert_no_secret_anywhere(self):
        texts = list(self.printed) + [json.dumps(self.sim.state())]
        for root, _, files in os.walk(self.deskops.state_dir):
            for name in files:
                with open(os.path.join(root, name), errors="replace") as f:
                    texts.append(f.read())
        for secret in (PASSWORD, ROTATED):
            for text in texts:
                self.assertNotIn(secret, text)

    def test_lifecycle(self):
        # What the service has: in sync at once, nothing sent.
        self.write(doc(accessMode="INTERNET", subnetIds=[SUBNET_1], internetAccessPort=443))
        self.sim.reset_stats()
        r = self.apply()
        self.assertIn("Converged", r.stdout)
        self.assertEqual(self.workspace_writes(), {})

        # A subnet added in place (safe), through a 4.2.10 job.
        self.write(doc(accessMode="INTERNET", subnetIds=[SUBNET_1, SUBNET_2],
                       internetAccessPort=443))
        self.sim.reset_stats()
        self.apply()
        self.assertEqual(self.workspace_writes(), {"workspace.modify": 1})
        self.assertEqual(sorted(self.service()["subnet_ids"]), sorted([SUBNET_1, SUBNET_2]))
        self.sim.reset_stats()
        p = self.run_deskops("plan")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.sim.mutating_calls(), 0)

        # The enterprise ID changes every user's login: held until allowed.
        self.write(doc(enterpriseId="corp01", subnetIds=[SUBNET_1, SUBNET_2]))
        r = self.apply(rc=2)
        self.assertIn("HELD by destructive", r.stdout)
        self.assertEqual(self.service()["enterprise_id"], "")
        self.write(doc(enterpriseId="corp01", subnetIds=[SUBNET_1, SUBNET_2],
                       annotations={"deskops.io/allow-destroy": "true"}))
        self.sim.reset_stats()
        self.apply()
        self.assertEqual(self.workspace_writes(), {"workspace.enterprise_id": 1})
        self.assertEqual(self.service()["enterprise_id"], "corp01")

        # Drift out of band is corrected; what the manifest leaves out (the port) is left alone.
        self.sim.control("PATCH", "objects/workspace/any",
                         {"enterprise_id": "by-hand", "internet_access_port": "8443"})
        p = self.run_deskops("plan")
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn('spec.enterpriseId: "by-hand" -> "corp01"', p.stdout)
        self.assertNotIn("internetAccessPort", p.stdout)
        self.apply()
        self.assertEqual((self.service()["enterprise_id"], self.service()["internet_access_port"]),
                         ("corp01", "8443"))

    def test_ad_domain_password_from_the_environment(self):
        self.write(doc(adDomain=LOCAL_AD))
        r = self.apply(rc=2)
        self.assertIn("HELD by destructive", r.stdout)
        self.assertEqual(self.service()["ad_domains"]["domain_type"], "LITE_AS")
        self.apply("--allow-destructive")
        ad = self.service()["ad_domains"]
        self.assertEqual((ad["domain_type"], ad["domain_name"]), ("LOCAL_AD", "corp.example.com"))
        self.assertEqual(ad["domain_password_sha256"],
                         "sha256:" + hashlib.sha256(PASSWORD.encode()).hexdigest())
        self.sim.reset_stats()
        p = self.run_deskops("plan")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

        # A rotated password alone is disruptive, not destructive: sent without --allow-destructive.
        self.deskops.env["WS_AD_PASSWORD"] = ROTATED
        p = self.run_deskops("plan")
        self.assertEqual(p.returncode, 2, p.stdout)
        self.assertIn("spec.adDomain.passwordFrom: (last applied differs) -> (from env "
                      "WS_AD_PASSWORD)", p.stdout)
        self.assertIn("update [disruptive]", p.stdout)
        self.assertNotIn("[destructive]  (", p.stdout)  # the legend names it; no action is
        self.apply()
        self.assertEqual(self.service()["ad_domains"]["domain_password_sha256"],
                         "sha256:" + hashlib.sha256(ROTATED.encode()).hexdigest())

    def test_get_and_export_then_plan_shows_no_changes(self):
        self.write(doc(enterpriseId="corp01", adDomain=LOCAL_AD,
                       annotations={"deskops.io/allow-destroy": "true"}))
        self.apply()
        r = subprocess.run([DESKOPS, "get", "workspaceservices", "-o", "json", "--endpoint", self.sim.url,
                            "--ca-file", self.sim.ca_file], env=self.deskops.env,
                           capture_output=True, text=True, timeout=60)
        self.printed.append(r.stdout + r.stderr)
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(r.stdout)
        got = got[0] if isinstance(got, list) else got
        self.assertEqual((got["enterprise_id"], got["ad_domains"]["domain_name"]),
                         ("corp01", "corp.example.com"))
        exported = os.path.join(self.workdir, "exported")
        os.makedirs(exported)
        out = os.path.join(exported, "tenant.yaml")
        r = self.deskops.run("export", "--out", out)
        self.printed.append(r.stdout + r.stderr)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out) as f:
            text = f.read()
        self.printed.append(text)
        self.assertIn("kind: WorkspaceService", text)
        self.assertIn("env: DESKOPS_AD_DOMAIN_PASSWORD", text)
        fresh = Deskops(DESKOPS, self.sim, os.path.join(self.workdir, "fresh"))
        p = fresh.run("plan", exported)
        self.printed.append(p.stdout + p.stderr)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn("WorkspaceService", p.stdout)

    def test_removing_the_manifest_changes_nothing_and_never_unsubscribes(self):
        self.write(doc(subnetIds=[SUBNET_1, SUBNET_2]))
        self.apply()
        before = self.service()
        os.remove(os.path.join(self.manifests, "workspace.yaml"))
        self.write("apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: ws-user}\n"
                   "spec: {userEmail: ws-user@example.com}\n", name="user.yaml")
        self.sim.reset_stats()
        r = self.apply("--prune", "--max-deletion-percent", "-1", "--max-deletions", "-1")
        self.assertNotIn("WorkspaceService", r.stdout)
        self.assertEqual(self.workspace_writes(), {})
        self.assertFalse([q for q in self.sim.stats()["requests"]
                          if q["route"].endswith("/workspaces") and q["method"] == "DELETE"],
                         "4.2.9 is never called")
        self.assertEqual(self.service(), before)

    def test_bad_input_is_refused_with_its_position_and_nothing_is_applied(self):
        cases = [
            ("a second object", [doc(enterpriseId="a"), doc(name="other", enterpriseId="b")],
             r"workspace\.yaml:\d+:\d+: WorkspaceService/other: metadata\.name: the tenant has "
             r"one WorkspaceService"),
            ("CIDRs with Internet access only",
             [doc(accessMode="INTERNET", dedicatedSubnets=["192.168.0.0/24"])],
             r"workspace\.yaml:\d+:\d+: WorkspaceService/workspace: spec\.dedicatedSubnets: "
             r"applies to accessMode DEDICATED or BOTH only"),
            ("an inline password",
             [doc(adDomain={**LOCAL_AD, "domainPassword": PASSWORD})],
             r"workspace\.yaml:\d+:\d+: WorkspaceService/workspace: spec\.adDomain\."
             r"domainPassword: inline passwords are not allowed"),
        ]
        for what, docs, error in cases:
            with self.subTest(what):
                self.write(*docs)
                self.sim.reset_stats()
                r = self.run_deskops("apply", "--allow-destructive")
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                self.assertRegex(r.stdout + r.stderr, error)
                self.assertEqual(self.sim.mutating_calls(), 0)


if __name__ == "__main__":
    unittest.main()
