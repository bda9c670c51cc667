"""What the field conformance suite (test_conformance.py) is built from, none of it particular to
a kind: manifest and state paths, the fields of a kind's exported JSON Schema, values generated from
a schema, comparisons of manifest values with the simulator's state (Readback), and the fixtures in
tests/conformance/ (README.md there). Pure functions and small classes; no I/O but reading
fixtures.
"""
import copy
import os
import re

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "conformance")
API_VERSION = "deskops.io/v1alpha1"
TABLES = ("samples", "readback", "keyed", "refused", "not_stored", "single_value", "initial_only")
FIXTURE_KEYS = {"kind", "collection", "name_field", "bases", "requires", "together", "env",
                "files", "singleton", "apply_flags", *TABLES}
MISSING = object()


class Problem(Exception):
    """A kind's run cannot go on (its message says why)."""


# ---- Paths -------------------------------------------------------------------------------------
# Manifest and state paths are dotted; "[]" stands for every item of a list
# ("spec.dataVolumes[].size", "data[].id").

def collection(state, key):
    """The list a state key names; a dotted key reaches into an API family's part of the state
    ("ous.ous"). None when there is no such key."""
    for part in key.split("."):
        if not isinstance(state, dict) or part not in state:
            return None
        state = state[part]
    return state


def fixtures():
    """Every kind's fixture, by kind."""
    out = {}
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".yaml"):
            with open(os.path.join(FIXTURES, name)) as f:
                fx = yaml.safe_load(f)
            out[fx["kind"]] = fx
    return out


def split_path(path):
    out = []
    for part in path.split("."):
        out += [part[:-2], "[]"] if part.endswith("[]") else [part]
    return [p for p in out if p]


def extract(obj, path):
    """The value at `path` (a list where "[]" fans out), or MISSING."""
    parts = split_path(path)

    def go(o, i):
        if i == len(parts):
            return o
        if parts[i] == "[]":
            if not isinstance(o, list):
                return MISSING
            return [g for g in (go(x, i + 1) for x in o) if g is not MISSING]
        if not isinstance(o, dict) or o.get(parts[i]) is None:
            return MISSING
        return go(o[parts[i]], i + 1)

    return go(obj, 0)


def assign(obj, path, value):
    """Sets `path` in a manifest; "[]" writes into the list's first item (made when missing)."""
    parts = split_path(path)
    o = obj
    for i, part in enumerate(parts[:-1]):
        if part == "[]":
            continue
        if parts[i + 1] == "[]":
            if not isinstance(o.get(part), list) or not o[part]:
                o[part] = [{}]
            o = o[part][0]
        else:
            if not isinstance(o.get(part), dict):
                o[part] = {}
            o = o[part]
    o[parts[-1]] = copy.deepcopy(value)


def below(path, ancestor):
    """Whether `path` is `ancestor` or inside it."""
    return path == ancestor or path.startswith(ancestor + ".") or path.startswith(ancestor + "[")


def related(a, b):
    """Whether a change or an error at `a` is about `b`: one is inside the other."""
    return below(a, b) or below(b, a)


def normalise_path(text):
    """spec.dataVolumes[3].size and spec.dataVolumes[data1].size -> spec.dataVolumes[].size"""
    return re.sub(r"\[[^\]]*\]", "[]", text)


# ---- The schema: each kind's fields from `deskops schema` -------------------------------------

class Field:
    """One leaf of a kind's spec: a scalar, a list of scalars, a map, or an object without
    properties. `wire` is its API path from the x-deskops-wire annotations ("data_volumes[].size"),
    None when a step of it has no wire name. `key_of` names the keyed list whose key it is."""

    def __init__(self, path, schema, wire, key_of):
        self.path = path
        self.schema = schema
        self.wire = wire
        self.ref = schema.get("x-deskops-ref")
        self.key_of = key_of
        self.top = split_path(path)[1]  # the top-level spec field it belongs to

    def __repr__(self):
        return self.path


class KeyedList:
    """A list whose items are told apart: by one field (`key`), or by their value (key None)."""

    def __init__(self, path, key, schema):
        self.path, self.key, self.schema = path, key, schema


def schema_type(s):
    t = s.get("type")
    if t == "object" and "properties" not in s and isinstance(s.get("additionalProperties"), dict):
        return "map"
    return t


def kind_fields(kind_schema):
    fields, keyed = [], []

    def walk(schema, path, wire, key):
        for name, prop in schema.get("properties", {}).items():
            p = f"{path}.{name}"
            w = prop.get("x-deskops-wire")
            full = None if wire is None or w is None else (f"{wire}.{w}" if wire else w)
            t = schema_type(prop)
            if t == "object" and prop.get("properties"):
                walk(prop, p, full, None)
            elif t == "array" and prop["items"].get("properties"):
                unique_by = prop.get("x-deskops-unique-by")
                if unique_by:
                    keyed.append(KeyedList(p, unique_by, prop))
                walk(prop["items"], p + "[]", None if full is None else full + "[]",
                     (p, unique_by) if unique_by else None)
            else:
                if t == "array" and prop.get("uniqueItems"):
                    keyed.append(KeyedList(p, None, prop))
                fields.append(Field(p, prop, full, key[0] if key and key[1] == name else None))

    walk(kind_schema["properties"]["spec"], "spec", "", None)
    return fields, keyed


# ---- Values generated from the schema ---------------------------------------------------------

STRING_CANDIDATES = ["confa", "confb", "conf-c", "conf_d", "Conf1", "a", "b", "0", "1"]
FORMAT_CANDIDATES = {"email": ["confa@example.com", "confb@example.com"],
                     "ipv4": ["10.0.0.1", "10.0.0.2"]}


def meets(s, value):
    return isinstance(value, str) and len(value) >= s.get("minLength", 0) and \
        len(value) <= s.get("maxLength", len(value)) and \
        ("pattern" not in s or re.search(s["pattern"], value)) and \
        ("enum" not in s or value in s["enum"])


def generate(s):
    """Valid values of schema `s` from its keywords alone (enums, booleans, integer ranges and
    steps, strings meeting their length and pattern, lists and maps of those); [] when it needs
    more (references, patterns no candidate meets)."""
    t = schema_type(s)
    if "enum" in s:
        return list(s["enum"])
    if t == "boolean":
        return [True, False]
    if t == "integer":
        lo, hi, step = s.get("minimum"), s.get("maximum"), s.get("multipleOf", 1)
        start = lo if lo is not None else (1 if hi is None or hi >= 1 else hi)
        start += (-start) % step
        return [v for v in (start, start + step, start + 2 * step) if hi is None or v <= hi]
    if t == "string":
        return [v for v in FORMAT_CANDIDATES.get(s.get("format"), STRING_CANDIDATES)
                if meets(s, v)]
    if t == "array":
        return [[v] for v in generate(s["items"])]
    if t == "map":
        keys = [k for k in STRING_CANDIDATES if meets(s.get("propertyNames", {}), k)]
        return [{k: v} for k, v in zip(keys, generate(s["additionalProperties"]))]
    if t == "object":  # an object without properties has one value
        return [{}]
    return []


def one_value_only(s):
    """The schema itself admits one value (a one-value enum, an object without properties)."""
    return ("enum" in s and len(s["enum"]) == 1) or \
        (schema_type(s) == "object" and not s.get("properties"))


# ---- Comparing manifest values with the simulator's state -------------------------------------

def scalar(v, case_insensitive=False):
    """A canonical text: booleans equal "1"/"0" and "true"/"false" (the API writes both); enums
    compare without case."""
    text = ("true" if v else "false") if isinstance(v, bool) else str(v)
    if text.lower() in ("1", "true"):
        return "<true>"
    if text.lower() in ("0", "false"):
        return "<false>"
    return text.lower() if case_insensitive else text


def as_map(v):
    """A map, or a list of {key, value} (tags), as a dict; None otherwise."""
    if isinstance(v, dict):
        return v
    if isinstance(v, list) and all(isinstance(x, dict) and "key" in x for x in v):
        return {x["key"]: x.get("value", "") for x in v}
    return None


def flatten(values):
    out = []
    for v in values:  # a fan-out over lists of scalars gives lists of lists
        out.extend(v if isinstance(v, list) else [v])
    return out


class Readback:
    """Where a field lands in its object's state, and how values compare. A fixture gives a state
    path, or a mapping with `path` and any of: `values` (manifest value -> state value),
    `ignore_keys` (of a map), `lookup: {collection, by, field}` (the state holds IDs of other
    objects: compare their `field`), `members: {collection, key}` (the value is on the objects of
    `collection` whose `key` is this object's id), `count` (with members: how many there are),
    `all` (with members: each has the value). Lists compare as multisets."""

    def __init__(self, spec):
        spec = spec if isinstance(spec, dict) else {"path": spec}
        self.path = spec.get("path", "")
        self.values = spec.get("values", {})
        self.ignore_keys = set(spec.get("ignore_keys", []))
        self.lookup = spec.get("lookup")
        self.members = spec.get("members")
        self.count = spec.get("count", False)
        self.all = spec.get("all", False)

    def where(self):
        if self.members:
            return f"{self.members['collection']} by {self.members['key']}: {self.path or 'count'}"
        return self.path

    def live(self, obj, state):
        if self.members:
            mine = [m for m in (collection(state, self.members["collection"]) or [])
                    if m.get(self.members["key"]) == obj.get("id")]
            if self.count:
                return len(mine)
            return [g for g in (extract(m, self.path) for m in mine) if g is not MISSING]
        got = extract(obj, self.path)
        if self.lookup and got is not MISSING:
            table = {str(o.get(self.lookup["by"])): o.get(self.lookup["field"])
                     for o in (collection(state, self.lookup["collection"]) or [])}

            def name(v):
                return table.get(str(v), f"<no {self.lookup['collection']} {v}>")
            got = [name(v) for v in got] if isinstance(got, list) else name(got)
        return got

    def same(self, want, have, case_insensitive=False):
        if have is MISSING:
            return False
        if isinstance(want, list):
            want = [self.values.get(v, v) if isinstance(v, str) else v for v in want]
        elif isinstance(want, str):
            want = self.values.get(want, want)
        if self.all:
            return bool(have) and all(scalar(want, case_insensitive) == scalar(h, case_insensitive)
                                      for h in have)
        if isinstance(want, dict):
            have = as_map(have)
            if have is None:
                return False
            have = {k: v for k, v in have.items() if k not in self.ignore_keys}
            return {k: scalar(v) for k, v in want.items()} == \
                {k: scalar(v) for k, v in have.items()}
        if isinstance(want, list) or isinstance(have, list):
            w = want if isinstance(want, list) else [want]
            h = flatten(have if isinstance(have, list) else [have])
            return sorted(scalar(x, case_insensitive) for x in w) == \
                sorted(scalar(x, case_insensitive) for x in h)
        return scalar(want, case_insensitive) == scalar(have, case_insensitive)


# ---- Fixtures ----------------------------------------------------------------------------------

def fixture_path(kind):
    return os.path.join(FIXTURES, f"{kind}.yaml")


def rel(path):
    return os.path.relpath(path, ROOT)


def load_fixture(kind):
    with open(fixture_path(kind)) as f:
        fx = yaml.safe_load(f) or {}
    for key in TABLES + ("env", "files"):
        fx.setdefault(key, {})
    fx.setdefault("requires", [])
    fx.setdefault("together", [])
    return fx


def substitute(obj, mapping):
    """The fixture with placeholders ({workdir}: the run's directory) replaced in its strings."""
    if isinstance(obj, str):
        for k, v in mapping.items():
            obj = obj.replace(k, v)
        return obj
    if isinstance(obj, list):
        return [substitute(x, mapping) for x in obj]
    if isinstance(obj, dict):
        return {k: substitute(v, mapping) for k, v in obj.items()}
    return obj


def listed(table, path):
    """The reason a fixture table gives for `path` or an ancestor of it, or None."""
    return next((reason for key, reason in table.items() if below(path, key)), None)


def document(kind, name, spec):
    return {"apiVersion": API_VERSION, "kind": kind, "metadata": {"name": name}, "spec": spec}


def changed_paths(plan, kind, name):
    return [normalise_path(c["path"]) for a in plan["actions"]
            if a["kind"] == kind and a["name"] == name for c in a["changes"]]
