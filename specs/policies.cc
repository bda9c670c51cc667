#include "specs/policies.h"

#include <map>

#include "core/strings.h"
#include "specs/policies_table.h"

namespace deskops::specs {
namespace {

SchemaNode LeafSchema(const PolicyFieldDef& def) {
  // The DSL setters modify the node they are called on (and return it for chaining), so calling
  // them on std::move(n) without assigning the result updates n in place.
  switch (def.type) {
    case 'b': return Boolean(def.description);
    case 'i': {
      SchemaNode n = Integer(def.description);
      if (def.min <= def.max) std::move(n).Range(def.min, def.max);
      return n;
    }
    case 's': {
      SchemaNode n = String(def.description);
      if (def.max_length > 0) std::move(n).MaxLen(static_cast<std::size_t>(def.max_length));
      if (def.enum_values) std::move(n).Enum(core::Split(def.enum_values, '|'));
      return n;
    }
    default: return Struct({}, def.description);
  }
}

// Inserts `node` at `segments` below `root`, creating nothing: parents come first in the table.
void Insert(SchemaNode& root, const std::vector<std::string>& segments, SchemaNode node) {
  SchemaNode* at = &root;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    SchemaField* next = nullptr;
    for (auto& f : at->fields) {
      if (f.wire == segments[i]) next = &f;
    }
    if (!next) return;  // the generator guarantees parents exist
    at = &next->node;
  }
  SchemaField field = Field(core::SnakeToCamel(segments.back()), std::move(node));
  field.wire = segments.back();
  at->fields.push_back(std::move(field));
}

SchemaNode MakePoliciesSchema() {
  SchemaNode root = Struct({}, "Policies (4.14.2 Policies object, api-digest §7.1). Only the "
                               "policies written here are managed; the rest keep their values.");
  for (std::size_t i = 0; i < kPolicyFieldCount; ++i) {
    Insert(root, core::Split(kPolicyFields[i].wire_path, '.'), LeafSchema(kPolicyFields[i]));
  }
  return root;
}

void Flatten(const SchemaNode& schema, const Value& v, const std::string& prefix,
             std::vector<PolicyLeaf>& out) {
  for (const auto& e : v.entries) {
    const SchemaField* f = schema.FindField(e.key);
    if (!f || e.value.type == Value::Type::kNull) continue;
    std::string path = prefix.empty() ? f->wire : core::StrCat(prefix, ".", f->wire);
    switch (e.value.type) {
      case Value::Type::kMap: Flatten(f->node, e.value, path, out); break;
      case Value::Type::kBool: out.push_back({path, e.value.bool_value}); break;
      case Value::Type::kInt: out.push_back({path, e.value.int_value}); break;
      default: out.push_back({path, e.value.scalar}); break;
    }
  }
}

}  // namespace

const SchemaNode& PoliciesSchema() {
  static const SchemaNode schema = MakePoliciesSchema();
  return schema;
}

std::vector<PolicyLeaf> FlattenPolicies(const Value& policies) {
  std::vector<PolicyLeaf> out;
  Flatten(PoliciesSchema(), policies, "", out);
  return out;
}

std::vector<std::string> PolicyAliases(std::string_view wire_path) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> aliases = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> m;
    for (std::size_t i = 0; i < kPolicyFieldCount; ++i) {
      if (kPolicyFields[i].aliases) m[kPolicyFields[i].wire_path] = core::Split(kPolicyFields[i].aliases, '|');
    }
    return m;
  }();
  auto it = aliases.find(wire_path);
  return it == aliases.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace deskops::specs
