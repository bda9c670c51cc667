#include "simulator/stats.h"

namespace deskops::simulator {

void Stats::Record(const RequestRecord& r) {
  std::lock_guard lock(mu_);
  ++counts_[{r.operation, r.method, r.route, r.status}];
  log_.push_back(r);
  if (log_.size() > kLogSize) log_.pop_front();
}

nlohmann::json Stats::LogJson() const {
  std::lock_guard lock(mu_);
  nlohmann::json requests = nlohmann::json::array();
  for (const RequestRecord& r : log_) {
    requests.push_back({{"at_ms", r.at_ms},
                        {"operation", r.operation},
                        {"method", r.method},
                        {"route", r.route},
                        {"status", r.status},
                        {"request_id", r.request_id},
                        {"user_agent", r.user_agent},
                        {"remote", r.remote}});
  }
  return {{"requests", requests}};
}

nlohmann::json Stats::ToJson() const {
  std::lock_guard lock(mu_);
  nlohmann::json requests = nlohmann::json::array();
  nlohmann::json by_operation = nlohmann::json::object();
  std::uint64_t total = 0;
  for (const auto& [key, count] : counts_) {
    const auto& [operation, method, route, status] = key;
    requests.push_back({{"operation", operation},
                        {"method", method},
                        {"route", route},
                        {"status", status},
                        {"count", count}});
    std::string name = operation.empty() ? "(unrouted)" : operation;
    by_operation[name] = by_operation.value(name, std::uint64_t{0}) + count;
    total += count;
  }
  return {{"total", total}, {"requests", requests}, {"by_operation", by_operation}};
}

void Stats::Clear() {
  std::lock_guard lock(mu_);
  counts_.clear();
  log_.clear();
}

}  // namespace deskops::simulator
