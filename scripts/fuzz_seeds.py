#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/) into OUTDIR/<target>/.

  manifest    every manifest of examples/ and of the malformed catalogue tests/hostile/manifests/
  config      the deploy/ configuration files and a few variants
  cloud_dto   every response body of the API reference's examples (tests/golden/api-examples,
              a copy of ../shared/reference/api-examples)
  simulator   every request example, sent to the operation of its section (the routing table
              simulator/operations.cc and the families' tables in simulator/resources/ name the
              section of each route), plus one GET per GET route and a few control-API calls

Usage: scripts/fuzz_seeds.py OUTDIR
"""
import glob
import os
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "tests", "golden", "api-examples")
PROJECT = "p1"  # the fuzz target's simulator serves project p1 (tests/fuzz/fuzz_simulator.cc)
SEED_ID = "00000000000000000000000000000001"


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(directory, name), mode) as f:
        f.write(data)


def copy_all(paths, directory, prefix=""):
    os.makedirs(directory, exist_ok=True)
    for p in paths:
        shutil.copy(p, os.path.join(directory, prefix + os.path.basename(p)))


def manifest_seeds(out):
    copy_all(sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.yaml"), recursive=True)), out)
    copy_all(sorted(glob.glob(os.path.join(ROOT, "tests", "hostile", "manifests", "*.yaml"))), out,
             "hostile-")
    write(out, "anchors.yaml", "a: &x [1, 2]\nb: *x\n---\nkind: User\nmetadata: {name: u}\n")


def config_seeds(out):
    copy_all([os.path.join(ROOT, "deploy", "systemd", "config.yaml")], out, "systemd-")
    copy_all([os.path.join(ROOT, "deploy", "kubernetes", "config.yaml")], out, "kubernetes-")
    write(out, "minimal.yaml", "endpoint: https://127.0.0.1:8443\nmanifests: [m]\n")
    write(out, "kinds.yaml", "intervals:\n  reconcile: 1m\n  kinds: {Desktop: 2h, User: 250ms}\n"
                             "adopt: {Desktop: true}\ncredentials:\n  sk: {env: SK}\n")


def cloud_seeds(out):
    copy_all(sorted(glob.glob(os.path.join(EXAMPLES, "*-response-*"))), out)
    write(out, "error.json", '{"error_code": "WKS.0106", "error_msg": "Insufficient quota."}')
    write(out, "paged.json", '{"desktops": [{"desktop_id": "d1"}], "total_count": 3}')


def routes():
    """(method, pattern, section) of every route in simulator/operations.cc and in the resource
    families' folders (simulator/resources/<family>/*.cc)."""
    text = ""
    for path in [os.path.join(ROOT, "simulator", "operations.cc")] + sorted(
            glob.glob(os.path.join(ROOT, "simulator", "resources", "*", "*.cc"))):
        with open(path) as f:
            text += f.read()
    entry = re.compile(r'\{"(GET|POST|PUT|DELETE|PATCH)",\s*"([^"]+)",\s*"[^"]+",\s*\w+\},?\s*'
                       r'//\s*(\d+\.\d+\.\d+)')
    return [m.groups() for m in entry.finditer(text)]


def concrete(pattern):
    path = pattern.replace("{project_id}", PROJECT)
    return re.sub(r"\{[a-z_]+\}", SEED_ID, path)


def request(method, target, body=""):
    return f"{method} {target}\n\n{body}"


def simulator_seeds(out):
    table = routes()
    if len(table) < 50:
        sys.exit(f"fuzz_seeds: read only {len(table)} routes from simulator/operations.cc")
    by_section = {section: (method, pattern) for method, pattern, section in table}
    for path in sorted(glob.glob(os.path.join(EXAMPLES, "*-request*"))):
        section = os.path.basename(path).split("-")[0]
        if section not in by_section:
            continue
        method, pattern = by_section[section]
        with open(path) as f:
            body = f.read()
        write(out, os.path.basename(path), request(method, concrete(pattern), body))
    for method, pattern, section in table:
        if method == "GET":
            write(out, f"get-{section}", request("GET", concrete(pattern) + "?limit=2&offset=0"))
    create = open(os.path.join(EXAMPLES, "4.8.2-request.json")).read()
    write(out, "create-then-list", request("POST", f"/v2/{PROJECT}/users", create) + "\n%%\n"
          + request("GET", f"/v2/{PROJECT}/users"))
    write(out, "control-faults", request("PUT", "/_sim/faults", '{"rules": [{"operation": '
                                         '"users.list", "probability": 1, "kind": "http_429"}]}')
          + "\n%%\n" + request("GET", f"/v2/{PROJECT}/users"))
    write(out, "control-state", request("GET", "/_sim/state"))
    write(out, "signed", "GET /v2/p1/users\nAuthorization: SDK-HMAC-SHA256 Access=AK, "
                         "SignedHeaders=host;x-sdk-date, Signature=00\nX-Auth-Token:\n"
                         "X-Sdk-Date: 20231114T221320Z\n\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)
    manifest_seeds(os.path.join(out, "manifest"))
    config_seeds(os.path.join(out, "config"))
    cloud_seeds(os.path.join(out, "cloud_dto"))
    simulator_seeds(os.path.join(out, "simulator"))
    for target in sorted(os.listdir(out)):
        print(f"{target}: {len(os.listdir(os.path.join(out, target)))} seeds")


if __name__ == "__main__":
    main()
