"""Damaged state files (issue 7 item 2): a corrupt or truncated inventory or ledger is detected and
reported, naming the file, and nothing is planned or changed; it is never read as "nothing owned"
(which would orphan every object) nor as "everything owned". The one damage a crash itself can
cause, a torn last ledger line, is reported and the entries before it are still honoured.
"""
import json
import os
import shutil
import unittest

from tenant import TenantCase, desktop_doc, load_docs, names, write_docs


def truncate_half(text):
    return text[: len(text) // 2]


def flip_a_name(text):
    return text.replace("eng-alice-01", "eng-alicf-01", 1)


def drop_checksum(text):
    j = json.loads(text)
    del j["checksum"]
    return json.dumps(j)


def insert_garbage_line(text):
    lines = text.splitlines(keepends=True)
    return "".join(lines[:1] + ["\x00\x00garbage\n"] + lines[1:])


def insert_array_line(text):
    lines = text.splitlines(keepends=True)
    return "".join(lines[:1] + ["[1, 2, 3]\n"] + lines[1:])


# (file, damage, what the message must say).
INVENTORY_DAMAGE = [
    ("inventory.json", truncate_half, "truncated"),
    ("inventory.json", lambda text: "", "truncated"),
    ("inventory.json", flip_a_name, "checksum"),
    ("inventory.json", drop_checksum, "checksum"),
    ("inventory.json", lambda text: "not json at all {", "truncated"),
    ("inventory.json", lambda text: json.dumps({"version": 7, "objects": []}), "version"),
    ("ledger.jsonl", insert_garbage_line, "line 2"),
    ("ledger.jsonl", insert_array_line, "line 2"),
]


def intent(seq, op, kind, names_, at_ms):
    return json.dumps({"seq": seq, "type": "intent", "id": f"i{at_ms}-{seq}", "op": op,
                       "kind": kind, "names": names_, "at": at_ms})


class StateFilesTest(TenantCase):
    def setUp(self):
        super().setUp()
        self.run_deskops(0, "apply", self.manifests)
        self.state_dir = self.deskops.state_dir
        # A ledger with history: a finished call and one whose end is unknown.
        at = int(os.path.getmtime(os.path.join(self.state_dir, "inventory.json")) * 1000)
        with open(os.path.join(self.state_dir, "ledger.jsonl"), "w") as f:
            f.write(intent(1, "users.update", "User", ["bob"], at) + "\n")
            done = {"seq": 2, "type": "done", "id": f"i{at}-1", "outcome": "ok"}
            f.write(json.dumps(done) + "\n")
            f.write(intent(3, "desktops.create", "Desktop", ["eng-zed-01"], at) + "\n")
        self.good = os.path.join(self.tmp, "good-state")
        shutil.copytree(self.state_dir, self.good)
        # One manifest gone, so that a prune would have something to delete.
        os.remove(os.path.join(self.manifests, "access-policies.yaml"))

    def restore(self):
        shutil.rmtree(self.state_dir)
        shutil.copytree(self.good, self.state_dir)

    def test_damaged_state_is_reported_and_nothing_changes(self):
        before = names(self.sim.state())
        for file, damage, says in INVENTORY_DAMAGE:
            path = os.path.join(self.state_dir, file)
            with self.subTest(file=file, damage=getattr(damage, "__name__", says)):
                self.restore()
                with open(path) as f:
                    damaged = damage(f.read())
                with open(path, "w") as f:
                    f.write(damaged)
                self.sim.reset_stats()
                for command, args in [("plan", (self.manifests,)),
                                      ("apply", (self.manifests, "--prune")),
                                      ("export", ())]:
                    result = self.deskops.run(command, *args)
                    self.assertEqual(result.returncode, 1, (command, result.stdout, result.stderr))
                    self.assertIn(path, result.stderr)
                    self.assertIn(says, result.stderr)
                    self.assertNotIn("Plan:", result.stdout)
                self.assertEqual(self.sim.mutating_calls(), 0)
                with open(path) as f:
                    self.assertEqual(f.read(), damaged, "the damaged file is left for a person")
        self.assertEqual(names(self.sim.state()), before)

    def test_torn_last_ledger_line_is_reported_and_the_rest_honoured(self):
        """A crash while appending can leave a partial last line; the call it recorded was never
        sent (an intent is written before its call). The entries before it still count: the open
        create of eng-zed-01 holds a second create."""
        ledger = os.path.join(self.state_dir, "ledger.jsonl")
        with open(ledger, "a") as f:
            f.write('{"seq": 4, "type": "sent", "id": "i1-3", "job_')
        write_docs(os.path.join(self.manifests, "zed.yaml"), [desktop_doc("eng-zed-01")])
        result = self.deskops.run("plan", self.manifests, "-o", "json")
        # 2: the held create is a difference (eng-zed-01 is declared and does not exist).
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(ledger, result.stderr)
        self.assertIn("torn", result.stderr)
        held = {(a["name"], a["verb"], a["held"]["gate"])
                for a in json.loads(result.stdout)["actions"] if "held" in a}
        self.assertIn(("eng-zed-01", "create", "in-flight"), held)

    def test_missing_inventory_is_a_first_run_that_finds_desktops_by_tag(self):
        """Only a missing inventory means "owns nothing yet"; desktops come back by their
        ownership tag, other objects by adoption, and nothing is created twice."""
        self.restore()
        os.remove(os.path.join(self.state_dir, "inventory.json"))
        os.remove(os.path.join(self.state_dir, "ledger.jsonl"))
        plan = self.plan_json(expect=0)
        self.assertEqual({a["verb"] for a in plan["actions"]}, {"adopt"})
        adopted = {f"{a['kind']}/{a['name']}" for a in plan["actions"]}
        self.assertNotIn("Desktop/eng-alice-01", adopted, "recovered from its tag, not adopted")
        self.sim.reset_stats()
        self.run_deskops(0, "apply", self.manifests)
        self.assertEqual(self.sim.mutating_calls(), 0)
        docs = load_docs(self.manifests)
        self.assert_matches(docs)


if __name__ == "__main__":
    unittest.main()
