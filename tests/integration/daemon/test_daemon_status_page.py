"""The status page at / of `deskops run`, loaded in headless Chromium (Debian's chromium) once the
example tenant has converged, and again with the tenant's API failing: the DOM the browser built
shows the daemon's state and one row per managed object with its Ready and Synced conditions,
and the page pulls in nothing from elsewhere. Skipped (exit 77) when chromium is not installed."""
import html.parser
import os
import subprocess
import unittest

import daemon_support as ds

CHROMIUM = ds.require_tool("chromium")


class PageParser(html.parser.HTMLParser):
    """Rows of table#objects as {(kind, name): {"ready": text, "synced": text}}, the <dl> of the
    daemon's state as {dt: dd text}, and every tag that could load something."""

    def __init__(self):
        super().__init__()
        self.rows, self.fields, self.loads = {}, {}, []
        self.row = self.cell = self.dt = None
        self.text = []
        self.capture = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object", "embed") or "src" in a:
            self.loads.append((tag, a))
        if tag == "tr" and "data-kind" in a:
            self.row = (a["data-kind"], a["data-name"])
            self.rows[self.row] = {}
        elif tag == "td" and self.row and a.get("class") in ("ready", "synced"):
            self.cell, self.text = a["class"], []
        elif tag in ("dt", "dd"):
            self.capture, self.text = tag, []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell:
            self.rows[self.row][self.cell] = "".join(self.text).strip()
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "dt" and self.capture == "dt":
            self.dt, self.capture = "".join(self.text).strip(), None
        elif tag == "dd" and self.capture == "dd":
            self.fields[self.dt] = " ".join("".join(self.text).split())
            self.capture = None

    def handle_data(self, data):
        if self.cell or self.capture:
            self.text.append(data)


class StatusPageTest(ds.DaemonTestCase):
    def load(self, url):
        profile = os.path.join(self.workdir, "chromium-profile")
        res = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, "HOME": self.workdir})
        self.assertEqual(res.returncode, 0, res.stderr[-3000:])
        self.assertIn("<table", res.stdout, res.stderr[-3000:])
        page = PageParser()
        page.feed(res.stdout)
        self.assertEqual(page.loads, [], "the page loads external resources")
        return page

    def test_page_shows_objects_and_conditions(self):
        manifests = self.examples()
        declared = ds.manifest_objects(manifests)
        d = self.start(manifests, "--interval", "1h")
        d.wait_quiet()
        page = self.load(f"http://{d.address}/")
        self.assertEqual(page.fields["phase"], "idle")
        self.assertEqual(page.fields["ready"], "yes")
        self.assertEqual(page.fields["leader"], "yes")
        self.assertTrue(page.fields["last pass"].startswith("success"), page.fields)
        self.assertEqual(set(page.rows), declared)
        for key, cells in page.rows.items():
            self.assertEqual(cells, {"ready": "True · Available", "synced": "True · InSync"}, key)

        # The API fails from now on: the next pass fails, and the page says so while keeping the
        # objects' last known conditions.
        self.sim.control("PUT", "faults", {"rules": [{"operation": "*", "kind": "http_500"}]})
        passes = d.passes()
        ds.replace_in(os.path.join(manifests, "users.yaml"), "Platform engineer", "Platform lead")
        self.assertEqual(d.wait_pass(passes)["msg"], "pass failed")
        page = self.load(f"http://{d.address}/")
        self.assertTrue(page.fields["last pass"].startswith("failure"), page.fields)
        self.assertEqual(set(page.rows), declared)
        self.sim.control("DELETE", "faults")
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
