#!/usr/bin/env python3
"""Generate specs/policies_table.cc from the API digest's policy-group `policies` tables.

Usage (from the repository root):
    python3 scripts/gen_policies_table.py [DIGEST] [--out specs/policies_table.cc]

DIGEST defaults to ../shared/reference/api-digest.md relative to the repository root. The script
reads two tables of the digest's section 7:

  * 7.1 -- the flattened `policies` object of 4.14.2 (create request): one row per object or leaf,
    with type, mandatory flag, line number in the API reference and the verbatim description.
  * 7.2 -- the field-name variants of the `policies` object across the nine 4.14 schemas.

It writes one PolicyFieldDef row (see specs/policies_table.h) per 7.1 row, in table order. The
output is deterministic: running the script twice gives byte-identical output. Standard library
only. Anything unexpected in the input (an unknown type, a duplicate path, a child before its
parent, an option list nobody has reviewed, a variant group that does not cover all nine schemas)
aborts with a message instead of producing a guessed table.

Decisions (reviewed by hand; see the dicts below for the per-path details):

  * Wire names. 4.14.2/4.14.5 (and partly 4.14.7) request tables print some leaf names differently
    from the responses and from every JSON example. The table uses the response/example spelling
    (RENAMES). The other spellings printed in 7.2 for the same field become `aliases`; they are
    derived from 7.2 by grouping, under the same parent, names whose schema columns are disjoint
    and whose spelling is similar (see _variant_groups). The script cross-checks that the
    canonical name it was told to use is the one most response schemas use, and that every 7.2
    group whose canonical name differs from the 4.14.2 spelling is listed in RENAMES.
  * Integer ranges come from "The value ranges from A to B" (thousands commas and minus signs
    allowed), or from an "Options: 0: ...; 1: ..." list (min 0, max 1). A description that adds
    "0 indicates ..." to a range starting above 0 widens the range to include 0 (ZERO_SENTINEL
    rule: record_audit.retention_duration, "1 to 180. 0 indicates that the file is retained
    permanently"). No range stated: min 1, max 0.
  * String max lengths come from "maximum of N characters". Numeric-looking ranges on String rows
    (e.g. watermark.options.opacity_setting "0 to 100") are not turned into anything.
  * enum_values only where the allowed values are printed unambiguously as identifiers (ENUMS).
    Every String row whose description looks like a value list ("Options:", "The value can be",
    "The values can be", "The value is") must be listed in ENUMS or FREE_TEXT, otherwise the
    script fails. Every enum value must occur verbatim in the description.

Option lists deliberately left as free text (enum_values nullptr), and why -- a wrong enum would
reject valid manifests, so anything not certain is left out:
  * peripherals.usb_port_redirection.options.usb_redirection_mode -- "Classical mode Common mode":
    multi-word labels; the examples only ever show "Common mode", "Classical mode" unconfirmed.
  * peripherals.device_redirection.printer_redirection.options.universal_printer_driver --
    boundaries of "HDP XPSDrv Driver; Universal Printing PCL 5 ..." are ambiguous and every example
    sends "Default", which is not in the printed list.
  * peripherals.device_redirection.image_compression_level -- lowercase labels, some without any
    delimiter ("none", "lossless", "low-loss"); only "medium" is confirmed by the examples.
  * audio.play_volume, audio.record_volume -- "Do Not Set Volume" or a stringified number 10..100
    in steps of 5; not a printed closed list of identifiers.
  * audio.play_volume_ratio, audio.record_volume_ratio, audio.play_quality, audio.record_quality
    -- "Low Middle: medium High" (+ "Do Not Set Volume Ratio"): flattened labels, boundaries
    ambiguous; the examples confirm only "Do Not Set Volume Ratio" and "Middle".
  * audio.audio_transmission_mode -- "Reliable Transmission Real Time Transmission": multi-word;
    only "Reliable Transmission" confirmed.
  * audio.play_classification, audio.record_classification -- "Lossless Speech Call Music Play
    Automatic Identification": multi-word; only "Music Play"/"Speech Call" confirmed.
  * audio.play_denoising, audio.record_denoising, audio.play_agc, audio.record_agc -- "Disabled."
    or a number; the examples send "Disable Denoising", "Disable AGC" and "-25", which contradict
    the printed "Disabled.".
  * audio.play_crc, audio.record_crc -- "Disable CRC Enable CRC": multi-word; only "Disable CRC"
    confirmed.
  * audio.play_device_mode, audio.record_device_mode -- "... In Shared Mode ... In Exclusive
    Mode": multi-word; only the shared-mode values confirmed.
  * audio.play_delay_threshold, audio.record_delay_threshold -- stringified numbers 160..2,500 with
    irregular steps; only examples of the list are printed, not the list.
  * audio.play_amplitude_threshold, audio.record_amplitude_threshold -- the values are printed with
    thousands separators ("2,048, 4,096, ...") while the examples send "4096": the exact wire
    spelling of the values is not printed.
  * audio.play_prefill_data -- "Do Not Prefill Data" or a stringified number 50..2,000.
  * display.display_level -- printed "LEVEL 1" .. "LEVEL 5" (with a space) but the examples send
    "LEVEL4": the exact spelling is contradictory.
  * display.options.lossless_compression_mode -- "Basic Compression Deep Compression": only
    "Basic Compression" confirmed.
  * display.options.deep_compression_options.deep_compression_level -- "Compression grade 0" ..
    "Compression grade 9": only "Compression grade 0" confirmed.
  * display.options.quality_bandwidth_first -- "Quality First Bandwidth First": only "Quality
    First" confirmed.
  * display.options.encoding_preset -- "Preset 1" .. "Preset 7": only "Preset 1" confirmed.
"""

import argparse
import difflib
import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DIGEST = os.path.join("..", "shared", "reference", "api-digest.md")
DEFAULT_OUT = os.path.join("specs", "policies_table.cc")

# 4.14.2 request-table path -> canonical (response/example) path. Only these rows are renamed.
RENAMES = {
    "peripherals.usb_device_common.pcsc_smartcard_enable":
        "peripherals.usb_device_common.pcsc_smart_card_enable",
    "peripherals.usb_device_common.common_options.remove_smartcard_disconnect_enable":
        "peripherals.usb_device_common.common_options.remove_smart_card_disconnect_enable",
    "display.adaptive_bitrate_control_options.adaptive_minimum_quality_lower_limit":
        "display.adaptive_bitrate_control_options.adaptive_min_quality_lower_limit",
    "display.adaptive_bitrate_control_options.adaptive_minimum_quality_upper_limit":
        "display.adaptive_bitrate_control_options.adaptive_min_quality_upper_limit",
    "display.adaptive_bitrate_control_options.adaptive_minimum_quality_increase_limit":
        "display.adaptive_bitrate_control_options.adaptive_min_quality_increase_limit",
    "display.adaptive_bitrate_control_options.adaptive_minimum_quality_decrease_limit":
        "display.adaptive_bitrate_control_options.adaptive_min_quality_decrease_limit",
    "display.configuration_1_enable": "display.configuration1_enable",
    "file_and_clipboard.fd_mobile_client_redirection_enable":
        "file_and_clipboard.fd_mobile_client_redir_enable",
}

# Canonical path -> allowed values, for String rows only. Each value must occur verbatim in the
# description; the notes give the confirming evidence where the description alone is not enough.
ENUMS = {
    # "The value is H.264."; all examples send "H.264".
    "peripherals.device_redirection.camera_redirection.options.camera_compression_method":
        ["H.264"],
    # "Enable: enabled Closed: closed Disable: disabled"; examples send "Disable".
    "peripherals.usb_device_common.pcsc_smart_card_enable": ["Enable", "Closed", "Disable"],
    # "One-to-One: ... One-to-Many: ..."; examples send "One-to-One".
    "display.duplicate_display_mode": ["One-to-One", "One-to-Many"],
    "file_and_clipboard.file_redirection.redirection_mode":
        ["DISABLED", "READ_ONLY", "READ_AND_WRITE"],
    "file_and_clipboard.clipboard_redirection":
        ["DISABLED", "SERVER_TO_CLIENT_ENABLED", "CLIENT_TO_SERVER_ENABLED", "TWO_WAY_ENABLED"],
    "session.vdi.auto_lock_options.auto_disconnect":
        ["AUTO_DISCONNECT", "AUTO_LOGOUT", "DISABLED", "AUTO_RESTART", "AUTO_STOP", "HIBERNATE"],
    "watermark.options.show_style": ["FIXED", "RANDOM"],
    "keyboard_mouse.mouse_feedback": ["SELFADAPTION", "FORCE", "CLOSE"],
    "keyboard_mouse.mouse_simulation_mode": ["ABSOLUTE_POSITION", "RELATIVE_POSITION"],
    "keyboard_mouse.windows_client_keyboard_mode": ["GLOBAL", "WINDOW"],
    "keyboard_mouse.windows_client_mouse_mode": ["GLOBAL", "WINDOW"],
    "keyboard_mouse.linux_client_keyboard_mode": ["EVENT", "GRAPH"],
    "keyboard_mouse.linux_client_mouse_mode": ["EVENT", "GRAPH"],
    "record_audit.rules.rule.record_type":
        ["whole", "interval", "userOperations", "sessionMonitoring"],
    "record_audit.rules.rule.op_type": ["input", "filecopy"],
    # String-typed although the response examples print `"fps" : 0` / `"duration" : 0`.
    "record_audit.rules.rule.fps": ["2", "5", "10", "15"],
    "record_audit.rules.rule.duration": ["10", "20", "30", "60"],
    "record_audit.rules.rule.resolution": ["720P", "1080P", "original"],
    "record_audit.rules.rule.app_filter_type": ["black", "white"],
    "record_audit.storage_type": ["OBS", "SFTP"],
    "record_audit.obs_bucket_source": ["AUTO_CREATE", "CREATED"],
}

# Canonical path -> why the printed option list is NOT turned into an enum (see the docstring).
FREE_TEXT = {
    "peripherals.usb_port_redirection.options.usb_redirection_mode":
        "multi-word labels; only 'Common mode' confirmed by examples",
    "peripherals.device_redirection.printer_redirection.options.universal_printer_driver":
        "ambiguous label boundaries; examples send 'Default', not in the list",
    "peripherals.device_redirection.image_compression_level":
        "lowercase labels without delimiters; only 'medium' confirmed",
    "audio.play_volume": "'Do Not Set Volume' or stringified number",
    "audio.record_volume": "'Do Not Set Volume' or stringified number",
    "audio.play_volume_ratio": "flattened multi-word labels",
    "audio.record_volume_ratio": "flattened multi-word labels",
    "audio.play_quality": "flattened labels ('Low Middle: medium High')",
    "audio.record_quality": "flattened labels ('Low Middle: medium High')",
    "audio.audio_transmission_mode": "multi-word labels; only one confirmed",
    "audio.play_classification": "multi-word labels; boundaries ambiguous",
    "audio.record_classification": "multi-word labels; boundaries ambiguous",
    "audio.play_denoising": "examples ('Disable Denoising') contradict 'Disabled.'",
    "audio.record_denoising": "examples ('-25') are numbers, not listed labels",
    "audio.play_agc": "examples ('Disable AGC') contradict 'Disabled.'",
    "audio.record_agc": "examples ('Disable AGC') contradict 'Disabled.'",
    "audio.play_crc": "multi-word labels; only 'Disable CRC' confirmed",
    "audio.record_crc": "multi-word labels; only 'Disable CRC' confirmed",
    "audio.play_device_mode": "multi-word labels; only shared mode confirmed",
    "audio.record_device_mode": "multi-word labels; only shared mode confirmed",
    "audio.play_delay_threshold": "stringified numbers, list not printed",
    "audio.record_delay_threshold": "stringified numbers, list not printed",
    "audio.play_amplitude_threshold": "printed '2,048' but examples send '4096'",
    "audio.record_amplitude_threshold": "printed '2,048' but examples send '4096'",
    "audio.play_prefill_data": "'Do Not Prefill Data' or stringified number",
    "display.display_level": "printed 'LEVEL 4' but examples send 'LEVEL4'",
    "display.options.lossless_compression_mode": "multi-word labels; only one confirmed",
    "display.options.deep_compression_options.deep_compression_level":
        "multi-word labels; only grade 0 confirmed",
    "display.options.quality_bandwidth_first": "multi-word labels; only one confirmed",
    "display.options.encoding_preset": "multi-word labels; only 'Preset 1' confirmed",
}

# Descriptions of String rows that look like a list of allowed values and need a decision.
VALUE_LIST_RE = re.compile(r"Options:|The values? can be|The value is ")
NUMBER = r"-?\d{1,3}(?:,\d{3})+|-?\d+"
RANGE_RE = re.compile(r"The value ranges from (%s) to (%s)(?!\.?\d|,\d)" % (NUMBER, NUMBER))
MAX_LEN_RE = re.compile(r"maximum of (%s) characters" % NUMBER)
INT_OPTIONS_RE = re.compile(r"Options:((?:\s*-?\d+:[^;:]*;?)+)$")
ZERO_SENTINEL_RE = re.compile(r"(?<![\d.,])0 indicates ")
TYPES = {"Boolean": "b", "Integer": "i", "String": "s"}


class InputError(Exception):
    pass


def fail(msg):
    raise InputError(msg)


# ----------------------------------------------------------------------------------------------
# Markdown parsing


def split_row(line):
    """Splits a markdown table row into stripped cells; `\\|` is an escaped pipe."""
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|")):
        fail("not a table row: %r" % line)
    cells, cur, i = [], [], 1
    while i < len(line) - 1:
        c = line[i]
        if c == "\\" and line[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if c == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    cells.append("".join(cur).strip())
    return cells


def find_table(lines, heading_prefix, first_header_cell):
    """Returns (header_cells, [(line_no, cells)]) of the first table after the heading."""
    start = None
    for i, line in enumerate(lines):
        if line.startswith(heading_prefix):
            if start is not None:
                fail("heading %r appears twice" % heading_prefix)
            start = i
    if start is None:
        fail("heading %r not found" % heading_prefix)
    i = start + 1
    while i < len(lines) and not lines[i].startswith("|"):
        if lines[i].startswith("#"):
            fail("no table under heading %r" % heading_prefix)
        i += 1
    if i >= len(lines):
        fail("no table under heading %r" % heading_prefix)
    header = split_row(lines[i])
    if header[0] != first_header_cell:
        fail("unexpected table header under %r: %r" % (heading_prefix, header))
    if not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[i + 1].strip()):
        fail("missing separator row under %r" % heading_prefix)
    rows = []
    i += 2
    while i < len(lines) and lines[i].startswith("|"):
        cells = split_row(lines[i])
        if len(cells) != len(header):
            fail("line %d: %d cells, expected %d" % (i + 1, len(cells), len(header)))
        rows.append((i + 1, cells))
        i += 1
    if not rows:
        fail("empty table under %r" % heading_prefix)
    return header, rows


def unquote_path(cell, where):
    m = re.fullmatch(r"`([A-Za-z0-9_.]+)`", cell)
    if not m:
        fail("%s: path cell is not a single `code` span: %r" % (where, cell))
    path = m.group(1)
    if any(not seg for seg in path.split(".")):
        fail("%s: empty segment in path %r" % (where, path))
    return path


def parse_fields(lines):
    header, rows = find_table(lines, "### 7.1", "field")
    if [h.split(" ")[0] for h in header[:4]] != ["field", "type", "M", "L#"] or \
            not header[4].startswith("description"):
        fail("7.1: unexpected header %r" % header)
    fields = []
    for line_no, (path_cell, type_cell, mand, line_cell, desc) in rows:
        where = "digest line %d" % line_no
        path = unquote_path(path_cell, where)
        if type_cell in TYPES:
            ftype = TYPES[type_cell]
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]* object", type_cell):
            ftype = "o"
        else:
            fail("%s: unknown type %r for %s" % (where, type_cell, path))
        if mand not in ("N", "Y"):
            fail("%s: unexpected mandatory flag %r" % (where, mand))
        if not re.fullmatch(r"\d+", line_cell):
            fail("%s: L# is not a number: %r" % (where, line_cell))
        fields.append({"table_path": path, "type": ftype, "line": int(line_cell),
                       "description": desc, "digest_line": line_no})
    return fields


def parse_variants(lines):
    """Returns (columns, {path: set(column index)}, [path in table order])."""
    header, rows = find_table(lines, "### 7.2", "path (relative to `policies`)")
    columns = header[1:]
    presence, order = {}, []
    for line_no, cells in rows:
        path = unquote_path(cells[0], "digest line %d" % line_no)
        if path in presence:
            fail("7.2: path %s listed twice" % path)
        cols = set()
        for j, cell in enumerate(cells[1:]):
            if re.fullmatch(r"\d+", cell):
                cols.add(j)
            elif cell not in ("—", "-", ""):
                fail("7.2 digest line %d: unexpected cell %r" % (line_no, cell))
        if not cols:
            fail("7.2: %s is present in no schema" % path)
        presence[path] = cols
        order.append(path)
    return columns, presence, order


# ----------------------------------------------------------------------------------------------
# Name variants (7.2)

SIMILARITY = 0.75  # difflib ratio needed to treat two sibling names as spellings of one field


def parent_of(path):
    return path.rpartition(".")[0]


def leaf_of(path):
    return path.rpartition(".")[2]


def _variant_groups(columns, presence, order):
    """Groups the 7.2 paths into fields.

    Works level by level, shallowest first. Under one parent, two names are spellings of the same
    field when no schema has both (disjoint column sets) and their spelling is similar; groups are
    merged greedily, most similar pair first. Once an object's group is known, the descendants of
    its non-canonical spellings are re-parented under the canonical one, so children of
    `usb_device_commom` join the children of `usb_device_common`.

    Returns a list of groups: {"canonical": path, "members": [paths, 7.2 order], "cols": set}.
    """
    resp_cols = {j for j, c in enumerate(columns) if "resp" in c}
    if not resp_cols:
        fail("7.2: no response columns in header %r" % columns)
    rank = {p: i for i, p in enumerate(order)}
    # normalized path -> {"cols": set, "members": [original 7.2 paths]}
    entries = {p: {"cols": set(c), "members": [p]} for p, c in presence.items()}
    groups = []
    max_depth = max(p.count(".") + 1 for p in entries)
    for depth in range(1, max_depth + 1):
        by_parent = {}
        for p in sorted(entries, key=lambda p: rank[entries[p]["members"][0]]):
            if p.count(".") + 1 == depth:
                by_parent.setdefault(parent_of(p), []).append(p)
        renames = {}
        for parent, names in by_parent.items():
            clusters = [[n] for n in names]
            cols = {n: set(entries[n]["cols"]) for n in names}
            pairs = []
            for a in range(len(names)):
                for b in range(a + 1, len(names)):
                    ratio = difflib.SequenceMatcher(
                        None, leaf_of(names[a]), leaf_of(names[b])).ratio()
                    pairs.append((-ratio, a, b))
            for neg_ratio, a, b in sorted(pairs):
                if -neg_ratio < SIMILARITY:
                    break
                ca = next(c for c in clusters if names[a] in c)
                cb = next(c for c in clusters if names[b] in c)
                if ca is cb:
                    continue
                cols_a = set().union(*(cols[n] for n in ca))
                cols_b = set().union(*(cols[n] for n in cb))
                if cols_a & cols_b:
                    continue
                ca.extend(cb)
                clusters.remove(cb)
            for cluster in clusters:
                cluster.sort(key=lambda n: rank[entries[n]["members"][0]])
                union = set().union(*(entries[n]["cols"] for n in cluster))
                # Canonical spelling: the one the most response schemas use.
                canonical = max(cluster, key=lambda n: (len(entries[n]["cols"] & resp_cols),
                                                        -rank[entries[n]["members"][0]]))
                groups.append({"canonical": canonical, "members": cluster, "cols": union})
                for n in cluster:
                    if n != canonical:
                        renames[n] = canonical
        # Re-parent descendants of non-canonical object spellings; merge what then coincides.
        if renames:
            new_entries = {}
            for p, e in entries.items():
                q = p
                for old, new in renames.items():
                    if p.startswith(old + "."):
                        q = new + p[len(old):]
                if q in new_entries:
                    if new_entries[q]["cols"] & e["cols"]:
                        fail("7.2: %s and %s are both present in one schema" %
                             (new_entries[q]["members"][0], e["members"][0]))
                    new_entries[q]["cols"] |= e["cols"]
                    new_entries[q]["members"] += e["members"]
                else:
                    new_entries[q] = {"cols": set(e["cols"]), "members": list(e["members"])}
            entries = new_entries
    # Every field must exist in every schema under one of its spellings; otherwise the grouping
    # (or the digest) is wrong and the aliases cannot be trusted.
    all_cols = set(range(len(columns)))
    for g in groups:
        if g["cols"] != all_cols:
            fail("7.2: variant group %s does not cover all schemas (missing %s)" %
                 (g["members"], [columns[j] for j in sorted(all_cols - g["cols"])]))
    return groups


def build_aliases(fields, columns, presence, order):
    """Applies RENAMES and returns {canonical path: [alias leaf names]}; checks consistency."""
    groups = [g for g in _variant_groups(columns, presence, order) if len(g["members"]) > 1]
    table_paths = {f["table_path"] for f in fields}
    for old, new in RENAMES.items():
        if old not in table_paths:
            fail("RENAMES: %s is not a 7.1 path" % old)
        if parent_of(old) != parent_of(new):
            fail("RENAMES: %s -> %s changes the parent" % (old, new))
    aliases = {}
    for g in groups:
        # The 7.1 spelling of this field (paths in a group share the canonical parent).
        in_table = [m for m in g["members"] if m in table_paths]
        if len(in_table) != 1:
            fail("7.2: variant group %s matches %d rows of 7.1" % (g["members"], len(in_table)))
        table_name = in_table[0]
        expected = RENAMES.get(table_name, table_name)
        if expected != g["canonical"]:
            fail("7.2: the responses spell %s as %s, but RENAMES gives %s; review RENAMES" %
                 (table_name, g["canonical"], expected))
        # Aliases: the 4.14.2 request spelling first, then the others in 7.2 order.
        others = [m for m in g["members"] if m != g["canonical"]]
        others.sort(key=lambda m: (m != table_name, order.index(m)))
        names = []
        for m in others:
            if leaf_of(m) != leaf_of(g["canonical"]) and leaf_of(m) not in names:
                names.append(leaf_of(m))
        aliases[g["canonical"]] = names
    for old, new in RENAMES.items():
        if new not in aliases:
            fail("RENAMES: %s -> %s is not backed by a 7.2 variant group" % (old, new))
    return aliases, groups


# ----------------------------------------------------------------------------------------------
# Row attributes


def parse_int(text):
    return int(text.replace(",", ""))


def integer_range(f):
    desc = f["description"]
    ranges = {(parse_int(a), parse_int(b)) for a, b in RANGE_RE.findall(desc)}
    if len(ranges) > 1:
        fail("%s: several ranges in %r" % (f["path"], desc))
    if ranges:
        lo, hi = ranges.pop()
        if lo > hi:
            fail("%s: empty range %d..%d" % (f["path"], lo, hi))
        # ZERO_SENTINEL rule: "The value ranges from 1 to 180. 0 indicates that the file is
        # retained permanently." -- 0 is a documented special value, so the range includes it.
        if lo > 0 and ZERO_SENTINEL_RE.search(desc):
            lo = 0
        return lo, hi
    m = INT_OPTIONS_RE.search(desc)
    if m:
        values = [int(v) for v in re.findall(r"(-?\d+):", m.group(1))]
        return min(values), max(values)
    if "ranges from" in desc or "Options:" in desc:
        fail("%s: unparsed range or options in %r" % (f["path"], desc))
    return 1, 0


def string_max_length(f):
    lengths = {parse_int(n) for n in MAX_LEN_RE.findall(f["description"])}
    if len(lengths) > 1:
        fail("%s: several maximum lengths in %r" % (f["path"], f["description"]))
    return lengths.pop() if lengths else 0


def enum_values(f):
    path, desc = f["path"], f["description"]
    if path in ENUMS:
        for v in ENUMS[path]:
            if v not in desc:
                fail("ENUMS: value %r of %s does not occur in %r" % (v, path, desc))
            if "|" in v:
                fail("ENUMS: value %r of %s contains '|'" % (v, path))
        return ENUMS[path]
    if path not in FREE_TEXT and VALUE_LIST_RE.search(desc):
        fail("%s lists values (%r); add it to ENUMS or FREE_TEXT" % (path, desc))
    return None


def build_rows(fields, aliases):
    seen_table, rows, by_path = set(), [], {}
    for f in fields:
        if f["table_path"] in seen_table:
            fail("7.1: path %s appears twice" % f["table_path"])
        seen_table.add(f["table_path"])
        path = RENAMES.get(f["table_path"], f["table_path"])
        f = dict(f, path=path)
        if path in by_path:
            fail("7.1: path %s appears twice (after renaming)" % path)
        parent = parent_of(path)
        if parent:
            if parent not in by_path:
                fail("7.1: parent %s of %s is not an earlier row" % (parent, path))
            if by_path[parent]["type"] != "o":
                fail("7.1: parent %s of %s is not an object" % (parent, path))
        row = {"path": path, "type": f["type"], "min": 1, "max": 0, "max_length": 0,
               "enum": None, "aliases": aliases.get(path) or None, "line": f["line"],
               "description": f["description"]}
        if f["type"] == "i":
            row["min"], row["max"] = integer_range(f)
        elif f["type"] == "s":
            row["max_length"] = string_max_length(f)
            row["enum"] = enum_values(f)
        rows.append(row)
        by_path[path] = row
    for name, table in (("ENUMS", ENUMS), ("FREE_TEXT", FREE_TEXT)):
        for path in table:
            if path not in by_path or by_path[path]["type"] != "s":
                fail("%s: %s is not a String row of 7.1" % (name, path))
    return rows


# ----------------------------------------------------------------------------------------------
# C++ output

COLUMNS = 100
INDENT = "    "          # a row inside the array initializer
CONT = INDENT + " "      # continuation lines of a row, aligned after its `{`


def cpp_string(text):
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)  # non-ASCII stays as UTF-8; C++17 and later have no trigraphs
    return '"' + "".join(out) + '"'


def split_literal(text, width):
    """Splits text at spaces into pieces whose C++ literals fit in width columns."""
    words = text.split(" ")
    pieces, cur = [], words[0]
    for w in words[1:]:
        if cur.strip() and len(cpp_string(cur + " " + w)) > width:
            pieces.append(cur + " ")  # the space stays with the left piece
            cur = w
        else:
            cur = cur + " " + w
    pieces.append(cur)
    if "".join(pieces) != text:
        fail("internal: splitting %r lost characters" % text)
    return [cpp_string(p) for p in pieces]


def format_row(row):
    def opt(value):
        return cpp_string(value) if value is not None else "nullptr"

    tokens = [
        cpp_string(row["path"]),
        "'%s'" % row["type"],
        "%dLL" % row["min"] if abs(row["min"]) > 2**31 - 1 else str(row["min"]),
        "%dLL" % row["max"] if abs(row["max"]) > 2**31 - 1 else str(row["max"]),
        str(row["max_length"]),
        opt("|".join(row["enum"]) if row["enum"] else None),
        opt("|".join(row["aliases"]) if row["aliases"] else None),
        str(row["line"]),
    ]
    lines, cur = [], INDENT + "{"
    for tok in tokens:
        piece = tok + ","
        if cur.strip() not in ("", "{") and len(cur) + 1 + len(piece) > COLUMNS:
            lines.append(cur)
            cur = CONT + piece
        else:
            cur = cur + ("" if cur.endswith("{") else " ") + piece
    # The description: on the same line if it fits, else split into adjacent literals.
    tail = "},"
    desc = cpp_string(row["description"])
    if len(cur) + 1 + len(desc) + len(tail) <= COLUMNS:
        lines.append(cur + " " + desc + tail)
    else:
        lines.append(cur)
        pieces = split_literal(row["description"], COLUMNS - len(CONT) - len(tail))
        for i, p in enumerate(pieces):
            lines.append(CONT + p + (tail if i == len(pieces) - 1 else ""))
    return lines


def render(rows, digest_name):
    out = [
        "// GENERATED FILE -- DO NOT EDIT BY HAND.",
        "// Generated by scripts/gen_policies_table.py from %s" % digest_name,
        "// (section 7.1 \"Flattened `policies` object\" and section 7.2 \"Field-name variants\").",
        "// To change it, edit the generator (or the digest) and re-run:",
        "//   python3 scripts/gen_policies_table.py",
        "",
        '#include "specs/policies_table.h"',
        "",
        "namespace deskops::specs {",
        "",
        "// {wire_path, type, min, max, max_length, enum_values, aliases, line, description}",
        "// Formatting is off so that over-long wire paths are not split.",
        "// clang-format off",
        "const PolicyFieldDef kPolicyFields[] = {",
    ]
    for row in rows:
        out.extend(format_row(row))
    out += [
        "};",
        "// clang-format on",
        "",
        "const std::size_t kPolicyFieldCount = sizeof(kPolicyFields) / sizeof(kPolicyFields[0]);",
        "",
        "}  // namespace deskops::specs",
        "",
    ]
    return "\n".join(out)


# ----------------------------------------------------------------------------------------------


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("digest", nargs="?", default=DEFAULT_DIGEST,
                        help="api-digest.md (relative paths are relative to the repository root;"
                             " default %(default)s)")
    parser.add_argument("--out", default=DEFAULT_OUT,
                        help="output file (relative to the repository root; default %(default)s)")
    args = parser.parse_args(argv)
    digest = os.path.normpath(os.path.join(REPO_ROOT, args.digest))
    out_path = os.path.normpath(os.path.join(REPO_ROOT, args.out))

    with open(digest, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    fields = parse_fields(lines)
    columns, presence, order = parse_variants(lines)
    aliases, groups = build_aliases(fields, columns, presence, order)
    rows = build_rows(fields, aliases)
    if len(rows) != len(fields):
        fail("internal: %d rows for %d table rows" % (len(rows), len(fields)))

    # Name the source relative to the repository root, so the output does not depend on the
    # working directory or on where the checkout lives.
    text = render(rows, os.path.relpath(digest, REPO_ROOT).replace(os.sep, "/"))
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, out_path)

    # Summary.
    counts = {t: sum(1 for r in rows if r["type"] == t) for t in "obis"}
    enums = [r for r in rows if r["enum"]]
    ranges = [r for r in rows if r["type"] == "i" and r["min"] <= r["max"]]
    lengths = [r for r in rows if r["max_length"]]
    renamed = [r for r in rows if r["aliases"]]
    print("wrote %s from %s" % (os.path.relpath(out_path, REPO_ROOT), digest))
    print("rows: %d (objects %d; leaves: %d Boolean, %d Integer, %d String)" %
          (len(rows), counts["o"], counts["b"], counts["i"], counts["s"]))
    print("integer ranges: %d of %d; string max lengths: %d; enums: %d; free-text option lists: %d"
          % (len(ranges), counts["i"], len(lengths), len(enums), len(FREE_TEXT)))
    print("integers without a documented range: %s" %
          ", ".join(r["path"] for r in rows if r["type"] == "i" and r["min"] > r["max"]))
    print("renamed to response spelling: %d; rows with aliases: %d" % (len(RENAMES), len(renamed)))
    for r in renamed:
        print("  %s  [%s]" % (r["path"], "|".join(r["aliases"])))
    print("enums:")
    for r in enums:
        print("  %s = %s" % (r["path"], "|".join(r["enum"])))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except InputError as e:
        print("gen_policies_table.py: error: %s" % e, file=sys.stderr)
        sys.exit(1)
