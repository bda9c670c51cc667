"""TLS verification cannot be turned off by accident.

  - a server whose certificate the CA file (or the system store) does not vouch for is refused
    with a message that says so and points at --ca-file, before any request is sent;
  - only the explicit --insecure-skip-tls-verify flag (or insecureSkipTlsVerify: true in a
    configuration file) turns verification off, and then a warning is logged on every run;
  - a plain-HTTP endpoint works only when it says http://, and is warned about too.

Usage: test_tls_verification.py DESKOPS WKS_SIM
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import DEMO_ENV, Sim  # noqa: E402

DESKOPS, WKS_SIM = sys.argv[1:3]
TLS_OFF = "TLS verification is OFF"


class TlsVerificationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deskops-tls-")
        os.makedirs(os.path.join(cls.tmp, "a"))
        os.makedirs(os.path.join(cls.tmp, "b"))
        cls.sim = Sim(WKS_SIM, os.path.join(cls.tmp, "a"))
        cls.other = Sim(WKS_SIM, os.path.join(cls.tmp, "b"))  # its CA is the wrong one for `sim`

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        cls.other.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def deskops(self, *args, endpoint=None):
        env = dict(os.environ)
        env.update(DEMO_ENV)
        return subprocess.run([DESKOPS, *args, "--endpoint", endpoint or self.sim.url], env=env,
                              capture_output=True, text=True, timeout=120)

    def test_right_ca_works_without_warning(self):
        r = self.deskops("get", "products", "--ca-file", self.sim.ca_file)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(TLS_OFF, r.stderr)

    def test_wrong_ca_is_refused_clearly_and_nothing_is_sent(self):
        self.sim.reset_stats()
        for extra in (["--ca-file", self.other.ca_file], []):  # a wrong CA file; the system store
            r = self.deskops("get", "desktops", *extra)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("TLS certificate verification failed", r.stderr)
            self.assertIn("--ca-file", r.stderr)
            self.assertEqual(r.stdout, "")
        self.assertEqual(self.sim.api_calls(), 0)

    def test_plan_with_the_wrong_ca_fails_the_same_way(self):
        r = self.deskops("plan", os.devnull, "--allow-empty", "--state-dir",
                         os.path.join(self.tmp, "state"), "--ca-file", self.other.ca_file)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("TLS certificate verification failed", r.stderr)

    def test_explicit_flag_turns_it_off_loudly(self):
        r = self.deskops("get", "products", "--ca-file", self.other.ca_file,
                         "--insecure-skip-tls-verify")
        self.assertEqual(r.returncode, 0, r.stderr)
        warnings = [l for l in r.stderr.splitlines() if TLS_OFF in l]
        self.assertEqual(len(warnings), 1, r.stderr)
        self.assertIn("level=warn", warnings[0])
        self.assertIn(self.sim.url, warnings[0])

    def test_configuration_file_setting_is_warned_about_too(self):
        config = os.path.join(self.tmp, "insecure.yaml")
        with open(config, "w") as f:
            f.write("insecureSkipTlsVerify: true\n")
        r = self.deskops("get", "products", "--config", config)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(TLS_OFF, r.stderr)

    def test_plain_http_only_when_asked_and_warned(self):
        proc = subprocess.Popen([WKS_SIM, "--listen", "127.0.0.1:0", "--plain-http"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            url = proc.stdout.readline().strip()
            self.assertTrue(url.startswith("http://"), url)
            r = self.deskops("get", "products", endpoint=url)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("plain HTTP", r.stderr)
            # The same server named with https:// is not silently downgraded.
            r = self.deskops("get", "products", endpoint=url.replace("http://", "https://"))
            self.assertEqual(r.returncode, 1, r.stderr)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
