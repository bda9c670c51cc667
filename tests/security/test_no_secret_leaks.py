"""No AK, SK, security token or user password ever leaves deskops.

Runs every command (validate, schema, plan, apply, export, get, run --once, run with its admin
server, config check, debug sign, version) with --log-level debug where it exists, against a
wks-sim that accepts this test's own AK/SK, with a security token and a user password in the
environment, and scans every byte deskops produced for those values: stdout, stderr (the logs),
saved plans, exported manifests, the state directory (inventory and ledger), and the admin
server's /status, /metrics and status page. Also: secrets written inline (in a manifest or a
configuration file, where they are rejected) are not echoed back in the error.

Usage: test_no_secret_leaks.py DESKOPS WKS_SIM EXAMPLES_DIR
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import DEMO_ENV, Deskops, Sim, wait_until  # noqa: E402

DESKOPS, WKS_SIM, EXAMPLES = sys.argv[1:4]

AK = "HOSTILEAKQ7Z3X9W2V5U"
SK = "hostile-sk-8f3b1c0e9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"
TOKEN = "hostile-security-token-Zm9vYmFyYmF6cXV4cXV1eGNvcmdl-0042"
PASSWORD = "Hostile-Pa55word-7731!"
WRONG_SK = "wrong-sk-0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"
# The tenant's own secrets (TenantSettings, WorkspaceService), from the environment and files.
AD_PASSWORD = "Hostile-AdDomain-4c2e91"
LDAP_PASSWORD = "Hostile-LdapAdmin-77b0d3"
SMS_PASSWORD = "Hostile-SmsGateway-1f9a6e"
OAUTH_SECRET = "Hostile-OAuthClient-5d83c0"
OTP_SECRET = "Hostile-OtpAppSecret-a04b7f"
SECRETS = {"AK": AK, "SK": SK, "security token": TOKEN, "password": PASSWORD, "wrong SK": WRONG_SK,
           "AD password": AD_PASSWORD, "LDAP password": LDAP_PASSWORD,
           "SMS password": SMS_PASSWORD, "OAuth secret": OAUTH_SECRET, "OTP secret": OTP_SECRET}
GET_KINDS = ["desktops", "desktoppools", "users", "usergroups", "policygroups", "accesspolicies",
             "desktopnamepolicies", "ous", "tenantsettings", "workspaceservices", "scheduledtasks",
             "products", "images", "availabilityzones", "quotas"]

TENANT_SECRETS = """\
apiVersion: deskops.io/v1alpha1
kind: TenantSettings
metadata: {name: tenant}
spec:
  loginAuthentication:
    sms: {enable: true, appId: sms, passwordFrom: {file: SMS_FILE}}
    ldap:
      enable: true
      servers: [{host: ldap.example.com, administratorPasswordFrom: {env: SEC_LDAP_PASSWORD}}]
    oauth2: {enable: true, secretFrom: {env: SEC_OAUTH_CONFIG}}
  otp: {enable: true, receiveMode: HMFA, authUrl: https://otp.example.com, appId: otp,
        secretFrom: {file: OTP_FILE}}
---
apiVersion: deskops.io/v1alpha1
kind: WorkspaceService
metadata:
  name: workspace
  annotations: {deskops.io/allow-destroy: "true"}
spec:
  adDomain:
    domainType: LOCAL_AD
    domainName: corp.example.com
    domainAdminAccount: wks-admin
    passwordFrom: {env: SEC_AD_PASSWORD}
    activeDomainIp: 192.168.0.10
    activeDomainName: dc01.corp.example.com
    activeDnsIp: 192.168.0.10
"""


def leaks(text):
    """Names of the secrets found in `text`, whole, URL-encoded or as a 12-character piece."""
    found = []
    for name, value in SECRETS.items():
        forms = {value, urllib.parse.quote(value, safe=""), value[4:16]}
        if any(form in text for form in forms):
            found.append(name)
    return found


class StderrReader(threading.Thread):
    """Collects a running process's stderr lines (the daemon's log) without blocking the test."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.lines = stream, []

    def run(self):
        for line in self.stream:
            self.lines.append(line)

    def find(self, message):
        for line in list(self.lines):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == message:
                return entry
        return None


class NoSecretLeakTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deskops-secrets-")
        cls.sim = Sim(WKS_SIM, cls.tmp, extra=("--ak", AK, "--sk", SK))
        cls.manifests = os.path.join(cls.tmp, "manifests")
        shutil.copytree(EXAMPLES, cls.manifests, ignore=shutil.ignore_patterns("*.md"))
        cls.env = {"HUAWEICLOUD_SDK_AK": AK, "HUAWEICLOUD_SDK_SK": SK,
                   "HUAWEICLOUD_SDK_PROJECT_ID": DEMO_ENV["HUAWEICLOUD_SDK_PROJECT_ID"],
                   "HUAWEICLOUD_SDK_SECURITY_TOKEN": TOKEN, "DESKOPS_PASSWORD_ERIN": PASSWORD}
        cls.deskops = Deskops(DESKOPS, cls.sim, cls.tmp, env=cls.env)
        cls.outputs = {}  # what -> text produced
        cls.inputs = os.path.join(cls.tmp, "inputs")  # files with secrets, written by the tests
        os.makedirs(cls.inputs)

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def record(self, what, result, want_rc=(0,)):
        self.outputs[what + " stdout"] = result.stdout
        self.outputs[what + " stderr"] = result.stderr
        self.assertIn(result.returncode, want_rc, f"{what}: {result.stderr[-2000:]}")
        self.assertEqual(leaks(result.stdout + result.stderr), [], what)

    def plain(self, *args, env=None):
        e = dict(os.environ)
        e.update(self.env)
        e.update(env or {})
        return subprocess.run([DESKOPS, *args], env=e, capture_output=True, text=True, timeout=120)

    def test_every_command(self):
        d = self.deskops
        plan_file = os.path.join(self.tmp, "plan.json")
        self.record("validate", self.plain("validate", self.manifests))
        self.record("validate -o json", self.plain("validate", "-o", "json", self.manifests))
        self.record("schema", self.plain("schema"))
        self.record("version", self.plain("version"))
        self.record("plan", d.run("plan", self.manifests, "--log-level", "debug", "--out", plan_file),
                    want_rc=(2,))
        self.record("apply", d.run("apply", self.manifests, "--log-level", "debug"))
        # The apply did the work the password and token are needed for.
        users = {u["user_name"] for u in self.sim.state()["users"]}
        self.assertIn("erin-ext", users)
        self.record("plan -o json", d.run("plan", self.manifests, "-o", "json", "--log-level", "debug"))
        export_file = os.path.join(self.tmp, "export.yaml")
        self.record("export", d.run("export", "--log-level", "debug"))
        self.record("export --out", d.run("export", "--owned", "--out", export_file))
        for kind in GET_KINDS:
            self.record(f"get {kind}", self.get(kind))
        for fmt in ("json", "yaml"):
            self.record(f"get users -o {fmt}", self.get("users", "-o", fmt))
        self.record("run --once", d.run("run", "--once", self.manifests, "--log-level", "debug"))
        self.record("debug sign", self.plain("debug", "sign", "--explain", "--url",
                                             self.sim.url + "/v2/p/desktops?limit=1",
                                             "--header", "X-Security-Token: " + TOKEN))
        self.daemon_and_admin_pages()
        self.config_check()
        self.record("get with a wrong SK", self.get("desktops", env={"HUAWEICLOUD_SDK_SK": WRONG_SK}),
                    want_rc=(1,))
        for root, _, files in os.walk(self.tmp):
            for name in files:
                path = os.path.join(root, name)
                if path.startswith((self.sim.workdir + "/sim", self.inputs)):
                    continue  # the simulator's files (it is the server), this test's own inputs
                with open(path, errors="replace") as f:
                    self.assertEqual(leaks(f.read()), [], path)
        self.assertTrue(os.path.exists(plan_file) and os.path.exists(export_file))
        debug_lines = sum(o.count('"level":"debug"') for o in self.outputs.values())
        self.assertGreater(debug_lines, 20, "debug logging was not on; the scan proves little")

    def get(self, *args, env=None):
        return self.plain("get", *args, "--endpoint", self.sim.url, "--ca-file", self.sim.ca_file,
                          env=env)

    def daemon_and_admin_pages(self):
        proc = self.deskops.start("run", self.manifests, "--log-level", "debug", "--interval", "1h",
                                  "--admin-listen", "127.0.0.1:0")
        log = StderrReader(proc.stderr)
        log.start()
        try:
            self.assertTrue(wait_until(lambda: log.find("pass done") or log.find("pass failed"),
                                       timeout=120), "".join(log.lines[-20:]))
            address = log.find("admin server listening")["address"]
            for page in ("/status", "/metrics", "/", "/healthz", "/readyz"):
                with urllib.request.urlopen(f"http://{address}{page}", timeout=10) as res:
                    body = res.read().decode()
                self.outputs["admin " + page] = body
                self.assertEqual(leaks(body), [], page)
            self.assertIn("deskops_", self.outputs["admin /metrics"])
        finally:
            proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=60)
            log.join(timeout=10)
        self.outputs["run stdout"] = out
        self.outputs["run stderr"] = "".join(log.lines)
        self.assertEqual(leaks(out + "".join(log.lines)), [], "deskops run")

    def config_check(self):
        good = os.path.join(self.tmp, "config.yaml")
        with open(good, "w") as f:
            f.write(f"endpoint: {self.sim.url}\nmanifests: [manifests]\n"
                    "credentials:\n  ak: {env: HUAWEICLOUD_SDK_AK}\n  sk: {env: HUAWEICLOUD_SDK_SK}\n"
                    "  securityToken: {env: HUAWEICLOUD_SDK_SECURITY_TOKEN}\n")
        self.record("config check", self.plain("config", "check", good))
        inline = os.path.join(self.inputs, "inline-config.yaml")  # written by this test
        with open(inline, "w") as f:
            f.write(f"credentials:\n  ak: {AK}\n  sk: {SK}\n  securityToken: \"{TOKEN}\"\n")
        r = self.plain("config", "check", inline)
        self.record("config check (inline secrets)", r, want_rc=(78,))
        self.assertIn("never by value", r.stdout + r.stderr)

    def test_tenant_secrets_from_env_and_files(self):
        """The tenant's settings carry five secrets: an apply, plans, an export, `get` and the
        state directory never show one, and each reached the simulator (its digest)."""
        work = tempfile.mkdtemp(prefix="tenant-", dir=self.tmp)
        manifests = os.path.join(work, "manifests")
        os.makedirs(manifests)
        files = {}
        for name, value in (("sms", SMS_PASSWORD), ("otp", OTP_SECRET)):
            files[name] = os.path.join(self.inputs, f"{name}-secret")
            with open(files[name], "w") as f:
                f.write(value + "\n")
        with open(os.path.join(manifests, "tenant-secrets.yaml"), "w") as f:
            f.write(TENANT_SECRETS.replace("SMS_FILE", files["sms"])
                    .replace("OTP_FILE", files["otp"]))
        env = dict(self.env, SEC_LDAP_PASSWORD=LDAP_PASSWORD, SEC_AD_PASSWORD=AD_PASSWORD,
                   SEC_OAUTH_CONFIG='{"client_secret": "%s"}' % OAUTH_SECRET)
        d = Deskops(DESKOPS, self.sim, work, env=env)
        debug = ("--log-level", "debug")
        self.record("tenant plan", d.run("plan", manifests, *debug), want_rc=(0, 2))
        self.record("tenant apply", d.run("apply", manifests, *debug))
        self.record("tenant plan -o json", d.run("plan", manifests, "-o", "json", *debug))
        self.record("tenant export", d.run("export", *debug))
        for kind in ("tenantsettings", "workspaceservices"):
            for fmt in ("table", "json", "yaml"):
                self.record(f"get {kind} -o {fmt}", self.get(kind, "-o", fmt, env=env))
        state = self.sim.state()
        self.assertIn("domain_password_sha256", state["workspace"]["service"]["ad_domains"])
        self.assertIn("app_secret_sha256", state["tenant"]["otp_config_info"])
        for root, _, names in os.walk(d.state_dir):
            for name in names:
                with open(os.path.join(root, name), errors="replace") as f:
                    self.assertEqual(leaks(f.read()), [], name)
        inline = os.path.join(self.inputs, "inline-tenant.yaml")
        with open(inline, "w") as f:
            f.write("apiVersion: deskops.io/v1alpha1\nkind: TenantSettings\nmetadata: {name: t}\n"
                    f"spec:\n  otp: {{enable: true, appSecret: {OTP_SECRET}}}\n")
        r = self.plain("validate", inline)
        self.record("validate (inline OTP secret)", r, want_rc=(1,))
        self.assertIn("inline secrets are not allowed", r.stdout + r.stderr)

    def test_inline_password_in_a_manifest_is_not_echoed(self):
        bad = os.path.join(self.inputs, "inline-password.yaml")
        with open(bad, "w") as f:
            f.write("apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: mallory}\n"
                    f"spec:\n  password: {PASSWORD}\n  passwordFrom: {PASSWORD}\n")
        for args in (["validate", bad], ["validate", "-o", "json", bad]):
            r = self.plain(*args)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("inline passwords are not allowed", r.stdout + r.stderr)
            self.assertEqual(leaks(r.stdout + r.stderr), [], " ".join(args))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
