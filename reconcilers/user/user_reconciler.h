#pragma once
// Users (4.8): created in one batch call (4.8.7) when there are several, modified with 4.8.5,
// locked and unlocked with 4.8.8, deleted in one batch call (4.8.6). Passwords are read from their
// source (environment variable or file) only when a user is created, and never diffed: they cannot
// be read back. Observed with one list call (4.8.1 returns every user); each user's group names go
// into the LiveIndex (attribute "groups", one name per line) for UserGroup's membership diff.

#include <memory>
#include <string>
#include <unordered_map>

#include "cloud/users.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

class UserReconciler final : public Reconciler {
 public:
  std::string Kind() const override { return "User"; }
  std::optional<std::vector<std::string>> Needs() const override { return std::vector<std::string>{}; }
  core::Status Observe(cloud::ApiClient& client, LiveIndex& index) override;
  void Diff(const DiffContext& ctx, PlanBuilder& plan) const override;
  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) override;
  void AfterJob(ExecContext& ctx, const Action& action, bool succeeded,
                const std::vector<std::string>& ids) override;
  std::string Export(const Inventory& inventory, bool owned_only) const override;

  // For tests: the observed users, as Observe would store them.
  void SetObserved(std::vector<cloud::users::User> users);

 private:
  const cloud::users::User* Live(const std::string& name) const;
  std::vector<cloud::users::User> live_;
  std::unordered_map<std::string, std::size_t> by_name_;  // user name -> live_ index
};

std::unique_ptr<Reconciler> MakeUserReconciler();

}  // namespace deskops::reconcilers
