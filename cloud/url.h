#pragma once
// A small URL parser for endpoints and request targets: scheme, host, port, decoded path and
// query pairs (in order, keys may repeat). Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status_or.h"

namespace deskops::cloud {

struct Url {
  std::string scheme;  // "https" or "http"
  std::string host;    // without brackets for IPv6
  int port = 0;        // 443 / 80 when not written
  bool explicit_port = false;
  std::string path;    // decoded, "/" when empty
  std::vector<std::pair<std::string, std::string>> query;  // decoded

  // "host" or "host:port" as the Host header carries it (port only when written).
  std::string HostHeader() const;
};

// Parses "https://host[:port][/path][?query]". Only http and https are accepted.
core::StatusOr<Url> ParseUrl(std::string_view text);

// Splits "a=1&b=2&b=3" into decoded pairs.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

// Encodes pairs as a query string ("a=1&b=x%20y"), in the given order.
std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace deskops::cloud
