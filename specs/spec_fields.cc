#include "specs/spec_fields.h"

#include "core/redact.h"
#include "core/strings.h"

namespace deskops::specs {
namespace {

using core::StrCat;

std::string ScalarText(const Value& v) {
  if (v.type == Value::Type::kNull) return "null";
  return v.scalar;
}

bool AllScalars(const Value& list) {
  for (const Value& item : list.items) {
    if (!item.IsScalar()) return false;
  }
  return true;
}

// A `...From` map naming where a secret comes from: {env: NAME} or {file: PATH}.
bool SecretSource(const std::string& key, const Value& v, std::string& out) {
  if (!key.ends_with("From") || v.type != Value::Type::kMap || v.entries.size() != 1) return false;
  const auto& e = v.entries.front();
  if ((e.key != "env" && e.key != "file") || !e.value.IsScalar()) return false;
  out = StrCat(e.key, " ", e.value.scalar);
  return true;
}

void Flatten(const std::string& path, const std::string& key, const Value& v,
             std::vector<SpecField>& out) {
  std::string source;
  if (SecretSource(key, v, source)) {
    out.push_back({path, source});
  } else if (v.type == Value::Type::kMap) {
    for (const auto& e : v.entries) Flatten(StrCat(path, ".", e.key), e.key, e.value, out);
  } else if (v.type == Value::Type::kSeq && AllScalars(v)) {
    std::vector<std::string> items;
    for (const Value& item : v.items) {
      const bool secret = core::IsSecretKey(key) && item.type == Value::Type::kString;
      items.push_back(secret ? "(secret)" : ScalarText(item));
    }
    out.push_back({path, StrCat("[", core::Join(items, ", "), "]")});
  } else if (v.type == Value::Type::kSeq) {
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      Flatten(StrCat(path, "[", i, "]"), key, v.items[i], out);
    }
  } else {
    // A flag about a secret (nextLoginChangePassword: true) is not one: only text is masked.
    const bool secret = core::IsSecretKey(key) && v.type == Value::Type::kString;
    out.push_back({path, secret ? "(secret)" : ScalarText(v)});
  }
}

}  // namespace

std::vector<SpecField> FlattenSpec(const Value& spec) {
  std::vector<SpecField> out;
  if (spec.type != Value::Type::kMap) return out;
  for (const auto& e : spec.entries) Flatten(StrCat("spec.", e.key), e.key, e.value, out);
  return out;
}

}  // namespace deskops::specs
