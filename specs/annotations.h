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
//   deskops.io/rollout: "maxUnavailable=25%,pause=10m"         rebuilds and resizes in waves
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

// deskops.io/rollout: how many desktops of one rebuild or resize may be changing at a time (a
// count, or a percentage of the desktops the change concerns), and how long after a wave starts
// the next one may (it also waits until the wave's desktops are running and registered again).
struct RolloutPolicy {
  int max_unavailable = 1;
  bool percent = false;
  long long pause_seconds = 0;
  std::string text;  // as written: desktops with the same text roll out together
};

// Parses "maxUnavailable=25%,pause=10m" (pause optional: 30s, 10m, 2h); "" and an error message
// on failure.
std::optional<RolloutPolicy> ParseRolloutPolicy(std::string_view text, std::string& error);

struct ObjectPolicy {
  std::optional<bool> prune;
  bool suspend = false;
  std::optional<bool> adopt;
  bool allow_replace = false;
  bool allow_destroy = false;
  bool disrupt_connected = false;
  std::vector<std::string> ignore_changes;  // field paths such as spec.tags
  std::optional<RolloutPolicy> rollout;
};

// Reads the deskops.io/ annotations of a validated `metadata.annotations` mapping (may be null).
ObjectPolicy ParseObjectPolicy(const Value* annotations, const SchemaNode& spec_schema,
                               Diagnostics& diags);

// The deskops.io/ annotation keys, for help texts and the JSON Schema.
std::vector<std::string> KnownAnnotations();

// Whether `path` (like "spec.dataVolumes" or "spec.tags.team") names a field of the schema.
bool SchemaHasPath(const SchemaNode& spec_schema, std::string_view path);

}  // namespace deskops::specs
