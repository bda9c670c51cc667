// Measures wks-sim under load: requests per second and p50/p99 latency for desktop list pages
// (4.3.8 with limit 500, with and without a filter, and 4.3.2 with limit 500) and for desktop
// creates, with N desktops loaded, plus the simulator's peak RSS. Prints figures; asserts nothing
// about timing (the issue's target: a 500-item page "in well under 50 ms" at 100,000 desktops).
//
//   sim_bench [--desktops 100000] [--requests 300] [--clients 1] [--sim PATH/wks-sim]
//
// It starts its own wks-sim (plain HTTP on 127.0.0.1:0, token authentication so the figures are
// the simulator's, not a client signer's), loads the desktops through the control API in one call,
// and sends keep-alive requests from --clients threads.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr char kToken[] = "sim-bench-token";
constexpr char kProject[] = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

struct Options {
  int desktops = 100000;
  int requests = 300;
  int clients = 1;
  std::string sim;
};

// One keep-alive HTTP/1.1 connection.
class Connection {
 public:
  Connection(const std::string& host, const std::string& port) : socket_(io_) {
    net::connect(socket_, tcp::resolver(io_).resolve(host, port));
  }
  // Returns the status; the body's size lands in *bytes.
  int Send(http::verb verb, const std::string& target, const std::string& body,
           std::size_t* bytes = nullptr) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set("X-Auth-Token", kToken);
    req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.keep_alive(true);
    req.prepare_payload();
    http::write(socket_, req);
    http::response<http::string_body> res;
    http::read(socket_, buffer_, res);
    if (bytes) *bytes = res.body().size();
    return res.result_int();
  }

 private:
  net::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

struct Sim {
  pid_t pid = -1;
  std::string host, port;
};

Sim StartSim(const std::string& binary) {
  int pipefd[2];
  if (pipe(pipefd) != 0) std::exit(2);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], 1);
    close(pipefd[0]);
    execl(binary.c_str(), binary.c_str(), "--listen", "127.0.0.1:0", "--plain-http",
          "--control-api", "--auth-token", kToken, "--jobs", "immediate", "--no-access-log",
          "--log-level", "warn", static_cast<char*>(nullptr));
    std::perror("sim_bench: exec wks-sim");
    _exit(127);
  }
  close(pipefd[1]);
  std::string line;
  char c;
  while (read(pipefd[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(pipefd[0]);
  auto colon = line.rfind(':');
  if (line.rfind("http://", 0) != 0 || colon == std::string::npos) {
    std::fprintf(stderr, "sim_bench: wks-sim did not start (%s)\n", line.c_str());
    std::exit(2);
  }
  return {pid, line.substr(7, colon - 7), line.substr(colon + 1)};
}

double PeakRssMb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      double kb = 0;
      status >> kb;
      return kb / 1024.0;
    }
  }
  return 0;
}

struct Figures {
  double rps = 0, p50 = 0, p99 = 0, max = 0;
  std::size_t avg_bytes = 0;
  int errors = 0;
};

// Runs `make_request(client, i)` `requests` times spread over `clients` connections.
Figures Measure(const Sim& sim, const Options& o,
                const std::function<int(Connection&, int, std::size_t*)>& make_request) {
  std::vector<std::vector<double>> latencies(o.clients);
  std::atomic<int> next{0}, errors{0};
  std::atomic<std::size_t> bytes{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < o.clients; ++t) {
    threads.emplace_back([&, t] {
      Connection conn(sim.host, sim.port);
      for (int i = next++; i < o.requests; i = next++) {
        auto begin = std::chrono::steady_clock::now();
        std::size_t n = 0;
        int status = make_request(conn, i, &n);
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin)
                .count());
        bytes += n;
        if (status >= 300) ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  Figures f;
  f.rps = all.size() / wall;
  f.p50 = all[all.size() / 2];
  f.p99 = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  f.max = all.back();
  f.avg_bytes = bytes / all.size();
  f.errors = errors;
  return f;
}

void Print(const char* name, const Figures& f) {
  std::printf(
      "sim_bench: %-34s rps=%8.1f p50_ms=%7.2f p99_ms=%7.2f max_ms=%7.2f avg_body_kb=%7.1f "
      "errors=%d\n",
      name, f.rps, f.p50, f.p99, f.max, f.avg_bytes / 1024.0, f.errors);
}

// Parses the flags into `o`; false (after printing the usage) on anything unknown.
bool ParseArgs(int argc, char** argv, Options* o) {
  o->sim = (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "wks-sim").string();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--desktops") {
      o->desktops = std::atoi(value().c_str());
    } else if (a == "--requests") {
      o->requests = std::atoi(value().c_str());
    } else if (a == "--clients") {
      o->clients = std::max(1, std::atoi(value().c_str()));
    } else if (a == "--sim") {
      o->sim = value();
    } else {
      std::fprintf(stderr,
                   "usage: sim_bench [--desktops N] [--requests N] [--clients N] [--sim PATH]\n");
      return false;
    }
  }
  return true;
}

// Loads o.desktops ready desktops through the control API and lifts the quotas so that the
// create scenario cannot run out. Returns the number of failed control calls.
int LoadDesktops(const Sim& sim, const Options& o) {
  Connection control(sim.host, sim.port);
  auto t0 = std::chrono::steady_clock::now();
  int failures = control.Send(http::verb::post, "/_sim/bulk/desktops",
                              "{\"count\": " + std::to_string(o.desktops) +
                                  ", \"name_prefix\": \"bench\"}") != 200;
  double load = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  failures += control.Send(http::verb::put, "/_sim/quotas",
                           R"({"general_instances": 100000000, "cores": 1000000000,
                               "Memory": 1000000000, "volumes": 100000000,
                               "volume_gigabytes": 1000000000, "users": 100000000})") != 200;
  std::printf(
      "sim_bench: desktops=%d load_seconds=%.2f rss_after_load_mb=%.1f clients=%d "
      "requests_per_scenario=%d\n",
      o.desktops, load, PeakRssMb(sim.pid), o.clients, o.requests);
  return failures;
}

std::string CreateBody(int i) {
  char name[16];
  std::snprintf(name, sizeof name, "new%07d", i);
  return std::string(R"({"desktop_type": "DEDICATED", "image_type": "gold",
      "image_id": "a866298d-67db-44b0-a1f1-9d09bdddc20f", "product_id":
      "workspace.c2.large.windows.2", "root_volume": {"type": "SAS", "size": 80},
      "desktops": [{"user_name": "u)") +
         name + R"(", "computer_name": ")" + name + "\"}]}";
}

// Measures and prints each scenario; returns the number of failed requests.
int RunScenarios(const Sim& sim, const Options& o) {
  const std::string base = std::string("/v2/") + kProject;
  std::mt19937 rng(42);
  int pages = std::max(1, o.desktops / 500);
  std::vector<int> offsets(o.requests);
  for (int& off : offsets) off = static_cast<int>(rng() % pages) * 500;
  struct Scenario {
    const char* name;
    http::verb verb;
    std::function<std::string(int)> target;  // request i -> path and query
    std::function<std::string(int)> body;
  };
  const std::vector<Scenario> scenarios = {
      {"GET /desktops/detail limit=500", http::verb::get,
       [&](int i) {
         return base + "/desktops/detail?limit=500&offset=" + std::to_string(offsets[i]);
       },
       nullptr},
      // A quarter of the loaded desktops are SHUTOFF; pages spread over them.
      {"GET /desktops/detail status=SHUTOFF", http::verb::get,
       [&](int i) {
         return base + "/desktops/detail?status=SHUTOFF&limit=500&offset=" +
                std::to_string(offsets[i] / 4 / 500 * 500);
       },
       nullptr},
      {"GET /desktops limit=500", http::verb::get,
       [&](int i) { return base + "/desktops?limit=500&offset=" + std::to_string(offsets[i]); },
       nullptr},
      {"GET /desktops user_name=<exact>", http::verb::get,
       [&](int i) {
         return base + "/desktops?user_name=user" + std::to_string(offsets[i] + i % 500);
       },
       nullptr},
      {"POST /desktops (one desktop)", http::verb::post, [&](int) { return base + "/desktops"; },
       CreateBody},
  };
  int errors = 0;
  for (const Scenario& sc : scenarios) {
    Figures f = Measure(sim, o, [&](Connection& c, int i, std::size_t* n) {
      return c.Send(sc.verb, sc.target(i), sc.body ? sc.body(i) : "", n);
    });
    Print(sc.name, f);
    errors += f.errors;
  }
  return errors;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, &o)) return 64;
  Sim sim = StartSim(o.sim);
  int failures = LoadDesktops(sim, o);
  failures += RunScenarios(sim, o);
  double rss = PeakRssMb(sim.pid);
  kill(sim.pid, SIGTERM);
  int status = 0;
  waitpid(sim.pid, &status, 0);
  std::printf("sim_bench: wks-sim peak_rss_mb=%.1f exit=%d\n", rss,
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return failures == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
