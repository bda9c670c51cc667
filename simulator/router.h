#pragma once
// Router: maps a method and a request path to a route template such as
// /v2/{project_id}/desktops/{desktop_id}. Literal segments win over parameters at the same position
// (api-digest.md 2.5: GET /desktops/detail is 4.3.8, not 4.3.5 with desktop_id "detail"), and
// earlier segments decide first. A path that matches some template but not with this method is
// reported separately so the caller can answer 405. Path segments are percent-decoded before
// matching and parameter values are returned decoded. Immutable after construction of the table;
// Match is thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace deskops::simulator {

struct RouteMatch {
  int index = -1;  // the value given to Add
  std::string pattern;
  std::map<std::string, std::string, std::less<>> params;
};

class Router {
 public:
  enum class Outcome { kMatched, kNotFound, kMethodNotAllowed };

  void Add(std::string method, std::string pattern, int index);
  Outcome Match(std::string_view method, std::string_view raw_path, RouteMatch* out) const;

  // "/v2/p/desktops/" -> {"v2", "p", "desktops"}: split on '/', empty segments dropped, decoded.
  static std::vector<std::string> SplitPath(std::string_view raw_path);

 private:
  struct Segment {
    bool literal;
    std::string text;  // the literal, or the parameter name
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    int index;
  };
  // Higher is more specific: a bit per segment, literal = 1, first segment most significant.
  static unsigned long long Specificity(const Route& route);
  std::vector<Route> routes_;
};

}  // namespace deskops::simulator
