#include "simulator/pagination.h"

#include <algorithm>
#include <charconv>

#include "core/strings.h"
#include "simulator/api_error.h"

namespace deskops::simulator {
namespace {

core::StatusOr<std::int64_t> ParseInteger(const std::string& text, std::string_view name) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return InvalidField(name, "It must be an integer.");
  }
  return value;
}

}  // namespace

std::pair<std::size_t, std::size_t> Page::Window(std::size_t total) const {
  std::size_t begin = std::min(offset, total);
  std::size_t end = limit ? std::min(total, begin + *limit) : total;
  return {begin, end};
}

core::StatusOr<Page> ParsePage(const std::optional<std::string>& offset,
                               const std::optional<std::string>& limit, const PageSpec& spec) {
  Page page;
  if (offset) {
    DESKOPS_ASSIGN_OR_RETURN(std::int64_t value, ParseInteger(*offset, "offset"));
    if (value < 0) {
      return ApiError(400, "WKS.0508", "The value of offset cannot be smaller than 0.");
    }
    if (spec.max_offset >= 0 && value > spec.max_offset) {
      return InvalidField("offset",
                          core::StrCat("The value ranges from 0 to ", spec.max_offset, "."));
    }
    page.offset = static_cast<std::size_t>(value);
  }
  std::optional<std::int64_t> wanted;
  if (limit) {
    DESKOPS_ASSIGN_OR_RETURN(std::int64_t value, ParseInteger(*limit, "limit"));
    bool out_of_range = value < 0 || (!spec.no_range && value > spec.max_limit);
    if (out_of_range) {
      return ApiError(400, "WKS.0509",
                      core::StrCat("The value of limit must be greater than 0 and smaller than "
                                   "1000. [This call accepts 0 to ",
                                   spec.max_limit, ".]"));
    }
    if (!(value == 0 && spec.zero_means_default)) wanted = value;
  }
  if (wanted) {
    page.limit = static_cast<std::size_t>(*wanted);
  } else if (!spec.all_by_default) {
    page.limit = static_cast<std::size_t>(spec.default_limit);
  }
  return page;
}

core::StatusOr<Page> ParsePage(const QueryParams& query, const PageSpec& spec) {
  return ParsePage(query.Get("offset"), query.Get("limit"), spec);
}

}  // namespace deskops::simulator
