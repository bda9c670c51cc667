"""Every example request body of api-examples/ for the operations the simulator serves is accepted.

The reference's examples carry placeholders ("string", IDs of its own tenant); each case below
replaces exactly those with IDs of the test's tenant and leaves every other field as printed, so
what is checked is that the simulator accepts the reference's shapes: booleans sent as strings
(4.3.18, 4.3.20), lower-case enum values (4.3.21 "user"), the read name single_domain_user_inc on
write (4.5.2, 4.5.3), extra fields (4.4.11 order_id, cluster_id), and so on.

Not sent: the `.txt` examples (4.14.2, 4.14.5 requests and six responses) are not valid JSON in the
reference (api-digest.md 8), and 4.3.7, 4.3.28, 4.3.30, 4.8.11, 4.8.12 and 4.28.4 are
operations deskops does not use, which the simulator does not serve. The 4.20.x examples are sent
by test_scheduled_tasks.py, which moves their dates ahead of the simulator's clock.
"""

import glob
import os
import unittest

from base import EXAMPLES, IMAGE, PRIVATE_IMAGE, SECURITY_GROUP, SUBNET, VPC, SimTestCase


def replace_strings(value, replacements):
    """Replaces string leaves equal to a key of `replacements` (recursively)."""
    if isinstance(value, dict):
        return {k: replace_strings(v, replacements) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_strings(v, replacements) for v in value]
    return replacements.get(value, value) if isinstance(value, str) else value


class ExampleTest(SimTestCase):
    sim_kwargs = {"jobs": "immediate"}

    def setUp(self):
        super().setUp()
        self.desktop = self.create_desktop("alice", "example-01")
        self.desktop2 = self.create_desktop("bob", "example-02")
        self.detached = self.create_desktop("carol", "example-03")
        self.client.post("/desktops/detach", {"desktop_ids": [self.detached]})
        self.user = self.create_user("user1")
        self.user2 = self.create_user("user2")
        self.group = self.create_group("example-group")
        self.client.post("/desktop-pools", {
            "name": "example-pool", "type": "DYNAMIC", "size": 1, "product_id": "workspace.c2.large.windows.2",
            "image_type": "gold", "image_id": IMAGE, "root_volume": {"type": "SAS", "size": 80},
            "subnet_ids": [SUBNET], "data_volumes": [{"type": "SAS", "size": 10}]})
        pool = self.client.get("/desktop-pools", {"name": "example-pool"}).json["desktop_pools"][0]
        self.pool, self.pool_volume = pool["id"], pool["data_volumes"][0]["id"]
        d = self.client.get(f"/desktops/{self.desktop}").json["desktop"]
        self.client.post(f"/desktops/{self.desktop}/volumes", {"volumes": [{"type": "SAS", "size": 10}]})
        d = self.client.get(f"/desktops/{self.desktop}").json["desktop"]
        self.volume = d["data_volumes"][0]["volume_id"]
        self.client.post("/policy-groups", {"policy_group": {"policy_group_name": "example_pg"}})
        self.policy_group = self.client.get("/policy-groups").json["policy_groups"][0]["policy_group_id"]
        self.client.post("/access-policy", {"policy": {"policy_name": "example_ap"}})
        self.access = self.client.get("/access-policy").json["policies"][0]["policy_id"]
        self.client.post("/desktop-name-policies", {"policy_name": "example_np", "name_prefix": "x",
                                                    "digit_number": 1, "start_number": 1,
                                                    "single_domain_user_increment": 0})
        self.name_policy = self.client.get("/desktop-name-policies").json["desktop_name_policy_infos"][0][
            "policy_id"]

    def cases(self):
        d, d2, det = self.desktop, self.desktop2, self.detached
        return {
            "4.3.1-request.json": ("POST", "/desktops", {}),
            "4.3.3-request.json": ("PUT", f"/desktops/{d}", {"string": "renamed-01"}),
            "4.3.6-request.json": ("POST", "/desktops/batch-delete",
                                   {"1d81c1dc-312b-4621-b778-bac3a1336442": d,
                                    "34e25501-fd50-42b5-97ca-f4c5bb7b09b0": d2}),
            "4.3.9-request.json": ("POST", "/desktops/action", {"f77db5cd-c020-47d4-bbbe-9b979a38d18c": d,
                                                                "f77db5cd-c020-47d4-bbbe-9b979a38d18b": d2}),
            "4.3.10-request.json": ("POST", "/desktops/resize", {"538946c2-7ff8-4444-b1bd-e9a1f8137b81": d}),
            "4.3.11-request.json": ("POST", "/desktops/rebuild", {"string": d, "__image": PRIVATE_IMAGE}),
            "4.3.18-request.json": ("POST", "/desktops/batch-detach", {"string": d}),
            "4.3.19-request.json": ("POST", "/desktops/detach", {"string": d}),
            "4.3.20-request.json": ("POST", "/desktops/attach", {"string": det, "__attach": True}),
            "4.3.21-request.json": ("POST", "/desktops/change-user-privilege-group", {"string": d}),
            "4.3.23-request.json": ("PUT", f"/desktops/{d}/networks", {"__network": True}),
            "4.3.25-request.json": ("POST", "/desktops/networks/batch-change", {"__network": True, "string": d}),
            "4.3.27-request.json": ("PUT", "/desktops/maintenance-mode", {"string": d}),
            "4.3.29-request.json": ("POST", "/desktops/batch-attach",
                                    {"b41a8cc1-4813-47a0-bf3a-7800fcd5b581": det,
                                     "5f4ed564-14eb-44fd-8ff7-0483725a532b": det,
                                     "dfdddcf4-f943-43b4-987b-e5785022d6c5": det,
                                     "3f6cc4c5d1ff4a79ab826b7964e9ff5d": self.user,
                                     "21bb9f13e6ff42fb96cd62489c446935": self.user2}),
            "4.4.1-request.json": ("POST", "/desktop-pools", {}),
            "4.4.3-request.json": ("PUT", f"/desktop-pools/{self.pool}", {"__pool_update": True}),
            "4.4.6-request.json": ("POST", f"/desktop-pools/{self.pool}/expand", {}),
            "4.4.7-request.json": ("POST", f"/desktop-pools/{self.pool}/resize", {}),
            "4.4.8-request.json": ("POST", f"/desktop-pools/{self.pool}/rebuild",
                                   {"string": "private", "__pool_image": PRIVATE_IMAGE}),
            "4.4.9-request.json": ("POST", f"/desktop-pools/{self.pool}/volumes/batch-add", {}),
            "4.4.10-request.json": ("POST", f"/desktop-pools/{self.pool}/volumes/batch-delete",
                                    {"305d3c76-199f-4407-8d82-2a42d970595e": self.pool_volume}),
            "4.4.11-request.json": ("POST", f"/desktop-pools/{self.pool}/volumes/batch-expand",
                                    {"__pool_expand": True}),
            "4.4.12-request.json": ("POST", f"/desktop-pools/{self.pool}/action", {}),
            "4.4.14-request.json": ("POST", f"/desktop-pools/{self.pool}/users", {"__authorize": True}),
            "4.5.2-request.json": ("POST", "/desktop-name-policies", {}),
            "4.5.3-request.json": ("PUT", f"/desktop-name-policies/{self.name_policy}", {}),
            "4.5.4-request.json": ("POST", "/desktop-name-policies/batch-delete",
                                   {"xxxx3bc6-1512-4386-81fb-20604fe6xxxx": self.name_policy}),
            "4.6.2-request.json": ("POST", f"/desktops/{d}/tags", {}),
            "4.6.5-request.json": ("POST", f"/desktops/{d}/tags/action", {}),
            "4.6.6-request.json": ("POST", "/desktops/resource_instances/action", {}),
            "4.6.7-request.json": ("POST", "/desktops/batch-tags", {"string": d, "__tag_key": True}),
            "4.6.8-request.json": ("DELETE", "/desktops/batch-tags", {"string": d, "__tag_key": True}),
            "4.8.2-request.json": ("POST", "/users", {}),
            "4.8.5-request.json": ("PUT", f"/users/{self.user}", {}),
            "4.8.6-request.json": ("POST", "/users/batch-delete", {"8a2c3f9479d5cf360179d61b07070000": self.user,
                                                                   "8a2c3f9479d5cf360179d61b18860004": self.user2}),
            "4.8.7-request.json": ("POST", "/users/batch-create", {}),
            "4.8.8-request-1.json": ("POST", f"/users/{self.user}/actions", {}),
            "4.8.8-request-2.json": ("POST", f"/users/{self.user}/actions", {}),
            "4.8.8-request-3.json": ("POST", f"/users/{self.user}/actions", {}),
            "4.9.2-request.json": ("POST", "/groups", {}),
            "4.9.3-request.json": ("POST", "/groups/batch-delete", {"8a2c3f9479d5cf360179d61b07070000": self.group,
                                                                    "8a2c3f9479d5cf360179d61b18860004": self.group}),
            "4.9.5-request.json": ("PUT", f"/groups/{self.group}", {}),
            "4.9.6-request.json": ("POST", f"/groups/{self.group}/actions", {"995581bc716db75d01719cb0bfe6xxxx": self.user}),
            "4.11.1-request.json": ("POST", f"/desktops/{d}/volumes", {}),
            "4.11.2-request.json": ("POST", f"/desktops/{d}/volumes/batch-delete",
                                    {"8a6c7a76-5476-4e13-827d-c331b829e245": self.volume,
                                     "2e49af66-7e7d-4c04-a6a6-0cc094b67009": self.volume}),
            "4.11.3-request.json": ("POST", "/volumes", {"string": d}),
            "4.11.4-request.json": ("POST", f"/desktops/{d}/volumes/{self.volume}/expand", {}),
            "4.11.5-request.json": ("POST", "/volumes/expand", {"41162624-ba52-42f3-bdda-15c6d345ff64": d,
                                                                "41162624-ba52-42f3-bdda-15c6d345ff65": self.volume}),
            "4.14.7-request.json": ("PUT", f"/policy-groups/{self.policy_group}/policies", {}),
            "4.14.9-request.json": ("PUT", f"/policy-groups/{self.policy_group}/targets", {}),
            "4.14.12-request.json": ("POST", "/access-policy", {}),
            "4.14.14-request.json": ("DELETE", "/access-policy", {"f77db5cd-c0-47d4-bbbe-9b979a38d18c": self.access,
                                                                  "f77db5cd-c0-47d4-bbbe-9b979a38d18b": self.access}),
            "4.14.15-request.json": ("PUT", f"/access-policy/{self.access}", {}),
            "4.14.17-request.json": ("PUT", f"/access-policy/{self.access}/objects",
                                     {"8ac225c2781edb0d01781edde3f4xxxx": self.user}),
            "4.28.3-request.json": ("POST", "/workspace-sub-jobs/batch-delete", {}),
        }

    def adjust(self, name, body, marks):
        """The few placeholders that are not plain string replacements."""
        if "__image" in marks:
            body["image_id"] = marks["__image"]  # image_type and os_type stay "string": no enum (L7301)
        if "__attach" in marks:
            body["desktops"][0].update({"user_name": "dave", "user_group": "users", "computer_name": "attached-01"})
            body.update({"image_type": "gold", "image_id": IMAGE, "desktop_name_policy_id": self.name_policy})
        if "__network" in marks:
            body.update({"vpc_id": VPC, "subnet_id": SUBNET, "security_group_ids": [SECURITY_GROUP]})
            body.pop("private_ip", None)
        if "__pool_update" in marks:
            body.update({"name": "example-pool-2", "desktop_name_policy_id": self.name_policy,
                         "availability_zone": "az3.manage.x86"})
            body["autoscale_policy"]["autoscale_type"] = "AUTO_CREATED"
            body["tags"][0].update({"key": "owner", "value": "ops"})
        if "__pool_image" in marks:
            body["image_id"] = marks["__pool_image"]
        if "__pool_expand" in marks:
            body["volumes"][0].update({"id": self.pool_volume, "type": "SAS"})
        if "__authorize" in marks:
            body["objects"][0].update({"object_type": "USER", "object_id": self.user, "object_name": "user1",
                                       "user_group": "users", "created_at": "2022-05-11T11:45:42.000Z"})
            body["action"] = "ADD"
        if "__tag_key" in marks:
            body["desktops"][0]["tags"][0]["key"] = "owner"
        if name == "4.3.21-request.json":
            body["desktops"][0]["attach_user_infos"][0].update({"user_name": "alice",
                                                                "user_privilege_group": "administrators"})
        if name == "4.3.18-request.json":
            body["desktops"][0]["detach_user_infos"][0].update({"user_id": "", "user_name": "alice",
                                                               "user_group": "users"})
        return body

    def test_every_example_request_is_accepted(self):
        files = {os.path.basename(p) for p in glob.glob(os.path.join(EXAMPLES, "*-request*.json"))}
        unserved = {f for f in files if f.split("-")[0] in
                    {"4.3.7", "4.3.28", "4.3.30", "4.8.11", "4.8.12", "4.28.4"} or f.startswith("4.20.")}
        cases = self.cases()
        self.assertEqual(sorted(files - unserved - set(cases)), [], "an example without a case")
        for name in sorted(cases):
            with self.subTest(name):
                self.setUp()  # a fresh tenant for each example
                method, path, marks = self.cases()[name]
                replacements = {k: v for k, v in marks.items() if not k.startswith("__")}
                body = self.adjust(name, replace_strings(self.example(name), replacements), marks)
                reply = self.client.api(method, path, None, body)
                self.assertIn(reply.status, (200, 201, 202, 204), f"{name}: {reply!r}")


if __name__ == "__main__":
    unittest.main()
