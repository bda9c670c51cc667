"""A generated tenant of N manifests of every kind, for fault and scale tests.

write_tenant(directory, total) writes one YAML file per kind and returns a Tenant listing the
expected names per kind. The mix, for total=500: 240 users, 40 groups of 6 members, 160 desktops
(one per user; half created one per call, half in batches), 10 pools of 2 desktops (5 with a name
policy), 30 policy groups, 15 access policies and 5 name policies. Smaller totals scale every kind
down (at least one of each), so a fast CI variant exercises the same shapes. Everything fits the
simulator's default quotas (500 desktops, 50 policy groups).
"""
import os

import yaml

API = "deskops.io/v1alpha1"
PRODUCT = "workspace.c2.large.windows.2"
IMAGE = "a866298d-67db-44b0-a1f1-9d09bdddc20f"
SUBNET = "5dee0216-2260-47c2-9368-98a27d910e55"
AZ = "az3.manage.x86"

# Share of each kind in a 500-object tenant.
MIX = {"User": 240, "UserGroup": 40, "Desktop": 160, "DesktopPool": 10, "PolicyGroup": 30,
       "AccessPolicy": 15, "DesktopNamePolicy": 5}
POOL_SIZE = 2

# /_sim/state collection and name field per kind.
SIM_COLLECTION = {"User": ("users", "user_name"), "UserGroup": ("groups", "name"),
                  "Desktop": ("desktops", "computer_name"), "DesktopPool": ("pools", "name"),
                  "PolicyGroup": ("policy_groups", "name"),
                  "AccessPolicy": ("access_policies", "name"),
                  "DesktopNamePolicy": ("name_policies", "name")}


class Tenant:
    def __init__(self, names):
        self.names = names  # kind -> [name]

    def total(self):
        return sum(len(v) for v in self.names.values())

    def pool_desktops(self):
        return POOL_SIZE * len(self.names["DesktopPool"])


def counts_for(total):
    if total >= sum(MIX.values()):
        scale = total / sum(MIX.values())
        counts = {k: int(v * scale) for k, v in MIX.items()}
        counts["User"] += total - sum(counts.values())
        return counts
    counts = {k: max(1, v * total // sum(MIX.values())) for k, v in MIX.items()}
    counts["User"] = max(counts["User"] + total - sum(counts.values()), counts["Desktop"], 6)
    return counts


def doc(kind, name, spec, labels=None):
    meta = {"name": name}
    if labels:
        meta["labels"] = labels
    return {"apiVersion": API, "kind": kind, "metadata": meta, "spec": spec}


def desktop_tags(i, name):
    """Half the desktops share a team tag (created up to 50 per call), the other half carry a tag
    of their own (one call, and one job, each): faults meet both kinds of create."""
    return {"team": f"t{i % 7}"} if i % 2 else {"team": f"t{i % 7}", "seat": name}


def write_tenant(directory, total=500):
    c = counts_for(total)
    users = [f"fu{i:04d}" for i in range(c["User"])]
    groups = [f"fg{i:03d}" for i in range(c["UserGroup"])]
    desktops = [f"fd-{i:04d}" for i in range(c["Desktop"])]
    pools = [f"fp-{i:03d}" for i in range(c["DesktopPool"])]
    pgroups = [f"fpg_{i:03d}" for i in range(c["PolicyGroup"])]
    access = [f"fap_{i:03d}" for i in range(c["AccessPolicy"])]
    namepol = [f"fnp_{i:03d}" for i in range(c["DesktopNamePolicy"])]
    docs = {
        "users": [doc("User", u, {"userEmail": f"{u}@example.com",
                                  "description": f"fault matrix user {i}"},
                      {"team": f"t{i % 7}"}) for i, u in enumerate(users)],
        "groups": [doc("UserGroup", g, {"platformType": "LOCAL", "description": f"group {i}",
                                        "members": [users[(6 * i + k) % len(users)]
                                                    for k in range(min(6, len(users)))]})
                   for i, g in enumerate(groups)],
        "name-policies": [doc("DesktopNamePolicy", n, {"namePrefix": f"np{i}x", "digitNumber": 3,
                                                       "startNumber": 1,
                                                       "singleDomainUserIncrement": 0,
                                                       "isDefaultPolicy": False})
                          for i, n in enumerate(namepol)],
        "desktops": [doc("Desktop", d, {
            "desktopType": "DEDICATED", "availabilityZone": AZ, "productId": PRODUCT,
            "imageType": "gold", "imageId": IMAGE, "rootVolume": {"type": "SAS", "size": 80},
            "nics": [{"subnetId": SUBNET}], "userName": users[i % len(users)],
            "userGroup": "users", "tags": desktop_tags(i, d), "powerState": "running"})
            for i, d in enumerate(desktops)],
        "pools": [doc("DesktopPool", p, dict({
            "type": "DYNAMIC", "size": POOL_SIZE, "description": f"pool {i}",
            "availabilityZone": AZ, "productId": PRODUCT, "imageType": "gold", "imageId": IMAGE,
            "rootVolume": {"type": "SAS", "size": 80}, "subnetIds": [SUBNET],
            "authorizedObjects": [{"objectType": "USER_GROUP",
                                   "objectName": groups[i % len(groups)], "userGroup": "users"}],
            "disconnectedRetentionPeriod": 60},
            **({"desktopNamePolicy": namepol[i]} if i < len(namepol) else {})))
            for i, p in enumerate(pools)],
        "policy-groups": [doc("PolicyGroup", g, {
            "priority": i + 1, "description": f"policy group {i}",
            "targets": [{"targetType": "USERGROUP", "targetName": groups[i % len(groups)]}],
            "policies": {"watermark": {
                "watermarkEnable": True,
                "options": {"showStyle": "RANDOM", "fontSize": 20 + i % 10}}}})
            for i, g in enumerate(pgroups)],
        "access-policies": [doc("AccessPolicy", a, {
            "blacklistType": "INTERNET", "accessControlType": "IP_WHITE_LIST",
            "ipList": [{"ipAddress": f"203.0.{i}.0", "subnetMask": "255.255.255.0"}],
            "isEnable": True,
            "policyObjectsList": [{"objectType": "USERGROUP",
                                   "objectName": groups[i % len(groups)]}]})
            for i, a in enumerate(access)],
    }
    os.makedirs(directory, exist_ok=True)
    for name, items in docs.items():
        with open(os.path.join(directory, name + ".yaml"), "w") as f:
            yaml.safe_dump_all(items, f, sort_keys=False)
    return Tenant({"User": users, "UserGroup": groups, "Desktop": desktops, "DesktopPool": pools,
                   "PolicyGroup": pgroups, "AccessPolicy": access, "DesktopNamePolicy": namepol})
