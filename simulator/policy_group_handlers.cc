// Policy groups, 4.14.1-4.14.10. The `policies` object is kept as the JSON the client wrote: its
// field names differ between the reference's operations (api-digest.md 7.2), so the simulator
// stores and returns whatever spelling it was given, merging partial updates (4.14.7: "Modifies
// some or all policy items", L27483).
#include <algorithm>
#include <map>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/handlers.h"
#include "simulator/sim_time.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

// INSTANCE, USER, USERGROUP, CLIENTIP, OU, DESKTOPPOOL, ALL (L23165); 4.14.8's response spells
// DESKTOPSPOOL (L29294), so both are accepted.
constexpr std::array<std::string_view, 8> kTargetTypes = {
    "INSTANCE", "USER", "USERGROUP", "CLIENTIP", "OU", "DESKTOPPOOL", "DESKTOPSPOOL", "ALL"};

core::StatusOr<std::vector<PolicyTarget>> ReadTargets(BodyReader& r, std::string_view key) {
  std::vector<PolicyTarget> out;
  r.ForEach(key, Need::kOptional, 0, [&](BodyReader& item, std::size_t) {
    out.push_back({item.Str("target_id").value_or(""),
                   item.Str("target_name", Need::kOptional, 55).value_or(""),  // max 55 (L23162)
                   item.Enum("target_type", Need::kOptional, kTargetTypes).value_or("")});
    return item.status();
  });
  if (!r.ok()) return r.status();
  return out;
}

core::StatusOr<PolicyGroup*> PathPolicyGroup(Context& ctx) {
  PolicyGroup* g = ctx.state.policy_groups.Find(ctx.Param("policy_group_id"));
  if (!g) return PathNotFound("policy group", ctx.Param("policy_group_id"));
  return g;
}

core::Status CheckName(const Context& ctx, const std::string& name, const std::string& self) {
  if (name.empty() || core::Utf8Length(name).value_or(256) > 255) {
    return InvalidField("policy_group.policy_group_name", "Use 1 to 255 characters.");
  }
  if (ctx.state.policy_groups.FindIf(
          [&](const PolicyGroup& g) { return g.name == name && g.id != self; })) {
    return AlreadyExists("policy group", name);
  }
  return core::Status::Ok();
}

// The policy_group object of 4.14.2 / 4.14.5, applied to `g`.
core::Status ReadPolicyGroup(Context& ctx, const Json& body, PolicyGroup* g) {
  BodyReader top(body);
  const Json* object = top.Object("policy_group", Need::kRequired);
  if (!top.ok()) return top.status();
  BodyReader r(*object, "policy_group");
  r.Str("policy_group_id");  // server-owned; ignored (L23148)
  r.Str("update_time");      // server-owned; ignored (L23154)
  if (auto v = r.Str("policy_group_name")) g->name = *v;
  if (auto v = r.Int("priority", Need::kOptional, 1)) g->priority = static_cast<int>(*v);
  if (auto v = r.Str("description", Need::kOptional, 255)) g->description = *v;
  if (r.Has("targets")) {
    DESKOPS_ASSIGN_OR_RETURN(g->targets, ReadTargets(r, "targets"));
  }
  if (const Json* policies = r.Object("policies")) g->policies.merge_patch(*policies);
  if (!r.ok()) return r.status();
  g->update_ms = ctx.now_ms;
  return core::Status::Ok();
}

struct GroupFilter {
  std::optional<std::string> id, name, update_time, description;
  std::optional<std::int64_t> priority;
  bool exact_name = false;

  bool Matches(const PolicyGroup& g) const {
    if (id && g.id != *id) return false;
    // Fuzzy unless is_group_name_accurate (L22353), which implies fuzzy by default.
    if (name && (exact_name ? g.name != *name : !Fuzzy(g.name, *name))) return false;
    if (priority && g.priority != *priority) return false;
    if (update_time && SpaceSeconds(g.update_ms) != *update_time) return false;
    if (description && !Fuzzy(g.description, *description)) return false;
    return true;
  }
};

core::StatusOr<GroupFilter> ReadFilter(const QueryParams& q) {
  GroupFilter f{q.Get("policy_group_id"),
                q.Get("policy_group_name"),
                q.Get("update_time"),
                q.Get("description"),
                std::nullopt,
                QueryBool(q, "is_group_name_accurate").value_or(false)};
  DESKOPS_ASSIGN_OR_RETURN(f.priority, QueryInt(q, "priority"));
  if (f.update_time && !ParseSpaceSeconds(*f.update_time)) {
    return InvalidField("update_time", "Use yyyy-MM-dd HH:mm:ss.");  // L22351
  }
  return f;
}

core::StatusOr<Response> ListImpl(Context& ctx, const PageSpec& spec, bool details) {
  DESKOPS_ASSIGN_OR_RETURN(Page page, ParsePage(ctx.query, spec));
  DESKOPS_ASSIGN_OR_RETURN(GroupFilter filter, ReadFilter(ctx.query));
  std::vector<PolicyGroup*> groups =
      ctx.state.policy_groups.Select([&](const PolicyGroup& g) { return filter.Matches(g); });
  std::stable_sort(groups.begin(), groups.end(), [](const PolicyGroup* a, const PolicyGroup* b) {
    return a->priority < b->priority;
  });
  return PageResponse(groups, page, "policy_groups", "total_count",
                      [&](const PolicyGroup* g) { return PolicyGroupJson(*g, details); });
}

}  // namespace

core::StatusOr<Response> ListPolicyGroups(Context& ctx) {
  // limit 0-100, all when absent (L22344); offset 0-1000 (L22345). "excluding policy information
  // and application object information" (L22326; the example L23078 has neither).
  return ListImpl(ctx, {.max_limit = 100, .max_offset = 1000, .all_by_default = true}, false);
}

core::StatusOr<Response> ListPolicyGroupsDetail(Context& ctx) {
  // limit 0-100 (L29553), offset 0-10,000 (L29554); no default stated: all, as 4.14.1.
  return ListImpl(ctx, {.max_limit = 100, .max_offset = 10000, .all_by_default = true}, true);
}

core::StatusOr<Response> GetPolicyGroup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(PolicyGroup * g, PathPolicyGroup(ctx));
  return JsonResponse(200, {{"policy_group", PolicyGroupJson(*g, true)}});
}

core::StatusOr<Response> CreatePolicyGroup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  PolicyGroup g;
  int max_priority = 0;
  for (const PolicyGroup* other : ctx.state.policy_groups.All())
    max_priority = std::max(max_priority, other->priority);
  g.priority = max_priority + 1;
  DESKOPS_RETURN_IF_ERROR(ReadPolicyGroup(ctx, body, &g));
  DESKOPS_RETURN_IF_ERROR(CheckName(ctx, g.name, ""));
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, QuotaDelta{.policy_groups = 1}));
  g.id = ctx.state.NewHexId();
  PolicyGroup* stored = ctx.state.policy_groups.Add(std::move(g));
  return JsonResponse(201, {{"id", stored->id}});  // `id`, not policy_group_id (L23804)
}

core::StatusOr<Response> UpdatePolicyGroup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(PolicyGroup * g, PathPolicyGroup(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  PolicyGroup updated = *g;
  DESKOPS_RETURN_IF_ERROR(ReadPolicyGroup(ctx, body, &updated));
  DESKOPS_RETURN_IF_ERROR(CheckName(ctx, updated.name, g->id));
  *g = std::move(updated);
  return JsonResponse(200, {{"id", g->id}});
}

core::StatusOr<Response> DeletePolicyGroup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(PolicyGroup * g, PathPolicyGroup(ctx));
  ctx.state.policy_groups.Remove(g->id);
  return EmptyResponse(204);
}

core::StatusOr<Response> GetPolicies(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(PolicyGroup * g, PathPolicyGroup(ctx));
  std::optional<std::string> type = ctx.query.Get("policy_type");
  if (!type) return JsonResponse(200, {{"policies", g->policies}});
  // policy_type values (L26724) and the `policies` sections they select.
  static const std::map<std::string, std::string, std::less<>> kSections = {
      {"Peripherals", "peripherals"},
      {"Audio", "audio"},
      {"Client", "client"},
      {"Display", "display"},
      {"FileAndClip", "file_and_clipboard"},
      {"ClientAccessControl", "client"},
      {"SessionAutoDisconnect", "session"},
      {"VirtualChannel", "virtual_channel"},
      {"Watermark", "watermark"},
      {"KeyboardAndMouse", "keyboard_mouse"},
      {"Seamless", "seamless"},
      {"RecordAudit", "record_audit"}};
  auto it = kSections.find(*type);
  if (it == kSections.end()) return InvalidField("policy_type");
  Json selected = Json::object();
  if (g->policies.contains(it->second)) selected[it->second] = g->policies[it->second];
  return JsonResponse(200, {{"policies", selected}});
}

core::StatusOr<Response> UpdatePolicies(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(PolicyGroup * g, PathPolicyGroup(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  const Json* policies = r.Object("policies");
  if (!r.ok()) return r.status();
  if (policies) g->policies.merge_patch(*policies);
  g->update_ms = ctx.now_ms;
  return JsonResponse(200, {{"policies", g->policies}});
}

core::StatusOr<Response> ListPolicyTargets(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(PolicyGroup * g, PathPolicyGroup(ctx));
  // limit 0-1000 (L29268); offset is a String (L29269).
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.max_limit = 1000, .all_by_default = true}));
  std::optional<std::string> type = ctx.query.Get("target_type");
  std::optional<std::string> name = ctx.query.Get("target_name");
  if (type && *type != "INSTANCE" && *type != "USER" && *type != "OU" && *type != "CLIENTIP") {
    return InvalidField("target_type", "Allowed values: INSTANCE, USER, OU, CLIENTIP.");  // L29266
  }
  std::vector<const PolicyTarget*> targets;
  for (const PolicyTarget& t : g->targets) {
    if ((!type || t.target_type == *type) && (!name || Fuzzy(t.target_name, *name)))
      targets.push_back(&t);
  }
  return PageResponse(targets, page, "targets", "total_count",
                      [](const PolicyTarget* t) { return TargetJson(*t); });
}

core::StatusOr<Response> UpdatePolicyTargets(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(PolicyGroup * g, PathPolicyGroup(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  DESKOPS_ASSIGN_OR_RETURN(std::vector<PolicyTarget> add, ReadTargets(r, "add"));
  DESKOPS_ASSIGN_OR_RETURN(std::vector<PolicyTarget> remove, ReadTargets(r, "delete"));
  auto same = [](const PolicyTarget& a, const PolicyTarget& b) {
    return a.target_id == b.target_id && a.target_type == b.target_type;
  };
  for (const PolicyTarget& t : remove) {
    std::erase_if(g->targets, [&](const PolicyTarget& x) { return same(x, t); });
  }
  for (const PolicyTarget& t : add) {
    if (std::none_of(g->targets.begin(), g->targets.end(),
                     [&](const PolicyTarget& x) { return same(x, t); })) {
      g->targets.push_back(t);
    }
  }
  g->update_ms = ctx.now_ms;
  return EmptyResponse(200);
}

}  // namespace deskops::simulator
