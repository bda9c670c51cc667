#include "reconcilers/engine/rollouts.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/strings.h"

namespace deskops::reconcilers {

using core::StrCat;

namespace {

constexpr char kSep = '\t';  // between a record's rollout and its time or error

struct Rollout {
  std::string id;  // the annotation as written and the target ("rebuild|gold|<image>")
  const specs::RolloutPolicy* policy = nullptr;
  std::vector<Action*> actions;  // runnable, in plan order
};

// What the inventory says of one rollout.
struct Progress {
  std::size_t sent = 0;           // objects whose change in it succeeded and need nothing more
  long long last_started_ms = 0;  // when the latest wave started
  std::vector<std::string> settling, failed;
  std::string first_error;
};

// The part of `o`'s record `key` after "<id>\t", when the record belongs to rollout `id`.
std::optional<std::string> RecordOf(const OwnedObject& o, std::string_view key,
                                    const std::string& id) {
  const std::string value = o.Record(std::string(key));
  if (value.size() <= id.size() || value.compare(0, id.size(), id) != 0 ||
      value[id.size()] != kSep) {
    return std::nullopt;
  }
  return value.substr(id.size() + 1);
}

long long Millis(const std::string& text) {
  long long v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

Progress ProgressOf(const Rollout& r, const std::vector<OwnedObject>& owned,
                    const LiveIndex& index) {
  std::set<std::string> pending;
  for (const Action* a : r.actions) pending.insert(ObjectKey(a->kind, a->name));
  Progress p;
  for (const OwnedObject& o : owned) {
    const std::string key = ObjectKey(o.kind, o.name);
    if (auto error = RecordOf(o, kRolloutFailedRecord, r.id)) {
      p.failed.push_back(key);
      if (p.first_error.empty()) p.first_error = *error;
    }
    auto sent = RecordOf(o, kRolloutSentRecord, r.id);
    if (!sent || pending.contains(key)) continue;
    ++p.sent;
    p.last_started_ms = std::max(p.last_started_ms, Millis(*sent));
    auto ref = index.Find(o.kind, o.name);
    if (ref && (ref->attrs.count(kNotReadyAttr) || ref->attrs.count(kSettlingAttr))) {
      p.settling.push_back(key);
    }
  }
  return p;
}

std::string Seconds(long long s) {
  if (s % 3600 == 0) return StrCat(s / 3600, "h");
  if (s % 60 == 0) return StrCat(s / 60, "m");
  return StrCat(s, "s");
}

std::string Listed(const std::vector<std::string>& keys) {
  std::vector<std::string> shown(keys.begin(),
                                 keys.begin() + std::min<std::size_t>(keys.size(), 3));
  std::string out = core::Join(shown, ", ");
  if (keys.size() > shown.size()) out += StrCat(" and ", keys.size() - shown.size(), " more");
  return out;
}

void HoldAll(Rollout& r, Gate gate, const std::string& reason,
             const std::vector<std::string>& except = {}) {
  for (Action* a : r.actions) {
    const std::string key = ObjectKey(a->kind, a->name);
    if (std::find(except.begin(), except.end(), key) != except.end()) continue;
    a->held_by = gate;
    a->held_reason = reason;
  }
}

void Send(Action& a, const Rollout& r, long long now_ms, const std::string& wave) {
  a.records[std::string(kRolloutSentRecord)] = StrCat(r.id, kSep, now_ms);
  a.records[std::string(kRolloutFailedRecord)] = "";  // a success clears an earlier failure
  a.note = a.note.empty() ? wave : StrCat(a.note, "; ", wave);
}

void GateRollout(Rollout& r, const std::vector<OwnedObject>& owned, const LiveIndex& index,
                 long long now_ms) {
  const Progress p = ProgressOf(r, owned, index);
  const std::size_t total = p.sent + r.actions.size();
  const std::size_t wave =
      r.policy->percent ? std::max<std::size_t>(
                              1, total * static_cast<std::size_t>(r.policy->max_unavailable) / 100)
                        : static_cast<std::size_t>(r.policy->max_unavailable);
  const std::size_t waves = (total + wave - 1) / wave;
  const std::size_t next = p.sent / wave + 1;
  const std::string label = StrCat("rollout ", r.policy->text, ": wave ", next, " of ", waves);
  if (!p.failed.empty()) {
    // The failed desktops are retried (their own backoff applies); the others wait for them.
    for (Action* a : r.actions) {
      if (std::find(p.failed.begin(), p.failed.end(), ObjectKey(a->kind, a->name)) !=
          p.failed.end()) {
        Send(*a, r, now_ms, StrCat(label, ", retrying a failed desktop"));
      }
    }
    HoldAll(r, Gate::kRolloutHalted,
            StrCat("the rollout halted: ", Listed(p.failed), " failed (", p.first_error, ")"),
            p.failed);
    return;
  }
  if (!p.settling.empty()) {
    HoldAll(r, Gate::kRolloutWave,
            StrCat(label, " waits for ", Listed(p.settling), " to run and register again"));
    return;
  }
  const long long resume_ms = p.last_started_ms + r.policy->pause_seconds * 1000;
  if (p.sent > 0 && now_ms < resume_ms) {
    HoldAll(
        r, Gate::kRolloutWave,
        StrCat(label, " starts ", Seconds(r.policy->pause_seconds), " after the last one, at ",
               core::FormatRfc3339(core::Clock::WallTime(std::chrono::milliseconds(resume_ms)))));
    return;
  }
  std::size_t i = 0;
  for (Action* a : r.actions) {
    if (i++ < wave) {
      Send(*a, r, now_ms, StrCat(label, " (", std::min(wave, r.actions.size()), " desktops)"));
    } else {
      a->held_by = Gate::kRolloutWave;
      a->held_reason = StrCat("rollout ", r.policy->text, ": a later wave of ", waves);
    }
  }
}

}  // namespace

void ApplyRollouts(Plan& plan, const specs::ManifestSet& manifests, const Inventory& inventory,
                   const LiveIndex& index, long long now_ms) {
  std::map<std::string, Rollout> rollouts;
  for (Action& a : plan.actions) {
    if (a.held() || (a.verb != Verb::kRebuild && a.verb != Verb::kResize)) continue;
    const specs::Object* o = manifests.Find(a.kind, a.name);
    if (!o || !o->policy.rollout) continue;
    const std::string id = StrCat(o->policy.rollout->text, " ", a.batch_key);
    Rollout& r = rollouts[id];
    r.id = id;
    r.policy = &*o->policy.rollout;
    r.actions.push_back(&a);
  }
  if (rollouts.empty()) return;
  const std::vector<OwnedObject> owned = inventory.All();
  for (auto& [id, r] : rollouts) GateRollout(r, owned, index, now_ms);
}

void RecordRolloutFailures(const Plan& plan, const ApplyReport& report, Inventory& inventory) {
  std::map<std::string, std::string> failed;  // object key -> error
  for (const ActionOutcome& o : report.outcomes) {
    if (!o.ok && !o.skipped) failed.emplace(o.key, o.error);
  }
  if (failed.empty()) return;
  for (const Action& a : plan.actions) {
    auto sent = a.records.find(std::string(kRolloutSentRecord));
    if (sent == a.records.end() || a.held()) continue;
    auto f = failed.find(ObjectKey(a.kind, a.name));
    if (f == failed.end()) continue;
    const std::string id = sent->second.substr(0, sent->second.find(kSep));
    inventory.Record(a.kind, a.name,
                     {{std::string(kRolloutFailedRecord), StrCat(id, kSep, f->second)}});
  }
}

}  // namespace deskops::reconcilers
