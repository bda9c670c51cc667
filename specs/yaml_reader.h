#pragma once
// Reads YAML text into Value trees, one per document (`---`), with file:line:col on every node.
// Uses yaml-cpp's event parser so only one document's tree exists at a time and so that details
// the node API hides are visible: duplicate keys, quoted vs plain scalars, anchors and aliases.
// Syntax errors become diagnostics; documents before the error are still returned.
// Stateless; safe to call from several threads at once.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "specs/diagnostic.h"
#include "specs/value.h"

namespace deskops::specs {

struct ReadLimits {
  std::size_t max_depth = 64;           // nesting of mappings and lists
  std::size_t max_nodes = 1'000'000;    // per document, after alias expansion ("billion laughs")
};

// Calls `on_document` with each non-empty document of `text`, in order. Errors go to `diags`.
// `file` comes from InternFileName.
void ReadYamlDocuments(std::string_view text, const std::string* file,
                       Diagnostics& diags, const std::function<void(Value&&)>& on_document,
                       const ReadLimits& limits = {});

}  // namespace deskops::specs
