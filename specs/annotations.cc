#include "specs/annotations.h"

#include "core/strings.h"

namespace deskops::specs {

using core::Quote;
using core::StrCat;

namespace {

struct AnnotationDef {
  const char* key;  // without the prefix
  void (*apply)(ObjectPolicy&, bool);
};

const std::vector<AnnotationDef>& BoolAnnotations() {
  static const std::vector<AnnotationDef> defs = {
      {"prune", [](ObjectPolicy& p, bool v) { p.prune = v; }},
      {"suspend", [](ObjectPolicy& p, bool v) { p.suspend = v; }},
      {"adopt", [](ObjectPolicy& p, bool v) { p.adopt = v; }},
      {"allow-replace", [](ObjectPolicy& p, bool v) { p.allow_replace = v; }},
      {"allow-destroy", [](ObjectPolicy& p, bool v) { p.allow_destroy = v; }},
      {"disrupt-connected", [](ObjectPolicy& p, bool v) { p.disrupt_connected = v; }},
  };
  return defs;
}

constexpr const char* kIgnoreChanges = "ignore-changes";
constexpr const char* kRollout = "rollout";

std::optional<long long> Number(std::string_view digits) {
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  long long v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

void ParseIgnoreChanges(const Value::Entry& e, const SchemaNode& spec_schema, ObjectPolicy& policy,
                        Diagnostics& diags) {
  const std::string path = StrCat("metadata.annotations[", Quote(e.key), "]");
  for (const std::string& raw : core::Split(e.value.scalar, ',')) {
    std::string field(core::Trim(raw));
    if (field.empty()) continue;
    if (!SchemaHasPath(spec_schema, field)) {
      diags.Error(e.value.mark, path,
                  StrCat(Quote(field),
                         " is not a field of this kind; write paths such as "
                         "spec.tags or spec.powerState"));
      continue;
    }
    policy.ignore_changes.push_back(std::move(field));
  }
}

}  // namespace

std::optional<RolloutPolicy> ParseRolloutPolicy(std::string_view text, std::string& error) {
  RolloutPolicy p;
  p.text = std::string(core::Trim(text));
  bool has_max = false;
  for (const std::string& raw : core::Split(p.text, ',')) {
    const std::string item(core::Trim(raw));
    const auto eq = item.find('=');
    const std::string key(core::Trim(item.substr(0, eq)));
    const std::string value =
        eq == std::string::npos ? "" : std::string(core::Trim(item.substr(eq + 1)));
    if (key == "maxUnavailable") {
      p.percent = !value.empty() && value.back() == '%';
      auto n = Number(p.percent ? std::string_view(value).substr(0, value.size() - 1) : value);
      if (!n || *n < 1 || (p.percent && *n > 100)) {
        error = StrCat(
            "maxUnavailable must be a count of at least 1 or a percentage from 1% to "
            "100%; got ",
            Quote(value));
        return std::nullopt;
      }
      p.max_unavailable = static_cast<int>(*n);
      has_max = true;
    } else if (key == "pause") {
      const char unit = value.empty() ? ' ' : value.back();
      auto n = Number(std::string_view(value).substr(0, value.empty() ? 0 : value.size() - 1));
      const long long scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : 0;
      if (!n || scale == 0) {
        error = StrCat("pause must be a duration such as 30s, 10m or 2h; got ", Quote(value));
        return std::nullopt;
      }
      p.pause_seconds = *n * scale;
    } else {
      error = StrCat("unknown setting ", Quote(key),
                     "; write \"maxUnavailable=25%,pause=10m\" (pause is optional)");
      return std::nullopt;
    }
  }
  if (!has_max) {
    error = "maxUnavailable is required, e.g. \"maxUnavailable=25%,pause=10m\"";
    return std::nullopt;
  }
  return p;
}

std::vector<std::string> KnownAnnotations() {
  std::vector<std::string> out;
  for (const auto& d : BoolAnnotations()) out.push_back(StrCat(kAnnotationPrefix, d.key));
  out.push_back(StrCat(kAnnotationPrefix, kIgnoreChanges));
  out.push_back(StrCat(kAnnotationPrefix, kRollout));
  return out;
}

bool SchemaHasPath(const SchemaNode& spec_schema, std::string_view path) {
  if (!core::StartsWith(path, "spec.")) return false;
  const SchemaNode* node = &spec_schema;
  for (const std::string& segment : core::Split(path.substr(5), '.')) {
    if (node->type == SchemaType::kMap) return !segment.empty();  // a key of a map: any key
    if (node->type != SchemaType::kObject) return false;
    const SchemaField* f = node->FindField(segment);
    if (!f) return false;
    node = &f->node;
  }
  return true;
}

ObjectPolicy ParseObjectPolicy(const Value* annotations, const SchemaNode& spec_schema,
                               Diagnostics& diags) {
  ObjectPolicy policy;
  if (!annotations || annotations->type != Value::Type::kMap) return policy;
  for (const auto& e : annotations->entries) {
    if (!core::StartsWith(e.key, kAnnotationPrefix)) continue;
    std::string_view name = std::string_view(e.key).substr(kAnnotationPrefix.size());
    const std::string path = StrCat("metadata.annotations[", Quote(e.key), "]");
    if (name == kIgnoreChanges) {
      ParseIgnoreChanges(e, spec_schema, policy, diags);
      continue;
    }
    if (name == kRollout) {
      std::string error;
      policy.rollout = ParseRolloutPolicy(e.value.scalar, error);
      if (!policy.rollout) diags.Error(e.value.mark, path, error);
      continue;
    }
    const AnnotationDef* def = nullptr;
    for (const auto& d : BoolAnnotations()) {
      if (name == d.key) def = &d;
    }
    if (!def) {
      std::string msg = StrCat("unknown deskops annotation ", Quote(e.key));
      if (auto close = core::ClosestMatch(e.key, KnownAnnotations())) {
        msg += StrCat("; did you mean ", Quote(*close), "?");
      } else {
        msg += StrCat(" (known: ", core::Join(KnownAnnotations(), ", "), ")");
      }
      diags.Error(e.key_mark, path, msg);
      continue;
    }
    if (e.value.scalar != "true" && e.value.scalar != "false") {
      diags.Error(e.value.mark, path,
                  StrCat("must be \"true\" or \"false\"; got ", Quote(e.value.scalar)));
      continue;
    }
    def->apply(policy, e.value.scalar == "true");
  }
  return policy;
}

}  // namespace deskops::specs
