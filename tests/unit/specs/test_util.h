#pragma once
// Helpers for the specs tests: load YAML text as "test.yaml", patch a base manifest, and read
// diagnostics as the lines the CLI prints.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "specs/loader.h"

namespace deskops::specs::testing {

inline LoadResult LoadYaml(std::string_view text, LoadOptions options = {}) {
  Loader loader(options);
  loader.AddText(text, "test.yaml");
  return std::move(loader).Finish();
}

inline std::vector<std::string> Lines(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.items()) out.push_back(d.ToString());
  return out;
}

// `base` with the single occurrence of `from` replaced by `to` (a test bug when `from` is absent
// or ambiguous).
inline std::string Patch(std::string base, std::string_view from, std::string_view to) {
  if (from.empty()) return base;
  std::size_t pos = base.find(from);
  EXPECT_NE(pos, std::string::npos) << "patch target not found: " << from;
  if (pos == std::string::npos) return base;
  EXPECT_EQ(base.find(from, pos + 1), std::string::npos) << "patch target ambiguous: " << from;
  base.replace(pos, from.size(), to);
  return base;
}

// A table row: apply `from` -> `to` to a valid base manifest and expect exactly `want` (the
// diagnostic lines as printed), or nothing when `want` is empty.
struct Case {
  std::string name;
  std::string from;
  std::string to;
  std::vector<std::string> want;
};

inline void RunCases(std::string_view base, const std::vector<Case>& cases,
                     LoadOptions options = {}) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    LoadResult r = LoadYaml(Patch(std::string(base), c.from, c.to), options);
    EXPECT_EQ(Lines(r.diagnostics), c.want);
  }
}

}  // namespace deskops::specs::testing
