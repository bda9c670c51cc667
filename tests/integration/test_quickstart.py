"""scripts/quickstart, the README's first command, against the binaries already built (no package
installation, no build): its apply portion, and its daemon portion up to Ctrl-C, after which
nothing it started may be left running."""
import os
import re
import signal
import subprocess
import unittest
import urllib.request

from tenant import DESKOPS, ROOT

SCRIPT = os.path.join(ROOT, "scripts", "quickstart")
ARGS = [SCRIPT, "--no-deps", "--no-build", "--bin-dir", os.path.dirname(DESKOPS)]


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


class QuickstartTest(unittest.TestCase):
    def assert_cleaned_up(self, output):
        sim = re.search(r"wks-sim \(pid (\d+)\) serves the Workspace API at (\S+); its CA is (\S+)",
                        output)
        self.assertIsNotNone(sim, output)
        self.assertFalse(alive(int(sim.group(1))), "the simulator was stopped")
        self.assertFalse(os.path.exists(os.path.dirname(sim.group(3))), "its files were removed")

    def test_apply_portion(self):
        result = subprocess.run(ARGS + ["--no-run"], capture_output=True, text=True, timeout=600)
        out = result.stdout
        self.assertEqual(result.returncode, 0, out + result.stderr)
        plan = out.index("==> deskops plan examples/")
        apply = out.index("==> deskops apply examples/")
        self.assertIn("Plan: ", out[plan:apply])
        self.assertIn("create", out[plan:apply])
        self.assertRegex(out[apply:], r"Converged: \d+ objects in sync")
        self.assert_cleaned_up(out)

    def test_daemon_portion_until_ctrl_c(self):
        proc = subprocess.Popen(ARGS, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        lines = []
        try:
            for line in proc.stdout:
                lines.append(line)
                url = re.match(r"Status page: (http://\S+)", line)
                if url:
                    break
            self.assertIsNotNone(url, "".join(lines))
            with urllib.request.urlopen(url.group(1) + "healthz", timeout=10) as res:
                self.assertEqual(res.status, 200)
            with urllib.request.urlopen(url.group(1), timeout=10) as res:
                self.assertIn("deskops", res.read().decode())
        finally:
            os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
            rest, _ = proc.communicate(timeout=90)
        self.assertEqual(proc.returncode, 130, rest)
        with self.assertRaises(ProcessLookupError, msg="nothing of the quick start still runs"):
            os.killpg(proc.pid, 0)
        self.assert_cleaned_up("".join(lines) + rest)


if __name__ == "__main__":
    unittest.main()
