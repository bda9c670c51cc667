#pragma once
// Building an ApiClient from the connection options (daemon/config/connection_options.h) and the
// environment's credentials. The flags are in settings.h.
// Used on the main thread while commands start.

#include <functional>
#include <memory>
#include <string>

#include "cloud/api_client.h"
#include "cloud/credential_rotator.h"
#include "core/log.h"
#include "core/status_or.h"
#include "daemon/config/connection_options.h"

namespace deskops::daemon {

// Asked right before every mutating request is written (retries included): not OK, the request
// is not sent and the call fails. The daemon's leadership with etcd (state_backend.h MayAct).
using SendGuard = std::function<core::Status()>;

// Resolves the endpoint, loads credentials (registering secrets for redaction) and builds the
// client. Logs a warning when TLS verification is off. The client re-reads its credentials after
// a 401 (cloud/credential_rotator.h); `rotator`, when given, receives the rotator so the caller
// can also refresh when a credential file changes (it must not outlive the client).
core::StatusOr<std::unique_ptr<cloud::ApiClient>> MakeClient(
    const ConnectionOptions& options, const core::Logger& log, SendGuard may_send = nullptr,
    std::shared_ptr<cloud::CredentialRotator>* rotator = nullptr);

}  // namespace deskops::daemon
