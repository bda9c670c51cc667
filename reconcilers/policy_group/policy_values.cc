#include "reconcilers/policy_group/policy_values.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "core/strings.h"

namespace deskops::reconcilers::policies {

namespace {

using specs::SchemaNode;
using specs::SchemaType;

// One node of the policies schema, by canonical wire path ("" is the root).
struct Node {
  const SchemaNode* schema = nullptr;
  std::string camel;  // manifest path below `policies`, dotted camelCase
  // The spellings a child's segment may have (canonical and aliases) -> canonical segment.
  std::map<std::string, std::string, std::less<>> children;
};

using Tree = std::map<std::string, Node, std::less<>>;

std::string Join(const std::string& parent, const std::string& segment) {
  return parent.empty() ? segment : core::StrCat(parent, ".", segment);
}

void Build(Tree& tree, const SchemaNode& schema, const std::string& wire,
           const std::string& camel) {
  for (const specs::SchemaField& f : schema.fields) {
    const std::string path = Join(wire, f.wire);
    tree[wire].children[f.wire] = f.wire;
    for (const std::string& alias : specs::PolicyAliases(path)) tree[wire].children[alias] = f.wire;
    Node& child = tree[path];
    child.schema = &f.node;
    child.camel = Join(camel, f.name);
    if (f.node.type == SchemaType::kObject) Build(tree, f.node, path, child.camel);
  }
}

const Tree& TheTree() {
  static const Tree tree = [] {
    Tree t;
    t[""].schema = &specs::PoliciesSchema();
    Build(t, specs::PoliciesSchema(), "", "");
    return t;
  }();
  return tree;
}

std::string DoubleText(double d) {
  if (std::trunc(d) == d && std::abs(d) < 9e15) return std::to_string(static_cast<std::int64_t>(d));
  std::ostringstream s;
  s << d;
  return s.str();
}

template <class Variant>
std::string Text(const Variant& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<T, double>) {
          return DoubleText(x);
        } else {
          return std::to_string(x);
        }
      },
      v);
}

std::optional<std::int64_t> ParseInt(const std::string& s) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

// The observed value as the schema's type, if it converts and the schema would accept it.
std::optional<DesiredValue> AsSchemaType(const LiveValue& v, const SchemaNode& schema) {
  const std::string text = Text(v);
  switch (schema.type) {
    case SchemaType::kBoolean:
      if (text == "true" || text == "false") return DesiredValue(text == "true");
      return std::nullopt;
    case SchemaType::kInteger: {
      if (std::holds_alternative<bool>(v)) return std::nullopt;
      auto n = ParseInt(text);
      if (!n || (schema.minimum && *n < *schema.minimum) ||
          (schema.maximum && *n > *schema.maximum)) {
        return std::nullopt;
      }
      return DesiredValue(*n);
    }
    case SchemaType::kString: {
      const auto& e = schema.enum_values;
      if (!e.empty() && std::find(e.begin(), e.end(), text) == e.end()) return std::nullopt;
      if (schema.max_length && core::Utf8Length(text).value_or(0) > *schema.max_length) {
        return std::nullopt;
      }
      return DesiredValue(text);
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string Canonical(std::string_view observed_path) {
  const Tree& tree = TheTree();
  std::string at;
  for (const std::string& segment : core::Split(observed_path, '.')) {
    auto node = tree.find(at);
    if (node == tree.end()) return "";
    auto child = node->second.children.find(segment);
    if (child == node->second.children.end()) return "";
    at = Join(at, child->second);
  }
  auto leaf = tree.find(at);
  if (leaf == tree.end() || leaf->second.schema->type == SchemaType::kObject) return "";
  return at;
}

std::string ManifestPath(std::string_view wire_path) {
  const Tree& tree = TheTree();
  auto node = tree.find(wire_path);
  return core::StrCat("spec.policies.",
                      node == tree.end() ? std::string(wire_path) : node->second.camel);
}

std::map<std::string, LiveValue> Normalize(const std::vector<cloud::JsonLeaf>& observed) {
  std::map<std::string, LiveValue> out;
  for (const auto& leaf : observed) {
    std::string path = Canonical(leaf.path);
    if (!path.empty()) out[path] = leaf.value;
  }
  return out;
}

bool SameValue(const DesiredValue& desired, const LiveValue& live) {
  if (std::holds_alternative<std::string>(desired) || std::holds_alternative<std::string>(live)) {
    return Text(desired) == Text(live);
  }
  if (const bool* b = std::get_if<bool>(&desired)) {
    return std::holds_alternative<bool>(live) && std::get<bool>(live) == *b;
  }
  const std::int64_t n = std::get<std::int64_t>(desired);
  if (const auto* i = std::get_if<std::int64_t>(&live)) return *i == n;
  if (const auto* d = std::get_if<double>(&live)) return *d == static_cast<double>(n);
  return false;
}

std::string ShowValue(const DesiredValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return core::Quote(*s);
  return Text(value);
}

std::string ShowValue(const LiveValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return core::Quote(*s);
  return Text(value);
}

cloud::JsonLeaf ToWire(const specs::PolicyLeaf& leaf) {
  cloud::JsonLeaf out;
  out.path = leaf.wire_path;
  std::visit([&](const auto& v) { out.value = v; }, leaf.value);
  return out;
}

std::vector<cloud::JsonLeaf> ToWire(const std::vector<specs::PolicyLeaf>& leaves) {
  std::vector<cloud::JsonLeaf> out;
  for (const auto& leaf : leaves) out.push_back(ToWire(leaf));
  return out;
}

std::size_t ExportPolicies(const std::vector<cloud::JsonLeaf>& observed, ExportDoc& doc) {
  const Tree& tree = TheTree();
  std::size_t left_out = 0;
  for (const auto& leaf : observed) {
    const std::string path = Canonical(leaf.path);
    auto typed =
        path.empty() ? std::nullopt : AsSchemaType(leaf.value, *tree.find(path)->second.schema);
    if (!typed) {
      ++left_out;
      continue;
    }
    const std::string at = "policies." + tree.find(path)->second.camel;
    std::visit([&](const auto& v) { doc.Set(at, v); }, *typed);
  }
  return left_out;
}

}  // namespace deskops::reconcilers::policies
