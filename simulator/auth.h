#pragma once
// Authenticator: decides whether a /v2/ request may proceed, as API Gateway and Workspace do.
//   - X-Auth-Token: accepted when it equals the configured token (--auth-token), else 401 WKS.5100
//     "X-Auth-Token is invalid in the request header." (L50615).
//   - Authorization: SDK-HMAC-SHA256 (signer.h). The access key must be the configured one,
//     x-sdk-date must be signed and within 15 minutes of the clock, and the signature must match;
//     otherwise 401 APIGW.0303 (signing.md).
//   - Neither: 401 APIGW.0301 (the gateway's "no credentials"; not in the reference, which
//     documents no code for this case).
//   - The project ID in the path (and in X-Project-Id when sent) must be the configured one, else
//     401 WKS.00010025 "The project id in the request URL does not match the token." (L50614).
// The access and secret key can be replaced while serving (PUT /_sim/credentials: rotation tests);
// thread-safe.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "simulator/http_message.h"

namespace deskops::simulator {

struct Credentials {
  std::string access_key;
  std::string secret_key;
  std::string project_id;
  std::optional<std::string> auth_token;
};

// deskops' quick start relies on exactly these values.
inline constexpr std::string_view kDemoAccessKey = "WKSSIMDEMOACCESSKEY0";
inline constexpr std::string_view kDemoSecretKey = "wks-sim-demo-secret-key-0000000000000000";
inline constexpr std::string_view kDemoProjectId = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

class Authenticator {
 public:
  static constexpr std::chrono::minutes kMaxClockSkew{15};

  Authenticator(Credentials credentials, const core::Clock& clock);

  core::Status Check(const Request& request, std::string_view path_project_id) const;
  Credentials credentials() const;
  // From now on only this key pair signs valid requests (the old one is refused).
  void SetKeys(std::string access_key, std::string secret_key);

 private:
  core::Status CheckSignature(const Request& request, const std::string& header,
                              const Credentials& credentials) const;
  mutable std::mutex mu_;
  Credentials credentials_;
  const core::Clock& clock_;
};

}  // namespace deskops::simulator
