"""Checks deploy/systemd: the unit's directives, its example config, the per-tenant template
deskops@.service (the unit's directives with per-instance paths, nothing else), and what systemd
itself says about both (the template as the instance deskops@test.service).

Usage: test_systemd.py SYSTEMD_ANALYZE DEPLOY_SYSTEMD_DIR

systemd-analyze verify refuses a unit whose ExecStart= binary does not exist (and --root= needs a
whole OS tree with sysinit.target), so the test copies the unit into a temporary directory with
/usr/bin/deskops replaced by a stub script there. verify exits 0 even for unknown keys or values it
ignores, so any output at all is a failure. `systemd-analyze security --offline=yes` (systemd 250+)
scores the sandbox; the test prints the score and fails on the EXPOSED and UNSAFE levels.
"""
import os
import re
import stat
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import config_schema  # noqa: E402
import tool  # noqa: E402

BINARY = "/usr/bin/deskops"
CONFIG = "/etc/deskops/config.yaml"
TEMPLATE = "deskops@.service"
INSTANCE = "deskops@test.service"
# What the template may set differently from deskops.service: the per-tenant paths.
PER_INSTANCE = {"Description", "ExecStart", "ExecReload", "StateDirectory", "LoadCredential"}


def parse_unit(text):
    """[Section] -> {key: [values in order]}; continuation lines joined."""
    sections, section = {}, None
    logical = re.sub(r"\\\n", " ", text)
    for raw in logical.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        section.setdefault(key.strip(), []).append(value.strip())
    return sections


def one(section, key):
    values = section.get(key)
    assert values, f"{key}= is missing"
    return values[-1]


def check_directives(unit, config):
    service = unit["Service"]
    expect = {
        "Type": "notify",
        "NotifyAccess": "main",
        "ExecStart": f"{BINARY} run --config {CONFIG}",
        "Restart": "on-failure",
        "StateDirectory": "deskops",
        "ConfigurationDirectory": "deskops",
        "UMask": "0077",
        "CapabilityBoundingSet": "",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "SystemCallArchitectures": "native",
        "ProtectSystem": "strict",
    }
    for key, want in expect.items():
        got = one(service, key)
        assert got == want, f"{key}={got!r}, want {want!r}"
    for key in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices",
                "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
                "ProtectControlGroups", "RestrictNamespaces", "LockPersonality",
                "MemoryDenyWriteExecute", "RestrictRealtime", "RestrictSUIDSGID"):
        assert one(service, key) == "yes", f"{key}= should be yes"
    assert "@system-service" in service.get("SystemCallFilter", []), \
        "SystemCallFilter=@system-service"

    # One identity, and the reason for it written down next to it.
    assert one(service, "DynamicUser") == "yes" or "User" in service, "DynamicUser= or User="

    assert "/bin/kill -HUP $MAINPID" in service.get("ExecReload", []), "ExecReload sends SIGHUP"
    watchdog = config_schema.duration_seconds(one(service, "WatchdogSec"))
    assert 10 <= watchdog <= 600, f"WatchdogSec={watchdog}s"

    # Credentials under the names deskops looks for in $CREDENTIALS_DIRECTORY.
    creds = dict(v.split(":", 1) for v in service.get("LoadCredential", []))
    for name in ("ak", "sk", "project_id"):
        assert name in creds, f"LoadCredential={name}:... is missing"
        assert creds[name].startswith("/etc/deskops/credentials/"), creds[name]

    # systemd must not SIGKILL the daemon while its own grace period runs.
    grace = config_schema.duration_seconds(config.get("shutdownGrace", "30s"))
    stop = config_schema.duration_seconds(one(service, "TimeoutStopSec"))
    assert stop > grace, f"TimeoutStopSec={stop}s must exceed shutdownGrace={grace}s"
    # A bad configuration (EX_CONFIG) does not heal by restarting.
    assert "78" in one(service, "RestartPreventExitStatus").split()

    assert one(unit["Install"], "WantedBy") == "multi-user.target"
    assert "network-online.target" in one(unit["Unit"], "After").split()


def check_config(config, unit):
    config_schema.validate(config)
    service = unit["Service"]
    state = "/var/lib/" + one(service, "StateDirectory")
    assert config["stateDir"] == state, f"stateDir {config['stateDir']!r}, unit has {state!r}"
    etc = "/etc/" + one(service, "ConfigurationDirectory")
    for path in config["manifests"]:
        assert path.startswith(etc + "/"), f"manifests path {path} is outside {etc}"
    listen = config.get("admin", {}).get("listen", "")
    assert listen.startswith("127.0.0.1:"), \
        f"admin.listen {listen!r}: the admin server has no authentication, keep it local"
    # The unit hands credentials over through $CREDENTIALS_DIRECTORY; nothing to configure.
    assert "credentials" not in config, "credentials come from LoadCredential="


def check_template(unit, template):
    """The template is the unit with per-instance paths: same directives, same values."""
    for section in ("Unit", "Service", "Install"):
        keys = set(unit.get(section, {})) | set(template.get(section, {}))
        for key in sorted(keys - PER_INSTANCE):
            assert template.get(section, {}).get(key) == unit.get(section, {}).get(key), \
                f"{TEMPLATE} [{section}] {key}= differs from deskops.service's: " \
                f"{template.get(section, {}).get(key)} != {unit.get(section, {}).get(key)}"
    service = template["Service"]
    assert "%i" in one(template["Unit"], "Description"), "Description= names the instance"
    state = one(service, "StateDirectory")
    assert state == "deskops/%i", f"StateDirectory={state}, want deskops/%i"
    want = f"{BINARY} run --config /etc/deskops/%i.yaml --state-dir /var/lib/{state}"
    assert one(service, "ExecStart") == want, f"ExecStart={one(service, 'ExecStart')}, want {want}"
    reload = service.get("ExecReload", [])
    assert reload == [f"{BINARY} config check /etc/deskops/%i.yaml", "/bin/kill -HUP $MAINPID"], \
        f"ExecReload= {reload}"
    creds = dict(v.split(":", 1) for v in service.get("LoadCredential", []))
    assert creds == {n: f"/etc/deskops/credentials/%i/{n}" for n in ("ak", "sk", "project_id")}, \
        f"LoadCredential= {creds}"


def stub_unit(unit_text, directory, name="deskops.service"):
    stub = os.path.join(directory, "deskops")
    with open(stub, "w") as f:
        f.write("#!/bin/sh\nexit 0\n")
    os.chmod(stub, stat.S_IRWXU)
    path = os.path.join(directory, "units", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(unit_text.replace(BINARY + " ", stub + " "))
    return path


def run(cmd):
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    return res.returncode, res.stdout + res.stderr


def check_verify(analyze, unit_path):
    rc, out = run([analyze, "verify", "--man=no", unit_path])
    assert rc == 0 and not out.strip(), f"systemd-analyze verify (rc={rc}):\n{out}"
    print(f"systemd-analyze verify {os.path.basename(unit_path)}: clean")


def check_security(analyze, unit_path):
    rc, out = run([analyze, "security", "--offline=yes", "--no-pager", unit_path])
    m = re.search(r"Overall exposure level for \S+: ([0-9.]+) (\w+)", out)
    assert m, f"systemd-analyze security --offline=yes printed no score (rc={rc}):\n{out}"
    score, level = float(m.group(1)), m.group(2)
    print(f"systemd-analyze security {os.path.basename(unit_path)}: exposure {score} {level}")
    # systemd 252's levels, best first: PERFECT SAFE OK MEDIUM EXPOSED UNSAFE.
    assert level not in ("EXPOSED", "UNSAFE"), f"exposure level {level} ({score})"


def main():
    analyze = tool.require(sys.argv[1], "systemd-analyze", "systemd")
    directory = sys.argv[2]
    with open(os.path.join(directory, "deskops.service")) as f:
        unit_text = f.read()
    with open(os.path.join(directory, "config.yaml")) as f:
        config = yaml.safe_load(f)
    with open(os.path.join(directory, TEMPLATE)) as f:
        template_text = f.read()
    unit = parse_unit(unit_text)
    check_directives(unit, config)
    check_config(config, unit)
    check_template(unit, parse_unit(template_text))
    with tempfile.TemporaryDirectory() as tmp:
        path = stub_unit(unit_text, tmp)
        check_verify(analyze, path)
        check_security(analyze, path)
        # systemd loads deskops@.service for the instance deskops@test.service beside it.
        template = stub_unit(template_text, tmp, TEMPLATE)
        instance = os.path.join(os.path.dirname(template), INSTANCE)
        check_verify(analyze, instance)
        check_security(analyze, instance)
    print("deploy/systemd: ok")


if __name__ == "__main__":
    main()
