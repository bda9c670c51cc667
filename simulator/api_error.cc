#include "simulator/api_error.h"

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace deskops::simulator {
namespace {

core::StatusCode CodeForHttp(int http_status) {
  switch (http_status) {
    case 400:
      return core::StatusCode::kInvalidArgument;
    case 401:
      return core::StatusCode::kUnauthenticated;
    case 403:
      return core::StatusCode::kPermissionDenied;
    case 404:
      return core::StatusCode::kNotFound;
    case 405:
      return core::StatusCode::kUnimplemented;
    case 409:
      return core::StatusCode::kAborted;
    case 429:
      return core::StatusCode::kResourceExhausted;
    case 503:
      return core::StatusCode::kUnavailable;
    default:
      return core::StatusCode::kInternal;
  }
}

}  // namespace

core::Status ApiError(int http_status, std::string_view code, std::string message) {
  return core::Status(CodeForHttp(http_status), std::move(message))
      .WithApiError(http_status, std::string(code));
}

core::Status InvalidField(std::string_view field, std::string_view why) {
  std::string msg =
      core::StrCat("The format of the parameters entered through the interface is invalid. ", field,
                   " is invalid.");
  if (!why.empty()) msg = core::StrCat(msg, " ", why);
  return ApiError(400, "WKS.0001", std::move(msg));
}

core::Status PathNotFound(std::string_view type, std::string_view id) {
  return ApiError(404, "WKS.00010031",
                  core::StrCat("The resource does not found. The resource type is ", type,
                               " and resource id [", id, "]."));
}

core::Status DesktopNotFoundInBody(std::string_view id) {
  return ApiError(400, "WKS.0418", core::StrCat("The desktop does not exist. [", id, "]"));
}

core::Status ResourceNotFoundInBody(std::string_view type, std::string_view id) {
  return ApiError(400, "WKS.0568",
                  core::StrCat("The resource does not exist or is a resource of another project. ",
                               type, " [", id, "]"));
}

core::Status OperationConflict(std::string_view status, std::string_view operation,
                               std::string_view id) {
  return ApiError(
      409, "WKS.00010032",
      core::StrCat("Operation conflict. The desktop current instance status is [", status,
                   "] and deny operation [", operation, "], resource id [", id, "]."));
}

core::Status InsufficientQuota(std::string_view resource_type) {
  return ApiError(400, "WKS.0106", core::StrCat("Insufficient quota. [", resource_type, "]"));
}

core::Status AlreadyExists(std::string_view kind, std::string_view name) {
  if (kind == "desktop") {
    return ApiError(400, "WKS.00010139",
                    core::StrCat("The desktop name already exists in the domain. [", name, "]"));
  }
  if (kind == "policy group") {
    return ApiError(400, "WKS.0165",
                    core::StrCat("Multiple policy groups with the same name exist [", name, "]"));
  }
  return ApiError(409, "SIM.0409", core::StrCat("The ", kind, " ", name, " already exists."));
}

ErrorShape ErrorShapeForOperation(std::string_view operation_id) {
  // Sections 4.3-4.6 and 4.11 (desktops, pools, name policies, tags, volumes) use the four-field
  // shape; users, groups, OUs, policies, lookups and jobs use three fields (api-errors.md 1).
  static constexpr std::string_view kDetailed[] = {"desktops.", "pools.", "name_policies.", "tags.",
                                                   "volumes."};
  for (std::string_view prefix : kDetailed) {
    if (core::StartsWith(operation_id, prefix)) return ErrorShape::kWithDetail;
  }
  return ErrorShape::kBasic;
}

Response ErrorResponse(const core::Status& status, ErrorShape shape) {
  Response response;
  response.status = status.http_status() ? status.http_status() : 500;
  nlohmann::json body;
  body["error_code"] = status.api_code().empty() ? "WKS.0002" : std::string(status.api_code());
  body["error_msg"] = std::string(status.message());
  if (shape == ErrorShape::kWithDetail) body["error_detail"] = std::string(status.message());
  body["encoded_authorization_message"] = "";
  // The message may quote the request (an ID in the path) and a client may send any bytes there:
  // invalid UTF-8 becomes U+FFFD instead of a throwing dump() that would take wks-sim down.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace deskops::simulator
