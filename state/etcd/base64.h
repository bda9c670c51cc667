#pragma once
// Standard base64 (RFC 4648, with padding): how etcd's JSON gateway carries keys and values.
// Pure functions.

#include <string>
#include <string_view>

namespace deskops::state::etcd {

std::string Base64Encode(std::string_view bytes);
// Decodes standard base64; characters outside the alphabet are skipped, so a damaged input gives
// damaged bytes, which the caller's own checks (JSON) reject.
std::string Base64Decode(std::string_view text);

}  // namespace deskops::state::etcd
