#pragma once
// EngineObserver: what the executor reports while it runs, for metrics and status. Called from the
// executor's worker threads; implementations must be thread-safe and must not block.

#include <string>
#include <string_view>

namespace deskops::reconcilers {

struct Action;
struct ActionOutcome;

class EngineObserver {
 public:
  virtual ~EngineObserver() = default;
  // A call started an asynchronous job; `type` is the operation ID (e.g. desktops.create).
  virtual void OnJobStarted(const std::string& job_id, const std::string& type) = 0;
  // outcome: "success", "failed" or "timeout"; "abandoned" when deskops stopped following it.
  virtual void OnJobEnded(const std::string& job_id, const std::string& type,
                          std::string_view outcome) = 0;
  // Every action's result once it is known (succeeded, failed or skipped).
  virtual void OnOutcome(const Action& action, const ActionOutcome& outcome) = 0;
};

}  // namespace deskops::reconcilers
