"""Tenant configuration (4.1.1-4.1.14) over HTTPS: the resource family simulator/resources/tenant.
The reference's example bodies are accepted as printed (placeholders replaced), every form where
the reference contradicts itself or the Go SDK writes otherwise is taken, documented limits are
400s, secrets are never answered nor kept (only their SHA-256 is in the state), and the family's
state resets, survives a restart and takes out-of-band changes through the control API."""

import hashlib
import json
import os
import signal
import tempfile
import unittest

import simclient
from base import BINARY, SimTestCase

CENTRAL_SITE = "0e2dae94-23ff-449a-bb9c-1b808cf2106d"  # the seed's site_id (4.1.13 example L2595)


def sha(secret):
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()


class TenantTest(SimTestCase):
    def v1(self, method, body=None):
        path = f"/v1/{self.client.project}/app-center/profiles"
        return self.client.raw(method, path, None, body)

    def state(self):
        return self.client.control("GET", "state").json["tenant"]

    def test_functions(self):
        self.assertEqual(self.ok(self.v1("GET")), {"app_restrict_rule_switch": False})
        # The 4.1.1 example sends "true" as text (L893-895); 4.1.2 answers a boolean (L951).
        reply = self.v1("PATCH", {"app_restrict_rule_switch": "true"})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        self.assertEqual(self.ok(self.v1("GET")), {"app_restrict_rule_switch": True})
        self.ok(self.v1("PATCH", {"app_restrict_rule_switch": False}))
        self.assertEqual(self.state()["profiles"], {"app_restrict_rule_switch": False})
        for body in ({"no_such_switch": True}, {"app_restrict_rule_switch": 3}, {}):
            with self.subTest(body=body):
                self.error(self.v1("PATCH", body), 400, "WKS.0001", "4.1.1")

    def test_collaboration_defaults(self):
        self.error(self.client.get("/share-space/configuration"), 400, "WKS.0001", "4.1.3")
        self.error(self.client.get("/share-space/configuration", {"name": "other"}), 404,
                   "WKS.00010031", "4.1.3")
        got = self.ok(self.client.get("/share-space/configuration",
                                      {"name": "share-space-user-conf"}))
        self.assertEqual(got["config_name"], "share-space-user-conf")
        # The 4.1.3 example's values (L1132-1136), as a JSON text.
        self.assertEqual(json.loads(got["config_value"])["audio_and_video"], "AUDIO")
        # 4.1.4 writes anonymous_input_ctl (L1185), 4.1.3 reads anonymous_input_ctrl (L1080); keys
        # left out keep their values.
        reply = self.client.put("/share-space/configuration", {
            "config_name": "share-space-user-conf",
            "config_value": json.dumps({"anonymous_input_ctl": True, "wait_confirm_time": 90})})
        self.assertEqual((reply.status, reply.raw), (204, b""))
        value = json.loads(self.ok(self.client.get("/share-space/configuration",
                                                   {"name": "share-space-user-conf"}))["config_value"])
        self.assertEqual((value["anonymous_input_ctrl"], value["wait_confirm_time"],
                          value["share_space_name"]), (True, 90, "Collaborative space"))
        self.assertNotIn("anonymous_input_ctl", value)
        for body in ({"config_value": json.dumps({"wait_confirm_time": 29})},
                     {"config_value": json.dumps({"wait_confirm_time": 181})},
                     {"config_value": json.dumps({"audio_and_video": "VIDEO"})},
                     {"config_value": "not json"},
                     {"config_name": "other"}):
            with self.subTest(body=body):
                self.error(self.client.put("/share-space/configuration", body), 400, "WKS.0001",
                           "4.1.4")

    def test_sms_gateway_and_secrets(self):
        # The 4.1.6 example (L1602-1612): password as a number, verification_cipher_url.
        reply = self.client.put("/auth-config/method-config", {
            "auth_type": "RADIUS_GATEWAY",
            "radius_gateway_config": {"enable": True, "app_id": "sms3d356sd4f1s3e",
                                      "password": 123456, "token_url": "www.xxx-token.com",
                                      "verification_cipher_url": "www.xxx-sms.com",
                                      "cert_content": "cert_content"}})
        self.assertEqual(self.ok(reply), {"project_id": self.client.project})
        got = self.ok(self.client.get("/auth-config/method-config"))
        self.assertEqual(got["auth_type"], "LOCAL_PASSWORD")
        gateway = got["radius_gateway_config"]
        self.assertEqual((gateway["enable"], gateway["app_id"], gateway["verification_cipher_url"]),
                         (True, "sms3d356sd4f1s3e", "www.xxx-sms.com"))
        self.assertNotIn("password", json.dumps(got))
        self.assertNotIn("cert_content", gateway, "RadiusGatewayConfigInfo has none (L1307-1317)")
        stored = self.state()["auth_config"]["radius_gateway_config"]
        self.assertEqual(stored["password_sha256"], sha("123456"))
        # The table's spelling (L1487) is taken too.
        self.ok(self.client.put("/auth-config/method-config", {
            "auth_type": "RADIUS_GATEWAY",
            "radius_gateway_config": {"verification_ciper_url": "https://sms.example.com"}}))
        self.assertEqual(self.state()["auth_config"]["radius_gateway_config"]
                         ["verification_cipher_url"], "https://sms.example.com")

    def test_ldap_in_every_form(self):
        server = {"host": "ldap.example.com", "port": 636, "use_ssl": True,
                  "administrator_dn": "cn=admin,dc=example,dc=com",
                  "administrator_password": "Ldap-Admin-1!"}
        # The reference's form: USER_PASSWORD with third_party_authentication_config (L1473-1505).
        self.ok(self.client.put("/auth-config/method-config", {
            "auth_type": "USER_PASSWORD",
            "third_party_authentication_config": {"enable": True, "third_password_update_type": "ADD",
                                                  "third_password_name": "corp",
                                                  "ldap_configs": [server]}}))
        got = self.ok(self.client.get("/auth-config/method-config", {"auth_type": "LDAP"}))
        self.assertEqual((got["auth_type"], got["enable"]), ("LDAP", True))
        third = got["third_party_auth_config"][0]
        self.assertEqual(third["third_password_name"], "corp")
        self.assertEqual(third["ldap_configs"][0]["host"], "ldap.example.com")
        self.assertNotIn("Ldap-Admin-1!", json.dumps(got))
        self.assertNotIn("administrator_password", json.dumps(got))
        # The SDK's form: auth_type LDAP and third_party_auth_config; a server sent without its
        # password keeps the one it had.
        self.ok(self.client.put("/auth-config/method-config", {
            "auth_type": "LDAP",
            "third_party_auth_config": {"third_password_update_type": "UPDATE",
                                        "ldap_configs": [{"host": "ldap.example.com", "port": 389}]}}))
        stored = self.state()["auth_config"]["ldap"]["ldap_configs"][0]
        self.assertEqual((stored["port"], stored["administrator_password_sha256"]),
                         (389, sha("Ldap-Admin-1!")))
        self.ok(self.client.put("/auth-config/method-config", {
            "auth_type": "USER_PASSWORD",
            "third_party_authentication_config": {"third_password_update_type": "DELETE"}}))
        got = self.ok(self.client.get("/auth-config/method-config", {"auth_type": "LDAP"}))
        self.assertEqual((got["enable"], got["third_party_auth_config"]), (False, []))
        state = json.dumps(self.client.control("GET", "state").json)
        self.assertNotIn("Ldap-Admin-1!", state + self.sim.read_log(), "a secret is never kept")

    def test_oauth2_and_errors(self):
        for auth_type in ("OAuth2", "OAUTH2"):  # the reference's (L1473) and the SDK's
            with self.subTest(auth_type=auth_type):
                self.ok(self.client.put("/auth-config/method-config", {
                    "auth_type": auth_type,
                    "third_party_authentication_config": {"enable": True,
                                                          "oauth_configs": '{"client_secret": "x"}'}}))
                got = self.ok(self.client.get("/auth-config/method-config", {"auth_type": "OAUTH2"}))
                self.assertTrue(got["enable"])
                self.assertNotIn("client_secret", json.dumps(got))
        self.assertEqual(self.state()["auth_config"]["oauth2"]["oauth_configs_sha256"],
                         sha('{"client_secret": "x"}'))
        cases = [
            ("GET", {"auth_type": "SAML"}, None),
            ("PUT", None, {"auth_type": "FINGERPRINT"}),
            ("PUT", None, {"auth_type": "OAuth2"}),  # its configuration is missing
            ("PUT", None, {"auth_type": "LDAP", "third_party_auth_config": {
                "ldap_configs": [{"host": "h", "port": 70000}]}}),
            ("PUT", None, {"auth_type": "LDAP", "third_party_auth_config": {
                "ldap_configs": [{"port": 389}]}}),
        ]
        for method, query, body in cases:
            with self.subTest(query=query, body=body):
                reply = (self.client.get("/auth-config/method-config", query) if method == "GET"
                         else self.client.put("/auth-config/method-config", body))
                self.error(reply, 400, "WKS.0001", "4.1.6")

    def test_otp(self):
        self.assertEqual(self.ok(self.client.get("/assist-auth-config/method-config"))
                         ["otp_config_info"]["enable"], False)
        # The two 4.1.8 examples (L1873-1913), the second with app_id / app_secret as numbers.
        reply = self.client.put("/assist-auth-config/method-config", {
            "auth_type": "OTP", "otp_config_info": {"enable": True, "receive_mode": "VMFA",
                                                    "apply_rule": {"rule_type": "ACCESS_MODE",
                                                                   "rule": "INTERNET"}}})
        self.assertEqual((reply.status, reply.raw), (204, b""))
        self.ok(self.client.put("/assist-auth-config/method-config", {
            "auth_type": "OTP",
            "otp_config_info": {"enable": True, "receive_mode": "HMFA",
                                "auth_url": "https://10.0.0.128:8443/api/um/login", "app_id": 123,
                                "app_secret": 123, "auth_server_access_mode": "DEDICATED",
                                "cert_content": "cert_content",
                                "apply_rule": {"rule_type": "ACCESS_MODE", "rule": "INTERNET"}}}), 204)
        otp = self.ok(self.client.get("/assist-auth-config/method-config"))["otp_config_info"]
        self.assertEqual((otp["receive_mode"], otp["app_id"], otp["apply_rule"]["rule"]),
                         ("HMFA", "123", "INTERNET"))
        self.assertNotIn("app_secret", json.dumps(otp), "never answered (L1684)")
        self.assertEqual(self.state()["otp_config_info"]["app_secret_sha256"], sha("123"))
        # null applies authentication to every object (L1814).
        self.ok(self.client.put("/assist-auth-config/method-config",
                                {"otp_config_info": {"apply_rule": None}}), 204)
        self.assertIsNone(self.ok(self.client.get("/assist-auth-config/method-config"))
                          ["otp_config_info"]["apply_rule"])
        for body in ({"auth_type": "SMS"},
                     {"otp_config_info": {"receive_mode": "SMS"}},
                     {"otp_config_info": {"auth_server_access_mode": "VPN"}},
                     {"otp_config_info": {"apply_rule": {"rule_type": "USER", "rule": "INTERNET"}}},
                     {"otp_config_info": {"auth_url": "", "enable": True}}):
            with self.subTest(body=body):
                self.error(self.client.put("/assist-auth-config/method-config", body), 400,
                           "WKS.0001", "4.1.8")

    def test_address_backup(self):
        self.assertEqual(self.ok(self.client.get("/access-config/address-backup")),
                         {"access_config": []})
        # The 4.1.9 example (L2030-2045) with the tenant's site and real values for "string".
        body = {"access_config": [{"site_id": CENTRAL_SITE, "backup_mode": "ON",
                                   "backup_info": [{"priority": 255, "address": "backup.example.com",
                                                    "address_custom": "vdi.example.com"}]}]}
        reply = self.client.post("/access-config/address-backup", body)
        self.assertEqual((reply.status, reply.raw), (204, b""))
        self.assertEqual(self.ok(self.client.get("/access-config/address-backup")), body)
        # backup_info left out keeps the site's addresses.
        self.ok(self.client.post("/access-config/address-backup", {
            "access_config": [{"site_id": CENTRAL_SITE, "backup_mode": "OFF"}]}), 204)
        site = self.ok(self.client.get("/access-config/address-backup"))["access_config"][0]
        self.assertEqual((site["backup_mode"], len(site["backup_info"])), ("OFF", 1))
        self.error(self.client.post("/access-config/address-backup", {
            "access_config": [{"site_id": "no-such-site", "backup_mode": "ON"}]}), 400, "WKS.0568",
            "4.1.9")
        for item in ({"site_id": CENTRAL_SITE, "backup_mode": "MAYBE"},
                     {"backup_mode": "ON"},
                     {"site_id": CENTRAL_SITE, "backup_mode": "ON",
                      "backup_info": [{"priority": 0, "address": "a"}]},
                     {"site_id": CENTRAL_SITE, "backup_mode": "ON",
                      "backup_info": [{"priority": 1, "address": "a"}, {"priority": 1, "address": "b"}]}):
            with self.subTest(item=item):
                self.error(self.client.post("/access-config/address-backup",
                                            {"access_config": [item]}), 400, "WKS.0001", "4.1.9")

    def test_custom_configurations(self):
        configs = self.ok(self.client.get("/tenant-configs"))["function_configs"]
        self.assertEqual([c["name"] for c in configs], ["user_prefix"])
        self.assertEqual(self.ok(self.client.get("/tenant-configs", {"name": "other"})),
                         {"function_configs": []})
        # The 4.1.12 example (L2438-2448) with the configuration's ID.
        reply = self.client.put("/tenant-configs", {"function_config": {
            "id": configs[0]["id"], "name": "user_prefix", "status": "ON",
            "values": [{"key": "prefix", "value": "test"}]}})
        self.assertEqual((reply.status, reply.raw), (204, b""))
        got = self.ok(self.client.get("/tenant-configs", {"name": "user_prefix"}))["function_configs"][0]
        self.assertEqual((got["status"], got["values"]), ("ON", [{"key": "prefix", "value": "test"}]))
        self.error(self.client.put("/tenant-configs", {"function_config": {"name": "nope"}}), 400,
                   "WKS.0568", "4.1.12")
        for config in ({"name": "user_prefix", "status": "MAYBE"}, {"status": "ON"},
                       {"name": "user_prefix", "values": [{"value": "x"}]}):
            with self.subTest(config=config):
                self.error(self.client.put("/tenant-configs", {"function_config": config}), 400,
                           "WKS.0001", "4.1.12")

    def test_nat_mapping(self):
        got = self.ok(self.client.get("/nat-mapping-configs"))
        self.assertEqual((got["site_id"], got["nat_on"], got["vag_ips"]),
                         (CENTRAL_SITE, False, ["10.0.0.9", "10.0.0.10"]))
        self.error(self.client.get("/nat-mapping-configs", {"site_id": "nope"}), 404,
                   "WKS.00010031", "4.1.13")
        # The 4.1.14 example (L2720-2733): nat_port written as the number 0.
        reply = self.client.put("/nat-mapping-configs", {
            "nat_on": True, "nat_vag_maps": [{"nat_ip": "0.0.0.0", "nat_port": 0, "vag_ip": "10.0.0.9"}]})
        self.assertEqual((reply.status, reply.raw), (204, b""))
        got = self.ok(self.client.get("/nat-mapping-configs", {"site_id": CENTRAL_SITE}))
        self.assertEqual((got["nat_on"], got["nat_vag_maps"][0]["nat_port"]), (True, "0"))
        hosts = [{"nat_map_type": "HOST", "nat_map_value": f"h{i}.example.com"} for i in range(11)]
        for maps in ([{"nat_map_type": "PORT", "nat_map_value": "443"}],
                     [{"nat_port": "65536"}],
                     [{"nat_ip": "300.1.1.1"}],
                     [{"vag_ip": "10.9.9.9"}],
                     hosts):
            with self.subTest(maps=maps[:1]):
                self.error(self.client.put("/nat-mapping-configs", {"nat_vag_maps": maps}), 400,
                           "WKS.0001", "4.1.14")
        self.error(self.client.put("/nat-mapping-configs", {"site_id": "nope", "nat_on": True}), 400,
                   "WKS.0568", "4.1.14")

    def test_drift_reset_and_restart(self):
        self.ok(self.v1("PATCH", {"app_restrict_rule_switch": True}))
        # Out of band, as in the console: a merge patch of the family's state.
        reply = self.client.control("PATCH", "objects/tenant_settings/tenant",
                                    {"otp_config_info": {"enable": True}})
        self.assertEqual(reply.status, 200, reply)
        self.assertTrue(self.ok(self.client.get("/assist-auth-config/method-config"))
                        ["otp_config_info"]["enable"])
        self.assertEqual(self.client.control("DELETE", "objects/tenant_settings/tenant", None).status,
                         405)
        for patch in ({"access_config": 5}, {"nat_mapping": {"x": 1}},
                      {"share_space": {"config_value": "text"}}):
            with self.subTest(patch=patch):  # a shape the API never has is refused, not served
                self.assertEqual(self.client.control("PATCH", "objects/tenant_settings/tenant",
                                                     patch).status, 400)
        self.ok(self.client.get("/nat-mapping-configs"))
        self.assertEqual(self.client.control("POST", "reset").status, 204)
        self.assertEqual(self.ok(self.v1("GET")), {"app_restrict_rule_switch": False})
        self.assertFalse(self.ok(self.client.get("/assist-auth-config/method-config"))
                         ["otp_config_info"]["enable"])


class TenantPersistenceTest(unittest.TestCase):
    def test_state_file_keeps_the_settings(self):
        workdir = tempfile.mkdtemp(prefix="wks-sim-tenant-")
        state_file = os.path.join(workdir, "state.json")
        first = simclient.SimProcess(BINARY, "--state-file", state_file, workdir=workdir).start()
        client = first.client()
        reply = client.put("/nat-mapping-configs", {"nat_on": True})
        self.assertEqual(reply.status, 204, reply)
        client.close()
        self.assertEqual(first.stop(signal.SIGTERM), 0)  # a graceful stop saves
        second = simclient.SimProcess(BINARY, "--state-file", state_file, workdir=workdir).start()
        client = second.client()
        try:
            self.assertTrue(client.get("/nat-mapping-configs").json["nat_on"])
        finally:
            client.close()
            second.stop()


if __name__ == "__main__":
    unittest.main()
