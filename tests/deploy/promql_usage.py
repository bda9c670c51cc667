"""The PromQL expressions deploy/ contains, and what they select: metric names, and the label
matchers written against each metric. Shared by test_metric_names.py and
check_metrics_exposition.py.
"""
import json
import os
import re

import yaml

_SELECTOR = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^{}]*)\}")
_MATCHER = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring)\s*\(([^()]*)\)", re.IGNORECASE)


def alert_expressions(alerts_path):
    """(where, expr) for every rule in a rules file."""
    with open(alerts_path) as f:
        rules = yaml.safe_load(f)
    return [(f"alerts.yml {r.get('alert') or r.get('record')}", r["expr"])
            for g in rules["groups"] for r in g["rules"]]


def _panels(panels):
    for p in panels:
        yield p
        yield from _panels(p.get("panels", []))


def dashboard_expressions(dashboard_path):
    """(where, expr) for every panel target and query variable of a Grafana dashboard."""
    with open(dashboard_path) as f:
        dashboard = json.load(f)
    out = []
    for p in _panels(dashboard["panels"]):
        for t in p.get("targets", []):
            out.append((f"dashboard panel {p['id']} {p.get('title', '')!r}", t["expr"]))
    for v in dashboard.get("templating", {}).get("list", []):
        if v.get("type") == "query":
            query = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
            m = re.fullmatch(r"\s*label_values\((.*),\s*[a-zA-Z_]+\)\s*", query)
            out.append((f"dashboard variable {v['name']}", m.group(1) if m else query))
    return out


def default_paths():
    deploy = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy")
    return (os.path.normpath(os.path.join(deploy, "prometheus", "alerts.yml")),
            os.path.normpath(os.path.join(deploy, "grafana", "deskops-dashboard.json")))


def selectors(expr):
    """(metric, [(label, op, value)]) for every `metric{...}` in expr, histogram suffixes kept."""
    return [(m.group(1), _MATCHER.findall(m.group(2))) for m in _SELECTOR.finditer(expr)]


def grouping_labels(expr):
    """Labels named in by/without/on/ignoring clauses."""
    labels = set()
    for m in _GROUPING.finditer(expr):
        labels |= {x.strip() for x in m.group(1).split(",") if x.strip()}
    return labels
