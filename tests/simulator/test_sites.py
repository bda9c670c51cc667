"""Sites (4.2.1-4.2.5) over HTTPS: the resource family simulator/resources/sites. The central site
is listed from the seed; edge sites are added in the seeded edge AZs, changed and deleted through
jobs; errors carry 4.2's three-field shape; the state dump shows what the service was told."""

import unittest

import schema_check
import simclient
from base import BINARY, SUBNET, SUBNET2, VPC, SimTestCase

EDGE = "cn-north-7-ies-bj01"
EDGE2 = "cn-north-7-ies-bj02"
CENTRAL_ID = "0e2dae94-23ff-449a-bb9c-1b808cf2106d"

# The reference's response tables, which response_schemas.json does not cover: 4.2.1 Tables
# 4-148/4-149 (L2798-2813) and the job answers of 4.2.2-4.2.5 (L2974, L3114, L3261, L3418).
schema_check.schemas().update({
    "4.2.1": {"method": "GET", "path": "/v2/{project_id}/sites", "responses": {"200": {
        "site_infos": "Array of SiteInfo objects", "total_count": "Integer",
        "site_infos[].site_id": "String", "site_infos[].site_name": "String",
        "site_infos[].site_type": "String", "site_infos[].project_id": "String",
        "site_infos[].status": "String", "site_infos[].create_time": "String"}}},
    **{s: {"method": m, "path": p, "responses": {"200": {"job_id": "String"}}} for s, m, p in [
        ("4.2.2", "POST", "/v2/{project_id}/sites"),
        ("4.2.3", "DELETE", "/v2/{project_id}/sites/{site_id}"),
        ("4.2.4", "PUT", "/v2/{project_id}/sites/{site_id}/access-mode"),
        ("4.2.5", "PUT", "/v2/{project_id}/sites/{site_id}/subnet-ids")]},
})


def site_config(az=EDGE, mode="INTERNET", **network):
    return {"availability_zone": az, "network_config": network, "access_config": {"access_mode": mode}}


class SiteTest(SimTestCase):
    def sites(self, **query):
        return self.ok(self.client.get("/sites", query or None), 200, "4.2.1")["site_infos"]

    def state(self, az):
        return next(s for s in self.client.control("GET", "state").json["sites"]["sites"]
                    if s["az_code"] == az)

    def add(self, *configs):
        job = self.ok(self.client.post("/sites", {"site_configs": list(configs)}), 200, "4.2.2")["job_id"]
        self.assertEqual(self.ok(self.client.wait_job(job))["status"], "SUCCESS")

    def test_the_central_site_is_listed(self):
        [central] = self.sites()
        self.assertEqual({k: central[k] for k in ("site_id", "site_name", "site_type", "status", "az_code")},
                         {"site_id": CENTRAL_ID, "site_name": "Huawei Cloud Central Site", "site_type": "CENTER",
                          "status": "SUBSCRIBED", "az_code": "az3.manage.x86,cn-north-7c"})
        self.assertEqual(central["project_id"], simclient.DEMO_PROJECT)

    def test_add_change_delete_an_edge_site(self):
        # The 4.2.2 example's shape (L3040-3054), in a seeded edge AZ.
        self.add({"availability_zone": EDGE, "network_config": {"vpc_id": VPC, "subnet_ids": [SUBNET]},
                  "access_config": {"access_mode": "BOTH", "dedicated_cidrs": "192.168.0.0/24;10.0.0.0/16"}})
        [edge] = self.sites(site_type="IES")
        self.assertEqual((edge["site_name"], edge["status"], edge["az_code"]),
                         ("Beijing Chaoyang IES", "SUBSCRIBED", EDGE))
        self.assertEqual([s["site_id"] for s in self.sites(availability_zone_id=EDGE)], [edge["site_id"]])
        self.assertEqual([s["site_id"] for s in self.sites(availability_zone_id="cn-north-7c")], [CENTRAL_ID])
        kept = self.state(EDGE)
        self.assertEqual((kept["network_config"]["vpc_id"], kept["network_config"]["subnet_ids"],
                          kept["access_config"]["access_mode"], kept["access_config"]["dedicated_cidrs"]),
                         (VPC, [SUBNET], "BOTH", "192.168.0.0/24;10.0.0.0/16"))

        # 4.2.4 with the example's fields (L3201-3210), 4.2.5 with the example's vpc_config_infos.
        site = edge["site_id"]
        job = self.ok(self.client.put(f"/sites/{site}/access-mode", {
            "access_mode": "DEDICATED", "dedicated_cidrs": "10.1.0.0/16",
            "apply_shared_vpc_dedicated_param": {"address": "10.1.0.9", "port": 65535,
                                                 "availability_zone": [EDGE]}}), 200, "4.2.4")["job_id"]
        self.assertEqual(self.ok(self.client.wait_job(job))["status"], "SUCCESS")
        job = self.ok(self.client.put(f"/sites/{site}/subnet-ids", {
            "subnet_ids": [SUBNET2],
            "vpc_config_infos": [{"vpc_id": VPC, "subnet_ids": [SUBNET2], "default_access_vpc": True}]}),
            200, "4.2.5")["job_id"]
        self.assertEqual(self.ok(self.client.wait_job(job))["status"], "SUCCESS")
        kept = self.state(EDGE)
        self.assertEqual(kept["access_config"]["access_mode"], "DEDICATED")
        self.assertEqual(kept["access_config"]["apply_shared_vpc_dedicated_param"]["port"], 65535)
        self.assertEqual(kept["network_config"]["subnet_ids"], [SUBNET2])
        self.assertEqual(kept["network_config"]["vpc_config_infos"][0]["default_access_vpc"], True)

        reply = self.ok(self.client.delete(f"/sites/{site}"), 200, "4.2.3")
        self.assertEqual(self.ok(self.client.wait_job(reply["job_id"]))["status"], "SUCCESS")
        self.assertEqual(self.sites(site_type="IES"), [])
        stats = self.client.control("GET", "stats").json["by_operation"]
        self.assertEqual({op: stats.get(op) for op in ("sites.create", "sites.access_mode", "sites.subnets",
                                                       "sites.delete")},
                         {"sites.create": 1, "sites.access_mode": 1, "sites.subnets": 1, "sites.delete": 1})

    def test_the_table_name_of_the_vpc_list_is_accepted_too(self):
        self.add(site_config())
        site = self.sites(site_type="IES")[0]["site_id"]
        # 4.2.5's table says vpc_config_info (L3403), its example vpc_config_infos (L3490).
        job = self.ok(self.client.put(f"/sites/{site}/subnet-ids",
                                      {"vpc_config_info": [{"vpc_id": VPC, "subnet_ids": [SUBNET]}]}))["job_id"]
        self.assertEqual(self.ok(self.client.wait_job(job))["status"], "SUCCESS")
        self.assertEqual(self.state(EDGE)["network_config"]["vpc_config_infos"], [{"vpc_id": VPC, "subnet_ids": [SUBNET]}])
        self.error(self.client.put(f"/sites/{site}/subnet-ids", {"vpc_config_info": [], "vpc_config_infos": []}),
                   400, "WKS.0001", "4.2.5")

    def test_errors(self):
        self.add(site_config(EDGE))
        site = self.sites(site_type="IES")[0]["site_id"]
        cases = [
            ("POST", "/sites", {}, 400, "WKS.0001", "4.2.2"),
            ("POST", "/sites", {"site_configs": []}, 400, "WKS.0001", "4.2.2"),
            ("POST", "/sites", {"site_configs": [{"network_config": {}, "access_config": {"access_mode": "BOTH"}}]},
             400, "WKS.0001", "4.2.2"),
            ("POST", "/sites", {"site_configs": [{"availability_zone": EDGE2, "network_config": {}}]},
             400, "WKS.0001", "4.2.2"),
            ("POST", "/sites", {"site_configs": [site_config(EDGE2, mode="SATELLITE")]}, 400, "WKS.0001", "4.2.2"),
            ("POST", "/sites", {"site_configs": [{**site_config(EDGE2), "access_config": {
                "access_mode": "DEDICATED", "dedicated_cidrs": ";".join(f"10.{i}.0.0/16" for i in range(6))}}]},
             400, "WKS.0001", "4.2.2"),
            ("POST", "/sites", {"site_configs": [{**site_config(EDGE2), "access_config": {
                "access_mode": "DEDICATED", "dedicated_cidrs": "10.0.0.0/33"}}]}, 400, "WKS.0001", "4.2.2"),
            ("POST", "/sites", {"site_configs": [site_config("no-such-az")]}, 400, "WKS.0568", "4.2.2"),
            ("POST", "/sites", {"site_configs": [site_config(EDGE2, subnet_ids=["nope"])]}, 400, "WKS.0568", "4.2.2"),
            ("POST", "/sites", {"site_configs": [site_config(EDGE2, vpc_id="nope")]}, 400, "WKS.0568", "4.2.2"),
            ("POST", "/sites", {"site_configs": [site_config(EDGE2), site_config(EDGE2)]}, 400, "WKS.0001", "4.2.2"),
            ("POST", "/sites", {"site_configs": [site_config(EDGE)]}, 409, "SIM.0409", "4.2.2"),
            ("POST", "/sites", {"site_configs": [site_config("cn-north-7c")]}, 409, "SIM.0409", "4.2.2"),
            ("GET", "/sites?site_type=EDGE", None, 400, "WKS.0001", "4.2.1"),
            ("DELETE", f"/sites/{CENTRAL_ID}", None, 400, "WKS.0001", "4.2.3"),
            ("DELETE", "/sites/nope", None, 404, "WKS.00010031", "4.2.3"),
            ("PUT", f"/sites/{site}/access-mode", {}, 400, "WKS.0001", "4.2.4"),
            ("PUT", f"/sites/{site}/access-mode", {"access_mode": "ALL"}, 400, "WKS.0001", "4.2.4"),
            ("PUT", f"/sites/{site}/access-mode", {"apply_shared_vpc_dedicated_param": {"port": 70000}},
             400, "WKS.0001", "4.2.4"),
            ("PUT", "/sites/nope/access-mode", {"access_mode": "BOTH"}, 404, "WKS.00010031", "4.2.4"),
            ("PUT", f"/sites/{site}/subnet-ids", {}, 400, "WKS.0001", "4.2.5"),
            ("PUT", f"/sites/{site}/subnet-ids", {"subnet_ids": []}, 400, "WKS.0001", "4.2.5"),
            ("PUT", f"/sites/{site}/subnet-ids", {"subnet_ids": ["nope"]}, 400, "WKS.0568", "4.2.5"),
        ]
        for method, path, body, status, code, section in cases:
            with self.subTest(f"{method} {path} {body}"):
                path, _, query = path.partition("?")
                query = dict([query.split("=")]) if query else None
                self.error(self.client.api(method, path, query, body), status, code, section)
        self.assertEqual([s["az_code"] for s in self.sites()], ["az3.manage.x86,cn-north-7c", EDGE],
                         "nothing was added by a refused call")

    def test_the_central_site_can_change_its_access_mode(self):
        job = self.ok(self.client.put(f"/sites/{CENTRAL_ID}/access-mode", {"access_mode": "BOTH"}))["job_id"]
        self.assertEqual(self.ok(self.client.wait_job(job))["status"], "SUCCESS")
        self.assertEqual(self.state("az3.manage.x86,cn-north-7c")["access_config"]["access_mode"], "BOTH")

    def test_reset_and_out_of_band_changes(self):
        self.add(site_config())
        site = self.sites(site_type="IES")[0]["site_id"]
        reply = self.client.control("PATCH", f"objects/sites/{site}", {"status": "SUBSCRIPTION_FAILED"})
        self.assertEqual(reply.status, 200, reply.raw)
        self.assertEqual(self.sites(site_type="IES")[0]["status"], "SUBSCRIPTION_FAILED")
        self.assertEqual(self.client.control("DELETE", f"objects/sites/{site}").status, 204)
        self.assertEqual(self.sites(site_type="IES"), [])
        self.add(site_config())
        self.assertEqual(self.client.control("POST", "reset").status, 204)
        self.assertEqual([s["site_type"] for s in self.sites()], ["CENTER"])


class SiteJobTest(SimTestCase):
    """With jobs that take reads, a site is SUBSCRIBING until its job ends, refuses other changes
    meanwhile (409 WKS.00010032), and a change shows once its job succeeded."""
    sim_kwargs = {"jobs": "reads:2"}

    def test_changes_wait_for_the_job(self):
        job = self.ok(self.client.post("/sites", {"site_configs": [site_config()]}))["job_id"]
        [edge] = [s for s in self.ok(self.client.get("/sites"))["site_infos"] if s["site_type"] == "IES"]
        self.assertEqual(edge["status"], "SUBSCRIBING")
        self.error(self.client.put(f"/sites/{edge['site_id']}/access-mode", {"access_mode": "BOTH"}),
                   409, "WKS.00010032", "4.2.4")
        self.assertEqual(self.ok(self.client.wait_job(job))["status"], "SUCCESS")
        job = self.ok(self.client.put(f"/sites/{edge['site_id']}/access-mode", {"access_mode": "BOTH"}))["job_id"]
        mode = [s for s in self.client.control("GET", "state").json["sites"]["sites"] if s["id"] == edge["site_id"]]
        self.assertEqual(mode[0]["access_config"]["access_mode"], "INTERNET", "not before the job ends")
        self.assertEqual(self.ok(self.client.wait_job(job))["status"], "SUCCESS")
        mode = [s for s in self.client.control("GET", "state").json["sites"]["sites"] if s["id"] == edge["site_id"]]
        self.assertEqual(mode[0]["access_config"]["access_mode"], "BOTH")

    def test_a_failed_add_leaves_the_site_failed(self):
        self.client.control("PUT", "faults", {"rules": [{"operation": "sites.create", "kind": "job_failure",
                                                          "count": 1}]})
        job = self.ok(self.client.post("/sites", {"site_configs": [site_config()]}))["job_id"]
        self.assertEqual(self.ok(self.client.wait_job(job))["status"], "FAILED")
        statuses = [s["status"] for s in self.ok(self.client.get("/sites"))["site_infos"] if s["site_type"] == "IES"]
        self.assertEqual(statuses, ["SUBSCRIPTION_FAILED"])


if __name__ == "__main__":
    unittest.main()
