#pragma once
// The manifest kinds, as specs/kinds.def registers them (an explicit list, no static-initialiser
// registration), and the decoded object type. Each kind's spec file defines its KindInfo
// (specs::<TypeName>Kind()); Kinds() lists them in kinds.def's order. Immutable; thread-safe.

#include <any>
#include <string>
#include <string_view>
#include <vector>

#include "specs/annotations.h"
#include "specs/common.h"
#include "specs/diagnostic.h"
#include "specs/object.h"
#include "specs/spec_fields.h"

namespace deskops::specs {

class ManifestSet;

// A decoded spec: the kind's own type (DesktopSpec, ...), read with Object::As<T>().
using AnySpec = std::any;

struct KindInfo {
  std::string_view name;     // "Desktop"
  std::string_view plural;   // "desktops", as the CLI accepts it
  std::string_view summary;  // one line for help texts and the JSON Schema title
  bool case_insensitive_names;
  const SchemaNode& (*name_schema)();
  const SchemaNode& (*spec_schema)();
  AnySpec (*decode)(const Value& spec, const DecodeContext& ctx);
  // The reference sections the kind manages ("4.5"), for the docs and the coverage table.
  std::vector<std::string_view> sections = {};
  // Other names `deskops get` accepts ("pools" for desktoppools).
  std::vector<std::string_view> aliases = {};
  // Rules across the kind's objects, checked once the whole set is loaded (at most one default
  // name policy, ...); nullptr: none.
  void (*check_set)(const ManifestSet& set, Diagnostics& diags) = nullptr;
};

// Every kind, in the order objects are created (deletions run in reverse).
const std::vector<KindInfo>& Kinds();
// By name ("Desktop"), plural ("desktops"), lower-case singular ("desktop") or an alias ("pools");
// nullptr if none.
const KindInfo* FindKind(std::string_view name);
std::vector<std::string> KindNames();

// KindInfo::check_set for a singleton kind (the tenant's settings): at most one manifest.
void CheckSingleton(std::string_view kind, const ManifestSet& set, Diagnostics& diags);
template <const char* Kind>
void Singleton(const ManifestSet& set, Diagnostics& diags) {
  CheckSingleton(Kind, set, diags);
}

// Decodes a spec of type `Spec` into an AnySpec (for KindInfo::decode).
template <class Spec, Spec (*Decode)(const Value&, const DecodeContext&)>
AnySpec DecodeAs(const Value& spec, const DecodeContext& ctx) {
  return Decode(spec, ctx);
}

// The schema of a whole document of this kind: apiVersion, kind, metadata, spec.
const SchemaNode& EnvelopeSchema(const KindInfo& kind);

// Whether two names denote the same object of this kind.
bool SameName(const KindInfo& kind, std::string_view a, std::string_view b);

struct Object {
  const KindInfo* kind = nullptr;
  ObjectMeta meta;
  ObjectPolicy policy;  // from deskops.io/ annotations
  AnySpec spec;
  std::vector<Ref> refs;
  Mark mark;  // start of the document
  // The fields the spec sets, as a create's plan shows them (spec_fields.h: secrets by source).
  std::vector<SpecField> fields;

  template <class T>
  const T* As() const {
    return std::any_cast<T>(&spec);
  }
  std::string Id() const;  // "Desktop/eng-alice-01"
};

}  // namespace deskops::specs
