#pragma once
// A scriptable HTTP(S) server on 127.0.0.1 with an ephemeral port, for transport and client tests.
// Each request is answered by the test's handler, which can also delay, drop the connection
// politely, or reset it. Runs its own threads; the accessors are thread-safe.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace deskops::testing {

struct RecordedRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int connection = 0;  // which accepted connection carried it (1, 2, ...)

  std::string Header(const std::string& name) const;
};

struct Reply {
  enum class Action { kRespond, kClose, kReset };
  Action action = Action::kRespond;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // before acting
  bool close_after = false;            // respond, then close the connection

  static Reply Json(int status, std::string body) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    r.headers = {{"Content-Type", "application/json"}};
    return r;
  }
};

using Handler = std::function<Reply(const RecordedRequest&)>;

class TestServer {
 public:
  struct Tls {
    std::string cert_pem, key_pem;
  };
  explicit TestServer(Handler handler, const Tls* tls = nullptr);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  std::string url() const;  // http(s)://127.0.0.1:PORT
  std::vector<RecordedRequest> requests() const;
  int connections() const { return connections_; }
  int max_concurrent_connections() const { return max_open_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  bool tls_ = false;
  std::atomic<int> connections_{0};
  std::atomic<int> open_{0};
  std::atomic<int> max_open_{0};
  friend struct Impl;
};

}  // namespace deskops::testing
