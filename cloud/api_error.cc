#include "cloud/api_error.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace deskops::cloud {
namespace {

using core::StatusCode;

bool OneOf(const std::string& code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

StatusCode CodeFor(int http, const std::string& api_code) {
  // api-errors.md §3.1: IDs that do not exist inside request bodies come back as 400.
  if (OneOf(api_code, {"WKS.0418", "WKS.0568", "WKS.0569", "WKS.0001", "WKS.00170312",
                       "WKS.00170208", "WKS.00010031", "WKS.0010", "WKS.00170107"})) {
    return StatusCode::kNotFound;
  }
  if (OneOf(api_code, {"WKS.0106", "WKS.0566", "WKS.0563", "WKS.0426", "WKS.0036"})) {
    return StatusCode::kResourceExhausted;  // quotas and hard limits
  }
  if (OneOf(api_code, {"WKS.0417", "WKS.00010139", "WKS.0165", "WKS.00000091", "WKS.0035",
                       "WKS.00000034", "WKS.00000063"})) {
    return StatusCode::kAlreadyExists;
  }
  switch (http) {
    case 400: return StatusCode::kInvalidArgument;
    case 401: return StatusCode::kUnauthenticated;
    case 403: return StatusCode::kPermissionDenied;
    case 404: return StatusCode::kNotFound;
    case 408: return StatusCode::kDeadlineExceeded;
    case 409: return StatusCode::kAborted;
    case 412: return StatusCode::kFailedPrecondition;
    case 413: return StatusCode::kInvalidArgument;
    case 429: return StatusCode::kResourceExhausted;
    case 502:
    case 503:
    case 504: return StatusCode::kUnavailable;
    default: return http >= 500 ? StatusCode::kInternal : StatusCode::kUnknown;
  }
}

}  // namespace

ApiErrorBody ParseApiError(const std::string& body) {
  ApiErrorBody out;
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    const nlohmann::json* src = &j;
    if (j.contains("error") && j["error"].is_object()) src = &j["error"];  // {"error": {...}}
    for (const char* k : {"error_code", "code"}) {
      if (src->contains(k) && (*src)[k].is_string()) {
        out.code = (*src)[k].get<std::string>();
        break;
      }
    }
    for (const char* k : {"error_msg", "message"}) {
      if (src->contains(k) && (*src)[k].is_string()) {
        out.message = (*src)[k].get<std::string>();
        break;
      }
    }
  } else {
    out.message = std::string(core::Trim(body.substr(0, 200)));
  }
  if (out.message.size() > 300) out.message = out.message.substr(0, 300) + "...";
  return out;
}

core::Status ApiErrorStatus(const Operation& op, const HttpResponse& response) {
  ApiErrorBody e = ParseApiError(response.body);
  std::string msg = core::StrCat(op.id, ": HTTP ", response.status);
  if (!e.code.empty()) msg += " " + e.code;
  if (!e.message.empty()) msg += ": " + e.message;
  return core::Status(CodeFor(response.status, e.code), std::move(msg))
      .WithApiError(response.status, e.code);
}

}  // namespace deskops::cloud
