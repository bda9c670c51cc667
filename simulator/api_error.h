#pragma once
// The Workspace API's error responses. An error travels through the simulator as a core::Status
// carrying the HTTP status and the service's error_code (Status::WithApiError); ErrorResponse turns
// it into the body shape the operation documents (api-errors.md section 1):
//   {"error_code": "WKS.0001", "error_msg": "...", "error_detail": "...",
//    "encoded_authorization_message": ""}          4.3, 4.4, 4.5, 4.6, 4.11
//   {"error_code": ..., "error_msg": ..., "encoded_authorization_message":
//   ""}   4.8-4.10, 4.14, 4.18,
//                                                                               4.25-4.28
// The constructors below fix one code per situation, chosen from the reference's A.2 table (line
// numbers in each comment). Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "core/status.h"
#include "simulator/http_message.h"

namespace deskops::simulator {

enum class ErrorShape {
  kWithDetail,  // error_code, error_msg, error_detail, encoded_authorization_message
  kBasic,       // error_code, error_msg, encoded_authorization_message
};

// Any API error: HTTP status, WKS/APIGW code and message.
core::Status ApiError(int http_status, std::string_view code, std::string message);

// 400 WKS.0001 "The format of the parameters entered through the interface is invalid. {0} is
// invalid." (L50589); `why` is appended when given.
core::Status InvalidField(std::string_view field, std::string_view why = "");
// 404 WKS.00010031 "The resource does not found. The resource type is {0} and resource id [{1}]."
// (L50622) for an unknown ID in the path, as api-errors.md section 4 recommends.
core::Status PathNotFound(std::string_view type, std::string_view id);
// 400 WKS.0418 "The desktop does not exist." (L50599) for an unknown desktop ID inside a body.
core::Status DesktopNotFoundInBody(std::string_view id);
// 400 WKS.0568 "The resource does not exist or is a resource of another project." (L50611) for
// any other unknown ID inside a body.
core::Status ResourceNotFoundInBody(std::string_view type, std::string_view id);
// 409 WKS.00010032 "Operation conflict. The desktop current instance status is [{0}] and deny
// operation [{1}], resource id [{2}]." (L50624): the resource has a job in progress.
core::Status OperationConflict(std::string_view status, std::string_view operation,
                               std::string_view id);
// 400 WKS.0106 "Insufficient quota." (L50688; the code is also listed under 200 and 500, and 400
// is the status a client can act on).
core::Status InsufficientQuota(std::string_view resource_type);
// A name that must be unique is taken. The reference documents a code only for desktops
// (WKS.00010139, 400, L50597) and policy groups (WKS.0165, 400, L50691); every other kind answers
// 409 (A.1 L50546: "the resource that the client attempts to create already exists") with the
// simulator's own code SIM.0409, because inventing a WKS code would mislead clients.
core::Status AlreadyExists(std::string_view kind, std::string_view name);

ErrorShape ErrorShapeForOperation(std::string_view operation_id);
Response ErrorResponse(const core::Status& status, ErrorShape shape);

}  // namespace deskops::simulator
