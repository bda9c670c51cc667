#pragma once
// The HTTP request and response as the pure request handler sees them: no sockets, no Beast types,
// so Simulator::Handle can be tested with plain values. The network layer (server.h) converts from
// and to the wire. Plain values; thread-compatible.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deskops::simulator {

// Query parameters decoded from the raw query string. Keys may repeat (`status=A&status=B`).
class QueryParams {
 public:
  QueryParams() = default;
  // Splits on '&' and '=', percent-decodes keys and values ('+' stays '+').
  static QueryParams Parse(std::string_view raw_query);

  bool Has(std::string_view key) const;
  // The first value of `key`, if present.
  std::optional<std::string> Get(std::string_view key) const;
  // Every value of `key`; each value is also split on commas, so both `id=a&id=b` and `id=a,b`
  // give {a, b}.
  std::vector<std::string> GetList(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

struct Request {
  std::string method;  // upper-case: GET, POST, ...
  std::string path;    // raw path as sent, still percent-encoded
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case, in order
  std::string body;
  std::string remote;  // peer address, for logs

  // The first header called `name` (case-insensitive), if any.
  const std::string* Header(std::string_view name) const;
  void SetHeader(std::string name, std::string value);
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent as application/json when not empty

  // Faults injected on demand (faults.h): wait before answering, or close without answering.
  std::chrono::milliseconds delay{0};
  bool drop_connection = false;

  // What the access log and the statistics record about the request.
  std::string operation;  // e.g. "desktops.list"; empty when no route matched
  std::string route;      // route template, e.g. "/v2/{project_id}/desktops"

  void SetHeader(std::string name, std::string value);
  const std::string* Header(std::string_view name) const;
};

// Percent-decodes %XX sequences; invalid sequences are kept as they are. '+' is not a space.
std::string PercentDecode(std::string_view text);
// Percent-encodes every byte except A-Z a-z 0-9 - _ . ~ with upper-case hex (SDK-HMAC-SHA256 rule).
std::string PercentEncode(std::string_view text);

}  // namespace deskops::simulator
