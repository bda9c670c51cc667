#pragma once
// The drift webhook: POSTs each pass's drift payloads (drift_payload.h) to a URL, http or https,
// through cloud's Beast transport (TLS verified against the system CAs and the configured CA file,
// SNI, deadlines on every step). Post() only queues: one worker thread sends, so a slow or dead
// receiver never stalls the reconcile loop. Each payload gets at most max_attempts (3) attempts of
// at most attempt_timeout (5 s) each, 1 s then 2 s apart; a transport error, 408, 429 or 5xx is
// retried, any other non-2xx is not. The queue holds max_queued (64) payloads, that is 32,000
// events in parts of 500 (about 10 MB), several passes of a badly drifted tenant; when it is full
// the oldest is dropped. Every payload ends as delivered, failed or dropped, reported to the
// observer and, when not delivered, logged as a warning; nothing about the webhook is ever fatal.
// Post() and Drain() are thread-safe; destruction stops the worker (an attempt in progress ends by
// its deadline) and drops what is still queued.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "cloud/transport.h"
#include "cloud/url.h"
#include "core/log.h"
#include "core/status_or.h"

namespace deskops::daemon {

enum class DeliveryResult { kDelivered, kFailed, kDropped };
std::string_view DeliveryResultName(DeliveryResult result);  // delivered, failed, dropped

struct DriftWebhookOptions {
  std::string url;      // http://host[:port]/path or https://...
  std::string ca_file;  // extra trusted CAs (PEM); the system's when empty
  std::chrono::milliseconds attempt_timeout{5'000};
  std::chrono::milliseconds first_backoff{1'000};  // doubles after each failed attempt
  int max_attempts = 3;
  std::size_t max_queued = 64;
};

class DriftWebhook {
 public:
  // Called on the worker thread (or on Post's for a drop) once per payload.
  using Observer = std::function<void(DeliveryResult)>;

  // Fails when the URL or the CA file is unusable.
  static core::StatusOr<std::unique_ptr<DriftWebhook>> Start(
      DriftWebhookOptions options, std::shared_ptr<const core::Logger> log, Observer observer);
  // The same over a given transport (tests), whose endpoint is the URL's scheme, host and port.
  static core::StatusOr<std::unique_ptr<DriftWebhook>> Start(
      DriftWebhookOptions options, std::unique_ptr<cloud::Transport> transport,
      std::shared_ptr<const core::Logger> log, Observer observer);
  ~DriftWebhook();

  // Queues a payload; never blocks on the network.
  void Post(std::string body);
  // Waits until every queued payload has been delivered or has failed, or `grace` passed; then the
  // worker makes no more attempts (what is left is dropped by the destructor).
  void Drain(std::chrono::milliseconds grace);

  const std::string& url() const { return options_.url; }

 private:
  DriftWebhook(DriftWebhookOptions options, cloud::Url url,
               std::unique_ptr<cloud::Transport> transport, std::shared_ptr<const core::Logger> log,
               Observer observer);
  void Work();
  DeliveryResult Deliver(const std::string& body);
  // Whether one attempt got a 2xx; `retry` says whether another attempt may help.
  bool Attempt(const std::string& body, bool& retry, std::string& error);
  void Report(DeliveryResult result, std::size_t bytes, int attempts, const std::string& error);

  const DriftWebhookOptions options_;
  const cloud::Url url_;
  std::unique_ptr<cloud::Transport> transport_;
  std::shared_ptr<const core::Logger> log_;
  Observer observer_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool busy_ = false;  // the worker holds a payload
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace deskops::daemon
