"""deskops' /metrics as Prometheus sees it, after `deskops run` has converged the example tenant:
  - `promtool check metrics` (Debian's prometheus package) finds nothing to complain about;
  - tests/deploy/check_metrics_exposition.py finds every metric the alert rules and the dashboard
    use, with the contract's types and labels (tests/deploy/metric_names.py), and the scrape has
    exactly the contract's metric families;
  - the real Prometheus server scrapes deskops on loopback every second, evaluates the alert rules
    of deploy/prometheus/alerts.yml against it without errors and with no alert pending, and
    answers queries over deskops metrics through its HTTP API with the values deskops reports.
Skipped (exit 77) when promtool or prometheus is not installed."""
import json
import os
import signal
import subprocess
import sys
import unittest
import urllib.parse
import urllib.request

import daemon_support as ds
from harness import wait_until

PROMTOOL = ds.require_tool("promtool")
PROMETHEUS = ds.require_tool("prometheus")
DEPLOY_TESTS = os.path.join(ds.REPO, "tests", "deploy")
sys.path.insert(0, DEPLOY_TESTS)
import metric_names as mn  # noqa: E402

PROMETHEUS_YML = """\
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - {rules}
scrape_configs:
  - job_name: deskops
    static_configs:
      - targets: ["{target}"]
"""


class PrometheusTest(ds.DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.manifests = self.examples()
        self.declared = ds.manifest_objects(self.manifests)
        self.d = self.start(self.manifests, "--interval", "1h")
        self.d.wait_quiet()

    def test_scrape_passes_promtool_and_the_contract(self):
        text = self.d.metrics()
        path = os.path.join(self.workdir, "metrics.txt")
        with open(path, "w") as f:
            f.write(text)
        lint = subprocess.run([PROMTOOL, "check", "metrics"], input=text, capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(lint.returncode, 0, f"promtool check metrics:\n{lint.stdout}{lint.stderr}")

        check = subprocess.run([sys.executable, os.path.join(DEPLOY_TESTS,
                                                             "check_metrics_exposition.py"), path],
                               capture_output=True, text=True, timeout=60)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertNotIn("beyond the contract", check.stdout)

        families = {line.split()[2]: line.split()[3] for line in text.splitlines()
                    if line.startswith("# TYPE ")}
        contract = {**mn.METRICS, **mn.PROCESS_METRICS}
        self.assertEqual(set(families), set(contract),
                         "the scrape's metric families differ from tests/deploy/metric_names.py")
        for name, kind in families.items():
            self.assertEqual(kind, contract[name][0], name)
        self.assertNotIn(ds.DEMO_SK, text)

    def test_real_prometheus_scrapes_and_answers_queries(self):
        port = ds.free_port()
        config = os.path.join(self.workdir, "prometheus.yml")
        with open(config, "w") as f:
            f.write(PROMETHEUS_YML.format(
                rules=os.path.join(ds.REPO, "deploy", "prometheus", "alerts.yml"),
                target=self.d.address))
        log = open(os.path.join(self.workdir, "prometheus.log"), "w")
        prom = subprocess.Popen(
            [PROMETHEUS, f"--config.file={config}",
             f"--storage.tsdb.path={os.path.join(self.workdir, 'tsdb')}",
             f"--web.listen-address=127.0.0.1:{port}"], stdout=log, stderr=log)
        api = f"http://127.0.0.1:{port}"

        def get(path):
            with urllib.request.urlopen(api + path, timeout=10) as res:
                return json.loads(res.read().decode())

        def query(expr):
            reply = get("/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
            self.assertEqual(reply["status"], "success", reply)
            return {tuple(sorted(r["metric"].items())): float(r["value"][1])
                    for r in reply["data"]["result"]}

        def ready():
            try:
                with urllib.request.urlopen(api + "/-/ready", timeout=2) as res:
                    return res.status == 200
            except OSError:
                return prom.poll() is not None

        try:
            self.assertTrue(wait_until(ready, timeout=60, step=0.2))
            self.assertIsNone(prom.poll(), "prometheus exited; see prometheus.log")
            self.assertTrue(wait_until(lambda: query('deskops_leader{job="deskops"}'),
                                       timeout=30, step=0.5), "no deskops series in Prometheus")
            up = query('up{job="deskops"}')
            self.assertEqual(list(up.values()), [1.0])
            self.assertEqual(list(query('deskops_leader{job="deskops"}').values()), [1.0])
            users = sum(1 for k, _ in self.declared if k == "User")
            self.assertEqual(list(query('deskops_manifest_objects{kind="User"}').values()),
                             [float(users)])
            self.assertEqual(list(query('sum(deskops_objects{condition="Synced", status="True"})')
                                  .values()), [float(len(self.declared))])
            runs = query('deskops_reconcile_runs_total{result="success"}')
            self.assertEqual(list(runs.values()), [float(self.d.passes())])

            # The alert rules evaluate cleanly against the real series, and none is pending.
            def evaluated():
                groups = get("/api/v1/rules")["data"]["groups"]
                rules = [r for g in groups for r in g["rules"]]
                return rules and all(r["health"] == "ok" for r in rules)
            self.assertTrue(wait_until(evaluated, timeout=30, step=0.5),
                            json.dumps(get("/api/v1/rules"), indent=1)[:4000])

            # An evaluation before the first scrape may have seen no target at all
            # (DeskopsTargetMissing pending); once the series exist, nothing stays pending.
            def alerts():
                return [a["labels"]["alertname"] for a in get("/api/v1/alerts")["data"]["alerts"]]
            self.assertTrue(wait_until(lambda: not alerts(), timeout=30, step=0.5),
                            f"alerts pending or firing for a healthy deskops: {alerts()}")
        finally:
            prom.send_signal(signal.SIGTERM)
            try:
                prom.wait(timeout=30)
            except subprocess.TimeoutExpired:
                prom.kill()
            log.close()
        self.assertEqual(self.d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
