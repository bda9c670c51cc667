// Desktop pools: 4.4.1 create, 4.4.2 list, 4.4.5 get, 4.4.3 modify, 4.4.4 delete, 4.4.13/4.4.14
// authorised users and groups, 4.4.15 member desktops.
#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/desktop_common.h"
#include "simulator/pool_common.h"
#include "simulator/sim_time.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

// Pool names: "1 to 255 characters, including uppercase letters, lowercase letters, digits, and
// hyphens (-)" (L11568); unique.
core::Status CheckPoolName(const Context& ctx, const std::string& name, const std::string& self) {
  bool ok =
      !name.empty() && name.size() <= 255 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
      });
  if (!ok) return InvalidField("name", "Use 1 to 255 letters, digits and hyphens.");
  if (ctx.state.pools.FindIf([&](const Pool& p) { return p.name == name && p.id != self; })) {
    return AlreadyExists("desktop pool", name);
  }
  return core::Status::Ok();
}

core::StatusOr<AuthorizedObject> ReadAuthorized(Context& ctx, BodyReader& r) {
  AuthorizedObject o;
  o.object_type = r.Enum("object_type", Need::kRequired, {"USER", "USER_GROUP"}).value_or("");
  o.object_id = r.Str("object_id", Need::kRequired).value_or("");
  o.object_name = r.Str("object_name", Need::kRequired).value_or("");
  o.user_group = r.Enum("user_group", Need::kRequired, kUserGroups).value_or("");
  r.Str("created_at");
  if (!r.ok()) return r.status();
  bool exists = o.object_type == "USER" ? ctx.state.users.Find(o.object_id) != nullptr
                                        : ctx.state.groups.Find(o.object_id) != nullptr;
  if (!exists)
    return ResourceNotFoundInBody(o.object_type == "USER" ? "user" : "user group", o.object_id);
  o.created_ms = ctx.now_ms;
  return o;
}

core::StatusOr<std::vector<AuthorizedObject>> ReadAuthorizedList(Context& ctx, BodyReader& r,
                                                                 std::string_view key) {
  std::vector<AuthorizedObject> out;
  r.ForEach(key, Need::kOptional, 0, [&](BodyReader& item, std::size_t) -> core::Status {
    DESKOPS_ASSIGN_OR_RETURN(AuthorizedObject o, ReadAuthorized(ctx, item));
    out.push_back(std::move(o));
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  return out;
}

core::Status ReadPoolSettings(Context& ctx, BodyReader& r, Pool* pool) {
  if (auto v = r.Str("description")) pool->description = *v;
  if (auto v = r.Str("ou_name")) pool->ou_name = *v;
  if (r.Has("tags")) {
    DESKOPS_ASSIGN_OR_RETURN(pool->tags, ReadTags(r, "tags"));
  }
  if (auto v = r.Int("disconnected_retention_period", Need::kOptional, 0)) {
    pool->disconnected_retention_period = static_cast<int>(*v);
  }
  if (auto v = r.Bool("enable_autoscale")) pool->enable_autoscale = *v;
  if (const Json* policy = r.Object("autoscale_policy")) {
    BodyReader a(*policy, "autoscale_policy");
    a.Enum("autoscale_type", Need::kOptional, {"ACCESS_CREATED", "AUTO_CREATED"});
    for (const char* key : {"max_auto_created", "min_idle", "once_auto_created"}) {
      a.Int(key, Need::kOptional, 0);
    }
    r.Absorb(a);
    if (r.ok()) pool->autoscale_policy = *policy;
  }
  if (auto v = r.Bool("in_maintenance_mode")) pool->in_maintenance_mode = *v;
  if (auto v = r.Str("desktop_name_policy_id")) {
    if (!v->empty() && !ctx.state.name_policies.Find(*v)) {
      return ResourceNotFoundInBody("desktop name policy", *v);
    }
    pool->desktop_name_policy_id = *v;
  }
  if (auto v = r.Str("availability_zone")) {
    if (!ctx.state.catalog().FindAvailabilityZone(*v))
      return ResourceNotFoundInBody("availability_zone", *v);
    pool->availability_zone = *v;
  }
  return r.status();
}

}  // namespace

core::StatusOr<Response> CreatePool(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  Pool pool;
  pool.id = ctx.state.NewUuid();
  pool.created_ms = ctx.now_ms;
  pool.name = r.Str("name", Need::kRequired).value_or("");
  pool.type = r.Enum("type", Need::kRequired, {"DYNAMIC", "STATIC"}).value_or("");
  int size = static_cast<int>(r.Int("size", Need::kRequired, 0, 1000).value_or(0));
  pool.availability_zone = ctx.state.catalog().DefaultAvailabilityZone().code;
  DESKOPS_RETURN_IF_ERROR(ReadPoolSettings(ctx, r, &pool));
  DESKOPS_RETURN_IF_ERROR(ReadPoolImageAndDisks(ctx, r, &pool));
  pool.enterprise_project_id = r.Str("enterprise_project_id").value_or("0");
  DESKOPS_ASSIGN_OR_RETURN(pool.authorized, ReadAuthorizedList(ctx, r, "authorized_objects"));
  DESKOPS_RETURN_IF_ERROR(CheckPoolName(ctx, pool.name, ""));
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, PoolQuota(ctx, pool, size)));
  // The pool is listed at once (4.4.2 finds it by name while its desktops are being built); its
  // job carries no pool ID (JobEntities L44034-44038).
  Pool* stored = ctx.state.pools.Add(std::move(pool));
  return JobResponse(200, *StartPoolDesktops(ctx, *stored, size, "createDesktopPool"));
}

core::StatusOr<Response> ListPools(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.default_limit = 1000, .max_limit = 1000}));
  std::optional<std::string> name = ctx.query.Get("name");
  std::optional<std::string> type = ctx.query.Get("type");
  std::optional<std::string> project = ctx.query.Get("enterprise_project_id");
  std::optional<bool> maintenance = QueryBool(ctx.query, "in_maintenance_mode");
  std::vector<Pool*> pools = ctx.state.pools.Select([&](const Pool& p) {
    // The reference does not say how `name` matches; the real service matches fuzzily (the
    // Terraform provider polls a fuzzy name filter for an exact match), so the simulator does too.
    return (!name || Fuzzy(p.name, *name)) && (!type || p.type == *type) &&
           (!project || p.enterprise_project_id == *project) &&
           (!maintenance || p.in_maintenance_mode == *maintenance);
  });
  return PageResponse(pools, page, "desktop_pools", "total_count",
                      [&](const Pool* p) { return PoolJson(*p, ctx.Render()); });
}

core::StatusOr<Response> GetPool(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Pool * pool, PathPool(ctx));
  return JsonResponse(200, PoolJson(*pool, ctx.Render()));  // unwrapped (L12364)
}

core::StatusOr<Response> UpdatePool(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Pool * pool, PathPool(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  Pool updated = *pool;
  if (auto name = r.Str("name")) updated.name = *name;
  DESKOPS_RETURN_IF_ERROR(ReadPoolSettings(ctx, r, &updated));
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(CheckPoolName(ctx, updated.name, pool->id));
  *pool = std::move(updated);
  return EmptyResponse(204);
}

core::StatusOr<Response> DeletePool(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Pool * pool, PathPool(ctx));
  DESKOPS_RETURN_IF_ERROR(CheckPoolIdle(ctx, *pool, "delete pool"));
  // "If no desktop exists in a desktop pool, you can delete the desktop pool." (L12211)
  auto [count, used] = ctx.state.desktops.PoolCounts(pool->id);
  if (count > 0) {
    return OperationConflict(core::StrCat("STEADY, ", count, " desktops"), "delete pool", pool->id);
  }
  ctx.state.pools.Remove(pool->id);
  return EmptyResponse(204);
}

core::StatusOr<Response> ListPoolUsers(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Pool * pool, PathPool(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.default_limit = 10, .max_limit = 100}));
  return PageResponse(pool->authorized, page, "objects", "total_count",
                      [](const AuthorizedObject& o) -> Json {
                        return {{"object_type", o.object_type},
                                {"object_id", o.object_id},
                                {"object_name", o.object_name},
                                {"user_group", o.user_group},
                                {"created_at", IsoMillis(o.created_ms)}};
                      });
}

core::StatusOr<Response> UpdatePoolUsers(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Pool * pool, PathPool(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::string action = r.Enum("action", Need::kRequired, {"ADD", "REMOVE"}).value_or("");
  DESKOPS_ASSIGN_OR_RETURN(std::vector<AuthorizedObject> objects,
                           ReadAuthorizedList(ctx, r, "objects"));
  for (AuthorizedObject& o : objects) {
    auto same = [&](const AuthorizedObject& x) { return x.object_id == o.object_id; };
    std::erase_if(pool->authorized, same);
    if (action == "ADD") pool->authorized.push_back(std::move(o));
  }
  return EmptyResponse(204);
}

core::StatusOr<Response> ListPoolDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Pool * pool, PathPool(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.default_limit = 10, .max_limit = 100}));
  std::optional<std::string> inconsistent = ctx.query.Get("inconsistent_type");
  if (inconsistent && *inconsistent != "PRODUCT" && *inconsistent != "IMAGE") {
    return InvalidField("inconsistent_type", "Allowed values: PRODUCT, IMAGE.");
  }
  std::vector<const Desktop*> members;
  for (const auto& d : ctx.state.desktops.ordered()) {
    if (d->pool_id != pool->id) continue;
    if (inconsistent == "PRODUCT" && d->product_id == pool->product_id) continue;
    if (inconsistent == "IMAGE" && d->image_id == pool->image_id) continue;
    members.push_back(d.get());
  }
  std::string body;
  JsonWriter w(&body);
  w.BeginObject().Key("pool_desktops").BeginArray();
  auto [begin, end] = page.Window(members.size());
  for (std::size_t i = begin; i < end; ++i) WriteDesktopDetail(w, *members[i], ctx.Render(), true);
  w.EndArray();
  w.Field("total_count", static_cast<std::int64_t>(members.size()));
  w.Field("on_demand_desktops_num", static_cast<std::int64_t>(members.size()));
  w.Field("period_desktops_num", 0).EndObject();
  return RawJsonResponse(200, std::move(body));
}

}  // namespace deskops::simulator
