#pragma once
// Walks an offset/limit list call page by page with the largest page size the operation allows
// (Operation::max_page_size). Stops at an empty or short page or once the reported total is
// reached, and refuses to loop forever on a misbehaving server: it fails after more pages than the
// first reported total can need, after an absolute cap when no total is reported, and as soon as
// a page repeats the previous one (a server ignoring offset would otherwise make deskops think
// objects are missing and create them again).
// Thread-compatible (one walk per call); the client it uses is thread-safe.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "cloud/api_client.h"
#include "core/status_or.h"

namespace deskops::cloud {

// What the page handler read from one response.
struct PageResult {
  std::size_t items = 0;               // items in this page
  std::optional<std::size_t> total;    // total_count / totalCount / total, when reported
  std::string first_id;                // ID of the page's first item, to spot a server that
                                       // ignores offset and repeats a page
};

struct PageOptions {
  std::size_t max_items = 5'000'000;  // absolute cap when the server reports no total
};

using PageHandler = std::function<core::StatusOr<PageResult>(const HttpResponse&)>;

// Sends `call` once per page, adding offset and limit to its query, and hands each answer to
// `on_page`. Returns the number of requests made.
core::StatusOr<std::size_t> WalkPages(ApiClient& client, const ApiCall& call,
                                      const PageHandler& on_page, PageOptions options = {});

}  // namespace deskops::cloud
