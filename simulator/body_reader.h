#pragma once
// BodyReader: reads and validates the fields of a JSON request body the way the reference's
// "Request body parameters" tables describe them, stopping at the first problem, which becomes a
// 400 WKS.0001 naming the field by its path ("desktops[0].user_name is invalid").
//
// It is lenient where the reference's own examples are: booleans may arrive as the strings "true"
// and "false" (4.3.18 example L8368 `"is_detach_all_users" : "false"`, 4.3.20 example L8721
// `"is_clear_data": "true"`) and integers as numeric strings (4.6.6 types offset/limit as String,
// L16036). Not thread-safe; one reader per request.

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status_or.h"

namespace deskops::simulator {

// Parses a request body. An empty body is `{}` when `empty_ok`, else an error.
core::StatusOr<nlohmann::json> ParseJsonBody(const std::string& body, bool empty_ok = false);

enum class Need { kOptional, kRequired };

class BodyReader {
 public:
  // `object` must outlive the reader. `path` prefixes field names in messages ("" at the top).
  BodyReader(const nlohmann::json& object, std::string path = "");

  bool ok() const { return status_.ok(); }
  const core::Status& status() const { return status_; }
  void Fail(core::Status status);  // keeps the first error
  bool Has(std::string_view key) const;
  std::string PathOf(std::string_view key) const;
  const std::string& path() const { return path_; }

  std::optional<std::string> Str(std::string_view key, Need need = Need::kOptional,
                                 std::size_t max_len = 0);
  std::optional<std::string> Enum(std::string_view key, Need need,
                                  std::initializer_list<std::string_view> allowed) {
    return Enum(key, need, std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }
  std::optional<std::string> Enum(std::string_view key, Need need,
                                  std::span<const std::string_view> allowed);
  std::optional<std::int64_t> Int(std::string_view key, Need need = Need::kOptional,
                                  std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  std::optional<bool> Bool(std::string_view key, Need need = Need::kOptional);
  std::optional<std::vector<std::string>> StrList(std::string_view key, Need need = Need::kOptional,
                                                  std::size_t max_items = 0);
  // The nested object or array, or nullptr when absent (an error when required or mistyped).
  const nlohmann::json* Object(std::string_view key, Need need = Need::kOptional);
  const nlohmann::json* Array(std::string_view key, Need need = Need::kOptional,
                              std::size_t max_items = 0);
  // Calls fn(item, index) -> core::Status with a reader for each element of the array `key`
  // (each must be an object), stopping at the first error, which this reader keeps. Returns ok().
  template <class Fn>
  bool ForEach(std::string_view key, Need need, std::size_t max_items, Fn&& fn) {
    const nlohmann::json* array = Array(key, need, max_items);
    for (std::size_t i = 0; array && i < array->size() && ok(); ++i) {
      BodyReader item = Element(key, *array, i);
      core::Status status = item.ok() ? fn(item, i) : core::Status::Ok();
      Absorb(item);
      Fail(std::move(status));
    }
    return ok();
  }
  // Copies the error of a nested reader into this one.
  void Absorb(const BodyReader& nested);

 private:
  const nlohmann::json* Find(std::string_view key, Need need);
  BodyReader Element(std::string_view key, const nlohmann::json& array, std::size_t index);
  const nlohmann::json& object_;
  std::string path_;
  core::Status status_;
};

}  // namespace deskops::simulator
