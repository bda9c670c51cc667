#pragma once
// How deskops lays its state out under an etcd prefix (one prefix per tenant, ending in "/"):
//
//   <prefix>leader                        the leader key: who leads, bound to its lease
//   <prefix>inventory/<Kind>/<name>       one owned object: {"kind","name","id",...}
//   <prefix>records/<Kind>/<name>         its records (last-applied fingerprints, disk map)
//   <prefix>ledger/<intent ID>            one open intent: {"seq","op","kind","names","at",...}
//
// One key per object and per intent keeps every request far below etcd's limits (1.5 MiB a
// request, 128 operations a transaction) at any tenant size, and makes a pass write only what
// changed. Names in keys follow the inventory's (reconcilers::ObjectKey: the names of kinds whose
// names are case-insensitive in lower case); values carry the names as declared. A value that
// cannot be read (bad JSON, a member of the wrong type) is DataLoss naming its key, never an
// exception. Pure functions.

#include <map>
#include <string>
#include <string_view>

#include "core/status_or.h"
#include "reconcilers/engine/inventory.h"
#include "reconcilers/engine/ledger.h"

namespace deskops::state::layout {

inline constexpr std::string_view kLeader = "leader";
inline constexpr std::string_view kInventory = "inventory/";
inline constexpr std::string_view kRecords = "records/";
inline constexpr std::string_view kLedger = "ledger/";

// Whether `prefix` can hold a tenant's state: absolute and ending in "/", so that one tenant's
// prefix is never the beginning of another's (/deskops/t1/ and /deskops/t10/).
core::Status CheckPrefix(std::string_view prefix);

std::string LeaderKey(std::string_view prefix);
std::string InventoryKey(std::string_view prefix, const std::string& kind, const std::string& name);
std::string RecordsKey(std::string_view prefix, const std::string& kind, const std::string& name);
std::string LedgerKey(std::string_view prefix, const std::string& intent_id);

std::string EncodeOwned(const reconcilers::OwnedObject& object);  // without its records
core::StatusOr<reconcilers::OwnedObject> DecodeOwned(std::string_view key, std::string_view value);
std::string EncodeRecords(const std::map<std::string, std::string>& records);
core::StatusOr<std::map<std::string, std::string>> DecodeRecords(std::string_view key,
                                                                 std::string_view value);
std::string EncodeIntent(const reconcilers::LedgerIntent& intent, long long seq);
// The intent and its sequence number.
core::StatusOr<std::pair<reconcilers::LedgerIntent, long long>> DecodeIntent(
    std::string_view key, std::string_view value);

}  // namespace deskops::state::layout
