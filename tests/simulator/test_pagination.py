"""Pagination of every list call at its boundaries: documented ranges, defaults, total fields."""

import unittest

from base import IMAGE, PRODUCT, SUBNET, SimTestCase

# (section, path template, items field, total field, max limit or None, default limit or None for
# "everything", max offset or None, whether limit 0 means the default)
LISTS = [
    ("4.3.2", "/desktops", "desktops", "total_count", 1000, 1000, None, False),
    ("4.3.8", "/desktops/detail", "desktops", "total_count", 500, 500, None, False),
    ("4.4.2", "/desktop-pools", "desktop_pools", "total_count", 1000, 1000, None, False),
    ("4.4.13", "/desktop-pools/{pool}/users", "objects", "total_count", 100, 10, None, False),
    ("4.4.15", "/desktop-pools/{pool}/desktops", "pool_desktops", "total_count", 100, 10, None, False),
    ("4.5.1", "/desktop-name-policies", "desktop_name_policy_infos", "total_count", 50, 50, None, False),
    ("4.6.4", "/desktops/tags", "tags", "totalCount", 1000, 1000, None, False),
    ("4.8.1", "/users", "users", "total_count", None, None, None, False),
    ("4.9.1", "/groups", "user_groups", "total_count", 100, 100, None, True),
    ("4.9.7", "/groups/{group}/users", "users", "total_count", 2000, 2000, None, True),
    ("4.10.1", "/ous", "ous", "total_count", 1000, None, None, False),
    ("4.10.5", "/ad-ous", "ou_infos", "total_count", 1000, None, None, False),
    ("4.14.1", "/policy-groups", "policy_groups", "total_count", 100, None, 1000, False),
    ("4.14.8", "/policy-groups/{policy}/targets", "targets", "total_count", 1000, None, None, False),
    ("4.14.10", "/policy-groups/detail", "policy_groups", "total_count", 100, None, 10000, False),
    ("4.14.13", "/access-policy", "policies", "total", 100, 100, 99, False),
    ("4.14.16", "/access-policy/{access}/objects", "policy_objects_list", "total", 2000, 10, 1999, False),
    ("4.18.1", "/products", "products", "total_count", 100, 100, None, False),
    ("4.26.1", "/images", "images", "total_count", 100, 100, None, False),
    ("4.28.2", "/workspace-sub-jobs", "jobs", "total_count", 1000, 1000, None, False),
]


class PaginationTest(SimTestCase):
    sim_kwargs = {"jobs": "immediate"}

    def setUp(self):
        super().setUp()
        c = self.client
        self.ids = {}
        users = [self.create_user(f"user{i:02}") for i in range(12)]
        self.ids["group"] = self.create_group("all-users")
        c.post(f"/groups/{self.ids['group']}/actions", {"user_ids": users[:3], "op_type": "ADD"})
        for i in range(3):
            c.post("/desktop-name-policies", {"policy_name": f"p{i}", "name_prefix": "x", "digit_number": 2,
                                              "start_number": 1, "single_domain_user_increment": 0})
            c.post("/policy-groups", {"policy_group": {"policy_group_name": f"pg{i}", "targets": [
                {"target_id": f"10.0.0.{j}", "target_name": f"10.0.0.{j}", "target_type": "CLIENTIP"}
                for j in range(3)]}})
            c.post("/access-policy", {"policy": {"policy_name": f"ap{i}"}, "policy_objects_list": [
                {"object_id": u, "object_type": "USER"} for u in users]})
            c.post("/groups", {"group_name": f"g{i}", "platform_type": "LOCAL"})
            c.post("/desktop-pools", {"name": f"pool{i}", "type": "STATIC", "size": 12 if i == 0 else 0,
                                      "product_id": PRODUCT, "image_type": "gold", "image_id": IMAGE,
                                      "root_volume": {"type": "SAS", "size": 80}, "subnet_ids": [SUBNET],
                                      "authorized_objects": [{"object_type": "USER", "object_id": u,
                                                              "object_name": "u", "user_group": "users"}
                                                             for u in users]})
        c.post("/desktops/batch-tags", {"desktops": [{"desktop_id": d["desktop_id"], "tags": [
            {"key": f"k{n}", "value": "v"} for n in range(3)]} for d in c.get("/desktops").json["desktops"][:1]]})
        self.ids["pool"] = c.get("/desktop-pools", {"name": "pool0"}).json["desktop_pools"][0]["id"]
        self.ids["policy"] = c.get("/policy-groups", {"policy_group_name": "pg0"}).json["policy_groups"][0][
            "policy_group_id"]
        self.ids["access"] = c.get("/access-policy").json["policies"][0]["policy_id"]

    def test_boundaries(self):
        for section, template, items, total, max_limit, default, max_offset, zero_default in LISTS:
            path = template.format(**self.ids)
            with self.subTest(section):
                first = self.ok(self.client.get(path), 200, section)
                count = first[total]
                self.assertGreaterEqual(count, 3, path)
                self.assertEqual(len(first[items]), count if default is None else min(count, default))
                walked, offset = [], 0
                while True:
                    page = self.ok(self.client.get(path, {"offset": str(offset), "limit": "2"}))
                    self.assertEqual(page[total], count)
                    if not page[items]:
                        break
                    self.assertLessEqual(len(page[items]), 2)
                    walked += page[items]
                    offset += len(page[items])
                self.assertEqual(len(walked), count)
                self.assertEqual(walked, self.ok(self.client.get(path, {"limit": str(max_limit or 5000)}))[items])
                zero = self.ok(self.client.get(path, {"limit": "0"}))[items]
                self.assertEqual(len(zero), min(count, default) if zero_default else 0)
                self.error(self.client.get(path, {"offset": "-1"}), 400, "WKS.0508")
                self.error(self.client.get(path, {"limit": "ten"}), 400, "WKS.0001")
                if max_limit:
                    self.error(self.client.get(path, {"limit": str(max_limit + 1)}), 400, "WKS.0509")
                if max_offset:
                    self.ok(self.client.get(path, {"offset": str(max_offset)}))
                    self.error(self.client.get(path, {"offset": str(max_offset + 1)}), 400, "WKS.0001")

    def test_desktop_defaults_with_many_desktops(self):
        self.assertEqual(self.client.control("POST", "bulk/desktops", {"count": 600}).status, 200)
        detail = self.ok(self.client.get("/desktops/detail"), 200, "4.3.8")
        self.assertEqual((detail["total_count"], len(detail["desktops"])), (612, 500))
        self.assertEqual(len(self.ok(self.client.get("/desktops"))["desktops"]), 612)
        last = self.ok(self.client.get("/desktops/detail", {"offset": "611"}))
        self.assertEqual((last["total_count"], len(last["desktops"])), (612, 1))
        beyond = self.ok(self.client.get("/desktops/detail", {"offset": "612"}))
        self.assertEqual((beyond["total_count"], beyond["desktops"]), (612, []))


if __name__ == "__main__":
    unittest.main()
