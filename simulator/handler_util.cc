#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/handlers.h"

namespace deskops::simulator {

const std::string& Context::Param(std::string_view name) const {
  static const std::string kEmpty;
  auto it = match.params.find(name);
  return it == match.params.end() ? kEmpty : it->second;
}

JobSpec Context::NewJob(std::string job_type) const {
  JobSpec spec;
  spec.job_type = std::move(job_type);
  spec.fail = fail_job;
  if (!fail_code.empty()) spec.fail_code = fail_code;
  if (!fail_reason.empty()) spec.fail_reason = fail_reason;
  return spec;
}

Response JsonResponse(int status, const nlohmann::json& body) {
  // Strings echoed from a query or path may hold any bytes: invalid UTF-8 becomes U+FFFD.
  return RawJsonResponse(status,
                         body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response RawJsonResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response EmptyResponse(int status) {
  Response r;
  r.status = status;
  return r;
}

Response JobResponse(int status, const Job& job) {
  return JsonResponse(status, {{"job_id", job.id}});
}

core::StatusOr<nlohmann::json> ReadBody(const Context& ctx, bool empty_ok) {
  return ParseJsonBody(ctx.request.body, empty_ok);
}

core::StatusOr<Desktop*> PathDesktop(Context& ctx) {
  const std::string& id = ctx.Param("desktop_id");
  Desktop* d = ctx.state.desktops.Find(id);
  if (!d) return PathNotFound("desktop", id);
  return d;
}

core::StatusOr<Pool*> PathPool(Context& ctx) {
  const std::string& id = ctx.Param("pool_id");
  Pool* p = ctx.state.pools.Find(id);
  if (!p) return PathNotFound("desktop pool", id);
  return p;
}

core::StatusOr<std::vector<Desktop*>> BodyDesktops(Context& ctx,
                                                   const std::vector<std::string>& ids) {
  std::vector<Desktop*> out;
  std::unordered_set<std::string> seen;
  for (const std::string& id : ids) {
    Desktop* d = ctx.state.desktops.Find(id);
    if (!d) return DesktopNotFoundInBody(id);
    if (seen.insert(id).second) out.push_back(d);
  }
  return out;
}

core::Status CheckIdle(const Context& ctx, const Desktop& d, std::string_view operation) {
  if (d.job_id.empty()) return core::Status::Ok();
  const Job* job = ctx.state.jobs.Find(d.job_id);
  if (!job || job->done) return core::Status::Ok();
  if (job->job_type == "addVolumes") {
    // L50717: "This operation cannot be performed because disks are being added."
    return ApiError(403, "WKS.0407",
                    "This operation cannot be performed because disks are being added.");
  }
  std::string status = d.task_status.empty() ? d.status : d.task_status;
  return OperationConflict(status, operation, d.id);
}

core::Status CheckIdle(const Context& ctx, const std::vector<Desktop*>& desktops,
                       std::string_view operation) {
  for (const Desktop* d : desktops) DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, *d, operation));
  return core::Status::Ok();
}

core::Status CheckPoolIdle(const Context& ctx, const Pool& pool, std::string_view operation) {
  if (pool.job_id.empty()) return core::Status::Ok();
  const Job* job = ctx.state.jobs.Find(pool.job_id);
  if (!job || job->done) return core::Status::Ok();
  return OperationConflict("TEMPORARY", operation, pool.id);
}

core::StatusOr<const Product*> FindProductOr400(const Context& ctx, const std::string& id) {
  const Product* product = ctx.state.catalog().FindProduct(id);
  if (!product)
    return ApiError(400, "WKS.0301", core::StrCat("Product package info error. [", id, "]"));
  return product;
}

core::Status CheckProductAndImage(const Context& ctx, const std::string& product_id,
                                  const std::string& image_id, const std::string& image_type) {
  DESKOPS_RETURN_IF_ERROR(FindProductOr400(ctx, product_id).status());
  const Image* image = ctx.state.catalog().FindImage(image_id);
  if (!image) return ResourceNotFoundInBody("image", image_id);
  if (image->image_type != image_type) {
    return InvalidField("image_type",
                        core::StrCat("The image is of type ", image->image_type, "."));
  }
  return core::Status::Ok();
}

QuotaDelta DesktopQuota(const Catalog& catalog, std::string_view product_id, int count,
                        const std::vector<int>& volume_sizes) {
  QuotaDelta q;
  const Product* p = catalog.FindProduct(product_id);
  q.desktops = count;
  if (p) {
    q.cores = static_cast<std::int64_t>(p->cpu) * count;
    q.memory_mb = static_cast<std::int64_t>(p->memory_mb) * count;
    if (p->is_gpu) q.gpu_desktops = count, q.desktops = 0;
  }
  q.volumes = static_cast<std::int64_t>(volume_sizes.size()) * count;
  for (int size : volume_sizes) q.volume_gb += static_cast<std::int64_t>(size) * count;
  return q;
}

core::Status CheckQuota(const State& state, const QuotaDelta& delta) {
  const ResourceUsage& u = state.desktops.usage();
  struct Item {
    const char* type;
    std::int64_t used;
    std::int64_t add;
  };
  const Item items[] = {
      {"general_instances", u.desktops - u.gpu_desktops, delta.desktops},
      {"gpu_instances", u.gpu_desktops, delta.gpu_desktops},
      {"cores", u.cores, delta.cores},
      {"Memory", u.memory_mb, delta.memory_mb},
      {"volumes", u.volumes, delta.volumes},
      {"volume_gigabytes", u.volume_gb, delta.volume_gb},
      {"users", static_cast<std::int64_t>(state.users.size()), delta.users},
      {"policy_groups", static_cast<std::int64_t>(state.policy_groups.size()), delta.policy_groups},
  };
  for (const Item& item : items) {
    if (item.add <= 0) continue;
    std::int64_t limit = state.QuotaLimit(item.type);
    if (limit < 0) continue;
    if (std::string_view(item.type) == "Memory") limit *= 1024;  // the quota is in GB
    if (item.used + item.add > limit) return InsufficientQuota(item.type);
  }
  return core::Status::Ok();
}

core::Status ValidateComputerName(std::string_view name, std::string_view field) {
  // "1 to 15 characters in letters, digits, and hyphens (-). It must start with a letter or digit
  // and cannot end with a hyphen (-)." (L5127)
  bool ok = !name.empty() && name.size() <= 15 && name.front() != '-' && name.back() != '-';
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
  if (ok) return core::Status::Ok();
  return InvalidField(field,
                      "Use 1 to 15 letters, digits and hyphens, starting with a letter or digit "
                      "and not ending with a hyphen.");
}

core::Status ValidateVolume(std::string_view type, std::int64_t size, bool system,
                            std::string_view field) {
  // "The system disk size ranges from 80 to 32760, and the data disk size ranges from 10 to
  // 32760. The value must be a multiple of 10." (L5102)
  if (type != "SAS" && type != "SSD" && type != "GPSSD") {
    return InvalidField(core::StrCat(field, ".type"), "Allowed values: SAS, SSD, GPSSD.");
  }
  std::int64_t min = system ? 80 : 10;
  if (size < min || size > 32760 || size % 10 != 0) {
    return InvalidField(
        core::StrCat(field, ".size"),
        core::StrCat("The value ranges from ", min, " to 32760 and must be a multiple of 10."));
  }
  return core::Status::Ok();
}

core::StatusOr<VolumeSpec> ReadVolumeSpec(BodyReader& r, bool system) {
  VolumeSpec v{r.Str("type", Need::kRequired).value_or(""),
               static_cast<int>(r.Int("size", Need::kRequired).value_or(0))};
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(ValidateVolume(v.type, v.size, system, r.path()));
  return v;
}

core::StatusOr<std::vector<std::string>> ReadSecurityGroups(const Context& ctx, BodyReader& r) {
  const Catalog& catalog = ctx.state.catalog();
  std::vector<std::string> ids;
  r.ForEach("security_groups", Need::kOptional, 0, [&](BodyReader& sg, std::size_t) {
    std::string id = sg.Str("id", Need::kRequired).value_or("");
    if (!sg.ok()) return sg.status();
    if (!catalog.FindSecurityGroup(id)) return ResourceNotFoundInBody("security group", id);
    ids.push_back(id);
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  if (ids.empty()) ids.push_back(catalog.security_groups.front().id);
  return ids;
}

core::Status ValidateTag(const Tag& tag) {
  auto valid = [](std::string_view text, std::size_t min, std::size_t max) {
    std::size_t length = core::Utf8Length(text).value_or(max + 1);
    if (length < min || length > max) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
      auto u = static_cast<unsigned char>(c);
      return u >= 0x80 || std::isalnum(u) || c == '-' || c == '_';
    });
  };
  if (valid(tag.key, 1, 128) && valid(tag.value, 0, 43)) return core::Status::Ok();
  return ApiError(400, "WKS.0564", core::StrCat("Invalid tag. [", tag.key, "]"));
}

core::StatusOr<std::vector<Tag>> ReadTags(BodyReader& r, std::string_view key) {
  std::vector<Tag> tags;
  std::unordered_set<std::string> keys;
  r.ForEach(key, Need::kOptional, 0, [&](BodyReader& item, std::size_t) {
    Tag tag{item.Str("key", Need::kRequired).value_or(""), item.Str("value").value_or("")};
    if (!item.ok()) return item.status();
    DESKOPS_RETURN_IF_ERROR(ValidateTag(tag));
    if (!keys.insert(tag.key).second) {
      return ApiError(400, "WKS.0565", core::StrCat("Duplicate tag keys. [", tag.key, "]"));
    }
    tags.push_back(std::move(tag));
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  if (tags.size() > kMaxTagsPerDesktop) {
    return ApiError(400, "WKS.0566", "A maximum of 10 tags can be added to each desktop.");
  }
  return tags;
}

bool Fuzzy(std::string_view haystack, std::string_view needle) {
  return core::ToLower(haystack).find(core::ToLower(needle)) != std::string::npos;
}

std::optional<bool> QueryBool(const QueryParams& q, std::string_view key) {
  std::optional<std::string> v = q.Get(key);
  if (!v) return std::nullopt;
  return core::EqualsIgnoreCase(*v, "true");
}

core::StatusOr<std::optional<std::int64_t>> QueryInt(const QueryParams& q, std::string_view key) {
  std::optional<std::string> v = q.Get(key);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
  if (v->empty() || ec != std::errc() || end != v->data() + v->size()) {
    return InvalidField(key, "It must be an integer.");
  }
  return std::optional<std::int64_t>(value);
}

}  // namespace deskops::simulator
