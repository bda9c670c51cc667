#pragma once
// Lenient JSON reading for wire DTOs (cloud/ internal; includes nlohmann/json). The reference is
// inconsistent about types (numbers printed as strings, account_expires as text or milliseconds,
// lower-case statuses), so readers accept every form the reference shows and never fail on
// unknown fields. Pure functions; thread-safe.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/http.h"
#include "core/status_or.h"

namespace deskops::cloud::jsonx {

using nlohmann::json;

// Parses a response body; an empty body is an empty object.
core::StatusOr<json> Parse(const HttpResponse& response, std::string_view what);

// Text of a field: strings as they are, numbers and booleans printed, null/absent as "".
std::string Str(const json& j, std::string_view key);
std::optional<std::string> OptStr(const json& j, std::string_view key);
// Integers from numbers or numeric strings; `fallback` otherwise.
std::int64_t Int(const json& j, std::string_view key, std::int64_t fallback = 0);
std::optional<std::int64_t> OptInt(const json& j, std::string_view key);
// Booleans from true/false, "true"/"false", 1/0.
bool Bool(const json& j, std::string_view key, bool fallback = false);
std::optional<bool> OptBool(const json& j, std::string_view key);
std::vector<std::string> StrList(const json& j, std::string_view key);
std::map<std::string, std::string> StrMap(const json& j, std::string_view key);
// The array under `key`, or an empty array.
const json& Array(const json& j, std::string_view key);
const json& Object(const json& j, std::string_view key);
// The first present of several field names (the reference names some fields differently in
// different operations).
const json& First(const json& j, std::initializer_list<std::string_view> keys);

// Upper-cases a status ("active" -> "ACTIVE"): some responses use lower case (prior-art.md).
std::string UpperStatus(std::string_view status);

// The total of a list response, whichever name it has: total_count, totalCount or total.
std::optional<std::size_t> Total(const json& j);

// Writes `value` under `key` only when set.
template <class T>
void Put(json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

}  // namespace deskops::cloud::jsonx
