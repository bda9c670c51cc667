"""The metrics deskops exports (the contract the daemon's /metrics honours) and a helper that finds
the metric names a PromQL expression uses.

The alert rules and the dashboard may only use these names; tests/deploy/test_metric_usage.py
checks that, and check_metrics_exposition.py checks the real binary's scrape against the names the
rules and the dashboard use.
"""
import os
import re


def _registered_kinds():
    """The kinds specs/kinds.def registers, in its order (the one registration of a kind)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "specs",
                        "kinds.def")
    with open(path, encoding="utf-8") as f:
        return tuple(re.findall(r"^DESKOPS_KIND\((\w+),", f.read(), re.M))


# name -> (type, label names). Histograms are listed by their base name.
METRICS = {
    "deskops_build_info": ("gauge", ("version", "revision")),
    "deskops_reconcile_runs_total": ("counter", ("result",)),
    "deskops_reconcile_duration_seconds": ("histogram", ()),
    "deskops_last_successful_reconcile_timestamp_seconds": ("gauge", ()),
    "deskops_objects": ("gauge", ("kind", "condition", "status")),
    "deskops_drift_detected_total": ("counter", ("kind",)),
    "deskops_drift_corrected_total": ("counter", ("kind",)),
    # field: a top-level spec field of the kind (daemon/drift FieldLabel), or "other"; never names.
    "deskops_drift_events_total": ("counter", ("kind", "field")),
    "deskops_drift_webhook_deliveries_total": ("counter", ("result",)),
    "deskops_actions_total": ("counter", ("kind", "verb", "result")),
    "deskops_held_actions": ("gauge", ("gate",)),
    "deskops_held_actions_clear_timestamp_seconds": ("gauge", ("gate",)),
    "deskops_api_requests_total": ("counter", ("operation", "code", "error_code")),
    "deskops_api_request_duration_seconds": ("histogram", ("operation",)),
    "deskops_api_retries_total": ("counter", ("operation",)),
    "deskops_api_throttled_total": ("counter", ("operation",)),
    "deskops_jobs_in_flight": ("gauge", ()),
    "deskops_oldest_job_age_seconds": ("gauge", ()),
    "deskops_job_duration_seconds": ("histogram", ("type", "outcome")),
    "deskops_manifest_load_errors_total": ("counter", ()),
    "deskops_manifest_objects": ("gauge", ("kind",)),
    "deskops_leader": ("gauge", ()),
    "deskops_config_reloads_total": ("counter", ("result",)),
    "deskops_config_last_reload_successful": ("gauge", ()),
}

# The client-library conventions' process metrics deskops also exports: name -> (type, labels).
# Not deskops_ metrics, so the dashboard need not show them, but their types are checked too.
PROCESS_METRICS = {
    "process_start_time_seconds": ("gauge", ()),
    "process_resident_memory_bytes": ("gauge", ()),
    "process_cpu_seconds_total": ("counter", ()),
    "process_open_fds": ("gauge", ()),
    "process_max_fds": ("gauge", ()),
}

# Bounded label values, for tests that build synthetic series.
KINDS = _registered_kinds()
GATES = ("observe-mode", "prune-disabled", "prune-protected", "empty-manifests", "deletion-budget",
         "destructive", "user-connected", "maintenance-window", "rollout-wave", "rollout-halted",
         "disruption-budget", "in-flight", "busy", "sequenced", "backoff")
VERBS = ("create", "update", "replace", "delete", "adopt", "power", "attach", "detach", "resize",
         "rebuild", "expand", "membership-add", "membership-remove", "authorize", "tag", "targets",
         "maintenance", "disks")
LABEL_VALUES = {
    "kind": KINDS,
    "gate": GATES,
    "verb": VERBS,
    "condition": ("Ready", "Synced"),
    "status": ("True", "False", "Unknown"),
    "outcome": ("success", "failed", "timeout"),
}
# Labels whose values come from the kinds' schemas rather than a list: the pattern every value
# matches (a top-level spec field, camelCase, or "other").
LABEL_PATTERNS = {
    "field": r"^(?:spec\.[a-z][A-Za-z0-9]*|other)$",
}
# `result` means different things on different metrics.
RESULT_VALUES = {
    "deskops_reconcile_runs_total": ("success", "failure"),
    "deskops_config_reloads_total": ("success", "failure"),
    "deskops_actions_total": ("succeeded", "failed", "skipped"),
    "deskops_drift_webhook_deliveries_total": ("delivered", "failed", "dropped"),
}

# Series every Prometheus target has, added by the scrape itself rather than by deskops.
SCRAPE_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}

HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")

_IDENT = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
# Label lists a metric name can never appear in: selectors, by/without/on/ignoring/group_x.
_BRACES = re.compile(r"\{[^{}]*\}")
_GROUPING = re.compile(
    r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", re.IGNORECASE)
_DURATION = re.compile(r"\[[^\]]*\]")
_NUMBER = re.compile(r"(?<![a-zA-Z_:])\d[0-9.eE+-]*(?:ms|s|m|h|d|w|y)?")

_KEYWORDS = {
    # aggregations and their modifiers
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
    "topk", "quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "and", "or", "unless", "offset", "atan2",
    # functions
    "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
    "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp",
    "floor", "histogram_quantile", "holt_winters", "hour", "idelta", "increase", "irate",
    "label_join", "label_replace", "ln", "log2", "log10", "minute", "month", "predict_linear",
    "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sqrt", "time", "timestamp",
    "vector", "year", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time",
    "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time",
    "last_over_time", "present_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos",
    "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad", "pi", "inf", "nan",
}
# Grafana template variables and macros: $datasource, ${job}, $__rate_interval, [[var]].
_GRAFANA_VAR = re.compile(r"\$\{[^}]*\}|\$[a-zA-Z_][a-zA-Z0-9_]*|\[\[[^\]]*\]\]")


def metric_names(expr):
    """Returns the set of metric names an expression selects, histogram suffixes stripped.

    Good enough for the expressions in deploy/: it removes strings, label matchers, grouping
    clauses, range selectors and numbers, then keeps identifiers that are not PromQL keywords or
    functions. A metric selected only by {__name__="..."} is found through the matcher.
    """
    names = set(re.findall(r'__name__\s*=~?\s*"([a-zA-Z_:][a-zA-Z0-9_:]*)"', expr))
    text = _GRAFANA_VAR.sub(" 1m ", expr)
    text = _STRING.sub(" ", text)
    text = _BRACES.sub(" ", text)
    text = _GROUPING.sub(" ", text)
    text = _DURATION.sub(" ", text)
    text = _NUMBER.sub(" ", text)
    for ident in _IDENT.findall(text):
        if ident.lower() in _KEYWORDS:
            continue
        names.add(ident)
    return {base_name(n) for n in names}


def base_name(name):
    """deskops_x_seconds_bucket -> deskops_x_seconds when the base is a known histogram."""
    for suffix in HISTOGRAM_SUFFIXES:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            if METRICS.get(base, ("",))[0] == "histogram":
                return base
    return name


def exposition_names(metric):
    """The sample names a metric contributes to a /metrics scrape."""
    if METRICS[metric][0] == "histogram":
        return {metric + s for s in HISTOGRAM_SUFFIXES}
    return {metric}


if __name__ == "__main__":
    for name, (kind, labels) in sorted(METRICS.items()):
        print(f"{name} {kind} {','.join(labels)}")
