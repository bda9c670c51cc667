#pragma once
// JSON Schema (draft 2020-12) export of the manifest kinds, for editors (yaml-language-server),
// CI linters and `deskops schema`. Generated from the same SchemaNodes the validator uses, so the
// two cannot drift. Besides the standard keywords, each property carries the annotations
// `x-deskops-wire` (the API's name for the field, relative to its parent; absent when deskops sends
// nothing by that name) and `x-deskops-ref` (the kind of object the value names), and a list whose
// items are told apart by one field carries `x-deskops-unique-by` (draft 2020-12 allows `x-`
// keywords; validators ignore them). Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "core/status_or.h"

namespace deskops::specs {

// One schema accepting a document of any kind (dispatching on `kind`), or, with `kind`, the schema
// of that kind alone. Pretty-printed JSON text. Fails for an unknown kind.
core::StatusOr<std::string> ExportJsonSchema(std::optional<std::string_view> kind = std::nullopt);

}  // namespace deskops::specs
