// Access policies 4.14.12-4.14.17 and desktop name policies 4.5.1-4.5.4.
#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/handlers.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

core::StatusOr<std::vector<IpRange>> ReadIps(BodyReader& r, std::string_view key) {
  std::vector<IpRange> out;
  r.ForEach(key, Need::kOptional, 0, [&](BodyReader& item, std::size_t) {
    out.push_back({item.Str("ip_address", Need::kRequired).value_or(""),
                   item.Str("subnet_mask", Need::kRequired).value_or("")});
    return item.status();
  });
  if (!r.ok()) return r.status();
  return out;
}

core::StatusOr<std::vector<AccessPolicyObject>> ReadObjects(Context& ctx, BodyReader& r) {
  std::vector<AccessPolicyObject> out;
  r.ForEach("policy_objects_list", Need::kOptional, 0, [&](BodyReader& item, std::size_t) {
    AccessPolicyObject o;
    o.object_id = item.Str("object_id", Need::kRequired).value_or("");
    o.object_type = item.Enum("object_type", Need::kRequired, {"USER", "USERGROUP"}).value_or("");
    o.object_name = item.Str("object_name").value_or("");  // "will not be verified" (L31960)
    if (!item.ok()) return item.status();
    bool user = o.object_type == "USER";
    const User* u = user ? ctx.state.users.Find(o.object_id) : nullptr;
    const Group* g = user ? nullptr : ctx.state.groups.Find(o.object_id);
    if (!u && !g) return ResourceNotFoundInBody(user ? "user" : "user group", o.object_id);
    if (o.object_name.empty()) o.object_name = u ? u->user_name : g->name;
    out.push_back(std::move(o));
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  return out;
}

core::StatusOr<AccessPolicy*> PathAccessPolicy(Context& ctx) {
  // The path says access_policy_id (L32359), the object policy_id.
  AccessPolicy* p = ctx.state.access_policies.Find(ctx.Param("access_policy_id"));
  if (!p) return PathNotFound("access policy", ctx.Param("access_policy_id"));
  return p;
}

core::StatusOr<NamePolicy> ReadNamePolicy(BodyReader& r, NamePolicy p, Need need) {
  if (auto v = r.Str("policy_name", need)) p.name = *v;
  if (auto v = r.Str("name_prefix", need)) p.name_prefix = *v;
  if (auto v = r.Int("digit_number", need, 0, 9)) p.digit_number = static_cast<int>(*v);
  if (auto v = r.Int("start_number", need, 0)) p.start_number = static_cast<int>(*v);
  // Written as single_domain_user_increment (L15062, L15193), but the examples write the read name
  // single_domain_user_inc (L15119, L15242): either is accepted.
  std::string inc = r.Has("single_domain_user_increment") || !r.Has("single_domain_user_inc")
                        ? "single_domain_user_increment"
                        : "single_domain_user_inc";
  if (auto v = r.Int(inc, need, 0, 1)) p.single_domain_user_inc = static_cast<int>(*v);
  if (auto v = r.Bool("is_default_policy")) p.is_default_policy = *v;
  if (!r.ok()) return r.status();
  // "1 to 30 characters, including digits, letters, and underscores (.). It must start with a
  // letter or underscore (.)." (L15058): both '_' and '.' are accepted.
  bool ok = !p.name.empty() && p.name.size() <= 30 &&
            (std::isalpha(static_cast<unsigned char>(p.name[0])) || p.name[0] == '_' ||
             p.name[0] == '.') &&
            std::all_of(p.name.begin(), p.name.end(), [](char c) {
              return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
            });
  if (!ok) return InvalidField("policy_name", "Use 1 to 30 letters, digits, '_' and '.'.");
  return p;
}

void ClearOtherDefaults(Context& ctx, const NamePolicy& p) {
  if (!p.is_default_policy) return;
  for (NamePolicy* other : ctx.state.name_policies.All()) {
    if (other->id != p.id) other->is_default_policy = false;
  }
}

}  // namespace

core::StatusOr<Response> CreateAccessPolicy(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader top(body);
  const Json* object = top.Object("policy", Need::kRequired);
  if (!top.ok()) return top.status();
  BodyReader r(*object, "policy");
  AccessPolicy p;
  p.name = r.Str("policy_name").value_or("");
  p.blacklist_type = r.Enum("blacklist_type", Need::kOptional, {"INTERNET"}).value_or("INTERNET");
  p.access_control_type =
      r.Enum("access_control_type", Need::kOptional, {"ACCESS_TYPE", "IP_WHITE_LIST"})
          .value_or("ACCESS_TYPE");
  DESKOPS_ASSIGN_OR_RETURN(p.ip_list, ReadIps(r, "ip_list"));
  p.is_enable = r.Bool("is_enable").value_or(true);
  p.is_block_all = r.Bool("is_block_all").value_or(false);
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(p.objects, ReadObjects(ctx, top));
  if (ctx.state.access_policies.FindIf([&](const AccessPolicy& x) { return x.name == p.name; })) {
    return AlreadyExists("access policy", p.name);
  }
  p.id = ctx.state.NewHexId();
  p.created_ms = ctx.now_ms;
  ctx.state.access_policies.Add(std::move(p));
  return EmptyResponse(200);  // "200 Normal." and no body: find it by listing (L31964)
}

core::StatusOr<Response> ListAccessPolicies(Context& ctx) {
  // limit 0-100 default 100; offset 0-99 default 0 (L32084-32085), a record offset here.
  DESKOPS_ASSIGN_OR_RETURN(
      Page page, ParsePage(ctx.query, {.default_limit = 100, .max_limit = 100, .max_offset = 99}));
  std::optional<std::string> type = ctx.query.Get("access_control_type");
  std::vector<AccessPolicy*> policies = ctx.state.access_policies.Select(
      [&](const AccessPolicy& p) { return !type || p.access_control_type == *type; });
  return PageResponse(policies, page, "policies", "total",  // `total` (L32103)
                      [](const AccessPolicy* p) { return AccessPolicyJson(*p); });
}

core::StatusOr<Response> DeleteAccessPolicies(Context& ctx) {
  // A DELETE with a body (L32248); 200 without one.
  return BatchDelete(ctx, ctx.state.access_policies, {"policy_id_list", 0, "access policy", 200},
                     [&](const std::string& id) { ctx.state.access_policies.Remove(id); });
}

core::StatusOr<Response> UpdateAccessPolicy(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(AccessPolicy * p, PathAccessPolicy(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::string op =
      r.Enum("operation_type", Need::kOptional, {"ADD_IP", "DELETE_IP"}).value_or("ADD_IP");
  // ip_white_list here, ip_list when creating and reading (L32379 vs L31943).
  DESKOPS_ASSIGN_OR_RETURN(std::vector<IpRange> ips, ReadIps(r, "ip_white_list"));
  std::optional<bool> enable = r.Bool("is_enable");
  std::optional<bool> block_all = r.Bool("is_block_all");
  if (!r.ok()) return r.status();
  // is_enable "has the highest priority. If this value is transferred, only the policy's
  // activation status will be changed." (L31944)
  if (enable) {
    p->is_enable = *enable;
    return EmptyResponse(200);
  }
  if (block_all) {
    // "If is_enable is set to false, this value cannot be changed." (L31945)
    if (!p->is_enable) return InvalidField("is_block_all", "The policy is not enabled.");
    p->is_block_all = *block_all;
    return EmptyResponse(200);
  }
  for (const IpRange& ip : ips) {
    std::erase(p->ip_list, ip);
    if (op == "ADD_IP") p->ip_list.push_back(ip);
  }
  return EmptyResponse(200);
}

core::StatusOr<Response> ListAccessPolicyObjects(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(AccessPolicy * p, PathAccessPolicy(ctx));
  // limit 0-2000 default 10; offset 0-1999 (L32511-32512).
  DESKOPS_ASSIGN_OR_RETURN(
      Page page,
      ParsePage(ctx.query, {.default_limit = 10, .max_limit = 2000, .max_offset = 1999}));
  return PageResponse(p->objects, page, "policy_objects_list", "total",
                      [](const AccessPolicyObject& o) -> Json {
                        return {{"object_id", o.object_id},
                                {"object_name", o.object_name},
                                {"object_type", o.object_type}};
                      });
}

core::StatusOr<Response> UpdateAccessPolicyObjects(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(AccessPolicy * p, PathAccessPolicy(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  // "Request for updating the list of objects" (L32668): the list replaces the old one.
  DESKOPS_ASSIGN_OR_RETURN(p->objects, ReadObjects(ctx, r));
  return EmptyResponse(200);
}

core::StatusOr<Response> ListNamePolicies(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Page page, ParsePage(ctx.query, {.default_limit = 50, .max_limit = 50}));
  std::optional<bool> contains_user = QueryBool(ctx.query, "is_contain_user");
  std::optional<std::string> name = ctx.query.Get("policy_name");  // fuzzy (L14898)
  std::optional<std::string> id = ctx.query.Get("policy_id");
  std::vector<NamePolicy*> policies = ctx.state.name_policies.Select([&](const NamePolicy& p) {
    bool has_user = p.name_prefix.find("$DomainUser$") != std::string::npos;
    return (!contains_user || has_user == *contains_user) && (!name || Fuzzy(p.name, *name)) &&
           (!id || p.id == *id);
  });
  return PageResponse(policies, page, "desktop_name_policy_infos", "total_count",
                      [](const NamePolicy* p) { return NamePolicyJson(*p); });
}

core::StatusOr<Response> CreateNamePolicy(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  DESKOPS_ASSIGN_OR_RETURN(NamePolicy p, ReadNamePolicy(r, NamePolicy{}, Need::kRequired));
  if (ctx.state.name_policies.FindIf([&](const NamePolicy& x) { return x.name == p.name; })) {
    return AlreadyExists("desktop name policy", p.name);
  }
  p.id = ctx.state.NewUuid();
  p.next_number = p.start_number;
  ClearOtherDefaults(ctx, p);
  NamePolicy* stored = ctx.state.name_policies.Add(std::move(p));
  return JsonResponse(200, {{"policy_id", stored->id}});
}

core::StatusOr<Response> UpdateNamePolicy(Context& ctx) {
  // 4.5.3 documents no 404 (status table L15259): an unknown ID is a 400 like other body IDs.
  NamePolicy* p = ctx.state.name_policies.Find(ctx.Param("policy_id"));
  if (!p) return ResourceNotFoundInBody("desktop name policy", ctx.Param("policy_id"));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  DESKOPS_ASSIGN_OR_RETURN(NamePolicy updated, ReadNamePolicy(r, *p, Need::kOptional));
  if (ctx.state.name_policies.FindIf(
          [&](const NamePolicy& x) { return x.name == updated.name && x.id != p->id; })) {
    return AlreadyExists("desktop name policy", updated.name);
  }
  if (updated.start_number != p->start_number) updated.next_number = updated.start_number;
  *p = std::move(updated);
  ClearOtherDefaults(ctx, *p);
  return EmptyResponse(204);
}

core::StatusOr<Response> BatchDeleteNamePolicies(Context& ctx) {
  // "A maximum of 50 policy IDs are supported." (L15303)
  return BatchDelete(ctx, ctx.state.name_policies, {"policy_ids", 50, "desktop name policy", 204},
                     [&](const std::string& id) { ctx.state.name_policies.Remove(id); });
}

}  // namespace deskops::simulator
