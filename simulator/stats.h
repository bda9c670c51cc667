#pragma once
// Stats: request counts by operation, method, route template and HTTP status, served by
// GET /_sim/stats so benchmarks can count API calls per endpoint. Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

namespace deskops::simulator {

class Stats {
 public:
  void Record(const std::string& operation, const std::string& method, const std::string& route,
              int status);
  // {"total": N, "requests": [{"operation", "method", "route", "status", "count"}],
  //  "by_operation": {"desktops.list": N}}
  nlohmann::json ToJson() const;
  void Clear();

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, std::string, int>, std::uint64_t> counts_;
};

}  // namespace deskops::simulator
