// `deskops schema` and `deskops version`.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/strings.h"
#include "daemon/build_info.h"
#include "daemon/cli.h"
#include "daemon/commands.h"
#include "specs/json_schema.h"
#include "specs/kinds.h"

namespace deskops::daemon {
namespace {

bool WriteFile(const std::filesystem::path& path, const std::string& text, std::ostream& err) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text << "\n";
  if (!f.flush()) {
    err << "deskops: cannot write " << path.string() << "\n";
    return false;
  }
  return true;
}

int WriteSchemaDir(const std::string& dir, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    err << "deskops: cannot create " << dir << ": " << ec.message() << "\n";
    return kExitFailure;
  }
  std::vector<std::pair<std::string, std::optional<std::string_view>>> files = {
      {"manifest.json", std::nullopt}};
  for (const auto& k : specs::Kinds()) files.emplace_back(core::ToLower(k.name) + ".json", k.name);
  for (const auto& [file, kind] : files) {
    auto text = specs::ExportJsonSchema(kind);
    std::filesystem::path path = std::filesystem::path(dir) / file;
    if (!text.ok() || !WriteFile(path, *text, err)) return kExitFailure;
    out << path.string() << "\n";
  }
  return kExitOk;
}

}  // namespace

int RunSchema(const SchemaOptions& options, std::ostream& out, std::ostream& err) {
  if (options.out_dir) return WriteSchemaDir(*options.out_dir, out, err);
  auto text = specs::ExportJsonSchema(options.kind);
  if (!text.ok()) {
    err << "deskops: " << text.status().message() << "\n";
    return kExitUsage;
  }
  out << *text << "\n";
  return kExitOk;
}

int RunVersion(std::ostream& out) {
  out << "deskops " << kVersion << " (commit " << kGitCommit << ", API deskops.io/v1alpha1)\n";
  return kExitOk;
}

}  // namespace deskops::daemon
