#include "simulator/stats.h"

namespace deskops::simulator {

void Stats::Record(const std::string& operation, const std::string& method,
                   const std::string& route, int status) {
  std::lock_guard lock(mu_);
  ++counts_[{operation, method, route, status}];
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
}

}  // namespace deskops::simulator
