"""Checks deploy/kubernetes: the manifests parse, agree with each other and with the config in the
ConfigMap, and follow the rules deskops needs (one replica, Recreate, probes on the admin port,
non-root, read-only root filesystem, no service-account token, no namespace baked in).
deploy/kubernetes/etcd, whose config keeps the state in etcd (state.etcd), follows a fleet's rules
instead: two replicas or more, a rolling update that never goes below them, readiness on /healthz
(a standby's /readyz is 503 by design), an etcd endpoint and prefix, and no volume for state.

Usage: test_kubernetes.py DEPLOY_KUBERNETES_DIR [--kubectl KUBECTL]

Without --kubectl the resources are read as kustomization.yaml lists them and the ConfigMap is
built from its configMapGenerator here. With --kubectl the same checks run on the output of
`kubectl kustomize` (offline; no cluster needed), which also proves kustomize accepts the
directory and rewrites the names and the image; the script exits 77 (ctest: skipped) when that
kubectl is missing, since kubectl is no Debian package scripts/install-deps could install.
"""
import argparse
import os
import re
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import config_schema  # noqa: E402

SKIP = 77
CONFIG_PATH = "/etc/deskops/config.yaml"
GIT_SYNC_IMAGE = re.compile(r"^registry\.k8s\.io/git-sync/git-sync:v4\.2\.\d+$")


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def render_locally(directory):
    kustomization = load_all(os.path.join(directory, "kustomization.yaml"))[0]
    assert "namespace" not in kustomization, "kustomization.yaml must not pin a namespace"
    docs = []
    for resource in kustomization["resources"]:
        docs += load_all(os.path.join(directory, resource))
    for gen in kustomization.get("configMapGenerator", []):
        data = {}
        for entry in gen["files"]:
            key, _, path = entry.rpartition("=")
            with open(os.path.join(directory, path)) as f:
                data[key or os.path.basename(path)] = f.read()
        docs.append({"apiVersion": "v1", "kind": "ConfigMap",
                     "metadata": {"name": gen["name"]}, "data": data})
    listed = set(kustomization["resources"])
    assert "secret.example.yaml" not in listed, "secrets must not be applied from git"
    return docs, kustomization


def render_kubectl(kubectl, directory):
    res = subprocess.run([kubectl, "kustomize", directory], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, f"kubectl kustomize failed:\n{res.stderr}"
    return [d for d in yaml.safe_load_all(res.stdout) if d]


def by_kind(docs):
    out = {}
    for d in docs:
        assert "namespace" not in d["metadata"], f"{d['kind']} pins a namespace"
        out.setdefault(d["kind"], []).append(d)
    return out


def single(kinds, kind):
    items = kinds.get(kind, [])
    assert len(items) == 1, f"want exactly one {kind}, have {len(items)}"
    return items[0]


def container(pod, name, init=False):
    key = "initContainers" if init else "containers"
    for c in pod.get(key, []):
        if c["name"] == name:
            return c
    raise AssertionError(f"no {key[:-1]} named {name}")


def mount_of(c, volume):
    mounts = [m for m in c.get("volumeMounts", []) if m["name"] == volume]
    assert mounts, f"container {c['name']} does not mount volume {volume}"
    return mounts[0]


def volume_named(pod, name):
    for v in pod["volumes"]:
        if v["name"] == name:
            return v
    raise AssertionError(f"no volume {name}")


def volume_at(c, pod, path):
    """The mount (and its volume) in container c that contains `path`."""
    best = None
    for m in c.get("volumeMounts", []):
        mp = m["mountPath"].rstrip("/")
        if path == mp or path.startswith(mp + "/"):
            if best is None or len(mp) > len(best["mountPath"]):
                best = m
    assert best, f"{path} is on no volume of container {c['name']}"
    return best, volume_named(pod, best["name"])


def check_workload(deploy, kinds, fleet):
    spec = deploy["spec"]
    if fleet:
        assert spec["replicas"] >= 2, "state in etcd: a leader and at least one standby"
        rolling = spec["strategy"]
        assert rolling["type"] == "RollingUpdate", "a standby keeps standing by during a rollout"
        assert rolling["rollingUpdate"]["maxUnavailable"] == 0, rolling
        assert "PersistentVolumeClaim" not in kinds, "state in etcd needs no volume"
    else:
        assert spec["replicas"] == 1, "deskops is a single writer: replicas 1"
        assert spec["strategy"]["type"] == "Recreate", "strategy Recreate releases the lock first"
    pod_labels = spec["template"]["metadata"]["labels"]
    for k, v in spec["selector"]["matchLabels"].items():
        assert pod_labels.get(k) == v, f"selector {k}={v} does not match the pod template"
    pod = spec["template"]["spec"]

    sa = single(kinds, "ServiceAccount")
    assert pod["serviceAccountName"] == sa["metadata"]["name"]
    assert sa.get("automountServiceAccountToken") is False
    assert pod.get("automountServiceAccountToken") is False

    sec = pod["securityContext"]
    assert sec.get("runAsNonRoot") is True and sec.get("runAsUser", 0) != 0
    assert sec["seccompProfile"]["type"] == "RuntimeDefault"
    for c in pod.get("initContainers", []) + pod["containers"]:
        csec = c["securityContext"]
        assert csec.get("readOnlyRootFilesystem") is True, f"{c['name']}: readOnlyRootFilesystem"
        assert csec.get("allowPrivilegeEscalation") is False, f"{c['name']}: privilege escalation"
        assert csec["capabilities"]["drop"] == ["ALL"], f"{c['name']}: drop ALL capabilities"
        assert csec.get("runAsUser", sec["runAsUser"]) != 0, f"{c['name']} runs as root"
        res = c["resources"]
        assert res["requests"]["memory"] and res["requests"]["cpu"] and res["limits"]["memory"], \
            f"{c['name']}: requests and a memory limit"

    # Every mount names a volume, every volume is mounted.
    names = [v["name"] for v in pod["volumes"]]
    assert len(names) == len(set(names)), "duplicate volume names"
    mounted = set()
    for c in pod.get("initContainers", []) + pod["containers"]:
        for m in c.get("volumeMounts", []):
            assert m["name"] in names, f"{c['name']} mounts unknown volume {m['name']}"
            mounted.add(m["name"])
    assert set(names) == mounted, f"volumes never mounted: {sorted(set(names) - mounted)}"
    return pod, pod_labels


def check_config_and_volumes(pod, kinds, directory, fleet):
    deskops = container(pod, "deskops")
    args = deskops.get("command", []) + deskops.get("args", [])
    assert args[:1] == ["run"] and "--config" in args, f"deskops args {args}"
    config_file = args[args.index("--config") + 1]
    assert config_file == CONFIG_PATH, config_file

    # The config file comes from the generated ConfigMap.
    mount, volume = volume_at(deskops, pod, config_file)
    cm_name = volume["configMap"]["name"]
    (cm,) = [d for d in kinds["ConfigMap"] if d["metadata"]["name"] == cm_name]
    key = mount.get("subPath") or os.path.relpath(config_file, mount["mountPath"])
    config = yaml.safe_load(cm["data"][key])
    config_schema.validate(config)

    # Probes and the Service reach the admin server.
    port = config_schema.listen_port(config)
    host = config["admin"]["listen"].rsplit(":", 1)[0]
    assert host in ("0.0.0.0", "[::]", ""), f"admin.listen {host}: the kubelet probes the pod IP"
    ports = {p["name"]: p["containerPort"] for p in deskops["ports"]}
    assert ports.get("metrics") == port, f"container port metrics={ports.get('metrics')}, " \
                                         f"config listens on {port}"
    # A standby's /readyz is 503: with it as the readiness probe a fleet's rollout would stall.
    ready = "/healthz" if fleet else "/readyz"
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", ready)):
        get = deskops[probe]["httpGet"]
        assert get["path"] == path, f"{probe} path {get['path']}"
        assert get["port"] in ("metrics", port), f"{probe} port {get['port']}"
    svc = single(kinds, "Service")
    (sport,) = [p for p in svc["spec"]["ports"] if p["name"] == "metrics"]
    assert sport["targetPort"] in ("metrics", port)
    assert sport["port"] == port

    grace = config_schema.duration_seconds(config.get("shutdownGrace", "30s"))
    assert pod["terminationGracePeriodSeconds"] > grace, \
        "terminationGracePeriodSeconds must exceed shutdownGrace"

    if fleet:
        # State in etcd: every replica on the same endpoints and the tenant's own prefix.
        etcd = config["state"]["etcd"]
        assert etcd["endpoints"] and etcd["prefix"].startswith("/"), etcd
        assert "stateDir" not in config, "state in etcd: a stateDir would mislead"
    else:
        # State on the PersistentVolumeClaim.
        _, volume = volume_at(deskops, pod, config["stateDir"])
        pvc = single(kinds, "PersistentVolumeClaim")
        assert volume.get("persistentVolumeClaim", {}).get("claimName") == \
            pvc["metadata"]["name"], \
            "stateDir must be on the PVC: the inventory and ledger outlive the pod"

    # Credentials: files on the Secret volume, with the keys secret.example.yaml documents.
    refs = config.get("credentials", {})
    for name in ("ak", "sk", "projectId"):
        assert "file" in refs.get(name, {}), f"credentials.{name} should be a file reference"
    secret_dir = directory if not fleet else os.path.dirname(os.path.normpath(directory))
    example = load_all(os.path.join(secret_dir, "secret.example.yaml"))[0]
    for name, ref in refs.items():
        mount, volume = volume_at(deskops, pod, ref["file"])
        assert volume.get("secret", {}).get("secretName") == example["metadata"]["name"], \
            f"credentials.{name} is not on the {example['metadata']['name']} Secret"
        key = os.path.relpath(ref["file"], mount["mountPath"])
        assert key in example["stringData"], f"credentials.{name}: the Secret has no key {key}"

    # Manifests: git-sync's link in the volume both containers share.
    sync = container(pod, "git-sync", init=True)
    assert GIT_SYNC_IMAGE.match(sync["image"]), sync["image"]
    assert sync.get("restartPolicy") == "Always", "git-sync runs as a native sidecar"
    assert sync["startupProbe"]["httpGet"]["path"] == "/"
    flags = dict(a.lstrip("-").split("=", 1) for a in sync["args"] if "=" in a)
    for flag in ("repo", "root", "link", "period"):
        assert flag in flags, f"git-sync --{flag}"
    http_port = int(flags["http-bind"].rsplit(":", 1)[1])
    sync_ports = {p["name"]: p["containerPort"] for p in sync["ports"]}
    assert sync["startupProbe"]["httpGet"]["port"] in (http_port, "git-sync")
    assert sync_ports.get("git-sync") == http_port
    link = os.path.join(flags["root"], flags["link"])
    for path in config["manifests"]:
        assert path == link or path.startswith(link + "/"), f"manifests {path} not under {link}"
        dm, volume = volume_at(deskops, pod, path)
        assert "emptyDir" in volume, "the checkout lives in an emptyDir"
        assert dm.get("readOnly") is True, "deskops only reads the checkout"
        sm = mount_of(sync, volume["name"])
        assert sm["mountPath"] == dm["mountPath"] == flags["root"], \
            "git-sync --root and deskops see the checkout at the same path"
    return config


def check_service(svc, pod_labels):
    for k, v in svc["spec"]["selector"].items():
        assert pod_labels.get(k) == v, f"Service selector {k}={v} misses the pod"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--kubectl")
    args = parser.parse_args()
    docs, kustomization = render_locally(args.directory)
    if args.kubectl is not None:
        if not (os.path.isabs(args.kubectl) and os.access(args.kubectl, os.X_OK)):
            print("SKIPPED: kubectl is not installed (not a Debian package); the same checks ran "
                  "without it in deploy_kubernetes")
            sys.exit(SKIP)
        docs = render_kubectl(args.kubectl, args.directory)
        (deploy,) = by_kind(docs)["Deployment"]
        images = [c["image"] for c in deploy["spec"]["template"]["spec"]["containers"]]
        want = "{newName}:{newTag}".format(**kustomization["images"][0])
        assert want in images, f"kustomize did not set the image: {images}"
        print("kubectl kustomize: ok")
    kinds = by_kind(docs)
    with open(os.path.join(args.directory, "config.yaml")) as f:
        fleet = "state" in (yaml.safe_load(f) or {})
    deploy = single(kinds, "Deployment")
    pod, pod_labels = check_workload(deploy, kinds, fleet)
    check_config_and_volumes(pod, kinds, args.directory, fleet)
    check_service(single(kinds, "Service"), pod_labels)
    print(f"{args.directory}: ok ({len(docs)} resources{', state in etcd' if fleet else ''})")


if __name__ == "__main__":
    main()
