"""Desktops over HTTPS: 4.3.1-4.3.29 success paths, documented errors and response schemas."""

import unittest

from base import (BIGGER_PRODUCT, IMAGE, PRIVATE_IMAGE, SECURITY_GROUP, SUBNET2, VPC, SimTestCase,
                  desktop_body)


class DesktopTest(SimTestCase):
    def test_create_get_list_and_detail(self):
        reply = self.client.post("/desktops", desktop_body())
        job_id = self.ok(reply, 200, "4.3.1")["job_id"]
        job = self.ok(self.client.wait_job(job_id), 200, "4.28.1")
        self.assertEqual(job["job_type"], "createDesktops")
        desktop_id = job["sub_jobs"][0]["entities"]["desktop_id"]
        got = self.ok(self.client.get(f"/desktops/{desktop_id}"), 200, "4.3.5")["desktop"]
        self.assertEqual(got["computer_name"], "eng-alice-01")
        self.assertEqual(got["status"], "ACTIVE")
        self.assertEqual(got["user_name"], "alice")
        self.assertEqual(got["metadata"]["metering.image_id"], IMAGE)
        self.assertEqual(got["subnet_id"], "5dee0216-2260-47c2-9368-98a27d910e55")
        self.assertEqual(got["product"]["product_id"], "workspace.c2.large.windows.2")
        listed = self.ok(self.client.get("/desktops"), 200, "4.3.2")
        self.assertEqual(listed["total_count"], 1)
        self.assertRegex(listed["desktops"][0]["created"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
        detail = self.ok(self.client.get("/desktops/detail"), 200, "4.3.8")
        self.assertRegex(detail["desktops"][0]["created"], r"Z$")
        # The user was created on first assignment, as LiteAS does.
        users = self.ok(self.client.get("/users", {"user_name": "alice"}))
        self.assertEqual(users["users"][0]["total_desktops"], 1)

    def test_create_validation(self):
        cases = [
            ("missing desktop_type", {"desktop_type": None}, 400, "WKS.0001"),
            ("bad desktop_type", {"desktop_type": "SOLO"}, 400, "WKS.0001"),
            ("system disk too small", {"root_volume": {"type": "SAS", "size": 70}}, 400, "WKS.0001"),
            ("disk not a multiple of 10", {"data_volumes": [{"type": "SAS", "size": 15}]}, 400,
             "WKS.0001"),
            ("unknown image", {"image_id": "nope"}, 400, "WKS.0568"),
            ("image type mismatch", {"image_type": "private"}, 400, "WKS.0001"),
            ("unknown product", {"product_id": "nope"}, 400, "WKS.0301"),
            ("unknown subnet", {"nics": [{"subnet_id": "nope"}]}, 400, "WKS.0568"),
            ("unknown AZ", {"availability_zone": "nowhere"}, 400, "WKS.0568"),
            ("size and desktops", {"size": 2}, 400, "WKS.0001"),
            ("11 tags", {"tags": [{"key": f"k{i}", "value": "v"} for i in range(11)]}, 400,
             "WKS.0566"),
            ("duplicate tag keys", {"tags": [{"key": "a"}, {"key": "a"}]}, 400, "WKS.0565"),
            ("invalid tag", {"tags": [{"key": "a=b"}]}, 400, "WKS.0564"),
        ]
        for name, change, status, code in cases:
            with self.subTest(name):
                body = desktop_body()
                for k, v in change.items():
                    if v is None:
                        body.pop(k)
                    else:
                        body[k] = v
                self.error(self.client.post("/desktops", body), status, code, "4.3.1")

    def test_names_are_unique_case_insensitively(self):
        self.create_desktop("alice", "Eng-01")
        self.error(self.client.post("/desktops", desktop_body("bob", "ENG-01")), 400, "WKS.00010139",
                   "4.3.1")
        two = desktop_body("bob", "eng-02")
        two["desktops"].append({"user_name": "carol", "computer_name": "ENG-02"})
        self.error(self.client.post("/desktops", two), 400, "WKS.00010139")

    def test_unassigned_desktops_by_size(self):
        body = desktop_body()
        del body["desktops"]
        body.update({"size": 3, "desktop_name": "lab"})
        self.client.wait_job(self.ok(self.client.post("/desktops", body))["job_id"])
        names = sorted(d["computer_name"] for d in self.ok(self.client.get("/desktops"))["desktops"])
        self.assertEqual(names, ["lab01", "lab02", "lab03"])

    def test_modify_and_delete(self):
        desktop_id = self.create_desktop()
        reply = self.client.put(f"/desktops/{desktop_id}",
                                {"desktop": {"computer_name": "renamed-01", "self_backup_management": "1"}})
        self.ok(reply, 200)
        got = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual(got["computer_name"], "renamed-01")
        other = self.create_desktop("bob", "bob-01")
        self.error(self.client.put(f"/desktops/{other}", {"desktop": {"computer_name": "RENAMED-01"}}),
                   400, "WKS.00010139", "4.3.3")
        self.error(self.client.put("/desktops/nope", {"desktop": {}}), 404, "WKS.00010031", "4.3.3")
        reply = self.client.delete(f"/desktops/{desktop_id}")
        self.assertEqual(reply.status, 204)
        self.assertEqual(reply.raw, b"")
        self.error(self.client.get(f"/desktops/{desktop_id}"), 404, "WKS.00010031", "4.3.5")
        self.error(self.client.delete(f"/desktops/{desktop_id}"), 404, "WKS.00010031", "4.3.4")

    def test_delete_users_with_the_last_desktop(self):
        desktop_id = self.create_desktop("erin", "erin-01")
        self.assertEqual(self.client.delete(f"/desktops/{desktop_id}", query={"delete_users": "true"}).status, 204)
        self.assertEqual(self.ok(self.client.get("/users", {"user_name": "erin"}))["total_count"], 0)

    def test_batch_delete_is_202_with_a_job(self):
        ids = [self.create_desktop(f"u{i}", f"del-{i}") for i in range(3)]
        reply = self.client.post("/desktops/batch-delete", {"desktop_ids": ids[:2]})
        job = self.ok(reply, 202, "4.3.6")["job_id"]
        self.assertEqual(self.ok(self.client.wait_job(job))["job_type"], "deleteDesktops")
        self.assertEqual(self.ok(self.client.get("/desktops"))["total_count"], 1)
        self.error(self.client.post("/desktops/batch-delete", {"desktop_ids": ["nope"]}), 400,
                   "WKS.0418", "4.3.6")
        self.error(self.client.post("/desktops/batch-delete", {}), 400, "WKS.0001", "4.3.6")

    def test_power_actions(self):
        desktop_id = self.create_desktop()
        for op, status in [("os-stop", "SHUTOFF"), ("os-start", "ACTIVE"), ("reboot", "ACTIVE"),
                           ("os-hibernate", "HIBERNATED"), ("os-start", "ACTIVE")]:
            with self.subTest(op):
                reply = self.client.post("/desktops/action", {"desktop_ids": [desktop_id], "op_type": op,
                                                              "type": "SOFT"})
                body = self.ok(reply, 200, "4.3.9")
                self.assertEqual(body["failed_operation_list"], [])
                self.client.wait_job(body["job_id"])
                got = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
                self.assertEqual(got["status"], status)
        # Starting a running desktop: WKS.00010107 (L50633).
        self.error(self.client.post("/desktops/action", {"desktop_ids": [desktop_id], "op_type": "os-start"}),
                   409, "WKS.00010107", "4.3.9")
        # In a batch, the refusals are listed and the rest runs.
        other = self.create_desktop("bob", "bob-01")
        self.ok(self.client.post("/desktops/action", {"desktop_ids": [other], "op_type": "os-stop"}))
        body = self.ok(self.client.post("/desktops/action", {"desktop_ids": [desktop_id, other],
                                                             "op_type": "os-stop"}), 200, "4.3.9")
        self.assertEqual([f["desktop_id"] for f in body["failed_operation_list"]], [other])
        self.assertEqual(body["failed_operation_list"][0]["error_code"], "WKS.00010108")
        self.error(self.client.post("/desktops/action", {"desktop_ids": [other], "op_type": "halt"}), 400,
                   "WKS.0001", "4.3.9")

    def test_resize_and_rebuild(self):
        desktop_id = self.create_desktop()
        body = self.ok(self.client.post("/desktops/resize", {"desktops": [{"desktop_id": desktop_id}],
                                                             "product_id": BIGGER_PRODUCT,
                                                             "mode": "STOP_DESKTOP"}), 200, "4.3.10")
        self.assertEqual(body["jobs"][0]["desktop_id"], desktop_id)
        self.client.wait_job(body["job_id"])
        got = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual(got["product_id"], BIGGER_PRODUCT)
        self.error(self.client.post("/desktops/resize", {"desktops": [{"desktop_id": desktop_id}],
                                                         "product_id": BIGGER_PRODUCT, "mode": "STOP_DESKTOP"}),
                   400, "WKS.0001", "4.3.10")
        self.error(self.client.post("/desktops/resize", {"desktops": [{"desktop_id": desktop_id}],
                                                         "product_id": BIGGER_PRODUCT, "mode": "LIVE"}),
                   400, "WKS.0001")
        body = self.ok(self.client.post("/desktops/rebuild", {"desktop_ids": [desktop_id],
                                                              "image_type": "private",
                                                              "image_id": PRIVATE_IMAGE}), 200, "4.3.11")
        self.client.wait_job(body["job_id"])
        got = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual(got["metadata"]["metering.image_id"], PRIVATE_IMAGE)
        self.error(self.client.post("/desktops/rebuild", {"desktop_ids": [desktop_id], "image_type": "gold",
                                                          "image_id": "nope"}), 400, "WKS.0568", "4.3.11")

    def test_detach_attach_and_privilege_group(self):
        desktop_id = self.create_desktop()
        body = self.ok(self.client.post("/desktops/detach", {"desktop_ids": [desktop_id]}), 200, "4.3.19")
        self.client.wait_job(body["job_id"])
        got = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual(got["attach_user_infos"], [])
        self.assertEqual(got["attach_state"], "DEATTACHED")
        body = self.ok(self.client.post("/desktops/attach", {"desktops": [{
            "desktop_id": desktop_id, "user_name": "bob", "user_group": "administrators"}]}), 200, "4.3.20")
        self.assertEqual(self.ok(self.client.wait_job(body["job_id"]))["job_type"], "attachDesktops")
        got = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual(got["user_name"], "bob")
        self.assertEqual(got["user_group"], "administrators")
        # Attaching an assigned desktop conflicts.
        self.error(self.client.post("/desktops/attach", {"desktops": [{
            "desktop_id": desktop_id, "user_name": "carol", "user_group": "users"}]}), 409, "WKS.00010032",
            "4.3.20")
        body = self.ok(self.client.post("/desktops/change-user-privilege-group", {"desktops": [{
            "desktop_id": desktop_id, "attach_user_infos": [
                {"user_name": "bob", "user_privilege_group": "users", "type": "USER"}]}]}), 200, "4.3.21")
        self.client.wait_job(body["job_id"])
        got = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual(got["attach_user_infos"][0]["user_group"], "users")
        body = self.ok(self.client.post("/desktops/batch-detach", {"desktops": [{
            "desktop_id": desktop_id, "is_detach_all_users": False,
            "detach_user_infos": [{"user_name": "bob", "type": "USER"}]}]}), 200, "4.3.18")
        self.client.wait_job(body["job_id"])
        self.assertEqual(self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]["user_name"], "")

    def test_batch_attach_spreads_users(self):
        users = [self.create_user(n) for n in ("u1", "u2")]
        body = desktop_body()
        del body["desktops"]
        body.update({"size": 2, "desktop_name": "pool"})
        self.client.wait_job(self.ok(self.client.post("/desktops", body))["job_id"])
        ids = [d["desktop_id"] for d in self.ok(self.client.get("/desktops"))["desktops"]]
        reply = self.client.post("/desktops/batch-attach", {
            "desktops": [{"desktop_id": i} for i in ids],
            "users": [{"user_id": u} for u in users],
            "assign_model": {"assign_dimension": "USER", "priority_strategy": "USER_NO_DESKTOP"}})
        self.client.wait_job(self.ok(reply, 200, "4.3.29")["job_id"])
        names = sorted(self.ok(self.client.get(f"/desktops/{i}"))["desktop"]["user_name"] for i in ids)
        self.assertEqual(names, ["u1", "u2"])
        self.error(self.client.post("/desktops/batch-attach", {"desktops": [{"desktop_id": ids[0]}],
                                                               "users": [{"user_id": "nope"}]}),
                   409, "WKS.00010032")

    def test_maintenance_mode(self):
        desktop_id = self.create_desktop()
        reply = self.client.put("/desktops/maintenance-mode", {"desktop_ids": [desktop_id],
                                                               "in_maintenance_mode": True})
        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.raw, b"")
        listed = self.ok(self.client.get("/desktops/detail", {"in_maintenance_mode": "true"}))
        self.assertEqual(listed["total_count"], 1)
        self.client.post("/desktops/detach", {"desktop_ids": [desktop_id]})
        self.error(self.client.put("/desktops/maintenance-mode", {"desktop_ids": ["nope"],
                                                                  "in_maintenance_mode": True}),
                   400, "WKS.0418", "4.3.27")

    def test_maintenance_mode_blocks_assignment(self):
        desktop_id = self.create_desktop()
        self.client.wait_job(self.ok(self.client.post("/desktops/detach", {"desktop_ids": [desktop_id]}))["job_id"])
        self.client.put("/desktops/maintenance-mode", {"desktop_ids": [desktop_id], "in_maintenance_mode": True})
        self.error(self.client.post("/desktops/attach", {"desktops": [{
            "desktop_id": desktop_id, "user_name": "bob", "user_group": "users"}]}), 409, "WKS.0016", "4.3.20")

    def test_networks(self):
        desktop_id = self.create_desktop()
        self.ok(self.client.get(f"/desktops/{desktop_id}/networks"), 200, "4.3.22")
        body = self.ok(self.client.put(f"/desktops/{desktop_id}/networks", {
            "vpc_id": VPC, "subnet_id": SUBNET2, "private_ip": "172.26.0.99",
            "security_group_ids": [SECURITY_GROUP]}), 200, "4.3.23")
        self.assertEqual(self.ok(self.client.wait_job(body["job_id"]))["job_type"], "changeDesktopNetwork")
        networks = self.ok(self.client.get("/desktops/networks", {"desktop_ids": [desktop_id]}), 200, "4.3.24")
        info = networks["networks"][0]
        self.assertEqual(info["computer_ip"], "172.26.0.99")
        self.assertEqual(info["network_infos"][0]["subnet_info"]["id"], SUBNET2)
        body = self.ok(self.client.post("/desktops/networks/batch-change", {
            "desktop_ids": [desktop_id], "vpc_id": VPC, "subnet_id": "5dee0216-2260-47c2-9368-98a27d910e55"}),
            200, "4.3.25")
        self.client.wait_job(body["job_id"])
        self.assertTrue(self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]["ip_addresses"][0]
                        .startswith("172.16."))
        self.error(self.client.put(f"/desktops/{desktop_id}/networks", {
            "vpc_id": VPC, "subnet_id": "nope", "security_group_ids": [SECURITY_GROUP]}), 400, "WKS.0568", "4.3.23")
        self.error(self.client.get("/desktops/networks"), 400, "WKS.0001", "4.3.24")

    def test_update_sids(self):
        desktop_id = self.create_desktop()
        before = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]["sid"]
        body = self.ok(self.client.put("/desktops/sids", {"desktop_ids": [desktop_id]}), 202)
        self.client.wait_job(body["job_id"])
        self.assertNotEqual(self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]["sid"], before)

    def test_filters(self):
        a = self.create_desktop("alice", "eng-alice-01", tags=[{"key": "team", "value": "eng"}])
        self.create_desktop("bob", "ops-bob-01", tags=[{"key": "team", "value": "ops"}])
        self.ok(self.client.post("/desktops/action", {"desktop_ids": [a], "op_type": "os-stop"}))
        cases = [
            ("computer_name is fuzzy", "/desktops", {"computer_name": "ALICE"}, 1),
            ("user_name is exact", "/desktops", {"user_name": "ali"}, 0),
            ("user_name", "/desktops", {"user_name": "alice"}, 1),
            ("user_names", "/desktops/detail", {"user_names": ["alice", "bob"]}, 2),
            ("tag", "/desktops", {"tag": "team=ops"}, 1),
            ("status", "/desktops/detail", {"status": "SHUTOFF"}, 1),
            ("desktop_id", "/desktops", {"desktop_id": [a]}, 1),
            ("desktop_type", "/desktops/detail", {"desktop_type": "POOLED"}, 0),
            ("user_attached", "/desktops/detail", {"user_attached": "true"}, 2),
        ]
        for name, path, query, want in cases:
            with self.subTest(name):
                self.assertEqual(self.ok(self.client.get(path, query))["total_count"], want)
        names = [d["computer_name"] for d in self.ok(self.client.get("/desktops/detail", {
            "sort_field": "computer_name", "sort_type": "DESC"}))["desktops"]]
        self.assertEqual(names, ["ops-bob-01", "eng-alice-01"])
        self.error(self.client.get("/desktops/detail", {"status": "RUNNING"}), 400, "WKS.0001", "4.3.8")


if __name__ == "__main__":
    unittest.main()
