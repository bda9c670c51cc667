// Asynchronous pool operations: 4.4.6 expand, 4.4.7 resize, 4.4.8 rebuild, 4.4.9-4.4.11 volumes,
// 4.4.12 power actions. Each starts one job with a sub-job per member desktop.
#include <algorithm>
#include <map>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/desktop_common.h"
#include "simulator/model_json.h"
#include "simulator/pool_common.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

std::vector<Desktop*> Members(Context& ctx, const Pool& pool) {
  std::vector<Desktop*> out;
  for (const auto& d : ctx.state.desktops.ordered()) {
    if (d->pool_id == pool.id) out.push_back(d.get());
  }
  return out;
}

core::StatusOr<std::pair<Pool*, std::vector<Desktop*>>> BusyCheck(Context& ctx,
                                                                  std::string_view operation) {
  DESKOPS_ASSIGN_OR_RETURN(Pool * pool, PathPool(ctx));
  DESKOPS_RETURN_IF_ERROR(CheckPoolIdle(ctx, *pool, operation));
  std::vector<Desktop*> members = Members(ctx, *pool);
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, members, operation));
  return std::make_pair(pool, members);
}

// A disk of the pool named by 4.4.10 or 4.4.11: VolumeInfo {id, type, size, resource_spec_code}
// (L13230-13236, L13392-13395). The reference marks type and size mandatory and id optional, but
// the disk can only be found by its ID, so id is required. The official SDKs send less: 4.4.10's
// DeleteDesktopPoolVolumesReqVolumes has only `id`, 4.4.11's ExpandDesktopPoolVolumesReqVolumes
// only `id` and `size` (huaweicloud-sdk-go-v3 services/workspace/v2/model); both forms are
// accepted: a missing type is the existing disk's, and a delete needs no size. The SDKs' optional
// handle_type and desktop_ids, which the reference does not document, are ignored (the change
// applies to every desktop of the pool).
core::StatusOr<PoolVolume> ReadExistingVolume(BodyReader& r, bool need_size) {
  PoolVolume v;
  v.id = r.Str("id", Need::kRequired).value_or("");
  v.type = r.Str("type").value_or("");
  v.size =
      static_cast<int>(r.Int("size", need_size ? Need::kRequired : Need::kOptional).value_or(0));
  r.Str("resource_spec_code");
  if (!r.ok()) return r.status();
  return v;
}

// volumes[] of 4.4.9 (new disks, validated) or of 4.4.10/4.4.11 (disks of the pool by ID).
core::StatusOr<std::vector<PoolVolume>> ReadVolumes(Context& ctx, BodyReader& r,
                                                    const std::string& action) {
  std::vector<PoolVolume> out;
  r.ForEach("volumes", Need::kRequired, 0, [&](BodyReader& item, std::size_t) {
    auto v = action == "add" ? ReadPoolVolume(ctx, item, false)
                             : ReadExistingVolume(item, action == "expand");
    if (v.ok()) out.push_back(*v);
    return v.status();
  });
  if (!r.ok()) return r.status();
  return out;
}

int PoolVolumeIndex(const Pool& pool, const std::string& id) {
  for (std::size_t i = 0; i < pool.data_volumes.size(); ++i) {
    if (pool.data_volumes[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

core::StatusOr<Response> ExpandPool(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Pool * pool, PathPool(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  // "Expand the size of the desktop pool." (L12626): the number of desktops to add, as the
  // Terraform provider documents it.
  int size = static_cast<int>(r.Int("size", Need::kRequired, 1, 1000).value_or(0));
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(CheckPoolIdle(ctx, *pool, "expand pool"));
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, PoolQuota(ctx, *pool, size)));
  return JobResponse(200, *StartPoolDesktops(ctx, *pool, size, "expandDesktopPool"));
}

core::StatusOr<Response> ResizePool(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::string product_id = r.Str("product_id", Need::kRequired).value_or("");
  std::string flavor_id = r.Str("flavor_id").value_or("");
  r.Enum("mode", Need::kOptional, {"STOP_DESKTOP"});
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(auto busy, BusyCheck(ctx, "resize pool"));
  auto [pool, members] = busy;
  DESKOPS_ASSIGN_OR_RETURN(QuotaDelta delta, ResizeQuota(ctx, members, product_id));
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, delta));
  Job* job = StartDesktopJob(
      ctx, "resizeDesktopPool",  // no job_type documented for 4.4.7
      {{"kind", "pool_resize"}, {"product_id", product_id}, {"flavor_id", flavor_id}}, members,
      "resize_prep", pool->id);
  return ResizeResponse(*job);
}

core::StatusOr<Response> RebuildPool(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::string image_type = r.Str("image_type").value_or("");
  r.Bool("is_fix");
  DESKOPS_ASSIGN_OR_RETURN(std::string image_id, ReadRebuildImage(ctx, r));
  DESKOPS_ASSIGN_OR_RETURN(auto busy, BusyCheck(ctx, "rebuild pool"));
  auto [pool, members] = busy;
  return JobResponse(
      200, *StartDesktopJob(
               ctx, "rebuildDesktopPool",
               {{"kind", "pool_rebuild"}, {"image_id", image_id}, {"image_type", image_type}},
               members, "rebuilding", pool->id));
}

core::StatusOr<Response> PoolVolumes(Context& ctx, const std::string& action) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  r.Str("order_id");  // sent by the 4.4.11 example (L13468)
  DESKOPS_ASSIGN_OR_RETURN(std::vector<PoolVolume> volumes, ReadVolumes(ctx, r, action));
  DESKOPS_ASSIGN_OR_RETURN(auto busy, BusyCheck(ctx, core::StrCat(action, " pool volumes")));
  auto [pool, members] = busy;
  std::vector<PoolVolume> result = pool->data_volumes;
  Json plan = Json::object();
  QuotaDelta quota;
  for (std::size_t i = 0; i < volumes.size(); ++i) {
    PoolVolume& v = volumes[i];
    int index = action == "add" ? -1 : PoolVolumeIndex(*pool, v.id);
    if (action != "add" && index < 0) return ResourceNotFoundInBody("volume", v.id);
    if (action != "add" && v.type.empty()) v.type = pool->data_volumes[index].type;  // SDK form
    if (action == "delete" && !v.size) v.size = pool->data_volumes[index].size;
    // As for a desktop's disk (4.11.4): larger than now and at most 32760 GB (L5102).
    if (action == "expand" && (v.size <= pool->data_volumes[index].size || v.size > 32760)) {
      return InvalidField(
          core::StrCat("volumes[", i, "].size"),
          core::StrCat("The new size must be larger than ", pool->data_volumes[index].size,
                       " GB and at most 32760 GB."));
    }
    for (Desktop* d : members) {
      Json& entry = plan[d->id];
      if (action == "add")
        entry.push_back({{"type", v.type}, {"size", v.size}});
      else if (index < static_cast<int>(d->data.size()) && action == "delete")
        entry.push_back(d->data[index].volume_id);
      else if (index < static_cast<int>(d->data.size()))
        entry.push_back({{"volume_id", d->data[index].volume_id}, {"new_size", v.size}});
    }
    std::int64_t gb = action == "add"      ? v.size
                      : action == "expand" ? v.size - pool->data_volumes[index].size
                                           : 0;
    quota.volumes += action == "add" ? static_cast<std::int64_t>(members.size()) : 0;
    quota.volume_gb += gb * static_cast<std::int64_t>(members.size());
    if (action == "add")
      result.push_back(v);
    else if (action == "delete")
      std::erase_if(result, [&](const PoolVolume& x) { return x.id == v.id; });
    else
      result[index].size = v.size;
  }
  if (action == "add" && result.size() > 10)
    return InvalidField("volumes", "At most 10 data disks.");
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, quota));
  static const std::map<std::string, std::string> kJobTypes = {
      {"add", "addDesktopPoolVolumes"},
      {"delete", "deleteDesktopPoolVolumes"},
      {"expand", "expandDesktopPoolVolumes"}};  // the last is not documented (4.4.11)
  Json effect = {{"kind", "volumes"}, {"pool_volumes", result}};
  effect[action] = plan;
  return JobResponse(
      200, *StartDesktopJob(ctx, kJobTypes.at(action), effect, members, "updating", pool->id));
}

core::StatusOr<Response> AddPoolVolumes(Context& ctx) { return PoolVolumes(ctx, "add"); }
core::StatusOr<Response> DeletePoolVolumes(Context& ctx) { return PoolVolumes(ctx, "delete"); }
core::StatusOr<Response> ExpandPoolVolumes(Context& ctx) { return PoolVolumes(ctx, "expand"); }

core::StatusOr<Response> PoolAction(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  // `hibernate` here, `os-hibernate` for single desktops (L13545 vs L6932).
  std::string op =
      r.Enum("op_type", Need::kRequired, {"os-start", "os-stop", "reboot", "hibernate"})
          .value_or("");
  bool hard = r.Enum("type", Need::kOptional, {"SOFT", "HARD"}).value_or("SOFT") == "HARD";
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(auto busy, BusyCheck(ctx, op));
  auto [pool, members] = busy;
  // Desktops already in the wanted state are left alone (the call has no failure list).
  std::erase_if(members, [&](const Desktop* d) {
    return (op == "os-start" && d->status == "ACTIVE") ||
           ((op == "os-stop" || op == "hibernate") && d->status == "SHUTOFF") ||
           (op == "reboot" && d->status != "ACTIVE");
  });
  return JobResponse(
      200, *StartDesktopJob(ctx, "executeDesktopsAction", {{"kind", "power"}, {"op_type", op}},
                            members, PowerTaskStatus(op, hard), pool->id));
}

}  // namespace deskops::simulator
