#!/usr/bin/env python3
"""Generate tests/simulator/response_schemas.json from the API digest's per-operation tables.

Usage (from the repository root):
    python3 scripts/gen_sim_schemas.py [DIGEST] [--out tests/simulator/response_schemas.json]

DIGEST defaults to ../shared/reference/api-digest.md relative to the repository root. For every
"#### <section> <title>" block of the digest's section 6 it records the method and path and each
"Response <status>" table as {field path: type}, exactly as printed (paths like
`desktops[].attach_user_infos[].user_id`, `desktop.addresses{*}[].addr`). The simulator tests use
the file to check that every documented field is present with the documented JSON type. The output
is deterministic. Standard library only.
"""

import argparse
import json
import os
import re
import sys

HEADING = re.compile(r"^#### (\d+\.\d+\.\d+) (.*?)\s+\(L\d+")
URI = re.compile(r"^`(GET|POST|PUT|DELETE|PATCH) (/v\d/\{project_id\}[^`]*)`")
RESPONSE = re.compile(r"^Response (\d{3}) \(L\d+\):")
ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+?) \| (\d+) \|")


def parse(text):
    ops = {}
    current = None
    table = None
    for line in text.splitlines():
        m = HEADING.match(line)
        if m:
            current = {"title": m.group(2), "responses": {}}
            ops[m.group(1)] = current
            table = None
            continue
        if current is None:
            continue
        m = URI.match(line)
        if m and "method" not in current:
            current["method"], current["path"] = m.group(1), m.group(2)
            continue
        m = RESPONSE.match(line)
        if m:
            table = current["responses"].setdefault(m.group(1), {})
            continue
        if line.startswith("#") or line.startswith("Error bodies") or line.startswith("Examples"):
            table = None
            continue
        m = ROW.match(line)
        if m and table is not None:
            table[m.group(1)] = m.group(2).strip()
    return {k: v for k, v in ops.items() if "method" in v}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser()
    parser.add_argument("digest", nargs="?",
                        default=os.path.join(root, "..", "shared", "reference", "api-digest.md"))
    parser.add_argument("--out", default=os.path.join(root, "tests", "simulator",
                                                      "response_schemas.json"))
    args = parser.parse_args()
    with open(args.digest, encoding="utf-8") as f:
        ops = parse(f.read())
    if len(ops) < 100:
        sys.exit(f"gen_sim_schemas: only {len(ops)} operations found; is this the digest?")
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(ops, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"gen_sim_schemas: {len(ops)} operations -> {args.out}")


if __name__ == "__main__":
    main()
