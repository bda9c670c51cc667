"""Operator experience of the one-shot commands (issue 19), with the real deskops against a real
wks-sim: apply's progress (an updating line on a terminal, a summary line at least every 10 s
without one), `apply -o json`, and the plan's terminal rendering (legend, colour honouring
NO_COLOR) and `plan -o markdown`.

A terminal is a pseudo-terminal from os.openpty(); the test reads its master side."""
import json
import os
import pty
import re
import select
import shutil
import subprocess
import tempfile
import unittest

import harness

DESKOPS = os.environ.get("DESKOPS", "build/bin/deskops")
WKS_SIM = os.environ.get("WKS_SIM", "build/bin/wks-sim")
EXAMPLES = os.environ.get("EXAMPLES", "examples")
EXAMPLE_ENV = {"DESKOPS_PASSWORD_ERIN": "Quick-Start-2026!"}
DEMO_SK = harness.DEMO_ENV["HUAWEICLOUD_SDK_SK"]


def run_on_pty(args, env, timeout=180, stdout_tty=False):
    """Runs with stderr (and stdout with stdout_tty) on a pseudo-terminal; -> (code, terminal
    bytes as text, stdout text when not on the terminal)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL,
                            stdout=slave if stdout_tty else subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = bytearray()
    stdout = b""
    if not stdout_tty:
        # Read stdout concurrently through select with the pty.
        fds = [master, proc.stdout.fileno()]
    else:
        fds = [master]
    chunks = {master: seen, **({} if stdout_tty else {proc.stdout.fileno(): bytearray()})}
    while fds:
        ready, _, _ = select.select(fds, [], [], timeout)
        if not ready:
            proc.kill()
            raise AssertionError("no output within the timeout")
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the pty's EIO once the child closed it
                data = b""
            if not data:
                fds.remove(fd)
            else:
                chunks[fd].extend(data)
    code = proc.wait(timeout=timeout)
    os.close(master)
    if not stdout_tty:
        stdout = bytes(chunks[proc.stdout.fileno()])
        proc.stdout.close()
    return code, seen.decode(errors="replace"), stdout.decode(errors="replace")


class OperatorCase(unittest.TestCase):
    """A fresh workdir, wks-sim (jobs as `jobs` says) and the example manifests per test."""
    jobs = "seconds:2"

    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="deskops-operator-")
        self.sim = harness.Sim(WKS_SIM, self.workdir, jobs=self.jobs)
        self.deskops = harness.Deskops(DESKOPS, self.sim, self.workdir, env=EXAMPLE_ENV)
        self.manifests = harness.copy_examples(EXAMPLES, os.path.join(self.workdir, "manifests"))

    def tearDown(self):
        self.sim.stop()
        if getattr(self._outcome, "success", True):
            shutil.rmtree(self.workdir, ignore_errors=True)
        else:
            print(f"\nworkdir kept: {self.workdir}")

    def env(self, **extra):
        env = dict(self.deskops.env)
        env.pop("NO_COLOR", None)
        env["TERM"] = "xterm"
        env.update(extra)
        return env

    def args(self, command, *rest):
        # The harness asks for JSON logs; the terminal tests want deskops' own choice.
        return [a for a in self.deskops.args(command, *rest) if a not in ("--log-format", "json")]



class ApplyTest(OperatorCase):

    def test_apply_shows_an_updating_line_on_a_terminal(self):
        code, term, stdout = run_on_pty(self.args("apply", self.manifests), self.env())
        self.assertEqual(code, 0, term + stdout)
        self.assertIn("Converged:", stdout)
        lines = re.findall(r"\r\x1b\[Kapply: (\d+)/(\d+) actions, (\d+) jobs? running", term)
        self.assertGreater(len(lines), 3, term)
        done = [int(d) for d, _, _ in lines]
        self.assertEqual(done, sorted(done), "the count only grows")
        total = int(lines[0][1])
        self.assertEqual(done[-1], total)
        self.assertTrue(any(int(j) > 0 for _, _, j in lines), "jobs running are shown")
        self.assertRegex(term, r"\d+:\d\d elapsed, ~\d+:\d\d left")
        self.assertTrue(term.endswith("\r\x1b[K"), repr(term[-200:]))
        # Per-call lines are at debug now: none at the default level.
        self.assertNotIn("API call", term)
        self.assertNotIn(DEMO_SK, term + stdout)

    def test_apply_without_a_terminal_has_no_terminal_codes(self):
        res = self.deskops.run("apply", self.manifests)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertNotIn("\x1b", res.stdout + res.stderr)
        self.assertNotIn("\r", res.stdout + res.stderr)
        for line in res.stderr.splitlines():
            self.assertNotEqual(json.loads(line)["msg"], "API call")

    def test_apply_json_result(self):
        res = self.deskops.run("apply", self.manifests, "-o", "json")
        self.assertEqual(res.returncode, 0, res.stderr)
        result = json.loads(res.stdout)  # the whole of stdout is one JSON document
        self.assertEqual(result["format_version"], 1)
        self.assertEqual(result["result"], "converged")
        self.assertEqual(result["exit_code"], 0)
        self.assertTrue(result["message"].startswith("Converged: "), result["message"])
        self.assertGreaterEqual(len(result["rounds"]), 1)
        first = result["rounds"][0]
        self.assertEqual(first["round"], 1)
        self.assertEqual(first["failed"], 0)
        self.assertEqual(len(first["outcomes"]), first["succeeded"])
        self.assertEqual({o["result"] for o in first["outcomes"]}, {"succeeded"})
        created = {(o["kind"], o["name"]) for o in first["outcomes"] if o["verb"] == "create"}
        self.assertIn(("User", "erin-ext"), created)
        self.assertTrue(first["plan"]["has_changes"])
        self.assertFalse(result["final_plan"]["has_changes"])
        self.assertEqual(result["in_sync"], len(harness_declared(self.manifests)))
        self.assertGreater(result["api_calls"]["mutating"], 0)
        self.assertNotIn(DEMO_SK, res.stdout)
        self.assertNotIn("Quick-Start-2026!", res.stdout)

    def test_apply_json_reports_failures(self):
        self.sim.control("PUT", "faults", {"rules": [
            {"operation": "users.batch_create", "kind": "http_500"}]})
        res = self.deskops.run("apply", self.manifests, "-o", "json")
        self.assertEqual(res.returncode, 1, res.stderr)
        result = json.loads(res.stdout)
        self.assertEqual(result["result"], "failed")
        self.assertEqual(result["exit_code"], 1)
        failed = [o for r in result["rounds"] for o in r["outcomes"] if o["result"] == "failed"]
        self.assertTrue(failed)
        self.assertTrue(all(o["error"] for o in failed), failed)


class PlanRenderingTest(OperatorCase):
    def test_plan_on_a_terminal_has_a_legend_colour_and_what_creates_send(self):
        code, term, _ = run_on_pty(self.args("plan", self.manifests), self.env(), stdout_tty=True)
        self.assertEqual(code, 2, term)
        self.assertIn("Legend: + create  - delete", term)
        self.assertIn("\x1b[32m  + erin-ext", term)  # creates in green
        self.assertIn("\x1b[1mPlan: ", term)
        # A create lists what it sends; the password by its source only.
        self.assertIn("spec.userEmail: erin@contractor.example.com", term)
        self.assertIn("spec.passwordFrom: env DESKOPS_PASSWORD_ERIN", term)
        self.assertNotIn("Quick-Start-2026!", term)

    def test_no_color_and_pipes_get_plain_text(self):
        for name, runner in (
                ("NO_COLOR on a terminal", lambda: run_on_pty(
                    self.args("plan", self.manifests), self.env(NO_COLOR="1"), stdout_tty=True)[1]),
                ("a pipe", lambda: self.deskops.run("plan", self.manifests).stdout)):
            with self.subTest(name):
                text = runner()
                self.assertNotIn("\x1b[", text)
                self.assertIn("Legend: + create", text)
                self.assertIn("  + erin-ext", text)
                self.assertIn("spec.passwordFrom: env DESKOPS_PASSWORD_ERIN", text)

    def test_plan_markdown_for_a_pull_request(self):
        res = self.deskops.run("plan", self.manifests, "-o", "markdown")
        self.assertEqual(res.returncode, 2, res.stderr)
        md = res.stdout
        self.assertTrue(md.startswith("### deskops plan: "), md[:200])
        self.assertIn("| kind | create | update | delete | held | errors |", md)
        self.assertIn("| User | 5 | 0 | 0 | 0 | 0 |", md)
        self.assertIn("#### User\n", md)
        self.assertIn("- `+` **erin-ext** create", md)
        self.assertIn("  - `spec.passwordFrom`: `env DESKOPS_PASSWORD_ERIN`", md)
        self.assertNotIn("Quick-Start-2026!", md)
        self.assertNotIn("\x1b[", md)
        # Once applied, a destructive change is called out before the rest.
        self.assertEqual(self.deskops.run("apply", self.manifests).returncode, 0)
        os.remove(os.path.join(self.manifests, "ous.yaml"))
        path = os.path.join(self.manifests, "users.yaml")
        with open(path) as f:
            users = f.read()
        with open(path, "w") as f:
            f.write(users.replace("description: Support agent", "description: Support lead"))
        res = self.deskops.run("plan", self.manifests, "-o", "markdown", "--prune")
        self.assertEqual(res.returncode, 2, res.stderr)
        md = res.stdout
        self.assertIn("#### Destructive and disruptive\n\n- `-` **OU/marketing** delete "
                      "**destructive**\n", md)
        self.assertIn("- `~` **dave** update\n", md)
        self.assertLess(md.index("#### Destructive and disruptive"), md.index("#### User"))


class SlowApplyProgressTest(OperatorCase):
    jobs = "seconds:12"  # jobs outlast the 10 s between summary lines

    def test_summary_line_at_least_every_ten_seconds_without_a_terminal(self):
        res = self.deskops.run("apply", self.manifests)
        self.assertEqual(res.returncode, 0, res.stderr)
        progress = [json.loads(line) for line in res.stderr.splitlines()
                    if json.loads(line)["msg"] == "apply progress"]
        self.assertGreaterEqual(len(progress), 1, res.stderr)
        for p in progress:
            self.assertLessEqual(p["done"], p["total"])
            self.assertIn(f'{p["done"]}/{p["total"]} actions', p["progress"])
        elapsed = [p["elapsed_s"] for p in progress]
        gaps = [b - a for a, b in zip([0] + elapsed, elapsed)]
        self.assertTrue(all(9 <= g <= 11 for g in gaps), elapsed)


def harness_declared(path):
    import yaml
    found = set()
    for root, _, files in os.walk(path):
        for f in files:
            if f.endswith((".yaml", ".yml")):
                with open(os.path.join(root, f)) as stream:
                    found |= {(d["kind"], d["metadata"]["name"]) for d in yaml.safe_load_all(stream)
                              if d}
    return found


if __name__ == "__main__":
    unittest.main()
