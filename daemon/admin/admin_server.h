#pragma once
// The admin HTTP server (plain HTTP/1.1 on Boost.Beast, loopback by default): read-only GET/HEAD
// routes answered by handlers the daemon registers (/metrics, /healthz, /readyz, /status, /).
// One I/O thread; handlers must be quick and thread-safe. Requests are small and bounded (8 KiB
// headers, no body), slow clients time out, and any other method is 405.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/log.h"
#include "core/status_or.h"

namespace deskops::daemon {

struct AdminResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// Called with the request's query string (after '?', still encoded; "" when none).
using AdminHandler = std::function<AdminResponse(std::string_view query)>;

class AdminServer {
 public:
  // Listens on "HOST:PORT" ("[::1]:PORT" for IPv6; port 0 picks a free one) and serves in the
  // background until Stop or destruction.
  static core::StatusOr<std::unique_ptr<AdminServer>> Start(
      const std::string& listen, std::map<std::string, AdminHandler> routes,
      const core::Logger& log);
  ~AdminServer();

  // The address actually bound, e.g. "127.0.0.1:40123".
  std::string address() const;
  std::uint16_t port() const;
  void Stop();

 private:
  struct Impl;
  explicit AdminServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Splits "HOST:PORT" / "[V6]:PORT"; an error names what is wrong.
core::StatusOr<std::pair<std::string, std::uint16_t>> ParseListenAddress(const std::string& listen);

}  // namespace deskops::daemon
