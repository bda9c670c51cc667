#include "state/etcd_layout.h"

#include <nlohmann/json.hpp>
#include <optional>

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

bool Is(const json& v, const std::string&) { return v.is_string(); }
bool Is(const json& v, bool) { return v.is_boolean(); }
bool Is(const json& v, long long) { return v.is_number_integer(); }

// Member `name` of the object `j`: `fallback` when absent, nullopt when present with another type
// (json::value would throw).
template <typename T>
std::optional<T> Member(const json& j, const char* name, T fallback) {
  const auto it = j.find(name);
  if (it == j.end()) return fallback;
  if (!Is(*it, fallback)) return std::nullopt;
  return it->template get<T>();
}

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
  const json j = Parse(value);
  if (!j.is_object()) return Unreadable(key, "not an owned object");
  const auto kind = Member(j, "kind", std::string());
  const auto name = Member(j, "name", std::string());
  const auto id = Member(j, "id", std::string());
  const auto prune_protected = Member(j, "prune_protected", false);
  const auto create_failed = Member(j, "create_failed", false);
  if (!kind || kind->empty() || !name || name->empty() || !id || !prune_protected ||
      !create_failed) {
    return Unreadable(key, "not an owned object");
  }
  return reconcilers::OwnedObject{*kind, *name, *id, *prune_protected, *create_failed, {}};
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
  const json j = Parse(value);
  if (!j.is_object() || !j.contains("names") || !j["names"].is_array()) {
    return Unreadable(key, "not a ledger intent");
  }
  const auto id = Member(j, "id", std::string());
  const auto op = Member(j, "op", std::string());
  const auto kind = Member(j, "kind", std::string());
  const auto job_id = Member(j, "job_id", std::string());
  const auto at = Member(j, "at", 0LL);
  const auto unanswered = Member(j, "unanswered", 0LL);
  const auto seq = Member(j, "seq", 0LL);
  if (!id || id->empty() || !op || op->empty() || !kind || !job_id || !at || !unanswered || !seq) {
    return Unreadable(key, "not a ledger intent");
  }
  reconcilers::LedgerIntent i{*id, *op, *kind, {}, *job_id, *at, *unanswered};
  for (const json& n : j["names"]) {
    if (!n.is_string()) return Unreadable(key, "not a ledger intent");
    i.names.push_back(n.get<std::string>());
  }
  return std::make_pair(std::move(i), *seq);
}

}  // namespace deskops::state::layout
