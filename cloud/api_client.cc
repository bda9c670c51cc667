#include "cloud/api_client.h"

#include "cloud/api_error.h"
#include "cloud/signer.h"
#include "cloud/url.h"
#include "core/strings.h"

namespace deskops::cloud {

using core::Status;
using core::StatusOr;
using core::StrCat;

namespace {

unsigned Seed(const ClientOptions& o, const core::Clock& clock) {
  if (o.jitter_seed != 0) return o.jitter_seed;
  return static_cast<unsigned>(clock.Monotonic().time_since_epoch().count());
}

}  // namespace

ApiClient::ApiClient(ClientOptions options, Credentials credentials,
                     std::unique_ptr<Transport> transport, const core::Clock& clock,
                     const core::Logger* log)
    : options_(std::move(options)),
      credentials_(std::make_shared<const Credentials>(std::move(credentials))),
      transport_(std::move(transport)),
      clock_(clock),
      log_(log),
      limiter_(options_.limits, clock),
      backoff_(options_.retry, Seed(options_, clock)) {
  auto url = ParseUrl(options_.endpoint);
  host_header_ = url.ok() ? url->HostHeader() : "";
}

std::shared_ptr<const Credentials> ApiClient::Creds() const {
  std::lock_guard lock(credentials_mu_);
  return credentials_;
}

void ApiClient::SetCredentials(Credentials credentials) {
  auto fresh = std::make_shared<const Credentials>(std::move(credentials));
  std::lock_guard lock(credentials_mu_);
  credentials_ = std::move(fresh);
}

bool ApiClient::RotatedSince(const std::shared_ptr<const Credentials>& used) {
  // Another call may have re-read them already after its own 401, before this check or while
  // this refresh waited for its turn (then this one finds nothing new itself).
  if (Creds() != used) return true;
  if (refresh_ && refresh_()) return true;
  return Creds() != used;
}

StatusOr<HttpRequest> ApiClient::Build(const ApiCall& call) const {
  if (!call.op) return Status::InvalidArgument("API call without an operation");
  const Operation& op = *call.op;
  HttpRequest req;
  req.method = std::string(op.method);
  std::size_t next = 0;
  std::string_view path = op.path;
  while (!path.empty()) {
    std::size_t open = path.find('{');
    req.path += path.substr(0, open);
    if (open == std::string_view::npos) break;
    std::size_t close = path.find('}', open);
    std::string_view name = path.substr(open + 1, close - open - 1);
    if (name == "project_id") {
      req.path += Creds()->project_id;
    } else if (next < call.path_params.size() && !call.path_params[next].empty()) {
      req.path += call.path_params[next++];
    } else {
      return Status::InvalidArgument(StrCat(op.id, ": missing path parameter ", name));
    }
    path.remove_prefix(close + 1);
  }
  req.query = call.query;
  req.body = call.body;
  req.headers = {{"Host", host_header_}, {"Content-Type", "application/json"}};
  return req;
}

std::shared_ptr<const Credentials> ApiClient::Authenticate(HttpRequest& req) const {
  std::erase_if(req.headers, [](const auto& h) {
    return core::EqualsIgnoreCase(h.first, "X-Sdk-Date") ||
           core::EqualsIgnoreCase(h.first, "Authorization") ||
           core::EqualsIgnoreCase(h.first, "X-Project-Id") ||
           core::EqualsIgnoreCase(h.first, "X-Security-Token") ||
           core::EqualsIgnoreCase(h.first, "X-Auth-Token");
  });
  const std::shared_ptr<const Credentials> creds = Creds();
  if (creds->UsesToken()) {
    req.headers.emplace_back("X-Auth-Token", creds->auth_token);
    return creds;
  }
  const long long now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  req.headers.emplace_back("X-Sdk-Date", SdkDate(now));
  req.headers.emplace_back("X-Project-Id", creds->project_id);
  if (!creds->security_token.empty()) {
    req.headers.emplace_back("X-Security-Token", creds->security_token);
  }
  Signature sig =
      Sign({req.method, req.path, req.query, req.headers, req.body}, creds->ak, creds->sk);
  req.headers.emplace_back("Authorization", sig.authorization);
  return creds;
}

std::chrono::milliseconds ApiClient::NextBackoff(int attempt,
                                                 std::optional<std::chrono::milliseconds> hint) {
  std::lock_guard lock(backoff_mu_);
  return backoff_.Next(attempt, hint);
}

// Every call at debug: what deskops changed is in the actions' lines and the apply's progress,
// and a long apply's thousands of calls would drown them. Throttling and failures have their own
// warnings and errors.
void ApiClient::LogAttempt(const Operation& op, int attempt, int http_status,
                           const std::string& code, std::chrono::nanoseconds latency) const {
  if (!log_ || !log_->Enabled(core::LogLevel::kDebug)) return;
  std::vector<core::LogField> fields = {
      {"operation", std::string(op.id)},
      {"method", std::string(op.method)},
      {"status", http_status},
      {"attempt", attempt},
      {"latency_ms", static_cast<long long>(latency.count() / 1000000)}};
  if (!code.empty()) fields.push_back({"error", code});
  log_->Debug("API call", fields);
}

namespace {

// The slot a thread reserved (ApiClient::Reserve) for its next call, and the client it is for.
struct Reserved {
  const ApiClient* client = nullptr;
  std::optional<RateLimiter::Permit> permit;
};
thread_local Reserved reserved;

}  // namespace

ApiClient::Reservation ApiClient::Reserve() {
  reserved.permit.reset();  // at most one per thread
  reserved.permit.emplace(limiter_.Acquire());
  reserved.client = this;
  return Reservation(this);
}

ApiClient::Reservation::~Reservation() {
  if (reserved.client == client_) {
    reserved.permit.reset();
    reserved.client = nullptr;
  }
}

std::optional<RateLimiter::Permit> ApiClient::TakeReserved() {
  if (reserved.client != this || !reserved.permit) return std::nullopt;
  std::optional<RateLimiter::Permit> out = std::move(reserved.permit);
  reserved.permit.reset();
  reserved.client = nullptr;
  return out;
}

StatusOr<HttpResponse> ApiClient::Call(const ApiCall& call) {
  DESKOPS_ASSIGN_OR_RETURN(HttpRequest req, Build(call));
  const Operation& op = *call.op;
  bool refreshed = false;  // a 401 was answered by new credentials once in this call
  std::shared_ptr<const Credentials> signed_with;
  for (int attempt = 1;; ++attempt) {
    StatusOr<HttpResponse> res = Status::Unknown("not sent");
    auto started = std::chrono::steady_clock::now();
    core::Clock::MonoTime sent_at{};
    {
      std::optional<RateLimiter::Permit> permit =
          attempt == 1 ? TakeReserved() : std::optional<RateLimiter::Permit>();
      if (!permit) permit.emplace(limiter_.Acquire());
      sent_at = clock_.Monotonic();
      signed_with = Authenticate(req);
      res = transport_->Send(req, std::chrono::steady_clock::now() + options_.attempt_timeout);
    }
    auto latency = std::chrono::steady_clock::now() - started;
    RetryDecision decision;
    Status error;
    if (!res.ok()) {
      decision = DecideTransport(res.status(), op.idempotent());
      error = res.status().Annotate(op.id);
      if (observer_) observer_->OnAttempt(op, 0, "", latency);
      LogAttempt(op, attempt, 0, std::string(res.status().message()), latency);
    } else {
      const std::string code = res->status / 100 == 2 ? "" : ParseApiError(res->body).code;
      if (observer_) observer_->OnAttempt(op, res->status, code, latency);
      LogAttempt(op, attempt, res->status, code, latency);
      if (res->status / 100 == 2) {
        limiter_.Succeeded();
        return res;
      }
      if (res->status == 401 && !refreshed && RotatedSince(signed_with)) {
        // Refused credentials did nothing: send once more with the rotated ones (the project ID
        // in the path may have changed with them).
        refreshed = true;
        DESKOPS_ASSIGN_OR_RETURN(req, Build(call));
        continue;
      }
      decision = DecideHttp(*res, code, op.idempotent(), clock_.Now());
      error = ApiErrorStatus(op, *res);
    }
    if (decision.throttled) {
      auto pause = std::min(decision.retry_after.value_or(backoff_.Ceiling(attempt)),
                            options_.retry.max_retry_after);
      if (auto rate = limiter_.Throttled(pause, sent_at); rate && log_) {
        log_->Warn("throttled by the API: slowing down",
                   {{"operation", std::string(op.id)},
                    {"pause_ms", static_cast<long long>(pause.count())},
                    {"requests_per_second", *rate}});
      }
      if (observer_) observer_->OnThrottled(op, pause);
    }
    if (decision.verdict == RetryVerdict::kOutcomeUnknown) {
      return Status::Unknown(StrCat(error.message(),
                                    "; outcome unknown: the call may have been "
                                    "applied, so it is not resent blindly"))
          .WithApiError(error.http_status(), std::string(error.api_code()));
    }
    if (decision.verdict == RetryVerdict::kFinal) return error;
    if (attempt >= options_.retry.max_attempts) {
      return error.Annotate(StrCat("giving up after ", attempt, " attempts"));
    }
    auto delay = NextBackoff(attempt, decision.retry_after);
    if (log_) {
      log_->Debug("retrying API call", {{"operation", std::string(op.id)},
                                        {"attempt", attempt},
                                        {"delay_ms", static_cast<long long>(delay.count())},
                                        {"error", std::string(error.message())}});
    }
    if (observer_) observer_->OnRetry(op, delay);
    clock_.SleepFor(delay);
  }
}

}  // namespace deskops::cloud
