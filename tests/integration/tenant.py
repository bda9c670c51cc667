"""What the engine's integration tests share: a fresh wks-sim and deskops per test, manifests
written from Python objects, and checks of the simulator's state against manifests (object by
object, field by field, for the fields the manifests set).

Binaries and the examples come from the environment CTest sets: DESKOPS, WKS_SIM, EXAMPLES.
"""
import json
import os
import shutil
import sys
import tempfile
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from conformance import collection, fixtures  # noqa: E402
from harness import Deskops, Sim, copy_examples  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
DESKOPS = os.environ.get("DESKOPS", os.path.join(ROOT, "build", "bin", "deskops"))
WKS_SIM = os.environ.get("WKS_SIM", os.path.join(ROOT, "build", "bin", "wks-sim"))
EXAMPLES = os.environ.get("EXAMPLES", os.path.join(ROOT, "examples"))
# The examples read erin-ext's initial password from here.
PASSWORD_ENV = {"DESKOPS_PASSWORD_ERIN": "Quick-Start-2026!"}

IMAGE = "a866298d-67db-44b0-a1f1-9d09bdddc20f"
PRODUCT = "workspace.c2.large.windows.2"
SUBNET = "5dee0216-2260-47c2-9368-98a27d910e55"
OWNER_TAG = "deskops-owner"

# Manifest kind -> (the simulator's state key, the field holding the unique name), from each kind's
# conformance fixture (tests/conformance/<Kind>.yaml), so a new kind edits nothing here.
SIM_KINDS = {kind: (fx["collection"], fx["name_field"]) for kind, fx in fixtures().items()
             if not fx.get("singleton")}
# Singleton kinds (one object per tenant, whatever its name) -> the state key of that object, and
# the name export gives it (its fixture's base).
SINGLETONS = {kind: fx["collection"] for kind, fx in fixtures().items() if fx.get("singleton")}
SINGLETON_NAMES = {kind: fx["bases"][0]["name"] for kind, fx in fixtures().items()
                   if fx.get("singleton")}


# Manifests.

def docs_of(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def load_docs(directory):
    docs = []
    for name in sorted(os.listdir(directory)):
        if name.endswith((".yaml", ".yml")):
            docs.extend(docs_of(os.path.join(directory, name)))
    return docs


def write_docs(path, docs):
    with open(path, "w") as f:
        yaml.safe_dump_all(docs, f, sort_keys=False)


def doc(kind, name, spec, annotations=None):
    meta = {"name": name}
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "deskops.io/v1alpha1", "kind": kind, "metadata": meta, "spec": spec}


def desktop_doc(name, user=None, tags=None, power=None):
    spec = {"availabilityZone": "az3.manage.x86", "productId": PRODUCT, "imageType": "gold",
            "imageId": IMAGE, "rootVolume": {"type": "SAS", "size": 80},
            "nics": [{"subnetId": SUBNET}]}
    if user:
        spec["userName"] = user
    if tags is not None:
        spec["tags"] = tags
    if power:
        spec["powerState"] = power
    return doc("Desktop", name, spec)


# The simulator's state.

def live(state, kind):
    """Objects of a manifest kind by name (pool desktops, which belong to their pool, and the
    central site, which is the subscription itself, left out)."""
    key, field = SIM_KINDS[kind]
    objects = [o for o in collection(state, key) if not (kind == "Desktop" and o.get("pool_id"))
               and not (kind == "Site" and o.get("site_type") == "CENTER")]
    return {o[field]: o for o in objects}


def duplicates(state):
    """Names that occur more than once per kind (desktop names compared case-insensitively)."""
    out = []
    for kind, (key, field) in SIM_KINDS.items():
        seen = {}
        for o in collection(state, key):
            name = o[field].lower() if kind == "Desktop" else o[field]
            seen[name] = seen.get(name, 0) + 1
        out.extend(f"{kind}/{n} x{c}" for n, c in seen.items() if c > 1)
    return out


def names(state):
    """Every object's kind/name: to compare a tenant before and after something."""
    out = {f"{k}/{n}" for k in SIM_KINDS for n in live(state, k)}
    # A singleton always exists in a tenant that serves it.
    out.update(f"{k}/{SINGLETON_NAMES[k]}" for k, key in SINGLETONS.items()
               if collection(state, key) is not None)
    return out


POWER = {"running": "ACTIVE", "stopped": "SHUTOFF", "hibernated": "HIBERNATED"}


def _desktop(spec, o, ignored, user_names):
    yield "productId", spec["productId"], o["product_id"]
    yield "imageId", spec["imageId"], o["image_id"]
    yield "rootVolume", spec["rootVolume"], {"type": o["root"]["type"], "size": o["root"]["size"]}
    want_data = sorted((v["type"], v["size"]) for v in spec.get("dataVolumes", []))
    yield "dataVolumes", want_data, sorted((v["type"], v["size"]) for v in o["data"])
    if "userName" in spec:
        yield "userName", spec["userName"], ",".join(u["user_name"] for u in o["users"])
    if "tags" in spec:
        have = {t["key"]: t["value"] for t in o["tags"] if t["key"] != OWNER_TAG}
        yield "tags", spec["tags"], have
    if "powerState" in spec and "spec.powerState" not in ignored:
        yield "powerState", POWER[spec["powerState"]], o["status"]


def _user(spec, o, ignored, user_names):
    for field, sim in (("userEmail", "user_email"), ("userPhone", "user_phone"),
                       ("description", "description")):
        if field in spec:
            yield field, spec[field], o[sim]


def _group(spec, o, ignored, user_names):
    if "description" in spec:
        yield "description", spec["description"], o["description"]
    if "members" in spec:
        have = sorted(user_names.get(i, i) for i in o["member_ids"])
        yield "members", sorted(spec["members"]), have


def _pool(spec, o, ignored, user_names):
    yield "type", spec["type"], o["type"]
    yield "productId", spec["productId"], o["product_id"]
    if "description" in spec:
        yield "description", spec["description"], o["description"]
    want = sorted(a["objectName"] for a in spec.get("authorizedObjects", []))
    yield "authorizedObjects", want, sorted(a["object_name"] for a in o["authorized"])


def _policy_group(spec, o, ignored, user_names):
    yield "priority", spec["priority"], o["priority"]
    if "description" in spec:
        yield "description", spec["description"], o["description"]
    want = sorted(t["targetName"] for t in spec.get("targets", []))
    yield "targets", want, sorted(t["target_name"] for t in o["targets"])


def _access_policy(spec, o, ignored, user_names):
    want = sorted((r["ipAddress"], r["subnetMask"]) for r in spec.get("ipList", []))
    yield "ipList", want, sorted((r["ip_address"], r["subnet_mask"]) for r in o["ip_list"])
    want = sorted(p["objectName"] for p in spec.get("policyObjectsList", []))
    yield "policyObjectsList", want, sorted(p["object_name"] for p in o["objects"])


def _ou(spec, o, ignored, user_names):
    yield "domain", spec["domain"], o["domain"]
    if "description" in spec:
        yield "description", spec["description"], o["description"]


def _terminal_binding(spec, o, ignored, user_names):
    for field, sim in (("tcBindSwitch", "tc_bind_switch"), ("tcAutoBindSwitch", "tc_auto_bind_switch"),
                       ("tcAutoBindMax", "tc_auto_bind_max")):
        if field in spec:
            yield field, spec[field], o[sim]
    if "bindings" in spec:  # the declared ones; bindings made elsewhere may stay beside them
        want = sorted((b["mac"].upper(), b["desktopName"].lower()) for b in spec["bindings"])
        macs = {m for m, _ in want}
        yield "bindings", want, sorted((b["mac"], b["desktop_name"].lower()) for b in o["bind_list"]
                                       if b["mac"] in macs)


def _name_policy(spec, o, ignored, user_names):
    yield "namePrefix", spec["namePrefix"], o["name_prefix"]
    yield "digitNumber", spec["digitNumber"], o["digit_number"]
    yield "startNumber", spec["startNumber"], o["start_number"]


FIELDS = {"Desktop": _desktop, "User": _user, "UserGroup": _group, "DesktopPool": _pool,
          "PolicyGroup": _policy_group, "AccessPolicy": _access_policy,
          "DesktopNamePolicy": _name_policy, "OU": _ou, "TerminalBinding": _terminal_binding}


def mismatches(docs, state):
    """Where the tenant differs from the manifests: missing objects and fields that differ."""
    user_names = {u["id"]: u["user_name"] for u in state["users"]}
    out = []
    for d in docs:
        kind, name, spec = d["kind"], d["metadata"]["name"], d["spec"]
        o = collection(state, SINGLETONS[kind]) if kind in SINGLETONS else live(state, kind).get(name)
        if o is None:
            out.append(f"{kind}/{name}: missing")
            continue
        ignored = d["metadata"].get("annotations", {}).get("deskops.io/ignore-changes", "")
        for field, want, have in FIELDS.get(kind, lambda *_: ())(spec, o, ignored, user_names):
            if want != have:
                out.append(f"{kind}/{name}: {field}: want {want!r}, have {have!r}")
        if kind == "DesktopPool":
            size = sum(1 for x in state["desktops"] if x.get("pool_id") == o["id"])
            if size != spec["size"]:
                out.append(f"{kind}/{name}: size: want {spec['size']}, have {size}")
    return out


# State files.

def inventory(state_dir):
    with open(os.path.join(state_dir, "inventory.json")) as f:
        return {f"{o['kind']}/{o['name']}": o for o in json.load(f)["objects"]}


def unfinished_intents(state_dir):
    """The ledger's intents without an end, as the engine reads them."""
    path = os.path.join(state_dir, "ledger.jsonl")
    if not os.path.exists(path):
        return {}
    open_ = {}
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            e = json.loads(line)
            if e["type"] == "intent":
                open_[e["id"]] = e
            elif e["type"] == "done":
                open_.pop(e["id"], None)
    return open_


class TenantCase(unittest.TestCase):
    """A fresh simulator, state directory and copy of the examples per test."""
    jobs = "immediate"
    sim_extra = ()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="deskops-it-")
        self.sim = Sim(WKS_SIM, self.tmp, jobs=self.jobs, extra=self.sim_extra)
        self.addCleanup(self._clean_up)
        self.manifests = copy_examples(EXAMPLES, os.path.join(self.tmp, "manifests"))
        self.deskops = Deskops(DESKOPS, self.sim, self.tmp, env=PASSWORD_ENV)
        # What the simulator's tenant starts with (its seeded OUs): neither deskops' nor missing.
        self.seeded = names(self.sim.state())

    def _clean_up(self):
        self.sim.stop()
        if os.environ.get("DESKOPS_KEEP_TMP"):
            print(f"kept {self.tmp}", file=sys.stderr)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def fresh_deskops(self, name):
        """Another deskops against the same simulator, with its own (empty) state directory."""
        workdir = os.path.join(self.tmp, name)
        os.mkdir(workdir)
        return Deskops(DESKOPS, self.sim, workdir, env=PASSWORD_ENV)

    def run_deskops(self, expect, command, *args, deskops=None):
        """Runs a command and checks its exit code; on a mismatch shows what it printed."""
        result = (deskops or self.deskops).run(command, *args)
        self.assertEqual(result.returncode, expect,
                         f"deskops {command} {' '.join(args)} exited {result.returncode}\n"
                         f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr[-6000:]}")
        return result

    def plan_json(self, *paths, expect=None):
        result = self.deskops.run("plan", *(paths or (self.manifests,)), "-o", "json")
        if expect is not None:
            self.assertEqual(result.returncode, expect, result.stdout + result.stderr[-4000:])
        return json.loads(result.stdout)

    def assert_matches(self, docs, state=None):
        state = state or self.sim.state()
        self.assertEqual(mismatches(docs, state), [])
        self.assertEqual(duplicates(state), [])
