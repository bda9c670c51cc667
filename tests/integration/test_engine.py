"""The reconcile engine end to end (issue 5): the real deskops binary applies the examples to a real
wks-sim over HTTPS, and the simulator's own state is the judge.

Run: DESKOPS=build/bin/deskops WKS_SIM=build/bin/wks-sim python3 -m unittest test_engine
"""
import json
import os
import subprocess
import unittest

from tenant import (DESKOPS, TenantCase, desktop_doc, docs_of, inventory, live, load_docs, mismatches,
                    names, write_docs)

# Out-of-band changes made through the control API, one at a time, each to be detected by plan and
# undone by apply: (sim kind, object name, merge patch, the manifest kind/name plan must name).
DRIFTS = [
    ("desktops", "eng-alice-01", {"status": "SHUTOFF"}, "Desktop/eng-alice-01"),
    ("desktops", "eng-alice-01", {"tags": [{"key": "team", "value": "ops"}]},
     "Desktop/eng-alice-01"),
    ("users", "bob", {"user_email": "bob@elsewhere.example"}, "User/bob"),
    ("users", "carol", {"description": "changed in the console"}, "User/carol"),
    ("groups", "engineering", {"member_ids": []}, "UserGroup/engineering"),
    ("groups", "support", {"description": "renamed team"}, "UserGroup/support"),
    ("policy_groups", "contractors_restricted", {"priority": 2, "targets": []},
     "PolicyGroup/contractors_restricted"),
    ("access_policies", "contractors_office_only",
     {"ip_list": [{"ip_address": "198.51.100.0", "subnet_mask": "255.255.255.0"}]},
     "AccessPolicy/contractors_office_only"),
    ("name_policies", "support_desktops", {"digit_number": 4},
     "DesktopNamePolicy/support_desktops"),
    ("pools", "support-pool", {"description": "changed in the console"},
     "DesktopPool/support-pool"),
]

# Manifests taken away one at a time: (file, the document's name or None for the whole file, the
# object that pruning must delete).
REMOVALS = [
    ("access-policies.yaml", None, "AccessPolicy/contractors_office_only"),
    ("policy-groups.yaml", "contractors_restricted", "PolicyGroup/contractors_restricted"),
    ("desktops.yaml", "eng-alice-01", "Desktop/eng-alice-01"),
]

# Objects made behind deskops' back, which it must never delete: (sim kind, body).
UNOWNED = [
    ("desktops", {"computer_name": "rogue-01", "product_id": "workspace.c2.large.windows.2",
                  "image_id": "a866298d-67db-44b0-a1f1-9d09bdddc20f", "status": "ACTIVE",
                  "root": {"type": "SAS", "size": 80},
                  "availability_zone": "az3.manage.x86"}),
    ("users", {"user_name": "mallory", "user_email": "mallory@example.com"}),
    ("groups", {"name": "outsiders", "platform_type": "LOCAL"}),
    ("policy_groups", {"name": "legacy_policy", "priority": 5}),
    ("access_policies", {"name": "legacy_access", "access_control_type": "IP_WHITE_LIST"}),
    ("name_policies", {"name": "legacy_names", "name_prefix": "old", "digit_number": 2}),
]

# Jobs that fail once (job_failure fault) and succeed when retried: (description, set-up patch on
# eng-alice-01 or None, fault operation, the action whose failure apply must report).
FAILING_JOBS = [
    ("power on", {"status": "SHUTOFF"}, "desktops.action", "Desktop/eng-alice-01 power"),
    ("create desktops", None, "desktops.create", "Desktop/eng-new-01 create"),
]


def object_id(state, sim_kind, name):
    field = "computer_name" if sim_kind == "desktops" else ("user_name" if sim_kind == "users"
                                                            else "name")
    return next(o["id"] for o in state[sim_kind] if o[field] == name)


class ExamplesTest(TenantCase):
    def converge(self, *args, path=None):
        result = self.run_deskops(0, "apply", path or self.manifests, *args)
        self.assertIn("Converged", result.stdout)
        return result

    def test_apply_converges_then_has_nothing_to_do(self):
        first = self.converge()
        self.assertIn("create", first.stdout)  # it printed the plan it applied
        docs = load_docs(self.manifests)
        self.assert_matches(docs)
        state = self.sim.state()
        pool_desktops = [d for d in state["desktops"] if d.get("pool_id")]
        self.assertTrue(all(d["computer_name"].startswith("sup") for d in pool_desktops),
                        "pool desktops are named by the DesktopNamePolicy")
        owned = [t for d in live(state, "Desktop").values() for t in d["tags"]
                 if t["key"] == "deskops-owner"]
        self.assertEqual(len(owned), 2, "created desktops carry the ownership tag")

        plan = self.run_deskops(0, "plan", self.manifests)
        self.assertIn("no changes", plan.stdout)
        self.assertFalse(self.plan_json(expect=0)["has_changes"])

        self.sim.reset_stats()
        second = self.converge()
        self.assertEqual(self.sim.mutating_calls(), 0, self.sim.calls_by_operation())
        self.assertIn("(0 mutating", second.stdout)

    def test_a_missing_password_fails_only_its_user_and_what_needs_it(self):
        """Issue 17: one user's password variable unset is a plan error of that user alone;
        the other users, and everything that does not need erin-ext, are created, and apply
        does not say Converged."""
        env = {k: v for k, v in self.deskops.env.items() if k != "DESKOPS_PASSWORD_ERIN"}
        result = subprocess.run(self.deskops.args("apply", self.manifests), env=env,
                                capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr[-3000:])
        self.assertIn("error: User/erin-ext: spec.passwordFrom: the password variable "
                      "DESKOPS_PASSWORD_ERIN is not set", result.stdout)
        self.assertNotIn("Converged", result.stdout)
        self.assertIn("failed: UserGroup/contractors membership-add: skipped: User/erin-ext has a "
                      "plan error", result.stdout)
        users = set(live(self.sim.state(), "User"))
        self.assertEqual({"alice", "bob", "carol", "dave"} - users, set())
        self.assertNotIn("erin-ext", users)
        result = subprocess.run(self.deskops.args("plan", self.manifests, "-o", "json"), env=env,
                                capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 1, result.stderr[-3000:])
        plan = json.loads(result.stdout)
        self.assertEqual({(e["kind"], e["name"]) for e in plan["errors"]}, {("User", "erin-ext")})
        self.assertTrue(plan["has_changes"])
        # Given the password, the rest follows.
        self.converge()
        self.assert_matches(load_docs(self.manifests))

    def test_out_of_band_change_is_detected_and_corrected(self):
        self.converge()
        docs = load_docs(self.manifests)
        for sim_kind, name, patch, key in DRIFTS:
            with self.subTest(drift=f"{sim_kind}/{name} {patch}"):
                oid = object_id(self.sim.state(), sim_kind, name)
                self.sim.control("PATCH", f"objects/{sim_kind}/{oid}", patch)
                self.assertNotEqual(mismatches(docs, self.sim.state()), [], "the drift is real")
                plan = self.plan_json(expect=2)
                changed = {f"{a['kind']}/{a['name']}" for a in plan["actions"] if "held" not in a}
                self.assertIn(key, changed)
                self.converge()
                self.assert_matches(docs)
                self.run_deskops(0, "plan", self.manifests)

    def test_prune(self):
        """A manifest that leaves changes nothing without --prune; with it, exactly its object is
        deleted, and the next plan is clean."""
        self.converge()
        for path, doc_name, deleted in REMOVALS:
            with self.subTest(removed=f"{path} {doc_name or ''}"):
                full = os.path.join(self.manifests, path)
                if doc_name is None:
                    os.remove(full)
                else:
                    kept = [d for d in docs_of(full) if d["metadata"]["name"] != doc_name]
                    write_docs(full, kept)
                before = names(self.sim.state())
                self.assertIn(deleted, before)
                plan = self.plan_json(expect=0)
                held = [a for a in plan["actions"] if a.get("held")]
                self.assertEqual([(f"{a['kind']}/{a['name']}", a["verb"], a["held"]["gate"])
                                  for a in held], [(deleted, "delete", "prune-disabled")])
                self.sim.reset_stats()
                self.converge()
                self.assertEqual(self.sim.mutating_calls(), 0, self.sim.calls_by_operation())
                self.assertEqual(names(self.sim.state()), before)

                self.converge("--prune")
                self.assertEqual(names(self.sim.state()), before - {deleted})
                self.assertNotIn(deleted, set(inventory(self.deskops.state_dir)))
                self.assert_matches(load_docs(self.manifests))
                self.run_deskops(0, "plan", self.manifests, "--prune")

    def test_empty_or_vanished_manifests_delete_nothing(self):
        self.converge()
        before = self.sim.state()
        empty = os.path.join(self.tmp, "empty")
        os.mkdir(empty)
        vanished = os.path.join(self.tmp, "vanished")
        for path, args in [(empty, ()), (empty, ("--prune",)), (vanished, ("--prune",)),
                           (empty, ("--prune", "--max-deletions", "-1",
                                    "--max-deletion-percent", "-1"))]:
            with self.subTest(path=os.path.basename(path), args=args):
                self.sim.reset_stats()
                result = self.deskops.run("apply", path, *args)
                self.assertIn(result.returncode, (0, 1), result.stderr)
                if path == vanished:
                    self.assertEqual(result.returncode, 1)
                    self.assertIn("vanished", result.stderr)
                elif "--prune" in args:
                    self.assertIn("empty", result.stdout)
                self.assertEqual(self.sim.mutating_calls(), 0, self.sim.calls_by_operation())
                self.assertEqual(names(self.sim.state()), names(before))
        self.assert_matches(load_docs(self.manifests))

    def test_unowned_objects_are_never_deleted(self):
        for sim_kind, body in UNOWNED:
            self.sim.control("POST", f"objects/{sim_kind}", body)
        unowned = names(self.sim.state())
        self.assertEqual(len(unowned - self.seeded), len(UNOWNED))
        self.converge("--prune")
        self.assertTrue(unowned <= names(self.sim.state()))
        # Everything deskops owns goes when every manifest is gone and deletion is allowed without
        # limits; what it does not own stays.
        empty = os.path.join(self.tmp, "empty")
        os.mkdir(empty)
        self.converge("--prune", "--allow-empty", "--max-deletions", "-1",
                      "--max-deletion-percent", "-1", path=empty)
        state = self.sim.state()
        self.assertEqual(names(state), unowned)
        self.assertEqual([d for d in state["desktops"] if d.get("pool_id")], [])
        self.assertEqual(set(inventory(self.deskops.state_dir)), set())

    def test_failed_job_is_reported_and_retried(self):
        self.converge()
        extra = os.path.join(self.manifests, "extra.yaml")
        for what, patch, operation, action in FAILING_JOBS:
            with self.subTest(job=what):
                if patch:
                    oid = object_id(self.sim.state(), "desktops", "eng-alice-01")
                    self.sim.control("PATCH", f"objects/desktops/{oid}", patch)
                else:
                    write_docs(extra, [desktop_doc("eng-new-01", power="running")])
                self.sim.control("PUT", "faults", {"rules": [
                    {"operation": operation, "kind": "job_failure", "count": 1,
                     "error_code": "WKS.0005", "error_msg": "simulated hypervisor failure"}]})
                failed = self.run_deskops(1, "apply", self.manifests)
                self.assertIn(f"failed: {action}", failed.stdout)
                self.assertIn("simulated hypervisor failure", failed.stdout)
                self.assertIn("WKS.0005", failed.stdout)
                self.converge()
                self.assert_matches(load_docs(self.manifests))
                self.run_deskops(0, "plan", self.manifests)

    def test_export_then_plan_shows_no_changes(self):
        self.converge()
        exported = os.path.join(self.tmp, "exported")
        os.mkdir(exported)
        out = os.path.join(exported, "tenant.yaml")
        self.run_deskops(0, "export", "--out", out)
        docs = docs_of(out)
        self.assertEqual({f"{d['kind']}/{d['metadata']['name']}" for d in docs},
                         names(self.sim.state()))
        with open(out) as f:
            self.assertNotIn("deskops-owner", f.read())
        valid = subprocess.run([DESKOPS, "validate", exported], capture_output=True, text=True)
        self.assertEqual(valid.returncode, 0, valid.stderr)
        self.run_deskops(0, "plan", exported)
        # The same tenant under a fresh state directory: only adoptions, which change nothing.
        fresh = self.fresh_deskops("fresh")
        plan = fresh.run("plan", exported, "-o", "json")
        self.assertEqual(plan.returncode, 0, plan.stderr)
        self.assertEqual({a["verb"] for a in json.loads(plan.stdout)["actions"]}, {"adopt"})



if __name__ == "__main__":
    unittest.main()
