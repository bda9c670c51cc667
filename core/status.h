#pragma once
// Status: the error type of every deskops module (LevelDB/absl shape). No exception crosses a module
// boundary; functions that can fail return Status or StatusOr<T>. A Status is immutable and cheap to
// copy (one shared pointer; OK is a null pointer), so it may be shared freely between threads.
//
// Messages read as a lower-case causal chain, built with Annotate():
//   create desktop eng-01: WKS.0106: insufficient quota
// Errors that came from a remote API also carry the HTTP status and the service's error code, so
// callers can decide on them without parsing text (see IsRetryable in cloud/).

#include <memory>
#include <string>
#include <string_view>

namespace deskops::core {

enum class StatusCode : int {
  kOk = 0,
  kCancelled,
  kUnknown,
  kInvalidArgument,
  kDeadlineExceeded,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kResourceExhausted,
  kFailedPrecondition,
  kAborted,
  kOutOfRange,
  kUnimplemented,
  kInternal,
  kUnavailable,
  kDataLoss,
  kUnauthenticated,
};

// "NOT_FOUND", "INVALID_ARGUMENT", ...
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message);

  static Status Ok() { return Status(); }
  static Status Cancelled(std::string msg) { return {StatusCode::kCancelled, std::move(msg)}; }
  static Status Unknown(std::string msg) { return {StatusCode::kUnknown, std::move(msg)}; }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status DeadlineExceeded(std::string msg) {
    return {StatusCode::kDeadlineExceeded, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) {
    return {StatusCode::kAlreadyExists, std::move(msg)};
  }
  static Status PermissionDenied(std::string msg) {
    return {StatusCode::kPermissionDenied, std::move(msg)};
  }
  static Status ResourceExhausted(std::string msg) {
    return {StatusCode::kResourceExhausted, std::move(msg)};
  }
  static Status FailedPrecondition(std::string msg) {
    return {StatusCode::kFailedPrecondition, std::move(msg)};
  }
  static Status Aborted(std::string msg) { return {StatusCode::kAborted, std::move(msg)}; }
  static Status OutOfRange(std::string msg) { return {StatusCode::kOutOfRange, std::move(msg)}; }
  static Status Unimplemented(std::string msg) {
    return {StatusCode::kUnimplemented, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status DataLoss(std::string msg) { return {StatusCode::kDataLoss, std::move(msg)}; }
  static Status Unauthenticated(std::string msg) {
    return {StatusCode::kUnauthenticated, std::move(msg)};
  }

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  std::string_view message() const { return rep_ ? std::string_view(rep_->message) : ""; }

  // Set when the error is a remote API's answer: HTTP status (0 otherwise) and the service's
  // error_code such as "WKS.0106" or "APIGW.0303" (empty otherwise).
  int http_status() const { return rep_ ? rep_->http_status : 0; }
  std::string_view api_code() const { return rep_ ? std::string_view(rep_->api_code) : ""; }
  Status WithApiError(int http_status, std::string api_code) const;

  // Returns this error with "context: " in front of the message; OK stays OK.
  Status Annotate(std::string_view context) const;

  // "ok" or "NOT_FOUND: message".
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b);

 private:
  struct Rep {
    StatusCode code;
    std::string message;
    int http_status = 0;
    std::string api_code;
  };
  explicit Status(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}
  std::shared_ptr<const Rep> rep_;
};

}  // namespace deskops::core

#define DESKOPS_INTERNAL_CONCAT2(a, b) a##b
#define DESKOPS_INTERNAL_CONCAT(a, b) DESKOPS_INTERNAL_CONCAT2(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define DESKOPS_RETURN_IF_ERROR(expr)                    \
  do {                                                   \
    ::deskops::core::Status deskops_status_ = (expr);    \
    if (!deskops_status_.ok()) return deskops_status_;   \
  } while (false)
