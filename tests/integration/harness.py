"""Process-level test harness: a real wks-sim over HTTPS on loopback and the real deskops binary.

Sim starts `wks-sim --listen 127.0.0.1:0` with the control API, reads the URL from its first line
and trusts the CA file it writes. Deskops runs deskops with the simulator's demo credentials in the
environment (never on the command line) and a private state directory.
"""
import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.request

DEMO_ENV = {
    "HUAWEICLOUD_SDK_AK": "WKSSIMDEMOACCESSKEY0",
    "HUAWEICLOUD_SDK_SK": "wks-sim-demo-secret-key-0000000000000000",
    "HUAWEICLOUD_SDK_PROJECT_ID": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
}


class Sim:
    def __init__(self, binary, workdir, jobs="immediate", extra=(), control_api=True):
        self.workdir = workdir
        self.ca_file = os.path.join(workdir, "sim-ca.pem")
        self.log = open(os.path.join(workdir, "sim.log"), "w")
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--ca-out", self.ca_file,
             *(["--control-api"] if control_api else []), "--jobs", jobs, "--log-format", "json",
             *extra],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("https://"):
            raise RuntimeError(f"wks-sim did not start: {self.url!r}")
        self.context = ssl.create_default_context(cafile=self.ca_file)

    def control(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + "/_sim/" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, context=self.context, timeout=30) as res:
            text = res.read().decode()
            return json.loads(text) if text else None

    def state(self):
        return self.control("GET", "state")

    def stats(self):
        return self.control("GET", "stats")

    def reset_stats(self):
        self.control("DELETE", "stats")

    def mutating_calls(self):
        # The control API's own requests (reset_stats is a DELETE) are not API calls.
        return sum(r["count"] for r in self.stats()["requests"]
                   if r["method"] != "GET" and r["operation"] != "control")

    def api_calls(self, mutating_only=False):
        """Workspace API requests since the last reset_stats(), the control API's own left out."""
        return sum(r["count"] for r in self.stats()["requests"]
                   if r["operation"] != "control" and not (mutating_only and r["method"] == "GET"))

    def calls_by_operation(self):
        return self.stats()["by_operation"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.stdout.close()
        self.log.close()


class Deskops:
    def __init__(self, binary, sim, workdir, env=None):
        self.binary = binary
        self.sim = sim
        self.state_dir = os.path.join(workdir, "state")
        self.env = dict(os.environ)
        self.env.update(DEMO_ENV)
        self.env.update(env or {})

    def args(self, command, *rest):
        return [self.binary, command, *rest, "--endpoint", self.sim.url, "--ca-file",
                self.sim.ca_file, "--state-dir", self.state_dir, "--log-format", "json"]

    def run(self, command, *rest, timeout=300):
        return subprocess.run(self.args(command, *rest), env=self.env, capture_output=True,
                              text=True, timeout=timeout)

    def start(self, command, *rest):
        return subprocess.Popen(self.args(command, *rest), env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)


def copy_examples(source, target):
    shutil.copytree(source, target)
    return target


def keep_evidence(workdir, name, extra=None):
    """Copies a failing test's working directory (daemon and simulator logs, state files) to a
    directory that outlives it, with `extra` ({file name: text}) added; returns its path."""
    kept = tempfile.mkdtemp(prefix=f"deskops-{name}-failed-")
    shutil.copytree(workdir, kept, dirs_exist_ok=True)
    for file_name, text in (extra or {}).items():
        with open(os.path.join(kept, file_name), "w") as out:
            out.write(text)
    return kept


def wait_until(predicate, timeout=30, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
