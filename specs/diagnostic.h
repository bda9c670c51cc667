#pragma once
// Diagnostics: what validation found, each tied to a position in a manifest file and printed as
//   path:line:col: Kind/name: field.path: message
// (warnings say "warning:" after the position). A Diagnostics list collects all of them, so a user
// sees every mistake in one run. Not thread-safe; one list per loader run.

#include <string>
#include <vector>

#include "specs/value.h"

namespace deskops::specs {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  Mark mark;
  std::string kind;     // empty when the error is not inside a recognised object
  std::string name;     // metadata.name when known
  std::string path;     // field path inside the object, e.g. spec.rootVolume.size
  std::string message;

  std::string ToString() const;
};

class Diagnostics {
 public:
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void Error(const Mark& mark, std::string path, std::string message);
  void Warning(const Mark& mark, std::string path, std::string message);
  void Append(const Diagnostics& other);

  bool HasErrors() const;
  std::size_t ErrorCount() const;
  std::size_t WarningCount() const;
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  std::vector<Diagnostic>& items() { return items_; }
  const std::vector<Diagnostic>& items() const { return items_; }

  // Fills kind/name on entries added since `from` that have none (used after decoding an object).
  void Attribute(std::size_t from, const std::string& kind, const std::string& name);
  // Sorts by file, line, column (stable for equal positions).
  void Sort();

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace deskops::specs
