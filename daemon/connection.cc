#include "daemon/connection.h"

#include <cstdlib>

#include "cloud/credentials.h"
#include "cloud/transport.h"
#include "core/strings.h"

namespace deskops::daemon {

namespace {

// The last check of leadership before a mutating request leaves: the engine asks before each
// call, this asks again before each attempt of it (a retry after a backoff included). A refused
// request fails as one that could not be sent at all, which the client does not retry.
class GuardedTransport final : public cloud::Transport {
 public:
  GuardedTransport(std::unique_ptr<cloud::Transport> inner, SendGuard may_send)
      : inner_(std::move(inner)), may_send_(std::move(may_send)) {}
  core::StatusOr<cloud::HttpResponse> Send(const cloud::HttpRequest& request,
                                           cloud::Deadline deadline) override {
    if (request.method != "GET") {
      if (core::Status may = may_send_(); !may.ok()) {
        return core::Status::FailedPrecondition(core::StrCat("not sent: ", may.message()));
      }
    }
    return inner_->Send(request, deadline);
  }

 private:
  std::unique_ptr<cloud::Transport> inner_;
  SendGuard may_send_;
};

}  // namespace

core::StatusOr<std::unique_ptr<cloud::ApiClient>> MakeClient(
    const ConnectionOptions& o, const core::Logger& log, SendGuard may_send,
    std::shared_ptr<cloud::CredentialRotator>* rotator) {
  std::string endpoint = o.endpoint;
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  if (endpoint.empty()) endpoint = env("DESKOPS_ENDPOINT");
  std::string region = o.region.empty() ? env("HUAWEICLOUD_SDK_REGION") : o.region;
  if (endpoint.empty() && !region.empty()) {
    endpoint = core::StrCat("https://workspace.", region, ".myhuaweicloud.com");
  }
  if (endpoint.empty()) {
    return core::Status::InvalidArgument(
        "no endpoint: pass --endpoint URL or --region (or set DESKOPS_ENDPOINT)");
  }
  // --project-id (projectId in the file) stands in for $HUAWEICLOUD_SDK_PROJECT_ID, so no other
  // source of the project ID is needed; it also wins over every other source.
  cloud::GetEnv credential_env = cloud::ProcessEnv();
  if (!o.project_id.empty()) {
    credential_env = [base = credential_env, id = o.project_id](const std::string& name) {
      return name == "HUAWEICLOUD_SDK_PROJECT_ID" ? std::optional<std::string>(id) : base(name);
    };
  }
  DESKOPS_ASSIGN_OR_RETURN(cloud::LoadedCredentials creds,
                           cloud::LoadCredentialsWithOrigins(o.credentials, credential_env));
  cloud::TransportOptions t;
  t.endpoint = endpoint;
  t.ca_file = o.ca_file;
  t.insecure_skip_verify = o.insecure_skip_tls_verify;
  t.max_connections = static_cast<std::size_t>(std::max(1, o.max_connections));
  if (t.insecure_skip_verify) {
    log.Warn(
        "TLS verification is OFF: the server's identity is not checked and credentials can "
        "be intercepted",
        {{"endpoint", endpoint}});
  }
  if (core::StartsWith(endpoint, "http://")) {
    log.Warn(
        "the endpoint uses plain HTTP: requests, a security token or X-Auth-Token included, "
        "travel unencrypted and the server's identity is not checked",
        {{"endpoint", endpoint}});
  }
  DESKOPS_ASSIGN_OR_RETURN(std::unique_ptr<cloud::Transport> transport,
                           cloud::MakeHttpTransport(t));
  if (may_send) transport = std::make_unique<GuardedTransport>(std::move(transport), may_send);
  cloud::ClientOptions c;
  c.endpoint = endpoint;
  c.limits = {o.requests_per_second, o.burst, o.max_in_flight};
  c.attempt_timeout = o.request_timeout;
  auto client = std::make_unique<cloud::ApiClient>(c, creds.values, std::move(transport),
                                                   core::SystemClock(), &log);
  auto attached = cloud::CredentialRotator::Attach(o.credentials, std::move(credential_env),
                                                   std::move(creds), *client, &log);
  if (rotator) *rotator = std::move(attached);
  return client;
}

}  // namespace deskops::daemon
