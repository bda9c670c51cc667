#include "reconcilers/engine/export.h"

#include <yaml-cpp/emitter.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "specs/object.h"

namespace deskops::reconcilers {

using Json = nlohmann::ordered_json;

struct ExportDoc::Impl {
  Json doc;
  Json& At(const std::string& path) {
    Json* at = &doc["spec"];
    for (const auto& part : core::Split(path, '.')) at = &(*at)[part];
    return *at;
  }
};

namespace {

// Whether `s` may be written plain: not read back as a number, boolean or null, by YAML 1.2 or by
// the YAML 1.1 readers many tools still use (yes/no/on/off/y/n in any case).
bool PlainOk(const std::string& s) {
  static const char* const kWords[] = {"true", "false", "null", "~", "yes",
                                       "no",   "on",    "off",  "y", "n"};
  if (s.empty() || s.find_first_of(":#{}[],&*!|>'\"%@`") != std::string::npos) return false;
  if (s.find_first_not_of("0123456789.+-eE") == std::string::npos) return false;
  std::string lower = s;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* w : kWords) {
    if (lower == w) return false;
  }
  return true;
}

void Emit(YAML::Emitter& e, const Json& j) {
  if (j.is_object()) {
    e << YAML::BeginMap;
    for (auto it = j.begin(); it != j.end(); ++it) {
      e << YAML::Key << it.key() << YAML::Value;
      Emit(e, *it);
    }
    e << YAML::EndMap;
  } else if (j.is_array()) {
    if (j.empty()) e << YAML::Flow;  // "[]" on the key's line
    e << YAML::BeginSeq;
    for (const auto& item : j) Emit(e, item);
    e << YAML::EndSeq;
  } else if (j.is_boolean()) {
    e << j.get<bool>();
  } else if (j.is_number_integer()) {
    e << j.get<std::int64_t>();
  } else if (j.is_string()) {
    // Quote text that YAML would otherwise read as a number, boolean or null.
    const std::string s = j.get<std::string>();
    if (PlainOk(s)) {
      e << s;
    } else {
      e << YAML::DoubleQuoted << s;
    }
  } else {
    e << YAML::Null;
  }
}

}  // namespace

ExportDoc::ExportDoc(std::string kind, std::string name) : impl_(std::make_unique<Impl>()) {
  impl_->doc["apiVersion"] = std::string(specs::kApiVersion);
  impl_->doc["kind"] = std::move(kind);
  impl_->doc["metadata"]["name"] = std::move(name);
  impl_->doc["spec"] = Json::object();
}

ExportDoc::~ExportDoc() = default;
ExportDoc::ExportDoc(ExportDoc&&) noexcept = default;

ExportDoc& ExportDoc::Set(const std::string& path, const std::string& value) {
  if (!value.empty()) impl_->At(path) = value;
  return *this;
}

ExportDoc& ExportDoc::Set(const std::string& path, bool value) {
  impl_->At(path) = value;
  return *this;
}

ExportDoc& ExportDoc::Set(const std::string& path, std::int64_t value) {
  impl_->At(path) = value;
  return *this;
}

ExportDoc& ExportDoc::SetList(const std::string& path, const std::vector<std::string>& values) {
  impl_->At(path) = values;
  return *this;
}

ExportDoc& ExportDoc::Append(const std::string& path,
                             const std::vector<std::pair<std::string, Scalar>>& fields) {
  Json item = Json::object();
  for (const auto& [key, v] : fields) {
    if (const auto* s = std::get_if<std::string>(&v); s && s->empty()) continue;
    const std::string& k = key;  // clang 14 cannot capture a structured binding in a lambda
    std::visit([&](const auto& x) { item[k] = x; }, v);
  }
  impl_->At(path).push_back(item);
  return *this;
}

ExportDoc& ExportDoc::Annotate(const std::string& key, const std::string& value) {
  impl_->doc["metadata"]["annotations"][key] = value;
  return *this;
}

std::string ExportDoc::Yaml() const {
  YAML::Emitter e;
  Emit(e, impl_->doc);
  return std::string("---\n") + e.c_str() + "\n";
}

}  // namespace deskops::reconcilers
