#pragma once
// The manifest loader: reads files and directory trees (*.yaml, *.yml, multi-document), validates
// every document against its kind's schema and rules, rejects duplicates across files, checks
// references by name, and reports all errors at once as
//   path:line:col: Kind/name: field.path: message
// An object with any error is left out of the set, and a result with errors must never be used to
// delete anything. One Loader per load; not thread-safe.

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "specs/diagnostic.h"
#include "specs/manifest_set.h"
#include "specs/yaml_reader.h"

namespace deskops::specs {

struct LoadOptions {
  // A reference to an object the manifests do not declare may exist only in the tenant, so it is a
  // warning and is resolved at plan time. Strict mode makes it an error (for tenants deskops
  // manages completely).
  bool strict_references = false;
  std::size_t max_file_bytes = 32u << 20;
  ReadLimits yaml;
};

struct LoadResult {
  ManifestSet manifests;
  Diagnostics diagnostics;
  std::size_t files = 0;
  std::size_t documents = 0;
  // Identifies the exact manifest text loaded (file names and bytes, in load order; FNV-1a, for
  // change detection, not security): a saved plan is applied only to the same manifests.
  std::string digest;
  bool ok() const { return !diagnostics.HasErrors(); }
};

class Loader {
 public:
  explicit Loader(LoadOptions options = {}) : options_(options) {}

  // A file (read whatever its extension) or a directory (every *.yaml / *.yml below it, hidden
  // entries such as .git skipped, in sorted order).
  void AddPath(const std::string& path);
  // Manifest text that did not come from a file (stdin, tests); `name` appears in messages.
  void AddText(std::string_view text, const std::string& name);
  // Reads `in` to its end (stdin, a pipe), refusing more than max_file_bytes.
  void AddStream(std::istream& in, const std::string& name);
  // Cross-object checks; then hands over the result.
  LoadResult Finish() &&;

 private:
  void AddFile(const std::string& path);
  void AddDocument(Value&& doc);
  void CheckReferenceNames(const Object& object, std::size_t first_diagnostic);
  void CheckReferences();
  void CheckSets();  // KindInfo::check_set of every kind
  void Digest(std::string_view name, std::string_view text);

  LoadOptions options_;
  LoadResult result_;
  // Diagnostics from index `document_start_` on belong to the document being read (the YAML
  // reader reports duplicate keys and bad tags before the document is handed over).
  std::size_t document_start_ = 0;
  std::uint64_t digest_ = 14695981039346656037ull;
};

// Convenience: loads `paths` with `options`.
LoadResult LoadManifests(const std::vector<std::string>& paths, const LoadOptions& options = {});

}  // namespace deskops::specs
