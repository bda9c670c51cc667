#pragma once
// Server: the network side of wks-sim (Beast's async server pattern). It accepts connections on
// one address, does the TLS handshake when configured, reads HTTP/1.1 requests with keep-alive,
// hands each to Simulator::Handle, applies injected delays and dropped connections, and writes the
// answer; every read, handshake, write and shutdown has a deadline. One structured access-log line
// per request (method, route template, status, duration, request ID).
//
// Start() binds; Run() serves on `threads` threads until Stop(), which may be called from any
// thread: it stops accepting, closes idle connections and lets requests in progress finish.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/log.h"
#include "core/status.h"
#include "simulator/simulator.h"

namespace deskops::simulator {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  int threads = 2;
  std::chrono::seconds handshake_timeout{10};
  std::chrono::seconds read_timeout{30};  // also the keep-alive idle limit
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds drain_timeout{10};     // how long Stop() waits for requests in progress
  std::size_t body_limit = 13 * 1024 * 1024;  // AK/SK bodies are at most 12 MB (L629)
  bool access_log = true;
};

class SessionBase;

class Server {
 public:
  Server(ServerOptions options, Simulator& simulator, const core::Logger& logger);
  ~Server();

  core::Status Start();
  std::string url() const;
  void Run();
  void Stop();
  boost::asio::io_context& io() { return io_; }

  // Sessions register themselves so Stop() can close idle ones.
  void Register(SessionBase* session, std::weak_ptr<SessionBase> weak);
  void Unregister(SessionBase* session);
  bool stopping() const { return stopping_; }
  Simulator& simulator() { return simulator_; }
  const core::Logger& logger() const { return logger_; }
  const ServerOptions& options() const { return options_; }

 private:
  void Accept();
  void CancelDrainIfDone();

  ServerOptions options_;
  Simulator& simulator_;
  const core::Logger& logger_;
  boost::asio::io_context io_;
  // Accepting, stopping and the drain timer run here, one at a time.
  boost::asio::strand<boost::asio::io_context::executor_type> control_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short bound_port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex sessions_mu_;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions_;
  std::shared_ptr<boost::asio::steady_timer> drain_timer_;  // on control_ only
};

}  // namespace deskops::simulator
