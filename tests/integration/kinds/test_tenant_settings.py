"""The TenantSettings kind (4.1) against a real wks-sim over HTTPS, through the real deskops binary:
every area is set (secrets from the environment and a file), a second plan changes nothing, a key
changes in place with one call of its own area, drift out of band is corrected, a rotated secret is
sent again, keys and areas the manifest leaves out are neither read nor changed, removing the
manifest (even with --prune) resets nothing, a second object or bad input is a file:line:col error
with nothing applied, and no secret is ever printed or stored.
"""
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import Deskops, Sim

DESKOPS = os.environ.get("DESKOPS", "deskops")
WKS_SIM = os.environ.get("WKS_SIM", "wks-sim")
SITE = "0e2dae94-23ff-449a-bb9c-1b808cf2106d"  # the simulator's central site

SMS_PASSWORD = "Sms-Gateway-Secret-71c3"
LDAP_PASSWORD = "Ldap-Admin-Secret-9e42"
LDAP_ROTATED = "Ldap-Admin-Rotated-5a17"
OAUTH_CONFIG = '{"client_id": "wks", "client_secret": "OAuth-Client-Secret-2b88"}'
OTP_SECRET = "Otp-App-Secret-d06f"
SECRETS = [SMS_PASSWORD, LDAP_PASSWORD, LDAP_ROTATED, "OAuth-Client-Secret-2b88", OTP_SECRET]

FULL = """\
apiVersion: deskops.io/v1alpha1
kind: TenantSettings
metadata: {name: tenant}
spec:
  functions: {app_restrict_rule_switch: true}
  collaboration: {allowAnonymous: false, waitConfirmTime: WAIT}
  loginAuthentication:
    sms:
      enable: true
      appId: sms-gateway
      passwordFrom: {file: SMS_FILE}
      tokenUrl: https://sms.example.com/token
      verificationCipherUrl: https://sms.example.com/code
    ldap:
      enable: true
      name: corp-ldap
      servers:
        - host: ldap.example.com
          port: 636
          baseDn: dc=example,dc=com
          administratorDn: cn=admin,dc=example,dc=com
          administratorPasswordFrom: {env: TS_LDAP_PASSWORD}
          useSsl: true
    oauth2: {enable: false, secretFrom: {env: TS_OAUTH_CONFIG}}
  otp:
    enable: true
    receiveMode: HMFA
    authUrl: https://otp.example.com
    appId: otp-app
    secretFrom: {env: TS_OTP_SECRET}
    appliesTo: INTERNET
  accessAddressBackup:
    - siteId: SITE
      backupMode: "ON"
      backupInfo: [{priority: 1, address: backup1.example.com}]
  customConfigs:
    user_prefix: {status: "ON", values: {prefix: corp}}
  natMapping:
    natOn: true
    mappings:
      - {natMapType: PORT, natMapValue: "9443", natIp: 203.0.113.10, natPort: 8443, vagIp: 10.0.0.9}
"""


def digest(secret):
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()


class TenantSettingsTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="deskops-tenant-")
        self.sim = Sim(WKS_SIM, self.workdir)
        self.addCleanup(self.sim.stop)
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.sms_file = os.path.join(self.workdir, "sms-password")
        with open(self.sms_file, "w") as f:
            f.write(SMS_PASSWORD + "\n")
        self.env = {"TS_LDAP_PASSWORD": LDAP_PASSWORD, "TS_OAUTH_CONFIG": OAUTH_CONFIG,
                    "TS_OTP_SECRET": OTP_SECRET}
        self.deskops = Deskops(DESKOPS, self.sim, self.workdir, env=self.env)
        self.manifests = os.path.join(self.workdir, "manifests")
        os.makedirs(self.manifests)
        self.printed = []  # everything deskops wrote, scanned for secrets at the end
        self.addCleanup(self.assert_no_secret_anywhere)

    def write(self, text, name="tenant.yaml"):
        with open(os.path.join(self.manifests, name), "w") as f:
            f.write(text)

    def full(self, wait=60):
        return FULL.replace("WAIT", str(wait)).replace("SMS_FILE", self.sms_file) \
            .replace("SITE", SITE)

    def run_deskops(self, command, *extra):
        r = self.deskops.run(command, self.manifests, *extra)
        self.printed.append(r.stdout + r.stderr)
        return r

    def apply(self, *extra):
        r = self.run_deskops("apply", *extra)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Converged", r.stdout)
        return r

    def tenant(self):
        return self.sim.state()["tenant"]

    def mutations(self):
        return {op: n for op, n in self.sim.calls_by_operation().items()
                if op.endswith((".update", ".set"))}

    def assert_no_secret_anywhere(self):
        texts = list(self.printed)
        for root, _, files in os.walk(self.deskops.state_dir):
            for name in files:
                with open(os.path.join(root, name), errors="replace") as f:
                    texts.append(f.read())
        texts.append(json.dumps(self.sim.state()))
        for secret in SECRETS:
            for text in texts:
                self.assertNotIn(secret, text)

    def test_lifecycle(self):
        self.write(self.full())
        self.apply()
        t = self.tenant()
        self.assertTrue(t["profiles"]["app_restrict_rule_switch"])
        self.assertEqual((t["share_space"]["config_value"]["allow_anonymous"],
                          t["share_space"]["config_value"]["wait_confirm_time"]), (False, 60))
        self.assertEqual(t["share_space"]["config_value"]["share_space_name"],
                         "Collaborative space", "a key the manifest leaves out keeps its value")
        auth = t["auth_config"]
        self.assertEqual(auth["radius_gateway_config"]["password_sha256"], digest(SMS_PASSWORD))
        self.assertEqual(auth["ldap"]["ldap_configs"][0]["administrator_password_sha256"],
                         digest(LDAP_PASSWORD))
        self.assertEqual(auth["oauth2"]["oauth_configs_sha256"], digest(OAUTH_CONFIG))
        self.assertEqual(t["otp_config_info"]["app_secret_sha256"], digest(OTP_SECRET))
        self.assertEqual(t["otp_config_info"]["receive_mode"], "HMFA")
        self.assertEqual(t["access_config"][0]["backup_mode"], "ON")
        self.assertEqual(t["function_configs"][0]["status"], "ON")
        self.assertTrue(t["nat_mapping"][SITE]["nat_on"])

        # A second plan changes nothing.
        self.sim.reset_stats()
        p = self.run_deskops("plan")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.sim.mutating_calls(), 0)

        # One key changes in place: only its area's call is made.
        self.write(self.full(wait=90))
        self.sim.reset_stats()
        self.apply()
        self.assertEqual(self.mutations(), {"share_space.set": 1})
        self.assertEqual(self.tenant()["share_space"]["config_value"]["wait_confirm_time"], 90)

        # Drift out of band is corrected.
        self.sim.control("PATCH", "objects/tenant_settings/tenant",
                         {"otp_config_info": {"enable": False}, "profiles":
                          {"app_restrict_rule_switch": False}})
        p = self.run_deskops("plan")
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("spec.otp.enable: false -> true", p.stdout)
        self.assertIn("spec.functions.app_restrict_rule_switch: false -> true", p.stdout)
        self.apply()
        self.assertTrue(self.tenant()["otp_config_info"]["enable"])
        self.assertTrue(self.tenant()["profiles"]["app_restrict_rule_switch"])

        # A rotated secret is sent again; the plan shows its source, never its value.
        self.deskops.env["TS_LDAP_PASSWORD"] = LDAP_ROTATED
        p = self.run_deskops("plan")
        self.assertEqual(p.returncode, 2, p.stdout)
        self.assertIn("administratorPasswordFrom: (last applied differs) -> (from env "
                      "TS_LDAP_PASSWORD)", p.stdout)
        self.sim.reset_stats()
        self.apply()
        self.assertEqual(self.mutations(), {"auth_config.update": 1})
        self.assertEqual(self.tenant()["auth_config"]["ldap"]["ldap_configs"][0]
                         ["administrator_password_sha256"], digest(LDAP_ROTATED))

    def test_get_and_export_then_plan_shows_no_changes(self):
        self.write(self.full())
        self.apply()
        r = subprocess.run([DESKOPS, "get", "tenantsettings", "-o", "json", "--endpoint", self.sim.url,
                            "--ca-file", self.sim.ca_file], env=self.deskops.env,
                           capture_output=True, text=True, timeout=60)
        self.printed.append(r.stdout + r.stderr)
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(r.stdout)
        got = got[0] if isinstance(got, list) else got
        self.assertEqual((got["otp"]["receive_mode"], got["ldap"]["name"]), ("HMFA", "corp-ldap"))
        exported = os.path.join(self.workdir, "exported")
        os.makedirs(exported)
        out = os.path.join(exported, "tenant.yaml")
        r = self.deskops.run("export", "--out", out)
        self.printed.append(r.stdout + r.stderr)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out) as f:
            text = f.read()
        self.printed.append(text)
        self.assertIn("kind: TenantSettings", text)
        self.assertIn("export.deskops.io/secrets-left-out", text)
        fresh = Deskops(DESKOPS, self.sim, os.path.join(self.workdir, "fresh"), env=self.env)
        p = fresh.run("plan", exported)
        self.printed.append(p.stdout + p.stderr)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn("TenantSettings", p.stdout)

    def test_only_declared_keys_and_areas_are_read_and_managed(self):
        self.write("apiVersion: deskops.io/v1alpha1\nkind: TenantSettings\nmetadata: "
                   "{name: anything}\nspec:\n  otp: {enable: true}\n")
        self.sim.reset_stats()
        self.apply()
        calls = self.sim.calls_by_operation()
        for op in ("profiles.get", "share_space.get", "auth_config.get", "nat_mapping.get",
                   "tenant_configs.list", "address_backup.get"):
            self.assertNotIn(op, calls, "an area the manifest leaves out is not read")
        self.assertEqual(self.mutations(), {"assist_auth.update": 1})
        # Keys left out may change freely.
        self.sim.control("PATCH", "objects/tenant_settings/tenant",
                         {"otp_config_info": {"receive_mode": "HMFA"},
                          "profiles": {"app_restrict_rule_switch": True}})
        p = self.run_deskops("plan")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_removing_the_manifest_resets_nothing(self):
        self.write(self.full())
        self.apply()
        before = self.tenant()
        os.remove(os.path.join(self.manifests, "tenant.yaml"))
        self.write("apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: ts-user}\n"
                   "spec: {userEmail: ts-user@example.com}\n", name="user.yaml")
        self.sim.reset_stats()
        r = self.apply("--prune", "--max-deletion-percent", "-1", "--max-deletions", "-1")
        self.assertNotIn("TenantSettings", r.stdout)
        self.assertEqual(self.mutations(), {}, "no area was changed")
        self.assertEqual(self.tenant(), before)

    def test_bad_input_is_refused_with_its_position_and_nothing_is_applied(self):
        second = "---\napiVersion: deskops.io/v1alpha1\nkind: TenantSettings\n" \
                 "metadata: {name: other}\nspec:\n  functions: {app_restrict_rule_switch: true}\n"
        cases = [
            ("a second object", self.full() + second,
             r"tenant\.yaml:\d+:\d+: TenantSettings/other: metadata\.name: the tenant has one "
             r"TenantSettings"),
            ("an inline secret", self.full().replace(
                "secretFrom: {env: TS_OTP_SECRET}", f"appSecret: {OTP_SECRET}"),
             r"tenant\.yaml:\d+:\d+: TenantSettings/tenant: spec\.otp(\.appSecret)?: inline secrets"),
            ("a PORT mapping's value", self.full().replace('natMapValue: "9443"',
                                                           'natMapValue: "8080"'),
             r"tenant\.yaml:\d+:\d+: TenantSettings/tenant: spec\.natMapping\.mappings\[0\]"
             r"\.natMapValue: must be 9443 or 9445"),
        ]
        for what, text, error in cases:
            with self.subTest(what):
                self.write(text)
                self.sim.reset_stats()
                r = self.run_deskops("apply")
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                self.assertRegex(r.stdout + r.stderr, error)
                self.assertEqual(self.sim.mutating_calls(), 0)
                self.assertNotIn(OTP_SECRET, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
