#include "simulator/body_reader.h"

#include <charconv>

#include "core/strings.h"
#include "simulator/api_error.h"

namespace deskops::simulator {

core::StatusOr<nlohmann::json> ParseJsonBody(const std::string& body, bool empty_ok) {
  if (core::Trim(body).empty()) {
    if (empty_ok) return nlohmann::json::object();
    // A.2 L50571: "The request message input by the interface is empty."
    return ApiError(400, "WKS.0001", "The request message input by the interface is empty.");
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return InvalidField("request body", "It is not valid JSON.");
  if (!parsed.is_object()) return InvalidField("request body", "It must be a JSON object.");
  return parsed;
}

BodyReader::BodyReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {}

void BodyReader::Fail(core::Status status) {
  if (status_.ok() && !status.ok()) status_ = std::move(status);
}

bool BodyReader::Has(std::string_view key) const {
  if (!object_.is_object()) return false;
  auto it = object_.find(key);
  return it != object_.end() && !it->is_null();
}

std::string BodyReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : core::StrCat(path_, ".", key);
}

const nlohmann::json* BodyReader::Find(std::string_view key, Need need) {
  if (object_.is_object()) {
    auto it = object_.find(key);
    if (it != object_.end() && !it->is_null()) return &*it;
  }
  if (need == Need::kRequired) Fail(InvalidField(PathOf(key), "It is mandatory."));
  return nullptr;
}

std::optional<std::string> BodyReader::Str(std::string_view key, Need need, std::size_t max_len) {
  const nlohmann::json* v = Find(key, need);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(InvalidField(PathOf(key), "It must be a string."));
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (need == Need::kRequired && s.empty()) {
    Fail(InvalidField(PathOf(key), "It cannot be empty."));
    return std::nullopt;
  }
  if (max_len && core::Utf8Length(s).value_or(s.size()) > max_len) {
    Fail(InvalidField(PathOf(key),
                      core::StrCat("It can contain at most ", max_len, " characters.")));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> BodyReader::Enum(std::string_view key, Need need,
                                            std::span<const std::string_view> allowed) {
  std::optional<std::string> s = Str(key, need);
  if (!s) return std::nullopt;
  for (std::string_view a : allowed) {
    if (*s == a) return s;
  }
  std::vector<std::string> names(allowed.begin(), allowed.end());
  Fail(InvalidField(PathOf(key), core::StrCat("Allowed values: ", core::Join(names, ", "), ".")));
  return std::nullopt;
}

std::optional<std::int64_t> BodyReader::Int(std::string_view key, Need need, std::int64_t min,
                                            std::int64_t max) {
  const nlohmann::json* v = Find(key, need);
  if (!v) return std::nullopt;
  std::int64_t value = 0;
  if (v->is_number_integer()) {
    value = v->get<std::int64_t>();
  } else if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
      Fail(InvalidField(PathOf(key), "It must be an integer."));
      return std::nullopt;
    }
  } else {
    Fail(InvalidField(PathOf(key), "It must be an integer."));
    return std::nullopt;
  }
  if (value < min || value > max) {
    Fail(InvalidField(PathOf(key), core::StrCat("The value ranges from ", min, " to ", max, ".")));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> BodyReader::Bool(std::string_view key, Need need) {
  const nlohmann::json* v = Find(key, need);
  if (!v) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  Fail(InvalidField(PathOf(key), "It must be true or false."));
  return std::nullopt;
}

std::optional<std::vector<std::string>> BodyReader::StrList(std::string_view key, Need need,
                                                            std::size_t max_items) {
  const nlohmann::json* v = Array(key, need, max_items);
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      Fail(InvalidField(core::StrCat(PathOf(key), "[", i, "]"), "It must be a string."));
      return std::nullopt;
    }
    out.push_back((*v)[i].get<std::string>());
  }
  if (need == Need::kRequired && out.empty()) {
    Fail(InvalidField(PathOf(key), "It cannot be empty."));
    return std::nullopt;
  }
  return out;
}

const nlohmann::json* BodyReader::Object(std::string_view key, Need need) {
  const nlohmann::json* v = Find(key, need);
  if (v && !v->is_object()) {
    Fail(InvalidField(PathOf(key), "It must be an object."));
    return nullptr;
  }
  return v;
}

const nlohmann::json* BodyReader::Array(std::string_view key, Need need, std::size_t max_items) {
  const nlohmann::json* v = Find(key, need);
  if (!v) return nullptr;
  if (!v->is_array()) {
    Fail(InvalidField(PathOf(key), "It must be an array."));
    return nullptr;
  }
  if (max_items && v->size() > max_items) {
    Fail(InvalidField(PathOf(key), core::StrCat("It can contain at most ", max_items, " items.")));
    return nullptr;
  }
  return v;
}

BodyReader BodyReader::Element(std::string_view key, const nlohmann::json& array,
                               std::size_t index) {
  std::string path = core::StrCat(PathOf(key), "[", index, "]");
  const nlohmann::json& element = array[index];
  if (!element.is_object()) Fail(InvalidField(path, "It must be an object."));
  return BodyReader(element, path);
}

void BodyReader::Absorb(const BodyReader& nested) {
  if (!nested.ok()) Fail(nested.status());
}

}  // namespace deskops::simulator
