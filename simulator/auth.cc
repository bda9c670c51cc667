#include "simulator/auth.h"

#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/signer.h"

namespace deskops::simulator {

Authenticator::Authenticator(Credentials credentials, const core::Clock& clock)
    : credentials_(std::move(credentials)), clock_(clock) {}

Credentials Authenticator::credentials() const {
  std::lock_guard lock(mu_);
  return credentials_;
}

void Authenticator::SetKeys(std::string access_key, std::string secret_key) {
  std::lock_guard lock(mu_);
  credentials_.access_key = std::move(access_key);
  credentials_.secret_key = std::move(secret_key);
}

core::Status Authenticator::Check(const Request& request, std::string_view path_project_id) const {
  const Credentials creds = credentials();
  if (const std::string* token = request.Header("x-auth-token")) {
    if (!creds.auth_token || *token != *creds.auth_token) {
      return ApiError(401, "WKS.5100", "X-Auth-Token is invalid in the request header.");
    }
  } else if (const std::string* header = request.Header("authorization")) {
    DESKOPS_RETURN_IF_ERROR(CheckSignature(request, *header, creds));
  } else {
    return ApiError(401, "APIGW.0301",
                    "Incorrect IAM authentication information: the request carries neither "
                    "X-Auth-Token nor an Authorization header.");
  }
  const std::string* header_project = request.Header("x-project-id");
  if (path_project_id != creds.project_id ||
      (header_project && *header_project != creds.project_id)) {
    return ApiError(401, "WKS.00010025",
                    "The project id in the request URL does not match the token.");
  }
  return core::Status::Ok();
}

core::Status Authenticator::CheckSignature(const Request& request, const std::string& header,
                                           const Credentials& creds) const {
  DESKOPS_ASSIGN_OR_RETURN(Authorization auth, ParseAuthorization(header));
  auto fail = [](std::string_view why) {
    return ApiError(401, "APIGW.0303",
                    core::StrCat("Incorrect app authentication information: ", why));
  };
  if (auth.access_key != creds.access_key) return fail("access key not found");
  const auto& names = auth.header_names;
  if (std::find(names.begin(), names.end(), "x-sdk-date") == names.end()) {
    return fail("x-sdk-date is not signed");
  }
  const std::string* date_header = request.Header("x-sdk-date");
  std::optional<core::Clock::WallTime> date =
      date_header ? ParseSdkDate(*date_header) : std::nullopt;
  if (!date) return fail("X-Sdk-Date is missing or not in the form YYYYMMDDTHHMMSSZ");
  auto skew = clock_.Now() - *date;
  if (skew > kMaxClockSkew || skew < -kMaxClockSkew) return fail("signature expired");
  DESKOPS_ASSIGN_OR_RETURN(std::string canonical, CanonicalRequest(request, auth));
  std::string expected = ComputeSignature(creds.secret_key, StringToSign(*date_header, canonical));
  if (!SignaturesEqual(expected, auth.signature)) return fail("verify signature fail");
  return core::Status::Ok();
}

}  // namespace deskops::simulator
