"""Checks deploy/container statically (no Docker daemon is needed, none is used).

Usage: test_container.py DEPLOY_DIR [--binary BUILT_DESKOPS]

- The Dockerfile's stages: a debian:12 build stage that installs only what building needs
  (`scripts/install-deps --build-only`: no clang, chromium, nodejs, prometheus, GoogleTest or
  Python) and builds the deskops target with CMake, Ninja and Release; a debian:12-slim runtime
  stage that copies only the binary, runs as a non-root UID, and starts `deskops run` like the
  systemd unit and the Kubernetes Deployment do.
- OCI labels on the image: title, version, revision, source and licenses, the version, revision
  and source from build arguments; the version's default is CMakeLists.txt's and the build checks
  the binary reports it; the licence is the one in LICENSE.
- The runtime packages exist in Debian 12 (`apt-cache show`; reported as not checked when this
  host is not Debian 12 or has no package lists, since other releases name them differently).
- With --binary: every shared library the built binary loads (ldd) comes from a runtime package,
  a package those depend on, or one every Debian image has (Priority: required), so the image
  cannot build a binary it fails to start. Reported as not checked while deskops is unbuilt.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys

import yaml

BUILD_BASE = "debian:12"
# What a build stage has no use for: test, fuzzing, browser, monitoring and packaging tools.
NOT_FOR_BUILDING = {"clang", "libclang-rt-14-dev", "chromium", "nodejs", "npm", "prometheus",
                    "libgtest-dev", "libgmock-dev", "python3", "python3-jsonschema",
                    "python3-yaml", "dpkg-dev", "git"}
OCI_LABELS = {  # label: the build argument that sets it (None: a fixed value)
    "org.opencontainers.image.title": None,
    "org.opencontainers.image.version": "DESKOPS_VERSION",
    "org.opencontainers.image.revision": "DESKOPS_REVISION",
    "org.opencontainers.image.source": "DESKOPS_SOURCE",
    "org.opencontainers.image.licenses": None,
}
RUNTIME_BASE = "debian:12-slim"
BINARY = "/usr/bin/deskops"
CMD = ["run", "--config", "/etc/deskops/config.yaml"]


def parse_dockerfile(text):
    """-> (parser directives, [(instruction, arguments)]) with continuations joined."""
    directives, instructions = {}, []
    lines = text.splitlines()
    for line in lines:
        m = re.match(r"#\s*(\w+)\s*=\s*(\S+)\s*$", line)
        if not m:
            break
        directives[m.group(1).lower()] = m.group(2)
    current = ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, rest = current.strip().partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        current = ""
    return directives, instructions


def stages(instructions):
    """-> global ARG defaults, [{'base', 'name', 'steps'}]."""
    args, out = {}, []
    for keyword, rest in instructions:
        if keyword == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)),
                          words[-3] if len(words) >= 3 and words[-2].upper() == "AS" else words[-1])
            name = words[-1] if len(words) >= 3 and words[-2].upper() == "AS" else None
            out.append({"base": base, "name": name, "steps": []})
        elif not out and keyword == "ARG":
            key, _, value = rest.partition("=")
            args[key] = value
        elif out:
            out[-1]["steps"].append((keyword, rest))
    return args, out


def steps(stage, keyword):
    return [rest for k, rest in stage["steps"] if k == keyword]


def exec_form(rest):
    value = json.loads(rest)
    assert isinstance(value, list), f"not exec form: {rest}"
    return value


def apt_packages(run):
    m = re.search(r"apt-get install ([^&;|]*)", run)
    return [w for w in shlex.split(m.group(1)) if not w.startswith("-")] if m else []


def install_deps_list(source_dir, *args):
    res = run([os.path.join(source_dir, "scripts", "install-deps"), "--list", *args])
    assert res.returncode == 0, f"install-deps --list {' '.join(args)}: {res.stderr}"
    return res.stdout.split()


def check_build_packages(source_dir):
    build, everything = (set(install_deps_list(source_dir, "--build-only")),
                         set(install_deps_list(source_dir)))
    assert build <= everything, f"--build-only installs {build - everything}, the full list not"
    assert {"build-essential", "cmake", "ninja-build"} <= build, f"--build-only: {sorted(build)}"
    assert any(p.endswith("-dev") for p in build), "--build-only has no -dev library"
    extra = build & NOT_FOR_BUILDING
    assert not extra, f"the build stage would install {sorted(extra)}, which building never uses"
    print(f"build stage installs {len(build)} of {len(everything)} packages: {' '.join(sorted(build))}")


def check_build_stage(stage):
    assert stage["base"] == BUILD_BASE, f"build stage FROM {stage['base']}, want {BUILD_BASE}"
    runs = " && ".join(steps(stage, "RUN"))
    assert "scripts/install-deps --build-only" in runs, \
        "the build stage installs with scripts/install-deps --build-only"
    assert 'deskops version | grep -q "^deskops ${DESKOPS_VERSION} "' in runs, \
        "the build stage checks that the binary is the version the label says"
    assert any("scripts/install-deps" in c for c in steps(stage, "COPY")), \
        "copy install-deps on its own first, so its layer is cached"
    for needed in ("cmake -S . -B build", "-G Ninja", "-DCMAKE_BUILD_TYPE=Release",
                   "--target deskops"):
        assert needed in runs, f"build stage: {needed!r} missing"


def check_runtime_stage(stage, build_name):
    assert stage["base"] == RUNTIME_BASE, f"runtime FROM {stage['base']}, want {RUNTIME_BASE}"
    copies = [c for c in steps(stage, "COPY") if c.startswith(f"--from={build_name} ")]
    assert any(c.split()[-1] == BINARY and c.split()[-2].endswith("/bin/deskops")
               for c in copies), \
        f"the runtime stage copies build/bin/deskops from {build_name} to {BINARY}"
    assert not steps(stage, "ADD"), "use COPY, never ADD"

    users = steps(stage, "USER")
    assert users, "the runtime stage sets USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, f"USER {users[-1]}: a numeric non-root UID " \
                                            "(runAsNonRoot can only verify numbers)"
    last_user = max(i for i, (k, _) in enumerate(stage["steps"]) if k == "USER")
    assert all(k != "RUN" for k, _ in stage["steps"][last_user:]), "RUN after the final USER"

    (entrypoint,) = steps(stage, "ENTRYPOINT")
    assert exec_form(entrypoint) == [BINARY], f"ENTRYPOINT {entrypoint}"
    (cmd,) = steps(stage, "CMD")
    assert exec_form(cmd) == CMD, f"CMD {cmd}"
    assert "9180" in " ".join(steps(stage, "EXPOSE")).replace("/tcp", "").split(), "EXPOSE 9180"

    packages = []
    for run in steps(stage, "RUN"):
        if "apt-get install" in run:
            assert "--no-install-recommends" in run, "apt-get install --no-install-recommends"
            assert "rm -rf /var/lib/apt/lists" in run, "drop the apt lists in the same layer"
            packages += apt_packages(run)
    assert "ca-certificates" in packages, "ca-certificates: TLS to the Workspace API"
    assert any(p.startswith("libssl") for p in packages), "libssl"
    return int(uid), packages


def labels(stage):
    out = {}
    for rest in steps(stage, "LABEL"):
        for word in shlex.split(rest):
            key, _, value = word.partition("=")
            out[key] = value
    return out


def check_labels(stage, global_args, source_dir):
    got = labels(stage)
    args_in_stage = {rest.partition("=")[0] for rest in steps(stage, "ARG")}
    for label, arg in OCI_LABELS.items():
        assert got.get(label), f"LABEL {label} is missing or empty"
        if arg:
            assert got[label] == "${" + arg + "}", f"{label}={got[label]!r}, want ${{{arg}}}"
            assert arg in args_in_stage, f"ARG {arg} is not declared in the runtime stage"
            assert arg in global_args, f"ARG {arg} has no global declaration before FROM"
    with open(os.path.join(source_dir, "CMakeLists.txt")) as f:
        version = re.search(r"^project\(deskops\s+VERSION\s+(\S+)", f.read(), re.M).group(1)
    assert global_args["DESKOPS_VERSION"] == version, \
        f"ARG DESKOPS_VERSION={global_args['DESKOPS_VERSION']}, CMakeLists.txt says {version}"
    with open(os.path.join(source_dir, "LICENSE")) as f:
        head = f.read(300)
    assert got["org.opencontainers.image.licenses"] == "Apache-2.0" and \
        "Apache License" in head and "Version 2.0" in head, "licenses label and LICENSE disagree"
    print(f"OCI labels: {', '.join(sorted(got))}")


def check_kubernetes(deploy_dir, uid):
    with open(os.path.join(deploy_dir, "kubernetes", "deployment.yaml")) as f:
        pod = yaml.safe_load(f)["spec"]["template"]["spec"]
    (deskops,) = [c for c in pod["containers"] if c["name"] == "deskops"]
    run_as = deskops.get("securityContext", {}).get("runAsUser",
                                                   pod["securityContext"].get("runAsUser"))
    assert run_as == uid, f"Deployment runs as {run_as}, the image as {uid}"
    assert deskops.get("args") == CMD and "command" not in deskops, \
        "the Deployment runs the image's own command"


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def not_debian12():
    """Why apt-cache cannot judge Debian 12 package names here, or None when it can."""
    try:
        with open("/etc/os-release") as f:
            release = dict(l.rstrip().split("=", 1) for l in f if "=" in l)
    except OSError:
        return "no /etc/os-release"
    if release.get("VERSION_CODENAME", "").strip('"') != "bookworm":
        return f"this host is {release.get('PRETTY_NAME', '?')}, not Debian 12"
    return None


def check_packages_exist(packages):
    why = not_debian12()
    found = set()
    if not why:
        # One call: each apt-cache run may rebuild its cache from the lists (seconds).
        try:
            res = run(["apt-cache", "show", "--no-all-versions", "libc6", *packages])
            found = set(re.findall(r"^Package: (\S+)$", res.stdout, re.MULTILINE))
            if "libc6" not in found:
                why = "no apt package lists (run apt-get update)"
        except FileNotFoundError:
            why = "no apt-cache"
    if why:
        print(f"NOT CHECKED: runtime package names against Debian 12: {why}")
        return
    missing = [p for p in packages if p not in found]
    assert not missing, f"runtime packages {missing} do not exist in Debian 12"
    print(f"runtime packages exist in Debian 12: {' '.join(packages)}")


def dpkg_owners(paths):
    """{path: package} for the shared-library paths ldd printed (one dpkg-query call).

    dpkg may have registered a file under /lib or /usr/lib (merged /usr), so both are asked.
    """
    variants = {}
    for path in paths:
        real = os.path.realpath(path)
        for c in {path, real}:
            variants[c] = path
            variants[c[len("/usr"):] if c.startswith("/usr/") else "/usr" + c] = path
    res = run(["dpkg-query", "-S", *variants])
    owners = {}
    for line in res.stdout.splitlines():
        package, _, file = line.partition(": ")
        if file in variants:
            owners[variants[file]] = package.split(":")[0].split(",")[0].strip()
    return owners


def dpkg_fields(packages, fmt):
    """{package: fields} from dpkg-query -W for installed packages (one call)."""
    res = run(["dpkg-query", "-W", f"-f=${{Package}}\t{fmt}\n", *packages])
    return dict(l.split("\t", 1) for l in res.stdout.splitlines() if "\t" in l)


def dependency_closure(packages):
    seen, level = set(), set(packages)
    while level:
        seen |= level
        deps = set()
        for fields in dpkg_fields(sorted(level), "${Depends},${Pre-Depends}").values():
            for alternative in fields.split(","):
                for dep in alternative.split("|"):
                    name = dep.strip().split(" ")[0].split(":")[0]
                    if name:
                        deps.add(name)
        level = deps - seen
    return seen


def check_binary_libraries(binary, packages):
    if not os.path.exists(binary):
        print(f"NOT CHECKED: the shared libraries of deskops: {binary} is not built yet")
        return
    res = run(["ldd", binary])
    assert res.returncode == 0, f"ldd {binary}: {res.stderr}"
    libs = dict(re.findall(r"^\s*(\S+) => (/\S+)", res.stdout, re.MULTILINE))
    owners = dpkg_owners(libs.values())
    # Priority: required and Essential packages, and what they depend on, are in every Debian
    # image, -slim included.
    base = [p for p, f in dpkg_fields([], "${Priority} ${Essential}").items()
            if "required" in f or "yes" in f]
    provided = dependency_closure(list(packages) + base)
    for lib, path in sorted(libs.items()):
        owner = owners.get(path)
        assert owner, f"{lib} ({path}) belongs to no Debian package"
        assert owner in provided, \
            f"deskops needs {lib} from {owner}, which the runtime stage does not install"
        print(f"  {lib}: {owner}")
    print("every shared library deskops loads is in the runtime image")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("deploy_dir")
    parser.add_argument("--binary")
    args = parser.parse_args()
    container = os.path.join(args.deploy_dir, "container")
    with open(os.path.join(container, "Dockerfile")) as f:
        directives, instructions = parse_dockerfile(f.read())
    assert directives.get("syntax", "").startswith("docker/dockerfile:1"), \
        "# syntax=docker/dockerfile:1 (RUN --mount needs it)"
    global_args, all_stages = stages(instructions)
    assert len(all_stages) >= 2, "a multi-stage build"
    build, runtime = all_stages[0], all_stages[-1]
    assert build["name"], "the build stage is named, for COPY --from"
    source_dir = os.path.dirname(os.path.abspath(args.deploy_dir))
    check_build_stage(build)
    check_build_packages(source_dir)
    uid, packages = check_runtime_stage(runtime, build["name"])
    check_labels(runtime, global_args, source_dir)
    check_kubernetes(args.deploy_dir, uid)
    with open(os.path.join(container, "Dockerfile.dockerignore")) as f:
        ignored = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    assert {".git", "build"} <= ignored, "keep .git and build trees out of the context"
    print(f"Dockerfile: {len(all_stages)} stages, runs as uid {uid}")
    check_packages_exist(packages)
    if args.binary:
        check_binary_libraries(args.binary, packages)
    print("deploy/container: ok")


if __name__ == "__main__":
    main()
