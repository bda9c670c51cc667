"""etcd over TLS with client certificates and authentication: a real etcd that serves HTTPS only,
demands a client certificate signed by the test's CA (--client-cert-auth) and has authentication
enabled, with a user of its own for deskops allowed the tenant's prefix alone. deskops, given the
CA, its certificate and key (configuration file) and the user and password (the password from a
file named by $DESKOPS_ETCD_PASSWORD_FILE), leads and reconciles; without the client certificate,
or with a wrong password, it cannot, and says why. The password never appears in its log, its
/status, its metrics or in etcd."""
import json
import os
import shutil
import subprocess
import unittest

import etcd_support as es  # first: it finds the daemon tests' helpers
import daemon_support as ds
from harness import wait_until

PASSWORD = "etcd-Secret-Pa55word-do-not-log"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(directory):
    """A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA."""
    os.makedirs(directory, exist_ok=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=deskops-test-ca", cwd=directory)
    for name, ext in (("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,"
                                 "clientAuth"),
                      ("client", "extendedKeyUsage=clientAuth")):
        with open(os.path.join(directory, f"{name}.ext"), "w") as f:
            f.write(ext + "\n")
        # No CommonName on the client's: with authentication on, etcd 3.4's JSON gateway
        # refuses a request whose certificate has one ("CommonName of client sending a request
        # against gateway will be ignored and not used as expected"); the user comes from the
        # password instead.
        subject = "/CN=127.0.0.1" if name == "server" else "/O=deskops"
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out",
                f"{name}.csr", "-subj", subject, cwd=directory)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext",
                cwd=directory)
    return {n: os.path.join(directory, n) for n in
            ("ca.pem", "server.pem", "server.key", "client.pem", "client.key")}


class SecureEtcd(es.Etcd):
    """One member serving HTTPS only and asking for client certificates."""

    def __init__(self, workdir, pki):
        self.pki = pki
        super().__init__(workdir, 1)

    def start(self, member):
        member.client_url = member.client_url.replace("http://", "https://")
        log = open(member.log_path, "a")
        member.proc = subprocess.Popen(
            [self.binary, "--name", member.name, "--data-dir", member.data_dir,
             "--listen-client-urls", member.client_url,
             "--advertise-client-urls", member.client_url,
             "--listen-peer-urls", member.peer_url,
             "--initial-advertise-peer-urls", member.peer_url,
             "--initial-cluster", self.cluster, "--initial-cluster-token", self.token,
             "--initial-cluster-state", "new",
             "--cert-file", self.pki["server.pem"], "--key-file", self.pki["server.key"],
             "--trusted-ca-file", self.pki["ca.pem"], "--client-cert-auth"],
            stdout=log, stderr=log)
        log.close()

    def post(self, path, body, member=None, token=None):
        """curl with the client certificate (urllib cannot be given one per request easily)."""
        m = member or self.members[0]
        args = ["curl", "-sS", "--max-time", "5", "--cacert", self.pki["ca.pem"],
                "--cert", self.pki["client.pem"], "--key", self.pki["client.key"],
                "-H", "Content-Type: application/json", "-d", json.dumps(body)]
        if token:
            args += ["-H", f"Authorization: {token}"]
        res = subprocess.run(args + [m.client_url + path], capture_output=True, text=True,
                             timeout=15)
        if res.returncode != 0:
            raise OSError(res.stderr)
        return json.loads(res.stdout)

    def enable_auth(self, prefix):
        """root (for the test) and deskops, whose role may read and write `prefix` alone."""
        for call, body in (
                ("/v3/auth/user/add", {"name": "root", "password": "root-pw"}),
                ("/v3/auth/role/add", {"name": "root"}),
                ("/v3/auth/user/grant", {"user": "root", "role": "root"}),
                ("/v3/auth/user/add", {"name": "deskops", "password": PASSWORD}),
                ("/v3/auth/role/add", {"name": "deskops"}),
                ("/v3/auth/role/grant", {"name": "deskops", "perm": {
                    "permType": "READWRITE", "key": es.b64(prefix),
                    "range_end": es.b64(es.prefix_end(prefix))}}),
                ("/v3/auth/user/grant", {"user": "deskops", "role": "deskops"}),
                ("/v3/auth/enable", {})):
            res = self.post(call, body)
            if "error" in res and "already exists" not in res.get("error", ""):
                raise AssertionError(f"{call}: {res}")
        self.root_token = self.post("/v3/auth/authenticate",
                                    {"name": "root", "password": "root-pw"})["token"]

    def keys(self, prefix):
        res = self.post("/v3/kv/range", {"key": es.b64(prefix),
                                         "range_end": es.b64(es.prefix_end(prefix))},
                        token=self.root_token)
        return {es.unb64(kv["key"]): es.unb64(kv.get("value", "")) for kv in res.get("kvs", [])}


class SecureEtcdTest(ds.DaemonTestCase):
    def setUp(self):
        es.require_etcd()
        if not shutil.which("curl") or not shutil.which("openssl"):
            self.skipTest("needs curl and openssl")
        super().setUp()
        self.pki = make_pki(os.path.join(self.workdir, "pki"))
        self.etcd = SecureEtcd(self.workdir, self.pki)
        self.etcd.enable_auth(es.PREFIX)
        with open(os.path.join(self.workdir, "etcd-password"), "w") as f:
            f.write(PASSWORD + "\n")
        os.chmod(os.path.join(self.workdir, "etcd-password"), 0o600)

    def tearDown(self):
        self.etcd.close()
        super().tearDown()

    def config(self, cert=True):
        path = os.path.join(self.workdir, f"config-{cert}.yaml")
        tls = (f"    certFile: {self.pki['client.pem']}\n"
               f"    keyFile: {self.pki['client.key']}\n") if cert else ""
        with open(path, "w") as f:
            f.write("state:\n  etcd:\n"
                    f"    endpoints: [{self.etcd.endpoints}]\n"
                    f"    prefix: {es.PREFIX}\n"
                    f"    caFile: {self.pki['ca.pem']}\n" + tls +
                    "    leaseTTL: 5s\n")
        return path

    def env(self, password_file=None):
        return {"DESKOPS_ETCD_USERNAME": "deskops",
                "DESKOPS_ETCD_PASSWORD_FILE": password_file or
                os.path.join(self.workdir, "etcd-password")}

    def test_tls_client_certificate_and_password(self):
        manifests = self.examples()
        declared = ds.manifest_objects(manifests)
        self.deskops.env.update(self.env())
        daemon = self.start(manifests, "--config", self.config(), "--interval", "1h", name="leader")
        daemon.wait_log("leading", timeout=30)
        daemon.wait_quiet()
        self.assert_converged(daemon, declared)
        self.assertTrue(daemon.status()["leader"])
        owned = {k for k in self.etcd.keys(es.PREFIX) if k.startswith(es.PREFIX + "inventory/")}
        self.assertEqual(len(owned), len(self.etcd.owned()))
        self.assertEqual(es.without_singletons(self.etcd.owned()),
                         es.without_singletons(f"{k}/{n}" for k, n in declared))

        # Nothing shows the password: not the log, /status, /metrics, etcd, or state show.
        show = subprocess.run([self.deskops.binary, "state", "show", "--config", self.config()],
                              env=self.deskops.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(show.returncode, 0, show.stderr)
        self.assertIn(f"Owned:   {len(owned)} objects", show.stdout)
        seen = {"log": daemon.log_text(), "status": daemon.get("/status")[2],
                "metrics": daemon.metrics(), "state show": show.stdout + show.stderr,
                "etcd": repr(self.etcd.keys("/"))}
        for where, text in seen.items():
            self.assertNotIn(PASSWORD, text, f"the etcd password is in {where}")
        self.assertEqual(daemon.stop(), 0)

    def test_refused_without_a_client_certificate_or_with_a_wrong_password(self):
        manifests = self.examples()
        wrong = os.path.join(self.workdir, "wrong-password")
        with open(wrong, "w") as f:
            f.write("not-" + PASSWORD)
        for label, config, env, why in (
                ("no client certificate", self.config(cert=False), self.env(),
                 "cannot reach etcd; not running"),
                ("wrong password", self.config(), self.env(wrong),
                 'etcd refused this deskops; not running: etcd refused user "deskops"')):
            with self.subTest(label):
                res = subprocess.run(
                    self.deskops.args("run", manifests, "--once", "--config", config,
                                      "--admin-listen", "127.0.0.1:0"),
                    env=dict(self.deskops.env, **env), capture_output=True, text=True,
                    timeout=120)
                self.assertEqual(res.returncode, 1, res.stderr[-2000:])
                said = " ".join(f"{line.get('msg', '')}: {line.get('error', '')}"
                                for line in map(json.loads, res.stderr.splitlines()))
                self.assertIn(why, said)
                self.assertNotIn(PASSWORD, res.stdout + res.stderr)
        self.assertEqual(self.sim.mutating_calls(), 0)
        self.assertFalse(wait_until(lambda: self.sim.api_calls() > 0, timeout=1))


if __name__ == "__main__":
    unittest.main()
