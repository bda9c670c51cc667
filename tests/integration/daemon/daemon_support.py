"""Shared set-up of the daemon's process-level tests: a real wks-sim (harness.Sim) and the real
`deskops run` as a background process whose JSON log goes to a file, with helpers for its admin
server (/healthz, /readyz, /status, /metrics, /).

Environment (set by CMake): DESKOPS and WKS_SIM (the binaries), EXAMPLES (the example manifests),
REPO (the source tree, for deploy/ and tests/deploy/). A failed test keeps its workdir (the
simulator's and each daemon's log, the state directory) and prints its path; KEEP_WORKDIR=1
keeps every one.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import harness  # noqa: E402

DESKOPS = os.environ.get("DESKOPS", "build/bin/deskops")
WKS_SIM = os.environ.get("WKS_SIM", "build/bin/wks-sim")
EXAMPLES = os.environ.get("EXAMPLES", os.path.join(HERE, "..", "..", "..", "examples"))
REPO = os.environ.get("REPO", os.path.join(HERE, "..", "..", ".."))
# The examples activate one user with a password from the environment.
EXAMPLE_ENV = {"DESKOPS_PASSWORD_ERIN": "Quick-Start-2026!"}
DEMO_SK = harness.DEMO_ENV["HUAWEICLOUD_SDK_SK"]
SKIP = 77  # CTest SKIP_RETURN_CODE of the tests that need an optional tool

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)$")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_metrics(text):
    """-> [(name, {label: value}, float)] of every sample in an exposition."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = _SAMPLE.match(line)
        if m:
            out.append((m.group(1), dict(_LABEL.findall(m.group(2) or "")), float(m.group(3))))
    return out


def metric(text, name, **labels):
    """The sum of the samples of `name` whose labels include `labels` (None when there is none)."""
    values = [v for n, ls, v in parse_metrics(text)
              if n == name and all(ls.get(k) == want for k, want in labels.items())]
    return sum(values) if values else None


def manifest_objects(path):
    """{(kind, name)} declared by the YAML files under `path`, as the loader reads them."""
    import yaml
    found = set()
    for root, dirs, files in os.walk(path, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.startswith(".") or not f.endswith((".yaml", ".yml")):
                continue
            with open(os.path.join(root, f)) as stream:
                for doc in yaml.safe_load_all(stream):
                    if doc:
                        found.add((doc["kind"], doc["metadata"]["name"]))
    return found


def api_calls(sim):
    """Requests to the Workspace API so far (the control API's own are not counted)."""
    return sum(r["count"] for r in sim.stats()["requests"] if r["operation"] != "control")


def desktop_names(state):
    return [d["computer_name"] for d in state["desktops"]]


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """`deskops run` in the background. Its log (JSON lines on stderr) goes to NAME.log."""

    def __init__(self, deskops, workdir, *args, name="deskops", admin="127.0.0.1:0"):
        self.log_path = os.path.join(workdir, f"{name}.log")
        self._log = open(self.log_path, "w")
        cmd = deskops.args("run", *args)
        if admin:
            cmd += ["--admin-listen", admin]
        self.proc = subprocess.Popen(cmd, env=deskops.env, stdout=self._log, stderr=self._log,
                                     text=True)
        self.address = None
        if admin:
            line = self.wait_log("admin server listening", timeout=20)
            self.address = line["address"]

    # The log.
    def logs(self):
        out = []
        with open(self.log_path) as f:
            for line in f:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    out.append({"msg": line.rstrip("\n"), "raw": True})
        return out

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    def count(self, msg):
        return sum(1 for line in self.logs() if line.get("msg") == msg)

    def wait_log(self, msg, after=0, timeout=30):
        """The first line with this message among those after the first `after` such lines."""
        found = []

        def seen():
            lines = [line for line in self.logs() if line.get("msg") == msg]
            if len(lines) > after:
                found.append(lines[after])
                return True
            if self.proc.poll() is not None:
                raise AssertionError(f"deskops exited with {self.proc.returncode} waiting for "
                                     f"{msg!r}:\n{self.log_text()[-4000:]}")
            return False

        if not harness.wait_until(seen, timeout=timeout):
            raise AssertionError(f"no {msg!r} (after {after}) within {timeout}s:\n"
                                 f"{self.log_text()[-4000:]}")
        return found[0]

    def passes(self):
        return self.count("pass done") + self.count("pass failed")

    def wait_pass(self, after, timeout=60):
        """Waits for pass number after+1 to end; returns its log line."""
        if not harness.wait_until(lambda: self.passes() > after or self.proc.poll() is not None,
                                  timeout=timeout):
            raise AssertionError(f"no pass after {after} within {timeout}s:\n"
                                 f"{self.log_text()[-4000:]}")
        done = [line for line in self.logs() if line.get("msg") in ("pass done", "pass failed")]
        if len(done) <= after:
            raise AssertionError(f"deskops exited with {self.proc.returncode}:\n"
                                 f"{self.log_text()[-4000:]}")
        return done[after]

    def wait_quiet(self, timeout=90):
        """Waits for a pass that changed nothing and left nothing to retry soon (the follow-up
        passes after changes are over); returns the number of passes so far."""
        def quiet():
            done = [line for line in self.logs() if line.get("msg") == "pass done"]
            if not done or done[-1].get("changed") != 0:
                return False
            nxt = self.status().get("nextPassAt", "")[:19]
            return nxt > time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() + 600))
        if not harness.wait_until(quiet, timeout=timeout, step=0.25):
            raise AssertionError(f"deskops did not settle within {timeout}s:\n"
                                 f"{self.log_text()[-4000:]}")
        return self.passes()

    # The admin server.
    def get(self, path, timeout=10):
        """-> (HTTP status, content type, body text)."""
        try:
            with urllib.request.urlopen(f"http://{self.address}{path}", timeout=timeout) as res:
                return res.status, res.headers.get("Content-Type", ""), res.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", ""), e.read().decode()

    def status(self):
        code, _, body = self.get("/status")
        assert code == 200, (code, body)
        return json.loads(body)

    def metrics(self):
        code, _, body = self.get("/metrics")
        assert code == 200, (code, body)
        return body

    def objects(self):
        """{(kind, name): {condition type: condition}} from /status."""
        return {(o["kind"], o["name"]): {c["type"]: c for c in o["conditions"]}
                for o in self.status()["objects"]}

    # The process.
    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=30):
        """SIGTERM, then the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError(f"deskops did not stop within {timeout}s")
        self._log.close()
        return self.proc.returncode


class DaemonTestCase(unittest.TestCase):
    """A fresh workdir, wks-sim and Deskops (sharing the workdir's state directory) per test."""
    sim_jobs = "immediate"

    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="deskops-daemon-it-")
        self.sim = harness.Sim(WKS_SIM, self.workdir, jobs=self.sim_jobs)
        self.deskops = harness.Deskops(DESKOPS, self.sim, self.workdir, env=EXAMPLE_ENV)
        self.daemons = []

    def tearDown(self):
        for d in self.daemons:
            if d.proc.poll() is None:
                d.proc.kill()
                d.proc.wait()
            d._log.close()
        self.sim.stop()
        self.sim.proc.stdout.close()
        failed = not getattr(self._outcome, "success", True)
        if failed or os.environ.get("KEEP_WORKDIR"):
            print(f"\nworkdir kept: {self.workdir}", file=sys.stderr)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def start(self, *args, **kwargs):
        d = Daemon(self.deskops, self.workdir, *args, **kwargs)
        self.daemons.append(d)
        return d

    def examples(self, name="manifests"):
        return harness.copy_examples(EXAMPLES, os.path.join(self.workdir, name))

    def assert_converged(self, daemon, declared):
        """Every declared object is in /status, Ready and Synced."""
        objects = daemon.objects()
        missing = declared - set(objects)
        self.assertFalse(missing, f"not in /status: {sorted(missing)}")
        for key in declared:
            conds = objects[key]
            self.assertEqual(conds["Ready"]["status"], "True", f"{key}: {conds}")
            self.assertEqual(conds["Synced"]["status"], "True", f"{key}: {conds}")


def replace_in(path, old, new):
    with open(path) as f:
        text = f.read()
    assert old in text, f"{old!r} not in {path}"
    tmp = path + ".tmp~"
    with open(tmp, "w") as f:
        f.write(text.replace(old, new, 1))
    os.replace(tmp, path)  # as editors and config-management tools save


def require_tool(name):
    """The path of an optional tool, or exit 77 (skipped) when it is not installed."""
    path = shutil.which(name)
    if not path:
        print(f"SKIPPED: {name} is not installed (scripts/install-deps installs it)")
        sys.exit(SKIP)
    return path


def user(state, name):
    for u in state["users"]:
        if u["user_name"] == name:
            return u
    return None
