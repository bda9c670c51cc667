"""Locating the external checkers the deploy tests run (promtool, systemd-analyze, kubectl)."""
import os
import sys


def require(path, program, package):
    """Returns `path` when it is an executable; otherwise fails the test, saying what to install.

    CMake passes <VAR>-NOTFOUND for a program find_program did not find: the test fails rather
    than skips, so a machine without the tool cannot pass it by accident.
    """
    if os.path.isabs(path) and os.access(path, os.X_OK):
        return path
    sys.exit(f"FAIL: {program} is not installed ({path}): run scripts/install-deps "
             f"(Debian package {package})")
