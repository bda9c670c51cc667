#pragma once
// The tenant configuration family's handlers (4.1), shared between its files: the authentication
// ones (auth_handlers.cc) and field readers the reference's examples make lenient.

#include <optional>
#include <string>
#include <string_view>

#include "simulator/handlers.h"

namespace deskops::simulator::tenant {

// 4.1.5-4.1.8 (auth_handlers.cc).
core::StatusOr<Response> GetAuthConfig(Context& ctx);
core::StatusOr<Response> UpdateAuthConfig(Context& ctx);
core::StatusOr<Response> GetAssistAuthConfig(Context& ctx);
core::StatusOr<Response> UpdateAssistAuthConfig(Context& ctx);

// A text field that the reference's examples sometimes send as a number (4.1.6 password 123456,
// L1607; 4.1.8 app_id and app_secret 123, L1903-1904; 4.1.14 nat_port 0, L2730): numbers are
// taken as their text.
std::optional<std::string> Text(const nlohmann::json& object, BodyReader& r, std::string_view key,
                                Need need = Need::kOptional);
// An IPv4 address in dotted decimal.
bool IsIpv4(std::string_view text);

}  // namespace deskops::simulator::tenant
