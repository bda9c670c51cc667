#pragma once
// Per-object reconciliation settings, written as metadata.annotations with the deskops.io/ prefix
// (the way Flux and Argo CD take per-object options), validated like any field:
//   deskops.io/prune: "false"            never delete this object when it leaves the manifests
//   deskops.io/suspend: "true"           do not reconcile this object at all
//   deskops.io/adopt: "true"|"false"     adopt a live object of the same name (overrides config)
//   deskops.io/allow-replace: "true"     an immutable change may delete and re-create the object
//   deskops.io/allow-destroy: "true"     destructive actions (rebuild, data-disk delete) allowed
//   deskops.io/disrupt-connected: "true" disruptive actions go ahead while a user is connected
//   deskops.io/ignore-changes: "spec.tags, spec.powerState"   fields never corrected
// Unknown deskops.io/ keys are errors (with a did-you-mean hint). Pure functions; thread-safe.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "specs/diagnostic.h"
#include "specs/schema.h"
#include "specs/value.h"

namespace deskops::specs {

inline constexpr std::string_view kAnnotationPrefix = "deskops.io/";

struct ObjectPolicy {
  std::optional<bool> prune;
  bool suspend = false;
  std::optional<bool> adopt;
  bool allow_replace = false;
  bool allow_destroy = false;
  bool disrupt_connected = false;
  std::vector<std::string> ignore_changes;  // field paths such as spec.tags
};

// Reads the deskops.io/ annotations of a validated `metadata.annotations` mapping (may be null).
ObjectPolicy ParseObjectPolicy(const Value* annotations, const SchemaNode& spec_schema,
                               Diagnostics& diags);

// The deskops.io/ annotation keys, for help texts and the JSON Schema.
std::vector<std::string> KnownAnnotations();

// Whether `path` (like "spec.dataVolumes" or "spec.tags.team") names a field of the schema.
bool SchemaHasPath(const SchemaNode& spec_schema, std::string_view path);

}  // namespace deskops::specs
