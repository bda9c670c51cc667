#pragma once
// SDK-HMAC-SHA256 request signing, exactly as ../shared/reference/signing.md states it and the
// official SDKs implement it. A pure function: no clock, no I/O, no global state; thread-safe.
//
// The caller decides which headers are signed (every header passed is signed); X-Sdk-Date must be
// among them. The canonical request and string to sign are returned too, so people debugging an
// APIGW.0303 "verify signature fail" can compare them with the server's (`deskops debug sign`).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deskops::cloud {

inline constexpr std::string_view kSignAlgorithm = "SDK-HMAC-SHA256";
inline constexpr std::string_view kEmptyBodySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct SignInput {
  std::string method;  // upper-case
  std::string path;    // decoded path, e.g. /v2/abc/desktops
  std::vector<std::pair<std::string, std::string>> query;    // decoded; keys may repeat
  std::vector<std::pair<std::string, std::string>> headers;  // all signed; names any case
  std::string_view body;  // the exact bytes sent
};

struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "content-type;host;x-sdk-date"
  std::string signature;       // lower-case hex
  std::string authorization;   // the Authorization header value
};

// Signs `input`. Its headers must include X-Sdk-Date (YYYYMMDDTHHMMSSZ); an X-Sdk-Content-Sha256
// header replaces the body hash (e.g. UNSIGNED-PAYLOAD).
Signature Sign(const SignInput& input, std::string_view ak, std::string_view sk);

// UTF-8 percent-encoding that keeps A-Z a-z 0-9 - _ . ~ and writes every other byte as %XX.
std::string PercentEncode(std::string_view text);
// Decodes %XX sequences (and leaves malformed ones as they are); "+" stays "+".
std::string PercentDecode(std::string_view text);

// The canonical URI: each segment encoded, "/" appended when missing.
std::string CanonicalUri(std::string_view path);
// The canonical query: encoded key=value pairs sorted by key, then value.
std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// Lower-case hex HMAC-SHA256 of `data` with `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// YYYYMMDDTHHMMSSZ for the given Unix time in seconds.
std::string SdkDate(long long unix_seconds);

}  // namespace deskops::cloud
