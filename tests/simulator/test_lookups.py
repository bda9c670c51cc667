"""Lookups: products (4.18.1), quotas (4.25.1, 4.25.2), images (4.26.1) and AZs (4.27.1-4.27.3)."""

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

    def test_quota_details_of_a_site(self):
        central = self.ok(self.client.get("/quotas/detail"), 200, "4.25.2")
        self.assertEqual(central["site_id"], "0e2dae94-23ff-449a-bb9c-1b808cf2106d")
        self.create_desktop()
        again = self.ok(self.client.get("/quotas/detail", {"site_id": central["site_id"],
                                                           "az_code": "az3.manage.x86"}), 200, "4.25.2")
        self.assertEqual(again["resources"], self.ok(self.client.get("/quotas"))["quotas"]["resources"])
        self.assertEqual({r["type"]: r["used"] for r in again["resources"]}["general_instances"], 1)
        self.error(self.client.get("/quotas/detail", {"site_id": "147258369"}), 404, "WKS.00010031", "4.25.2")
        self.error(self.client.get("/quotas/detail", {"az_code": "nowhere"}), 404, "WKS.00010031", "4.25.2")

    def test_availability_zone_summary_and_details(self):
        summary = self.ok(self.client.get("/availability-zones/summary"), 200, "4.27.2")
        self.assertEqual((summary["support_type"], summary["default_type"]), (["CENTER"], "CENTER"))
        self.assertEqual([(z["availability_zone"], z["default_availability_zone"]) for z in summary["azs"]["CENTER"]],
                         [("az3.manage.x86", True), ("cn-north-7c", False)])
        detail = self.ok(self.client.get("/availability-zones/detail", {"availability_zone_id": "cn-north-7c"}),
                         200, "4.27.3")
        self.assertEqual((detail["id"], detail["region_id"], detail["display_name"], detail["category"]),
                         ("cn-north-7c", "cn-north-7", "AZ7C", 0))
        self.error(self.client.get("/availability-zones/detail", {"availability_zone_id": "nowhere"}), 404,
                   "WKS.00010031", "4.27.3")
        self.error(self.client.get("/availability-zones/detail"), 400, "WKS.0001", "4.27.3")
        stats = self.client.control("GET", "stats").json["by_operation"]
        self.assertEqual((stats["availability_zones.summary"], stats["availability_zones.detail"]), (1, 3))

    def test_policy_update_response(self):
        self.client.post("/policy-groups", {"policy_group": {"policy_group_name": "pg"}})
        gid = self.ok(self.client.get("/policy-groups"))["policy_groups"][0]["policy_group_id"]
        reply = self.client.put(f"/policy-groups/{gid}/policies", {"policies": {"audio": {"audio_enable": True}}})
        self.ok(reply, 200, "4.14.7")


if __name__ == "__main__":
    unittest.main()
