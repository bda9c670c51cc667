#pragma once
// The explicit list of manifest kinds (no static-initialiser registration) and the decoded object
// type. Adding a kind: write specs/<kind>.{h,cc}, add it to AnySpec and one row to Kinds() in
// kinds.cc. Immutable data; thread-safe.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "specs/access_policy.h"
#include "specs/annotations.h"
#include "specs/common.h"
#include "specs/desktop.h"
#include "specs/desktop_name_policy.h"
#include "specs/desktop_pool.h"
#include "specs/object.h"
#include "specs/policy_group.h"
#include "specs/user.h"
#include "specs/user_group.h"

namespace deskops::specs {

using AnySpec = std::variant<DesktopSpec, DesktopPoolSpec, UserSpec, UserGroupSpec,
                             PolicyGroupSpec, AccessPolicySpec, DesktopNamePolicySpec>;

struct KindInfo {
  std::string_view name;     // "Desktop"
  std::string_view plural;   // "desktops", as the CLI accepts it
  std::string_view summary;  // one line for help texts and the JSON Schema title
  bool case_insensitive_names;
  const SchemaNode& (*name_schema)();
  const SchemaNode& (*spec_schema)();
  AnySpec (*decode)(const Value& spec, const DecodeContext& ctx);
};

// Every kind, in the order objects are created (deletions run in reverse).
const std::vector<KindInfo>& Kinds();
// By name ("Desktop"), plural ("desktops") or lower-case singular ("desktop"); nullptr if none.
const KindInfo* FindKind(std::string_view name);
std::vector<std::string> KindNames();

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

  template <class T>
  const T* As() const {
    return std::get_if<T>(&spec);
  }
  std::string Id() const;  // "Desktop/eng-alice-01"
};

}  // namespace deskops::specs
