#include "cloud/json_leaves.h"

#include <nlohmann/json.hpp>

namespace deskops::cloud {

using nlohmann::json;

namespace {

void Flatten(const json& j, const std::string& prefix, std::vector<JsonLeaf>& out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
    const json& v = *it;
    if (v.is_object()) {
      Flatten(v, path, out);
    } else if (v.is_boolean()) {
      out.push_back({path, v.get<bool>()});
    } else if (v.is_number_integer()) {
      out.push_back({path, v.get<std::int64_t>()});
    } else if (v.is_number_float()) {
      out.push_back({path, v.get<double>()});
    } else if (v.is_string()) {
      out.push_back({path, v.get<std::string>()});
    }
  }
}

}  // namespace

core::StatusOr<std::vector<JsonLeaf>> FlattenJson(const std::string& json_text) {
  json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !(j.is_object() || j.is_null())) {
    return core::Status::DataLoss("policies: not a JSON object");
  }
  std::vector<JsonLeaf> out;
  if (j.is_object()) Flatten(j, "", out);
  return out;
}

std::string UnflattenJson(const std::vector<JsonLeaf>& leaves) {
  json root = json::object();
  for (const JsonLeaf& leaf : leaves) {
    json* at = &root;
    std::size_t start = 0;
    while (true) {
      std::size_t dot = leaf.path.find('.', start);
      std::string key = leaf.path.substr(start, dot - start);
      if (dot == std::string::npos) {
        std::visit([&](const auto& v) { (*at)[key] = v; }, leaf.value);
        break;
      }
      json& next = (*at)[key];
      if (!next.is_object()) next = json::object();
      at = &next;
      start = dot + 1;
    }
  }
  return root.dump();
}

}  // namespace deskops::cloud
