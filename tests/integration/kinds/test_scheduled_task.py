"""The ScheduledTask kind against a real wks-sim over HTTPS, through the real deskops binary: a
task is created with its targets resolved by name and its next runs in the plan (asked of 4.20.6
once, never when nothing changes), a second apply changes nothing, a new time is updated in place
on the same task, drift made out of band is corrected, a new task type is refused unless
replacement is allowed (and a REBUILD task waits for allow-destroy), --prune deletes only the
tasks deskops created, a time zone 4.20.10 does not list is a plan error of that task only, and
an invalid manifest is refused with file:line:col before any call.
"""
import datetime
import os
import re
import shutil
import tempfile
import unittest

import yaml

from harness import Deskops, Sim

DESKOPS = os.environ.get("DESKOPS", "deskops")
WKS_SIM = os.environ.get("WKS_SIM", "wks-sim")
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
RUN = re.compile(r"next runs: (\d{4}-\d\d-\d\d \d\d:\d\d) \+08:00, (\d{4}-\d\d-\d\d \d\d:\d\d) "
                 r"\+08:00, (\d{4}-\d\d-\d\d \d\d:\d\d) \+08:00")


def doc(kind, name, spec, annotations=None):
    meta = {"name": name}
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "deskops.io/v1alpha1", "kind": kind, "metadata": meta, "spec": spec}


def desktop(name):
    return doc("Desktop", name, {"productId": "workspace.c2.large.windows.2", "imageType": "gold",
                                 "imageId": "a866298d-67db-44b0-a1f1-9d09bdddc20f",
                                 "rootVolume": {"type": "SAS", "size": 80}})


def task(name, task_type="STOP", time="20:00", days=("Mon", "Tue", "Wed", "Thu", "Fri"),
         zone="Asia/Shanghai", targets=None, annotations=None, **extra):
    spec = {"taskType": task_type,
            "schedule": {"weekly": {"days": list(days), "time": time}, "timeZone": zone},
            "targets": targets or [{"objectType": "DESKTOP", "objectName": "eng-01"}], **extra}
    return doc("ScheduledTask", name, spec, annotations)


class ScheduledTaskTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="deskops-scheduled-task-")
        self.sim = Sim(WKS_SIM, self.workdir)
        self.addCleanup(self.sim.stop)
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.deskops = Deskops(DESKOPS, self.sim, self.workdir)
        self.manifests = os.path.join(self.workdir, "manifests")
        os.makedirs(self.manifests)

    def write(self, *docs):
        with open(os.path.join(self.manifests, "tasks.yaml"), "w") as f:
            yaml.safe_dump_all(docs, f, sort_keys=False)

    def tasks(self):
        return {t["task_name"]: t for t in self.sim.state()["scheduled_tasks"]["tasks"]}

    def apply(self, *extra, ok=True):
        r = self.deskops.run("apply", self.manifests, "--rate", "0", *extra)
        if ok:
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return r

    def plan(self, *extra):
        return self.deskops.run("plan", self.manifests, *extra)

    def previews(self):
        return self.sim.calls_by_operation().get("scheduled_tasks.future_executions", 0)

    def test_lifecycle(self):
        self.write(desktop("eng-01"), task("stop-evenings", description="Evenings"))
        self.sim.reset_stats()
        p = self.plan()
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        runs = RUN.search(p.stdout)
        self.assertIsNotNone(runs, p.stdout)
        times = [datetime.datetime.strptime(t, "%Y-%m-%d %H:%M") for t in runs.groups()]
        now = datetime.datetime.now(SHANGHAI).replace(tzinfo=None)
        self.assertTrue(all(t > now - datetime.timedelta(minutes=1) and t.weekday() < 5 and
                            t.strftime("%H:%M") == "20:00" for t in times), runs.group(0))
        self.assertEqual(self.previews(), 1, "4.20.6 asked once, for the task to create")
        self.assertEqual(self.tasks(), {}, "a plan changes nothing")

        r = self.apply()
        self.assertIn("Converged", r.stdout)
        created = self.tasks()["stop-evenings"]
        desktop_id = next(d["id"] for d in self.sim.state()["desktops"]
                          if d["computer_name"] == "eng-01")
        self.assertEqual((created["task_type"], created["week_list"], created["scheduled_time"],
                          created["time_zone"], created["description"]),
                         ("STOP", "2,3,4,5,6", "20:00:00", "Asia/Shanghai", "Evenings"))
        self.assertEqual(created["apply_objects"],
                         [{"object_id": desktop_id, "object_type": "DESKTOP", "object_name": "eng-01"}],
                         "the desktop named in the manifest, by its ID")

        # A second apply changes nothing and asks nothing of 4.20.6.
        self.sim.reset_stats()
        p = self.plan()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.sim.mutating_calls(), 0, self.sim.calls_by_operation())

        # Updated in place: same ID, new time, its next runs shown.
        self.write(desktop("eng-01"), task("stop-evenings", time="21:30", description="Evenings",
                                           enable=False, priority=4))
        p = self.plan()
        self.assertIn("spec.schedule.weekly.time: 20:00:00 -> 21:30:00", p.stdout)
        self.assertIn("disabled; when enabled, next runs:", p.stdout)
        self.apply()
        after = self.tasks()["stop-evenings"]
        self.assertEqual(after["id"], created["id"])
        self.assertEqual((after["scheduled_time"], after["enable"], after["priority"]),
                         ("21:30:00", False, 4))

        # Drift out of band is corrected.
        self.sim.control("PATCH", f"objects/scheduled_tasks/{after['id']}",
                         {"week_list": "1", "enable": True, "apply_objects": []})
        p = self.plan()
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("spec.schedule.weekly.days: Sun -> Mon,Tue,Wed,Thu,Fri", p.stdout)
        self.assertIn("spec.enable: true -> false", p.stdout)
        self.assertIn('spec.targets: (unset) -> DESKTOP "eng-01"', p.stdout)
        self.apply()
        fixed = self.tasks()["stop-evenings"]
        self.assertEqual((fixed["week_list"], fixed["enable"], len(fixed["apply_objects"])),
                         ("2,3,4,5,6", False, 1))

        # Exported, the tenant plans as it is.
        exported = self.deskops.run("export", "--owned")
        self.assertEqual(exported.returncode, 0, exported.stderr)
        self.assertIn("kind: ScheduledTask", exported.stdout)
        with open(os.path.join(self.manifests, "tasks.yaml"), "w") as f:
            f.write(exported.stdout)
        p = self.plan()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("Plan: no changes", p.stdout)

    def test_task_type_change_is_a_replacement_and_rebuild_needs_allow_destroy(self):
        self.write(desktop("eng-01"), task("nightly"))
        self.apply()
        old = self.tasks()["nightly"]["id"]
        self.write(desktop("eng-01"), task("nightly", task_type="REBUILD"))
        p = self.plan()
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn('spec.taskType cannot change in place ("STOP" -> "REBUILD")', p.stdout)

        self.write(desktop("eng-01"), task("nightly", task_type="REBUILD",
                                           annotations={"deskops.io/allow-replace": "true"}))
        r = self.apply(ok=False)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("HELD by destructive", r.stdout)
        self.assertEqual(self.tasks()["nightly"]["id"], old, "held: nothing deleted")

        self.write(desktop("eng-01"), task("nightly", task_type="REBUILD",
                                           annotations={"deskops.io/allow-replace": "true",
                                                        "deskops.io/allow-destroy": "true"}))
        self.apply()
        new = self.tasks()["nightly"]
        self.assertEqual(new["task_type"], "REBUILD")
        self.assertNotEqual(new["id"], old, "replaced: deleted and created again")

    def test_prune_deletes_only_owned_tasks(self):
        self.write(desktop("eng-01"), task("mine"), task("also-mine", days=["Sat"]))
        self.apply()
        self.sim.control("POST", "objects/scheduled_tasks",
                         {"task_name": "not-mine", "task_type": "START", "scheduled_type": "WEEK",
                          "week_list": "2", "scheduled_time": "08:00:00"})
        self.write(desktop("eng-01"), task("mine"))
        p = self.plan()
        self.assertIn("HELD by prune-disabled", p.stdout)
        self.apply("--prune", "--max-deletion-percent", "-1")
        self.assertEqual(set(self.tasks()), {"mine", "not-mine"})
        self.assertEqual(self.sim.calls_by_operation().get("scheduled_tasks.batch_delete"), 1)

    def test_a_zone_the_api_does_not_offer_holds_only_that_task(self):
        self.write(desktop("eng-01"), task("good"), task("bad", zone="Asia/Shanghal"))
        r = self.apply(ok=False)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn('ScheduledTask/bad: spec.schedule.timeZone: "Asia/Shanghal" is not a time zone '
                      'the API offers', r.stdout)
        self.assertIn('did you mean "Asia/Shanghai"?', r.stdout)
        self.assertEqual(set(self.tasks()), {"good"})

    def test_invalid_input_is_refused_with_its_position_before_any_call(self):
        self.write(desktop("eng-01"), task("good"), task("bad", days=["Mon", "Fry"]))
        self.sim.reset_stats()
        r = self.apply(ok=False)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        with open(os.path.join(self.manifests, "tasks.yaml")) as f:
            line = next(i for i, text in enumerate(f, 1) if "Fry" in text)
        self.assertRegex(r.stderr, rf"tasks\.yaml:{line}:\d+: ScheduledTask/bad: "
                                   r"spec\.schedule\.weekly\.days\[1\]: must be one of Sun, Mon")
        self.assertEqual(self.sim.api_calls(), 0, "nothing was applied, nothing was even read")
        self.assertEqual(self.tasks(), {})


if __name__ == "__main__":
    unittest.main()
