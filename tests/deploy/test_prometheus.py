"""Checks deploy/prometheus: promtool accepts the rules and both scrape configurations, the rule
unit tests pass, every alert has the labels and annotations an on-call person needs, and every
alert is tested both firing and quiet.

Usage: test_prometheus.py PROMTOOL DEPLOY_DIR

Debian's prometheus package is built without Kubernetes service discovery, so its promtool
rejects kubernetes_sd_configs. scrape-kubernetes.yml is then checked by promtool with the
discovery block swapped for file_sd_configs (the relabelling and everything else still goes
through the real parser) and the discovery block itself here, including that it selects the pods
deploy/kubernetes creates.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tool  # noqa: E402

SEVERITIES = {"critical", "warning", "info"}
ANNOTATIONS = {"summary", "description", "runbook"}


def promtool(binary, *args, cwd=None):
    res = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120, cwd=cwd)
    return res.returncode, res.stdout + res.stderr


def must(binary, *args, cwd=None):
    rc, out = promtool(binary, *args, cwd=cwd)
    assert rc == 0, f"promtool {' '.join(args)} failed (rc={rc}):\n{out}"
    print(f"promtool {' '.join(args)}: ok")


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def alert_rules(alerts):
    return [r for g in alerts["groups"] for r in g["rules"] if "alert" in r]


def check_alert_shape(alerts):
    names = set()
    for rule in alert_rules(alerts):
        name = rule["alert"]
        assert name not in names, f"alert {name} defined twice"
        names.add(name)
        assert "for" in rule, f"{name}: no for: (write for: 0m to fire at once on purpose)"
        assert rule.get("labels", {}).get("severity") in SEVERITIES, f"{name}: severity label"
        missing = ANNOTATIONS - set(rule.get("annotations", {}))
        assert not missing, f"{name}: annotations {sorted(missing)} missing"
        assert 'job="deskops"' in rule["expr"] or "deskops_" in rule["expr"], name
    return names


def check_alert_tests(names, tests):
    fired, quiet = set(), set()
    for case in tests["tests"]:
        for t in case.get("alert_rule_test", []):
            (fired if t.get("exp_alerts") else quiet).add(t["alertname"])
    unknown = (fired | quiet) - names
    assert not unknown, f"alerts_test.yml tests alerts that do not exist: {sorted(unknown)}"
    assert not names - fired, f"alerts never shown firing: {sorted(names - fired)}"
    assert not names - quiet, f"alerts never shown quiet: {sorted(names - quiet)}"
    print(f"alerts_test.yml: all {len(names)} alerts shown firing and quiet")


def kubernetes_supported(binary, tmp):
    probe = os.path.join(tmp, "probe.yml")
    with open(probe, "w") as f:
        f.write("scrape_configs:\n  - job_name: p\n    kubernetes_sd_configs: [{role: pod}]\n")
    rc, out = promtool(binary, "check", "config", probe)
    return rc == 0


def check_kubernetes_sd(scrape, deploy_dir):
    """The discovery block, and that its relabelling keeps the pods deploy/kubernetes makes."""
    (job,) = scrape["scrape_configs"]
    (sd,) = job["kubernetes_sd_configs"]
    assert sd["role"] in {"pod", "endpoints", "endpointslice", "service"}, sd["role"]
    assert set(sd) <= {"role", "namespaces", "selectors"}, sorted(sd)
    assert all(isinstance(n, str) for n in sd.get("namespaces", {}).get("names", []))
    for sel in sd.get("selectors", []):
        assert set(sel) <= {"role", "label", "field"} and sel["role"] == sd["role"], sel

    with open(os.path.join(deploy_dir, "kubernetes", "deployment.yaml")) as f:
        deployment = yaml.safe_load(f)
    pod = deployment["spec"]["template"]
    pod_labels = pod["metadata"]["labels"]
    ports = [p for c in pod["spec"]["containers"] for p in c.get("ports", [])]
    meta = {"__meta_kubernetes_pod_container_port_name": [p.get("name", "") for p in ports]}
    for key, value in pod_labels.items():
        meta["__meta_kubernetes_pod_label_" + re.sub(r"[^a-zA-Z0-9_]", "_", key)] = [value]
    for sel in sd.get("selectors", []):
        if "label" in sel:
            k, _, v = sel["label"].partition("=")
            assert pod_labels.get(k) == v, f"selector {sel['label']} misses the pod's labels"
    for rule in job["relabel_configs"]:
        if rule.get("action") != "keep":
            continue
        (source,) = rule["source_labels"]
        assert source in meta, f"keep on {source}: not a label deskops' pods have"
        assert any(re.fullmatch(rule["regex"], v) for v in meta[source]), \
            f"keep {source}=~{rule['regex']} drops deskops' pod (has {meta[source]})"
    job_label = [r for r in job["relabel_configs"] if r.get("target_label") == "job"]
    assert job_label and job_label[-1]["replacement"] == "deskops", "targets need job=deskops"
    print("scrape-kubernetes.yml: discovery selects deploy/kubernetes' pod")


def check_kubernetes_config(binary, prom_dir, deploy_dir):
    path = os.path.join(prom_dir, "scrape-kubernetes.yml")
    scrape = load(path)
    check_kubernetes_sd(scrape, deploy_dir)
    with tempfile.TemporaryDirectory() as tmp:
        if kubernetes_supported(binary, tmp):
            must(binary, "check", "config", path)
            return
        print("promtool lacks kubernetes_sd_configs (Debian build): checking the rest with "
              "file_sd_configs in its place")
        for job in scrape["scrape_configs"]:
            job.pop("kubernetes_sd_configs")
            job["file_sd_configs"] = [{"files": ["targets.json"]}]
        shutil.copy(os.path.join(prom_dir, "alerts.yml"), tmp)
        swapped = os.path.join(tmp, "scrape-kubernetes.yml")
        with open(swapped, "w") as f:
            yaml.safe_dump(scrape, f)
        must(binary, "check", "config", swapped)


def main():
    binary = tool.require(sys.argv[1], "promtool", "prometheus")
    deploy_dir = sys.argv[2]
    prom_dir = os.path.join(deploy_dir, "prometheus")
    must(binary, "check", "rules", "alerts.yml", cwd=prom_dir)
    must(binary, "check", "config", "prometheus.yml", cwd=prom_dir)
    check_kubernetes_config(binary, prom_dir, deploy_dir)
    must(binary, "test", "rules", "alerts_test.yml", cwd=prom_dir)
    names = check_alert_shape(load(os.path.join(prom_dir, "alerts.yml")))
    check_alert_tests(names, load(os.path.join(prom_dir, "alerts_test.yml")))
    print("deploy/prometheus: ok")


if __name__ == "__main__":
    main()
