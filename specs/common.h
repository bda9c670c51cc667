#pragma once
// Schema pieces and decoding helpers shared by several kinds: name rules, IDs, volumes, tags,
// privilege groups, addresses; and Fields, a reader over an already validated mapping. Rules cite
// the API reference line they come from (L####, see ../shared/reference/api-digest.md).
// Pure functions and immutable data; thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "specs/diagnostic.h"
#include "specs/object.h"
#include "specs/schema.h"
#include "specs/value.h"

namespace deskops::specs {

// Where to read a secret from when it is needed (at apply time, never at validation).
struct SecretSource {
  std::optional<std::string> env;   // environment variable name
  std::optional<std::string> file;  // path of a file holding the secret (trailing newline ignored)
};

// The tag deskops writes on every desktop it creates, so its inventory can be rebuilt from the
// tenant. Tag keys allow only letters, digits, hyphens and underscores (L5135).
inline constexpr std::string_view kOwnerTagKey = "deskops-owner";
// Tags per desktop: 10 (L15474, WKS.0566) although 4.6.7/4.6.8 say 20 (L16210); we take the
// stricter 10, and one of them is the ownership tag.
inline constexpr std::size_t kMaxDesktopTags = 10;
inline constexpr std::size_t kMaxUserDesktopTags = kMaxDesktopTags - 1;

SchemaNode ComputerNameSchema();       // desktop names, L5127
SchemaNode UserNameSchema();           // user names, L5120 / L5370
SchemaNode PoolNameSchema();           // L11568
SchemaNode UserGroupNameSchema();      // L5370 (GROUP) / L18795
SchemaNode NamePolicyNameSchema();     // L15058
SchemaNode IdSchema(std::string doc);  // an opaque cloud ID
SchemaNode VolumeSchema(std::int64_t min_size, std::vector<std::string> types);
// A list of named data disks: each item a VolumeSchema plus a `name` unique in the list, which is
// how deskops tells disks apart (removing an item deletes exactly that disk).
SchemaNode DataVolumesSchema(std::int64_t min_size, std::vector<std::string> types,
                             std::size_t max_items, std::string doc);
SchemaNode TagsSchema(std::size_t max_tags);
// The schema of a secret source ({env: NAME} or {file: PATH}: passwordFrom, secretFrom), shared by
// every kind that takes a secret.
SchemaNode SecretSourceSchema(std::string doc);
SchemaNode PrivilegeGroupSchema();  // sudo, default, administrators, users (L5126)
SchemaNode Ipv4Schema(std::string doc);
SchemaNode EmailSchema(std::string doc);
SchemaNode PowerStateSchema(std::string doc);
SchemaNode DescriptionSchema(std::size_t max_length, std::string doc);

// Reads fields of a validated mapping. Absent and null fields read as nullopt / empty. Only call it
// on values that passed Validate() with the matching schema.
class Fields {
 public:
  explicit Fields(const Value* map) : map_(map) {}

  const Value* Get(std::string_view key) const;  // nullptr when absent or null
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  Mark MarkOf(std::string_view key) const;  // the field's value position, else the map's
  std::optional<std::string> Str(std::string_view key) const;
  std::string StrOr(std::string_view key, std::string fallback) const;
  std::optional<std::int64_t> Int(std::string_view key) const;
  std::optional<bool> Bool(std::string_view key) const;
  Fields Sub(std::string_view key) const { return Fields(Get(key)); }
  std::vector<Fields> List(std::string_view key) const;
  std::vector<std::string> StrList(std::string_view key) const;
  std::map<std::string, std::string> StrMap(std::string_view key) const;
  std::optional<Volume> Vol(std::string_view key) const;
  std::vector<Volume> Vols(std::string_view key) const;
  const Value* value() const { return map_; }

 private:
  const Value* map_;
};

}  // namespace deskops::specs

namespace deskops::specs {

// What a kind's decoder gets besides the spec: the object's metadata, where to report rules that
// span several fields, and where to record references to other objects.
struct DecodeContext {
  const ObjectMeta& meta;
  Diagnostics& diags;
  std::vector<Ref>& refs;

  void Error(const Mark& mark, std::string path, std::string message) const {
    diags.Error(mark, std::move(path), std::move(message));
  }
  void Warning(const Mark& mark, std::string path, std::string message) const {
    diags.Warning(mark, std::move(path), std::move(message));
  }
  // Records a reference when `name` is set.
  void AddRef(std::string kind, const std::optional<std::string>& name, std::string path,
              const Mark& mark) const {
    if (name && !name->empty()) refs.push_back({std::move(kind), *name, std::move(path), mark});
  }
};

}  // namespace deskops::specs
