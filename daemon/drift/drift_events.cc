#include "daemon/drift/drift_events.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "core/strings.h"
#include "specs/kinds.h"
#include "specs/schema.h"

namespace deskops::daemon {

using reconcilers::Verb;

namespace {

// Verbs whose changes are not drift: the object is new to the tenant, or to deskops, or no longer
// declared.
bool IsDriftVerb(Verb verb) {
  return verb != Verb::kCreate && verb != Verb::kAdopt && verb != Verb::kDelete;
}

// "spec.a.b[x].c" -> {"spec", "a", "b", "[x]", "c"}.
std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '.') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else if (c == '[') {
      if (!cur.empty()) out.push_back(std::move(cur));
      const auto close = path.find(']', i);
      const auto end = close == std::string_view::npos ? path.size() : close + 1;
      out.emplace_back(path.substr(i, end - i));
      cur.clear();
      i = end - 1;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// The schema node a change's path leads to, or null when the schema does not declare it.
const specs::SchemaNode* NodeAt(std::string_view kind, std::string_view path) {
  const specs::KindInfo* info = specs::FindKind(kind);
  if (!info) return nullptr;
  auto segs = Segments(path);
  if (segs.empty() || segs.front() != "spec") return nullptr;
  const specs::SchemaNode* node = &info->spec_schema();
  for (std::size_t i = 1; i < segs.size(); ++i) {
    if (segs[i].front() == '[') {
      if (node->type != specs::SchemaType::kArray || !node->items) return nullptr;
      node = node->items.get();
    } else if (node->type == specs::SchemaType::kObject) {
      const specs::SchemaField* f = node->FindField(segs[i]);
      if (!f) return nullptr;
      node = &f->node;
    } else if (node->type == specs::SchemaType::kMap && node->values) {
      node = node->values.get();
    } else {
      return nullptr;
    }
  }
  return node;
}

bool NamesSecret(std::string_view path) {
  for (const auto& seg : Segments(path)) {
    if (seg.front() != '[' && core::IsSecretKey(seg)) return true;
  }
  return false;
}

// Booleans and integers carry no secret whatever their name says (enableChangePassword).
bool MaskedField(std::string_view kind, std::string_view path) {
  if (!NamesSecret(path)) return false;
  const specs::SchemaNode* node = NodeAt(kind, path);
  return !node ||
         (node->type != specs::SchemaType::kBoolean && node->type != specs::SchemaType::kInteger);
}

std::string Render(std::string_view kind, std::string_view path, const std::string& shown,
                   const core::SecretRegistry& secrets) {
  if (shown.empty()) return "";
  if (MaskedField(kind, path)) return std::string(core::SecretRegistry::kMask);
  return secrets.Redact(PlainValue(shown));
}

using OutcomeKey = std::pair<std::string, std::string>;  // object key, verb

std::map<OutcomeKey, DriftResult> Results(const reconcilers::ApplyReport* report) {
  std::map<OutcomeKey, DriftResult> out;
  if (!report) return out;
  for (const auto& o : report->outcomes) {
    const DriftResult r = o.ok        ? DriftResult::kSucceeded
                          : o.skipped ? DriftResult::kSkipped
                                      : DriftResult::kFailed;
    auto [it, fresh] = out.emplace(OutcomeKey{o.key, o.verb}, r);
    // Two actions of one verb on an object: the worse result stands.
    if (!fresh && r != DriftResult::kSucceeded) it->second = r;
  }
  return out;
}

}  // namespace

std::string_view DriftActionName(DriftAction action) {
  return action == DriftAction::kHeld ? "held" : "taken";
}

std::string_view DriftResultName(DriftResult result) {
  switch (result) {
    case DriftResult::kNone:
      return "";
    case DriftResult::kSucceeded:
      return "succeeded";
    case DriftResult::kFailed:
      return "failed";
    case DriftResult::kSkipped:
      return "skipped";
  }
  return "";
}

std::string PlainValue(std::string_view shown) {
  if (shown.size() >= 2 && shown.front() == '"' && shown.back() == '"') {
    auto parsed = nlohmann::json::parse(shown, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_string()) return parsed.get<std::string>();
  }
  return std::string(shown);
}

std::string FieldLabel(std::string_view kind, std::string_view path) {
  const specs::KindInfo* info = specs::FindKind(kind);
  auto segs = Segments(path);
  if (!info || segs.size() < 2 || segs[0] != "spec") return "other";
  const specs::SchemaField* f = info->spec_schema().FindField(segs[1]);
  return f ? "spec." + f->name : "other";
}

std::vector<std::string> FieldLabels(std::string_view kind) {
  std::vector<std::string> out;
  if (const specs::KindInfo* info = specs::FindKind(kind)) {
    for (const auto& name : info->spec_schema().FieldNames()) out.push_back("spec." + name);
  }
  out.push_back("other");
  return out;
}

std::vector<DriftEvent> BuildDriftEvents(const reconcilers::Plan& plan,
                                         const reconcilers::ApplyReport* report,
                                         const core::SecretRegistry& secrets) {
  const auto results = Results(report);
  // An object created by this plan: its other steps (memberships, targets, power) finish the
  // create; nothing of it was live to drift.
  std::set<std::string> created;
  for (const auto& a : plan.actions) {
    if (a.verb == Verb::kCreate) created.insert(reconcilers::ObjectKey(a.kind, a.name));
  }
  std::vector<DriftEvent> out;
  for (const auto& a : plan.actions) {
    if (!IsDriftVerb(a.verb) || created.count(reconcilers::ObjectKey(a.kind, a.name))) continue;
    for (const auto& c : a.changes) {
      if (c.write_only) continue;
      DriftEvent e;
      e.kind = a.kind;
      e.name = a.name;
      e.field = c.path;
      e.field_label = FieldLabel(a.kind, c.path);
      e.before = Render(a.kind, c.path, c.before, secrets);
      e.after = Render(a.kind, c.path, c.after, secrets);
      e.verb = a.verb;
      if (a.held()) {
        e.action = DriftAction::kHeld;
        e.gate = a.held_by;
        e.reason = secrets.Redact(a.held_reason);
      } else {
        auto it = results.find(
            {reconcilers::ObjectKey(a.kind, a.name), std::string(reconcilers::VerbName(a.verb))});
        if (it != results.end()) e.result = it->second;
      }
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace deskops::daemon
