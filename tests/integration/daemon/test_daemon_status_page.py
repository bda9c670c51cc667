"""The status page at / of `deskops run`, loaded in headless Chromium (Debian's chromium) once the
example tenant has converged, and again with the tenant's API failing: the DOM the browser built
shows the daemon's state and one row per managed object with its Ready and Synced conditions,
and the page pulls in nothing from elsewhere. At 300 objects with a few failing: the failing rows
come first, the failed pass is a banner, times are relative, the filter (?q=, ?show=) narrows the
rows, and a screenshot shows the banner and the failing rows in their colours at the top of the
page. Skipped (exit 77) when chromium is not installed."""
import html.parser
import os
import struct
import subprocess
import unittest
import zlib

import daemon_support as ds

CHROMIUM = ds.require_tool("chromium")


class PageParser(html.parser.HTMLParser):
    """Rows of table#objects as {(kind, name): {"ready": text, "synced": text}}, the <dl> of the
    daemon's state as {dt: dd text}, and every tag that could load something."""

    def __init__(self):
        super().__init__()
        self.rows, self.fields, self.loads = {}, {}, []
        self.order, self.row_class, self.times, self.ids = [], {}, [], set()
        self.row = self.cell = self.dt = None
        self.text = []
        self.capture = None
        self.in_time = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object", "embed") or "src" in a:
            self.loads.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "time":
            self.in_time = True
            self.times.append({"datetime": a.get("datetime"), "title": a.get("title"), "text": ""})
        if tag == "tr" and "data-kind" in a:
            self.row = (a["data-kind"], a["data-name"])
            self.rows[self.row] = {}
            self.order.append(self.row)
            self.row_class[self.row] = a.get("class")
        elif tag == "td" and self.row and a.get("class") in ("ready", "synced"):
            self.cell, self.text = a["class"], []
        elif tag in ("dt", "dd"):
            self.capture, self.text = tag, []

    def handle_endtag(self, tag):
        if tag == "time":
            self.in_time = False
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
        if self.in_time:
            self.times[-1]["text"] += data
        if self.cell or self.capture:
            self.text.append(data)


def png_pixels(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA, non-interlaced PNG,
    as Chromium writes its screenshots (no imaging library needed)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        prev = line
    return width, height, rows


def count_colour(rows, rgb, tolerance=6):
    return sum(1 for row in rows for px in row
               if all(abs(px[i] - rgb[i]) <= tolerance for i in range(3)))


BANNER_RED = (0xb4, 0x23, 0x18)
FAILING_ROW = (0xfd, 0xe8, 0xe8)
SEATS = 300
FAILING = ["user-0007", "user-0150", "user-0299"]


class StatusPageTest(ds.DaemonTestCase):
    def chromium(self, *args):
        profile = os.path.join(self.workdir, "chromium-profile")
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, "HOME": self.workdir})

    def load(self, url):
        res = self.chromium("--dump-dom", url)
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

    def test_300_objects_failing_first_filtered_and_in_a_screenshot(self):
        manifests = os.path.join(self.workdir, "seats")
        os.makedirs(manifests)
        users = os.path.join(manifests, "users.yaml")

        def write(descriptions):
            docs = [f"apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {{name: {n}}}\n"
                    f"spec: {{userEmail: {n}@example.com, description: {desc}}}\n"
                    for n, desc in descriptions.items()]
            with open(users + ".tmp", "w") as f:
                f.write("---\n".join(docs))
            os.replace(users + ".tmp", users)

        seats = {f"user-{i:04d}": f"seat {i}" for i in range(SEATS)}
        write(seats)
        d = self.start(manifests, "--interval", "1h", "--jitter-percent", "0")
        d.wait_quiet(timeout=240)
        # Three users change and their updates are refused: they fail, the pass fails.
        self.sim.control("PUT", "faults", {"rules": [
            {"operation": "users.modify", "kind": "conflict_409", "error_code": "SIM.SEAT409",
             "error_msg": "the seat is locked"}]})
        passes = d.passes()
        write({**seats, **{n: "moved desk" for n in FAILING}})
        self.assertEqual(d.wait_pass(passes)["msg"], "pass failed")

        base = f"http://{d.address}/"
        page = self.load(base)
        self.assertEqual(len(page.rows), SEATS)
        self.assertIn("last-pass-failed", page.ids, "the failed pass is a banner")
        first = [name for _, name in page.order[:len(FAILING)]]
        self.assertEqual(first, FAILING, "failing objects come first")
        self.assertEqual({page.row_class[k] for k in page.order[:len(FAILING)]}, {"failing"})
        self.assertEqual({page.row_class[k] for k in page.order[len(FAILING):]}, {"healthy"})
        for key in page.order[:len(FAILING)]:
            self.assertTrue(page.rows[key]["synced"].startswith("False · ApplyFailed"), key)
        ago = [t for t in page.times if t["text"].endswith(" ago") or t["text"] == "just now"]
        self.assertTrue(ago, page.times)
        for t in page.times:
            self.assertEqual(t["datetime"], t["title"], "the absolute time is the tooltip")
            self.assertRegex(t["datetime"], r"^\d{4}-\d\d-\d\dT")

        page = self.load(base + "?show=failing")
        self.assertEqual([name for _, name in page.order], FAILING)
        page = self.load(base + "?q=USER-015&show=all")
        self.assertEqual([name for _, name in page.order],
                         ["user-0150"] + [f"user-{i:04d}" for i in range(151, 160)])

        shot = os.path.join(self.workdir, "status-300.png")
        res = self.chromium("--window-size=1280,900", f"--screenshot={shot}", base)
        self.assertEqual(res.returncode, 0, res.stderr[-3000:])
        width, height, rows = png_pixels(shot)
        self.assertEqual((width, height), (1280, 900))
        self.assertGreater(count_colour(rows[:250], BANNER_RED), 20000,
                           "the red banner is at the top of the screenshot")
        self.assertGreater(count_colour(rows, FAILING_ROW), 3 * 5000,
                           "the failing rows are on the first screen, highlighted")
        self.sim.control("DELETE", "faults")
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
