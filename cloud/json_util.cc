#include "cloud/json_util.h"

#include <cctype>
#include <charconv>

#include "core/strings.h"

namespace deskops::cloud::jsonx {

namespace {
const json& Null() {
  static const json kNull;
  return kNull;
}
const json& EmptyArray() {
  static const json kArray = json::array();
  return kArray;
}
const json& EmptyObject() {
  static const json kObject = json::object();
  return kObject;
}
const json& Field(const json& j, std::string_view key) {
  if (!j.is_object()) return Null();
  auto it = j.find(key);
  return it == j.end() ? Null() : *it;
}
}  // namespace

core::StatusOr<json> Parse(const HttpResponse& response, std::string_view what) {
  if (core::Trim(response.body).empty()) return json::object();
  json j = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return core::Status::DataLoss(core::StrCat(what, ": response is not JSON: ",
                                               core::Quote(response.body.substr(0, 120))));
  }
  return j;
}

std::optional<std::string> OptStr(const json& j, std::string_view key) {
  const json& v = Field(j, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

std::string Str(const json& j, std::string_view key) { return OptStr(j, key).value_or(""); }

std::optional<std::int64_t> OptInt(const json& j, std::string_view key) {
  const json& v = Field(j, key);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) return static_cast<std::int64_t>(v.get<double>());
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size()) return out;
  }
  return std::nullopt;
}

std::int64_t Int(const json& j, std::string_view key, std::int64_t fallback) {
  return OptInt(j, key).value_or(fallback);
}

std::optional<bool> OptBool(const json& j, std::string_view key) {
  const json& v = Field(j, key);
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<std::int64_t>() != 0;
  if (v.is_string()) {
    std::string s = core::ToLower(v.get<std::string>());
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
  }
  return std::nullopt;
}

bool Bool(const json& j, std::string_view key, bool fallback) {
  return OptBool(j, key).value_or(fallback);
}

std::vector<std::string> StrList(const json& j, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& item : Array(j, key)) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::map<std::string, std::string> StrMap(const json& j, std::string_view key) {
  std::map<std::string, std::string> out;
  const json& obj = Object(j, key);
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    out[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
  }
  return out;
}

const json& Array(const json& j, std::string_view key) {
  const json& v = Field(j, key);
  return v.is_array() ? v : EmptyArray();
}

const json& Object(const json& j, std::string_view key) {
  const json& v = Field(j, key);
  return v.is_object() ? v : EmptyObject();
}

const json& First(const json& j, std::initializer_list<std::string_view> keys) {
  for (auto k : keys) {
    const json& v = Field(j, k);
    if (!v.is_null()) return v;
  }
  return Null();
}

std::string UpperStatus(std::string_view status) {
  std::string out(status);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::size_t> Total(const json& j) {
  for (auto key : {"total_count", "totalCount", "total"}) {
    if (auto n = OptInt(j, key); n && *n >= 0) return static_cast<std::size_t>(*n);
  }
  return std::nullopt;
}

}  // namespace deskops::cloud::jsonx
