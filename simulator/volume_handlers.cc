// Desktop disks, 4.11.1-4.11.5: all asynchronous (addVolumes, deleteVolumes, expandVolumes).
#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/desktop_common.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;
constexpr std::size_t kMaxDataDisks = 10;  // "Each desktop can contain a maximum of 10 data disks."

const Volume* FindVolume(const Desktop& d, const std::string& id) {
  if (d.root.volume_id == id || d.root.id == id) return &d.root;
  for (const Volume& v : d.data) {
    if (v.volume_id == id || v.id == id) return &v;
  }
  return nullptr;
}

// volumes[{type, size}] for one desktop: validated, counted against the 10-disk limit.
core::StatusOr<Json> ReadNewVolumes(BodyReader& r, const Desktop& d, QuotaDelta* quota) {
  Json out = Json::array();
  r.ForEach("volumes", Need::kRequired, 0, [&](BodyReader& item, std::size_t) {
    auto v = ReadVolumeSpec(item, false);
    if (!v.ok()) return v.status();
    out.push_back({{"type", v->type}, {"size", v->size}});
    quota->volumes += 1;
    quota->volume_gb += v->size;
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  if (d.data.size() + out.size() > kMaxDataDisks) {
    return InvalidField(r.PathOf("volumes"),
                        "Each desktop can contain a maximum of 10 data disks.");
  }
  return out;
}

// {"add"|"delete"|"expand": {desktop_id: [...]}} as one volumes job.
Job* StartVolumeJob(Context& ctx, std::string job_type, const char* action, const Json& plan,
                    const std::vector<Desktop*>& desktops) {
  return StartDesktopJob(ctx, std::move(job_type), {{"kind", "volumes"}, {action, plan}}, desktops,
                         "updating");
}

Response ProvisionResponse(const Context& ctx, const Job& job) {
  // 4.11.1 and 4.11.4 add the CBC polling hints (L20348-20352).
  return JsonResponse(
      200, {{"job_id", job.id},
            {"getJobEndpoint", core::StrCat("/v2/", ctx.project_id, "/workspace-jobs/", job.id)},
            {"maxProvisionTime", 60},
            {"minProvisionTime", 3},
            {"periodicQueryTime", 1}});
}

// For each element of the array `key`, each naming a desktop: finds it (400 WKS.0418 when unknown),
// checks it is idle, and lets `read` add its part to `plan[desktop_id]` (an array). Returns the
// desktops in order of first appearance.
template <class Read>
core::StatusOr<std::vector<Desktop*>> ReadPerDesktop(Context& ctx, BodyReader& r,
                                                     std::string_view key, std::string_view op,
                                                     Json* plan, Read read) {
  std::vector<Desktop*> desktops;
  r.ForEach(key, Need::kRequired, 0, [&](BodyReader& item, std::size_t) -> core::Status {
    std::string id = item.Str("desktop_id", Need::kRequired).value_or("");
    if (!item.ok()) return item.status();
    Desktop* d = ctx.state.desktops.Find(id);
    if (!d) return DesktopNotFoundInBody(id);
    DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, *d, op));
    if (!plan->contains(id)) (*plan)[id] = Json::array(), desktops.push_back(d);
    return read(item, *d, (*plan)[id]);
  });
  if (!r.ok()) return r.status();
  return desktops;
}

// The batch forms (4.11.2, 4.11.5): reads `key` with ReadPerDesktop, where `read` also counts the
// quota it needs, checks the quota, and starts one volumes job for all the desktops.
template <class Read>
core::StatusOr<Response> BatchVolumeJob(Context& ctx, std::string_view key, std::string_view op,
                                        std::string job_type, const char* action, Read read) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  Json plan = Json::object();
  QuotaDelta quota;
  DESKOPS_ASSIGN_OR_RETURN(
      std::vector<Desktop*> desktops,
      ReadPerDesktop(ctx, r, key, op, &plan, [&](BodyReader& item, const Desktop& d, Json& entry) {
        return read(item, d, entry, quota);
      }));
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, quota));
  return JobResponse(200, *StartVolumeJob(ctx, std::move(job_type), action, plan, desktops));
}

core::StatusOr<Json> ReadExpansion(const Desktop& d, const std::string& volume_id,
                                   std::int64_t new_size, std::string_view field) {
  const Volume* v = FindVolume(d, volume_id);
  if (!v) return ResourceNotFoundInBody("volume", volume_id);
  if (new_size <= v->size || new_size > 32760) {
    return InvalidField(field, core::StrCat("The new size must be larger than ", v->size,
                                            " GB and at most 32760 GB."));
  }
  return Json{{"volume_id", volume_id}, {"new_size", new_size}};
}

}  // namespace

core::StatusOr<Response> AddDesktopVolumes(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  r.Str("enterprise_project_id");
  QuotaDelta quota;
  DESKOPS_ASSIGN_OR_RETURN(Json volumes, ReadNewVolumes(r, *d, &quota));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, *d, "add volumes"));
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, quota));
  Job* job = StartVolumeJob(ctx, "addVolumes", "add", {{d->id, volumes}}, {d});
  return ProvisionResponse(ctx, *job);
}

core::StatusOr<Response> BatchAddVolumes(Context& ctx) {
  return BatchVolumeJob(
      ctx, "desktop_volumes", "add volumes", "addVolumes", "add",
      [](BodyReader& item, const Desktop& d, Json& entry, QuotaDelta& quota) -> core::Status {
        DESKOPS_ASSIGN_OR_RETURN(Json volumes, ReadNewVolumes(item, d, &quota));
        for (Json& v : volumes) entry.push_back(std::move(v));
        return core::Status::Ok();
      });
}

core::StatusOr<Response> DeleteDesktopVolumes(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  auto ids = r.StrList("volume_ids", Need::kRequired).value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  for (const std::string& id : ids) {
    const Volume* v = FindVolume(*d, id);
    if (!v) return ResourceNotFoundInBody("volume", id);
    if (v == &d->root) return InvalidField("volume_ids", "The system disk cannot be deleted.");
  }
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, *d, "delete volumes"));
  return JobResponse(200, *StartVolumeJob(ctx, "deleteVolumes", "delete", {{d->id, ids}}, {d}));
}

core::StatusOr<Response> ExpandDesktopVolume(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  const std::string& volume_id = ctx.Param("volume_id");
  if (!FindVolume(*d, volume_id)) return PathNotFound("volume", volume_id);
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::int64_t new_size = r.Int("new_size", Need::kRequired).value_or(0);
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(Json expansion, ReadExpansion(*d, volume_id, new_size, "new_size"));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, *d, "expand volume"));
  QuotaDelta quota;
  quota.volume_gb = new_size - FindVolume(*d, volume_id)->size;
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, quota));
  Job* job =
      StartVolumeJob(ctx, "expandVolumes", "expand", {{d->id, Json::array({expansion})}}, {d});
  return ProvisionResponse(ctx, *job);
}

core::StatusOr<Response> BatchExpandVolumes(Context& ctx) {
  return BatchVolumeJob(
      ctx, "desktop_volumes_expansion", "expand volume", "expandVolumes", "expand",
      [](BodyReader& item, const Desktop& d, Json& entry, QuotaDelta& quota) -> core::Status {
        std::string volume_id = item.Str("volume_id", Need::kRequired).value_or("");
        std::int64_t size = item.Int("new_size", Need::kRequired).value_or(0);
        if (!item.ok()) return item.status();
        DESKOPS_ASSIGN_OR_RETURN(Json e,
                                 ReadExpansion(d, volume_id, size, item.PathOf("new_size")));
        quota.volume_gb += size - FindVolume(d, volume_id)->size;
        entry.push_back(std::move(e));
        return core::Status::Ok();
      });
}

}  // namespace deskops::simulator
