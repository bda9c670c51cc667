#include "specs/value.h"

#include <cctype>
#include <charconv>
#include <mutex>
#include <set>

#include "core/strings.h"

namespace deskops::specs {

const std::string* InternFileName(std::string_view name) {
  static std::mutex mu;
  static std::set<std::string, std::less<>> names;
  std::lock_guard lock(mu);
  auto it = names.find(name);
  if (it == names.end()) it = names.emplace(name).first;
  return &*it;
}

const std::string& Mark::FileName() const {
  static const std::string kUnknown = "<input>";
  return file ? *file : kUnknown;
}

std::string Mark::ToString() const {
  // A problem with a whole file (missing, unreadable) has no line; it prints as "path".
  if (line <= 0) return FileName();
  return core::StrCat(FileName(), ":", line, ":", column);
}

const Value::Entry* Value::FindEntry(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const Value* Value::Find(std::string_view key) const {
  const Entry* e = FindEntry(key);
  return e ? &e->value : nullptr;
}

std::string_view TypeNoun(Value::Type type) {
  switch (type) {
    case Value::Type::kNull: return "null";
    case Value::Type::kBool: return "a boolean";
    case Value::Type::kInt: return "an integer";
    case Value::Type::kFloat: return "a number";
    case Value::Type::kString: return "a string";
    case Value::Type::kSeq: return "a list";
    case Value::Type::kMap: return "a mapping";
  }
  return "a value";
}

namespace {

bool ParseInt(std::string_view text, int base, std::int64_t& out) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  std::uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  if (magnitude > static_cast<std::uint64_t>(INT64_MAX) + (negative ? 1 : 0)) return false;
  out = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
  return true;
}

std::size_t SkipDigits(std::string_view s, std::size_t i) {
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// YAML 1.2 core schema floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, [-+]?.inf,
// .nan (and their capitalised forms). Hand-written because it runs on every plain scalar.
bool IsCoreFloat(std::string_view s) {
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  std::string_view rest = s.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") return true;
  std::size_t int_end = SkipDigits(s, i);
  bool digits = int_end > i;
  i = int_end;
  if (i < s.size() && s[i] == '.') {
    std::size_t frac_end = SkipDigits(s, i + 1);
    digits = digits || frac_end > i + 1;
    i = frac_end;
  }
  if (!digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t e = i + 1;
    if (e < s.size() && (s[e] == '+' || s[e] == '-')) ++e;
    std::size_t exp_end = SkipDigits(s, e);
    if (exp_end == e) return false;
    i = exp_end;
  }
  return i == s.size();
}

}  // namespace

void ResolvePlainScalar(Value& v) {
  const std::string& s = v.scalar;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    v.type = Value::Type::kNull;
  } else if (s == "true" || s == "True" || s == "TRUE") {
    v.type = Value::Type::kBool, v.bool_value = true;
  } else if (s == "false" || s == "False" || s == "FALSE") {
    v.type = Value::Type::kBool, v.bool_value = false;
  } else if (ParseInt(s, 10, v.int_value)) {
    v.type = Value::Type::kInt;
  } else if (core::StartsWith(s, "0x") && ParseInt(std::string_view(s).substr(2), 16, v.int_value)) {
    v.type = Value::Type::kInt;
  } else if (core::StartsWith(s, "0o") && ParseInt(std::string_view(s).substr(2), 8, v.int_value)) {
    v.type = Value::Type::kInt;
  } else if (IsCoreFloat(s)) {
    v.type = Value::Type::kFloat;
  } else {
    v.type = Value::Type::kString;
  }
}

}  // namespace deskops::specs
