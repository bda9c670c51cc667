#include "reconcilers/engine/plan.h"

#include <map>
#include <nlohmann/json.hpp>

#include "cloud/signer.h"
#include "core/clock.h"
#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::reconcilers {

using core::StrCat;
using nlohmann::json;

bool Plan::HasChanges() const {
  for (const auto& a : actions) {
    if (a.verb == Verb::kAdopt) continue;  // changes only what deskops owns
    if (a.verb == Verb::kDelete && GateWaitsForOperator(a.held_by)) continue;
    return true;
  }
  return false;
}

std::size_t Plan::HeldDeclared() const {
  std::size_t n = 0;
  for (const auto& a : actions) n += a.held() && a.verb != Verb::kDelete;
  return n;
}

std::size_t Plan::Runnable() const {
  std::size_t n = 0;
  for (const auto& a : actions) n += !a.held();
  return n;
}

std::size_t Plan::Held() const { return actions.size() - Runnable(); }

std::size_t Plan::Waiting() const {
  std::size_t n = 0;
  for (const auto& a : actions) {
    n += GateClearsItself(a.held_by);
  }
  return n;
}

namespace {

char Symbol(const Action& a) {
  switch (a.verb) {
    case Verb::kCreate:
      return '+';
    case Verb::kDelete:
      return '-';
    case Verb::kReplace:
      return '#';
    case Verb::kAdopt:
      return '=';
    default:
      return '~';
  }
}

json ActionJson(const Action& a) {
  json changes = json::array();
  for (const auto& c : a.changes) {
    json change = {{"path", c.path}, {"before", c.before}, {"after", c.after}};
    if (c.write_only) change["write_only"] = true;
    changes.push_back(std::move(change));
  }
  json calls = json::array();
  for (const cloud::Operation* op : a.calls) calls.push_back(std::string(op->id));
  json j = {{"kind", a.kind},
            {"name", a.name},
            {"verb", std::string(VerbName(a.verb))},
            {"disruption", std::string(DisruptionName(a.disruption))},
            {"changes", changes},
            {"api_calls", calls},
            {"depends_on", a.depends_on}};
  if (!a.batch_key.empty()) j["batch"] = a.batch_key;
  if (!a.note.empty()) j["note"] = a.note;
  if (a.held()) {
    j["held"] = {{"gate", std::string(GateName(a.held_by))},
                 {"reason", a.held_reason},
                 {"clears", a.Clears()}};
    if (a.held_until) j["held"]["clears_at"] = core::FormatRfc3339(*a.held_until);
  }
  return j;
}

json PlanBody(const Plan& plan) {
  json actions = json::array();
  for (const auto& a : plan.actions) actions.push_back(ActionJson(a));
  json errors = json::array();
  for (const auto& e : plan.errors) {
    errors.push_back({{"kind", e.kind}, {"name", e.name}, {"message", e.message}});
  }
  return {{"manifest_digest", plan.manifest_digest},
          {"actions", actions},
          {"errors", errors},
          {"notes", plan.notes},
          {"suspended", plan.suspended}};
}

}  // namespace

std::string Summary(const Plan& p) {
  std::map<Verb, std::size_t> runnable;
  std::size_t disruptive = 0, destructive = 0;
  for (const auto& a : p.actions) {
    if (a.held()) continue;
    ++runnable[a.verb];
    disruptive += a.disruption == Disruption::kDisruptive;
    destructive += a.disruption == Disruption::kDestructive;
  }
  std::vector<std::string> parts;
  for (const auto& [verb, n] : runnable) parts.push_back(StrCat(n, " ", VerbName(verb)));
  // "no changes" only when nothing differs: not when everything that differs is held, or could
  // not be planned.
  std::string out = !parts.empty()                        ? core::Join(parts, ", ")
                    : p.HasChanges() || !p.errors.empty() ? "nothing to run now"
                                                          : "no changes";
  if (disruptive) out += StrCat("; ", disruptive, " disruptive");
  if (destructive) out += StrCat("; ", destructive, " destructive");
  if (p.Held()) out += StrCat("; ", p.Held(), " held");
  if (!p.errors.empty()) out += StrCat("; ", p.errors.size(), " error(s)");
  out += StrCat("; ", p.in_sync, " in sync");
  return out;
}

namespace {

// ANSI SGR sequences, or nothing without colour.
struct Paint {
  bool on;
  std::string operator()(std::string_view code, std::string_view text) const {
    return on ? StrCat("\x1b[", code, "m", text, "\x1b[0m") : std::string(text);
  }
};
constexpr std::string_view kGreen = "32", kRed = "31", kYellow = "33", kMagenta = "35",
                           kCyan = "36", kBold = "1", kDim = "2";

std::string_view SymbolColor(const Action& a) {
  switch (a.verb) {
    case Verb::kCreate:
      return kGreen;
    case Verb::kDelete:
      return kRed;
    case Verb::kReplace:
      return kMagenta;
    case Verb::kAdopt:
      return kCyan;
    default:
      return a.disruption == Disruption::kDestructive ? kRed : kYellow;
  }
}

void RenderAction(const Action& a, std::string& out, const Paint& paint) {
  std::string line = StrCat("  ", Symbol(a), " ", a.name);
  std::string verb(VerbName(a.verb));
  if (a.disruption != Disruption::kSafe) verb += StrCat(" [", DisruptionName(a.disruption), "]");
  line += std::string(line.size() < 40 ? 40 - line.size() : 1, ' ') + verb;
  if (!a.note.empty()) line += StrCat("  (", a.note, ")");
  out += paint(a.held() ? kDim : SymbolColor(a), line) + "\n";
  for (const auto& c : a.changes) {
    if (a.verb == Verb::kCreate) {  // what the create sends
      out += StrCat("      ", c.path, ": ", c.after, "\n");
      continue;
    }
    out += StrCat("      ", c.path, ": ", c.before.empty() ? "(unset)" : c.before, " -> ",
                  c.after.empty() ? "(unset)" : c.after,
                  c.write_only ? "  (write-only: drift is not detectable)" : "", "\n");
  }
  if (a.held()) {
    out += paint(kYellow, StrCat("      HELD by ", GateName(a.held_by), " (clears ", a.Clears(),
                                 "): ", a.held_reason)) +
           "\n";
  }
}

}  // namespace

std::string Legend() {
  return "Legend: + create  - delete  # replace (delete, then create)  ~ change  = adopt\n"
         "        [disruptive] stops, reboots or logs users off  [destructive] loses data\n"
         "        HELD: a gate keeps it back (it says when it clears)\n";
}

std::string RenderText(const Plan& plan, const RenderOptions& options) {
  const Paint paint{options.color};
  std::string out;
  if (options.legend && !plan.actions.empty()) out += paint(kDim, Legend());
  for (const auto& kind : specs::Kinds()) {
    bool header = false;
    for (const auto& a : plan.actions) {
      if (a.kind != kind.name) continue;
      if (!header) out += paint(kBold, kind.name) + "\n";
      header = true;
      RenderAction(a, out, paint);
    }
  }
  for (const auto& e : plan.errors) {
    out += paint(kRed, StrCat("error: ", e.kind, "/", e.name, ": ", e.message)) + "\n";
  }
  for (const auto& s : plan.suspended) out += StrCat("suspended: ", s, "\n");
  for (const auto& n : plan.notes) out += StrCat("note: ", n, "\n");
  out += paint(kBold, StrCat("Plan: ", Summary(plan), ".")) + "\n";
  return out;
}

std::string RenderJson(const Plan& plan) {
  json j = PlanBody(plan);
  j["format_version"] = 1;
  j["has_changes"] = plan.HasChanges();
  j["summary"] = Summary(plan);
  j["fingerprint"] = Fingerprint(plan);
  return j.dump(2);
}

std::string Fingerprint(const Plan& plan) { return cloud::Sha256Hex(PlanBody(plan).dump()); }

std::string FingerprintOfSavedPlan(const std::string& plan_json) {
  json j = json::parse(plan_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return "";
  return j.value("fingerprint", "");
}

}  // namespace deskops::reconcilers
