#!/usr/bin/env python3
"""`cmake --install BUILD --prefix TMP` installs exactly the files of cmake/DeskopsInstall.cmake,
and what it installs works from there: the binary runs, the man page and completion scripts are
what that binary generates, the units start that binary and pass systemd-analyze verify, the
example manifests validate. Needs no root and changes nothing outside a temporary directory.

Usage: test_install.py BUILD_DIR SOURCE_DIR CMAKE [SYSTEMD_ANALYZE]
"""
import filecmp
import glob
import os
import stat
import subprocess
import sys
import tempfile
import unittest

BUILD, SOURCE, CMAKE = sys.argv[1:4]
ANALYZE = sys.argv[4] if len(sys.argv) > 4 and os.path.isabs(sys.argv[4]) else None
del sys.argv[1:]

UNITS = "lib/systemd/system"
DOC = "share/doc/deskops"
GENERATED = {  # installed file: the deskops arguments that print it
    "share/man/man1/deskops.1": ["man"],
    "share/bash-completion/completions/deskops": ["completion", "bash"],
    "share/zsh/vendor-completions/_deskops": ["completion", "zsh"],
    "share/fish/vendor_completions.d/deskops.fish": ["completion", "fish"],
}
COPIED = {  # installed file: its source
    f"{DOC}/LICENSE": "LICENSE",
    f"{DOC}/README.md": "README.md",
    f"{DOC}/CHANGELOG.md": "CHANGELOG.md",
    f"{DOC}/examples/config.yaml": "deploy/systemd/config.yaml",
    **{f"{DOC}/examples/manifests/{os.path.basename(p)}": os.path.relpath(p, SOURCE)
       for p in glob.glob(os.path.join(SOURCE, "examples", "*.yaml"))},
}


def run(*cmd, **kwargs):
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=120, **kwargs)


class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="deskops-install-")
        cls.prefix = os.path.join(cls.tmp.name, "prefix")
        res = run(CMAKE, "--install", BUILD, "--prefix", cls.prefix)
        assert res.returncode == 0, f"cmake --install: {res.stdout}{res.stderr}"
        cls.binary = os.path.join(cls.prefix, "bin", "deskops")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, relative):
        return os.path.join(self.prefix, relative)

    def test_installs_exactly_the_listed_files(self):
        want = {"bin/deskops", f"{UNITS}/deskops.service", f"{UNITS}/deskops@.service",
                *GENERATED, *COPIED}
        got = {os.path.relpath(os.path.join(d, f), self.prefix)
               for d, _, files in os.walk(self.prefix) for f in files}
        self.assertEqual(sorted(got - want), [], "installed but not expected")
        self.assertEqual(sorted(want - got), [], "expected but not installed")
        for relative in got:
            mode = stat.S_IMODE(os.stat(self.path(relative)).st_mode)
            with self.subTest(relative):
                self.assertEqual(oct(mode), oct(0o755 if relative == "bin/deskops" else 0o644))

    def test_the_binary_runs(self):
        res = run(self.binary, "version")
        self.assertEqual(res.returncode, 0, res.stderr)
        built = run(os.path.join(BUILD, "bin", "deskops"), "version").stdout
        self.assertEqual(res.stdout, built)

    def test_generated_files_are_what_the_binary_prints(self):
        for relative, args in GENERATED.items():
            with self.subTest(relative):
                with open(self.path(relative), encoding="utf-8") as f:
                    self.assertEqual(f.read(), run(self.binary, *args).stdout)

    def test_copied_files_are_the_sources(self):
        for relative, source in COPIED.items():
            with self.subTest(relative):
                self.assertTrue(filecmp.cmp(self.path(relative), os.path.join(SOURCE, source),
                                            shallow=False))

    def test_example_manifests_validate(self):
        res = run(self.binary, "validate", self.path(f"{DOC}/examples/manifests"))
        self.assertEqual(res.returncode, 0, res.stderr)

    def test_units_start_the_installed_binary(self):
        for unit in ("deskops.service", "deskops@.service"):
            with open(self.path(f"{UNITS}/{unit}"), encoding="utf-8") as f:
                text = f.read()
            with self.subTest(unit):
                self.assertIn(f"\nExecStart={self.binary} run --config /etc/deskops/", text)
                self.assertIn(f"\nExecReload={self.binary} config check /etc/deskops/", text)
                self.assertIn(f"file://{self.path(DOC)}/README.md", text)
                self.assertNotIn("/usr/bin/deskops", text)

    def test_units_pass_systemd_analyze_verify(self):
        if not ANALYZE:
            self.skipTest("systemd-analyze is not installed")
        for unit in ("deskops.service", "deskops@test.service"):
            with self.subTest(unit):
                res = run(ANALYZE, "verify", "--man=no", self.path(f"{UNITS}/{unit}"))
                self.assertEqual((res.returncode, res.stdout + res.stderr), (0, ""))


if __name__ == "__main__":
    unittest.main(verbosity=2)
