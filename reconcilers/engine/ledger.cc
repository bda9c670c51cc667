#include "reconcilers/engine/ledger.h"

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/strings.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
using nlohmann::json;

namespace {

long long Millis(const core::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
      .count();
}

}  // namespace

core::StatusOr<std::unique_ptr<Ledger>> Ledger::Open(const std::string& path,
                                                     const core::Clock& clock) {
  std::unique_ptr<Ledger> ledger(new Ledger(path, clock));
  DESKOPS_RETURN_IF_ERROR(ledger->Load());
  return ledger;
}

Status Ledger::Load() {
  if (path_.empty()) return Status::Ok();
  auto text = core::ReadFile(path_);
  if (!text.ok()) {
    return text.status().code() == core::StatusCode::kNotFound ? Status::Ok() : text.status();
  }
  std::vector<std::string> lines = core::Split(*text, '\n');
  const bool ends_clean = !text->empty() && text->back() == '\n';
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    json e = json::parse(lines[i], nullptr, /*allow_exceptions=*/false);
    const bool last = i + 1 == lines.size() || (i + 2 == lines.size() && lines.back().empty());
    if (e.is_discarded() || !e.is_object()) {
      // Only the final line may be torn, and only when the file does not end in a newline.
      if (last && !ends_clean) {
        torn_line_ = i + 1;
        break;
      }
      return Status::DataLoss(StrCat("ledger ", path_, " line ", i + 1,
                                     " is corrupt; refusing to "
                                     "guess which calls were in flight"));
    }
    const std::string type = e.value("type", ""), id = e.value("id", "");
    if (type == "intent") {
      open_[id] = {
          id, e.value("op", ""), e.value("kind", ""), e.value("names", std::vector<std::string>{}),
          "", e.value("at", 0LL)};
    } else if (type == "sent" && open_.count(id)) {
      open_[id].job_id = e.value("job_id", "");
    } else if (type == "unanswered" && open_.count(id)) {
      open_[id].unanswered_ms = e.value("at", 0LL);
    } else if (type == "done") {
      open_.erase(id);
    }
    next_ = std::max(next_, e.value("seq", 0LL) + 1);
  }
  return Status::Ok();
}

Status Ledger::Append(const std::string& line) {
  if (path_.empty()) return Status::Ok();
  return core::AppendLineDurably(path_, line);
}

core::StatusOr<std::string> Ledger::Intent(const std::string& op, const std::string& kind,
                                           const std::vector<std::string>& names) {
  std::lock_guard lock(mu_);
  const long long seq = next_++;
  const long long at = Millis(clock_);
  std::string id = StrCat("i", at, "-", seq);
  DESKOPS_RETURN_IF_ERROR(Append(json{
      {"seq", seq},
      {"type", "intent"},
      {"id", id},
      {"op", op},
      {"kind", kind},
      {"names", names},
      {"at", at}}.dump()));
  open_[id] = {id, op, kind, names, "", at};
  return id;
}

Status Ledger::Sent(const std::string& intent_id, const std::string& job_id) {
  std::lock_guard lock(mu_);
  DESKOPS_RETURN_IF_ERROR(Append(
      json{{"seq", next_++}, {"type", "sent"}, {"id", intent_id}, {"job_id", job_id}}.dump()));
  if (auto it = open_.find(intent_id); it != open_.end()) it->second.job_id = job_id;
  return Status::Ok();
}

Status Ledger::Unanswered(const std::string& intent_id) {
  std::lock_guard lock(mu_);
  const long long at = Millis(clock_);
  DESKOPS_RETURN_IF_ERROR(
      Append(json{{"seq", next_++}, {"type", "unanswered"}, {"id", intent_id}, {"at", at}}.dump()));
  if (auto it = open_.find(intent_id); it != open_.end()) it->second.unanswered_ms = at;
  return Status::Ok();
}

std::string_view LedgerOutcomeName(LedgerOutcome outcome) {
  switch (outcome) {
    case LedgerOutcome::kOk:
      return "ok";
    case LedgerOutcome::kFailed:
      return "failed";
    case LedgerOutcome::kSettled:
      return "settled";
    case LedgerOutcome::kAbandoned:
      return "abandoned";
  }
  return "failed";
}

Status Ledger::Done(const std::string& intent_id, LedgerOutcome outcome,
                    const std::string& detail) {
  std::lock_guard lock(mu_);
  DESKOPS_RETURN_IF_ERROR(Append(json{
      {"seq", next_++},
      {"type", "done"},
      {"id", intent_id},
      {"outcome", std::string(LedgerOutcomeName(outcome))},
      {"detail", detail}}.dump()));
  open_.erase(intent_id);
  return Status::Ok();
}

std::vector<LedgerIntent> Ledger::Unfinished() const {
  std::lock_guard lock(mu_);
  std::vector<LedgerIntent> out;
  for (const auto& [id, intent] : open_) out.push_back(intent);
  return out;
}

Status Ledger::Compact() {
  std::lock_guard lock(mu_);
  if (path_.empty()) return Status::Ok();
  std::string text;
  for (const auto& [id, i] : open_) {
    text += json{{"seq", next_++}, {"type", "intent"}, {"id", i.id},   {"op", i.op},
                 {"kind", i.kind}, {"names", i.names}, {"at", i.at_ms}}
                .dump() +
            "\n";
    if (!i.job_id.empty()) {
      text += json{{"seq", next_++}, {"type", "sent"}, {"id", i.id}, {"job_id", i.job_id}}.dump() +
              "\n";
    }
    if (i.unanswered_ms != 0) {
      text += json{{"seq", next_++}, {"type", "unanswered"}, {"id", i.id}, {"at", i.unanswered_ms}}
                  .dump() +
              "\n";
    }
  }
  return core::WriteFileAtomically(path_, text);
}

}  // namespace deskops::reconcilers
