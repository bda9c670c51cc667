"""Oversized and pathological manifests and configuration files fail cleanly.

  - deeply nested YAML (flow and block style, manifests and configuration files): a clean error
    naming the position, never a stack overflow;
  - a 200 MB manifest file, the same 200 MB on standard input, and an endless device (/dev/zero):
    refused at the 32 MB per-file limit without reading (or keeping) the rest;
  - 100,000 objects in one manifest set: loaded and validated, with time and peak memory printed;
  - an alias bomb: stopped at the node limit.
A process killed by a signal (a crash, a stack overflow) fails every case.

Usage: test_input_limits.py DESKOPS
"""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

DESKOPS = sys.argv[1]
LIMIT = 32 << 20


def run(args, stdin=None, timeout=300):
    """Runs deskops; returns (exit code or -signal, stdout, stderr, seconds, peak RSS in MB).

    `stdin` is a list of byte strings written one after the other (so that no large object lives
    in this process: the child's peak RSS starts from this process's size at fork).
    """
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([DESKOPS, *args], stdout=out, stderr=err,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        if stdin is not None:
            def feed():
                try:
                    for chunk in stdin:
                        proc.stdin.write(chunk)
                except BrokenPipeError:
                    pass  # deskops stopped reading at its limit, as it should
                finally:
                    try:
                        proc.stdin.close()
                    except BrokenPipeError:
                        pass
            threading.Thread(target=feed, daemon=True).start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # wait4 gives this child's own peak RSS
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return (proc.returncode, out.read().decode(errors="replace"),
                err.read().decode(errors="replace"), seconds, usage.ru_maxrss / 1024)


def user(i):
    return (f"apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata:\n  name: user{i:06d}\n"
            f"spec:\n  userEmail: user{i:06d}@example.com\n  description: generated\n")


class InputLimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deskops-limits-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def assertClean(self, rc, err, want_rc=1):
        self.assertGreaterEqual(rc, 0, f"killed by signal {-rc}: {err[-2000:]}")
        self.assertEqual(rc, want_rc, err[-2000:])

    def test_deep_flow_nesting(self):
        for name, text in (("lists", "[" * 100_000 + "]" * 100_000),
                           ("maps", "{a: " * 100_000 + "}" * 100_000)):
            with self.subTest(name):
                path = self.write(f"deep-{name}.yaml",
                                  f"apiVersion: deskops.io/v1alpha1\nkind: User\nspec: {text}\n")
                rc, _, err, _, _ = run(["validate", path])
                self.assertClean(rc, err)
                self.assertIn(f"{path}:3:", err)
                self.assertIn("nesting deeper than 64 levels", err)

    def test_deep_block_nesting(self):
        lines = "".join("  " * i + "a:\n" for i in range(3000))
        path = self.write("deep-block.yaml",
                          "kind: User\nspec:\n" + "".join("  " + l for l in lines.splitlines(True)))
        rc, _, err, _, _ = run(["validate", path])
        self.assertClean(rc, err)
        self.assertIn("nesting deeper than 64 levels", err)

    def test_deep_configuration_file(self):
        path = self.write("deep-config.yaml", "limits: " + "[" * 100_000 + "]" * 100_000 + "\n")
        rc, _, err, _, _ = run(["config", "check", path])
        self.assertClean(rc, err, want_rc=78)
        self.assertIn(f"{path}:1:", err)
        self.assertIn("nesting deeper than 64 levels", err)

    def test_alias_bomb(self):
        text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n" for i in range(1, 9))
        rc, _, err, _, rss = run(["validate", self.write("bomb.yaml", text)])
        self.assertClean(rc, err)
        self.assertIn("expands to more than 1000000 nodes", err)

    def test_200_megabyte_file_is_refused_before_reading(self):
        path = os.path.join(self.tmp, "huge.yaml")
        with open(path, "wb") as f:
            f.truncate(200 << 20)  # sparse: costs no disk, but its size is what deskops sees
        rc, _, err, _, _ = run(["validate", path])
        self.assertClean(rc, err)
        self.assertIn(f"{path}: file is {200 << 20} bytes; the limit is {LIMIT}", err)

    def test_200_megabytes_on_stdin_stop_at_the_limit(self):
        megabyte = b"# filler\n" * ((1 << 20) // 9)
        rc, _, err, seconds, rss = run(["validate", "-"], stdin=(megabyte for _ in range(200)))
        self.assertClean(rc, err)
        self.assertIn(f"<stdin>: larger than the limit of {LIMIT} bytes", err)
        print(f"\n200 MB on stdin refused in {seconds:.2f} s, peak RSS {rss:.0f} MB")
        # Reading stops one byte past the limit: memory stays near the limit, far from 200 MB.
        self.assertLess(rss, 2 * LIMIT / (1 << 20) + 60)

    def test_endless_device_stops_at_the_limit(self):
        rc, _, err, _, rss = run(["validate", "/dev/zero"], timeout=60)
        self.assertClean(rc, err)
        self.assertIn(f"/dev/zero: larger than the limit of {LIMIT} bytes", err)

    def test_100000_objects_load(self):
        directory = os.path.join(self.tmp, "many")
        os.makedirs(directory)
        for part in range(4):
            with open(os.path.join(directory, f"users-{part}.yaml"), "w") as f:
                f.write("---\n".join(user(i) for i in range(part * 25_000, (part + 1) * 25_000)))
        rc, out, err, seconds, rss = run(["validate", directory])
        self.assertClean(rc, err, want_rc=0)
        self.assertIn("valid: 100000 objects in 4 files", out)
        print(f"\n100,000 objects validated in {seconds:.1f} s, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
