#include "reconcilers/engine/sessions.h"

#include <charconv>
#include <chrono>

#include "core/strings.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

using core::StrCat;

SessionState SessionOf(std::string_view login_status) {
  if (login_status == "CONNECTED") return SessionState::kConnected;
  if (login_status == "DISCONNECTED") return SessionState::kDisconnected;
  return SessionState::kNone;
}

void SessionWatch::Load(const Inventory& inventory) {
  std::lock_guard lock(mu_);
  for (const OwnedObject& o : inventory.All()) {
    for (const auto& [key, value] : o.records) {
      if (!core::StartsWith(key, kSessionRecordPrefix)) continue;
      long long since = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), since);
      if (error == std::errc() && end == value.data() + value.size() && since > 0) {
        since_[ObjectKey(o.kind, o.name)][key.substr(kSessionRecordPrefix.size())] = since;
      }
    }
  }
}

long long SessionWatch::Observe(const std::string& owner, const std::string& desktop_id,
                                SessionState state, long long now_ms) {
  std::lock_guard lock(mu_);
  observed_.insert(owner);
  auto& desktops = since_[owner];
  if (state != SessionState::kDisconnected) {
    desktops.erase(desktop_id);
    return 0;
  }
  return desktops.emplace(desktop_id, now_ms).first->second;
}

void SessionWatch::Save(Inventory& inventory) {
  std::lock_guard lock(mu_);
  for (const std::string& owner : observed_) {
    const std::string kind = owner.substr(0, owner.find('/'));
    const std::string name = owner.substr(owner.find('/') + 1);
    auto owned = inventory.Find(kind, name);
    if (!owned) continue;
    std::map<std::string, std::string> records;
    for (const auto& [key, value] : owned->records) {
      if (core::StartsWith(key, kSessionRecordPrefix)) records[key] = "";  // ended
    }
    for (const auto& [id, since] : since_[owner]) {
      records[StrCat(kSessionRecordPrefix, id)] = std::to_string(since);
    }
    inventory.Record(kind, name, records);
  }
  observed_.clear();
}

namespace {

std::string Minutes(long long ms) {
  const long long min = ms / 60'000;
  return min < 1 ? "less than a minute" : StrCat(min, " min");
}

}  // namespace

std::string SessionHold(const DiffContext& ctx, const std::string& owner,
                        const std::string& desktop_id, const std::string& user,
                        std::string_view login_status) {
  const SessionState state = SessionOf(login_status);
  const long long now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(ctx.clock.Now().time_since_epoch())
          .count();
  long long since = state == SessionState::kDisconnected ? now_ms : 0;
  if (ctx.sessions) since = ctx.sessions->Observe(owner, desktop_id, state, now_ms);
  const std::string who = user.empty() ? std::string("its user") : user;
  if (state == SessionState::kConnected) return StrCat(who, " is connected");
  if (state != SessionState::kDisconnected) return "";
  const long long grace_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(ctx.options.disconnected_grace).count();
  const long long away = now_ms - since;
  if (away >= grace_ms) return "";
  return StrCat(who, " disconnected ", away < 60'000 ? "just now" : Minutes(away) + " ago",
                " (a disconnected session counts as ended after ", Minutes(grace_ms), ")");
}

}  // namespace deskops::reconcilers
