"""Terminal-desktop bindings (4.15.1-4.15.6) over HTTPS: the resource family
simulator/resources/terminals. The switch is read and set, bindings are added, listed, changed
and deleted by MAC address and desktop name, errors carry 4.15's four-field shape, and the state
dump shows the switch and the bindings under the API's names."""

import unittest

import schema_check
from base import SimTestCase

MAC = "AA-BB-CC-DD-EE-FF"  # the reference's example (L33064)
MAC2 = "3C-52-82-1A-4F-02"
BINDINGS = "/terminals/binding-desktops"
CONFIG = BINDINGS + "/config"
PAGE = {"offset": "0", "limit": "10"}

# 4.15.1 Table 4-2178 (L32806-32811), 4.15.3 Tables 4-2191/4-2192 (L33007-33018), 4.15.6 Tables
# 4-2213/4-2214 (L33346-33355): response_schemas.json does not cover 4.15.
schema_check.schemas().update({
    "4.15.1": {"method": "GET", "path": "/v2/{project_id}" + CONFIG, "responses": {"200": {
        "tc_bind_switch": "String", "tc_auto_bind_switch": "String", "tc_auto_bind_max": "Integer"}}},
    "4.15.3": {"method": "GET", "path": "/v2/{project_id}" + BINDINGS, "responses": {"200": {
        "bind_list": "Array of TerminalsBindingDesktopsInfo objects", "total_num": "Integer",
        "bind_list[].id": "String", "bind_list[].mac": "String", "bind_list[].desktop_name": "String",
        "bind_list[].description": "String"}}},
    "4.15.6": {"method": "POST", "path": "/v2/{project_id}" + BINDINGS + "/batch-delete", "responses": {"200": {
        "result_list": "Array of DeleteTerminalsBindingDesktopsResult objects", "result_list[].id": "String",
        "result_list[].delete_result_code": "String", "result_list[].delete_result_msg": "String"}}},
})


class TerminalTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.create_desktop("alice", "eng-alice-01")
        self.create_desktop("bob", "eng-bob-01")

    def detailed_error(self, reply, status, code):
        """4.15's errors carry error_detail too (Tables 4-2179 ff.; api-errors.md 1)."""
        self.error(reply, status, code)
        self.assertEqual(set(reply.json) >= {"error_code", "error_msg", "error_detail",
                                             "encoded_authorization_message"}, True, reply.raw)

    def listed(self, **query):
        return self.ok(self.client.get(BINDINGS, {**PAGE, **query}), 200, "4.15.3")

    def test_the_switch(self):
        self.assertEqual(self.ok(self.client.get(CONFIG), 200, "4.15.1"),
                         {"tc_bind_switch": "OFF", "tc_auto_bind_switch": "OFF", "tc_auto_bind_max": 1})
        # The example's body (L32946), 200 without a body.
        reply = self.client.post(CONFIG, {"tc_bind_switch": "ON"})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        # The table's lower case (L32899) is accepted; fields left out keep their value.
        self.ok(self.client.post(CONFIG, {"tc_bind_switch": "on", "tc_auto_bind_switch": "on",
                                          "tc_auto_bind_max": 3}))
        self.ok(self.client.post(CONFIG, {"tc_bind_switch": "ON"}))
        self.assertEqual(self.ok(self.client.get(CONFIG)),
                         {"tc_bind_switch": "ON", "tc_auto_bind_switch": "ON", "tc_auto_bind_max": 3})
        self.assertEqual(self.client.control("GET", "state").json["terminals"]["tc_auto_bind_max"], 3)
        for body in ({}, {"tc_bind_switch": "yes"}, {"tc_bind_switch": "ON", "tc_auto_bind_max": 0},
                     {"tc_bind_switch": "ON", "tc_auto_bind_switch": 1}):
            with self.subTest(body=body):
                self.detailed_error(self.client.post(CONFIG, body), 400, "WKS.0001")

    def test_add_list_modify_delete(self):
        # The 4.15.4 example (L33178-33186), with a desktop that exists (named in another case).
        reply = self.client.post(BINDINGS, {"bind_list": [
            {"line": 0, "mac": MAC.lower(), "desktop_name": "ENG-ALICE-01", "description": "test"}]})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        [b] = self.listed()["bind_list"]
        self.assertEqual({k: b[k] for k in ("mac", "desktop_name", "description")},
                         {"mac": MAC, "desktop_name": "eng-alice-01", "description": "test"})
        self.assertRegex(b["id"], r"^[0-9a-f]{32}$")
        self.ok(self.client.post(BINDINGS, {"bind_list": [{"mac": MAC2, "desktop_name": "eng-bob-01"}]}))
        self.assertEqual(self.listed()["total_num"], 2)
        self.assertEqual([x["mac"] for x in self.listed(mac=MAC2)["bind_list"]], [MAC2])
        self.assertEqual([x["mac"] for x in self.listed(computer_name="BOB")["bind_list"]], [MAC2])
        self.assertEqual(self.ok(self.client.get(BINDINGS, {**PAGE, "count_only": "true"})), {"total_num": 2})
        page = self.listed(offset="1", limit="1")
        self.assertEqual((page["total_num"], [x["mac"] for x in page["bind_list"]]), (2, [MAC2]))

        # The 4.15.5 example's shape (L33283-33288): the whole binding; 200 without a body.
        reply = self.client.put(BINDINGS, {"id": b["id"], "mac": MAC, "desktop_name": "eng-bob-01",
                                           "description": "moved"})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        self.assertEqual(self.listed(mac=MAC)["bind_list"][0]["desktop_name"], "eng-bob-01")
        self.ok(self.client.put(BINDINGS, {"id": b["id"], "mac": MAC, "desktop_name": "eng-bob-01"}))
        self.assertEqual(self.listed(mac=MAC)["bind_list"][0]["description"], "moved", "kept when left out")
        state = self.client.control("GET", "state").json["terminals"]["bind_list"]
        self.assertEqual([(x["mac"], x["desktop_name"]) for x in state], [(MAC, "eng-bob-01"), (MAC2, "eng-bob-01")])

        # 4.15.6 answers per ID (L33398-33405).
        result = self.ok(self.client.post(BINDINGS + "/batch-delete", {"id_list": [b["id"], "nope"]}), 200,
                         "4.15.6")["result_list"]
        self.assertEqual([(r["id"], r["delete_result_code"]) for r in result],
                         [(b["id"], "WKS.00000000"), ("nope", "WKS.0568")])
        self.assertEqual([x["mac"] for x in self.listed()["bind_list"]], [MAC2])

    def test_add_checks_every_item_before_adding_any(self):
        self.ok(self.client.post(BINDINGS, {"bind_list": [{"mac": MAC2, "desktop_name": "eng-bob-01"}]}))
        reply = self.client.post(BINDINGS, {"bind_list": [
            {"line": 7, "mac": MAC, "desktop_name": "eng-alice-01"},
            {"line": 8, "mac": "AA:BB:CC:DD:EE:01", "desktop_name": "eng-alice-01"},
            {"line": 9, "mac": MAC.replace("FF", "00"), "desktop_name": "nobody"},
            {"line": 10, "mac": MAC2, "desktop_name": "eng-alice-01"},
            {"line": 11, "mac": MAC, "desktop_name": "eng-alice-01"}]})
        self.detailed_error(reply, 400, "WKS.0001")
        results = reply.json["bind_result_list"]  # Table 4-2201 (L33144-33152)
        self.assertEqual([(r["line"], r["validation_result_code"]) for r in results],
                         [(7, "WKS.00000000"), (8, "WKS.0001"), (9, "WKS.0418"), (10, "SIM.0409"), (11, "SIM.0409")])
        self.assertEqual(results[0]["sid"] != "", True, "the desktop's ID (L33148)")
        self.assertEqual([x["mac"] for x in self.listed()["bind_list"]], [MAC2], "nothing added")

    def test_errors(self):
        self.ok(self.client.post(BINDINGS, {"bind_list": [{"mac": MAC, "desktop_name": "eng-alice-01"},
                                                          {"mac": MAC2, "desktop_name": "eng-bob-01"}]}))
        bid = self.listed(mac=MAC)["bind_list"][0]["id"]
        cases = [
            ("GET", BINDINGS, {"limit": "10"}, None, 400, "WKS.0001"),
            ("GET", BINDINGS, {"offset": "0"}, None, 400, "WKS.0001"),
            ("GET", BINDINGS, {"offset": "-1", "limit": "10"}, None, 400, "WKS.0508"),
            ("PUT", BINDINGS, None, {"mac": MAC, "desktop_name": "eng-alice-01"}, 400, "WKS.0001"),
            ("PUT", BINDINGS, None, {"id": "nope", "mac": MAC, "desktop_name": "eng-alice-01"}, 400, "WKS.0568"),
            ("PUT", BINDINGS, None, {"id": bid, "mac": "AABBCCDDEEFF", "desktop_name": "eng-alice-01"},
             400, "WKS.0001"),
            ("PUT", BINDINGS, None, {"id": bid, "mac": MAC2, "desktop_name": "eng-alice-01"}, 409, "SIM.0409"),
            ("PUT", BINDINGS, None, {"id": bid, "mac": MAC, "desktop_name": "nobody"}, 400, "WKS.0418"),
            ("POST", BINDINGS + "/batch-delete", None, {"id_list": "x"}, 400, "WKS.0001"),
        ]
        for method, path, query, body, status, code in cases:
            with self.subTest(f"{method} {query} {body}"):
                self.detailed_error(self.client.api(method, path, query, body), status, code)

    def test_out_of_band_changes_and_reset(self):
        reply = self.client.control("PATCH", "objects/terminal_binding_config/default", {"tc_bind_switch": "ON"})
        self.assertEqual(reply.status, 200, reply.raw)
        self.assertEqual(self.ok(self.client.get(CONFIG))["tc_bind_switch"], "ON")
        reply = self.client.control("POST", "objects/terminal_bindings",
                                    {"mac": MAC, "desktop_name": "eng-alice-01", "description": "console"})
        self.assertEqual(reply.status, 201, reply.raw)
        bid = reply.json["id"]
        self.client.control("PATCH", f"objects/terminal_bindings/{bid}", {"desktop_name": "eng-bob-01"})
        self.assertEqual(self.listed()["bind_list"][0]["desktop_name"], "eng-bob-01")
        self.assertEqual(self.client.control("POST", "reset").status, 204)
        self.assertEqual(self.listed()["total_num"], 0)
        self.assertEqual(self.ok(self.client.get(CONFIG))["tc_bind_switch"], "OFF")


if __name__ == "__main__":
    unittest.main()
