#include "simulator/router.h"

#include <algorithm>

#include "core/strings.h"
#include "simulator/http_message.h"

namespace deskops::simulator {

std::vector<std::string> Router::SplitPath(std::string_view raw_path) {
  std::vector<std::string> out;
  for (const std::string& part : core::Split(raw_path, '/')) {
    if (!part.empty()) out.push_back(PercentDecode(part));
  }
  return out;
}

void Router::Add(std::string method, std::string pattern, int index) {
  Route route{std::move(method), pattern, {}, index};
  for (const std::string& part : SplitPath(pattern)) {
    bool param = part.size() > 2 && part.front() == '{' && part.back() == '}';
    route.segments.push_back({!param, param ? part.substr(1, part.size() - 2) : part});
  }
  routes_.push_back(std::move(route));
}

unsigned long long Router::Specificity(const Route& route) {
  unsigned long long score = 0;
  for (std::size_t i = 0; i < route.segments.size() && i < 63; ++i) {
    if (route.segments[i].literal) score |= 1ULL << (62 - i);
  }
  return score;
}

Router::Outcome Router::Match(std::string_view method, std::string_view raw_path,
                              RouteMatch* out) const {
  std::vector<std::string> parts = SplitPath(raw_path);
  auto fits = [&parts](const Route& route) {
    if (route.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (route.segments[i].literal && route.segments[i].text != parts[i]) return false;
    }
    return true;
  };
  // The most specific template shadows less specific ones for every method: with
  // GET /desktops/detail defined, "PUT /desktops/detail" is a 405, not PUT /desktops/{desktop_id}.
  std::vector<const Route*> candidates;
  unsigned long long top = 0;
  for (const Route& route : routes_) {
    if (!fits(route)) continue;
    candidates.push_back(&route);
    top = std::max(top, Specificity(route));
  }
  if (candidates.empty()) return Outcome::kNotFound;
  const Route* best = nullptr;
  for (const Route* route : candidates) {
    if (Specificity(*route) == top && route->method == method) best = route;
  }
  if (!best) return Outcome::kMethodNotAllowed;
  out->index = best->index;
  out->pattern = best->pattern;
  out->params.clear();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!best->segments[i].literal) out->params[best->segments[i].text] = parts[i];
  }
  return Outcome::kMatched;
}

}  // namespace deskops::simulator
