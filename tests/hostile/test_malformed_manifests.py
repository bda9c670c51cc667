"""The catalogue of malformed manifests (manifests/*.yaml) is rejected, each with its position.

Every file starts with `# expect: LINE:COL: FRAGMENT`. For each one:
  - `deskops validate FILE` exits 1 and prints a diagnostic `FILE:LINE:COL: ...FRAGMENT...`;
  - `deskops apply DIR` against wks-sim, where DIR holds the valid example tenant plus that one
    file, exits 1 with the same diagnostic and makes no call at all to the simulator: one bad
    file stops the whole apply, the valid objects next to it included.

Usage: test_malformed_manifests.py DESKOPS WKS_SIM EXAMPLES_DIR CATALOGUE_DIR
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import Deskops, Sim  # noqa: E402

DESKOPS, WKS_SIM, EXAMPLES, CATALOGUE = sys.argv[1:5]
EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (.+)$")
MINIMUM_KINDS = 50


def cases():
    out = []
    for path in sorted(glob.glob(os.path.join(CATALOGUE, "*.yaml"))):
        with open(path, "rb") as f:
            m = EXPECT.match(f.readline().rstrip(b"\n"))
        if not m:
            raise ValueError(f"{path}: first line must be '# expect: LINE:COL: FRAGMENT'")
        out.append((path, int(m.group(1)), int(m.group(2)), m.group(3).decode()))
    return out


def diagnostic_found(stderr, path, line, col, fragment):
    prefix = f"{path}:{line}:{col}: "
    return any(l.startswith(prefix) and fragment in l for l in stderr.splitlines())


class MalformedManifestTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deskops-malformed-")
        cls.sim = Sim(WKS_SIM, cls.tmp)
        cls.deskops = Deskops(DESKOPS, cls.sim, cls.tmp,
                              env={"DESKOPS_PASSWORD_ERIN": "Quick-Start-2026!"})
        cls.manifests = os.path.join(cls.tmp, "manifests")
        shutil.copytree(EXAMPLES, cls.manifests, ignore=shutil.ignore_patterns("*.md"))

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_catalogue_is_large_enough(self):
        self.assertGreaterEqual(len(cases()), MINIMUM_KINDS)

    def test_examples_alone_are_valid(self):
        # Otherwise the apply half below would prove nothing about the bad file.
        r = subprocess.run([DESKOPS, "validate", self.manifests], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_validate_rejects_each_with_position(self):
        for path, line, col, fragment in cases():
            with self.subTest(os.path.basename(path)):
                r = subprocess.run([DESKOPS, "validate", path], capture_output=True, text=True,
                                   errors="replace", timeout=60)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertTrue(diagnostic_found(r.stderr, path, line, col, fragment),
                                f"want {line}:{col}: ...{fragment}... in:\n{r.stderr}")

    def test_apply_rejects_each_and_calls_nothing(self):
        for path, line, col, fragment in cases():
            with self.subTest(os.path.basename(path)):
                bad = os.path.join(self.manifests, "zz-" + os.path.basename(path))
                shutil.copy(path, bad)
                try:
                    self.sim.reset_stats()
                    r = self.deskops.run("apply", self.manifests, timeout=60)
                finally:
                    os.remove(bad)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertTrue(diagnostic_found(r.stderr, bad, line, col, fragment),
                                f"want {bad}:{line}:{col}: ...{fragment}... in:\n{r.stderr}")
                self.assertIn("nothing was planned or changed", r.stderr)
                self.assertEqual(self.sim.api_calls(), 0,
                                 "apply called the API despite invalid manifests")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
