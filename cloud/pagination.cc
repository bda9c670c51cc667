#include "cloud/pagination.h"

#include <string>

#include "core/strings.h"

namespace deskops::cloud {

core::StatusOr<std::size_t> WalkPages(ApiClient& client, const ApiCall& call,
                                      const PageHandler& on_page, PageOptions options) {
  const int max_page = call.op->max_page_size;
  if (max_page == 0) {
    return core::Status::InvalidArgument(core::StrCat(call.op->id, " does not page"));
  }
  // -1: the call returns everything when `limit` is left out (4.8.1, 4.14.1); the first request
  // omits it, and later ones (if the server capped the answer anyway) ask for what is missing.
  std::size_t page_size = max_page > 0 ? static_cast<std::size_t>(max_page) : 0;
  std::size_t offset = 0, requests = 0, max_requests = 0;
  std::string previous_first;
  while (true) {
    ApiCall page = call;
    if (requests > 0 || page_size > 0) {
      page.query.emplace_back("offset", std::to_string(offset));
      page.query.emplace_back("limit", std::to_string(page_size));
    }
    DESKOPS_ASSIGN_OR_RETURN(HttpResponse res, client.Call(page));
    ++requests;
    DESKOPS_ASSIGN_OR_RETURN(PageResult r, on_page(res));
    if (r.items == 0) break;
    if (!r.first_id.empty() && r.first_id == previous_first) {
      return core::Status::DataLoss(core::StrCat(call.op->id, ": page at offset ", offset,
                                                 " repeats the previous page; the server is not "
                                                 "honouring offset"));
    }
    previous_first = r.first_id;
    offset += r.items;
    if (r.total && offset >= *r.total) break;
    if (page_size == 0) page_size = r.items;  // the server's own cap, for the follow-up pages
    if (r.items < page_size) break;           // a short page is the last one
    if (max_requests == 0) {
      // Pages the reported total can need (with one spare for items added meanwhile), or the cap.
      std::size_t expected = r.total ? *r.total : options.max_items;
      max_requests = (expected + page_size - 1) / page_size + 1;
    }
    if (requests >= max_requests || offset >= options.max_items) {
      return core::Status::DataLoss(core::StrCat(
          call.op->id, ": the server kept returning full pages after ", requests,
          " requests and ", offset, " items (reported total: ",
          r.total ? std::to_string(*r.total) : std::string("none"), "); stopping"));
    }
  }
  return requests;
}

}  // namespace deskops::cloud
