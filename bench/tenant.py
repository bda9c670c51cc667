"""A generated tenant for the engine benchmarks (engine_bench.py): its sizes, the manifests that
describe it, the wks-sim objects that seed it through the control API, and the least number of
API calls any client needs to observe or change it, given the page sizes and batch limits the API
reference documents.

Line numbers (Lnnnnn) are those of the reference, /work/shared/seed/000_0927ec9a9cb5f5cf.txt
(digested in ../shared/reference/api-digest.md §2.2, "Pagination conventions").
"""
import math
import os
from dataclasses import dataclass

PRODUCT = "workspace.c2.large.windows.2"  # the simulator's first product: what bulk desktops use
IMAGE = "a866298d-67db-44b0-a1f1-9d09bdddc20f"  # its first image (gold, Windows 10)
AZ = "az3.manage.x86"
SUBNET = "5dee0216-2260-47c2-9368-98a27d910e55"
DESKTOP_PREFIX = "bench"  # bench0000000, ...: the names /_sim/bulk/desktops gives
POOL_SIZE = 2  # desktops per pool

# The largest page each list call allows (None: the call returns everything when `limit` is left
# out) and where the reference says so.
PAGES = {
    "desktops.list_detail": (500, "4.3.8 limit 0-500 (L6493)"),
    "users.list": (None, "4.8.1 without limit returns all users (L16781)"),
    "groups.list": (100, "4.9.1 limit 1-100 (L18622)"),
    "pools.list": (1000, "4.4.2 limit 0-1000 (L11771)"),
    "pools.list_authorized": (100, "4.4.13 limit 0-100 per pool (L13682); 4.4.2 lists no "
                              "authorisations (L11780-11880)"),
    "policy_groups.list_detail": (100, "4.14.10 limit 0-100 (L29553); 4.14.1 omits policies and "
                                       "targets (L22326)"),
    "access_policies.list": (100, "4.14.13 limit 0-100 (L32084)"),
    "name_policies.list": (50, "4.5.1 limit 0-50 (L14904)"),
}
CREATES_PER_CALL = 50  # 4.3.1 desktops[] holds 1 to 50 desktops of one configuration (L5081)
TAG_DESKTOPS_PER_CALL = 100  # 4.6.7 tags up to 100 desktops per call (L16210)

POLICIES = {"peripherals": {"usbPortRedirection": {"usbEnable": True, "options": {"usbStorageEnable": False}}},
            "fileAndClipboard": {"clipboardRedirection": "DISABLED"}}
# The same, as the API stores it (what deskops writes for the manifest above).
WIRE_POLICIES = {"peripherals": {"usb_port_redirection": {"usb_enable": True,
                                                          "options": {"usb_storage_enable": False}}},
                 "file_and_clipboard": {"clipboard_redirection": "DISABLED"}}


@dataclass
class Sizes:
    desktops: int
    users: int
    groups: int
    pools: int
    policy_groups: int

    @staticmethod
    def proportional(desktops):
        """Issue 5's mix scaled: 10,000 desktops come with 10,000 users, 200 groups, 50 pools and 50
        policy groups."""
        return Sizes(desktops, desktops, max(1, desktops // 50), max(1, desktops // 200),
                     max(1, desktops // 200))

    def total_desktops(self):
        return self.desktops + self.pools * POOL_SIZE

    def describe(self):
        return (f"{self.desktops:,} desktops (+{self.pools * POOL_SIZE:,} in pools), {self.users:,} users, "
                f"{self.groups:,} groups, {self.pools:,} pools, {self.policy_groups:,} policy groups")


def user_name(i):
    return f"user{i}"


def group_name(g):
    return f"group{g:04d}"


def desktop_name(i):
    return f"{DESKTOP_PREFIX}{i:07d}"


def hex_id(kind, i):
    """A stable 32-hex-digit ID (the simulator's shape for users, groups, pools, policy groups)."""
    return f"{kind:x}{i:031x}"


# ----- manifests ---------------------------------------------------------------------------------

@dataclass
class Variant:
    """How the manifests describe the tenant: power states and tags differ between the seeded
    tenant (one desktop in four stopped, no tags) and the one deskops creates (all running, tagged),
    and `changed` marks every tenth object of each kind as edited (the "10% change")."""
    stopped_every: int = 0  # every n-th desktop (n-1, 2n-1, ...) is stopped; 0: all running
    tags: bool = False
    changed: bool = False

    def edited(self, i):
        return self.changed and i % 10 == 0


def _yaml(value, indent=0):
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(f"{pad}{k}:\n{_yaml(v, indent + 2)}" if isinstance(v, (dict, list)) and v
                       else f"{pad}{k}: {_scalar(v)}\n" for k, v in value.items())
    return "".join(f"{pad}- {_scalar(v)}\n" for v in value)


def _scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_scalar(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    return str(v)


def _doc(kind, name, spec):
    return f"---\napiVersion: deskops.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{_yaml(spec, 2)}"


def desktop_spec(i, variant, user):
    spec = {"availabilityZone": AZ, "productId": PRODUCT, "imageType": "gold", "imageId": IMAGE,
            "rootVolume": {"type": "SAS", "size": 80}, "nics": [{"subnetId": SUBNET}],
            "userName": user, "userGroup": "users"}
    if variant.tags:
        spec["tags"] = {"cost-center": "cc-2" if variant.edited(i) else "cc-1"}
    n = variant.stopped_every
    spec["powerState"] = "stopped" if n and i % n == n - 1 else "running"
    return spec


def _describe(what, i, variant):
    return f"Generated {what} {i}" + (" (edited)" if variant.edited(i) else "")


def write_manifests(directory, sizes, variant, extra_desktops=0):
    """Writes the tenant as multi-document YAML files of at most 1,000 objects. `extra_desktops`
    more desktops (named new0000000, ...) of one identical configuration go to users 0, 1, ..."""
    os.makedirs(directory, exist_ok=True)
    docs = []
    for i in range(sizes.users):
        docs.append(_doc("User", user_name(i), {"userEmail": f"user{i}@example.com",
                                               "description": _describe("user", i, variant)}))
    for g in range(sizes.groups):
        members = [user_name(i) for i in range(g, sizes.users, sizes.groups)]
        docs.append(_doc("UserGroup", group_name(g), {"platformType": "LOCAL",
                                                      "description": _describe("group", g, variant),
                                                      "members": members}))
    for p in range(sizes.pools):
        docs.append(_doc("DesktopPool", f"pool{p:04d}", {
            "type": "DYNAMIC", "size": POOL_SIZE, "description": _describe("pool", p, variant),
            "availabilityZone": AZ, "productId": PRODUCT, "imageType": "gold", "imageId": IMAGE,
            "rootVolume": {"type": "SAS", "size": 80}, "subnetIds": [SUBNET],
            "authorizedObjects": [{"objectType": "USER_GROUP", "objectName": group_name(p % sizes.groups),
                                   "userGroup": "users"}]}))
    for i in range(sizes.desktops):
        docs.append(_doc("Desktop", desktop_name(i), desktop_spec(i, variant, user_name(i))))
    plain = Variant(tags=variant.tags)
    for k in range(extra_desktops):
        docs.append(_doc("Desktop", f"new{k:07d}", desktop_spec(0, plain, user_name(k % sizes.users))))
    for q in range(sizes.policy_groups):
        docs.append(_doc("PolicyGroup", f"pg{q:04d}", {
            "priority": q + 1, "description": _describe("policy group", q, variant),
            "targets": [{"targetType": "USERGROUP", "targetName": group_name(q % sizes.groups)}],
            "policies": POLICIES}))
    for start in range(0, len(docs), 1000):
        with open(os.path.join(directory, f"tenant-{start // 1000:03d}.yaml"), "w") as f:
            f.write("".join(docs[start:start + 1000]))


# ----- seeding through the simulator's control API ------------------------------------------------

def seed(sim, sizes):
    """Loads the tenant the manifests of Variant(stopped_every=4) describe, as if it had been made
    in the console: users, groups with their members, desktops assigned to their users (one in four
    stopped), pools with their desktops and authorised group, and policy groups targeting groups."""
    users = [{"id": hex_id(1, i), "user_name": user_name(i), "user_email": f"user{i}@example.com",
              "description": f"Generated user {i}", "sid": f"S-1-5-21-1004336348-1177238915-682003330-{2000 + i}"}
             for i in range(sizes.users)]
    bulk(sim, "users", users)
    bulk(sim, "groups", [{"id": hex_id(2, g), "name": group_name(g), "platform_type": "LOCAL",
                          "description": f"Generated group {g}",
                          "member_ids": [hex_id(1, i) for i in range(g, sizes.users, sizes.groups)]}
                         for g in range(sizes.groups)])
    sim.control("POST", "bulk/desktops", {"count": sizes.desktops, "name_prefix": DESKTOP_PREFIX})
    bulk(sim, "pools", [{"id": hex_id(3, p), "name": f"pool{p:04d}", "type": "DYNAMIC",
                         "description": f"Generated pool {p}", "availability_zone": AZ,
                         "product_id": PRODUCT, "image_id": IMAGE, "root_volume": {"type": "SAS", "size": 80},
                         "subnet_ids": [SUBNET],
                         "authorized": [{"object_type": "USER_GROUP", "object_id": hex_id(2, p % sizes.groups),
                                         "object_name": group_name(p % sizes.groups), "user_group": "users"}]}
                        for p in range(sizes.pools)])
    for p in range(sizes.pools):
        sim.control("POST", "bulk/desktops", {"count": POOL_SIZE, "name_prefix": f"pool{p:04d}",
                                              "pool_id": hex_id(3, p)})
    bulk(sim, "policy_groups", [{"id": hex_id(4, q), "name": f"pg{q:04d}", "priority": q + 1,
                                 "description": f"Generated policy group {q}",
                                 "targets": [{"target_id": hex_id(2, q % sizes.groups),
                                              "target_name": group_name(q % sizes.groups),
                                              "target_type": "USERGROUP"}],
                                 "policies": WIRE_POLICIES}
                                for q in range(sizes.policy_groups)])


def bulk(sim, kind, objects, chunk=5000):
    for start in range(0, len(objects), chunk):
        sim.control("POST", f"bulk/{kind}", {"objects": objects[start:start + chunk]})


# ----- lower bounds -------------------------------------------------------------------------------

def pages(count, size):
    """List calls to read `count` objects: at least one, even for none."""
    return 1 if size is None else max(1, math.ceil(count / size))


def observe_bound(sizes, empty=False):
    """{sim operation: (calls, why)} to read every managed kind once (of an empty tenant: before a
    full create). Operation IDs are the simulator's (its /_sim/stats names them)."""
    counts = {"desktops.list_detail": sizes.total_desktops(), "users.list": sizes.users,
              "groups.list": sizes.groups, "pools.list": sizes.pools,
              "policy_groups.list_detail": sizes.policy_groups}
    out = {op: (pages(0 if empty else n, PAGES[op][0]), PAGES[op][1]) for op, n in counts.items()}
    # Group members need no call of their own: 4.8.1 gives each user's group_names (L16836).
    # No manifest is an AccessPolicy or a DesktopNamePolicy and the inventory owns none: a client
    # needs to read neither, and deskops does not.
    for op in ("access_policies.list", "name_policies.list"):
        out[op] = (0, "no manifest of this kind, none owned: nothing to read")
    if not empty:  # every pool's manifest sets authorizedObjects (one group each)
        out["pools.list_authorized"] = (sizes.pools, PAGES["pools.list_authorized"][1])
    return out


def create_bound(sizes):
    """A full create from an empty tenant: one observe, then every object written with the fewest
    calls, one poll per job, and the reads that learn IDs the writes do not return."""
    out = observe_bound(sizes, empty=True)
    creates = math.ceil(sizes.desktops / CREATES_PER_CALL)
    out.update({
        "users.batch_create": (1, "4.8.7 documents no maximum (L17753-17915)"),
        "users.list": (2, "+1: 4.8.7 returns no IDs (L17901); 4.8.1 lists all (L16781)"),
        "groups.create": (sizes.groups, "4.9.2, one group per call; no batch create"),
        "groups.list": (1 + pages(sizes.groups, 100), "+pages: 4.9.2 returns no ID (L18765-18896)"),
        "groups.members": (sizes.groups, "4.9.6, one ADD per group (L19292)"),
        "pools.create": (sizes.pools, "4.4.1 with authorized_objects (L11618)"),
        "pools.list": (1 + pages(sizes.pools, 1000), "+pages: the job carries no pool ID (L44034)"),
        "desktops.create": (creates, f"{CREATES_PER_CALL} identical desktops per call (L5081)"),
        "policy_groups.create": (sizes.policy_groups, "4.14.2 with targets, one per call"),
        "jobs.get": (creates + sizes.pools, "one poll per job (4.28.1), jobs finishing at once"),
    })
    return out


def change_bound(sizes):
    """The 10% change: one observe, then the edits: every tenth desktop's tag (100 desktops per
    call), user, group, pool and policy group description (one object per call)."""
    out = observe_bound(sizes)
    tenth = lambda n: len(range(0, n, 10))  # noqa: E731
    out.update({
        "tags.batch_create": (math.ceil(tenth(sizes.desktops) / TAG_DESKTOPS_PER_CALL),
                              f"4.6.7, {TAG_DESKTOPS_PER_CALL} desktops per call (L16210)"),
        "users.modify": (tenth(sizes.users), "4.8.5, one user per call"),
        "groups.modify": (tenth(sizes.groups), "4.9.5, one group per call"),
        "pools.modify": (tenth(sizes.pools), "4.4.3, one pool per call"),
        "policy_groups.modify": (tenth(sizes.policy_groups), "4.14.5, one group per call"),
    })
    return out


def add_desktops_bound(sizes, extra):
    """Adding `extra` identical desktops to the seeded tenant: one observe, the creates, a poll each."""
    out = observe_bound(sizes)
    creates = math.ceil(extra / CREATES_PER_CALL)
    out["desktops.create"] = (creates, f"{CREATES_PER_CALL} identical desktops per call (L5081)")
    out["jobs.get"] = (creates, "one poll per job (4.28.1), jobs finishing at once")
    return out
