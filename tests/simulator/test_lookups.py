"""Lookups: products (4.18.1), quotas (4.25.1), images (4.26.1) and AZs (4.27.1)."""

import unittest

from base import IMAGE, PRIVATE_IMAGE, SimTestCase


class LookupTest(SimTestCase):
    def test_products(self):
        everything = self.ok(self.client.get("/products"), 200, "4.18.1")
        self.assertEqual(everything["total_count"], len(everything["products"]))
        self.assertIn("workspace.c2.large.windows.2", [p["product_id"] for p in everything["products"]])
        cases = [({"product_id": "workspace.x86.ultimate.large2"}, 1), ({"os_type": "Linux"}, 1),
                 ({"architecture": "arm"}, 1), ({"package_type": "ultimate"}, 3),
                 ({"availability_zone": "az3.manage.x86"}, everything["total_count"]),
                 ({"availability_zone": "nowhere"}, 0)]
        for query, total in cases:
            with self.subTest(query):
                reply = self.ok(self.client.get("/products", query), 200, "4.18.1")
                self.assertEqual(reply["total_count"], total)
        # os_type / availability_zone are echoed only when asked for (L36446-36448).
        self.assertNotIn("os_type", everything)
        self.assertEqual(self.ok(self.client.get("/products", {"os_type": "Windows"}))["os_type"], "Windows")
        self.error(self.client.get("/products", {"limit": "101"}), 400, "WKS.0509", "4.18.1")

    def test_images(self):
        images = self.ok(self.client.get("/images"), 200, "4.26.1")
        names = [i["name"] for i in images["images"]]
        self.assertEqual(names, sorted(names), "sorted by name, ascending, by default (L43239)")
        self.assertEqual([i["id"] for i in self.ok(self.client.get("/images", {"image_type": "private"}))
                          ["images"]], [PRIVATE_IMAGE])
        self.assertEqual(self.ok(self.client.get("/images", {"image_id": IMAGE}))["total_count"], 1)
        desc = self.ok(self.client.get("/images", {"sort_field": "created_at", "sort_type": "desc"}))
        dates = [i["created_at"] for i in desc["images"]]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.error(self.client.get("/images", {"sort_field": "size"}), 400, "WKS.0001", "4.26.1")

    def test_availability_zones(self):
        zones = self.ok(self.client.get("/availability-zones"), 200, "4.27.1")
        self.assertEqual(zones["total_count"], 2)
        default = [z["availability_zone"] for z in zones["availability_zones"] if z["default_availability_zone"]]
        self.assertEqual(default, ["az3.manage.x86"])

    def test_quotas_follow_usage(self):
        quotas = self.ok(self.client.get("/quotas"), 200, "4.25.1")
        used = {r["type"]: r["used"] for r in quotas["quotas"]["resources"]}
        self.assertEqual(used["general_instances"], 0)
        self.create_desktop(data_volumes=[{"type": "SAS", "size": 100}])
        used = {r["type"]: r for r in self.ok(self.client.get("/quotas"))["quotas"]["resources"]}
        self.assertEqual((used["general_instances"]["used"], used["cores"]["used"], used["volumes"]["used"],
                          used["volume_gigabytes"]["used"], used["Memory"]["used"], used["users"]["used"]),
                         (1, 2, 2, 180, 4, 1))
        self.assertEqual(used["volume_gigabytes"]["unit"], "GB")

    def test_policy_update_response(self):
        self.client.post("/policy-groups", {"policy_group": {"policy_group_name": "pg"}})
        gid = self.ok(self.client.get("/policy-groups"))["policy_groups"][0]["policy_group_id"]
        reply = self.client.put(f"/policy-groups/{gid}/policies", {"policies": {"audio": {"audio_enable": True}}})
        self.ok(reply, 200, "4.14.7")


if __name__ == "__main__":
    unittest.main()
