// Jobs 4.28.1-4.28.2 and the lookups 4.18.1 products, 4.26.1 images, 4.27.1 AZs, 4.25.1 quotas.
#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/handlers.h"
#include "simulator/sim_time.h"

namespace deskops::simulator {
using Json = nlohmann::json;

core::StatusOr<Response> GetJob(Context& ctx) {
  Job* job = ctx.state.jobs.Find(ctx.Param("job_id"));
  if (!job) return PathNotFound("job", ctx.Param("job_id"));
  ctx.jobs.Read(job);  // a read advances a job in "reads N" mode
  int process = 0;
  JobPhase phase = ctx.jobs.Phase(*job, &process);
  bool failed = phase == JobPhase::kFailed;
  Json subs = Json::array();
  for (const SubJob& sub : job->subs)
    subs.push_back(SubJobJson(*job, sub, ctx.jobs, ctx.project_id));
  // The reference's example is `{}` (L44066); the fields are those of its table (L44002-44010).
  return JsonResponse(200, {{"id", job->id},
                            {"job_type", job->job_type},
                            {"begin_time", SpaceSeconds(job->created_ms)},
                            {"end_time", job->done ? SpaceSeconds(job->end_ms) : ""},
                            {"status", JobPhaseName(phase)},
                            {"job_error_code", failed ? job->fail_code : ""},
                            {"fail_reason", failed ? job->fail_reason : ""},
                            {"sub_jobs_total", job->subs.size()},
                            {"sub_jobs", subs}});
}

core::StatusOr<Response> ListSubJobs(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.default_limit = 1000, .max_limit = 1000}));
  // status may repeat: ?status=FAILED&status=RUNNING (example L44222).
  std::vector<std::string> statuses = ctx.query.GetList("status");
  for (const std::string& s : statuses) {
    if (s != "SUCCESS" && s != "RUNNING" && s != "FAILED" && s != "WAITING") {
      return InvalidField("status", "Allowed values: SUCCESS, RUNNING, FAILED, WAITING.");
    }
  }
  std::optional<std::string> job_id = ctx.query.Get("job_id"), type = ctx.query.Get("job_type"),
                             pool = ctx.query.Get("desktop_pool_id");
  std::vector<std::pair<const Job*, const SubJob*>> hits;
  for (const Job* job : ctx.state.jobs.All()) {
    if ((job_id && job->id != *job_id) || (type && job->job_type != *type) ||
        (pool && job->pool_id != *pool)) {
      continue;
    }
    std::string_view phase = JobPhaseName(ctx.jobs.Phase(*job));
    if (!statuses.empty() && std::find(statuses.begin(), statuses.end(), phase) == statuses.end())
      continue;
    for (const SubJob& sub : job->subs) hits.emplace_back(job, &sub);
  }
  Json jobs = PageOf(hits, page, [&](const auto& hit) {
    return SubJobJson(*hit.first, *hit.second, ctx.jobs, ctx.project_id);
  });
  return JsonResponse(200, {{"total_count", hits.size()}, {"jobs", jobs}});
}

core::StatusOr<Response> DeleteSubJobs(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> ids = r.StrList("job_ids").value_or(std::vector<std::string>{});
  std::optional<std::string> by_status =
      r.Enum("delete_by_status", Need::kOptional, {"SUCCESS", "FAILED"});
  if (!r.ok()) return r.status();
  // "Either job_ids or delete_by_status must be specified." (L44316-44317)
  if (ids.empty() && !by_status)
    return InvalidField("job_ids", "Give job_ids or delete_by_status.");
  auto named = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  std::vector<Job*> jobs = ctx.state.jobs.All();
  for (Job* job : jobs) {
    std::string_view phase = JobPhaseName(ctx.jobs.Phase(*job));
    bool finished = phase == "SUCCESS" || phase == "FAILED";
    bool whole = named(job->id) || (by_status && phase == *by_status);
    bool some = std::any_of(job->subs.begin(), job->subs.end(),
                            [&](const SubJob& s) { return named(s.id); });
    if ((whole || some) && !finished) {
      // "Only tasks in the SUCCESS or FAILED status can be deleted." (L44316)
      return InvalidField("job_ids", "Only tasks in the SUCCESS or FAILED status can be deleted.");
    }
    if (whole) {
      job->subs.clear();
    } else {
      std::erase_if(job->subs, [&](const SubJob& s) { return named(s.id); });
    }
    if (job->subs.empty() && (whole || some)) ctx.state.jobs.Remove(job->id);
  }
  return EmptyResponse(200);
}

core::StatusOr<Response> ListProducts(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.default_limit = 100, .max_limit = 100}));
  const QueryParams& q = ctx.query;
  std::optional<std::string> id = q.Get("product_id"), az = q.Get("availability_zone"),
                             os = q.Get("os_type"), charge = q.Get("charge_mode"),
                             arch = q.Get("architecture"), package = q.Get("package_type");
  const AvailabilityZone* zone = az ? ctx.state.catalog().FindAvailabilityZone(*az) : nullptr;
  std::vector<const Product*> products;
  for (const Product& p : ctx.state.catalog().products) {
    if ((id && p.id != *id) || (os && !core::EqualsIgnoreCase(p.os_type, *os)) ||
        (charge && p.charge_mode != *charge) ||
        (arch && !core::EqualsIgnoreCase(p.architecture, *arch)) ||
        (package && p.package_type != *package)) {
      continue;
    }
    if (az) {  // product_ids: "If this parameter is left empty, all packages are supported."
               // (L43579)
      if (!zone) continue;
      auto ids = zone->doc.value("product_ids", std::vector<std::string>{});
      if (!ids.empty() && std::find(ids.begin(), ids.end(), p.id) == ids.end()) continue;
    }
    products.push_back(&p);
  }
  Json body = {{"products", PageOf(products, page, [](const Product* p) { return p->doc; })},
               {"total_count", products.size()}};
  // "available only when os_type is contained in the request" (L36446-36448)
  if (os) body["os_type"] = *os;
  if (az) body["availability_zone"] = *az;
  if (package && *package == "agile") body["architecture"] = arch.value_or("x86");
  return JsonResponse(200, body);
}

core::StatusOr<Response> ListImages(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.default_limit = 100, .max_limit = 100}));
  const QueryParams& q = ctx.query;
  std::optional<std::string> os = q.Get("os_type"), type = q.Get("image_type"),
                             platform = q.Get("platform"), arch = q.Get("architecture"),
                             package = q.Get("package_type"), id = q.Get("image_id");
  std::string sort_field = q.Get("sort_field").value_or("name");
  std::string sort_type = q.Get("sort_type").value_or("asc");
  if (sort_field != "name" && sort_field != "created_at") return InvalidField("sort_field");
  if (sort_type != "asc" && sort_type != "desc") return InvalidField("sort_type");
  std::vector<const Image*> images;
  for (const Image& i : ctx.state.catalog().images) {
    if ((os && !core::EqualsIgnoreCase(i.os_type, *os)) || (type && i.image_type != *type) ||
        (platform && !core::EqualsIgnoreCase(i.platform, *platform)) ||
        (arch && !core::EqualsIgnoreCase(i.architecture, *arch)) ||
        (package && !i.package_type.empty() && i.package_type != *package) || (id && i.id != *id)) {
      continue;
    }
    images.push_back(&i);
  }
  std::stable_sort(images.begin(), images.end(), [&](const Image* a, const Image* b) {
    const std::string& x = sort_field == "name" ? a->name : a->created_at;
    const std::string& y = sort_field == "name" ? b->name : b->created_at;
    return sort_type == "asc" ? x < y : y < x;
  });
  return JsonResponse(200, {{"images", PageOf(images, page, [](const Image* i) { return i->doc; })},
                            {"total_count", images.size()}});
}

core::StatusOr<Response> ListAvailabilityZones(Context& ctx) {
  Json zones = Json::array();
  for (const AvailabilityZone& az : ctx.state.catalog().availability_zones) zones.push_back(az.doc);
  return JsonResponse(200, {{"availability_zones", zones}, {"total_count", zones.size()}});
}

core::StatusOr<Response> GetQuotas(Context& ctx) {
  return JsonResponse(200, {{"quotas", {{"resources", QuotaResourcesJson(ctx.state)}}},
                            {"site_quotas", ctx.state.catalog().site_quotas}});
}

}  // namespace deskops::simulator
