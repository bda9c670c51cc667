#include "specs/kinds.h"

#include <map>

#include "core/strings.h"
#include "specs/manifest_set.h"

namespace deskops::specs {

// Each kind's spec file defines its KindInfo.
#define DESKOPS_KIND(Type, folder) const KindInfo& Type##Kind();
#include "specs/kinds.def"
#undef DESKOPS_KIND

namespace {

SchemaNode LabelsSchema() {
  // Kubernetes label syntax: an optional DNS prefix and "/", then a name of at most 63 characters.
  return MapOf(
      String().Len(1, 317).Pattern(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?",
          "be a label key: an optional DNS prefix and \"/\", then up to 63 "
          "letters, digits, '-', '_' or '.', starting and ending alphanumeric"),
      String().MaxLen(63).Pattern("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?",
                                  "be a label value: up to 63 letters, digits, '-', '_' or '.', "
                                  "starting and ending alphanumeric"),
      "Labels for selecting and grouping objects; deskops does not send them to the "
      "API.");
}

SchemaNode MakeEnvelope(const KindInfo& kind) {
  std::string doc = core::StrCat(kind.summary);
  return Struct(
      {
          Field("apiVersion", String("Manifest format version.").Enum({std::string(kApiVersion)}))
              .Required()
              .NoWire(),
          Field("kind", String("The kind of object.").Enum({std::string(kind.name)}))
              .Required()
              .NoWire(),
          Field("metadata",
                Struct({
                    Field("name", SchemaNode(kind.name_schema())).Required(),
                    Field("labels", LabelsSchema()).NoWire(),
                    Field("annotations",
                          MapOf(String().MinLen(1), String(),
                                "Annotations; deskops.io/ keys set per-object options: " +
                                    core::Join(KnownAnnotations(), ", ") + "."))
                        .NoWire(),
                }))
              .Required()
              .NoWire(),
          Field("spec", SchemaNode(kind.spec_schema())).Required().NoWire(),
      },
      doc);
}

}  // namespace

const std::vector<KindInfo>& Kinds() {
  static const std::vector<KindInfo> kinds = {
#define DESKOPS_KIND(Type, folder) Type##Kind(),
#include "specs/kinds.def"
#undef DESKOPS_KIND
  };
  return kinds;
}

const KindInfo* FindKind(std::string_view name) {
  for (const auto& k : Kinds()) {
    if (name == k.name || name == k.plural || core::ToLower(k.name) == name) return &k;
    for (std::string_view alias : k.aliases) {
      if (name == alias) return &k;
    }
  }
  return nullptr;
}

std::vector<std::string> KindNames() {
  std::vector<std::string> out;
  for (const auto& k : Kinds()) out.emplace_back(k.name);
  return out;
}

const SchemaNode& EnvelopeSchema(const KindInfo& kind) {
  static const std::map<std::string_view, SchemaNode> envelopes = [] {
    std::map<std::string_view, SchemaNode> m;
    for (const auto& k : Kinds()) m.emplace(k.name, MakeEnvelope(k));
    return m;
  }();
  return envelopes.at(kind.name);
}

bool SameName(const KindInfo& kind, std::string_view a, std::string_view b) {
  return kind.case_insensitive_names ? core::EqualsIgnoreCase(a, b) : a == b;
}

void CheckSingleton(std::string_view kind, const ManifestSet& set, Diagnostics& diags) {
  const std::vector<const Object*> objects = set.OfKind(kind);
  for (std::size_t i = 1; i < objects.size(); ++i) {
    diags.Add({Severity::kError, objects[i]->meta.mark, std::string(kind), objects[i]->meta.name,
               "metadata.name",
               core::StrCat("the tenant has one ", kind, "; ", objects[0]->Id(),
                            " already declares it (", objects[0]->meta.mark.ToString(), ")")});
  }
}

std::string Object::Id() const { return core::StrCat(kind ? kind->name : "?", "/", meta.name); }

}  // namespace deskops::specs
