// `deskops state show` and `deskops state migrate`: what deskops owns, its open intents and who
// leads; and moving an installation's state between the state directory and etcd.
#include "daemon/state_command.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "core/redact.h"
#include "core/strings.h"
#include "daemon/cli.h"
#include "daemon/state_backend.h"
#include "state/migrate.h"

namespace deskops::daemon {
namespace {

using core::StrCat;
using nlohmann::json;

int Fail(std::ostream& err, std::string_view command, const core::Status& s) {
  err << "deskops state " << command << ": " << core::SecretRegistry::Global().Redact(s.message())
      << "\n";
  return kExitFailure;
}

std::string When(long long ms) {
  if (ms == 0) return "";
  return core::FormatRfc3339(core::Clock::WallTime(std::chrono::milliseconds(ms)));
}

json ShowJson(const StateBackend& backend, const std::string& leader,
              const reconcilers::Inventory& inventory, const reconcilers::LedgerState& ledger) {
  json objects = json::array();
  for (const auto& o : inventory.All()) {
    json j = {{"kind", o.kind}, {"name", o.name}, {"id", o.id}};
    if (o.prune_protected) j["pruneProtected"] = true;
    if (o.create_failed) j["createFailed"] = true;
    if (!o.records.empty()) j["records"] = o.records;
    objects.push_back(std::move(j));
  }
  json intents = json::array();
  for (const auto& [id, i] : ledger.open) {
    json j = {{"id", id},
              {"operation", i.op},
              {"kind", i.kind},
              {"names", i.names},
              {"at", When(i.at_ms)}};
    if (!i.job_id.empty()) j["jobId"] = i.job_id;
    if (i.unanswered_ms != 0) j["unansweredAt"] = When(i.unanswered_ms);
    intents.push_back(std::move(j));
  }
  return {{"state", backend.Describe()},
          {"leader", leader},
          {"objects", objects},
          {"intents", intents}};
}

void ShowText(const json& j, std::ostream& out) {
  out << "State:   " << j["state"].get<std::string>() << "\n";
  const std::string leader = j["leader"];
  out << "Leader:  " << (leader.empty() ? "none" : leader) << "\n";
  out << "Owned:   " << j["objects"].size() << " objects\n";
  for (const auto& o : j["objects"]) {
    std::string flags;
    if (o.value("pruneProtected", false)) flags += " prune-protected";
    if (o.value("createFailed", false)) flags += " create-failed";
    if (o.contains("records")) flags += StrCat(" records:", o["records"].size());
    out << "  " << o["kind"].get<std::string>() << "/" << o["name"].get<std::string>() << "  "
        << (o["id"].get<std::string>().empty() ? "-" : o["id"].get<std::string>()) << flags << "\n";
  }
  out << "Open intents (calls whose end is not known yet): " << j["intents"].size() << "\n";
  for (const auto& i : j["intents"]) {
    std::vector<std::string> names = i["names"];
    out << "  " << i["id"].get<std::string>() << "  " << i["operation"].get<std::string>() << " "
        << i["kind"].get<std::string>() << " " << core::Join(names, ",") << "  at "
        << i["at"].get<std::string>();
    if (i.contains("jobId")) out << "  job " << i["jobId"].get<std::string>();
    if (i.contains("unansweredAt"))
      out << "  unanswered since " << i["unansweredAt"].get<std::string>();
    out << "\n";
  }
}

// Takes hold of a store for migrating: the directory's lock, or leadership in etcd.
core::Status Hold(StateBackend& backend) {
  DESKOPS_ASSIGN_OR_RETURN(bool held, backend.TryLead());
  if (held) return core::Status::Ok();
  return core::Status::FailedPrecondition(
      StrCat("another deskops (", backend.Leader(), ") is using the ", backend.Describe(),
             "; nothing was copied. Stop it first: the state must not change while it moves"));
}

}  // namespace

int RunStateShow(const StateShowOptions& o, std::ostream& out, std::ostream& err) {
  auto backend = StateBackend::Open(o.config);
  if (!backend.ok()) return Fail(err, "show", backend.status());
  auto leader = (*backend)->CurrentLeader();
  if (!leader.ok()) return Fail(err, "show", leader.status());
  auto store = (*backend)->ReadOnlyStore();
  auto inventory = store->LoadInventory();
  if (!inventory.ok()) return Fail(err, "show", inventory.status());
  auto ledger = store->LoadLedger();
  if (!ledger.ok()) return Fail(err, "show", ledger.status());
  const json j = ShowJson(**backend, *leader, *inventory, *ledger);
  if (o.output == "json") {
    out << j.dump(2) << "\n";
  } else {
    ShowText(j, out);
  }
  return kExitOk;
}

int RunStateMigrate(const StateMigrateOptions& o, std::ostream& out, std::ostream& err) {
  const bool to_etcd = !o.from_dir.empty() && o.to_etcd && o.to_dir.empty() && !o.from_etcd;
  const bool from_etcd = o.from_etcd && !o.to_dir.empty() && o.from_dir.empty() && !o.to_etcd;
  if (to_etcd == from_etcd) {
    err << "deskops state migrate: say which way: --from DIR --to-etcd, or --from-etcd --to DIR "
           "(with --etcd-endpoints and --etcd-prefix, or a --config that names them)\n";
    return kExitUsage;
  }
  if (!o.config.etcd.enabled()) {
    err << "deskops state migrate: which etcd? --etcd-endpoints and --etcd-prefix (or "
           "state.etcd in --config)\n";
    return kExitUsage;
  }
  Config dir_config = o.config;
  dir_config.etcd = {};
  dir_config.state_dir = to_etcd ? o.from_dir : o.to_dir;
  auto dir = StateBackend::Open(dir_config);
  auto etcd = StateBackend::Open(o.config);
  if (!dir.ok()) return Fail(err, "migrate", dir.status());
  if (!etcd.ok()) return Fail(err, "migrate", etcd.status());
  StateBackend& from = to_etcd ? **dir : **etcd;
  StateBackend& to = to_etcd ? **etcd : **dir;
  if (auto st = Hold(from); !st.ok()) return Fail(err, "migrate", st);
  if (auto st = Hold(to); !st.ok()) {
    from.Resign();
    return Fail(err, "migrate", st);
  }
  auto destination = to.Store();
  auto reread = to.ReadOnlyStore();
  auto report = state::Migrate(*from.Store(), *destination, *reread, o.overwrite);
  from.Resign();
  to.Resign();
  if (!report.ok()) return Fail(err, "migrate", report.status());
  out << "Migrated " << report->objects << " owned objects and " << report->intents
      << " open intents from the " << from.Describe() << " to the " << to.Describe()
      << ", and read them back.\nThe source was left as it was: point deskops at the new state "
      << (to_etcd ? "(--etcd-endpoints and --etcd-prefix, or state.etcd)"
                  : "(--state-dir, without the etcd settings)")
      << " and remove the old one once everything runs from the new.\n";
  return kExitOk;
}

}  // namespace deskops::daemon
