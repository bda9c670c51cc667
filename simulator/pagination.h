#pragma once
// Offset/limit pagination as each list call documents it (api-digest.md 2.2). Every list handler
// declares its PageSpec next to the reference's line numbers; ParsePage enforces the ranges and
// defaults and reports errors with the reference's codes:
//   WKS.0508 "The value of offset cannot be smaller than 0." (L50602)
//   WKS.0509 "The value of limit must be greater than 0 and smaller than 1000." (L50603; the text
//            contradicts the per-call ranges, which win: see api-digest.md 5 item 11)
//   WKS.0001 for values that are not integers or exceed a documented offset maximum.
// Pure functions; thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/status_or.h"
#include "simulator/http_message.h"

namespace deskops::simulator {

struct PageSpec {
  std::int64_t default_limit = 1000;  // used when limit is absent
  std::int64_t max_limit = 1000;
  std::int64_t max_offset = -1;     // -1: no documented maximum
  bool all_by_default = false;      // absent limit means "everything" (4.8.1, 4.14.1)
  bool zero_means_default = false;  // limit 0 means the default (4.9.1, 4.9.7)
  bool no_range = false;            // limit has no documented range (4.8.1)
};

struct Page {
  std::size_t offset = 0;
  std::optional<std::size_t> limit;  // nullopt: no limit

  // The [begin, end) window of a result of `total` items.
  std::pair<std::size_t, std::size_t> Window(std::size_t total) const;
};

core::StatusOr<Page> ParsePage(const std::optional<std::string>& offset,
                               const std::optional<std::string>& limit, const PageSpec& spec);
core::StatusOr<Page> ParsePage(const QueryParams& query, const PageSpec& spec);

}  // namespace deskops::simulator
