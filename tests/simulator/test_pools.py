"""Desktop pools over HTTPS: 4.4.1-4.4.15."""

import unittest

from base import BIGGER_PRODUCT, IMAGE, PRIVATE_IMAGE, PRODUCT, SUBNET, SimTestCase


def pool_body(name="support-pool", size=2, **extra):
    body = {"name": name, "type": "DYNAMIC", "size": size, "product_id": PRODUCT,
            "image_type": "gold", "image_id": IMAGE, "root_volume": {"type": "SAS", "size": 80},
            "subnet_ids": [SUBNET], "description": "support team",
            "data_volumes": [{"type": "SAS", "size": 50}]}
    body.update(extra)
    return body


class PoolTest(SimTestCase):
    def create_pool(self, name="support-pool", size=2, **extra):
        job = self.ok(self.client.post("/desktop-pools", pool_body(name, size, **extra)), 200, "4.4.1")
        done = self.ok(self.client.wait_job(job["job_id"]))
        self.assertEqual((done["job_type"], done["status"]), ("createDesktopPool", "SUCCESS"))
        pools = self.ok(self.client.get("/desktop-pools", {"name": name}))["desktop_pools"]
        return next(p["id"] for p in pools if p["name"] == name)

    def test_create_list_get_modify_delete(self):
        pool_id = self.create_pool()
        listed = self.ok(self.client.get("/desktop-pools"), 200, "4.4.2")
        self.assertEqual(listed["total_count"], 1)
        got = self.ok(self.client.get(f"/desktop-pools/{pool_id}"), 200, "4.4.5")
        self.assertEqual((got["desktop_count"], got["desktop_used"], got["subnet_id"]), (2, 0, SUBNET))
        self.assertEqual(got["status"], "STEADY")
        members = self.ok(self.client.get(f"/desktop-pools/{pool_id}/desktops"), 200, "4.4.15")
        self.assertEqual(members["total_count"], 2)
        self.assertEqual(members["pool_desktops"][0]["desktop_type"], "POOLED")
        self.assertEqual(self.client.put(f"/desktop-pools/{pool_id}", {
            "name": "support-pool-2", "description": "renamed", "in_maintenance_mode": True,
            "autoscale_policy": {"autoscale_type": "AUTO_CREATED", "max_auto_created": 5}}).status, 204)
        got = self.ok(self.client.get(f"/desktop-pools/{pool_id}"))
        self.assertEqual((got["name"], got["in_maintenance_mode"]), ("support-pool-2", True))
        self.assertEqual(got["autoscale_policy"]["max_auto_created"], 5)
        # "If no desktop exists in a desktop pool, you can delete the desktop pool." (L12211)
        self.error(self.client.delete(f"/desktop-pools/{pool_id}"), 409, "WKS.00010032", "4.4.4")
        ids = [d["desktop_id"] for d in members["pool_desktops"]]
        self.client.wait_job(self.ok(self.client.post("/desktops/batch-delete", {"desktop_ids": ids}), 202)["job_id"])
        self.assertEqual(self.client.delete(f"/desktop-pools/{pool_id}").status, 204)
        self.error(self.client.get(f"/desktop-pools/{pool_id}"), 404, "WKS.00010031", "4.4.5")

    def test_create_validation(self):
        self.create_pool("taken")
        cases = [
            ("duplicate name", pool_body("taken"), 409, "SIM.0409"),
            ("bad name", pool_body("no spaces"), 400, "WKS.0001"),
            ("bad type", pool_body(type="FLOATING"), 400, "WKS.0001"),
            ("no subnets", {k: v for k, v in pool_body().items() if k != "subnet_ids"}, 400, "WKS.0001"),
            ("unknown image", pool_body(image_id="nope"), 400, "WKS.0568"),
        ]
        for name, body, status, code in cases:
            with self.subTest(name):
                self.error(self.client.post("/desktop-pools", body), status, code, "4.4.1")

    def test_expand_resize_rebuild_and_action(self):
        pool_id = self.create_pool(size=1)
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/expand", {"size": 2}), 200, "4.4.6")
        self.assertEqual(self.ok(self.client.wait_job(body["job_id"]))["job_type"], "expandDesktopPool")
        self.assertEqual(self.ok(self.client.get(f"/desktop-pools/{pool_id}"))["desktop_count"], 3)
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/resize", {"product_id": BIGGER_PRODUCT}),
                       200, "4.4.7")
        self.assertEqual(len(body["jobs"]), 3)
        self.client.wait_job(body["job_id"])
        got = self.ok(self.client.get(f"/desktop-pools/{pool_id}"))
        self.assertEqual(got["product"]["product_id"], BIGGER_PRODUCT)
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/rebuild", {
            "image_type": "private", "image_id": PRIVATE_IMAGE}), 200, "4.4.8")
        self.client.wait_job(body["job_id"])
        self.assertEqual(self.ok(self.client.get(f"/desktop-pools/{pool_id}"))["image_id"], PRIVATE_IMAGE)
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/action", {"op_type": "os-stop"}), 200, "4.4.12")
        self.client.wait_job(body["job_id"])
        statuses = {d["status"] for d in self.ok(self.client.get("/desktops/detail"))["desktops"]}
        self.assertEqual(statuses, {"SHUTOFF"})
        # "hibernate" for pools, "os-hibernate" for desktops (L13545 vs L6932).
        self.error(self.client.post(f"/desktop-pools/{pool_id}/action", {"op_type": "os-hibernate"}),
                   400, "WKS.0001", "4.4.12")
        self.error(self.client.post("/desktop-pools/nope/expand", {"size": 1}), 404, "WKS.00010031", "4.4.6")

    def test_volumes(self):
        pool_id = self.create_pool(size=1)
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/volumes/batch-add", {
            "volumes": [{"type": "SSD", "size": 20}]}), 200, "4.4.9")
        self.client.wait_job(body["job_id"])
        volumes = self.ok(self.client.get(f"/desktop-pools/{pool_id}"))["data_volumes"]
        self.assertEqual([v["size"] for v in volumes], [50, 20])
        desktop = self.ok(self.client.get("/desktops/detail"))["desktops"][0]
        self.assertEqual([v["size"] for v in desktop["data_volumes"]], [50, 20])
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/volumes/batch-expand", {
            "volumes": [{"id": volumes[1]["id"], "type": "SSD", "size": 40}]}), 200, "4.4.11")
        self.client.wait_job(body["job_id"])
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/volumes/batch-delete", {
            "volumes": [{"id": volumes[0]["id"], "type": "SAS", "size": 50}]}), 200, "4.4.10")
        self.client.wait_job(body["job_id"])
        self.assertEqual([(v["type"], v["size"]) for v in
                          self.ok(self.client.get(f"/desktop-pools/{pool_id}"))["data_volumes"]], [("SSD", 40)])
        desktop = self.ok(self.client.get("/desktops/detail"))["desktops"][0]
        self.assertEqual([v["size"] for v in desktop["data_volumes"]], [40])
        self.error(self.client.post(f"/desktop-pools/{pool_id}/volumes/batch-delete", {
            "volumes": [{"id": "nope", "type": "SAS", "size": 10}]}), 400, "WKS.0568", "4.4.10")

    def test_volumes_in_the_sdk_form(self):
        # The official SDKs send 4.4.10 items as {id} and 4.4.11 items as {id, size}
        # (DeleteDesktopPoolVolumesReqVolumes, ExpandDesktopPoolVolumesReqVolumes), with the optional
        # handle_type; type comes from the pool's disk.
        pool_id = self.create_pool(size=1, data_volumes=[{"type": "SSD", "size": 50},
                                                         {"type": "SAS", "size": 30}])
        first, second = self.ok(self.client.get(f"/desktop-pools/{pool_id}"))["data_volumes"]
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/volumes/batch-expand", {
            "handle_type": "FOR_EXPAND_AND_ALL", "volumes": [{"id": first["id"], "size": 60}]}), 200, "4.4.11")
        self.assertEqual(self.client.wait_job(body["job_id"]).json["status"], "SUCCESS")
        body = self.ok(self.client.post(f"/desktop-pools/{pool_id}/volumes/batch-delete", {
            "volumes": [{"id": second["id"]}]}), 200, "4.4.10")
        self.assertEqual(self.client.wait_job(body["job_id"]).json["status"], "SUCCESS")
        self.assertEqual([(v["type"], v["size"]) for v in
                          self.ok(self.client.get(f"/desktop-pools/{pool_id}"))["data_volumes"]], [("SSD", 60)])
        desktop = self.ok(self.client.get("/desktops/detail"))["desktops"][0]
        self.assertEqual([(v["type"], v["size"]) for v in desktop["data_volumes"]], [("SSD", 60)])
        cases = [
            ("batch-expand", [{"id": first["id"]}], "WKS.0001"),  # the new size is needed
            ("batch-expand", [{"id": first["id"], "size": 60}], "WKS.0001"),  # not larger
            ("batch-expand", [{"size": 70}], "WKS.0001"),  # which disk?
            ("batch-delete", [{"type": "SSD", "size": 60}], "WKS.0001"),
            ("batch-delete", [{"id": second["id"]}], "WKS.0568"),  # already deleted
        ]
        for action, volumes, code in cases:
            with self.subTest(action=action, volumes=volumes):
                self.error(self.client.post(f"/desktop-pools/{pool_id}/volumes/{action}", {"volumes": volumes}),
                           400, code, "4.4.11" if action == "batch-expand" else "4.4.10")

    def test_authorized_users_and_groups(self):
        pool_id = self.create_pool(size=1)
        user = self.create_user("alice")
        group = self.create_group("support")
        self.assertEqual(self.client.post(f"/desktop-pools/{pool_id}/users", {"action": "ADD", "objects": [
            {"object_type": "USER", "object_id": user, "object_name": "alice", "user_group": "users"},
            {"object_type": "USER_GROUP", "object_id": group, "object_name": "support",
             "user_group": "administrators"}]}).status, 204)
        objects = self.ok(self.client.get(f"/desktop-pools/{pool_id}/users"), 200, "4.4.13")
        self.assertEqual(objects["total_count"], 2)
        self.assertEqual(self.client.post(f"/desktop-pools/{pool_id}/users", {"action": "REMOVE", "objects": [
            {"object_type": "USER", "object_id": user, "object_name": "alice", "user_group": "users"}]}).status,
            204)
        self.assertEqual(self.ok(self.client.get(f"/desktop-pools/{pool_id}/users"))["total_count"], 1)
        self.error(self.client.post(f"/desktop-pools/{pool_id}/users", {"action": "ADD", "objects": [
            {"object_type": "USER", "object_id": "nope", "object_name": "x", "user_group": "users"}]}),
            400, "WKS.0568", "4.4.14")

    def test_pool_job_conflicts(self):
        self.client.control("PUT", "jobs", {"default": {"mode": "reads", "value": 5}})
        job = self.ok(self.client.post("/desktop-pools", pool_body(size=1)))["job_id"]
        pool_id = self.ok(self.client.get("/desktop-pools"))["desktop_pools"][0]["id"]
        # Listed at once, while its job runs.
        self.assertEqual(self.ok(self.client.get(f"/desktop-pools/{pool_id}"))["status"], "TEMPORARY")
        self.error(self.client.post(f"/desktop-pools/{pool_id}/expand", {"size": 1}), 409, "WKS.00010032",
                   "4.4.6")
        jobs = self.ok(self.client.get("/workspace-sub-jobs", {"desktop_pool_id": pool_id}), 200, "4.28.2")
        self.assertEqual(jobs["jobs"][0]["job_id"], job)


if __name__ == "__main__":
    unittest.main()
