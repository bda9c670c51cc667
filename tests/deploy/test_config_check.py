"""Runs the real `deskops config check` on the example configurations under deploy/, so they
cannot drift from the daemon's own schema (config_schema.py only mirrors it).

Usage: test_config_check.py DESKOPS CONFIG...

Exits 77 (ctest: skipped, with the reason printed) while the binary is not built or has no
`config check` yet (it answers 64, usage); any other failure fails the test.
"""
import os
import subprocess
import sys

SKIP = 77
EX_USAGE = 64


def main():
    binary, configs = sys.argv[1], sys.argv[2:]
    if not os.access(binary, os.X_OK):
        print(f"SKIPPED: {binary} is not built")
        sys.exit(SKIP)
    failed = False
    for config in configs:
        res = subprocess.run([binary, "config", "check", config], capture_output=True, text=True,
                             timeout=60, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
        if res.returncode == EX_USAGE:
            print(f"SKIPPED: this deskops has no `config check` yet:\n{res.stderr}")
            sys.exit(SKIP)
        print(f"deskops config check {config}: exit {res.returncode}\n{res.stdout}{res.stderr}")
        failed |= res.returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
