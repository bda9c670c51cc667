#pragma once
// Users at work hold disruption: a desktop whose user is connected (login_status CONNECTED,
// L6565) is not restarted, stopped, rebuilt, resized, re-assigned or deleted under them; a
// DISCONNECTED session counts as ended once it has been disconnected for the grace
// (EngineOptions::disconnected_grace), counted from when deskops first saw it so (kept in the
// inventory as the owning object's "session:<desktop id>" records, so one-shot applies count it
// too). Kinds note the sessions their actions would end (Action::session_hold); the
// user-connected gate (gates.cc) holds the disruptive ones unless --disrupt-connected or
// deskops.io/disrupt-connected: "true".

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace deskops::reconcilers {

struct DiffContext;
class Inventory;

enum class SessionState { kNone, kConnected, kDisconnected };
// login_status as the API reports it: CONNECTED, DISCONNECTED; anything else has no session.
SessionState SessionOf(std::string_view login_status);

// The inventory record of a desktop's disconnection ("session:<desktop id>" -> ms since epoch).
inline constexpr std::string_view kSessionRecordPrefix = "session:";

// When each desktop's session was first seen disconnected, by the object that owns the desktop
// (a Desktop, or the DesktopPool of a pool desktop). Thread-safe.
class SessionWatch {
 public:
  // Loads the disconnections earlier runs recorded in the inventory.
  void Load(const Inventory& inventory);
  // The desktop's session as observed now, under its owner ("Desktop/eng-01"); returns when its
  // disconnection was first seen (0 when it is not disconnected).
  long long Observe(const std::string& owner, const std::string& desktop_id, SessionState state,
                    long long now_ms);
  // Writes the owners observed since the last Save into the inventory: each one's records are
  // replaced by its desktops still disconnected.
  void Save(Inventory& inventory);

 private:
  std::mutex mu_;
  std::map<std::string, std::map<std::string, long long>> since_;  // owner -> desktop -> ms
  std::set<std::string> observed_;                                 // owners seen since Save
};

// Why a disruptive action on the desktop `desktop_id` of `owner` (its user `user`, its
// login_status) waits, or "" when nobody is working on it: "alice is connected", "alice
// disconnected 12 min ago (a disconnected session counts as ended after 30 min)". Observes the
// session in the context's SessionWatch.
std::string SessionHold(const DiffContext& ctx, const std::string& owner,
                        const std::string& desktop_id, const std::string& user,
                        std::string_view login_status);

}  // namespace deskops::reconcilers
