#include "daemon/plan_markdown.h"

#include <map>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::daemon {

using core::StrCat;
using reconcilers::Action;
using reconcilers::Disruption;
using reconcilers::Verb;

namespace {

// Text inside a code span: a backtick would end it, a newline would break the list item.
std::string Code(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '`') c = '\'';
    if (c == '\n' || c == '\r') c = ' ';
  }
  return StrCat("`", out.empty() ? "(unset)" : out, "`");
}

// Plain text in a table cell or list item.
std::string Text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '<' || c == '>' || c == '[' || c == ']' ||
        c == '`' || c == '\\') {
      out += '\\';
    }
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string_view Symbol(const Action& a) {
  switch (a.verb) {
    case Verb::kCreate:
      return "+";
    case Verb::kDelete:
      return "-";
    case Verb::kReplace:
      return "#";
    case Verb::kAdopt:
      return "=";
    default:
      return "~";
  }
}

struct Row {
  std::size_t create = 0, update = 0, remove = 0, held = 0, errors = 0;
  bool any() const { return create + update + remove + held + errors > 0; }
};

void Count(const Action& a, Row& row) {
  if (a.held()) {
    ++row.held;
  } else if (a.verb == Verb::kCreate) {
    ++row.create;
  } else if (a.verb == Verb::kDelete) {
    ++row.remove;
  } else if (a.verb != Verb::kAdopt) {
    ++row.update;
  }
}

std::string TableRow(std::string_view label, const Row& r) {
  return StrCat("| ", label, " | ", r.create, " | ", r.update, " | ", r.remove, " | ", r.held,
                " | ", r.errors, " |\n");
}

std::string Table(const reconcilers::Plan& plan) {
  std::map<std::string, Row> rows;
  Row total;
  for (const auto& a : plan.actions) {
    Count(a, rows[a.kind]);
    Count(a, total);
  }
  for (const auto& e : plan.errors) {
    ++rows[e.kind].errors;
    ++total.errors;
  }
  std::string out =
      "| kind | create | update | delete | held | errors |\n|---|---:|---:|---:|---:|---:|\n";
  for (const auto& kind : specs::Kinds()) {
    auto it = rows.find(std::string(kind.name));
    if (it != rows.end() && it->second.any()) out += TableRow(kind.name, it->second);
  }
  return out + TableRow("**total**", total);
}

std::string Item(const Action& a, bool with_kind) {
  std::string verb(reconcilers::VerbName(a.verb));
  if (a.disruption != Disruption::kSafe) {
    verb += StrCat(" **", reconcilers::DisruptionName(a.disruption), "**");
  }
  std::string out = StrCat("- `", Symbol(a), "` **", Text(with_kind ? a.kind + "/" : ""),
                           Text(a.name), "** ", verb);
  if (!a.note.empty()) out += StrCat(" (", Text(a.note), ")");
  out += "\n";
  if (a.held()) {
    out += StrCat("  - held by `", reconcilers::GateName(a.held_by), "`, clears ",
                  Text(reconcilers::GateClears(a.held_by)), ": ", Text(a.held_reason), "\n");
  }
  for (const auto& c : a.changes) {
    out += a.verb == Verb::kCreate
               ? StrCat("  - ", Code(c.path), ": ", Code(c.after), "\n")
               : StrCat("  - ", Code(c.path), ": ", Code(c.before), " → ", Code(c.after),
                        c.write_only ? " (write-only: drift is not detectable)" : "", "\n");
  }
  return out;
}

bool CalledOut(const Action& a) { return a.disruption != Disruption::kSafe; }

}  // namespace

std::string RenderMarkdown(const reconcilers::Plan& plan) {
  std::string out = StrCat("### deskops plan: ", Text(reconcilers::Summary(plan)), "\n\n");
  if (plan.actions.empty() && plan.errors.empty()) {
    return out + "No changes: the tenant matches the manifests.\n";
  }
  out += Table(plan);
  std::string first;
  for (const auto& a : plan.actions) {
    if (CalledOut(a)) first += Item(a, true);
  }
  if (!first.empty()) out += StrCat("\n#### Destructive and disruptive\n\n", first);
  for (const auto& kind : specs::Kinds()) {
    std::string items;
    for (const auto& a : plan.actions) {
      if (a.kind == kind.name && !CalledOut(a)) items += Item(a, false);
    }
    if (!items.empty()) out += StrCat("\n#### ", kind.name, "\n\n", items);
  }
  if (!plan.errors.empty()) {
    out += "\n#### Errors\n\n";
    for (const auto& e : plan.errors) {
      out += StrCat("- **", Text(e.kind), "/", Text(e.name), "**: ", Text(e.message), "\n");
    }
  }
  if (!plan.suspended.empty() || !plan.notes.empty()) out += "\n#### Notes\n\n";
  for (const auto& s : plan.suspended) out += StrCat("- suspended: ", Text(s), "\n");
  for (const auto& n : plan.notes) out += StrCat("- ", Text(n), "\n");
  return out;
}

}  // namespace deskops::daemon
