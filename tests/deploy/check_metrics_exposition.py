#!/usr/bin/env python3
"""Checks a /metrics scrape of the real deskops against what deploy/ relies on.

Usage: check_metrics_exposition.py METRICS_FILE [--alerts ALERTS_YML] [--dashboard JSON]

Fails (exit 1, listing every problem) when
  - a metric that alerts.yml or the Grafana dashboard uses is missing from the scrape (a histogram
    needs its _bucket, _sum and _count series),
  - a metric's # TYPE differs from the contract in metric_names.py,
  - a deskops metric of the contract carries other label names than the contract says, or a
    bounded label (kind, gate, verb, condition, status, outcome, result) a value outside its set
    (or `field` a value that is not a schema path):
    an alert selecting gate="deletion-budget" silently never fires if the daemon says
    gate="deletion_budget".
Metrics the scrape has beyond the contract are listed, not failed.

The integration tests call it on a scrape of deskops running against wks-sim. Defaults for
--alerts and --dashboard are the files in this repository's deploy/.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metric_names as mn  # noqa: E402
import promql_usage  # noqa: E402

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+(?:\s+\S+)?$")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?')


def parse_exposition(text):
    """-> ({metric family: type}, [(sample name, {label: value})])."""
    types, samples = {}, []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            parts = line.split()
            if len(parts) >= 4 and parts[1] == "TYPE":
                types[parts[2]] = parts[3]
            continue
        m = _SAMPLE.match(line)
        if not m:
            raise ValueError(f"line {n}: not a sample: {line!r}")
        labels, rest = {}, m.group(2) or ""
        pos = 0
        while pos < len(rest):
            lm = _LABEL.match(rest, pos)
            if not lm:
                raise ValueError(f"line {n}: bad labels: {rest!r}")
            labels[lm.group(1)] = lm.group(2)
            pos = lm.end()
        samples.append((m.group(1), labels))
    return types, samples


def family_of(sample_name, types):
    """The metric a sample belongs to: its own name, or the histogram it is a series of."""
    if sample_name in types or sample_name in mn.METRICS:
        return sample_name
    for suffix in mn.HISTOGRAM_SUFFIXES:
        if sample_name.endswith(suffix):
            base = sample_name[: -len(suffix)]
            if base in types or base in mn.METRICS:
                return base
    return sample_name


def used_metrics(alerts, dashboard):
    used = {}
    for where, expr in (promql_usage.alert_expressions(alerts) +
                        promql_usage.dashboard_expressions(dashboard)):
        for name in mn.metric_names(expr) - mn.SCRAPE_SERIES:
            used.setdefault(name, where)
    return used


def check(text, alerts, dashboard):
    """Returns (problems, notes)."""
    types, samples = parse_exposition(text)
    names = {s for s, _ in samples}
    problems, notes = [], []

    for metric, where in sorted(used_metrics(alerts, dashboard).items()):
        want = mn.exposition_names(metric) if metric in mn.METRICS else {metric}
        missing = sorted(want - names)
        if missing:
            problems.append(f"{metric} (used by {where}) is not in the scrape: missing "
                            f"{', '.join(missing)}")

    for metric, (kind, _) in sorted({**mn.METRICS, **mn.PROCESS_METRICS}.items()):
        if metric in types and types[metric] != kind:
            problems.append(f"{metric} is a {types[metric]}, the contract says {kind}")

    bad_labels, extra = set(), set()
    for sample, labels in samples:
        metric = family_of(sample, types)
        if metric not in mn.METRICS:
            if metric.startswith("deskops_"):
                extra.add(metric)
            continue
        want = set(mn.METRICS[metric][1]) | ({"le"} if sample.endswith("_bucket") else set())
        if set(labels) != want and (metric, tuple(sorted(labels))) not in bad_labels:
            bad_labels.add((metric, tuple(sorted(labels))))
            problems.append(f"{sample} has labels {sorted(labels)}, the contract says "
                            f"{sorted(want)}")
        for label, value in labels.items():
            allowed = (mn.RESULT_VALUES.get(metric) if label == "result"
                       else mn.LABEL_VALUES.get(label))
            if allowed and value not in allowed:
                problems.append(f"{sample}{{{label}=\"{value}\"}}: {label} is one of "
                                f"{', '.join(allowed)}")
            pattern = mn.LABEL_PATTERNS.get(label)
            if pattern and not re.match(pattern, value):
                problems.append(f"{sample}{{{label}=\"{value}\"}}: {label} must match "
                                f"{pattern}")
    if extra:
        notes.append(f"deskops metrics beyond the contract: {', '.join(sorted(extra))}")
    return list(dict.fromkeys(problems)), notes


def main():
    default_alerts, default_dashboard = promql_usage.default_paths()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("metrics_file")
    parser.add_argument("--alerts", default=default_alerts)
    parser.add_argument("--dashboard", default=default_dashboard)
    args = parser.parse_args()
    with open(args.metrics_file) as f:
        text = f.read()
    try:
        problems, notes = check(text, args.alerts, args.dashboard)
    except ValueError as e:
        problems, notes = [f"{args.metrics_file}: {e}"], []
    for note in notes:
        print(f"note: {note}")
    for problem in problems:
        print(f"FAIL: {problem}")
    if problems:
        sys.exit(1)
    print(f"{args.metrics_file}: every metric deploy/ uses is exported as the contract says")


if __name__ == "__main__":
    main()
