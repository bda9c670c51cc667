"""The TerminalBinding kind against a real wks-sim over HTTPS, through the real deskops binary:
the switch and the bindings are set, a second apply changes nothing, a binding moves to another
desktop in place (same binding), drift of the switch and of a binding is corrected, removing one
binding from the manifest deletes exactly that binding (with --prune; without it the deletion
waits), bindings made in the console are left alone, and removing the manifest resets nothing.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import yaml

from harness import DEMO_ENV, Deskops, Sim

DESKOPS = os.environ.get("DESKOPS", "deskops")
WKS_SIM = os.environ.get("WKS_SIM", "wks-sim")
MAC1, MAC2, MAC3 = "3C-52-82-1A-4F-01", "3C-52-82-1A-4F-02", "AA-BB-CC-DD-EE-FF"
DESKTOP_SPEC = {"productId": "workspace.c2.large.windows.2", "imageType": "gold",
                "imageId": "a866298d-67db-44b0-a1f1-9d09bdddc20f", "rootVolume": {"type": "SAS", "size": 80}}


def doc(kind, name, spec):
    return json.dumps({"apiVersion": "deskops.io/v1alpha1", "kind": kind, "metadata": {"name": name},
                       "spec": spec})


def binding_doc(bindings=None, **switches):
    spec = dict(switches)
    if bindings is not None:
        spec["bindings"] = [{"mac": m, "desktopName": d, **({"description": x} if x else {})}
                            for m, d, x in bindings]
    return doc("TerminalBinding", "default", spec)


class TerminalBindingTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="deskops-terminal-")
        self.sim = Sim(WKS_SIM, self.workdir)
        self.addCleanup(self.sim.stop)
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.deskops = Deskops(DESKOPS, self.sim, self.workdir)
        self.manifests = os.path.join(self.workdir, "manifests")
        os.makedirs(self.manifests)
        self.desktops = [doc("Desktop", n, DESKTOP_SPEC) for n in ("tb-alice", "tb-bob")]

    def write(self, *docs):
        with open(os.path.join(self.manifests, "tenant.yaml"), "w") as f:
            f.write("\n---\n".join(self.desktops + list(docs)) + "\n")

    def state(self):
        return self.sim.state()["terminals"]

    def bindings(self):
        return {b["mac"]: b for b in self.state()["bind_list"]}

    def apply(self, *extra, expect=0):
        r = self.deskops.run("apply", self.manifests, *extra)
        self.assertEqual(r.returncode, expect, r.stdout + r.stderr[-3000:])
        return r

    def plan(self, *extra):
        return self.deskops.run("plan", self.manifests, *extra)

    def plan_of(self, path):
        return self.deskops.run("plan", path)

    def get(self):
        r = subprocess.run([DESKOPS, "get", "terminalbindings", "-o", "json", "--endpoint", self.sim.url,
                            "--ca-file", self.sim.ca_file], env={**os.environ, **DEMO_ENV},
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def export(self, *extra):
        """The exported TerminalBinding document, and the file it was written to."""
        out = os.path.join(self.workdir, "exported", "tenant.yaml")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        r = self.deskops.run("export", "--out", out, *extra)
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        with open(out) as f:
            docs = [d for d in yaml.safe_load_all(f) if d and d["kind"] == "TerminalBinding"]
        self.assertEqual(len(docs), 1, docs)
        return docs[0], out

    def console_binding(self, mac, desktop):
        return self.sim.control("POST", "objects/terminal_bindings",
                                {"mac": mac, "desktop_name": desktop, "description": "console"})["id"]

    def test_lifecycle(self):
        self.write(binding_doc([(MAC1, "tb-alice", "alice's thin client"), (MAC2, "tb-bob", None)],
                               tcBindSwitch="ON", tcAutoBindMax=2))
        r = self.apply()
        self.assertIn("Converged", r.stdout)
        state = self.state()
        self.assertEqual((state["tc_bind_switch"], state["tc_auto_bind_switch"], state["tc_auto_bind_max"]),
                         ("ON", "OFF", 2), "the unset auto switch is left as it was")
        b = self.bindings()
        self.assertEqual({m: x["desktop_name"] for m, x in b.items()}, {MAC1: "tb-alice", MAC2: "tb-bob"})
        self.assertEqual(b[MAC1]["description"], "alice's thin client")

        # `get` shows the one object as the tenant has it; `export` writes it back, and the export
        # planned against this tenant is in sync.
        [got] = self.get()
        self.assertEqual((got["name"], got["tc_bind_switch"], got["tc_auto_bind_max"]), ("default", "ON", 2))
        self.assertEqual(sorted(x["mac"] for x in got["bind_list"]), [MAC1, MAC2])
        exported, out = self.export()
        self.assertEqual((exported["metadata"]["name"], exported["spec"]["tcBindSwitch"]), ("default", "ON"))
        self.assertEqual({x["mac"]: x["desktopName"] for x in exported["spec"]["bindings"]},
                         {MAC1: "tb-alice", MAC2: "tb-bob"})
        p = self.plan_of(os.path.dirname(out))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr[-2000:])

        # A second apply changes nothing.
        self.sim.reset_stats()
        p = self.plan()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.sim.mutating_calls(), 0)

        # A binding moves to another desktop in place: same binding, 4.15.5.
        self.write(binding_doc([(MAC1, "tb-bob", "alice's thin client"), (MAC2, "tb-bob", None)],
                               tcBindSwitch="ON", tcAutoBindMax=2))
        self.sim.reset_stats()
        self.apply()
        self.assertEqual(self.bindings()[MAC1]["id"], b[MAC1]["id"])
        self.assertEqual(self.bindings()[MAC1]["desktop_name"], "tb-bob")
        self.assertEqual(self.sim.calls_by_operation().get("terminals.modify"), 1)

        # Drift of the switch and of a binding is corrected.
        self.sim.control("PATCH", "objects/terminal_binding_config/default", {"tc_bind_switch": "OFF"})
        self.sim.control("PATCH", f"objects/terminal_bindings/{b[MAC2]['id']}", {"desktop_name": "tb-alice"})
        p = self.plan()
        self.assertEqual(p.returncode, 2, p.stdout)
        self.assertIn('spec.tcBindSwitch: "OFF" -> "ON"', p.stdout)
        self.assertIn(f'spec.bindings[{MAC2}].desktopName: "tb-alice" -> "tb-bob"', p.stdout)
        self.apply()
        self.assertEqual(self.state()["tc_bind_switch"], "ON")
        self.assertEqual(self.bindings()[MAC2]["desktop_name"], "tb-bob")

    def test_removing_one_binding_deletes_exactly_that_binding(self):
        self.write(binding_doc([(MAC1, "tb-alice", None), (MAC2, "tb-bob", None)]))
        self.apply()
        console = self.console_binding(MAC3, "tb-bob")  # made in the console, not declared
        before = self.bindings()
        owned, _ = self.export("--owned")
        self.assertEqual(sorted(x["mac"] for x in owned["spec"]["bindings"]), [MAC1, MAC2],
                         "export --owned leaves the console's binding out")

        self.write(binding_doc([(MAC2, "tb-bob", None)]))
        p = self.plan()
        self.assertEqual(p.returncode, 0, "a deletion held for --prune is not a difference\n" + p.stdout)
        self.assertIn(f"spec.bindings[{MAC1}]", p.stdout)
        self.assertIn("HELD by prune-disabled", p.stdout)
        self.apply()
        self.assertIn(MAC1, self.bindings(), "without --prune nothing is deleted")

        self.sim.reset_stats()
        self.apply("--prune", "--max-deletion-percent", "-1")
        after = self.bindings()
        self.assertEqual(sorted(after), sorted([MAC2, MAC3]))
        self.assertEqual(after[MAC2]["id"], before[MAC2]["id"], "the remaining binding is untouched")
        self.assertEqual(after[MAC3]["id"], console, "the console's binding is left alone")
        self.assertEqual(self.sim.calls_by_operation().get("terminals.batch_delete"), 1)
        deletes = [r for r in self.sim.stats()["requests"] if r["operation"] == "terminals.batch_delete"]
        self.assertEqual(sum(r["count"] for r in deletes), 1)

        # Even an empty list deletes only what deskops added; bindings left out of the manifest
        # are no longer managed, and removing the manifest resets nothing.
        self.write(binding_doc([]))
        self.apply("--prune", "--max-deletion-percent", "-1")
        self.assertEqual(sorted(self.bindings()), [MAC3])
        self.sim.control("PATCH", "objects/terminal_binding_config/default", {"tc_bind_switch": "ON"})
        self.write()
        self.apply("--prune", "--max-deletion-percent", "-1")
        self.assertEqual((sorted(self.bindings()), self.state()["tc_bind_switch"]), ([MAC3], "ON"))

    def test_removing_the_manifest_prunes_only_what_deskops_added_and_resets_nothing(self):
        self.write(binding_doc([(MAC1, "tb-alice", None)], tcBindSwitch="ON"))
        self.apply()
        console = self.console_binding(MAC3, "tb-bob")
        self.write()  # the desktops stay, the TerminalBinding goes
        p = self.plan()
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("HELD by prune-disabled", p.stdout)
        self.apply()
        self.assertEqual(sorted(self.bindings()), [MAC1, MAC3], "without --prune nothing is deleted")

        self.sim.reset_stats()
        self.apply("--prune", "--max-deletion-percent", "-1")
        self.assertEqual({m: b["id"] for m, b in self.bindings().items()}, {MAC3: console})
        self.assertEqual(self.state()["tc_bind_switch"], "ON", "the switch is not reset")
        ops = self.sim.calls_by_operation()
        self.assertEqual((ops.get("terminals.batch_delete"), ops.get("terminals.set_config")), (1, None), ops)
        self.sim.reset_stats()
        p = self.plan("--prune", "--max-deletion-percent", "-1")
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertNotIn("TerminalBinding", p.stdout, "nothing of it is deskops' any more")

    def test_a_declared_console_binding_is_adopted_and_then_pruned(self):
        console = self.console_binding(MAC1, "tb-alice")
        self.write(binding_doc([]))
        self.apply()  # the desktops first: the console binding names one
        self.sim.control("PATCH", f"objects/terminal_bindings/{console}", {"desktop_name": "tb-alice"})
        self.write(binding_doc([(MAC1, "tb-alice", "console")]))
        p = self.plan()
        self.assertIn(f"spec.bindings[{MAC1}]: (not deskops') -> adopted", p.stdout)
        self.apply()
        self.write(binding_doc([]))
        self.apply("--prune", "--max-deletion-percent", "-1")
        self.assertEqual(self.bindings(), {}, "adopted, so deskops' to prune")

    def test_bad_input_is_refused_before_any_call(self):
        self.write(binding_doc([(MAC1, "tb-nobody", None)], tcBindSwitch="ON"))
        self.sim.reset_stats()
        r = self.apply(expect=1)
        self.assertIn(f'TerminalBinding/default: spec.bindings[{MAC1}].desktopName: Desktop "tb-nobody" '
                      "neither exists nor is declared", r.stdout + r.stderr)
        self.assertEqual(self.state()["tc_bind_switch"], "OFF", "nothing half-applied")
        path = os.path.join(self.manifests, "tenant.yaml")
        with open(path, "w") as f:
            f.write("apiVersion: deskops.io/v1alpha1\nkind: TerminalBinding\nmetadata: {name: default}\n"
                    "spec:\n  bindings:\n    - {mac: '3C:52:82:1A:4F:01', desktopName: tb-alice}\n")
        r = subprocess.run([DESKOPS, "validate", path], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{path}:6:13: TerminalBinding/default: spec.bindings[0].mac: must be a MAC address",
                      r.stderr)


if __name__ == "__main__":
    unittest.main()
