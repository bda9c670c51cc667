#pragma once
// Transport: the seam through which every byte to the Workspace API passes (LevelDB's Env idea).
// The production implementation speaks HTTP/1.1 over TLS with Boost.Beast: peer and host-name
// verification on by default with SNI, an optional private CA file, a bounded keep-alive connection
// pool, and a deadline on every step (connect, handshake, write, read). Send() may be called from
// many threads at once; calls beyond the connection limit wait for a free connection.
//
// Errors say how far the request got, which is what retry decisions need:
//   UNAVAILABLE          the request was not (completely) sent: safe to send again
//   UNKNOWN, DEADLINE_EXCEEDED   the request was sent but no complete response came back: the
//                        server may or may not have acted on it
//   FAILED_PRECONDITION  TLS verification failed (not retryable; the message says why)
//   INVALID_ARGUMENT     the endpoint or request cannot be sent at all

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "cloud/http.h"
#include "core/status_or.h"

namespace deskops::cloud {

using Deadline = std::chrono::steady_clock::time_point;

class Transport {
 public:
  virtual ~Transport() = default;
  virtual core::StatusOr<HttpResponse> Send(const HttpRequest& request, Deadline deadline) = 0;
};

struct TransportOptions {
  std::string endpoint;  // "https://host[:port]"; plain HTTP only when it says http://
  std::string ca_file;   // PEM bundle of extra trusted CAs; system CAs when empty
  // A client certificate (PEM chain) and its key, for servers that want mutual TLS (etcd).
  std::string cert_file, key_file;
  // Turns TLS verification off. Only for experiments; deskops logs a warning when it is set.
  bool insecure_skip_verify = false;
  std::size_t max_connections = 8;
  std::chrono::milliseconds connect_timeout{10'000};  // each of resolve, connect, handshake
  std::chrono::milliseconds io_timeout{60'000};       // each of write and read
  std::size_t max_response_bytes = 64u << 20;
};

// Creates the Beast transport; fails when the endpoint or CA file is unusable.
core::StatusOr<std::unique_ptr<Transport>> MakeHttpTransport(const TransportOptions& options);

}  // namespace deskops::cloud
