#include "daemon/drift/drift_webhook.h"

#include <utility>

#include "core/strings.h"

namespace deskops::daemon {

using core::StrCat;

namespace {

// The receiver as logs show it: scheme, host and port only. A webhook URL's path or query often
// is its credential (Slack's, Teams'), so it is never logged.
std::string Origin(const cloud::Url& url) {
  const bool v6 = url.host.find(':') != std::string::npos;
  return StrCat(url.scheme, "://", v6 ? "[" : "", url.host, v6 ? "]" : "", ":", url.port);
}

bool Retryable(int status) { return status == 408 || status == 429 || status >= 500; }

bool RetryableError(const core::Status& s) {
  return s.code() != core::StatusCode::kFailedPrecondition &&
         s.code() != core::StatusCode::kInvalidArgument;
}

}  // namespace

std::string_view DeliveryResultName(DeliveryResult result) {
  switch (result) {
    case DeliveryResult::kDelivered:
      return "delivered";
    case DeliveryResult::kFailed:
      return "failed";
    case DeliveryResult::kDropped:
      return "dropped";
  }
  return "failed";
}

core::StatusOr<std::unique_ptr<DriftWebhook>> DriftWebhook::Start(
    DriftWebhookOptions options, std::shared_ptr<const core::Logger> log, Observer observer) {
  auto url = cloud::ParseUrl(options.url);
  if (!url.ok()) return url.status().Annotate("drift webhook");
  cloud::TransportOptions t;
  t.endpoint = Origin(*url);
  t.ca_file = options.ca_file;
  t.max_connections = 1;
  t.connect_timeout = options.attempt_timeout;
  t.io_timeout = options.attempt_timeout;
  t.max_response_bytes = 1u << 20;
  auto transport = cloud::MakeHttpTransport(t);
  if (!transport.ok()) return transport.status().Annotate("drift webhook");
  return Start(std::move(options), std::move(*transport), std::move(log), std::move(observer));
}

core::StatusOr<std::unique_ptr<DriftWebhook>> DriftWebhook::Start(
    DriftWebhookOptions options, std::unique_ptr<cloud::Transport> transport,
    std::shared_ptr<const core::Logger> log, Observer observer) {
  auto url = cloud::ParseUrl(options.url);
  if (!url.ok()) return url.status().Annotate("drift webhook");
  return std::unique_ptr<DriftWebhook>(new DriftWebhook(std::move(options), std::move(*url),
                                                        std::move(transport), std::move(log),
                                                        std::move(observer)));
}

DriftWebhook::DriftWebhook(DriftWebhookOptions options, cloud::Url url,
                           std::unique_ptr<cloud::Transport> transport,
                           std::shared_ptr<const core::Logger> log, Observer observer)
    : options_(std::move(options)),
      url_(std::move(url)),
      transport_(std::move(transport)),
      log_(std::move(log)),
      observer_(std::move(observer)) {
  worker_ = std::thread([this] { Work(); });
}

DriftWebhook::~DriftWebhook() {
  std::deque<std::string> left;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  worker_.join();
  left.swap(queue_);
  for (const auto& body : left) Report(DeliveryResult::kDropped, body.size(), 0, "deskops stopped");
}

void DriftWebhook::Post(std::string body) {
  std::size_t dropped = 0;
  {
    std::lock_guard lock(mu_);
    if (stop_) {
      dropped = body.size();
    } else {
      if (queue_.size() >= options_.max_queued) {
        dropped = queue_.front().size();
        queue_.pop_front();
      }
      queue_.push_back(std::move(body));
      cv_.notify_all();
    }
  }
  if (dropped > 0) {
    Report(DeliveryResult::kDropped, dropped, 0, "the queue of undelivered passes was full");
  }
}

void DriftWebhook::Drain(std::chrono::milliseconds grace) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, grace, [this] { return queue_.empty() && !busy_; });
  stop_ = true;
  cv_.notify_all();
}

void DriftWebhook::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    std::string body = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    Deliver(body);
    lock.lock();
    busy_ = false;
    cv_.notify_all();
  }
}

DeliveryResult DriftWebhook::Deliver(const std::string& body) {
  std::string error;
  auto backoff = options_.first_backoff;
  int attempt = 0;
  for (;;) {
    ++attempt;
    bool retry = false;
    if (Attempt(body, retry, error)) {
      Report(DeliveryResult::kDelivered, body.size(), attempt, "");
      return DeliveryResult::kDelivered;
    }
    if (!retry || attempt >= options_.max_attempts) break;
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, backoff, [this] { return stop_; })) {
      error += "; deskops stopped before the next attempt";
      break;
    }
    backoff *= 2;
  }
  Report(DeliveryResult::kFailed, body.size(), attempt, error);
  return DeliveryResult::kFailed;
}

bool DriftWebhook::Attempt(const std::string& body, bool& retry, std::string& error) {
  cloud::HttpRequest req;
  req.method = "POST";
  req.path = url_.path;
  req.query = url_.query;
  req.headers = {{"Host", url_.HostHeader()},
                 {"Content-Type", "application/json"},
                 {"User-Agent", "deskops-drift-webhook"}};
  req.body = body;
  auto res = transport_->Send(req, std::chrono::steady_clock::now() + options_.attempt_timeout);
  if (!res.ok()) {
    retry = RetryableError(res.status());
    error = std::string(res.status().message());
    return false;
  }
  if (res->status >= 200 && res->status < 300) return true;
  retry = Retryable(res->status);
  error = StrCat("HTTP ", res->status);
  return false;
}

void DriftWebhook::Report(DeliveryResult result, std::size_t bytes, int attempts,
                          const std::string& error) {
  if (observer_) observer_(result);
  if (!log_) return;
  std::vector<core::LogField> fields = {{"webhook", Origin(url_)}, {"bytes", bytes}};
  if (attempts > 0) fields.push_back({"attempts", attempts});
  if (result == DeliveryResult::kDelivered) {
    log_->Debug("drift webhook delivered", fields);
    return;
  }
  fields.push_back({"error", error});
  log_->Warn(result == DeliveryResult::kDropped ? "drift webhook payload dropped"
                                                : "drift webhook delivery failed",
             fields);
}

}  // namespace deskops::daemon
