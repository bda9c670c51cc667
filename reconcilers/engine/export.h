#pragma once
// Builds manifest documents for `deskops export`: one document per live object, fields in the order
// they are set, written as YAML in the manifest format (apiVersion, kind, metadata, spec) so that
// export followed by plan shows no changes. Thread-compatible.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace deskops::reconcilers {

class ExportDoc {
 public:
  ExportDoc(std::string kind, std::string name);
  ~ExportDoc();
  ExportDoc(ExportDoc&&) noexcept;

  // Sets spec.<path> (dotted) to a value; empty strings are skipped.
  ExportDoc& Set(const std::string& path, const std::string& value);
  ExportDoc& Set(const std::string& path, const char* value) {
    return Set(path, std::string(value));
  }
  ExportDoc& Set(const std::string& path, bool value);
  ExportDoc& Set(const std::string& path, std::int64_t value);
  ExportDoc& SetList(const std::string& path, const std::vector<std::string>& values);
  // Appends an object to the list at `path`; empty text values are left out.
  using Scalar = std::variant<std::string, std::int64_t, bool>;
  ExportDoc& Append(const std::string& path,
                    const std::vector<std::pair<std::string, Scalar>>& fields);
  ExportDoc& Annotate(const std::string& key, const std::string& value);

  std::string Yaml() const;  // "---\n..." document

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace deskops::reconcilers
