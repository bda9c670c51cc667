#include "reconcilers/policy_group/policy_targets.h"

#include <set>

#include "core/strings.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers::targets {

using cloud::policy_groups::Target;
using core::StrCat;

namespace {

constexpr const char* kAllId = "default-apply-all-targets";  // L23165
constexpr const char* kAllName = "All-Targets";

using Key = std::pair<std::string, std::string>;

Key KeyOf(const std::string& type, const std::string& name) {
  if (type == "ALL") return {type, ""};
  return {type, type == "INSTANCE" ? core::ToLower(name) : name};
}

}  // namespace

Delta Diff(const std::vector<specs::PolicyTarget>& desired, const std::vector<Target>& observed) {
  Delta d;
  std::set<Key> have, want;
  for (const Target& t : observed) have.insert(KeyOf(t.target_type, t.target_name));
  for (std::size_t i = 0; i < desired.size(); ++i) {
    const auto& t = desired[i];
    want.insert(KeyOf(t.type, t.name));
    if (!have.count(KeyOf(t.type, t.name))) d.add.push_back({i, t});
  }
  for (const Target& t : observed) {
    if (!want.count(KeyOf(t.target_type, t.target_name))) d.remove.push_back(t);
  }
  return d;
}

void DependOn(const std::vector<Delta::Added>& add, std::vector<std::string>& depends_on) {
  for (const auto& added : add) {
    // Whether the referenced object exists or is declared, the engine checks for every
    // reference (specs::Object::refs); added targets depend on it.
    const std::string_view kind = specs::TargetRefKind(added.target.type);
    if (!kind.empty()) depends_on.push_back(ObjectKey(kind, added.target.name));
  }
}

core::StatusOr<Target> Resolve(const LiveIndex& index, const specs::PolicyTarget& t) {
  if (t.type == "ALL") return Target{kAllId, kAllName, "ALL"};
  if (t.type == "CLIENTIP") return Target{t.name, t.name, t.type};
  if (t.type == "INSTANCE") {
    auto desktop = index.Find("Desktop", t.name);
    if (!desktop || desktop->Attr("sid").empty()) {
      return core::Status::FailedPrecondition(
          StrCat("Desktop ", core::Quote(t.name), " has no known SID (it does not exist yet)"));
    }
    return Target{desktop->Attr("sid"), t.name, t.type};
  }
  const std::string_view kind = specs::TargetRefKind(t.type);
  if (kind.empty()) {
    return core::Status::FailedPrecondition(StrCat(t.type, " targets are not supported yet"));
  }
  DESKOPS_ASSIGN_OR_RETURN(std::string id, ResolveId(index, std::string(kind), t.name));
  return Target{id, t.name, t.type};
}

core::StatusOr<std::vector<Target>> Resolve(const LiveIndex& index,
                                            const std::vector<specs::PolicyTarget>& targets) {
  std::vector<Target> out;
  for (const auto& t : targets) {
    DESKOPS_ASSIGN_OR_RETURN(Target resolved, Resolve(index, t));
    out.push_back(std::move(resolved));
  }
  return out;
}

std::string Describe(const std::string& type, const std::string& name) {
  return type == "ALL" ? type : StrCat(type, " ", core::Quote(name));
}

}  // namespace deskops::reconcilers::targets
