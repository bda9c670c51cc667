#pragma once
// Shared by the per-kind golden tests: manifests from YAML text as flow-mapping documents, the one
// KindFixture (kind_fixture.h: a kind's plan with the gates applied, what `deskops plan` would
// print for it), and an executor over a FakeApi that records each request, for checking the exact
// bodies a plan sends. Single-threaded test helpers.

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../cloud/fake_api.h"
#include "kind_fixture.h"
#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/gates.h"
#include "specs/loader.h"

namespace deskops::reconcilers::testing {

inline specs::ManifestSet Load(const std::string& yaml) {
  specs::Loader loader;
  loader.AddText(yaml, "manifests.yaml");
  auto r = std::move(loader).Finish();
  for (const auto& d : r.diagnostics.items()) {
    EXPECT_NE(d.severity, specs::Severity::kError) << d.ToString();
  }
  return std::move(r.manifests);
}

// One manifest document; `spec` and `annotations` are YAML flow mappings ("{a: 1}").
inline std::string Doc(const std::string& kind, const std::string& name, const std::string& spec,
                       const std::string& annotations = "") {
  std::string meta = "{name: " + name;
  if (!annotations.empty()) meta += ", annotations: " + annotations;
  return "---\napiVersion: deskops.io/v1alpha1\nkind: " + kind + "\nmetadata: " + meta +
         "}\nspec: " + spec + "\n";
}

// Runs plans of kind `R` against a FakeApi.
struct FakeExec {
  cloud::testing::FakeClient api;
  std::unique_ptr<Ledger> ledger = std::move(*Ledger::Open("", api.clock));
  core::Logger log{nullptr, {}};

  template <class R>
  ApplyReport Run(const Plan& plan, Inventory& inventory, LiveIndex& index,
                  const EngineOptions& options) {
    ReconcilerList kinds;
    kinds.push_back(std::make_unique<R>());
    ExecContext ctx{*api.client, inventory, *ledger, index, api.clock, log, options};
    return Executor(kinds, ctx).Run(plan);
  }
  // "METHOD /path" of every request, in order.
  std::vector<std::string> Calls() const {
    std::vector<std::string> out;
    for (const auto& r : api.api->requests) out.push_back(r.method + " " + r.path);
    return out;
  }
  // The parsed bodies of the requests to "METHOD /path", in order.
  std::vector<nlohmann::json> Bodies(const std::string& method, const std::string& path) const {
    std::vector<nlohmann::json> out;
    for (const auto& r : api.api->requests) {
      if (r.method == method && r.path == path) out.push_back(nlohmann::json::parse(r.body));
    }
    return out;
  }
};

}  // namespace deskops::reconcilers::testing
