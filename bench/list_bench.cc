// Measures deskops' list-all of desktops against wks-sim: seeds N desktops through the control API,
// lists them with cloud::desktops::ListDetail (4.3.8, pages of the largest size the reference
// allows) over HTTPS with request signing, and prints the requests made (counted by the client and
// by the simulator's /_sim/stats), the wall time and the peak RSS of this process (the deskops
// side). Timing is printed, never asserted; the request count is a correctness check: the run
// fails unless both counts equal ceil(N / largest page size) and every desktop came back once.
//
//   list_bench [--desktops 10000] [--rate R] [--burst B] [--sim PATH/wks-sim]
//
// --rate/--burst are the client's rate limit (default: deskops' defaults; 0 turns it off).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cloud/desktops.h"
#include "sim_process.h"

namespace {

using namespace deskops;

struct Options {
  long desktops = 10000;
  cloud::RateLimits limits;  // deskops' defaults
  testing::SimOptions sim;
};

// Counts the client's attempts of one operation.
class Counter : public cloud::CallObserver {
 public:
  explicit Counter(const cloud::Operation& op) : op_(op) {}
  void OnAttempt(const cloud::Operation& op, int, std::string_view,
                 std::chrono::nanoseconds) override {
    if (op.id == op_.id) ++attempts;
  }
  void OnRetry(const cloud::Operation&, std::chrono::milliseconds) override {}
  void OnThrottled(const cloud::Operation&, std::chrono::milliseconds) override {}
  long attempts = 0;

 private:
  const cloud::Operation& op_;
};

bool ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (!v) {
      std::fprintf(stderr, "list_bench: %s needs a value\n", a.c_str());
      return false;
    }
    ++i;
    if (a == "--desktops") {
      o->desktops = std::atol(v);
    } else if (a == "--rate") {
      o->limits.requests_per_second = std::atof(v);
    } else if (a == "--burst") {
      o->limits.burst = std::atoi(v);
    } else if (a == "--sim") {
      o->sim.binary = v;
    } else {
      std::fprintf(stderr,
                   "usage: list_bench [--desktops N] [--rate R] [--burst B] [--sim PATH]\n");
      return false;
    }
  }
  return o->desktops > 0;
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;  // Linux: kilobytes
}

long SimRequests(testing::SimProcess& sim, const std::string& op, long* total) {
  auto stats = sim.Control("GET", "stats");
  if (!stats.ok()) return -1;
  auto j = nlohmann::json::parse(*stats, nullptr, false);
  if (j.is_discarded()) return -1;
  // Every API request the simulator served; its own control calls are counted as "control".
  *total = j.value("total", -1L) - j["by_operation"].value("control", 0L);
  return j["by_operation"].value(op, 0L);
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "list_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, &o)) return 64;
  const cloud::Operation& op = cloud::ops::kListDesktopsDetail;
  auto sim = testing::SimProcess::Start(o.sim);
  if (!sim.ok()) return Fail(sim.status().ToString());
  auto t0 = std::chrono::steady_clock::now();
  auto loaded = (*sim)->Control(
      "POST", "bulk/desktops",
      "{\"count\": " + std::to_string(o.desktops) + ", \"name_prefix\": \"bench\"}");
  if (!loaded.ok()) return Fail(loaded.status().ToString());
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto client = (*sim)->NewClient(o.limits);
  if (!client.ok()) return Fail(client.status().ToString());
  Counter counter(op);
  (*client)->set_observer(&counter);
  if (auto cleared = (*sim)->Control("DELETE", "stats"); !cleared.ok()) {
    return Fail(cleared.status().ToString());
  }
  double rss_before = PeakRssMb();

  auto start = std::chrono::steady_clock::now();
  auto listed = cloud::desktops::ListDetail(**client);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double rss_peak = PeakRssMb();
  if (!listed.ok()) return Fail(listed.status().ToString());

  long sim_total = -1;
  long sim_requests = SimRequests(**sim, std::string(op.id), &sim_total);
  const long page = op.max_page_size;
  const long expected = (o.desktops + page - 1) / page;
  std::set<std::string> ids;
  for (const auto& d : *listed) ids.insert(d.id);
  std::printf(
      "list_bench: desktops=%ld load_seconds=%.2f rate=%g burst=%d page_size=%ld\n"
      "list_bench: listed=%zu unique=%zu wall_seconds=%.3f desktops_per_second=%.0f\n"
      "list_bench: requests client=%ld sim=%ld sim_api_total=%ld expected=ceil(%ld/%ld)=%ld\n"
      "list_bench: deskops_side peak_rss_mb=%.1f (%.1f before listing)\n",
      o.desktops, load_s, o.limits.requests_per_second, o.limits.burst, page, listed->size(),
      ids.size(), wall_s, listed->size() / wall_s, counter.attempts, sim_requests, sim_total,
      o.desktops, page, expected, rss_peak, rss_before);
  int rc = 0;
  if (static_cast<long>(ids.size()) != o.desktops || listed->size() != ids.size()) {
    rc = Fail("every desktop must come back exactly once");
  }
  if (counter.attempts != expected || sim_requests != expected || sim_total != expected) {
    rc = Fail("the request count is not ceil(desktops / largest page size)");
  }
  int sim_exit = (*sim)->Stop();
  if (sim_exit != 0) rc = Fail("wks-sim exited with " + std::to_string(sim_exit));
  std::printf("list_bench: %s\n", rc == 0 ? "ok" : "FAILED");
  return rc;
}
