"""Policy groups (4.14.1-4.14.10), access policies (4.14.12-4.14.17) and desktop name policies
(4.5.1-4.5.4) over HTTPS."""

import unittest

from base import SimTestCase

SESSION = {"session": {"vdi": {"auto_lock_enable": True, "auto_lock_options": {"auto_lock_minutes": 10}}}}


class PolicyGroupTest(SimTestCase):
    def create(self, name="Policy_group_1", **extra):
        group = {"policy_group_name": name, "description": "d", "policies": SESSION, **extra}
        return self.ok(self.client.post("/policy-groups", {"policy_group": group}), 201, "4.14.2")["id"]

    def test_create_read_update_delete(self):
        gid = self.create(targets=[{"target_id": "default-apply-all-targets", "target_name": "All-Targets",
                                    "target_type": "ALL"}])
        got = self.ok(self.client.get(f"/policy-groups/{gid}"), 200, "4.14.4")["policy_group"]
        self.assertEqual((got["policy_group_id"], got["priority"]), (gid, 1))
        self.assertRegex(got["update_time"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
        brief = self.ok(self.client.get("/policy-groups"), 200, "4.14.1")["policy_groups"][0]
        self.assertNotIn("policies", brief)  # brief information (L22326)
        detail = self.ok(self.client.get("/policy-groups/detail"), 200, "4.14.10")["policy_groups"][0]
        self.assertEqual(detail["policies"], SESSION)
        reply = self.client.put(f"/policy-groups/{gid}", {"policy_group": {
            "policy_group_name": "renamed", "priority": 3, "policies": {"watermark": {"watermark_enable": True}}}})
        self.assertEqual(self.ok(reply, 200, "4.14.5")["id"], gid)
        got = self.ok(self.client.get(f"/policy-groups/{gid}"))["policy_group"]
        self.assertEqual((got["policy_group_name"], got["priority"]), ("renamed", 3))
        self.assertEqual(set(got["policies"]), {"session", "watermark"}, "partial updates merge")
        self.assertEqual(self.client.delete(f"/policy-groups/{gid}").status, 204)
        self.error(self.client.get(f"/policy-groups/{gid}"), 404, "WKS.00010031", "4.14.4")

    def test_policies_and_targets(self):
        gid = self.create()
        self.assertEqual(self.ok(self.client.get(f"/policy-groups/{gid}/policies", {
            "policy_type": "SessionAutoDisconnect"}), 200, "4.14.6")["policies"], SESSION)
        self.assertEqual(self.ok(self.client.get(f"/policy-groups/{gid}/policies", {"policy_type": "Audio"}))
                         ["policies"], {})
        reply = self.client.put(f"/policy-groups/{gid}/policies", {"policies": {"audio": {"audio_enable": False}}})
        self.assertEqual(set(self.ok(reply, 200)["policies"]), {"session", "audio"})
        reply = self.client.put(f"/policy-groups/{gid}/targets", {"add": [
            {"target_id": "S-1-5-21-1", "target_name": "alice", "target_type": "USER"},
            {"target_id": "192.168.1.1", "target_name": "192.168.1.1", "target_type": "CLIENTIP"}]})
        self.assertEqual(reply.status, 200)
        targets = self.ok(self.client.get(f"/policy-groups/{gid}/targets"), 200, "4.14.8")
        self.assertEqual(targets["total_count"], 2)
        self.assertEqual(self.ok(self.client.get(f"/policy-groups/{gid}/targets", {
            "target_type": "USER", "target_name": "ALI"}))["total_count"], 1)
        self.client.put(f"/policy-groups/{gid}/targets", {"delete": [
            {"target_id": "S-1-5-21-1", "target_type": "USER"}]})
        self.assertEqual(self.ok(self.client.get(f"/policy-groups/{gid}/targets"))["total_count"], 1)
        self.error(self.client.put(f"/policy-groups/{gid}/targets", {"add": [
            {"target_id": "x", "target_type": "PRINTER"}]}), 400, "WKS.0001", "4.14.9")

    def test_names_filters_and_quota(self):
        self.create("Alpha_group")
        self.create("beta_group")
        self.error(self.client.post("/policy-groups", {"policy_group": {"policy_group_name": "Alpha_group"}}),
                   400, "WKS.0165", "4.14.2")
        cases = [({"policy_group_name": "GROUP"}, 2), ({"policy_group_name": "Alpha",
                                                          "is_group_name_accurate": "true"}, 0),
                 ({"policy_group_name": "Alpha_group", "is_group_name_accurate": "true"}, 1),
                 ({"priority": "2"}, 1), ({"limit": "1"}, 2)]
        for query, total in cases:
            with self.subTest(query):
                self.assertEqual(self.ok(self.client.get("/policy-groups", query))["total_count"], total)
        self.error(self.client.get("/policy-groups", {"limit": "101"}), 400, "WKS.0509", "4.14.1")
        self.error(self.client.get("/policy-groups", {"update_time": "yesterday"}), 400, "WKS.0001")
        self.client.control("PUT", "quotas", {"policy_groups": 2})
        self.error(self.client.post("/policy-groups", {"policy_group": {"policy_group_name": "third"}}),
                   400, "WKS.0106", "4.14.2")


class AccessPolicyTest(SimTestCase):
    def test_lifecycle(self):
        user = self.create_user("alice")
        reply = self.client.post("/access-policy", {"policy": {
            "policy_name": "PRIVATE_ACCESS", "blacklist_type": "INTERNET", "access_control_type": "IP_WHITE_LIST",
            "ip_list": [{"ip_address": "10.0.0.0", "subnet_mask": "255.0.0.0"}]},
            "policy_objects_list": [{"object_id": user, "object_type": "USER"}]})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        listed = self.ok(self.client.get("/access-policy"), 200, "4.14.13")
        self.assertEqual(listed["total"], 1)
        policy = listed["policies"][0]
        self.assertRegex(policy["create_time"], r"\+00:00$")
        pid = policy["policy_id"]
        objects = self.ok(self.client.get(f"/access-policy/{pid}/objects"), 200, "4.14.16")
        self.assertEqual(objects["policy_objects_list"][0]["object_name"], "alice")
        # ip_white_list when updating (L32379).
        self.assertEqual(self.client.put(f"/access-policy/{pid}", {"operation_type": "ADD_IP", "ip_white_list": [
            {"ip_address": "192.168.0.0", "subnet_mask": "255.255.0.0"}]}).status, 200)
        self.assertEqual(self.ok(self.client.get("/access-policy"))["policies"][0]["ip_total_count"], 2)
        self.client.put(f"/access-policy/{pid}", {"operation_type": "DELETE_IP", "ip_white_list": [
            {"ip_address": "10.0.0.0", "subnet_mask": "255.0.0.0"}]})
        self.assertEqual(self.ok(self.client.get("/access-policy"))["policies"][0]["ip_total_count"], 1)
        # is_enable alone changes only the activation (L31944); is_block_all needs it enabled.
        self.client.put(f"/access-policy/{pid}", {"is_enable": False, "is_block_all": True})
        got = self.ok(self.client.get("/access-policy"))["policies"][0]
        self.assertEqual((got["is_enable"], got["is_block_all"]), (False, False))
        self.error(self.client.put(f"/access-policy/{pid}", {"is_block_all": True}), 400, "WKS.0001", "4.14.15")
        group = self.create_group("contractors")
        self.assertEqual(self.client.put(f"/access-policy/{pid}/objects", {"policy_objects_list": [
            {"object_id": group, "object_type": "USERGROUP"}]}).status, 200)
        self.assertEqual(self.ok(self.client.get(f"/access-policy/{pid}/objects"))["policy_objects_list"][0]
                         ["object_type"], "USERGROUP")
        self.error(self.client.put(f"/access-policy/{pid}/objects", {"policy_objects_list": [
            {"object_id": "nope", "object_type": "USER"}]}), 400, "WKS.0568", "4.14.17")
        self.error(self.client.delete("/access-policy", {"policy_id_list": ["nope"]}), 400, "WKS.0568", "4.14.14")
        self.assertEqual(self.client.delete("/access-policy", {"policy_id_list": [pid]}).status, 200)
        self.error(self.client.get(f"/access-policy/{pid}/objects"), 404, "WKS.00010031", "4.14.16")

    def test_paging_ranges(self):
        self.error(self.client.get("/access-policy", {"offset": "100"}), 400, "WKS.0001", "4.14.13")
        self.error(self.client.get("/access-policy", {"limit": "101"}), 400, "WKS.0509", "4.14.13")


class NamePolicyTest(SimTestCase):
    def test_lifecycle_and_naming(self):
        reply = self.client.post("/desktop-name-policies", {
            "policy_name": "eng_desktops", "name_prefix": "ENG", "digit_number": 3, "start_number": 7,
            "single_domain_user_increment": 0, "is_default_policy": True})
        pid = self.ok(reply, 200, "4.5.2")["policy_id"]
        listed = self.ok(self.client.get("/desktop-name-policies"), 200, "4.5.1")
        self.assertEqual(listed["desktop_name_policy_infos"][0]["single_domain_user_inc"], 0)  # read name (L14937)
        # A desktop without a name takes the default policy's next name.
        body = {"desktop_type": "DEDICATED", "image_type": "gold",
                "image_id": "a866298d-67db-44b0-a1f1-9d09bdddc20f", "root_volume": {"type": "SAS", "size": 80},
                "product_id": "workspace.c2.large.windows.2", "desktops": [{"user_name": "u1"}, {"user_name": "u2"}]}
        self.client.wait_job(self.ok(self.client.post("/desktops", body))["job_id"])
        names = sorted(d["computer_name"] for d in self.ok(self.client.get("/desktops"))["desktops"])
        self.assertEqual(names, ["ENG007", "ENG008"])
        self.assertEqual(self.client.put(f"/desktop-name-policies/{pid}", {"name_prefix": "$DomainUser$-"}).status,
                         204)
        got = self.ok(self.client.get("/desktop-name-policies", {"is_contain_user": "true"}))
        self.assertEqual(got["total_count"], 1)
        self.error(self.client.put("/desktop-name-policies/nope", {"name_prefix": "x"}), 400, "WKS.0568", "4.5.3")
        self.error(self.client.post("/desktop-name-policies", {"policy_name": "1bad", "name_prefix": "x",
                                                               "digit_number": 1, "start_number": 1,
                                                               "single_domain_user_inc": 1}), 400, "WKS.0001", "4.5.2")
        self.assertEqual(self.client.post("/desktop-name-policies/batch-delete", {"policy_ids": [pid]}).status, 204)
        self.assertEqual(self.ok(self.client.get("/desktop-name-policies"))["total_count"], 0)
        self.error(self.client.get("/desktop-name-policies", {"limit": "51"}), 400, "WKS.0509", "4.5.1")


if __name__ == "__main__":
    unittest.main()
