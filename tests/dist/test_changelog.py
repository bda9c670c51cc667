#!/usr/bin/env python3
"""LICENSE is the Apache License 2.0, and CHANGELOG.md is a Keep a Changelog file whose latest
version is the one CMakeLists.txt's project() sets, which the built binary reports.

Usage: test_changelog.py SOURCE_DIR [DESKOPS_BINARY]
"""
import os
import re
import subprocess
import sys
import unittest

SOURCE = sys.argv.pop(1) if len(sys.argv) > 1 else "."
DESKOPS = sys.argv.pop(1) if len(sys.argv) > 1 else None

SEMVER = r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?"
SECTIONS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def read(name):
    with open(os.path.join(SOURCE, name), encoding="utf-8") as f:
        return f.read()


def project_version(cmake_text):
    m = re.search(r"^project\(deskops\s+VERSION\s+(\S+)", cmake_text, re.M)
    assert m, "CMakeLists.txt: no project(deskops VERSION ...)"
    return m.group(1)


def changelog_versions(text):
    """-> [(version, date)] of the release headings, newest first; raises on a malformed file."""
    lines = text.splitlines()
    assert lines and lines[0] == "# Changelog", "the first line is '# Changelog'"
    releases, unreleased_at = [], None
    for number, line in enumerate(lines, 1):
        if line.startswith("## "):
            if line == "## [Unreleased]":
                assert unreleased_at is None and not releases, \
                    f"line {number}: [Unreleased] comes once, above every release"
                unreleased_at = number
                continue
            m = re.fullmatch(rf"## \[({SEMVER})\] - (\d{{4}}-\d{{2}}-\d{{2}})", line)
            assert m, f"line {number}: a release heading is '## [X.Y.Z] - YYYY-MM-DD': {line!r}"
            releases.append((m.group(1), m.group(5)))
        elif line.startswith("### "):
            assert line[4:] in SECTIONS, f"line {number}: {line!r} is not one of {sorted(SECTIONS)}"
    assert releases, "CHANGELOG.md has no release"
    return releases


def key(version):
    return tuple(int(p) for p in version.split("-")[0].split("."))


def check_changelog(text, version):
    releases = changelog_versions(text)
    latest = releases[0][0]
    assert latest == version, \
        f"CHANGELOG.md's latest release is {latest}, CMakeLists.txt says {version}"
    ordered = [v for v, _ in releases]
    assert ordered == sorted(ordered, key=key, reverse=True) and len(set(ordered)) == len(ordered), \
        f"releases newest first, each once: {ordered}"
    dates = [d for _, d in releases]
    assert dates == sorted(dates, reverse=True), f"release dates go back in time: {dates}"


GOOD = """# Changelog

## [Unreleased]

### Fixed

- a thing

## [1.2.0] - 2027-02-01

### Added

- b

## [1.1.3] - 2027-01-01
"""


class ChangelogCheckerTest(unittest.TestCase):
    """The checker itself, on small files, so that it cannot pass everything."""

    def test_cases(self):
        cases = [
            ("matching", GOOD, "1.2.0", None),
            ("no unreleased section", GOOD.replace("## [Unreleased]\n", ""), "1.2.0", None),
            ("older than the project", GOOD, "1.3.0", "latest release is 1.2.0"),
            ("unreleased below a release",
             GOOD.replace("## [Unreleased]\n", "") + "## [Unreleased]\n", "1.2.0", "comes once"),
            ("not semver", GOOD.replace("1.2.0", "1.2"), "1.2", "release heading"),
            ("no date", GOOD.replace("[1.2.0] - 2027-02-01", "[1.2.0]"), "1.2.0",
             "release heading"),
            ("unknown section", GOOD.replace("### Added", "### New"), "1.2.0", "is not one of"),
            ("out of order", GOOD.replace("1.1.3", "1.4.0"), "1.2.0", "newest first"),
            ("no title", GOOD.replace("# Changelog\n", ""), "1.2.0", "first line"),
        ]
        for name, text, version, error in cases:
            with self.subTest(name):
                if error is None:
                    check_changelog(text, version)
                else:
                    with self.assertRaisesRegex(AssertionError, re.escape(error)):
                        check_changelog(text, version)


class RepositoryTest(unittest.TestCase):
    def test_license_is_apache_2(self):
        text = read("LICENSE")
        self.assertIn("Apache License\n                           Version 2.0, January 2004", text)
        self.assertIn("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", text)
        self.assertIn("END OF TERMS AND CONDITIONS", text)
        # The whole text, appendix included, not a stub that names the licence.
        self.assertIn("APPENDIX: How to apply the Apache License to your work.", text)
        self.assertGreater(len(text), 11000)

    def test_changelog_matches_the_project_version(self):
        check_changelog(read("CHANGELOG.md"), project_version(read("CMakeLists.txt")))

    def test_binary_reports_the_project_version(self):
        if not DESKOPS:
            self.skipTest("no deskops binary given")
        version = project_version(read("CMakeLists.txt"))
        for args in (["version"], ["--version"]):
            with self.subTest(args):
                out = subprocess.run([DESKOPS, *args], capture_output=True, text=True, check=True)
                self.assertTrue(out.stdout.startswith(f"deskops {version} "), out.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
