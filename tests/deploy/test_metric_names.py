"""The alert rules and the dashboard use only metrics deskops exports (metric_names.METRICS), with
the labels and label values those metrics have; the dashboard shows every metric; the dashboard
is well-formed (unique panel ids, the datasource a template variable, panels not overlapping).

Usage: test_metric_names.py ALERTS_YML DASHBOARD_JSON
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metric_names as mn  # noqa: E402
import promql_usage  # noqa: E402

# Labels the scrape adds (deploy/prometheus: job and instance always, namespace and pod from
# Kubernetes discovery) and `le` on histogram buckets.
TARGET_LABELS = {"job", "instance", "namespace", "pod"}

EXTRACTION_CASES = [
    # (name, expr, want)
    ("plain selector", 'deskops_leader{job="deskops"} == 0', {"deskops_leader"}),
    ("histogram suffix stripped",
     "histogram_quantile(0.95, sum by (le) (rate(deskops_api_request_duration_seconds_bucket"
     "[5m])))", {"deskops_api_request_duration_seconds"}),
    ("sum and count", "rate(deskops_job_duration_seconds_sum[5m]) / "
                      "rate(deskops_job_duration_seconds_count[5m])",
     {"deskops_job_duration_seconds"}),
    ("labels and grouping are not metrics",
     'sum by (kind, verb) (increase(deskops_actions_total{result="failed", kind=~"Desk.*"}[1h]))',
     {"deskops_actions_total"}),
    ("binary ops with on() and unless",
     "a_total > 0 unless on (job, instance) max by (job, instance) (b) > 0", {"a_total", "b"}),
    ("time() and numbers", "time() - deskops_last_successful_reconcile_timestamp_seconds > 3600",
     {"deskops_last_successful_reconcile_timestamp_seconds"}),
    ("grafana variables", 'sum(rate(x_total{instance=~"$instance"}[$__rate_interval])) * 60',
     {"x_total"}),
    ("suffix of an unknown metric kept", "foo_count", {"foo_count"}),
    ("absent", 'absent(up{job="deskops"})', {"up"}),
    ("__name__ matcher", '{__name__="deskops_leader"}', {"deskops_leader"}),
    ("offset and bool", "deskops_leader offset 5m == bool 1", {"deskops_leader"}),
]


def check_extraction():
    for name, expr, want in EXTRACTION_CASES:
        got = mn.metric_names(expr)
        assert got == want, f"metric_names case {name!r}: got {sorted(got)}, want {sorted(want)}"
    print(f"metric_names(): {len(EXTRACTION_CASES)} cases ok")


def allowed_values(metric, label):
    if label == "result":
        return mn.RESULT_VALUES.get(metric)
    return mn.LABEL_VALUES.get(label)


def check_expression(where, expr, all_labels):
    """Returns the deskops metrics expr uses; fails on unknown metrics, labels or values."""
    names = mn.metric_names(expr)
    unknown = names - set(mn.METRICS) - mn.SCRAPE_SERIES
    assert not unknown, f"{where}: unknown metrics {sorted(unknown)} in {expr!r}"
    for name, matchers in promql_usage.selectors(expr):
        metric = mn.base_name(name)
        if metric in mn.SCRAPE_SERIES:
            labels = TARGET_LABELS
        else:
            labels = set(mn.METRICS[metric][1]) | TARGET_LABELS
            if name.endswith("_bucket"):
                labels.add("le")
        for label, op, value in matchers:
            assert label in labels, f"{where}: {metric} has no label {label!r}"
            allowed = allowed_values(metric, label)
            if allowed and op in ("=", "!="):
                assert value in allowed, \
                    f"{where}: {metric}{{{label}{op}{value!r}}}: values are {list(allowed)}"
    extra = promql_usage.grouping_labels(expr) - all_labels
    assert not extra, f"{where}: grouping by labels no metric has: {sorted(extra)}"
    return names & set(mn.METRICS)


def panels(dashboard):
    for p in dashboard["panels"]:
        yield p
        yield from p.get("panels", [])


def check_dashboard_shape(dashboard):
    assert dashboard["schemaVersion"] >= 36, "schemaVersion"
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    ds = variables.get("datasource")
    assert ds and ds["type"] == "datasource" and ds["query"] == "prometheus", \
        "a `datasource` template variable of Prometheus data sources"
    ids, cells = set(), {}
    for p in panels(dashboard):
        assert p["id"] not in ids, f"panel id {p['id']} used twice"
        ids.add(p["id"])
        if p["type"] == "row":
            continue
        assert p["datasource"]["uid"] == "${datasource}", f"panel {p['id']} datasource"
        refs = [t["refId"] for t in p["targets"]]
        assert len(refs) == len(set(refs)), f"panel {p['id']}: duplicate refIds"
        for t in p["targets"]:
            assert t["datasource"]["uid"] == "${datasource}", f"panel {p['id']} target datasource"
            assert "$instance" in t["expr"], f"panel {p['id']}: not filtered by $instance"
        g = p["gridPos"]
        assert g["x"] + g["w"] <= 24, f"panel {p['id']} is wider than the grid"
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                other = cells.setdefault((x, y), p["id"])
                assert other == p["id"], f"panels {other} and {p['id']} overlap"
    print(f"dashboard: {len(ids)} panels, ids unique, no overlaps")


def main():
    alerts_path, dashboard_path = sys.argv[1], sys.argv[2]
    check_extraction()
    all_labels = TARGET_LABELS | {"le"} | {l for _, ls in mn.METRICS.values() for l in ls}

    used = set()
    for where, expr in promql_usage.alert_expressions(alerts_path):
        used |= check_expression(where, expr, all_labels)
    print(f"alerts.yml: uses {len(used)} deskops metrics, all exported")

    with open(dashboard_path) as f:
        dashboard = json.load(f)
    check_dashboard_shape(dashboard)
    shown = set()
    for where, expr in promql_usage.dashboard_expressions(dashboard_path):
        shown |= check_expression(where, expr, all_labels)
    missing = set(mn.METRICS) - shown
    assert not missing, f"the dashboard shows no panel for {sorted(missing)}"
    print(f"dashboard: shows all {len(shown)} deskops metrics")


if __name__ == "__main__":
    main()
