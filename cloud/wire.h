#pragma once
// Helpers shared by the typed endpoint files (cloud/ and the kinds' own clients,
// reconcilers/<kind>/
// *_client.cc; includes nlohmann/json): one API
// call returning parsed JSON, list walking with JSON pages, and readers for the value types in
// types.h. Thread-safe like the client.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/json_util.h"
#include "cloud/pagination.h"
#include "cloud/types.h"

namespace deskops::cloud::wire {

using nlohmann::json;

// Sends the call with `body` (serialised when not null) and parses the answer.
core::StatusOr<json> Call(ApiClient& client, const Operation& op,
                          std::vector<std::string> path_params = {},
                          std::vector<std::pair<std::string, std::string>> query = {},
                          const json& body = nullptr);

// Walks every page of a list call; `items_key` names the array; `parse` is called per item and
// `id_of` gives each item's ID (items repeated across pages, which offset paging under concurrent
// changes can produce, are kept once).
template <class T>
core::StatusOr<std::vector<T>> ListAll(ApiClient& client, const Operation& op,
                                       std::vector<std::string> path_params,
                                       std::vector<std::pair<std::string, std::string>> query,
                                       std::string_view items_key,
                                       const std::function<T(const json&)>& parse,
                                       const std::function<std::string(const T&)>& id_of);

std::vector<Tag> Tags(const json& j, std::string_view key);
json TagsJson(const std::vector<Tag>& tags);
Volume ReadVolume(const json& j);
std::vector<Volume> DataVolumes(const json& j, std::string_view key);  // ordered by device
json VolumesJson(const std::vector<Volume>& volumes);                  // type and size
ProductRef Product(const json& j);
std::vector<SecurityGroupRef> SecurityGroups(const json& j, std::string_view key);
std::vector<UserAssignment> Assignments(const json& j, std::string_view key);
AsyncResult Async(const json& j);  // job_id plus failed_operation_list
json IdsJson(const std::vector<std::string>& ids);

// Reads a job_id or fails with DATA_LOSS naming the operation.
core::StatusOr<std::string> JobId(const json& j, const Operation& op);

// Implementation of ListAll (kept here so each endpoint file instantiates it for its type).
core::StatusOr<std::size_t> WalkJsonPages(ApiClient& client, const Operation& op,
                                          std::vector<std::string> path_params,
                                          std::vector<std::pair<std::string, std::string>> query,
                                          std::string_view items_key,
                                          const std::function<std::string(const json&)>& take);

template <class T>
core::StatusOr<std::vector<T>> ListAll(ApiClient& client, const Operation& op,
                                       std::vector<std::string> path_params,
                                       std::vector<std::pair<std::string, std::string>> query,
                                       std::string_view items_key,
                                       const std::function<T(const json&)>& parse,
                                       const std::function<std::string(const T&)>& id_of) {
  std::vector<T> out;
  auto take = [&](const json& item) {
    T value = parse(item);
    std::string id = id_of(value);
    out.push_back(std::move(value));
    return id;
  };
  auto walked =
      WalkJsonPages(client, op, std::move(path_params), std::move(query), items_key, take);
  if (!walked.ok()) return walked.status();
  // Keep the first of each ID.
  std::vector<T> unique;
  unique.reserve(out.size());
  std::unordered_set<std::string> ids;
  for (auto& v : out) {
    std::string id = id_of(v);
    if (!id.empty() && !ids.insert(id).second) continue;
    unique.push_back(std::move(v));
  }
  return unique;
}

}  // namespace deskops::cloud::wire
