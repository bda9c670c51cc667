#include "specs/json_schema.h"

#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

using nlohmann::json;

namespace {

constexpr const char* kDraft = "https://json-schema.org/draft/2020-12/schema";
constexpr const char* kIdBase = "https://deskops.io/schemas/v1alpha1/";

json NodeSchema(const SchemaNode& n);

void AddCommon(const SchemaNode& n, json& out) {
  if (!n.description.empty()) out["description"] = n.description;
  if (!n.default_json.empty()) out["default"] = json::parse(n.default_json);
}

json StringSchema(const SchemaNode& n) {
  json out = {{"type", "string"}};
  if (n.min_length) out["minLength"] = *n.min_length;
  if (n.max_length) out["maxLength"] = *n.max_length;
  if (!n.enum_values.empty()) {
    out["enum"] = n.enum_values;
  } else if (!n.pattern.empty()) {
    out["pattern"] = core::StrCat("^(?:", n.pattern, ")$");  // JSON Schema patterns search
  }
  if (!n.format.empty()) out["format"] = n.format;
  return out;
}

json ObjectSchema(const SchemaNode& n) {
  json props = json::object();
  json required = json::array();
  for (const auto& f : n.fields) {
    json prop = NodeSchema(f.node);
    // Annotations for tools (draft 2020-12 ignores unknown keywords): the API's name for the field
    // (absent when deskops sends nothing by that name) and the kind a name refers to.
    if (!f.wire.empty()) prop["x-deskops-wire"] = f.wire;
    if (!f.ref_kind.empty()) prop["x-deskops-ref"] = f.ref_kind;
    props[f.name] = std::move(prop);
    if (f.required) required.push_back(f.name);
  }
  json out = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = required;
  for (const auto& group : n.exactly_one_of) {
    json one_of = json::array();
    for (const auto& name : group) one_of.push_back({{"required", {name}}});
    out["oneOf"] = one_of;
  }
  return out;
}

json NodeSchema(const SchemaNode& n) {
  json out;
  switch (n.type) {
    case SchemaType::kString:
      out = StringSchema(n);
      break;
    case SchemaType::kInteger:
      out = {{"type", "integer"}};
      if (n.minimum) out["minimum"] = *n.minimum;
      if (n.maximum) out["maximum"] = *n.maximum;
      if (n.multiple_of) out["multipleOf"] = *n.multiple_of;
      break;
    case SchemaType::kBoolean:
      out = {{"type", "boolean"}};
      break;
    case SchemaType::kObject:
      out = ObjectSchema(n);
      break;
    case SchemaType::kArray:
      out = {{"type", "array"}, {"items", NodeSchema(*n.items)}};
      if (n.min_items) out["minItems"] = *n.min_items;
      if (n.max_items) out["maxItems"] = *n.max_items;
      if (n.unique_items && n.unique_by.empty()) out["uniqueItems"] = true;
      // Items are told apart by this field (unique within the list): the list's key.
      if (n.unique_items && !n.unique_by.empty()) out["x-deskops-unique-by"] = n.unique_by;
      break;
    case SchemaType::kMap:
      out = {{"type", "object"}, {"additionalProperties", NodeSchema(*n.values)}};
      if (n.keys) out["propertyNames"] = NodeSchema(*n.keys);
      if (n.max_properties) out["maxProperties"] = *n.max_properties;
      break;
  }
  AddCommon(n, out);
  return out;
}

json KindSchema(const KindInfo& kind) {
  json out = NodeSchema(EnvelopeSchema(kind));
  out["title"] = std::string(kind.name);
  return out;
}

}  // namespace

core::StatusOr<std::string> ExportJsonSchema(std::optional<std::string_view> kind_name) {
  if (kind_name) {
    const KindInfo* kind = FindKind(*kind_name);
    if (!kind) {
      return core::Status::NotFound(core::StrCat("unknown kind ", core::Quote(*kind_name),
                                                 " (known kinds: ", core::Join(KindNames(), ", "),
                                                 ")"));
    }
    json out = KindSchema(*kind);
    out["$schema"] = kDraft;
    out["$id"] = core::StrCat(kIdBase, core::ToLower(kind->name), ".json");
    return out.dump(2);
  }
  json defs = json::object();
  json all_of = json::array();
  for (const auto& k : Kinds()) {
    defs[std::string(k.name)] = KindSchema(k);
    all_of.push_back(
        {{"if", {{"properties", {{"kind", {{"const", k.name}}}}}, {"required", {"kind"}}}},
         {"then", {{"$ref", core::StrCat("#/$defs/", k.name)}}}});
  }
  json out = {
      {"$schema", kDraft},
      {"$id", core::StrCat(kIdBase, "manifest.json")},
      {"title", "deskops manifest"},
      {"description", "A deskops manifest document of any kind."},
      {"type", "object"},
      {"required", {"apiVersion", "kind", "metadata", "spec"}},
      {"properties",
       {{"apiVersion", {{"const", std::string(kApiVersion)}}}, {"kind", {{"enum", KindNames()}}}}},
      {"allOf", all_of},
      {"$defs", defs},
  };
  return out.dump(2);
}

}  // namespace deskops::specs
