// `deskops get KIND [NAME] [-o table|json|yaml]`: a read-only view of the live tenant.
#include <yaml-cpp/emitter.h>

#include <iomanip>
#include <iostream>

#include "core/redact.h"
#include "core/strings.h"
#include "daemon/cli.h"
#include "daemon/commands.h"
#include "daemon/connection.h"
#include "daemon/get_kinds.h"

namespace deskops::daemon {
namespace {

void PrintTable(const Listing& l, std::ostream& out) {
  std::vector<std::size_t> width(l.headers.size(), 0);
  for (std::size_t i = 0; i < l.headers.size(); ++i) width[i] = l.headers[i].size();
  for (const auto& row : l.rows) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], row[i].size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      text += cells[i];
      if (i + 1 < cells.size()) text += std::string(width[i] - cells[i].size() + 3, ' ');
    }
    out << std::string(core::Trim(text)) << "\n";
  };
  line(l.headers);
  for (const auto& row : l.rows) line(row);
}

void EmitYaml(YAML::Emitter& e, const nlohmann::json& j) {
  if (j.is_object()) {
    e << YAML::BeginMap;
    for (auto it = j.begin(); it != j.end(); ++it) {
      e << YAML::Key << it.key() << YAML::Value;
      EmitYaml(e, *it);
    }
    e << YAML::EndMap;
  } else if (j.is_array()) {
    e << YAML::BeginSeq;
    for (const auto& item : j) EmitYaml(e, item);
    e << YAML::EndSeq;
  } else if (j.is_string()) {
    e << j.get<std::string>();
  } else if (j.is_boolean()) {
    e << j.get<bool>();
  } else if (j.is_number_integer()) {
    e << j.get<long long>();
  } else if (j.is_number()) {
    e << j.get<double>();
  } else {
    e << YAML::Null;
  }
}

}  // namespace

int RunGet(const GetOptions& o, std::ostream& out, std::ostream& err) {
  const GetKind* kind = FindGetKind(o.kind);
  if (!kind) {
    std::vector<std::string> names;
    for (const auto& k : GetKinds()) names.push_back(k.names[0]);
    err << "deskops get: unknown kind " << core::Quote(o.kind) << " (one of "
        << core::Join(names, ", ") << ")\n";
    return kExitUsage;
  }
  core::Logger log(std::make_shared<core::FdSink>(2),
                   {core::LogFormat::kLogfmt, core::LogLevel::kWarn, core::IsJournalStream(2)});
  auto client = MakeClient(o.connection, log);
  const auto& secrets = core::SecretRegistry::Global();
  if (!client.ok()) {
    err << "deskops get: " << secrets.Redact(std::string(client.status().message())) << "\n";
    return kExitFailure;
  }
  std::optional<std::string> name;
  if (!o.name.empty()) name = o.name;
  auto listing = kind->fetch(**client, name);
  if (!listing.ok()) {
    err << "deskops get: " << secrets.Redact(std::string(listing.status().message())) << "\n";
    return kExitFailure;
  }
  if (name && listing->rows.empty()) {
    err << "deskops get: " << kind->names[0] << " " << core::Quote(*name) << " not found\n";
    return kExitFailure;
  }
  const nlohmann::json doc =
      name && listing->items.size() == 1 ? listing->items[0] : listing->items;
  if (o.output == "json") {
    out << secrets.Redact(doc.dump(2)) << "\n";
  } else if (o.output == "yaml") {
    YAML::Emitter e;
    EmitYaml(e, doc);
    out << secrets.Redact(e.c_str()) << "\n";
  } else {
    PrintTable(*listing, out);
  }
  return kExitOk;
}

}  // namespace deskops::daemon
