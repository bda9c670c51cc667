// wks-sim: the local Huawei Cloud Workspace API simulator (simulator/README.md). Composition root
// of the simulator: parses flags, loads the seed and saved state, sets up TLS, serves until
// SIGTERM or SIGINT, then saves the state once more.
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>

#include "core/log.h"
#include "core/redact.h"
#include "core/strings.h"
#include "simulator/options.h"
#include "simulator/persistence.h"
#include "simulator/server.h"
#include "simulator/simulator.h"
#include "simulator/tls.h"

namespace sim = deskops::simulator;
namespace core = deskops::core;

namespace {

int Fail(const core::Status& status) {
  std::fprintf(stderr, "wks-sim: %s\n",
               core::SecretRegistry::Global().Redact(status.message()).c_str());
  return 1;
}

core::StatusOr<sim::SimulatorOptions> MakeOptions(const sim::CommandLine& cl) {
  sim::SimulatorOptions o;
  if (!cl.access_key.empty()) o.credentials.access_key = cl.access_key;
  if (!cl.secret_key.empty()) o.credentials.secret_key = cl.secret_key;
  if (!cl.project_id.empty()) o.credentials.project_id = cl.project_id;
  o.credentials.auth_token = cl.auth_token;
  core::SecretRegistry::Global().Register(o.credentials.secret_key);
  if (cl.auth_token) core::SecretRegistry::Global().Register(*cl.auth_token);
  if (!cl.seed_file.empty()) {
    DESKOPS_ASSIGN_OR_RETURN(nlohmann::json seed, sim::ReadSeedFile(cl.seed_file));
    DESKOPS_ASSIGN_OR_RETURN(sim::Catalog catalog, sim::LoadCatalog(seed));
    o.catalog = std::make_shared<const sim::Catalog>(std::move(catalog));
  }
  DESKOPS_ASSIGN_OR_RETURN(o.progression.fallback, sim::ParseProgression(cl.jobs));
  o.control_api = cl.control_api;
  return o;
}

core::StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeTls(const sim::CommandLine& cl,
                                                                   const std::string& host) {
  if (cl.plain_http) return std::shared_ptr<boost::asio::ssl::context>();
  if (!cl.tls_cert.empty()) {
    DESKOPS_ASSIGN_OR_RETURN(std::string cert, sim::ReadWholeFile(cl.tls_cert));
    DESKOPS_ASSIGN_OR_RETURN(std::string key, sim::ReadWholeFile(cl.tls_key));
    return sim::MakeServerTlsContext(cert, key);
  }
  std::vector<std::string> hosts = {host};
  for (const char* extra : {"127.0.0.1", "localhost", "::1"}) {
    if (host != extra) hosts.push_back(extra);
  }
  DESKOPS_ASSIGN_OR_RETURN(sim::Certificates certs, sim::GenerateCertificates(hosts));
  if (!cl.ca_out.empty())
    DESKOPS_RETURN_IF_ERROR(sim::WriteFileAtomically(cl.ca_out, certs.ca_pem));
  return sim::MakeServerTlsContext(certs.cert_pem, certs.key_pem);
}

core::Status SaveState(sim::Simulator& simulator, const std::string& path) {
  return sim::WriteFileAtomically(path, simulator.TakeSnapshot().dump());
}

// Restores a state file written by an earlier run, if there is one.
core::Status LoadState(sim::Simulator& simulator, const std::string& path) {
  if (path.empty() || !std::filesystem::exists(path)) return core::Status::Ok();
  DESKOPS_ASSIGN_OR_RETURN(std::string text, sim::ReadWholeFile(path));
  nlohmann::json snapshot = nlohmann::json::parse(text, nullptr, false);
  core::Status loaded = snapshot.is_discarded() ? core::Status::InvalidArgument("state: not JSON")
                                                : simulator.LoadSnapshot(snapshot);
  return loaded.ok() ? loaded : loaded.Annotate(path);
}

core::StatusOr<sim::ServerOptions> MakeServerOptions(const sim::CommandLine& cl) {
  sim::ServerOptions options;
  DESKOPS_RETURN_IF_ERROR(sim::SplitHostPort(cl.listen, &options.host, &options.port));
  DESKOPS_ASSIGN_OR_RETURN(options.tls, MakeTls(cl, options.host));
  options.threads = cl.threads;
  options.read_timeout = std::chrono::seconds(cl.idle_timeout_s);
  options.access_log = cl.access_log;
  return options;
}

// Saves the state every save_interval_ms while it changes, on the server's io_context.
void ScheduleSaves(boost::asio::steady_timer& timer, sim::Simulator& simulator,
                   const sim::CommandLine& cl, core::Logger& logger) {
  timer.expires_after(std::chrono::milliseconds(cl.save_interval_ms));
  timer.async_wait([&](boost::system::error_code ec) {
    if (ec) return;
    if (simulator.ConsumeDirty()) {
      if (core::Status s = SaveState(simulator, cl.state_file); !s.ok()) {
        logger.Error("cannot save state", {{"error", std::string(s.message())}});
      }
    }
    ScheduleSaves(timer, simulator, cl, logger);
  });
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = sim::ParseCommandLine(argc, argv);
  if (!parsed.ok()) {
    std::fprintf(stderr, "wks-sim: %s\n%s", std::string(parsed.status().message()).c_str(),
                 sim::Usage().c_str());
    return 64;
  }
  const sim::CommandLine& cl = *parsed;
  if (cl.help) return std::fputs(sim::Usage().c_str(), stdout), 0;
  if (cl.version) return std::puts("wks-sim 0.1.0"), 0;
  auto level = core::ParseLogLevel(cl.log_level);
  auto format = core::ParseLogFormat(cl.log_format, 2);
  if (!level.ok()) return Fail(level.status());
  if (!format.ok()) return Fail(format.status());
  core::Logger logger(std::make_shared<core::FdSink>(2), {*format, *level});

  auto options = MakeOptions(cl);
  if (!options.ok()) return Fail(options.status());
  sim::Simulator simulator(std::move(*options), core::SystemClock());
  if (core::Status s = LoadState(simulator, cl.state_file); !s.ok()) return Fail(s);
  auto server_options = MakeServerOptions(cl);
  if (!server_options.ok()) return Fail(server_options.status());
  sim::Server server(*server_options, simulator, logger);
  if (core::Status s = server.Start(); !s.ok()) return Fail(s);
  std::printf("%s\n", server.url().c_str());  // the first line of output: where to connect
  std::fflush(stdout);
  logger.Info("wks-sim listening", {{"url", server.url()},
                                    {"control_api", cl.control_api},
                                    {"jobs", cl.jobs},
                                    {"state_file", cl.state_file}});

  boost::asio::steady_timer save_timer(server.io());
  if (!cl.state_file.empty()) ScheduleSaves(save_timer, simulator, cl, logger);

  boost::asio::signal_set signals(server.io(), SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    logger.Info("stopping", {{"signal", signal}});
    save_timer.cancel();
    server.Stop();
  });
  server.Run();
  if (!cl.state_file.empty()) {
    if (core::Status s = SaveState(simulator, cl.state_file); !s.ok()) return Fail(s);
  }
  logger.Info("wks-sim stopped");
  return 0;
}
