#include "state/etcd_layout.h"

#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "reconcilers/engine/action.h"

namespace deskops::state::layout {

using core::Status;
using core::StrCat;
using nlohmann::json;

namespace {

Status Unreadable(std::string_view key, std::string_view why) {
  return Status::DataLoss(StrCat("etcd key ", key, " is unreadable (", why,
                                 "); deskops will not guess what it owns or which calls were in "
                                 "flight. Restore it (deskops state migrate from a backup), or "
                                 "delete it to forget that entry"));
}

json Parse(std::string_view value) { return json::parse(value, nullptr, false); }

}  // namespace

Status CheckPrefix(std::string_view prefix) {
  if (prefix.size() < 2 || prefix.front() != '/' || prefix.back() != '/') {
    return Status::InvalidArgument(
        StrCat("the etcd prefix ", core::Quote(prefix),
               " must start and end with \"/\", e.g. /deskops/<tenant>/ (one prefix per tenant)"));
  }
  return Status::Ok();
}

std::string LeaderKey(std::string_view prefix) { return StrCat(prefix, kLeader); }

std::string InventoryKey(std::string_view prefix, const std::string& kind,
                         const std::string& name) {
  return StrCat(prefix, kInventory, reconcilers::ObjectKey(kind, name));
}

std::string RecordsKey(std::string_view prefix, const std::string& kind, const std::string& name) {
  return StrCat(prefix, kRecords, reconcilers::ObjectKey(kind, name));
}

std::string LedgerKey(std::string_view prefix, const std::string& intent_id) {
  return StrCat(prefix, kLedger, intent_id);
}

std::string EncodeOwned(const reconcilers::OwnedObject& o) {
  json j = {
      {"kind", o.kind}, {"name", o.name}, {"id", o.id}, {"prune_protected", o.prune_protected}};
  if (o.create_failed) j["create_failed"] = true;
  return j.dump();
}

core::StatusOr<reconcilers::OwnedObject> DecodeOwned(std::string_view key, std::string_view value) {
  json j = Parse(value);
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string() || !j.contains("name") ||
      !j["name"].is_string() || !j.value("id", json("")).is_string()) {
    return Unreadable(key, "not an owned object");
  }
  return reconcilers::OwnedObject{
      j["kind"].get<std::string>(),      j["name"].get<std::string>(),    j.value("id", ""),
      j.value("prune_protected", false), j.value("create_failed", false), {}};
}

std::string EncodeRecords(const std::map<std::string, std::string>& records) {
  return json(records).dump();
}

core::StatusOr<std::map<std::string, std::string>> DecodeRecords(std::string_view key,
                                                                 std::string_view value) {
  json j = Parse(value);
  if (!j.is_object()) return Unreadable(key, "not a record map");
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) return Unreadable(key, "not a record map");
    out[k] = v.get<std::string>();
  }
  return out;
}

std::string EncodeIntent(const reconcilers::LedgerIntent& i, long long seq) {
  json j = {{"seq", seq},     {"id", i.id},       {"op", i.op},
            {"kind", i.kind}, {"names", i.names}, {"at", i.at_ms}};
  if (!i.job_id.empty()) j["job_id"] = i.job_id;
  if (i.unanswered_ms != 0) j["unanswered"] = i.unanswered_ms;
  return j.dump();
}

core::StatusOr<std::pair<reconcilers::LedgerIntent, long long>> DecodeIntent(
    std::string_view key, std::string_view value) {
  json j = Parse(value);
  if (!j.is_object() || !j.value("id", json()).is_string() || !j.value("op", json()).is_string() ||
      !j.value("names", json()).is_array()) {
    return Unreadable(key, "not a ledger intent");
  }
  reconcilers::LedgerIntent i;
  i.id = j["id"].get<std::string>();
  i.op = j["op"].get<std::string>();
  i.kind = j.value("kind", "");
  for (const json& n : j["names"]) {
    if (!n.is_string()) return Unreadable(key, "not a ledger intent");
    i.names.push_back(n.get<std::string>());
  }
  i.job_id = j.value("job_id", "");
  i.at_ms = j.value("at", 0LL);
  i.unanswered_ms = j.value("unanswered", 0LL);
  return std::make_pair(std::move(i), j.value("seq", 0LL));
}

}  // namespace deskops::state::layout
