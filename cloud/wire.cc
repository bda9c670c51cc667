#include "cloud/wire.h"

#include <algorithm>

#include "core/strings.h"

namespace deskops::cloud::wire {

core::StatusOr<json> Call(ApiClient& client, const Operation& op,
                          std::vector<std::string> path_params,
                          std::vector<std::pair<std::string, std::string>> query,
                          const json& body) {
  ApiCall call{&op, std::move(path_params), std::move(query), body.is_null() ? "" : body.dump()};
  DESKOPS_ASSIGN_OR_RETURN(HttpResponse res, client.Call(call));
  return jsonx::Parse(res, op.id);
}

core::StatusOr<std::size_t> WalkJsonPages(
    ApiClient& client, const Operation& op, std::vector<std::string> path_params,
    std::vector<std::pair<std::string, std::string>> query, std::string_view items_key,
    const std::function<std::string(const json&)>& take) {
  ApiCall call{&op, std::move(path_params), std::move(query), ""};
  return WalkPages(client, call, [&](const HttpResponse& res) -> core::StatusOr<PageResult> {
    DESKOPS_ASSIGN_OR_RETURN(json page, jsonx::Parse(res, op.id));
    PageResult r;
    r.total = jsonx::Total(page);
    for (const json& item : jsonx::Array(page, items_key)) {
      std::string id = take(item);
      if (r.items++ == 0) r.first_id = id;
    }
    return r;
  });
}

std::vector<Tag> Tags(const json& j, std::string_view key) {
  std::vector<Tag> out;
  for (const json& t : jsonx::Array(j, key)) out.push_back({jsonx::Str(t, "key"), jsonx::Str(t, "value")});
  return out;
}

json TagsJson(const std::vector<Tag>& tags) {
  json out = json::array();
  for (const Tag& t : tags) out.push_back({{"key", t.key}, {"value", t.value}});
  return out;
}

Volume ReadVolume(const json& j) {
  return Volume{jsonx::UpperStatus(jsonx::Str(j, "type")), jsonx::Int(j, "size"), jsonx::Str(j, "id"),
                jsonx::Str(j, "volume_id"), jsonx::Str(j, "device")};
}

std::vector<Volume> DataVolumes(const json& j, std::string_view key) {
  std::vector<Volume> out;
  for (const json& v : jsonx::Array(j, key)) out.push_back(ReadVolume(v));
  // The API returns data volumes in no particular order (prior-art.md); order them by device,
  // then ID, so that comparisons are stable.
  std::stable_sort(out.begin(), out.end(), [](const Volume& a, const Volume& b) {
    return std::tie(a.device, a.id) < std::tie(b.device, b.id);
  });
  return out;
}

json VolumesJson(const std::vector<Volume>& volumes) {
  json out = json::array();
  for (const Volume& v : volumes) out.push_back({{"type", v.type}, {"size", v.size}});
  return out;
}

ProductRef Product(const json& j) {
  return ProductRef{jsonx::Str(j, "product_id"),   jsonx::Str(j, "flavor_id"),
                    jsonx::Str(j, "type"),         jsonx::Str(j, "cpu"),
                    jsonx::Str(j, "memory"),       jsonx::Str(j, "charge_mode"),
                    jsonx::Str(j, "architecture"), jsonx::Str(j, "package_type"),
                    jsonx::Str(j, "status")};
}

std::vector<SecurityGroupRef> SecurityGroups(const json& j, std::string_view key) {
  std::vector<SecurityGroupRef> out;
  for (const json& s : jsonx::Array(j, key)) out.push_back({jsonx::Str(s, "id"), jsonx::Str(s, "name")});
  return out;
}

std::vector<UserAssignment> Assignments(const json& j, std::string_view key) {
  std::vector<UserAssignment> out;
  for (const json& a : jsonx::Array(j, key)) {
    out.push_back({jsonx::Str(a, "user_id"), jsonx::Str(a, "user_name"), jsonx::Str(a, "user_group"),
                   jsonx::Str(a, "type")});
  }
  return out;
}

AsyncResult Async(const json& j) {
  AsyncResult r;
  r.job_id = jsonx::Str(j, "job_id");
  for (const json& f : jsonx::Array(j, "failed_operation_list")) {
    r.failed.push_back({jsonx::Str(f, "desktop_id"), jsonx::Str(f, "desktop_name"),
                        jsonx::Str(f, "error_code"), jsonx::Str(f, "error_msg")});
  }
  return r;
}

json IdsJson(const std::vector<std::string>& ids) { return json(ids); }

core::StatusOr<std::string> JobId(const json& j, const Operation& op) {
  std::string id = jsonx::Str(j, "job_id");
  if (id.empty()) {
    return core::Status::DataLoss(core::StrCat(op.id, ": the answer has no job_id"));
  }
  return id;
}

}  // namespace deskops::cloud::wire
