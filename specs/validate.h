#pragma once
// Checks a YAML Value tree against a SchemaNode and reports every problem (not just the first) with
// its position and field path: wrong types, unknown fields (with a did-you-mean hint), missing
// required fields, lengths, character sets, enums, ranges, multiples, list sizes, duplicates.
// Null counts as "not set". Pure function; thread-safe.

#include <string>

#include "specs/diagnostic.h"
#include "specs/schema.h"
#include "specs/value.h"

namespace deskops::specs {

void Validate(const SchemaNode& schema, const Value& value, const std::string& path,
              Diagnostics& diags);

// Appends a field or key to a path: "spec" + "rootVolume" -> "spec.rootVolume";
// keys that are not identifiers are bracketed: tags["cost center"].
std::string JoinPath(const std::string& path, std::string_view key);
std::string IndexPath(const std::string& path, std::size_t index);

}  // namespace deskops::specs
