"""journald priorities (issue 19): when stderr is the journal ($JOURNAL_STREAM names fd 2's device
and inode), every line deskops writes to stderr starts with its syslog priority, "<3>" to "<7>",
which journald reads (SyslogLevelPrefix=yes, its default) so `journalctl -p` works; when stderr is
anything else, no line carries one.

The stream is checked by parsing it: stderr is a file whose device and inode the test puts in
JOURNAL_STREAM, exactly as systemd does for the socket it hands a service. Where a journal runs
(systemd-cat and journalctl work), the same run is also sent through `systemd-cat` and read back
with `journalctl -p`."""
import json
import os
import re
import shutil
import subprocess
import unittest
import uuid

import daemon_support as ds

PRIORITY = {"<3>": "error", "<4>": "warn", "<6>": "info", "<7>": "debug"}
PREFIX = re.compile(r"^(<[0-7]>)(.*)$")


def journal_running():
    return (shutil.which("systemd-cat") and shutil.which("journalctl")
            and os.path.exists("/run/systemd/journal/stdout"))


class JournalPriorityTest(ds.DaemonTestCase):
    def run_once(self, manifests, journal, *extra):
        """`deskops run --once` with stderr in a file; -> (exit code, the file's lines)."""
        path = os.path.join(self.workdir, f"stderr-{uuid.uuid4().hex}.log")
        with open(path, "w") as err:
            st = os.fstat(err.fileno())
            env = dict(self.deskops.env)
            env.pop("JOURNAL_STREAM", None)
            if journal:
                env["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino}"
            else:
                # Another file's identity: deskops must compare, not just look for the variable.
                env["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino + 1}"
            proc = subprocess.run(self.deskops.args("run", manifests, "--once", *extra), env=env,
                                  stdout=subprocess.DEVNULL, stderr=err, timeout=120)
        with open(path) as f:
            return proc.returncode, f.read().splitlines()

    def test_every_line_carries_its_priority_on_the_journal(self):
        manifests = self.examples()
        # A failing call makes warn and error lines too; debug shows the per-call lines.
        self.sim.control("PUT", "faults", {"rules": [
            {"operation": "users.batch_create", "kind": "http_500", "probability": 1.0}]})
        code, lines = self.run_once(manifests, True, "--log-level", "debug")
        self.assertEqual(code, 1, "\n".join(lines[-20:]))
        self.assertTrue(lines)
        seen = set()
        for line in lines:
            m = PREFIX.match(line)
            self.assertIsNotNone(m, f"a line without a priority: {line!r}")
            record = json.loads(m.group(2))
            self.assertEqual(PRIORITY[m.group(1)], record["level"], line)
            seen.add(record["level"])
        self.assertEqual(seen, {"debug", "info", "warn", "error"}, seen)

    def test_no_prefix_when_stderr_is_not_the_journal(self):
        manifests = self.examples()
        code, lines = self.run_once(manifests, False)
        self.assertEqual(code, 0, "\n".join(lines[-20:]))
        self.assertTrue(lines)
        for line in lines:
            self.assertIsNone(PREFIX.match(line), line)
            json.loads(line)

    def test_invalid_configuration_is_an_error_on_the_journal(self):
        config = os.path.join(self.workdir, "bad.yaml")
        with open(config, "w") as f:
            f.write("intervals: {reconcile: soon}\n")
        path = os.path.join(self.workdir, "config-stderr.log")
        with open(path, "w") as err:
            st = os.fstat(err.fileno())
            env = dict(self.deskops.env, JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}")
            proc = subprocess.run([ds.DESKOPS, "run", "--config", config], env=env,
                                  stdout=subprocess.DEVNULL, stderr=err, timeout=60)
        self.assertEqual(proc.returncode, 78)
        with open(path) as f:
            lines = f.read().splitlines()
        self.assertTrue(lines)
        for line in lines:
            self.assertTrue(line.startswith("<3>"), line)

    @unittest.skipUnless(journal_running(), "no journal on this machine (systemd-journald)")
    def test_journalctl_filters_by_priority(self):
        manifests = self.examples()
        self.sim.control("PUT", "faults", {"rules": [
            {"operation": "users.batch_create", "kind": "http_500", "probability": 1.0}]})
        tag = f"deskops-it-{uuid.uuid4().hex[:8]}"
        # systemd-cat connects stderr to the journal and sets JOURNAL_STREAM like a service's.
        subprocess.run(["systemd-cat", "-t", tag, "--level-prefix=true",
                        *self.deskops.args("run", manifests, "--once")],
                       env=self.deskops.env, timeout=120)
        subprocess.run(["journalctl", "--sync"], timeout=30)
        out = subprocess.run(["journalctl", "-t", tag, "-p", "err", "-o", "json", "--no-pager"],
                             capture_output=True, text=True, timeout=30).stdout
        entries = [json.loads(line) for line in out.splitlines() if line]
        self.assertTrue(entries)
        for e in entries:
            self.assertLessEqual(int(e["PRIORITY"]), 3, e)
            self.assertEqual(json.loads(e["MESSAGE"])["level"], "error", e)


if __name__ == "__main__":
    unittest.main()
