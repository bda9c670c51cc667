"""Drift events (`--drift-webhook`): after an out-of-band change through wks-sim's control API, a
webhook receiver on loopback (http.server in this process) gets the pass's drift as JSON, the log
has a `drift` line per object and field, and /metrics counts it by kind and field. In observe mode
the correction is held by observe-mode; in normal mode it is taken. A first create is not drift,
and a receiver that is down is counted and logged, never fatal."""
import http.server
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
import unittest

import daemon_support as ds
from harness import wait_until

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
# Kinds whose one object always exists in the tenant (their conformance fixtures say singleton):
# never created.
from tenant import SINGLETONS  # noqa: E402
ALICE_EMAIL = "alice@example.com"
DRIFTED_EMAIL = "drifted@corp.example"


class Receiver:
    """An HTTP server on 127.0.0.1 that keeps every JSON body POSTed to it."""

    def __init__(self, tls=None):
        """tls: (certificate file, key file) to serve HTTPS."""
        self.bodies = []
        self.paths = []
        lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with lock:
                    outer.paths.append(self.path)
                    outer.bodies.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.lock = lock
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        scheme = "http"
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        port = self.server.server_address[1]
        self.url = f"{scheme}://127.0.0.1:{port}/hooks/drift?team=desk"

    def events(self):
        with self.lock:
            return [e for b in self.bodies for e in b["events"]]

    def event(self, **want):
        """The first event with these fields, or None."""
        for e in self.events():
            if all(e.get(k) == v for k, v in want.items()):
                return e
        return None

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class DriftEventsTest(ds.DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)

    def applied_then_drifted(self):
        """The example tenant applied, then alice's email changed behind deskops' back."""
        manifests = self.examples()
        applied = self.deskops.run("apply", manifests, timeout=300)
        self.assertEqual(applied.returncode, 0, applied.stdout + applied.stderr)
        alice = ds.user(self.sim.state(), "alice")
        self.sim.control("PATCH", f"objects/users/{alice['id']}", {"user_email": DRIFTED_EMAIL})
        return manifests

    def wait_event(self, daemon, **want):
        if not wait_until(lambda: self.receiver.event(**want) is not None, timeout=60):
            self.fail(f"no webhook event {want}; got {self.receiver.events()}\n"
                      f"{daemon.log_text()[-3000:]}")
        return self.receiver.event(**want)

    def drift_lines(self, daemon, **want):
        return [line for line in daemon.logs() if line.get("msg") == "drift"
                and all(line.get(k) == v for k, v in want.items())]

    def test_observe_mode_reports_drift_held_by_observe_mode(self):
        manifests = self.applied_then_drifted()
        daemon = self.start(manifests, "--observe", "--drift-webhook", self.receiver.url,
                            "--interval", "1h")
        event = self.wait_event(daemon, kind="User", name="alice", field="spec.userEmail")
        self.assertEqual(event["before"], DRIFTED_EMAIL)
        self.assertEqual(event["after"], ALICE_EMAIL)
        self.assertEqual(event["action"], "held")
        self.assertEqual(event["gate"], "observe-mode")
        self.assertNotIn("result", event)
        body = self.receiver.bodies[0]
        self.assertTrue(body["observeOnly"])
        self.assertEqual(body["source"], "deskops")
        self.assertEqual(self.receiver.paths[0], "/hooks/drift?team=desk")

        lines = self.drift_lines(daemon, kind="User", name="alice", field="spec.userEmail")
        self.assertTrue(lines, daemon.log_text()[-3000:])
        self.assertEqual((lines[0]["before"], lines[0]["after"], lines[0]["action"],
                          lines[0]["gate"]), (DRIFTED_EMAIL, ALICE_EMAIL, "held", "observe-mode"))
        metrics = daemon.metrics()
        self.assertGreaterEqual(ds.metric(metrics, "deskops_drift_events_total", kind="User",
                                          field="spec.userEmail"), 1)
        self.assertNotIn("alice", metrics)  # labels name kinds and fields, never objects
        self.assert_metrics_contract(metrics)
        self.assertTrue(wait_until(lambda: ds.metric(
            daemon.metrics(), "deskops_drift_webhook_deliveries_total", result="delivered") >= 1))
        self.assertEqual(ds.metric(daemon.metrics(), "deskops_drift_webhook_deliveries_total",
                                   result="failed"), 0)
        # Observing changed nothing.
        self.assertEqual(ds.user(self.sim.state(), "alice")["user_email"], DRIFTED_EMAIL)
        self.assertEqual(daemon.stop(), 0)

    def assert_metrics_contract(self, text):
        """The drift series of the real scrape have the labels metric_names.py promises: a
        registered kind and a field matching its pattern, every kind's fields starting at 0."""
        sys.path.insert(0, os.path.join(ds.REPO, "tests", "deploy"))
        import metric_names as mn
        samples = [(labels, v) for n, labels, v in ds.parse_metrics(text)
                   if n == "deskops_drift_events_total"]
        self.assertEqual({ls["kind"] for ls, _ in samples}, set(mn.KINDS))
        for labels, _ in samples:
            self.assertEqual(set(labels), {"kind", "field"}, labels)
            self.assertRegex(labels["field"], mn.LABEL_PATTERNS["field"])
        self.assertIn(({"kind": "Desktop", "field": "spec.rootVolume"}, 0.0), samples)

    def test_normal_mode_reports_drift_taken_and_corrects_it(self):
        manifests = self.applied_then_drifted()
        daemon = self.start(manifests, "--drift-webhook", self.receiver.url, "--interval", "1h")
        event = self.wait_event(daemon, kind="User", name="alice", field="spec.userEmail")
        self.assertEqual((event["before"], event["after"]), (DRIFTED_EMAIL, ALICE_EMAIL))
        self.assertEqual(event["action"], "taken")
        self.assertEqual(event["result"], "succeeded")
        self.assertNotIn("gate", event)
        self.assertFalse(self.receiver.bodies[0]["observeOnly"])
        self.assertEqual(ds.user(self.sim.state(), "alice")["user_email"], ALICE_EMAIL)
        lines = self.drift_lines(daemon, name="alice", field="spec.userEmail", action="taken")
        self.assertTrue(lines, daemon.log_text()[-3000:])
        self.assertGreaterEqual(ds.metric(daemon.metrics(), "deskops_drift_events_total",
                                          kind="User", field="spec.userEmail"), 1)
        self.assertEqual(daemon.stop(), 0)

    def test_config_key_takes_effect_on_reload(self):
        manifests = self.applied_then_drifted()
        config = os.path.join(self.workdir, "config.yaml")
        with open(config, "w") as f:
            f.write("observeOnly: true\n")
        daemon = self.start(manifests, "--config", config, "--interval", "1h")
        first = daemon.wait_pass(0)
        self.assertGreaterEqual(first["drifted_fields"], 1)
        self.assertTrue(self.drift_lines(daemon, name="alice", action="held"))
        self.assertEqual(self.receiver.bodies, [])  # no webhook configured yet
        with open(config, "w") as f:
            f.write(f"observeOnly: true\ndriftWebhook: {self.receiver.url}\n")
        daemon.signal(signal.SIGHUP)
        daemon.wait_log("configuration reloaded")
        event = self.wait_event(daemon, kind="User", name="alice", field="spec.userEmail")
        self.assertEqual((event["action"], event["gate"]), ("held", "observe-mode"))
        self.assertEqual(daemon.stop(), 0)

    def test_first_create_is_not_drift(self):
        # One pass that creates the whole tenant; --once delivers before exiting. Nothing it
        # created is drift. A singleton (the tenant's terminal bindings) is never created: it
        # always exists, so what its manifest changes is drift from the first pass on.
        manifests = self.examples()
        # At debug, every API call is logged (per-call lines are at debug).
        once = self.deskops.run("run", "--once", manifests, "--drift-webhook", self.receiver.url,
                                "--log-level", "debug", timeout=300)
        self.assertEqual(once.returncode, 0, once.stderr[-3000:])
        lines = [json.loads(line) for line in once.stderr.splitlines() if line.startswith("{")]
        calls = {line["operation"] for line in lines if line.get("msg") == "API call"}
        self.assertLessEqual({"users.batch_create", "desktops.create", "groups.members"}, calls)
        drift_kinds = {line["kind"] for line in lines if line.get("msg") == "drift"}
        self.assertLessEqual(drift_kinds, set(SINGLETONS), once.stderr[-3000:])
        self.assertLessEqual({e["kind"] for e in self.receiver.events()}, set(SINGLETONS))
        done = [line for line in lines if line.get("msg") == "pass done"]
        self.assertEqual(len(done), 1, once.stderr[-3000:])
        self.assertEqual(done[0]["drifted_fields"], len(self.receiver.events()))

    def test_once_delivers_before_exiting(self):
        manifests = self.applied_then_drifted()
        once = self.deskops.run("run", "--once", "--observe", manifests, "--drift-webhook",
                                self.receiver.url, timeout=120)
        self.assertEqual(once.returncode, 0, once.stderr[-3000:])
        self.assertIsNotNone(self.receiver.event(name="alice", action="held"),
                             self.receiver.bodies)

    def test_https_receiver_trusted_through_the_ca_file(self):
        # A self-signed certificate for 127.0.0.1, added to the CA file deskops already trusts
        # for the simulator (--ca-file serves the API and the webhook).
        cert = os.path.join(self.workdir, "hook-cert.pem")
        key = os.path.join(self.workdir, "hook-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=deskops drift hook",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
        receiver = Receiver(tls=(cert, key))
        self.addCleanup(receiver.close)
        manifests = self.applied_then_drifted()
        with open(cert) as src, open(self.sim.ca_file, "a") as bundle:
            bundle.write("\n" + src.read())
        once = self.deskops.run("run", "--once", "--observe", manifests, "--drift-webhook",
                                receiver.url, timeout=120)
        self.assertEqual(once.returncode, 0, once.stderr[-3000:])
        self.assertTrue(receiver.url.startswith("https://"))
        self.assertIsNotNone(receiver.event(name="alice", field="spec.userEmail",
                                            action="held"), once.stderr[-3000:])
        self.assertNotIn("drift webhook delivery failed", once.stderr)

    def test_receiver_down_is_counted_and_logged_not_fatal(self):
        manifests = self.applied_then_drifted()
        dead = f"http://127.0.0.1:{ds.free_port()}/hook"
        daemon = self.start(manifests, "--observe", "--drift-webhook", dead, "--interval", "1h")
        self.assertTrue(wait_until(lambda: ds.metric(
            daemon.metrics(), "deskops_drift_webhook_deliveries_total", result="failed") >= 1,
            timeout=60), daemon.log_text()[-3000:])
        line = daemon.wait_log("drift webhook delivery failed")
        self.assertEqual(line["attempts"], 3)
        self.assertNotIn("/hook", line["webhook"])  # a webhook's path is often its credential
        self.assertTrue(self.drift_lines(daemon, name="alice"))
        self.assertEqual(daemon.get("/readyz")[0], 200)
        self.assertEqual(daemon.stop(), 0)


if __name__ == "__main__":
    unittest.main()
