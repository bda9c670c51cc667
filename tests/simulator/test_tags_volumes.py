"""Desktop tags (4.6.1-4.6.8) and disks (4.11.1-4.11.5) over HTTPS."""

import unittest

from base import SimTestCase


class TagTest(SimTestCase):
    def test_single_desktop_tags(self):
        d = self.create_desktop()
        self.assertEqual(self.client.post(f"/desktops/{d}/tags", {"tag": {"key": "ENV", "value": "DEV"}}).status, 204)
        # Same key: overwritten (L15474).
        self.client.post(f"/desktops/{d}/tags", {"tag": {"key": "ENV", "value": "PROD"}})
        self.assertEqual(self.ok(self.client.get(f"/desktops/{d}/tags"), 200, "4.6.1")["tags"],
                         [{"key": "ENV", "value": "PROD"}])
        self.assertEqual(self.client.delete(f"/desktops/{d}/tags/ENV").status, 204)
        self.assertEqual(self.client.delete(f"/desktops/{d}/tags/absent").status, 204)  # L15618
        reply = self.client.post(f"/desktops/{d}/tags/action", {"action": "create", "tags": [
            {"key": f"k{i}", "value": "v"} for i in range(10)]})
        self.assertEqual(reply.status, 204)
        self.error(self.client.post(f"/desktops/{d}/tags", {"tag": {"key": "k10"}}), 400, "WKS.0566", "4.6.2")
        self.client.post(f"/desktops/{d}/tags/action", {"action": "delete", "tags": [{"key": "k0"}, {"key": "k1"}]})
        self.assertEqual(len(self.ok(self.client.get(f"/desktops/{d}"))["desktop"]["tags"]), 8)
        cases = [({"tag": {"key": "bad key"}}, "WKS.0564"), ({"tag": {"key": "k", "value": "v" * 44}}, "WKS.0564"),
                 ({"tag": {"key": "k" * 129}}, "WKS.0564"), ({}, "WKS.0001")]
        for body, code in cases:
            with self.subTest(body=str(body)[:40]):
                self.error(self.client.post(f"/desktops/{d}/tags", body), 400, code, "4.6.2")
        self.error(self.client.get("/desktops/nope/tags"), 404, "WKS.00010031")

    def test_project_tags_filter_and_batches(self):
        a = self.create_desktop("alice", "a-01")
        b = self.create_desktop("bob", "b-01")
        reply = self.client.post("/desktops/batch-tags", {"desktops": [
            {"desktop_id": a, "tags": [{"key": "env_type", "value": "PerfTest"}]},
            {"desktop_id": b, "tags": [{"key": "env_type", "value": "Dev"}]},
            {"desktop_id": "ignored", "tags": [{"key": "x", "value": "y"}]}]})
        self.assertEqual(reply.status, 204)  # invalid IDs are filtered out (L16239)
        tags = self.ok(self.client.get("/desktops/tags"), 200, "4.6.4")
        self.assertEqual(tags["totalCount"], 1)  # camelCase (L15766)
        self.assertEqual(tags["tags"][0]["values"], ["Dev", "PerfTest"])
        body = self.ok(self.client.post("/desktops/resource_instances/action", {
            "offset": "0", "limit": "10", "action": "filter", "tags": [{"key": "env_type", "values": ["PerfTest"]}]}),
            200, "4.6.6")
        self.assertEqual([r["resource_id"] for r in body["resources"]], [a])
        count = self.ok(self.client.post("/desktops/resource_instances/action", {
            "action": "count", "matches": [{"key": "resource_name", "value": "-01"}]}))
        self.assertEqual(count, {"total_count": 2})
        self.error(self.client.post("/desktops/resource_instances/action", {
            "action": "filter", "matches": [{"key": "resource_name", "value": ""}]}), 400, "WKS.0560", "4.6.6")
        self.assertEqual(self.client.delete("/desktops/batch-tags", {"desktops": [
            {"desktop_id": a, "tags": [{"key": "env_type"}]}]}).status, 204)
        self.assertEqual(self.ok(self.client.get(f"/desktops/{a}/tags"))["tags"], [])


class VolumeTest(SimTestCase):
    def test_add_expand_delete(self):
        d = self.create_desktop()
        body = self.ok(self.client.post(f"/desktops/{d}/volumes", {"volumes": [{"type": "SSD", "size": 100}]}),
                       200, "4.11.1")
        self.assertEqual(self.ok(self.client.wait_job(body["job_id"]))["job_type"], "addVolumes")
        volume = self.ok(self.client.get(f"/desktops/{d}"))["desktop"]["data_volumes"][0]
        self.assertEqual((volume["type"], volume["size"], volume["device"]), ("SSD", 100, "/dev/vdb"))
        body = self.ok(self.client.post(f"/desktops/{d}/volumes/{volume['volume_id']}/expand", {"new_size": 120}),
                       200, "4.11.4")
        self.client.wait_job(body["job_id"])
        body = self.ok(self.client.post("/volumes/expand", {"desktop_volumes_expansion": [
            {"desktop_id": d, "volume_id": volume["volume_id"], "new_size": 150}]}), 200, "4.11.5")
        self.client.wait_job(body["job_id"])
        self.assertEqual(self.ok(self.client.get(f"/desktops/{d}"))["desktop"]["data_volumes"][0]["size"], 150)
        self.error(self.client.post(f"/desktops/{d}/volumes/{volume['volume_id']}/expand", {"new_size": 100}),
                   400, "WKS.0001", "4.11.4")
        body = self.ok(self.client.post("/volumes", {"desktop_volumes": [
            {"desktop_id": d, "volumes": [{"type": "SAS", "size": 10}]}]}), 200, "4.11.3")
        self.client.wait_job(body["job_id"])
        body = self.ok(self.client.post(f"/desktops/{d}/volumes/batch-delete",
                                        {"volume_ids": [volume["volume_id"]]}), 200, "4.11.2")
        self.assertEqual(self.ok(self.client.wait_job(body["job_id"]))["job_type"], "deleteVolumes")
        sizes = [v["size"] for v in self.ok(self.client.get(f"/desktops/{d}"))["desktop"]["data_volumes"]]
        self.assertEqual(sizes, [10])

    def test_errors(self):
        d = self.create_desktop()
        root = self.ok(self.client.get(f"/desktops/{d}"))["desktop"]["root_volume"]["volume_id"]
        cases = [
            (f"/desktops/{d}/volumes", {"volumes": [{"type": "SATA", "size": 10}]}, 400, "WKS.0001"),
            (f"/desktops/{d}/volumes", {"volumes": [{"type": "SAS", "size": 10}] * 11}, 400, "WKS.0001"),
            (f"/desktops/{d}/volumes/batch-delete", {"volume_ids": [root]}, 400, "WKS.0001"),
            (f"/desktops/{d}/volumes/batch-delete", {"volume_ids": ["nope"]}, 400, "WKS.0568"),
            (f"/desktops/{d}/volumes/nope/expand", {"new_size": 100}, 404, "WKS.00010031"),
            ("/volumes", {"desktop_volumes": [{"desktop_id": "nope", "volumes": []}]}, 400, "WKS.0418"),
        ]
        for path, body, status, code in cases:
            with self.subTest(path):
                self.error(self.client.post(path, body), status, code, "4.11.1")

    def test_disk_additions_in_progress_block_other_operations(self):
        d = self.create_desktop()
        self.client.control("PUT", "jobs", {"job_types": {"addVolumes": {"mode": "reads", "value": 3}}})
        self.ok(self.client.post(f"/desktops/{d}/volumes", {"volumes": [{"type": "SAS", "size": 10}]}))
        # L50717: "This operation cannot be performed because disks are being added."
        self.error(self.client.post(f"/desktops/{d}/volumes", {"volumes": [{"type": "SAS", "size": 10}]}),
                   403, "WKS.0407", "4.11.1")
        self.error(self.client.post("/desktops/action", {"desktop_ids": [d], "op_type": "os-stop"}),
                   403, "WKS.0407", "4.3.9")


if __name__ == "__main__":
    unittest.main()
