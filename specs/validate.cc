#include "specs/validate.h"

#include <cctype>
#include <map>
#include <set>

#include "core/redact.h"
#include "core/strings.h"

namespace deskops::specs {
namespace {

using core::Quote;
using core::StrCat;

std::string_view ExpectedNoun(SchemaType t) {
  switch (t) {
    case SchemaType::kString:
      return "a string";
    case SchemaType::kInteger:
      return "an integer";
    case SchemaType::kBoolean:
      return "a boolean (true or false)";
    case SchemaType::kObject:
      return "a mapping";
    case SchemaType::kArray:
      return "a list";
    case SchemaType::kMap:
      return "a mapping";
  }
  return "a value";
}

// Values under a secret-looking path (spec.passwordFrom.env, ...) are never echoed in messages: a
// user who pasted a password into the wrong field must not see it printed in CI logs.
bool IsSecretPath(std::string_view path) {
  std::string segment;
  for (char c : path) {
    if (c == '.' || c == '[' || c == ']' || c == '"') {
      if (core::IsSecretKey(segment)) return true;
      segment.clear();
    } else {
      segment += c;
    }
  }
  return core::IsSecretKey(segment);
}

std::string Shown(std::string_view path, std::string_view text) {
  return IsSecretPath(path) ? std::string("(value hidden)") : Quote(text);
}

bool IsIdentifier(std::string_view key) {
  if (key.empty() || !std::isalpha(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// A short hint for the most common YAML type mistakes.
std::string TypeHint(SchemaType want, const Value& got, std::string_view path) {
  if (IsSecretPath(path)) return "";
  if (want == SchemaType::kString && got.IsScalar() && got.type != Value::Type::kNull) {
    return StrCat("; quote it (\"", got.scalar, "\") if it is meant as text");
  }
  if (want == SchemaType::kInteger && got.type == Value::Type::kString) {
    Value probe;
    probe.scalar = got.scalar;
    ResolvePlainScalar(probe);
    if (probe.type == Value::Type::kInt) return "; remove the quotes";
  }
  if (want == SchemaType::kBoolean && got.type == Value::Type::kString) {
    std::string lower = core::ToLower(got.scalar);
    if (lower == "yes" || lower == "no" || lower == "on" || lower == "off" || lower == "true" ||
        lower == "false") {
      return "; write true or false without quotes";
    }
  }
  return "";
}

bool TypeMatches(SchemaType want, Value::Type got) {
  switch (want) {
    case SchemaType::kString:
      return got == Value::Type::kString;
    case SchemaType::kInteger:
      return got == Value::Type::kInt;
    case SchemaType::kBoolean:
      return got == Value::Type::kBool;
    case SchemaType::kObject:
    case SchemaType::kMap:
      return got == Value::Type::kMap;
    case SchemaType::kArray:
      return got == Value::Type::kSeq;
  }
  return false;
}

// The field path of the value being checked, as a chain of stack frames. It becomes text only when
// a problem is reported, so validating a valid document builds no strings.
struct Path {
  const Path* parent = nullptr;
  const std::string* root = nullptr;  // the root's text
  std::string_view key;               // a field or map key
  std::size_t index = 0;              // a list index, when is_index
  bool is_index = false;
  bool is_key = false;  // the path names a map key itself, not its value

  std::string str() const {
    if (root) return *root;
    std::string base = parent ? parent->str() : std::string();
    if (is_index) return IndexPath(base, index);
    std::string out = JoinPath(base, key);
    return is_key ? out + " (key)" : out;
  }
  Path Field(std::string_view k) const { return Path{this, nullptr, k, 0, false, false}; }
  Path Index(std::size_t i) const { return Path{this, nullptr, {}, i, true, false}; }
  Path Key(std::string_view k) const { return Path{this, nullptr, k, 0, false, true}; }
};

class Validator {
 public:
  explicit Validator(Diagnostics& diags) : diags_(diags) {}

  void Check(const SchemaNode& s, const Value& v, const Path& path) {
    if (v.type == Value::Type::kNull) return;  // unset; required-ness is checked by the parent
    if (!TypeMatches(s.type, v.type)) {
      std::string p = path.str();
      diags_.Error(v.mark, p,
                   StrCat("expected ", ExpectedNoun(s.type), ", got ", TypeNoun(v.type),
                          TypeHint(s.type, v, p)));
      return;
    }
    switch (s.type) {
      case SchemaType::kString:
        CheckText(s, v.scalar, v.mark, path);
        break;
      case SchemaType::kInteger:
        CheckInteger(s, v, path);
        break;
      case SchemaType::kBoolean:
        break;
      case SchemaType::kObject:
        CheckObject(s, v, path);
        break;
      case SchemaType::kArray:
        CheckArray(s, v, path);
        break;
      case SchemaType::kMap:
        CheckMap(s, v, path);
        break;
    }
  }

 private:
  void CheckText(const SchemaNode& s, std::string_view text, const Mark& mark, const Path& path) {
    auto length = core::Utf8Length(text);
    if (!length) {
      diags_.Error(mark, path.str(), "is not valid UTF-8 text");
      return;
    }
    if (s.min_length && *length < *s.min_length) {
      diags_.Error(mark, path.str(),
                   *s.min_length == 1
                       ? std::string("must not be empty")
                       : StrCat("must be at least ", *s.min_length, " characters, got ", *length));
      return;
    }
    if (s.max_length && *length > *s.max_length) {
      diags_.Error(mark, path.str(),
                   StrCat("must be at most ", *s.max_length, " characters, got ", *length));
      return;
    }
    if (!s.enum_values.empty()) {
      CheckEnum(s, text, mark, path);
      return;
    }
    if (s.regex && !std::regex_match(text.begin(), text.end(), *s.regex)) {
      std::string p = path.str();
      diags_.Error(mark, p, StrCat("must ", s.pattern_hint, "; got ", Shown(p, text)));
    }
  }

  void CheckEnum(const SchemaNode& s, std::string_view text, const Mark& mark, const Path& path) {
    for (const auto& e : s.enum_values) {
      if (e == text) return;
    }
    std::string p = path.str();
    std::string msg =
        StrCat("must be one of ", core::Join(s.enum_values, ", "), "; got ", Shown(p, text));
    auto close = IsSecretPath(p) ? std::nullopt : core::ClosestMatch(text, s.enum_values);
    if (close) msg += StrCat(" (did you mean ", Quote(*close), "?)");
    diags_.Error(mark, p, msg);
  }

  void CheckInteger(const SchemaNode& s, const Value& v, const Path& path) {
    std::int64_t x = v.int_value;
    if ((s.minimum && x < *s.minimum) || (s.maximum && x > *s.maximum)) {
      std::string range = s.minimum && s.maximum
                              ? StrCat("between ", *s.minimum, " and ", *s.maximum)
                          : s.minimum ? StrCat("at least ", *s.minimum)
                                      : StrCat("at most ", *s.maximum);
      diags_.Error(v.mark, path.str(), StrCat("must be ", range, ", got ", x));
      return;
    }
    if (s.multiple_of && x % *s.multiple_of != 0) {
      diags_.Error(v.mark, path.str(),
                   StrCat("must be a multiple of ", *s.multiple_of, ", got ", x));
    }
  }

  void CheckObject(const SchemaNode& s, const Value& v, const Path& path) {
    for (const auto& entry : v.entries) {
      if (const SchemaField* f = s.FindField(entry.key)) {
        Check(f->node, entry.value, path.Field(entry.key));
      } else {
        ReportUnknown(s, entry, path.Field(entry.key).str());
      }
    }
    for (const auto& f : s.fields) {
      const Value* present = v.Find(f.name);
      if (f.required && (!present || present->type == Value::Type::kNull)) {
        diags_.Error(present ? present->mark : v.mark, path.Field(f.name).str(),
                     f.missing_hint.empty()
                         ? std::string("required field is missing")
                         : StrCat("required field is missing: ", f.missing_hint));
      }
    }
    for (const auto& group : s.exactly_one_of) {
      std::size_t set = 0;
      for (const auto& name : group) {
        const Value* present = v.Find(name);
        set += present && present->type != Value::Type::kNull;
      }
      if (set != 1) {
        diags_.Error(
            v.mark, path.str(),
            StrCat(set == 0 ? "needs" : "takes only", " one of ", core::Join(group, " or ")));
      }
    }
  }

  void ReportUnknown(const SchemaNode& s, const Value::Entry& entry, const std::string& path) {
    for (const auto& [name, why] : s.rejected) {
      if (name == entry.key) {
        diags_.Error(entry.key_mark, path, why);
        return;
      }
    }
    std::string msg = StrCat("unknown field ", Quote(entry.key));
    std::vector<std::string> names = s.FieldNames();
    if (auto close = core::ClosestMatch(entry.key, names)) {
      msg += StrCat("; did you mean ", Quote(*close), "?");
    } else if (!names.empty() && names.size() <= 12) {
      msg += StrCat(" (known fields: ", core::Join(names, ", "), ")");
    }
    diags_.Error(entry.key_mark, path, msg);
  }

  void CheckArray(const SchemaNode& s, const Value& v, const Path& path) {
    const std::size_t n = v.items.size();
    if (s.min_items && n < *s.min_items) {
      diags_.Error(v.mark, path.str(),
                   *s.min_items == 1
                       ? std::string("must have at least one item")
                       : StrCat("must have at least ", *s.min_items, " items, got ", n));
    }
    if (s.max_items && n > *s.max_items) {
      diags_.Error(v.items[*s.max_items].mark, path.str(),
                   StrCat("must have at most ", *s.max_items,
                          *s.max_items == 1 ? " item, got " : " items, got ", n));
    }
    std::map<std::string_view, int> seen;  // identity -> line of first occurrence
    for (std::size_t i = 0; i < n; ++i) {
      const Value& item = v.items[i];
      const Path child = path.Index(i);
      Check(*s.items, item, child);
      if (!s.unique_items) continue;
      const Value* id = s.unique_by.empty() ? &item : item.Find(s.unique_by);
      if (!id || !id->IsScalar()) continue;
      auto [it, inserted] = seen.emplace(id->scalar, id->mark.line);
      if (!inserted) {
        std::string p = s.unique_by.empty() ? child.str() : child.Field(s.unique_by).str();
        diags_.Error(
            id->mark, p,
            StrCat("duplicate ", Shown(p, id->scalar), " (first listed at line ", it->second, ")"));
      }
    }
  }

  void CheckMap(const SchemaNode& s, const Value& v, const Path& path) {
    if (s.max_properties && v.entries.size() > *s.max_properties) {
      diags_.Error(
          v.entries[*s.max_properties].key_mark, path.str(),
          StrCat("must have at most ", *s.max_properties, " entries, got ", v.entries.size()));
    }
    for (const auto& entry : v.entries) {
      if (s.keys) CheckText(*s.keys, entry.key, entry.key_mark, path.Key(entry.key));
      if (s.values) Check(*s.values, entry.value, path.Field(entry.key));
    }
  }

  Diagnostics& diags_;
};

}  // namespace

std::string JoinPath(const std::string& path, std::string_view key) {
  if (IsIdentifier(key)) return path.empty() ? std::string(key) : StrCat(path, ".", key);
  return StrCat(path, "[", Quote(key), "]");
}

std::string IndexPath(const std::string& path, std::size_t index) {
  return StrCat(path, "[", index, "]");
}

void Validate(const SchemaNode& schema, const Value& value, const std::string& path,
              Diagnostics& diags) {
  Path root;
  root.root = &path;
  Validator(diags).Check(schema, value, root);
}

}  // namespace deskops::specs
