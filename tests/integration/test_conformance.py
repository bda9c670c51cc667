"""Field conformance: every field the schema accepts either reaches the API or is refused with a
clear error, for every registered kind, new ones included.

The fields of each kind come from `deskops schema` (generated from the registry), never from a list
kept here. What the schema cannot say comes from one fixture per kind, tests/conformance/<Kind>.yaml
(format: tests/conformance/README.md): base manifests, values that cannot be generated (IDs of the
simulator's seed, names of other objects), where a field lands in the simulator's state when that
is not its wire name, and the rare field that legitimately cannot be proven, with the reason. Per
kind, against a real wks-sim (`--jobs immediate --control-api`) and the real deskops binary:

1. baseline: the bases, applied as they are, show the simulator's defaults (value A is chosen to
   differ from them where the schema generates it, so that its arrival proves something);
2. value A: every field is set at once, on each base that accepts it (`deskops validate`
   decides), applied, and looked up in GET /_sim/state;
3. value B: each top-level field (or group the fixture couples) changes alone in a
   `deskops plan -o json`: a refusal must name the field and say why ("cannot ..."); any other
   change must show in the plan. Then every change that is not refused is applied at once, and
   each B must be in the state;
4. keyed lists (x-deskops-unique-by, and lists of unique scalars): a second item is added, then the
   FIRST is removed; the remaining item must keep its live identity (a disk's volume ID) and
   exactly the removed one must be gone. The remaining item then looks exactly like the removed
   one's live object (see second_item), so only a match by key passes, in any listing order.

The suite fails for a field with no valid value, no second value or no place to read it back,
naming the fixture to edit, unless the fixture lists it with a reason (`refused`, `not_stored`,
`single_value`, and `initial_only` for a value used at creation only, by design).
DESKOPS_CONFORMANCE_KINDS=Desktop,User restricts the kinds; DESKOPS_CONFORMANCE_VERBOSE=1 prints
how each field was proven.

The parts that know no kind (paths, the schema walk, generated values, comparisons, fixtures) are
in conformance.py.

Run: DESKOPS=build/bin/deskops WKS_SIM=build/bin/wks-sim python3 -m unittest -v test_conformance
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from conformance import (API_VERSION, FIXTURE_KEYS, FIXTURES, MISSING, ROOT,  # noqa: E402
                         TABLES, Problem, Readback, assign, below, changed_paths, collection,
                         document,
                         extract, fixture_path, flatten, generate, kind_fields, listed,
                         load_fixture, normalise_path, one_value_only, rel, related, schema_type,
                         substitute)
from harness import Deskops, Sim  # noqa: E402

DESKOPS = os.environ.get("DESKOPS", os.path.join(ROOT, "build", "bin", "deskops"))
WKS_SIM = os.environ.get("WKS_SIM", os.path.join(ROOT, "build", "bin", "wks-sim"))
# Everything in one apply: no client-side rate limit, every destructive and disruptive change
# allowed, enough rounds for a desktop's one-task-at-a-time changes.
APPLY_FLAGS = ["--rate", "0", "--allow-destructive", "--max-disruptive", "-1", "--max-rounds",
               "40", "--wait", "60"]


# ---- One kind's run ----------------------------------------------------------------------------

class KindRun:
    """The conformance run of one kind. `problems` collects what fails (each naming the field and
    what to do), `stats` and report() what was proven."""

    def __init__(self, kind, kind_schema, sim, workdir):
        self.kind = kind
        self.fixture_file = rel(fixture_path(kind))
        self.fx = substitute(load_fixture(kind), {"{workdir}": workdir})
        self.fields, self.keyed = kind_fields(kind_schema)
        self.sim = sim
        self.workdir = workdir
        self.manifests = os.path.join(workdir, "manifests")
        for name, text in self.fx["files"].items():
            with open(os.path.join(workdir, name), "w") as f:
                f.write(text)
        self.deskops = Deskops(DESKOPS, sim, workdir,
                               env={k: str(v) for k, v in self.fx["env"].items()})
        self.bases = self.fx.get("bases", [])
        self.placed = {}     # base name -> [Field] its test object sets
        self.values = {}     # (base name, field path) -> (unit path, [A, B, ...])
        self.refused_b = {}  # (base name, field path) -> the plan's message
        self.keyed_done = []  # lines for report()
        self.problems = []
        self.stats = {"fields": len(self.fields), "A": 0, "B": 0, "refused": 0, "planned": 0,
                      "initial_only": 0, "keyed": 0}

    # -- running deskops and reading the simulator

    def problem(self, where, message):
        self.problems.append(f"{self.kind} {where}: {message}" if where else
                             f"{self.kind}: {message}")

    def requires(self):
        docs = []
        for d in copy.deepcopy(self.fx["requires"]):
            d.setdefault("apiVersion", API_VERSION)
            d.setdefault("spec", {})
            docs.append(d)
        return docs

    def write(self, docs):
        shutil.rmtree(self.manifests, ignore_errors=True)
        os.makedirs(self.manifests)
        with open(os.path.join(self.manifests, "conformance.yaml"), "w") as f:
            yaml.safe_dump_all(self.requires() + docs, f, sort_keys=False)

    def apply(self, docs, phase):
        self.write(docs)
        r = self.deskops.run("apply", self.manifests, *APPLY_FLAGS, *self.fx.get("apply_flags", []))
        if r.returncode != 0:
            lines = [ln for ln in r.stdout.splitlines()
                     if ln.startswith(("error", "failed", "Apply", "Plan"))]
            raise Problem(f"{phase}: deskops apply exited {r.returncode}:\n" +
                          "\n".join(lines[-30:] or r.stdout.splitlines()[-30:]) + "\n" +
                          "\n".join(ln for ln in r.stderr.splitlines()[-10:]
                                    if '"level"' not in ln))

    def plan(self, docs, strict=True):
        """The plan as JSON; None for manifests deskops refuses (unless `strict`: a Problem)."""
        self.write(docs)
        r = self.deskops.run("plan", self.manifests, "-o", "json")
        if r.returncode in (0, 2) or (r.returncode == 1 and r.stdout.strip()):
            return json.loads(r.stdout)
        if not strict:
            return None
        raise Problem(f"deskops plan exited {r.returncode}: {r.stderr[-2000:]}")

    def validate(self, docs):
        path = os.path.join(self.workdir, "validate.yaml")
        with open(path, "w") as f:
            yaml.safe_dump_all(self.requires() + docs, f, sort_keys=False)
        r = subprocess.run([DESKOPS, "validate", path, "-o", "json"], env=self.deskops.env,
                           capture_output=True, text=True, timeout=60)
        return [d for d in json.loads(r.stdout)["diagnostics"] if d["severity"] == "error"]

    def objects(self):
        """The kind's objects in the simulator's state, by name (and the state in self.state).
        A singleton's `collection` is its one object, whatever a manifest names it."""
        self.state = self.sim.state()
        coll = collection(self.state, self.fx["collection"])
        if coll is None:
            raise Problem(f"GET /_sim/state has no {self.fx['collection']!r}: fix `collection` "
                          f"in {self.fixture_file}")
        if self.fx.get("singleton"):
            return {n: coll for b in self.bases for n in (b["name"], self.baseline_name(b))}
        return {o.get(self.fx["name_field"]): o for o in coll}

    def errors_of(self, plan, name):
        return [e["message"] for e in plan["errors"]
                if e["kind"] == self.kind and e["name"] == name]

    # -- what each field needs

    def readback(self, field):
        spec = self.fx["readback"].get(field.path)
        if spec is not None:
            return Readback(spec)
        return None if field.wire is None else Readback(field.wire)

    def by_keyed_test(self, field):
        """A list's key without a readback of its own: the keyed-list test proves it."""
        return field.key_of is not None and self.readback(field) is None

    def candidates(self, field):
        """(unit, values): the path values are set at (the field, or an ancestor a fixture
        sample gives whole) and the values, A first."""
        for key, sample in self.fx["samples"].items():
            if below(field.path, key):
                return key, list(sample)
        return field.path, ([] if field.ref else generate(field.schema))

    def baseline_name(self, base):
        return base.get("baseline_name", base["name"] + "0")

    def changed_b(self, base, f):
        """Whether the field's change to B is tested (and not refused so far) on this base."""
        _, values = self.values[(base["name"], f.path)]
        return len(values) > 1 and (base["name"], f.path) not in self.refused_b and \
            not self.by_keyed_test(f)

    def spec_with(self, base, fields, which, only=None):
        """The base's spec with `fields` at A, or with `which` "B" at B where B is tested (and
        the field is in `only`, when given). A unit one sample sets whole takes B only when every
        field in it does."""
        spec = copy.deepcopy(base["spec"])
        units = {}
        for f in fields:
            unit, values = self.values[(base["name"], f.path)]
            units.setdefault(unit, (values, []))[1].append(f)
        for unit, (values, members) in units.items():
            use_b = which == "B" and all(self.changed_b(base, f) and (only is None or
                                                                       f.path in only)
                                         for f in members)
            assign({"spec": spec}, unit, values[1] if use_b else values[0])
        return spec

    def docs(self, which, only=None):
        """Every manifest: the baselines, and each base's test object at `which` (a singleton's
        one base: its test object only, which replaces the baseline)."""
        out = [] if self.fx.get("singleton") else [
            document(self.kind, self.baseline_name(b), copy.deepcopy(b["spec"]))
            for b in self.bases]
        for b in self.bases:
            only_b = None if only is None else only.get(b["name"], set())
            out.append(document(self.kind, b["name"],
                                self.spec_with(b, self.placed[b["name"]], which, only_b)))
        return out

    # -- phase 0: the fixture itself

    def check_fixture(self):
        for key in ("collection", "name_field", "bases"):
            if not self.fx.get(key):
                raise Problem(f"{self.fixture_file} has no `{key}`")
        if self.fx.get("singleton") and len(self.bases) != 1:
            raise Problem(f"{self.fixture_file}: a singleton kind has one base")
        unknown = set(self.fx) - FIXTURE_KEYS
        if unknown:
            self.problem(None, f"{self.fixture_file}: unknown keys {sorted(unknown)}")
        known = {f.path for f in self.fields} | {k.path for k in self.keyed}
        named = [(t, k) for t in TABLES for k in self.fx[t]]
        named += [("together", k) for group in self.fx["together"] for k in group]
        named += [("without", k) for b in self.bases for k in b.get("without", [])]
        for table, key in named:
            if not any(below(p, key) for p in known):
                self.problem(key, f"`{table}` in {self.fixture_file} names a field the schema "
                                  f"does not have")

    # -- phase 1: baseline

    def run_baseline(self):
        self.apply([document(self.kind, self.baseline_name(b), copy.deepcopy(b["spec"]))
                    for b in self.bases], "baseline (the fixture's bases as they are)")
        objs = self.objects()
        self.baseline = {}
        for b in self.bases:
            if self.baseline_name(b) not in objs:
                raise Problem(f"{self.baseline_name(b)} is not in the state's "
                              f"{self.fx['collection']} by {self.fx['name_field']}: fix "
                              f"{self.fixture_file}")
            self.baseline[b["name"]] = objs[self.baseline_name(b)]
        self.baseline_state = self.state

    # -- phase 2: value A

    def choose(self, base, field, unit, values):
        """Generated values, reordered so that A is one the baseline does not show already
        (sample values keep the fixture's order)."""
        rb = self.readback(field)
        if unit != field.path or field.path in self.fx["samples"] or rb is None:
            return values
        live = rb.live(self.baseline[base["name"]], self.baseline_state)
        ci = "enum" in field.schema
        return [v for v in values if not rb.same(v, live, ci)] + \
            [v for v in values if rb.same(v, live, ci)]

    def place(self):
        """Each base's test object sets every field it accepts: all of them, less its `without`,
        less the top-level fields `deskops validate` refuses on it."""
        refusals = {}
        for base in self.bases:
            fields = []
            for f in self.fields:
                if listed(self.fx["refused"], f.path) or \
                        any(below(f.path, w) for w in base.get("without", [])):
                    continue
                unit, values = self.candidates(f)
                self.values[(base["name"], f.path)] = (unit, self.choose(base, f, unit, values))
                if values:
                    fields.append(f)
            for _ in range(len(fields) + 1):
                errors = self.validate([document(self.kind, base["name"],
                                                 self.spec_with(base, fields, "A"))])
                if not errors:
                    break
                dropped = set()
                for e in errors:
                    tops = {f.top for f in fields if related(normalise_path(e["path"]), f.path)}
                    if not tops:
                        raise Problem(f"base {base['name']} with value A is invalid, and not for "
                                      f"a field the suite set: {e['path']}: {e['message']} "
                                      f"(fix the base in {self.fixture_file})")
                    dropped |= tops
                    for t in tops:
                        refusals.setdefault(t, []).append(f"{e['path']}: {e['message']}")
                fields = [f for f in fields if f.top not in dropped]
            self.placed[base["name"]] = fields
        for f in self.fields:
            if listed(self.fx["refused"], f.path):
                self.check_refused(f)
            elif not any(f in fs for fs in self.placed.values()):
                _, values = self.candidates(f)
                if not values:
                    what = f"x-deskops-ref {f.ref}" if f.ref else json.dumps(
                        {k: v for k, v in f.schema.items() if k != "description"})[:100]
                    self.problem(f, f"no valid value can be generated ({what}); add `samples: "
                                    f"{{{f.path}: [A, B]}}` to {self.fixture_file}")
                else:
                    why = "; ".join(refusals.get(f.top, ["every base leaves it out"]))
                    self.problem(f, f"no base accepts it ({why}); fix a base in "
                                    f"{self.fixture_file}, or list it under `refused` with the "
                                    f"reason")

    def check_refused(self, f):
        """A field the fixture lists as refused must be refused by deskops validate, with a
        message."""
        unit, values = self.candidates(f)
        if not values:
            return
        spec = copy.deepcopy(self.bases[0]["spec"])
        assign({"spec": spec}, unit, values[0])
        errors = [e for e in self.validate([document(self.kind, self.bases[0]["name"], spec)])
                  if related(normalise_path(e["path"]), f.path)]
        if not errors:
            self.problem(f, f"listed as refused in {self.fixture_file}, but deskops validate "
                            f"accepts it")
        elif not all(e["message"].strip() for e in errors):
            self.problem(f, "refused by deskops validate without a reason")

    def run_a(self):
        docs = self.docs("A")
        self.apply(docs, "value A (every field set)")
        self.check_state(docs, "A")

    def check_state(self, docs, which):
        objs = self.objects()
        specs = {d["metadata"]["name"]: {"spec": d["spec"]} for d in docs}
        for b in self.bases:
            live = objs.get(b["name"])
            if live is None:
                raise Problem(f"{b['name']} is not in the state after applying value {which}")
            for f in self.placed[b["name"]]:
                if self.by_keyed_test(f) or (which == "B" and not self.changed_b(b, f)):
                    continue
                rb = self.readback(f)
                want = extract(specs[b["name"]], f.path)
                if listed(self.fx["not_stored"], f.path):
                    if rb is not None and want is not MISSING and \
                            rb.same(want, rb.live(live, self.state), "enum" in f.schema):
                        self.problem(f, f"listed under `not_stored` in {self.fixture_file}, but "
                                        f"the state's {rb.where()} shows it: remove the entry")
                    continue
                if rb is None:
                    self.problem(f, f"no readback: it has no x-deskops-wire; add `readback: "
                                    f"{{{f.path}: <state path>}}` to {self.fixture_file}, or "
                                    f"list it under `not_stored` with the reason")
                    continue
                if want is MISSING:
                    continue
                have = rb.live(live, self.state)
                if rb.same(want, have, "enum" in f.schema):
                    self.stats[which] += 1
                    continue
                shown = "absent" if have is MISSING else json.dumps(have)
                self.problem(f, f"[{b['name']}] value {which} {json.dumps(want)} did not reach "
                                f"the API: the state's {rb.where()} is {shown} (if it lands "
                                f"elsewhere, set `readback` in {self.fixture_file})")

    # -- phase 3: value B

    def groups(self):
        """The changes classified together, on every base at once: each top-level field, or a
        group the fixture's `together` couples (an image and its type)."""
        out = {}
        for b in self.bases:
            for f in self.placed[b["name"]]:
                if not self.changed_b(b, f):
                    continue
                key = next((f"together {g}" for g in self.fx["together"]
                            if any(below(f.path, p) for p in g)), f.top)
                out.setdefault(key, {}).setdefault(b["name"], []).append(f)
        return out

    def named_by(self, base, message, candidates):
        """The fields among `candidates` an error message names, best first: the field itself
        (or the unit it is set at), its parent followed by its own name, or an ancestor (which
        names every field below it)."""
        text = normalise_path(message)
        tokens = set(re.findall(r"spec(?:\.[A-Za-z0-9_]+|\[\])+", text))
        ranked = []
        for f in candidates:
            unit, _ = self.values[(base, f.path)]
            parent, _, leaf = f.path.rpartition(".")
            if f.path in tokens or unit in tokens:
                ranked.append((0, f))
            elif parent in tokens and re.search(rf"\b{re.escape(leaf)}\b",
                                                text[text.index(parent) + len(parent):]):
                ranked.append((1, f))
            elif any(below(f.path, t) for t in tokens):
                ranked.append((2, f))
        return [f for _, f in sorted(ranked, key=lambda x: x[0])]

    def classify(self, key, members):
        """Plans one group's change to B: a refusal must name its field and say why (the field
        goes back to A and the group is planned again), every other change must show in the
        plan."""
        def only():
            return {b: {f.path for f in fs if (b, f.path) not in self.refused_b}
                    for b, fs in members.items()}

        for _ in range(sum(len(fs) for fs in members.values()) + 2):
            plan = self.plan(self.docs("B", only()))
            foreign = [e for e in plan["errors"] if e["kind"] != self.kind or
                       e["name"] not in members]
            if foreign:
                raise Problem(f"changing {key} to B: errors outside the test objects: {foreign}")
            pending = [(b, m) for b in members for m in self.errors_of(plan, b)]
            if not pending:
                break
            base, message = pending[0]
            candidates = [f for f in members[base] if (base, f.path) not in self.refused_b]
            named = self.named_by(base, message, candidates)
            if not named:
                self.problem(key, f"[{base}] changing {candidates} to B: the plan refuses "
                                  f"without naming one of them: {message}")
                named = candidates
            elif len(named) > 1 and not all(below(f.path, named[0].path) for f in named):
                for f in named:  # the one whose revert makes the error go away
                    self.refused_b[(base, f.path)] = message
                    again = self.plan(self.docs("B", only()), strict=False)
                    del self.refused_b[(base, f.path)]
                    if again is not None and message not in self.errors_of(again, base):
                        named = [f]
                        break
                else:
                    named = named[:1]
            for f in named:
                self.refused_b[(base, f.path)] = message
                self.stats["refused"] += 1
                if "cannot" not in message:
                    self.problem(f, f"[{base}] the change to B is refused without saying why "
                                    f"(\"cannot ...\"): {message}")
        else:
            raise Problem(f"changing {key} to B: the plan never came clean")
        for base, fs in members.items():
            paths = changed_paths(plan, self.kind, base)
            for f in fs:
                if (base, f.path) in self.refused_b:
                    continue
                initial = listed(self.fx["initial_only"], f.path)
                if any(related(p, f.path) for p in paths):
                    self.stats["planned"] += 1
                    if initial:
                        self.problem(f, f"listed under `initial_only` in {self.fixture_file}, "
                                        f"but its change is planned: remove the entry")
                    continue
                if initial:  # by design: the value is used when the object is created only
                    self.refused_b[(base, f.path)] = f"initial only: {initial.strip()}"
                    self.stats["initial_only"] += 1
                    continue
                unit, values = self.values[(base, f.path)]
                self.problem(f, f"[{base}] the change {json.dumps(values[0])} -> "
                                f"{json.dumps(values[1])} is neither planned nor refused "
                                f"(deskops drops it)")
                self.refused_b[(base, f.path)] = "neither planned nor refused"

    def run_b(self):
        for key, members in self.groups().items():
            self.classify(key, members)
        docs = self.docs("B")
        self.apply(docs, "value B (every change that is not refused)")
        self.check_state(docs, "B")
        self.final = docs

    # -- phase 4: keyed lists

    def identity(self, klist):
        if klist.path in self.fx["keyed"]:
            return Readback(self.fx["keyed"][klist.path])
        path = klist.path if klist.key is None else f"{klist.path}[].{klist.key}"
        return self.readback(next(f for f in self.fields if f.path == path))

    def second_item(self, base, klist, item1):
        """(item2, item2 later): an item with another key, added next to item1, and what it
        becomes when item1 is removed. For a list of objects, item2 is item1 with another key and,
        where a field allows, a smaller integer; later it takes item1's values but its key. So,
        when item1 goes, the remaining item looks exactly like item1's live object and not like
        its own: only a match by key keeps it apart (a match by content or position takes item1's
        object, whatever order the API lists them in)."""
        if klist.key is None:
            _, values = self.values.get((base, klist.path), (None, []))
            other = next((x for v in values if isinstance(v, list) for x in v if x != item1), None)
            return None if other is None else (other, other)
        key_path = f"{klist.path}[].{klist.key}"
        unit, values = self.values.get((base, key_path), (None, []))
        keys = values if unit == key_path else flatten(
            [extract({"x": v}, "x" + key_path[len(unit):]) for v in values])
        other = next((k for k in keys if k is not MISSING and k != item1.get(klist.key)), None)
        if other is None:
            return None
        item2 = {**item1, klist.key: other}
        for name, value in item1.items():
            f = next((f for f in self.fields if f.path == f"{klist.path}[].{name}"), None)
            if f is None or schema_type(f.schema) != "integer" or isinstance(value, bool):
                continue
            smaller = [v for v in generate(f.schema) if v < value]
            if smaller:
                item2[name] = smaller[0]
                break
        return item2, {**item1, klist.key: other}

    def run_keyed(self):
        docs = copy.deepcopy(self.final)
        specs = {d["metadata"]["name"]: {"spec": d["spec"]} for d in docs}
        todo = []  # [base, list, item1, (item2, item2 once item1 is gone), identity]
        for klist in self.keyed:
            if listed(self.fx["refused"], klist.path) or klist.schema.get("maxItems", 2) < 2:
                continue  # refused, or one item at most: nothing to tell apart
            ident = self.identity(klist)
            for b in self.bases:
                if not any(below(f.path, klist.path) for f in self.placed[b["name"]]):
                    continue
                if ident is None:
                    self.problem(klist.path, f"a keyed list without an identity to check: add "
                                             f"`keyed: {{{klist.path}: <state path of each "
                                             f"item's ID>}}` to {self.fixture_file}")
                    break
                current = extract(specs[b["name"]], klist.path)
                if not isinstance(current, list) or len(current) != 1:
                    continue
                second = self.second_item(b["name"], klist, current[0])
                if second is None:
                    self.problem(klist.path, f"[{b['name']}] no second item with another key: "
                                             f"give two samples in {self.fixture_file}")
                    continue
                todo.append([b["name"], klist, current[0], second, ident])
        if not todo:
            return
        states = [self.objects()]
        snapshots = [self.state]
        for base, klist, item1, (item2, _), _ in todo:
            assign(specs[base], klist.path, [item1, item2])
        # A refusal keeps its list at one item and the plan is made again (a refusal hides the
        # rest of its object's plan); every other addition must show in the plan.
        refused = set()
        for _ in range(len(todo) + 1):
            plan = self.plan(docs)
            found = False
            for base, klist, item1, _, _ in todo:
                messages = [m for m in self.errors_of(plan, base)
                            if klist.path in normalise_path(m)]
                if (base, klist.path) in refused or not messages:
                    continue
                found = True
                refused.add((base, klist.path))
                assign(specs[base], klist.path, [item1])
                self.keyed_done.append(f"  {klist.path} [{base}]: a second item refused: "
                                       f"{messages[0][:90]}")
                if "cannot" not in messages[0]:
                    self.problem(klist.path, f"[{base}] adding a second item is refused without "
                                             f"saying why: {messages[0]}")
            if not found:
                break
        left = [m for b in self.bases for m in self.errors_of(plan, b["name"])]
        if left:
            raise Problem(f"keyed lists: adding second items, the plan has errors naming none of "
                          f"them: {left}")
        for base, klist, item1, (item2, _), _ in todo:
            if (base, klist.path) in refused:
                continue
            if not any(related(p, klist.path) for p in changed_paths(plan, self.kind, base)):
                self.problem(klist.path, f"[{base}] adding a second item {json.dumps(item2)} is "
                                         f"neither planned nor refused (deskops drops it)")
                refused.add((base, klist.path))
                assign(specs[base], klist.path, [item1])
        todo = [t for t in todo if (t[0], t[1].path) not in refused]
        if not todo:
            return
        self.apply(docs, "keyed lists: a second item added")
        states.append(self.objects())
        snapshots.append(self.state)
        for base, klist, item1, (_, item2_later), _ in todo:
            assign(specs[base], klist.path, [item2_later])
        self.apply(docs, "keyed lists: the first item removed")
        states.append(self.objects())
        snapshots.append(self.state)
        for base, klist, item1, _, ident in todo:
            ids = [self.ids(ident, objs.get(base), state)
                   for objs, state in zip(states, snapshots)]
            new = [i for i in ids[1] if i not in ids[0]]
            if len(ids[1]) != len(ids[0]) + 1 or len(new) != 1:
                self.problem(klist.path, f"[{base}] adding a second item: identities {ids[0]} "
                                         f"-> {ids[1]}, want exactly one more")
            elif ids[2] != new:
                self.problem(klist.path, f"[{base}] removing the first item {json.dumps(item1)}: "
                                         f"identities {ids[1]} -> {ids[2]}, want exactly {new} "
                                         f"(the second item's, unchanged)")
            else:
                self.stats["keyed"] += 1
                self.keyed_done.append(f"  {klist.path} [{base}]: second item added, first "
                                       f"removed; the second kept its identity {new}")

    @staticmethod
    def ids(ident, obj, state):
        got = MISSING if obj is None else ident.live(obj, state)
        if got is MISSING:
            return []
        return sorted(str(x) for x in flatten(got if isinstance(got, list) else [got]))

    # -- the whole run

    def check_second_values(self):
        """A placed field needs a second value to test its change, unless the schema admits one
        value only or the fixture says why."""
        for f in self.fields:
            bases = [b for b in self.bases if f in self.placed[b["name"]]]
            if not bases or self.by_keyed_test(f):
                continue
            _, values = self.values[(bases[0]["name"], f.path)]
            if len(values) < 2 and not one_value_only(f.schema) and \
                    not listed(self.fx["single_value"], f.path):
                self.problem(f, f"one valid value only ({json.dumps(values)}): its change cannot "
                                f"be tested; add a second sample to {self.fixture_file}, or list "
                                f"it under `single_value` with the reason")

    def run(self):
        self.check_fixture()
        self.run_baseline()
        self.place()
        self.check_second_values()
        self.run_a()
        self.run_b()
        self.run_keyed()

    def report(self):
        """How each field was proven, per base (DESKOPS_CONFORMANCE_VERBOSE=1)."""
        lines = []
        for f in self.fields:
            reason = listed(self.fx["refused"], f.path)
            if reason:
                lines.append(f"  {f.path}: refused by deskops validate ({reason.strip()})")
                continue
            for b in self.bases:
                if f not in self.placed.get(b["name"], []):
                    continue
                _, values = self.values[(b["name"], f.path)]
                a = "not stored" if listed(self.fx["not_stored"], f.path) else "read back"
                if self.by_keyed_test(f):
                    line = "the keyed-list test"
                elif (b["name"], f.path) in self.refused_b:
                    why = self.refused_b[(b["name"], f.path)]
                    line = f"A {a}; B " + (why if why.startswith("initial only") else
                                           "refused: " + why)[:110]
                elif len(values) > 1:
                    line = f"A {a}; B planned" + (", read back" if a == "read back" else "")
                else:
                    line = f"A {a}; one value: " + str(listed(self.fx["single_value"], f.path)
                                                       or "the schema admits one")
                lines.append(f"  {f.path} [{b['name']}]: {line}")
        return "\n".join(lines + self.keyed_done)


# ---- The tests: one per registered kind ----------------------------------------------------------

def exported_kinds():
    out = subprocess.run([DESKOPS, "schema"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["$defs"]


KINDS = exported_kinds() if os.path.exists(DESKOPS) else {}
SELECTED = {k.strip() for k in os.environ.get("DESKOPS_CONFORMANCE_KINDS", "").split(",")
            if k.strip()}


class ConformanceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deskops-conformance-")
        cls.sim = Sim(WKS_SIM, cls.tmp, jobs="immediate", extra=["--no-access-log"])

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_every_kind_has_a_fixture(self):
        """A new kind adds tests/conformance/<Kind>.yaml; a fixture without a kind is stale."""
        self.assertTrue(KINDS, f"{DESKOPS} schema lists no kinds")
        files = {f[:-5] for f in os.listdir(FIXTURES) if f.endswith(".yaml")}
        self.assertEqual(sorted(set(KINDS) - files), [],
                         f"kinds without a fixture: add {rel(FIXTURES)}/<Kind>.yaml (README.md "
                         f"there)")
        self.assertEqual(sorted(files - set(KINDS)), [], "fixtures of kinds that do not exist")
        for kind in files:
            self.assertEqual(load_fixture(kind).get("kind"), kind, rel(fixture_path(kind)))

    def run_kind(self, kind):
        if SELECTED and kind not in SELECTED:
            self.skipTest("not in DESKOPS_CONFORMANCE_KINDS")
        if not os.path.exists(fixture_path(kind)):
            self.fail(f"{kind} has no fixture: add {rel(fixture_path(kind))}")
        self.sim.control("POST", "reset")
        run = KindRun(kind, KINDS[kind], self.sim, tempfile.mkdtemp(prefix=kind, dir=self.tmp))
        started = time.monotonic()
        try:
            run.run()
        except Problem as p:
            run.problems.append(f"{kind}: {p}")
        s = run.stats
        print(f"\nconformance: {kind}: {s['fields']} fields; value A read back {s['A']}, "
              f"value B read back {s['B']}; changes planned {s['planned']}, refused "
              f"{s['refused']}, initial only {s['initial_only']}; keyed lists {s['keyed']}; "
              f"{time.monotonic() - started:.1f} s",
              file=sys.stderr)
        if os.environ.get("DESKOPS_CONFORMANCE_VERBOSE"):
            print(run.report(), file=sys.stderr)
        if run.problems:
            self.fail(f"{len(run.problems)} problem(s):\n" + "\n".join(run.problems))


for _kind in KINDS:
    setattr(ConformanceTest, f"test_{_kind}", lambda self, kind=_kind: self.run_kind(kind))

if __name__ == "__main__":
    unittest.main()
