"""OUs (4.10.1-4.10.5) over HTTPS: the first resource family on the simulator's seam
(simulator/resources/ous). Created OUs are listed with the seeded ones, survive a restart with
--state-file, go away with /_sim/reset, and errors carry 4.10's three-field shape."""

import os
import signal
import tempfile
import unittest

import simclient
from base import BINARY, SimTestCase

DOMAIN = "wksmanager.wks.com"


class OuTest(SimTestCase):
    def names(self, path="/ous", items="ous"):
        return [o["ou_name"] for o in self.ok(self.client.get(path))[items]]

    def test_add_update_delete(self):
        # The 4.10.2 example request (L19724-19730), in the seeded domain.
        reply = self.client.post("/ous", {"ou_name": "testou", "domain": DOMAIN, "description": "Adds an OU."})
        ou_id = self.ok(reply, 200, "4.10.2")["id"]
        self.assertRegex(ou_id, r"^[0-9a-f]{32}$")
        listed = self.ok(self.client.get("/ous", {"ou_name": "testou"}), 200, "4.10.1")
        self.assertEqual(listed["total_count"], 1)
        self.assertEqual(listed["ous"][0], {"id": ou_id, "domain": DOMAIN, "domain_id": DOMAIN,
                                            "ou_name": "testou", "ou_dn": "OU=testou,DC=wksmanager,DC=wks,DC=com",
                                            "description": "Adds an OU."})
        self.assertEqual(self.names(), ["wggou", "engineering", "finance", "testou"])

        # The 4.10.4 example's shape (L19964-19970): id, ou_name, description; 200 without a body.
        reply = self.client.put(f"/ous/{ou_id}", {"id": ou_id, "ou_name": "renamed", "description": "d"})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        self.assertEqual(self.names()[-1], "renamed")
        self.assertIn("OU=renamed,DC=wksmanager,DC=wks,DC=com",
                      [o["ou_dn"] for o in self.ok(self.client.get("/ad-ous"), 200, "4.10.5")["ou_infos"]])

        reply = self.client.delete(f"/ous/{ou_id}")
        self.assertEqual((reply.status, reply.raw), (204, b""))
        self.assertEqual(self.names(), ["wggou", "engineering", "finance"])
        stats = self.client.control("GET", "stats").json["by_operation"]
        self.assertEqual({op: stats.get(op) for op in ("ous.create", "ous.update", "ous.delete")},
                         {"ous.create": 1, "ous.update": 1, "ous.delete": 1})

    def test_errors(self):
        self.ok(self.client.post("/ous", {"ou_name": "taken", "domain": DOMAIN}))
        cases = [
            ("POST", "/ous", {"domain": DOMAIN}, 400, "WKS.0001", "4.10.2"),
            ("POST", "/ous", {"ou_name": "x"}, 400, "WKS.0001", "4.10.2"),
            ("POST", "/ous", {"ou_name": "x" * 256, "domain": DOMAIN}, 400, "WKS.0001", "4.10.2"),
            ("POST", "/ous", {"ou_name": "OU=x,DC=wks", "domain": DOMAIN}, 400, "WKS.0001", "4.10.2"),
            ("POST", "/ous", {"ou_name": "x", "domain": "no spaces.com"}, 400, "WKS.0001", "4.10.2"),
            ("POST", "/ous", {"ou_name": "TAKEN", "domain": DOMAIN}, 409, "SIM.0409", "4.10.2"),
            ("PUT", "/ous/nope", {"ou_name": "x"}, 404, "WKS.00010031", "4.10.4"),
            ("DELETE", "/ous/nope", None, 404, "WKS.00010031", "4.10.3"),
            ("GET", "/ad-ous?limit=1001", None, 400, "WKS.0509", "4.10.5"),
        ]
        for method, path, body, status, code, section in cases:
            with self.subTest(f"{method} {path} {body}"):
                path, _, query = path.partition("?")
                query = dict([query.split("=")]) if query else None
                self.error(self.client.api(method, path, query, body), status, code, section)

    def test_ad_ous_and_faults(self):
        ad = self.ok(self.client.get("/ad-ous"), 200, "4.10.5")
        self.assertEqual(ad["total_count"], 5)
        self.assertEqual(ad["ou_infos"][0], {"ou_name": "UserOU", "ou_dn": "OU=UserOU,DC=wksmanager,DC=wks,DC=com"})
        # Rules name the family's operations like any other.
        self.client.control("PUT", "faults", {"rules": [{"operation": "ous.*", "kind": "http_503", "count": 1}]})
        self.assertEqual(self.client.get("/ad-ous").status, 503)
        self.assertEqual(self.client.get("/ad-ous").status, 200)

    def test_reset_and_out_of_band_changes(self):
        self.ok(self.client.post("/ous", {"ou_name": "gone-after-reset", "domain": DOMAIN}))
        state = self.client.control("GET", "state").json
        self.assertEqual([o["ou_name"] for o in state["ous"]["ous"]][-1], "gone-after-reset")
        self.assertEqual(self.client.control("POST", "reset").status, 204)
        self.assertEqual(self.names(), ["wggou", "engineering", "finance"])
        reply = self.client.control("POST", "objects/ous", {"ou_name": "drift", "domain": DOMAIN})
        self.assertEqual(reply.status, 201, reply.raw)
        self.assertEqual(self.names()[-1], "drift")


class OuPersistenceTest(unittest.TestCase):
    def test_created_ous_survive_a_restart(self):
        work = tempfile.mkdtemp()
        state = os.path.join(work, "state.json")
        sim = simclient.SimProcess(BINARY, "--state-file", state, workdir=work).start()
        client = sim.client()
        ou_id = client.post("/ous", {"ou_name": "persisted", "domain": DOMAIN}).json["id"]
        client.close()
        self.assertEqual(sim.stop(signal.SIGTERM), 0)  # a graceful stop saves
        again = simclient.SimProcess(BINARY, "--state-file", state, workdir=work).start()
        self.addCleanup(again.stop)
        client = again.client()
        self.addCleanup(client.close)
        found = client.get("/ous", {"ou_name": "persisted"}).json["ous"]
        self.assertEqual([o["id"] for o in found], [ou_id])


if __name__ == "__main__":
    unittest.main()
