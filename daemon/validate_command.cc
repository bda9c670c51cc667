// `deskops validate PATH...`: loads and checks manifests without contacting the cloud.
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "core/redact.h"
#include "core/strings.h"
#include "daemon/cli.h"
#include "daemon/commands.h"
#include "specs/loader.h"

namespace deskops::daemon {
namespace {

using core::StrCat;

std::string Plural(std::size_t n, std::string_view word) {
  return StrCat(n, " ", word, n == 1 ? "" : "s");
}

std::string KindBreakdown(const specs::ManifestSet& set) {
  std::vector<std::string> parts;
  for (const auto& kind : specs::Kinds()) {
    std::size_t n = set.OfKind(kind.name).size();
    if (n > 0) parts.push_back(StrCat(kind.name, ": ", n));
  }
  return parts.empty() ? "" : StrCat(" (", core::Join(parts, ", "), ")");
}

void PrintJson(const specs::LoadResult& r, std::ostream& out) {
  nlohmann::json diags = nlohmann::json::array();
  for (const auto& d : r.diagnostics.items()) {
    diags.push_back({{"severity", d.severity == specs::Severity::kError ? "error" : "warning"},
                     {"file", d.mark.FileName()},
                     {"line", d.mark.line},
                     {"column", d.mark.column},
                     {"kind", d.kind},
                     {"name", d.name},
                     {"path", d.path},
                     {"message", d.message}});
  }
  nlohmann::json doc = {{"valid", r.ok()},
                        {"files", r.files},
                        {"objects", r.manifests.size()},
                        {"errors", r.diagnostics.ErrorCount()},
                        {"warnings", r.diagnostics.WarningCount()},
                        {"diagnostics", diags}};
  out << core::SecretRegistry::Global().Redact(doc.dump(2)) << "\n";
}

}  // namespace

int RunValidate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  specs::LoadOptions load_options;
  load_options.strict_references = options.strict_references;
  specs::Loader loader(load_options);
  for (const auto& path : options.paths) {
    if (path == "-") {
      loader.AddStream(std::cin, "<stdin>");
    } else {
      loader.AddPath(path);
    }
  }
  specs::LoadResult result = std::move(loader).Finish();
  if (options.output == "json") {
    PrintJson(result, out);
    return result.ok() ? kExitOk : kExitFailure;
  }
  const auto& secrets = core::SecretRegistry::Global();
  for (const auto& d : result.diagnostics.items()) err << secrets.Redact(d.ToString()) << "\n";
  const std::size_t warnings = result.diagnostics.WarningCount();
  const std::string warning_note = warnings ? StrCat(", ", Plural(warnings, "warning")) : "";
  if (!result.ok()) {
    err << "invalid: " << Plural(result.diagnostics.ErrorCount(), "error") << warning_note
        << " in " << Plural(result.files, "file") << "\n";
    return kExitFailure;
  }
  out << "valid: " << Plural(result.manifests.size(), "object") << " in "
      << Plural(result.files, "file") << KindBreakdown(result.manifests) << warning_note << "\n";
  return kExitOk;
}

}  // namespace deskops::daemon
