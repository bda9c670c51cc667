#pragma once
// The reference prints times in several formats (api-digest.md 2.4); these helpers produce each
// from milliseconds since the epoch (UTC). Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace deskops::simulator {

// 2025-05-23T08:18:18.920Z: desktop `created` in 4.3.5/4.3.8 (L6099), volume create_time,
// pool created_time (L12372), user when_created, group create_time.
std::string IsoMillis(std::int64_t ms);
// 2022-02-23 04:02:07: desktop `created` in 4.3.2 (L5451), jobs' begin_time/end_time (L44250),
// policy group update_time (L23086).
std::string SpaceSeconds(std::int64_t ms);
// 2022-10-24T17:24:56.000+00:00: access policy create_time (L32197).
std::string IsoMillisOffset(std::int64_t ms);
// Parses "yyyy-MM-dd HH:mm:ss" (UTC).
std::optional<std::int64_t> ParseSpaceSeconds(std::string_view text);

}  // namespace deskops::simulator

namespace deskops::simulator {
// Parses "yyyy-MM-ddTHH:mm:ssZ" and "yyyy-MM-ddTHH:mm:ss.SSSZ" (user account_expires, L16999).
std::optional<std::int64_t> ParseIsoUtc(std::string_view text);
}  // namespace deskops::simulator
