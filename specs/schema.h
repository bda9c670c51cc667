#pragma once
// Schema: a declarative description of a manifest kind's fields and rules. One description drives
// three things that must agree: validation of YAML (validate.h), the JSON Schema that editors use
// (json_schema.h), and the mapping of camelCase manifest fields to the API's wire names. Each kind
// builds its schema once (function-local static) and it is immutable afterwards, so it can be read
// from any thread.
//
// Built with a small DSL:
//   Struct({
//     Field("productId", String().Len(1, 64)).Required(),
//     Field("rootVolume", VolumeSchema(80)).Required(),
//     Field("dataVolumes", ArrayOf(VolumeSchema(10)).Items(0, 10)),
//   })

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deskops::specs {

enum class SchemaType { kString, kInteger, kBoolean, kObject, kArray, kMap };

struct SchemaField;

class SchemaNode {
 public:
  // Defined below SchemaField: a constructor needs the member vector's element type complete
  // (clang insists; gcc defers the check).
  explicit SchemaNode(SchemaType t, std::string doc = {});

  SchemaType type;
  std::string description;
  std::string default_json;  // JSON text of the default, exported as an annotation; empty = none

  // Strings (lengths count Unicode code points, like JSON Schema).
  std::optional<std::size_t> min_length, max_length;
  std::vector<std::string> enum_values;
  std::string pattern;       // ECMAScript regex matched against the whole value
  std::string pattern_hint;  // the rule in words: "contain only letters, digits and hyphens"
  std::shared_ptr<const std::regex> regex;
  std::string format;  // JSON Schema format annotation (email, ipv4, ...)

  // Integers.
  std::optional<std::int64_t> minimum, maximum, multiple_of;

  // Lists.
  std::shared_ptr<const SchemaNode> items;
  std::optional<std::size_t> min_items, max_items;
  bool unique_items = false;
  std::string unique_by;  // lists of objects: the field that must be unique ("" = whole item)

  // Objects.
  std::vector<SchemaField> fields;
  std::vector<std::vector<std::string>> exactly_one_of;       // groups of mutually exclusive fields
  std::vector<std::pair<std::string, std::string>> rejected;  // field -> why it is not allowed

  // Maps from text keys to values.
  std::shared_ptr<const SchemaNode> keys, values;
  std::optional<std::size_t> max_properties;

  const SchemaField* FindField(std::string_view name) const;
  std::vector<std::string> FieldNames() const;

  // DSL setters, chained on temporaries.
  SchemaNode&& Doc(std::string d) && { return description = std::move(d), std::move(*this); }
  SchemaNode&& Default(std::string json) && {
    return default_json = std::move(json), std::move(*this);
  }
  SchemaNode&& Len(std::size_t lo, std::size_t hi) &&;
  SchemaNode&& MaxLen(std::size_t hi) &&;
  SchemaNode&& MinLen(std::size_t lo) && { return min_length = lo, std::move(*this); }
  SchemaNode&& Enum(std::vector<std::string> values) &&;
  SchemaNode&& Pattern(std::string regex, std::string hint) &&;
  SchemaNode&& Format(std::string f) && { return format = std::move(f), std::move(*this); }
  SchemaNode&& Range(std::int64_t lo, std::int64_t hi) &&;
  SchemaNode&& Min(std::int64_t lo) && { return minimum = lo, std::move(*this); }
  SchemaNode&& MultipleOf(std::int64_t m) && { return multiple_of = m, std::move(*this); }
  SchemaNode&& Items(std::size_t lo, std::size_t hi) &&;
  SchemaNode&& MaxItems(std::size_t hi) && { return max_items = hi, std::move(*this); }
  SchemaNode&& MinItems(std::size_t lo) && { return min_items = lo, std::move(*this); }
  SchemaNode&& Unique(std::string by = {}) &&;
  SchemaNode&& ExactlyOneOf(std::vector<std::string> names) &&;
  SchemaNode&& Reject(std::string field, std::string why) &&;
  SchemaNode&& MaxProperties(std::size_t n) && { return max_properties = n, std::move(*this); }
};

struct SchemaField {
  std::string name;  // camelCase, as written in manifests
  std::string wire;  // the API's name for it ("" when the field has no API counterpart)
  SchemaNode node;
  bool required = false;
  std::string missing_hint = {};  // how to fix a missing required field, for the error message
  std::string ref_kind = {};      // the value names an object of this kind ("User", ...)

  SchemaField&& Required() && { return required = true, std::move(*this); }
  SchemaField&& Required(std::string hint) && {
    return required = true, missing_hint = std::move(hint), std::move(*this);
  }
  SchemaField&& Wire(std::string w) && { return wire = std::move(w), std::move(*this); }
  SchemaField&& NoWire() && { return wire.clear(), std::move(*this); }
  SchemaField&& Ref(std::string kind) && { return ref_kind = std::move(kind), std::move(*this); }
};

inline SchemaNode::SchemaNode(SchemaType t, std::string doc)
    : type(t), description(std::move(doc)) {}

SchemaNode String(std::string doc = {});
SchemaNode Integer(std::string doc = {});
SchemaNode Boolean(std::string doc = {});
SchemaNode Struct(std::vector<SchemaField> fields, std::string doc = {});
SchemaNode ArrayOf(SchemaNode items, std::string doc = {});
SchemaNode MapOf(SchemaNode keys, SchemaNode values, std::string doc = {});
// A field whose wire name is the snake_case form of `name` (productId -> product_id).
SchemaField Field(std::string name, SchemaNode node);

std::string CamelToSnake(std::string_view camel);

}  // namespace deskops::specs
