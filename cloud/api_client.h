#pragma once
// ApiClient: one signed, rate-limited, retried call to the Workspace API. Every typed endpoint
// goes through Call(). It
//   - builds the request (path parameters, query, JSON body, Content-Type: application/json on
//     every request, DELETE bodies included),
//   - signs it with SDK-HMAC-SHA256 (host, content-type, x-sdk-date, x-project-id and, for
//     temporary keys, x-security-token), or sends X-Auth-Token,
//   - waits for the shared rate limiter (token bucket plus in-flight cap),
//   - retries as cloud/retry.h decides, with exponential backoff and full jitter, honouring
//     Retry-After, and returns UNKNOWN ("outcome unknown") rather than resending a POST that may
//     have been applied,
//   - turns error answers into Status with HTTP status and error_code.
// Thread-safe: many threads may call concurrently; they share the limiter and connection pool.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/credentials.h"
#include "cloud/http.h"
#include "cloud/operations.h"
#include "cloud/rate_limiter.h"
#include "cloud/retry.h"
#include "cloud/transport.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/status_or.h"

namespace deskops::cloud {

struct ClientOptions {
  std::string endpoint;  // https://workspace.<region>.myhuaweicloud.com
  RetryPolicy retry;
  RateLimits limits;
  std::chrono::milliseconds attempt_timeout{60'000};  // one attempt, all of it
  unsigned jitter_seed = 0;                           // 0: seeded from the clock
};

struct ApiCall {
  const Operation* op = nullptr;
  std::vector<std::string> path_params;  // values for the {...} after {project_id}, in order
  std::vector<std::pair<std::string, std::string>> query;
  std::string body;  // JSON text; empty for none
};

// Sees every attempt, for metrics and logs. Called on the calling thread; must be thread-safe.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  // http_status is 0 for transport errors.
  virtual void OnAttempt(const Operation& op, int http_status, std::string_view api_code,
                         std::chrono::nanoseconds latency) = 0;
  virtual void OnRetry(const Operation& op, std::chrono::milliseconds delay) = 0;
  virtual void OnThrottled(const Operation& op, std::chrono::milliseconds pause) = 0;
};

class ApiClient {
 public:
  ApiClient(ClientOptions options, Credentials credentials, std::unique_ptr<Transport> transport,
            const core::Clock& clock, const core::Logger* log = nullptr);

  // Sends the call; a 2xx answer is returned as is, anything else as an error Status.
  core::StatusOr<HttpResponse> Call(const ApiCall& call);

  // The rate limiter's slot (a token and an in-flight place) for this thread's next Call, taken
  // now, waiting for it here: a caller that must record something durably right before a call
  // (the ledger's intent) writes it after the wait, so a crash during a long wait leaves no record
  // of a call that was never sent. The next Call on this thread uses it for its first attempt;
  // one never used is given back when the Reservation goes.
  class Reservation {
   public:
    Reservation(Reservation&&) = delete;
    ~Reservation();

   private:
    friend class ApiClient;
    explicit Reservation(const ApiClient* client) : client_(client) {}
    const ApiClient* client_;
  };
  [[nodiscard]] Reservation Reserve();

  std::string project_id() const { return Creds()->project_id; }
  // Replaces the credentials for the attempts that start from now on (rotation); calls in flight
  // keep what they were signed with. Thread-safe.
  void SetCredentials(Credentials credentials);
  // Called when the API answers 401 (it refused the credentials): re-reads them, and returns true
  // when they changed (after SetCredentials); the call is then sent once more with the new ones.
  // Called on the calling thread, possibly from several at once: must be thread-safe. Set before
  // the first call.
  using CredentialRefresh = std::function<bool()>;
  void set_credential_refresh(CredentialRefresh refresh) { refresh_ = std::move(refresh); }
  // How long one attempt may take: a request unanswered for longer is given up (and, when it may
  // have been applied, reported as outcome unknown).
  std::chrono::milliseconds attempt_timeout() const { return options_.attempt_timeout; }
  void set_observer(CallObserver* observer) { observer_ = observer; }

  // The request Call() would send before signing (exposed for tests).
  core::StatusOr<HttpRequest> Build(const ApiCall& call) const;

 private:
  // Signs (or adds the token); returns the credentials used.
  std::shared_ptr<const Credentials> Authenticate(HttpRequest& request) const;
  // After a 401 to a request sent with `used`: whether newer credentials are in place now (another
  // thread's refresh, or this one's).
  bool RotatedSince(const std::shared_ptr<const Credentials>& used);
  std::shared_ptr<const Credentials> Creds() const;
  // This thread's reserved slot for this client, if any (taken out).
  std::optional<RateLimiter::Permit> TakeReserved();
  void LogAttempt(const Operation& op, int attempt, int http_status, const std::string& code,
                  std::chrono::nanoseconds latency) const;
  std::chrono::milliseconds NextBackoff(int attempt, std::optional<std::chrono::milliseconds> hint);

  ClientOptions options_;
  mutable std::mutex credentials_mu_;
  std::shared_ptr<const Credentials> credentials_;  // replaced whole, never changed in place
  CredentialRefresh refresh_;
  std::string host_header_;
  std::unique_ptr<Transport> transport_;
  const core::Clock& clock_;
  const core::Logger* log_;
  RateLimiter limiter_;
  std::mutex backoff_mu_;
  Backoff backoff_;
  CallObserver* observer_ = nullptr;
};

}  // namespace deskops::cloud
