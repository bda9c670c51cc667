#include "specs/schema.h"

#include <cctype>

namespace deskops::specs {

const SchemaField* SchemaNode::FindField(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::vector<std::string> SchemaNode::FieldNames() const {
  std::vector<std::string> out;
  out.reserve(fields.size());
  for (const auto& f : fields) out.push_back(f.name);
  return out;
}

SchemaNode&& SchemaNode::Len(std::size_t lo, std::size_t hi) && {
  min_length = lo;
  max_length = hi;
  return std::move(*this);
}

SchemaNode&& SchemaNode::MaxLen(std::size_t hi) && {
  max_length = hi;
  return std::move(*this);
}

SchemaNode&& SchemaNode::Enum(std::vector<std::string> values) && {
  enum_values = std::move(values);
  return std::move(*this);
}

SchemaNode&& SchemaNode::Pattern(std::string re, std::string hint) && {
  regex = std::make_shared<const std::regex>(re, std::regex::ECMAScript | std::regex::optimize);
  pattern = std::move(re);
  pattern_hint = std::move(hint);
  return std::move(*this);
}

SchemaNode&& SchemaNode::Range(std::int64_t lo, std::int64_t hi) && {
  minimum = lo;
  maximum = hi;
  return std::move(*this);
}

SchemaNode&& SchemaNode::Items(std::size_t lo, std::size_t hi) && {
  min_items = lo;
  max_items = hi;
  return std::move(*this);
}

SchemaNode&& SchemaNode::Unique(std::string by) && {
  unique_items = true;
  unique_by = std::move(by);
  return std::move(*this);
}

SchemaNode&& SchemaNode::ExactlyOneOf(std::vector<std::string> names) && {
  exactly_one_of.push_back(std::move(names));
  return std::move(*this);
}

SchemaNode&& SchemaNode::Reject(std::string field, std::string why) && {
  rejected.emplace_back(std::move(field), std::move(why));
  return std::move(*this);
}

SchemaNode String(std::string doc) { return SchemaNode(SchemaType::kString, std::move(doc)); }
SchemaNode Integer(std::string doc) { return SchemaNode(SchemaType::kInteger, std::move(doc)); }
SchemaNode Boolean(std::string doc) { return SchemaNode(SchemaType::kBoolean, std::move(doc)); }

SchemaNode Struct(std::vector<SchemaField> fields, std::string doc) {
  SchemaNode n(SchemaType::kObject, std::move(doc));
  n.fields = std::move(fields);
  return n;
}

SchemaNode ArrayOf(SchemaNode items, std::string doc) {
  SchemaNode n(SchemaType::kArray, std::move(doc));
  n.items = std::make_shared<const SchemaNode>(std::move(items));
  return n;
}

SchemaNode MapOf(SchemaNode keys, SchemaNode values, std::string doc) {
  SchemaNode n(SchemaType::kMap, std::move(doc));
  n.keys = std::make_shared<const SchemaNode>(std::move(keys));
  n.values = std::make_shared<const SchemaNode>(std::move(values));
  return n;
}

SchemaField Field(std::string name, SchemaNode node) {
  std::string wire = CamelToSnake(name);
  return SchemaField{std::move(name), std::move(wire), std::move(node), false, {}};
}

std::string CamelToSnake(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace deskops::specs
