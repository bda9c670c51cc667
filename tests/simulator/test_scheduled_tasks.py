"""Scheduled tasks (4.20.1-4.20.7, 4.20.10) over HTTPS: the family in
simulator/resources/scheduled_tasks. The reference's example bodies are accepted with their
placeholders replaced, tasks are listed, read, modified and deleted with the documented shapes,
triggered tasks are listed only when asked for, next execution times follow the schedule in its
time zone, and every refusal carries the code the handler comments name."""

import datetime
import json
import os
import unittest

from base import EXAMPLES, SimTestCase

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def example(name):
    with open(os.path.join(EXAMPLES, name)) as f:
        return json.load(f)


def later(days):
    """A date `days` from today (UTC), yyyy-MM-dd."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)).strftime("%Y-%m-%d")


def weekly(name="stop-evenings", **extra):
    body = {"task_name": name, "task_type": "STOP", "scheduled_type": "WEEK", "week_list": "2,3,4,5,6",
            "scheduled_time": "20:00:00", "time_zone": "Asia/Shanghai",
            "apply_objects": [{"object_type": "ALL_DESKTOPS"}]}
    body.update(extra)
    return body


class ScheduledTaskTest(SimTestCase):
    PAGE = {"offset": 0, "limit": 50}

    def tasks(self, **query):
        reply = self.client.get("/scheduled-tasks", {**self.PAGE, **query})
        return self.ok(reply, 200, "4.20.1")["scheduled_tasks"]

    def task_id(self, name, **query):
        return next(t["id"] for t in self.tasks(**query) if t["task_name"] == name)

    def detailed_error(self, reply, status, code):
        """4.20.1-4.20.9 answer errors with the four-field body (api-errors.md 1)."""
        self.error(reply, status, code)
        self.assertEqual(set(reply.json), {"error_code", "error_msg", "error_detail",
                                           "encoded_authorization_message"}, reply.raw)

    def test_the_reference_examples_through_a_whole_life(self):
        desktop = self.create_desktop()
        # 4.20.2 example (L37973-37999): placeholders replaced, its dates moved ahead (the printed
        # ones have passed: such a task would never run).
        body = example("4.20.2-request.json")
        body.update(scheduled_date=later(10), expire_time=later(20) + " 09:00:00")
        body["apply_objects"][0]["object_id"] = desktop
        reply = self.client.post("/scheduled-tasks", body)
        self.assertEqual((reply.status, reply.raw), (200, b""), "200 without a body (L38003)")
        task_id = self.task_id("Test task")

        listed = self.tasks()[0]
        self.assertEqual({k: listed[k] for k in ("task_type", "scheduled_type", "enable", "priority",
                                                 "time_zone", "last_status")},
                         {"task_type": "START", "scheduled_type": "FIXED_TIME", "enable": True,
                          "priority": 0, "time_zone": "Asia/Shanghai", "last_status": ""})
        self.assertEqual(listed["next_execution_time"], later(10) + " 09:00:00")

        detail = self.ok(self.client.get(f"/scheduled-tasks/{task_id}"), 200, "4.20.3")
        self.assertEqual(detail["apply_objects"], [{"object_id": desktop, "object_type": "DESKTOP",
                                                    "object_name": "eng-alice-01"}])
        self.assertEqual(detail["time_zone"], "GMT+8", "4.20.3 answers the offset (L38136)")
        self.assertEqual(json.loads(detail["extra_params"]), {"notify_message": "Test"})
        self.assertEqual((detail["gray_count"], detail["gray_desktop_ids"]), (0, []),
                         "gray settings are for scripts only (L37920)")

        # 4.20.4 example (L38241-38275): enable and priority change, and show in the list.
        body = example("4.20.4-request.json")
        body.update(scheduled_date=later(12), expire_time=later(20) + " 09:00:00", priority=50,
                    enable=False, task_name="Renamed task")
        body["apply_objects"][0]["object_id"] = desktop
        reply = self.client.put(f"/scheduled-tasks/{task_id}", body)
        self.assertEqual((reply.status, reply.raw), (200, b""))
        listed = self.tasks()[0]
        self.assertEqual((listed["task_name"], listed["enable"], listed["priority"], listed["wait_time"]),
                         ("Renamed task", False, 50, 43200))
        self.assertEqual(listed["next_execution_time"], "", "a disabled task does not run")
        state = self.client.control("GET", "state").json["scheduled_tasks"]["tasks"]
        self.assertEqual(state[0]["is_gray"], False, "is_gray counts for scripts only")

        reply = self.client.delete(f"/scheduled-tasks/{task_id}")
        self.assertEqual((reply.status, reply.raw), (200, b""))
        self.assertEqual(self.tasks(), [])
        stats = self.client.control("GET", "stats").json["by_operation"]
        for op in ("scheduled_tasks.create", "scheduled_tasks.list", "scheduled_tasks.get",
                   "scheduled_tasks.modify", "scheduled_tasks.delete"):
            self.assertIn(op, stats)

    def test_batch_delete_is_all_or_nothing(self):
        for name in ("a", "b", "c"):
            self.ok(self.client.post("/scheduled-tasks", weekly(name)))
        ids = [t["id"] for t in self.tasks()]
        self.detailed_error(self.client.post("/scheduled-tasks/batch-delete",
                                             {"task_ids": [ids[0], "nope"]}), 400, "WKS.0568")
        self.assertEqual(len(self.tasks()), 3)
        reply = self.client.post("/scheduled-tasks/batch-delete", {"task_ids": ids[:2]})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        self.assertEqual([t["task_name"] for t in self.tasks()], ["c"])

    def test_list_pages_and_filters(self):
        self.ok(self.client.post("/scheduled-tasks", weekly("Nightly stop")))
        self.ok(self.client.post("/scheduled-tasks", {
            "task_name": "after create", "task_type": "STOP", "scheduled_type": "LIFE_CYCLE",
            "life_cycle_type": "POST_CREATE_DESKTOP_SUCCESS", "wait_time": 600}))
        # Mandatory offset and limit (L37777-37778), limit 0 to 50.
        self.detailed_error(self.client.get("/scheduled-tasks"), 400, "WKS.0001")
        self.detailed_error(self.client.get("/scheduled-tasks", {"offset": 0}), 400, "WKS.0001")
        self.detailed_error(self.client.get("/scheduled-tasks", {"offset": 0, "limit": 51}), 400,
                            "WKS.0509")
        empty = self.ok(self.client.get("/scheduled-tasks", {"offset": 0, "limit": 0}))
        self.assertEqual((empty["scheduled_tasks"], empty["total_count"]), ([], 1))
        # Triggered tasks only when scheduled_type=LIFE_CYCLE is asked for (L37783).
        self.assertEqual([t["task_name"] for t in self.tasks()], ["Nightly stop"])
        triggered = self.tasks(scheduled_type="LIFE_CYCLE")
        self.assertEqual([(t["task_name"], t["life_cycle_type"], t["wait_time"], t["next_execution_time"])
                          for t in triggered], [("after create", "POST_CREATE_DESKTOP_SUCCESS", 600, "")])
        self.assertEqual([t["task_name"] for t in self.tasks(task_name="nightly")], ["Nightly stop"])
        self.assertEqual(self.tasks(task_type="START"), [])

    def test_refusals(self):
        desktop = self.create_desktop()
        self.ok(self.client.post("/scheduled-tasks", weekly("taken")))
        cases = [
            ("no task type", weekly("x", task_type=None), 400, "WKS.0001"),
            ("no schedule", weekly("x", scheduled_type=None), 500, "WKS.00000026"),
            ("no time", weekly("x", scheduled_time=None), 500, "WKS.00000026"),
            ("week days 1-7", weekly("x", week_list="0,1"), 400, "WKS.0001"),
            ("a day twice", weekly("x", week_list="2,2"), 400, "WKS.0001"),
            ("a time HH:mm:ss", weekly("x", scheduled_time="20:00"), 400, "WKS.0001"),
            ("an unknown zone", weekly("x", time_zone="Mars/Olympus"), 400, "WKS.0001"),
            ("interval 0", weekly("x", scheduled_type="DAY", day_interval=0), 500, "WKS.00000029"),
            ("once, in the past", weekly("x", scheduled_type="FIXED_TIME", scheduled_date="2022-12-23"),
             500, "WKS.00000028"),
            ("expired before it runs", weekly("x", expire_time="2022-12-31 09:00:00"), 500,
             "WKS.00000028"),
            ("the 30th of February", weekly("x", scheduled_type="MONTH", month_list="2",
                                            date_list="30"), 500, "WKS.00000028"),
            ("START on a trigger", {"task_name": "x", "task_type": "START", "scheduled_type": "LIFE_CYCLE",
                                    "life_cycle_type": "POST_CREATE_DESKTOP_SUCCESS"}, 400, "WKS.0001"),
            ("an unknown trigger", {"task_name": "x", "task_type": "STOP", "scheduled_type": "LIFE_CYCLE",
                                    "life_cycle_type": "string"}, 400, "WKS.0001"),
            ("an unknown desktop", weekly("x", apply_objects=[{"object_type": "DESKTOP",
                                                               "object_id": "nope"}]), 400, "WKS.0418"),
            ("an unknown pool", weekly("x", apply_objects=[{"object_type": "DESKTOP_POOL",
                                                            "object_id": "nope"}]), 400, "WKS.0568"),
            ("a tag is key=value", weekly("x", apply_objects=[{"object_type": "DESKTOP_TAG",
                                                               "object_id": "a=b=c"}]), 400, "WKS.0001"),
            ("extra_params is JSON", weekly("x", extra_params="{nope"), 400, "WKS.0001"),
            ("a name taken", weekly("taken"), 409, "SIM.0409"),
            ("a gray desktop that does not exist",
             weekly("x", task_type="EXECUTE_SCRIPT", gray_desktop_ids=["nope"]), 400, "WKS.0418"),
        ]
        for name, body, status, code in cases:
            with self.subTest(name):
                body = {k: v for k, v in body.items() if v is not None}
                self.detailed_error(self.client.post("/scheduled-tasks", body), status, code)
        self.assertEqual([t["task_name"] for t in self.tasks()], ["taken"], "nothing was created")

        task_id = self.task_id("taken")
        ok = weekly("y", apply_objects=[{"object_type": "DESKTOP", "object_id": desktop}])
        self.ok(self.client.post("/scheduled-tasks", ok))
        self.detailed_error(self.client.put(f"/scheduled-tasks/{task_id}", {"task_name": "y"}), 409,
                            "SIM.0409")
        self.detailed_error(self.client.put(f"/scheduled-tasks/{task_id}",
                                            {"scheduled_type": "DAY", "day_interval": 0}), 500, "WKS.00000029")
        self.assertEqual(self.tasks()[0]["scheduled_type"], "WEEK", "a refused change changes nothing")
        for method in ("get", "delete"):
            self.detailed_error(getattr(self.client, method)("/scheduled-tasks/nope"), 400, "WKS.0568")
        self.detailed_error(self.client.put("/scheduled-tasks/nope", {"enable": True}), 400, "WKS.0568")

    def test_modify_changes_only_what_it_sends(self):
        self.ok(self.client.post("/scheduled-tasks", weekly("t", description="kept")))
        task_id = self.task_id("t")
        self.ok(self.client.put(f"/scheduled-tasks/{task_id}", {"scheduled_type": "MONTH", "month_list": "1,7",
                                                               "date_list": "1,L"}))
        detail = self.ok(self.client.get(f"/scheduled-tasks/{task_id}"), 200, "4.20.3")
        self.assertEqual((detail["scheduled_type"], detail["month_list"], detail["date_list"],
                          detail["scheduled_time"], detail["description"]),
                         ("MONTH", "1,7", "1,L", "20:00:00", "kept"))
        # enable and priority are 4.20.4's: a create does not take them (L38202-38205).
        self.ok(self.client.post("/scheduled-tasks", weekly("u", enable=False, priority=9)))
        listed = {t["task_name"]: t for t in self.tasks()}
        self.assertEqual((listed["u"]["enable"], listed["u"]["priority"]), (True, 0))

    def test_future_executions_follow_the_schedule_in_its_zone(self):
        example_body = example("4.20.6-request.json")
        example_body.update(scheduled_date=later(3), expire_time=later(30) + " 09:00:00",
                            life_cycle_type="POST_CREATE_DESKTOP_SUCCESS")
        runs = self.ok(self.client.post("/scheduled-tasks/future-executions", example_body), 200,
                       "4.20.6")["future_executions"]
        self.assertEqual(runs, [later(3) + " 09:00:00"], "FIXED_TIME runs once")

        body = {"scheduled_type": "WEEK", "week_list": "2,3,4,5,6", "scheduled_time": "20:00:00",
                "time_zone": "Asia/Shanghai"}
        runs = self.ok(self.client.post("/scheduled-tasks/future-executions", body))["future_executions"]
        self.assertEqual(len(runs), 5)
        now = datetime.datetime.now(SHANGHAI).replace(tzinfo=None)
        times = [datetime.datetime.strptime(r, "%Y-%m-%d %H:%M:%S") for r in runs]
        self.assertEqual(times, sorted(times))
        self.assertTrue(all(t > now - datetime.timedelta(minutes=1) for t in times), runs)
        self.assertTrue(all(t.weekday() < 5 and t.strftime("%H:%M:%S") == "20:00:00" for t in times),
                        "Monday to Friday (2-6, 1 = Sunday, L37914), at 20:00 in Shanghai")

        body = {"scheduled_type": "MONTH", "month_list": "2", "date_list": "L", "scheduled_time": "02:00:00",
                "time_zone": "GMT+05:30"}
        runs = self.ok(self.client.post("/scheduled-tasks/future-executions", body))["future_executions"]
        self.assertTrue(runs and all(r[5:7] == "02" and r[8:10] in ("28", "29") for r in runs), runs)
        leap = [r for r in runs if r[8:10] == "29"]
        self.assertTrue(leap and all(int(r[:4]) % 4 == 0 for r in leap), "L is the month's last day")

        body = {"scheduled_type": "FIXED_TIME", "scheduled_date": "2099-01-15", "scheduled_time": "09:30:00"}
        runs = self.ok(self.client.post("/scheduled-tasks/future-executions", body))["future_executions"]
        self.assertEqual(runs, ["2099-01-15 09:30:00"], "once, however far ahead")

        for body in ({"scheduled_type": "LIFE_CYCLE", "life_cycle_type": "POST_DESKTOP_DISCONNECTED"},
                     {"scheduled_type": "FIXED_TIME", "scheduled_date": "2022-12-23", "scheduled_time": "09:00:00"}):
            runs = self.ok(self.client.post("/scheduled-tasks/future-executions", body))["future_executions"]
            self.assertEqual(runs, [], body)
        self.detailed_error(self.client.post("/scheduled-tasks/future-executions", {}), 500, "WKS.00000026")

    def test_time_zones(self):
        zones = self.ok(self.client.get("/common/timezones"), 200, "4.20.10")["time_zones"]
        shanghai = next(z for z in zones if z["time_zone_name"] == "Asia/Shanghai")
        self.assertEqual(shanghai, example("4.20.10-response-200.json")["time_zones"][0] | {
            "time_zone_desc_cn": shanghai["time_zone_desc_cn"]})
        self.assertEqual([z["time_zone_name"] for z in self.ok(self.client.get(
            "/common/timezones", {"time_zone_name": "kolkata"}))["time_zones"]], ["Asia/Kolkata"])
        # An offset is taken as a zone too (4.20.10 calls both time zones), and read back as written.
        self.ok(self.client.post("/scheduled-tasks", weekly("offset", time_zone="GMT+05:30")))
        task = self.tasks()[0]
        self.assertEqual(task["time_zone"], "GMT+05:30")
        detail = self.ok(self.client.get(f"/scheduled-tasks/{task['id']}"))
        self.assertEqual(detail["time_zone"], "GMT+5:30")

    def test_state_reset_and_drift(self):
        self.ok(self.client.post("/scheduled-tasks", weekly("t", extra_params='{"notify_message": "bye"}')))
        state = self.client.control("GET", "state").json["scheduled_tasks"]["tasks"]
        self.assertEqual((state[0]["task_name"], state[0]["week_list"], state[0]["extra_params"]),
                         ("t", "2,3,4,5,6", {"notify_message": "bye"}))
        self.assertEqual(self.client.control("PATCH", f"objects/scheduled_tasks/{state[0]['id']}",
                                             {"week_list": "1"}).status, 200)
        self.assertEqual(self.ok(self.client.get(f"/scheduled-tasks/{state[0]['id']}"))["week_list"], "1")
        self.assertEqual(self.client.control("POST", "reset").status, 204)
        self.assertEqual(self.tasks(), [])


if __name__ == "__main__":
    unittest.main()
