#pragma once
// Turns an API error response into a Status carrying the HTTP status, the service's error_code
// and error_msg. Error bodies come in several shapes (api-errors.md §1); all have error_code and
// error_msg at the top level. Pure functions; thread-safe.

#include <string>

#include "cloud/http.h"
#include "cloud/operations.h"
#include "core/status.h"

namespace deskops::cloud {

struct ApiErrorBody {
  std::string code;     // "WKS.0106", "APIGW.0303"; empty when the body has none
  std::string message;  // error_msg, at most a few hundred characters
};

// Reads error_code / error_msg from a response body (JSON or not).
ApiErrorBody ParseApiError(const std::string& body);

// "desktops.create: HTTP 400 WKS.0106: Insufficient quota." with the matching status code:
// 400 INVALID_ARGUMENT (not-found and quota codes excepted), 401 UNAUTHENTICATED, 403
// PERMISSION_DENIED, 404 NOT_FOUND, 409 ABORTED or ALREADY_EXISTS, 412 FAILED_PRECONDITION,
// 429 RESOURCE_EXHAUSTED, 5xx UNAVAILABLE or INTERNAL.
core::Status ApiErrorStatus(const Operation& op, const HttpResponse& response);

}  // namespace deskops::cloud
