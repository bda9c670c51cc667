"""`deskops run` configured by a file: the ready-to-use simulator configuration
(deploy/simulator/config.yaml) converges the example tenant with `--once` (only the simulator's
address and CA, which this test's simulator picks itself, and the state directory come from
flags), a second `--once` changes nothing, and the exit codes an operator or systemd sees: 78 for
an invalid configuration, 64 for a usage error."""
import os
import re
import subprocess
import sys
import unittest

import daemon_support as ds

sys.path.insert(0, os.path.join(ds.REPO, "tests", "deploy"))
import config_schema  # noqa: E402

SIM_CONFIG = os.path.join(ds.REPO, "deploy", "simulator", "config.yaml")
README = os.path.join(ds.REPO, "README.md")


def schema_keys(node, prefix=""):
    """Every setting of the configuration file, as dotted paths (maps and credential references
    are one setting each)."""
    props = node.get("properties", {})
    if node.get("type") == "object" and props and set(props) != {"env", "file"}:
        out = set()
        for key, sub in props.items():
            out |= schema_keys(sub, f"{prefix}{key}.")
        return out
    return {prefix[:-1]}


def readme_section(text, title):
    start = text.index(f"\n### {title}\n")
    end = text.find("\n### ", start + 1)
    return text[start:end]


class ConfigFileTest(ds.DaemonTestCase):
    def test_simulator_config_converges_the_examples_once(self):
        check = subprocess.run([ds.DESKOPS, "config", "check", SIM_CONFIG], capture_output=True,
                               text=True, timeout=60)
        self.assertEqual(check.returncode, 0, check.stderr)
        # The file names the project; the environment has only the AK and SK it references.
        self.deskops.env.pop("HUAWEICLOUD_SDK_PROJECT_ID")
        first = self.deskops.run("run", "--once", "--config", SIM_CONFIG, timeout=240)
        self.assertEqual(first.returncode, 0, first.stderr[-3000:])
        declared = ds.manifest_objects(ds.EXAMPLES)
        state = self.sim.state()
        users = {u["user_name"] for u in state["users"]}
        self.assertLessEqual({n for k, n in declared if k == "User"}, users)
        self.assertLessEqual({n for k, n in declared if k == "Desktop"},
                             set(ds.desktop_names(state)))
        self.assertNotIn(ds.DEMO_SK, first.stderr)

        # Converged: one more pass finds nothing to do (jobs are immediate in this simulator).
        again = self.deskops.run("run", "--once", "--config", SIM_CONFIG, timeout=240)
        self.assertEqual(again.returncode, 0, again.stderr[-3000:])
        self.sim.reset_stats()
        third = self.deskops.run("run", "--once", "--config", SIM_CONFIG, timeout=240)
        self.assertEqual(third.returncode, 0, third.stderr[-3000:])
        self.assertEqual(self.sim.mutating_calls(), 0, self.sim.calls_by_operation())

    def test_readme_configuration_reference_is_complete_and_valid(self):
        """The operator's guide documents every setting the daemon accepts, and its complete
        example is a valid file (`deskops config check`)."""
        with open(README) as f:
            section = readme_section(f.read(), "Configure")
        documented = set()
        for row in re.findall(r"^\| (`[^|]+`) \|", section, re.M):
            names = re.findall(r"`([^`]+)`", row)
            for name in names:
                documented.add(names[0].rsplit(".", 1)[0] + name if name.startswith(".") else name)
        self.assertEqual(documented, schema_keys(config_schema.SCHEMA))
        example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
        path = os.path.join(self.workdir, "readme-config.yaml")
        with open(path, "w") as f:
            f.write(example)
        res = subprocess.run([ds.DESKOPS, "config", "check", path], capture_output=True,
                             text=True, timeout=60)
        self.assertEqual(res.returncode, 0, res.stderr)

    def test_exit_codes(self):
        bad = os.path.join(self.workdir, "bad.yaml")
        with open(bad, "w") as f:
            f.write("manifests: [m]\nintervals:\n  reconcile: often\n")
        res = self.deskops.run("run", "--config", bad, timeout=60)
        self.assertEqual(res.returncode, 78, res.stderr)
        self.assertIn(f"{bad}:3:", res.stderr)
        self.assertIn("intervals.reconcile", res.stderr)
        res = subprocess.run([ds.DESKOPS, "config", "check", bad], capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(res.returncode, 78, res.stderr)
        self.assertIn(f"{bad}:3:", res.stderr)
        res = self.deskops.run("run", "--jitter-percent", "90", timeout=60)
        self.assertEqual(res.returncode, 64, res.stderr)
        res = self.deskops.run("run", "--kind-interval", "Printer=5m", timeout=60)
        self.assertEqual(res.returncode, 64, res.stderr)
        # No credentials at all: the daemon cannot start (exit 1) and says why.
        for var in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"):
            self.deskops.env.pop(var)
        res = self.deskops.run("run", "--once", ds.EXAMPLES, timeout=60)
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertIn("no credentials", res.stderr)


if __name__ == "__main__":
    unittest.main()
