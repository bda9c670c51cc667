// The TerminalBinding planners: the switches (4.15.2) and the bindings by MAC (4.15.4-4.15.6).
// Pure functions of the manifest, the live object and the inventory's records.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/terminal_binding/terminal_binding_reconciler.h"

namespace deskops::reconcilers::terminal_binding {

using core::Quote;
using core::StrCat;
namespace api = cloud::terminals;
namespace ops = cloud::ops;

namespace {

constexpr char kKind[] = "TerminalBinding";
constexpr char kRecordPrefix[] = "binding:";
constexpr char kAdded[] = "added";      // the record of a binding deskops added (4.15.4)
constexpr char kAdopted[] = "adopted";  // ... of one it found declared and took over

Action Step_(const std::string& name, Verb verb, const cloud::Operation* op, Step step) {
  std::vector<const cloud::Operation*> calls;
  if (op) calls.push_back(op);
  return MakeStep(kKind, name, verb, std::move(calls), std::move(step));
}

std::string Bound(const std::string& desktop) { return StrCat("desktop ", Quote(desktop)); }

// The MACs deskops added or adopted, from the object's records.
std::vector<std::string> OwnedMacs(const std::map<std::string, std::string>& records) {
  std::vector<std::string> out;
  for (const auto& [key, value] : records) {
    if (core::StartsWith(key, kRecordPrefix) && !value.empty()) {
      out.push_back(key.substr(sizeof(kRecordPrefix) - 1));
    }
  }
  return out;
}

std::map<std::string, std::vector<const api::Binding*>> ByMac(const Tenant& live) {
  std::map<std::string, std::vector<const api::Binding*>> out;
  for (const api::Binding& b : live.bindings) out[specs::CanonicalMac(b.mac)].push_back(&b);
  return out;
}

std::string Ambiguous(const std::string& mac, std::size_t n) {
  return StrCat(BindingPath(mac), ": ", n,
                " live bindings have this MAC address; deskops cannot "
                "tell which one to manage (delete the extra ones in the console)");
}

// A declared binding that exists: adopted when deskops does not have it yet, modified when its
// desktop or description differ.
void PlanExisting(const ObjectContext& ctx, const specs::TerminalBindingItem& want,
                  const api::Binding& live, bool owned, ObjectPlan& p, Action& adopt) {
  const std::string path = BindingPath(want.mac);
  if (!owned) {
    const std::string kind = ctx.kind();
    if (!ctx.object.policy.adopt.value_or(ctx.diff.options.AdoptKind(kind))) {
      p.errors.push_back(StrCat(path, ": a live binding of this MAC (to ", Bound(live.desktop_name),
                                ") exists but deskops did not add it; allow adoption "
                                "(deskops.io/adopt: \"true\") to manage it"));
      return;
    }
    adopt.changes.push_back(
        {path, "(not deskops')", StrCat("adopted: ", Bound(live.desktop_name))});
    adopt.records[BindingKey(want.mac)] = kAdopted;
  }
  std::vector<FieldChange> changes;
  if (!core::EqualsIgnoreCase(want.desktop_name, live.desktop_name)) {
    changes.push_back({path + ".desktopName", Show(live.desktop_name), Show(want.desktop_name)});
  }
  Compare(changes, path + ".description", want.description, live.description);
  if (changes.empty()) return;
  api::Binding desired{live.id, want.mac, want.desktop_name,
                       want.description.value_or(live.description)};
  Action a = Step_(ctx.name(), Verb::kUpdate, &ops::kModifyBinding, ModifyBinding{desired, live});
  a.changes = std::move(changes);
  a.depends_on.push_back(ObjectKey("Desktop", want.desktop_name));
  p.actions.push_back(std::move(a));
}

// The bindings deskops added or adopted (`owned`) that are not `declared`: deleted, each by its
// MAC, as deletions under the prune rules; one already gone is forgotten (with the deletions when
// there are any, else with the plan).
void PlanReleases(const std::string& name, const std::vector<std::string>& owned,
                  const std::set<std::string>& declared, const Tenant& live,
                  std::vector<Action>& deletes, ObjectPlan& p) {
  const auto by_mac = ByMac(live);
  std::map<std::string, std::string> forgotten;
  for (const std::string& mac : owned) {
    if (declared.count(mac)) continue;
    auto it = by_mac.find(mac);
    if (it == by_mac.end()) {
      forgotten[BindingKey(mac)] = "";
      continue;
    }
    if (it->second.size() > 1) {
      p.errors.push_back(Ambiguous(mac, it->second.size()));
      continue;
    }
    const api::Binding& gone = *it->second.front();
    Action a = Step_(name, Verb::kDelete, &ops::kDeleteBindings, DeleteBinding{gone.id, mac});
    a.disruption = Disruption::kDestructive;
    a.changes.push_back({BindingPath(mac), Bound(gone.desktop_name), ""});
    a.records[BindingKey(mac)] = "";
    deletes.push_back(std::move(a));
  }
  if (forgotten.empty()) return;
  if (deletes.empty()) {
    p.records.insert(forgotten.begin(), forgotten.end());
  } else {
    deletes.back().records.insert(forgotten.begin(), forgotten.end());
  }
}

}  // namespace

std::string BindingKey(const std::string& mac) { return kRecordPrefix + specs::CanonicalMac(mac); }
std::string BindingPath(const std::string& mac) {
  return StrCat("spec.bindings[", specs::CanonicalMac(mac), "]");
}

void PlanSwitches(const ObjectContext& ctx, const specs::TerminalBindingSpec& spec,
                  const Tenant& live, ObjectPlan& p) {
  auto upper = [](const std::optional<std::string>& s) -> std::optional<std::string> {
    if (!s) return std::nullopt;
    std::string out = *s;
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  };
  std::vector<FieldChange> changes;
  // "on or off" in the tables, ON in the examples (L32809, L32853): compared without case.
  const std::string live_bind = upper(live.config.tc_bind_switch).value_or("");
  Compare(changes, "spec.tcBindSwitch", upper(spec.tc_bind_switch), live_bind);
  Compare(changes, "spec.tcAutoBindSwitch", upper(spec.tc_auto_bind_switch),
          upper(live.config.tc_auto_bind_switch).value_or(""));
  Compare(changes, "spec.tcAutoBindMax", spec.tc_auto_bind_max, live.config.tc_auto_bind_max);
  if (changes.empty()) return;
  if (!spec.tc_bind_switch && live_bind.empty()) {
    p.errors.push_back(
        "spec.tcBindSwitch: 4.15.2 requires the binding switch with every change "
        "(L32899) and 4.15.1 did not report it: set it in the manifest");
    return;
  }
  Action a = Step_(ctx.name(), Verb::kUpdate, &ops::kSetBindingConfig,
                   Configure{upper(spec.tc_bind_switch), upper(spec.tc_auto_bind_switch),
                             spec.tc_auto_bind_max, live_bind});
  a.changes = std::move(changes);
  p.actions.push_back(std::move(a));
}

void PlanBindings(const ObjectContext& ctx, const specs::TerminalBindingSpec& spec,
                  const Tenant& live, ObjectPlan& p) {
  if (!spec.bindings) return;  // bindings are not managed
  const auto by_mac = ByMac(live);
  const std::vector<std::string> owned =
      ctx.owned ? OwnedMacs(ctx.owned->records) : std::vector<std::string>{};
  auto is_owned = [&](const std::string& mac) {
    return std::find(owned.begin(), owned.end(), mac) != owned.end();
  };
  Action adopt = Step_(ctx.name(), Verb::kAdopt, nullptr, AdoptBindings{});
  std::vector<Action> adds, deletes;
  for (const specs::TerminalBindingItem& want : *spec.bindings) {
    auto it = by_mac.find(want.mac);
    if (it != by_mac.end() && it->second.size() > 1) {
      p.errors.push_back(Ambiguous(want.mac, it->second.size()));
      continue;
    }
    if (it != by_mac.end()) {
      PlanExisting(ctx, want, *it->second.front(), is_owned(want.mac), p, adopt);
      continue;
    }
    Action a = Step_(ctx.name(), Verb::kUpdate, &ops::kAddBindings,
                     AddBinding{want.mac, want.desktop_name, want.description});
    a.changes.push_back({BindingPath(want.mac), "", Bound(want.desktop_name)});
    if (want.description) {
      a.changes.push_back({BindingPath(want.mac) + ".description", "", Show(*want.description)});
    }
    a.records[BindingKey(want.mac)] = kAdded;
    a.depends_on.push_back(ObjectKey("Desktop", want.desktop_name));
    adds.push_back(std::move(a));
  }
  std::set<std::string> declared;
  for (const auto& b : *spec.bindings) declared.insert(b.mac);
  PlanReleases(ctx.name(), owned, declared, live, deletes, p);
  // Order: the adoption, the changes, the additions, then the deletions (which the executor runs
  // in its deletion phase, and which, held without --prune, must not hold the rest).
  if (!adopt.changes.empty()) p.actions.insert(p.actions.begin(), std::move(adopt));
  for (Action& a : adds) p.actions.push_back(std::move(a));
  for (Action& a : deletes) p.actions.push_back(std::move(a));
}

void PlanRelease(const DeleteContext& ctx, const Tenant& live, ObjectPlan& p) {
  std::vector<Action> deletes;
  PlanReleases(ctx.owned.name, OwnedMacs(ctx.owned.records), {}, live, deletes, p);
  for (Action& a : deletes) p.actions.push_back(std::move(a));
}

}  // namespace deskops::reconcilers::terminal_binding
