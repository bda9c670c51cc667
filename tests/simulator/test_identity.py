"""Users (4.8) and user groups (4.9) over HTTPS; OUs (4.10) are in test_ous.py."""

import unittest

from base import SimTestCase


class UserTest(SimTestCase):
    def test_create_get_list_modify_delete(self):
        reply = self.client.post("/users", {"user_name": "api-test", "user_email": "test@huawei.com",
                                            "description": "API test user.", "account_expires": "0"})
        user_id = self.ok(reply, 201, "4.8.2")["id"]
        detail = self.ok(self.client.get(f"/users/{user_id}"), 200, "4.8.4")["user_detail"]
        # account_expires is a Long here (L17315) and a String in the list (L16826).
        self.assertEqual(detail["account_expires"], 0)
        self.assertIn("user_expired", detail)
        listed = self.ok(self.client.get("/users"), 200, "4.8.1")
        self.assertEqual(listed["users"][0]["account_expires"], "0")
        self.assertIn("account_expired", listed["users"][0])
        reply = self.client.put(f"/users/{user_id}", {"user_email": "new@example.com", "disabled": True,
                                                      "account_expires": "2030-01-01T00:00:00Z"})
        self.assertEqual(self.ok(reply, 200, "4.8.5")["id"], user_id)
        detail = self.ok(self.client.get(f"/users/{user_id}"))["user_detail"]
        self.assertEqual((detail["user_email"], detail["disabled"]), ("new@example.com", True))
        self.assertEqual(detail["account_expires"], 1893456000000)
        self.assertEqual(self.client.delete(f"/users/{user_id}").status, 204)
        self.error(self.client.get(f"/users/{user_id}"), 404, "WKS.00010031", "4.8.4")
        self.error(self.client.delete(f"/users/{user_id}"), 404, "WKS.00010031", "4.8.3")

    def test_create_errors(self):
        self.create_user("taken")
        cases = [
            ("duplicate", {"user_name": "taken"}, 409, "SIM.0409"),
            ("missing name", {"user_email": "x@example.com"}, 400, "WKS.0001"),
            ("bad expiry", {"user_name": "x", "account_expires": "tomorrow"}, 400, "WKS.0001"),
            ("admin activation without password", {"user_name": "y", "active_type": "ADMIN_ACTIVATE"}, 400,
             "WKS.0001"),
            ("unknown group", {"user_name": "z", "group_ids": ["nope"]}, 400, "WKS.0568"),
            ("bad active_type", {"user_name": "w", "active_type": "SELF"}, 400, "WKS.0001"),
        ]
        for name, body, status, code in cases:
            with self.subTest(name):
                self.error(self.client.post("/users", body), status, code, "4.8.2")

    def test_batch_create_delete_and_actions(self):
        reply = self.client.post("/users/batch-create", {"users": [{"user_name": "b1"}, {"user_name": "b2"}]})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        ids = [u["id"] for u in self.ok(self.client.get("/users"))["users"]]
        self.error(self.client.post("/users/batch-create", {"users": [{"user_name": "b3"}, {"user_name": "b3"}]}),
                   409, "SIM.0409", "4.8.7")
        self.assertEqual(self.ok(self.client.get("/users"))["total_count"], 2, "all or nothing")
        for op, locked in [("LOCK", True), ("UNLOCK", False)]:
            self.assertEqual(self.client.post(f"/users/{ids[0]}/actions", {"op_type": op}).status, 204)
            self.assertEqual(self.ok(self.client.get(f"/users/{ids[0]}"))["user_detail"]["locked"], locked)
        self.assertEqual(self.client.post(f"/users/{ids[0]}/actions", {"op_type": "RESET_PWD"}).status, 204)
        self.error(self.client.post(f"/users/{ids[0]}/actions", {"op_type": "BAN"}), 400, "WKS.0001", "4.8.8")
        self.error(self.client.post("/users/batch-delete", {"user_ids": ["nope"]}), 400, "WKS.0568", "4.8.6")
        self.assertEqual(self.client.post("/users/batch-delete", {"user_ids": ids}).status, 204)
        self.assertEqual(self.ok(self.client.get("/users"))["total_count"], 0)

    def test_list_filters_and_paging(self):
        for name, description in [("alice", "Engineering lead"), ("alina", "Support"), ("bob", "eng")]:
            self.create_user(name, description=description)
        group = self.create_group("eng")
        self.client.post(f"/groups/{group}/actions", {"user_ids": [self.ok(self.client.get(
            "/users", {"user_name": "bob"}))["users"][0]["id"]], "op_type": "ADD"})
        cases = [({"user_name": "ali"}, 2), ({"description": "ENG"}, 2), ({"group_name": "eng"}, 1),
                 ({"group_name": "en"}, 0), ({"limit": "1"}, 3), ({"active_type": "ADMIN_ACTIVATE"}, 0)]
        for query, total in cases:
            with self.subTest(query):
                self.assertEqual(self.ok(self.client.get("/users", query))["total_count"], total)
        page = self.ok(self.client.get("/users", {"offset": "1", "limit": "1"}))
        self.assertEqual([u["user_name"] for u in page["users"]], ["alina"])
        self.assertEqual(len(self.ok(self.client.get("/users"))["users"]), 3, "no limit: everything")


class GroupTest(SimTestCase):
    def test_create_list_modify_members_delete(self):
        reply = self.client.post("/groups", {"group_name": "engineering", "platform_type": "LOCAL",
                                             "description": "eng"})
        self.assertEqual((reply.status, reply.raw), (201, b""))
        listed = self.ok(self.client.get("/groups"), 200, "4.9.1")
        group = listed["user_groups"][0]
        self.assertEqual(group["name"], "engineering")  # written as group_name (L18795)
        users = [self.create_user(n) for n in ("alice", "bob")]
        reply = self.client.post(f"/groups/{group['id']}/actions", {"user_ids": users, "op_type": "ADD"})
        self.assertEqual(reply.status, 204)
        members = self.ok(self.client.get(f"/groups/{group['id']}/users"), 200, "4.9.7")
        self.assertEqual(members["total_count"], 2)
        self.assertEqual(self.ok(self.client.get(f"/users/{users[0]}"))["user_detail"]["group_names"],
                         ["engineering"])
        self.client.post(f"/groups/{group['id']}/actions", {"user_ids": [users[0]], "op_type": "DELETE"})
        self.assertEqual(self.ok(self.client.get(f"/groups/{group['id']}/users", {"user_name": "BO"}))
                         ["total_count"], 1)
        reply = self.client.put(f"/groups/{group['id']}", {"group_name": "eng", "description": "renamed"})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        self.assertEqual(self.ok(self.client.get("/groups", {"keyword": "EN"}))["user_groups"][0]["name"], "eng")
        self.assertEqual(self.client.delete(f"/groups/{group['id']}").status, 204)
        self.error(self.client.delete(f"/groups/{group['id']}"), 404, "WKS.00010031", "4.9.4")

    def test_errors(self):
        ad = self.create_group("Domain Users", "AD")
        cases = [
            ("POST", "/groups", {"group_name": "Domain Users", "platform_type": "AD"}, 409, "SIM.0409", "4.9.2"),
            ("POST", "/groups", {"group_name": "x", "platform_type": "NIS"}, 400, "WKS.0001", "4.9.2"),
            ("PUT", f"/groups/{ad}", {"group_name": "renamed"}, 400, "WKS.0001", "4.9.5"),
            ("POST", f"/groups/{ad}/actions", {"user_ids": ["nope"], "op_type": "ADD"}, 400, "WKS.0568", "4.9.6"),
            ("POST", "/groups/batch-delete", {"group_ids": ["nope"]}, 400, "WKS.0568", "4.9.3"),
            ("GET", "/groups/nope/users", None, 404, "WKS.00010031", "4.9.7"),
        ]
        for method, path, body, status, code, section in cases:
            with self.subTest(f"{method} {path}"):
                self.error(self.client.api(method, path, None, body), status, code, section)
        self.assertEqual(self.client.post("/groups/batch-delete", {"group_ids": [ad]}).status, 204)

    def test_group_limits(self):
        for i in range(3):
            self.create_group(f"g{i}")
        self.assertEqual(len(self.ok(self.client.get("/groups", {"limit": "0"}))["user_groups"]), 3)
        self.assertEqual(len(self.ok(self.client.get("/groups", {"limit": "2", "offset": "2"}))["user_groups"]), 1)
        self.error(self.client.get("/groups", {"limit": "101"}), 400, "WKS.0509", "4.9.1")


if __name__ == "__main__":
    unittest.main()
