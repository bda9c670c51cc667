#pragma once
// Stats: request counts by operation, method, route template and HTTP status, served by
// GET /_sim/stats so benchmarks can count API calls per endpoint; and a log of the latest requests
// with their time, served by GET /_sim/requests so tests can tell when a call arrived and from
// which client. Thread-safe.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

namespace deskops::simulator {

// One request as the log keeps it.
struct RequestRecord {
  long long at_ms = 0;  // wall-clock milliseconds when it was answered
  std::string operation, method, route;
  int status = 0;
  std::string request_id;  // the X-Request-Id the answer carried
  std::string user_agent;  // the client's User-Agent, "" when it sent none
  std::string remote;      // the client's address and port
};

class Stats {
 public:
  // The most recent requests the log keeps (older ones are dropped).
  static constexpr std::size_t kLogSize = 100'000;

  void Record(const RequestRecord& request);
  // {"total": N, "requests": [{"operation", "method", "route", "status", "count"}],
  //  "by_operation": {"desktops.list": N}}
  nlohmann::json ToJson() const;
  // {"requests": [{"at_ms", "operation", "method", "route", "status", "request_id", "user_agent",
  //  "remote"}]}, oldest first.
  nlohmann::json LogJson() const;
  void Clear();

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, std::string, int>, std::uint64_t> counts_;
  std::deque<RequestRecord> log_;
};

}  // namespace deskops::simulator
