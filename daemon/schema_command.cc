// `deskops schema` and `deskops version`.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "daemon/build_info.h"
#include "daemon/cli.h"
#include "daemon/commands.h"
#include "reconcilers/registry.h"
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

// The registry (specs/kinds.def), as the loader, engine, get, export and metrics read it.
std::string KindsJson() {
  nlohmann::ordered_json kinds = nlohmann::ordered_json::array();
  for (const auto& r : reconcilers::MakeReconcilers()) {
    const specs::KindInfo& k = r->Info();
    nlohmann::ordered_json ops = nlohmann::ordered_json::array();
    for (const cloud::Operation* op : r->Operations()) {
      ops.push_back({{"id", op->id},
                     {"method", op->method},
                     {"path", op->path},
                     {"section", op->section},
                     {"creates", op->creates}});
    }
    nlohmann::ordered_json sections = nlohmann::ordered_json::array();
    for (std::string_view s : k.sections) sections.push_back(s);
    nlohmann::ordered_json aliases = nlohmann::ordered_json::array();
    for (std::string_view a : k.aliases) aliases.push_back(a);
    kinds.push_back({{"kind", k.name},
                     {"plural", k.plural},
                     {"summary", k.summary},
                     {"sections", sections},
                     {"aliases", aliases},
                     {"operations", ops}});
  }
  return kinds.dump(2);
}

}  // namespace

int RunSchema(const SchemaOptions& options, std::ostream& out, std::ostream& err) {
  if (options.kinds) {
    out << KindsJson() << "\n";
    return kExitOk;
  }
  if (options.out_dir) return WriteSchemaDir(*options.out_dir, out, err);
  auto text = specs::ExportJsonSchema(options.kind);
  if (!text.ok()) {
    err << "deskops: " << text.status().message() << "\n";
    return kExitUsage;
  }
  out << *text << "\n";
  return kExitOk;
}

std::string VersionText() {
  return core::StrCat("deskops ", kVersion, " (commit ", kGitCommit, ", API deskops.io/v1alpha1)");
}

int RunVersion(std::ostream& out) {
  out << VersionText() << "\n";
  return kExitOk;
}

}  // namespace deskops::daemon
