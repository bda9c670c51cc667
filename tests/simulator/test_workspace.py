"""The Workspace service (4.2.7, 4.2.10, 4.2.11) over HTTPS: the resource family
simulator/resources/workspace. 4.2.10 changes one attribute type per request through a job whose
end applies it (access_status shows the transition meanwhile), its examples are accepted, the
domain password is never answered nor kept, and 4.2.8 / 4.2.9 are not served."""

import hashlib
import json
import unittest

from base import SUBNET, SUBNET2, SimTestCase

# The 4.2.10 example's domain (L4588-4606).
AD_DOMAIN = {"domain_type": "LOCAL_AD", "domain_admin_account": "vdsadmin",
             "active_domain_ip": "192.161.43.66", "standby_domain_ip": "192.161.43.67",
             "domain_name": "vdesktop.huawei.com", "domain_password": "xxxxxxxxx@",
             "active_domain_name": "AD-xxx-0001.vdesktop.huawei.com", "active_dns_ip": "192.161.43.66",
             "standby_domain_name": "AD-xxx-0002.vdesktop.huawei.com", "standby_dns_ip": "192.161.43.67",
             "use_ldaps": True,
             "tls_config": {"cert_pem": "-----BEGIN CERTIFICATE-----\nMIIDiTCc\n-----END CERTIFICATE"}}


class WorkspaceTest(SimTestCase):
    sim_kwargs = {"jobs": "reads:2"}

    def service(self):
        return self.ok(self.client.get("/workspaces"))

    def modify(self, body, status="SUCCESS"):
        reply = self.ok(self.client.put("/workspaces", body))
        self.assertRegex(reply["job_id"], r"^[0-9a-f-]{36}$")
        job = self.ok(self.client.wait_job(reply["job_id"]))
        self.assertEqual(job["status"], status, job)
        self.assertEqual(job["job_type"], "modifyWorkspaceAttributes")
        return reply

    def test_read(self):
        s = self.service()
        self.assertEqual((s["status"], s["access_mode"], s["internet_access_port"]),
                         ("SUBSCRIBED", "INTERNET", "443"))
        self.assertEqual(s["subnet_ids"], [{"subnet_id": SUBNET}], "SubnetInfo objects (L3768)")
        self.assertEqual(s["ad_domains"], {"domain_type": "LITE_AS"})
        self.assertNotIn("dedicated_subnets", s, "only with DEDICATED or BOTH (L3756)")

    def test_access_mode_runs_as_a_job(self):
        # The first 4.2.10 example (L4582-4586).
        reply = self.ok(self.client.put("/workspaces", {"access_mode": "BOTH"}))
        during = self.service()
        self.assertEqual((during["access_mode"], during["access_status"]),
                         ("INTERNET", "dedicatedOpening"))
        self.error(self.client.put("/workspaces", {"internet_access_port": "8443"}), 500,
                   "WKS.00000010", "4.2.10")
        self.assertEqual(self.ok(self.client.wait_job(reply["job_id"]))["status"], "SUCCESS")
        after = self.service()
        self.assertEqual((after["access_mode"], after["access_status"]), ("BOTH", "openSuccess"))
        # The third example (L4609-4612): the CIDRs go with the mode, answered as one text.
        self.modify({"access_mode": "DEDICATED", "dedicated_subnets": "192.168.0.0/24;10.0.0.0/16"})
        after = self.service()
        self.assertEqual((after["dedicated_subnets"], after["access_status"]),
                         ("192.168.0.0/24;10.0.0.0/16", "closeSuccess"))
        self.assertNotIn("internet_access_address", after)

    def test_ad_domain(self):
        self.modify({"ad_domains": AD_DOMAIN})  # the second example (L4588-4606)
        ad = self.service()["ad_domains"]
        self.assertEqual((ad["domain_type"], ad["domain_name"], ad["standby_dns_ip"]),
                         ("LOCAL_AD", "vdesktop.huawei.com", "192.161.43.67"))
        self.assertNotIn("cert_pem", json.dumps(ad), "never returned (L4496)")
        self.assertNotIn("xxxxxxxxx@", json.dumps(ad))
        stored = self.client.control("GET", "state").json["workspace"]["service"]["ad_domains"]
        self.assertEqual(stored["domain_password_sha256"],
                         "sha256:" + hashlib.sha256(b"xxxxxxxxx@").hexdigest())
        self.assertNotIn("xxxxxxxxx@", json.dumps(stored) + self.sim.read_log())
        # ad_info changes the administrator of the current domain (L4458-4464).
        self.modify({"ad_info": {"domain_type": "LOCAL_AD", "domain_admin_account": "admin2",
                                 "domain_password": "new-one"}})
        self.assertEqual(self.service()["ad_domains"]["domain_admin_account"], "admin2")
        # Back to LiteAS: the domain is replaced whole.
        self.modify({"ad_domains": {"domain_type": "LITE_AS"}})
        self.assertEqual(self.service()["ad_domains"], {"domain_type": "LITE_AS"})

    def test_other_attributes(self):
        self.modify({"subnet_ids": [SUBNET, SUBNET2]})
        self.assertEqual(self.service()["subnet_ids"], [{"subnet_id": SUBNET}, {"subnet_id": SUBNET2}])
        self.modify({"internet_access_port": 8443})  # a number is taken as the port's text
        self.assertEqual(self.service()["internet_access_port"], "8443")
        self.modify({"is_send_email": False})  # the fourth example (L4615-4617)
        self.assertFalse(self.service()["is_send_email"])
        reply = self.modify({"enterprise_id": "acme"})
        self.assertEqual(reply["enterprise_id"], "acme")
        # 4.2.11's example (L4747-4750): synchronous, answered with the ID.
        self.assertEqual(self.ok(self.client.put("/workspaces/enterprise-id",
                                                 {"enterprise_id": "huawei"})),
                         {"enterprise_id": "huawei"})
        self.assertEqual(self.service()["enterprise_id"], "huawei")

    def test_errors(self):
        local = dict(AD_DOMAIN)
        del local["active_dns_ip"]
        half_standby = dict(AD_DOMAIN)
        del half_standby["standby_dns_ip"]
        cases = [
            ({"access_mode": "BOTH", "subnet_ids": [SUBNET]}, 400, "WKS.0001"),  # two types, L4406
            ({}, 400, "WKS.0001"),
            ({"access_mode": "SATELLITE"}, 400, "WKS.0001"),
            ({"access_mode": "INTERNET", "dedicated_subnets": "10.0.0.0/8"}, 400, "WKS.0001"),
            ({"access_mode": "BOTH", "dedicated_subnets": ";".join(f"10.{i}.0.0/16" for i in range(6))},
             400, "WKS.0001"),
            ({"ad_domains": local}, 400, "WKS.0001"),
            ({"ad_domains": half_standby}, 400, "WKS.0001"),
            ({"ad_domains": {**AD_DOMAIN, "domain_name": "d" * 56}}, 400, "WKS.0001"),
            ({"ad_domains": {**AD_DOMAIN, "active_domain_ip": "not-an-ip"}}, 400, "WKS.0001"),
            ({"subnet_ids": ["no-such-subnet"]}, 400, "WKS.0568"),
            ({"subnet_ids": []}, 400, "WKS.0001"),
            ({"internet_access_port": "0"}, 400, "WKS.0001"),
            ({"internet_access_port": "http"}, 400, "WKS.0001"),
        ]
        for body, status, code in cases:
            with self.subTest(body=json.dumps(body)[:80]):
                self.error(self.client.put("/workspaces", body), status, code, "4.2.10")
        self.error(self.client.put("/workspaces/enterprise-id", {}), 400, "WKS.0001", "4.2.11")

    def test_failed_job_changes_nothing(self):
        rules = {"rules": [{"operation": "workspace.modify", "kind": "job_failure", "count": 1}]}
        self.assertEqual(self.client.control("PUT", "faults", rules).status, 200)
        self.modify({"internet_access_port": "8443"}, status="FAILED")
        s = self.service()
        self.assertEqual((s["internet_access_port"], s["access_status"]),
                         ("443", "internetAccessPortModifyFailed"))

    def test_never_subscribes_nor_unsubscribes(self):
        for method in ("POST", "DELETE"):  # 4.2.8 and 4.2.9 are not served
            with self.subTest(method=method):
                self.error(self.client.api(method, "/workspaces", None, {}), 405, "SIM.0405")
        self.assertEqual(self.client.control("PATCH", "objects/workspace/any",
                                             {"ad_domains": 3}).status, 400)
        self.assertEqual(self.client.control("PATCH", "objects/workspace/any",
                                             {"status": "PREPARING"}).status, 200)
        self.error(self.client.put("/workspaces", {"is_send_email": True}), 400, "WKS.00010037",
                   "4.2.10")
        self.error(self.client.put("/workspaces/enterprise-id", {"enterprise_id": "x"}), 400,
                   "WKS.00010037", "4.2.11")


if __name__ == "__main__":
    unittest.main()
