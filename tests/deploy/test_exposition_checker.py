"""Tests check_metrics_exposition.py on synthetic scrapes: one that honours the metric contract
(every metric, every bounded label value, as prometheus-cpp writes them) passes; each way of
breaking it is caught.

Usage: test_exposition_checker.py ALERTS_YML DASHBOARD_JSON
"""
import itertools
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_metrics_exposition as cme  # noqa: E402
import metric_names as mn  # noqa: E402

# Examples for the labels whose values are open-ended (operation ids, HTTP codes, ...).
OPEN_VALUES = {
    "version": ("0.1.0",), "revision": ("4c95e46",),
    "operation": ("desktops.list", "desktops.create"),
    "code": ("200", "429", "0"), "error_code": ("", "APIGW.0308"),
    "type": ("desktops.create",),
    "field": ("spec.userEmail", "spec.tags", "other"),
}


def values(metric, label):
    if label == "result":
        return mn.RESULT_VALUES[metric]
    return mn.LABEL_VALUES.get(label) or OPEN_VALUES[label]


def render(labels):
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}"


def good_scrape():
    lines = []
    for metric, (kind, label_names) in sorted(mn.METRICS.items()):
        lines.append(f"# HELP {metric} {metric.replace('_', ' ')}")
        lines.append(f"# TYPE {metric} {kind}")
        for combo in itertools.product(*(values(metric, l) for l in label_names)):
            labels = dict(zip(label_names, combo))
            if kind == "histogram":
                for le in ("0.1", "1", "10", "+Inf"):
                    lines.append(f"{metric}_bucket{render({**labels, 'le': le})} 0")
                lines.append(f"{metric}_sum{render(labels)} 0")
                lines.append(f"{metric}_count{render(labels)} 0")
            else:
                lines.append(f"{metric}{render(labels)} 0")
    return "\n".join(lines) + "\n"


def drop(text, prefix):
    return "\n".join(l for l in text.splitlines() if not l.startswith(prefix)) + "\n"


CASES = [
    # (name, mutate(text) -> text, expected substring of a problem, or None for a pass)
    ("contract honoured", lambda t: t, None),
    ("extra metric is only a note",
     lambda t: t + "# TYPE deskops_extra gauge\ndeskops_extra 1\n", None),
    ("metric missing", lambda t: drop(t, "deskops_oldest_job_age_seconds"),
     "deskops_oldest_job_age_seconds (used by"),
    ("histogram without buckets", lambda t: drop(t, "deskops_api_request_duration_seconds_bucket"),
     "missing deskops_api_request_duration_seconds_bucket"),
    ("gate spelled differently",
     lambda t: t.replace('gate="deletion-budget"', 'gate="deletion_budget"'),
     'gate="deletion_budget"'),
    ("reconcile result word of actions",
     lambda t: t.replace('deskops_reconcile_runs_total{result="failure"}',
                         'deskops_reconcile_runs_total{result="failed"}'),
     'result="failed"'),
    ("label missing",
     lambda t: t.replace('deskops_api_retries_total{operation="desktops.list"}',
                         "deskops_api_retries_total"),
     "deskops_api_retries_total has labels []"),
    ("unbounded label added",
     lambda t: t.replace('deskops_drift_detected_total{kind="User"}',
                         'deskops_drift_detected_total{kind="User",name="alice"}'),
     "has labels ['kind', 'name']"),
    ("object name in a field label",
     lambda t: t.replace('field="spec.tags"', 'field="Desktop/eng-alice-01"'),
     'field="Desktop/eng-alice-01"'),
    ("wrong type", lambda t: t.replace("# TYPE deskops_leader gauge",
                                       "# TYPE deskops_leader counter"),
     "deskops_leader is a counter"),
    ("garbage line", lambda t: t + "this is not a sample line at all {\n", "not a sample"),
]


def main():
    alerts, dashboard = sys.argv[1], sys.argv[2]
    good = good_scrape()
    for name, mutate, want in CASES:
        try:
            problems, notes = cme.check(mutate(good), alerts, dashboard)
        except ValueError as e:
            problems, notes = [str(e)], []
        if want is None:
            assert not problems, f"case {name!r}: unexpected problems {problems}"
        else:
            assert any(want in p for p in problems), \
                f"case {name!r}: no problem mentions {want!r}; got {problems}"
    print(f"check(): {len(CASES)} cases ok")

    # The command line: exit 0 on a good scrape, 1 listing the problems on a bad one.
    script = os.path.join(HERE, "check_metrics_exposition.py")
    with tempfile.TemporaryDirectory() as tmp:
        for text, rc in ((good, 0), (drop(good, "deskops_leader"), 1)):
            path = os.path.join(tmp, "metrics.txt")
            with open(path, "w") as f:
                f.write(text)
            res = subprocess.run([sys.executable, script, path, "--alerts", alerts,
                                  "--dashboard", dashboard], capture_output=True, text=True)
            assert res.returncode == rc, f"exit {res.returncode}, want {rc}:\n{res.stdout}"
    print("check_metrics_exposition.py: exit codes ok")


if __name__ == "__main__":
    main()
