"""Safety (issue 20) against a real wks-sim: the user-connected gate. A desktop's user session is
set through the simulator's control API (login_status CONNECTED / DISCONNECTED, L6565); a resize
of that desktop is held, named in the plan with its user, and done once the session has ended."""
import time
import unittest

from tenant import TenantCase, docs_of, live, write_docs

RESIZED = "workspace.c2.xlarge.windows.2"


class UserConnectedTest(TenantCase):
    def setUp(self):
        super().setUp()
        self.run_deskops(0, "apply", self.manifests)
        self.desktops = f"{self.manifests}/desktops.yaml"

    def set_session(self, name, session):
        desktop = live(self.sim.state(), "Desktop")[name]
        self.sim.control("PATCH", f"objects/desktops/{desktop['id']}", {"session": session})

    def resize(self, name):
        docs = docs_of(self.desktops)
        for d in docs:
            if d["metadata"]["name"] == name:
                d["spec"]["productId"] = RESIZED
        write_docs(self.desktops, docs)

    def product(self, name):
        return live(self.sim.state(), "Desktop")[name]["product_id"]

    def test_a_connected_user_holds_a_resize_until_the_session_ends(self):
        self.set_session("eng-alice-01", "CONNECTED")
        self.resize("eng-alice-01")
        plan = self.run_deskops(2, "plan", self.manifests)
        self.assertIn("HELD by user-connected", plan.stdout)
        self.assertIn("alice is connected", plan.stdout)
        self.sim.reset_stats()
        apply = self.run_deskops(2, "apply", self.manifests)
        self.assertIn("Not converged", apply.stdout)
        self.assertEqual(self.sim.mutating_calls(), 0, self.sim.calls_by_operation())
        self.assertNotEqual(self.product("eng-alice-01"), RESIZED)

        # Disconnected: held for the grace, counted from when deskops first saw it (kept in its
        # state, so separate one-shot applies count it too).
        self.set_session("eng-alice-01", "DISCONNECTED")
        grace = ("--disconnected-grace", "3s")
        apply = self.run_deskops(2, "apply", self.manifests, *grace)
        self.assertIn("alice disconnected just now", apply.stdout)
        self.assertNotEqual(self.product("eng-alice-01"), RESIZED)
        time.sleep(3.5)
        apply = self.run_deskops(0, "apply", self.manifests, *grace)
        self.assertEqual(self.product("eng-alice-01"), RESIZED, apply.stdout)
        # The resize ended the session; nothing is left to do.
        self.run_deskops(0, "plan", self.manifests)

    def test_the_annotation_or_the_flag_lets_it_through(self):
        self.set_session("eng-alice-01", "CONNECTED")
        self.resize("eng-alice-01")
        self.run_deskops(0, "apply", self.manifests, "--disrupt-connected")
        self.assertEqual(self.product("eng-alice-01"), RESIZED)


if __name__ == "__main__":
    unittest.main()
