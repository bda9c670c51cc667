"""Authentication over HTTPS: SDK-HMAC-SHA256 as the SDKs sign it, and every rejection."""

import datetime
import unittest

import simclient
from base import BINARY, SimTestCase


def sdk_date(minutes=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    return t.strftime("%Y%m%dT%H%M%SZ")


class SignatureTest(SimTestCase):
    def test_accepted_signatures(self):
        # Which headers are signed differs between the SDKs (signing.md); all must be accepted.
        cases = [
            ("Go: x-sdk-date only", {"signed": ["x-sdk-date"]}),
            ("Java/guide: content-type;host;x-sdk-date", {"signed": ["content-type", "host", "x-sdk-date"]}),
            ("every header", {}),
            ("14 minutes slow", {"date": sdk_date(-14)}),
            ("14 minutes fast", {"date": sdk_date(14)}),
        ]
        for name, sign_args in cases:
            with self.subTest(name):
                self.ok(self.client.get("/desktops", {"limit": "5"}, **sign_args))
        self.ok(self.client.get("/desktops", {"computer_name": "一 (&=?!#%.*)", "user_name": ["a b", "c+d"]}))
        self.ok(self.client.post("/users", {"user_name": "signed-body"}), 201)
        self.ok(self.client.post("/users", {"user_name": "unsigned-payload"},
                                 headers={"X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD"}), 201)

    def test_rejections(self):
        c = self.client
        cases = [
            ("wrong secret key", lambda: c.get("/desktops", sk="not-the-secret"), 401, "APIGW.0303"),
            ("unknown access key", lambda: c.get("/desktops", ak="OTHERKEY"), 401, "APIGW.0303"),
            ("16 minutes slow", lambda: c.get("/desktops", date=sdk_date(-16)), 401, "APIGW.0303"),
            ("16 minutes fast", lambda: c.get("/desktops", date=sdk_date(16)), 401, "APIGW.0303"),
            ("no credentials", lambda: c.get("/desktops", auth=False), 401, "APIGW.0301"),
            ("bad token", lambda: c.get("/desktops", auth=False, headers={"X-Auth-Token": "x"}), 401, "WKS.5100"),
            ("wrong project in path", lambda: c.get("/desktops", project="0" * 32), 401, "WKS.00010025"),
            ("X-Project-Id mismatch", lambda: c.get("/desktops", headers={"X-Project-Id": "0" * 32}), 401,
             "WKS.00010025"),
        ]
        for name, call, status, code in cases:
            with self.subTest(name):
                self.error(call(), status, code)

    def test_tampered_requests(self):
        path = f"/v2/{self.client.project}/users"
        headers = simclient.sign("POST", path, [], {"Content-Type": "application/json",
                                                    "Host": f"{self.client.host}:{self.client.port}"},
                                 b'{"user_name": "a"}', simclient.DEMO_AK, simclient.DEMO_SK)
        # The body changes after signing: the payload hash no longer matches.
        self.error(self.client.raw("POST", path, None, b'{"user_name": "b"}', headers=headers, auth=False), 401,
                   "APIGW.0303")
        headers = simclient.sign("GET", path, [("limit", "1")], {"Host": f"{self.client.host}:{self.client.port}"},
                                 b"", simclient.DEMO_AK, simclient.DEMO_SK)
        self.error(self.client.raw("GET", path, [("limit", "2")], headers=headers, auth=False), 401, "APIGW.0303")


class TokenAndCustomCredentialsTest(SimTestCase):
    sim_args = ("--auth-token", "sim-token-123", "--ak", "MYAK", "--sk", "my-secret-key",
                "--project-id", "0123456789abcdef0123456789abcdef")

    def test_token_and_given_credentials(self):
        client = self.sim.client(ak="MYAK", sk="my-secret-key", project="0123456789abcdef0123456789abcdef")
        self.ok(client.get("/desktops"))
        self.ok(client.get("/desktops", auth=False, headers={"X-Auth-Token": "sim-token-123"}))
        self.error(client.get("/desktops", auth=False, headers={"X-Auth-Token": "other"}), 401, "WKS.5100")
        self.error(client.get("/desktops", ak=simclient.DEMO_AK, sk=simclient.DEMO_SK), 401, "APIGW.0303")
        self.error(client.get("/desktops", project=simclient.DEMO_PROJECT), 401, "WKS.00010025")
        client.close()

    def test_secrets_never_reach_the_log(self):
        client = self.sim.client(ak="MYAK", sk="my-secret-key", project="0123456789abcdef0123456789abcdef")
        client.get("/desktops", auth=False, headers={"X-Auth-Token": "sim-token-123"})
        client.post("/users", {"user_name": "pw", "active_type": "ADMIN_ACTIVATE", "password": "Hunter2!pass"})
        client.close()
        log = self.sim.read_log()
        self.assertIn('"msg":"request"', log)
        for secret in ("my-secret-key", "sim-token-123", "Hunter2!pass"):
            self.assertNotIn(secret, log)


if __name__ == "__main__":
    unittest.main()
