#pragma once
// StatusOr<T>: a value of T or the Status explaining why there is none. Accessing the value of an
// error aborts the process with the status printed (a programming error, never an expected path).
// Thread-compatible like T.

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/status.h"

namespace deskops::core {

template <class T>
class [[nodiscard]] StatusOr {
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "StatusOr<Status> makes no sense");

 public:
  // An error. Passing an OK status is a bug and becomes an INTERNAL error.
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT(runtime/explicit)
    if (status_.ok()) status_ = Status::Internal("StatusOr built from an OK status without a value");
  }
  template <class U = T,
            class = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                     !std::is_same_v<std::decay_t<U>, Status> &&
                                     !std::is_same_v<std::decay_t<U>, StatusOr>>>
  StatusOr(U&& value) : value_(std::forward<U>(value)) {}  // NOLINT(runtime/explicit)

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return Check(), *value_; }
  const T& value() const& { return Check(), *value_; }
  T&& value() && { return Check(), std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <class U>
  T value_or(U&& fallback) const& {
    return ok() ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void Check() const {
    if (!value_) {
      std::fprintf(stderr, "fatal: value of an error StatusOr: %s\n", status_.ToString().c_str());
      std::abort();
    }
  }
  Status status_;
  std::optional<T> value_;
};

}  // namespace deskops::core

// Evaluates `rexpr` (a StatusOr); on error returns its Status, else moves the value into `lhs`
// (which may be a declaration: DESKOPS_ASSIGN_OR_RETURN(auto x, F());).
#define DESKOPS_ASSIGN_OR_RETURN(lhs, rexpr) \
  DESKOPS_INTERNAL_ASSIGN_OR_RETURN(DESKOPS_INTERNAL_CONCAT(deskops_statusor_, __LINE__), lhs, rexpr)
#define DESKOPS_INTERNAL_ASSIGN_OR_RETURN(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                      \
  if (!tmp.ok()) return tmp.status();                      \
  lhs = std::move(tmp).value()
