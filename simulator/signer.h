#pragma once
// The server side of SDK-HMAC-SHA256 (signing.md): parses the Authorization header, rebuilds the
// canonical request from the headers the client declares in SignedHeaders, and computes the
// signature the client should have sent. Written from signing.md alone; it shares no code with
// cloud/'s signer, so a bug cannot hide in both. Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status_or.h"
#include "simulator/http_message.h"

namespace deskops::simulator {

inline constexpr std::string_view kSigningAlgorithm = "SDK-HMAC-SHA256";

struct Authorization {
  std::string access_key;
  std::string signed_headers;  // as declared: "content-type;host;x-sdk-date"
  std::vector<std::string> header_names;
  std::string signature;
};

// "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex".
core::StatusOr<Authorization> ParseAuthorization(std::string_view header);

// Each segment percent-decoded then re-encoded; always ends with '/'.
std::string CanonicalUri(std::string_view raw_path);
// enc(key)=enc(value) sorted by key then value, joined by '&'.
std::string CanonicalQuery(std::string_view raw_query);
// The canonical request for `request` signed over `auth`'s declared headers. A declared header the
// request does not carry is an error.
core::StatusOr<std::string> CanonicalRequest(const Request& request, const Authorization& auth);
std::string StringToSign(std::string_view sdk_date, std::string_view canonical_request);
// Lower-case hex HMAC-SHA256(sk, string_to_sign).
std::string ComputeSignature(std::string_view secret_key, std::string_view string_to_sign);

std::string Sha256Hex(std::string_view data);
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// "20060102T150405Z" (UTC).
std::optional<core::Clock::WallTime> ParseSdkDate(std::string_view text);
std::string FormatSdkDate(core::Clock::WallTime t);
// Constant-time comparison of two signatures.
bool SignaturesEqual(std::string_view a, std::string_view b);

}  // namespace deskops::simulator
