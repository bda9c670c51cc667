#pragma once
// Plain HTTP request and response values passed between the API client and a Transport.
// Header names compare case-insensitively. Thread-compatible value types.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deskops::cloud {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // GET, POST, PUT, DELETE, PATCH
  std::string path;    // decoded; the transport percent-encodes each segment
  std::vector<std::pair<std::string, std::string>> query;  // decoded pairs, sent in order
  HeaderList headers;  // sent as given (Host and Content-Type included)
  std::string body;    // sent even on DELETE (the Workspace API needs that)
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;
  std::string body;

  // The first header of that name (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
};

// The request target as sent on the wire: encoded path plus "?query" when there is one.
std::string RequestTarget(const HttpRequest& request);

}  // namespace deskops::cloud
