#include "daemon/plan_markdown.h"

#include <gtest/gtest.h>

namespace deskops::daemon {
namespace {

using reconcilers::Action;
using reconcilers::Disruption;
using reconcilers::Gate;
using reconcilers::Plan;
using reconcilers::Verb;

Action Act(std::string kind, std::string name, Verb verb,
           Disruption disruption = Disruption::kSafe) {
  Action a;
  a.kind = std::move(kind);
  a.name = std::move(name);
  a.verb = verb;
  a.disruption = disruption;
  return a;
}

TEST(PlanMarkdownTest, SummaryTableThenWhatHurtsThenEachKind) {
  Plan plan;
  plan.in_sync = 4;
  Action user = Act("User", "alice", Verb::kCreate);
  user.changes = {{"spec.userEmail", "", "alice@example.com"},
                  {"spec.passwordFrom", "", "env PW_ALICE"}};
  Action rebuild = Act("Desktop", "eng-01", Verb::kRebuild, Disruption::kDestructive);
  rebuild.changes = {{"spec.imageId", "img-a", "img-b"}};
  Action stop = Act("Desktop", "eng-02", Verb::kPower, Disruption::kDisruptive);
  stop.held_by = Gate::kDisruptionBudget;
  stop.held_reason = "more than 1 disruptive action";
  Action group = Act("UserGroup", "eng", Verb::kMembershipAdd);
  group.changes = {{"spec.members", "[]", "[alice]"}};
  Action gone = Act("User", "old", Verb::kDelete, Disruption::kDestructive);
  gone.held_by = Gate::kPruneDisabled;
  gone.held_reason = "left the manifests";
  plan.actions = {user, group, rebuild, stop, gone};
  plan.errors = {{"Desktop", "eng-03", "user | bob does not exist"}};
  plan.notes = {"deletions need --prune"};
  EXPECT_EQ(
      RenderMarkdown(plan),
      "### deskops plan: 1 create, 1 rebuild, 1 membership-add; 1 destructive; 2 held; "
      "1 error(s); 4 in sync\n"
      "\n"
      "| kind | create | update | delete | held | errors |\n"
      "|---|---:|---:|---:|---:|---:|\n"
      "| User | 1 | 0 | 0 | 1 | 0 |\n"
      "| UserGroup | 0 | 1 | 0 | 0 | 0 |\n"
      "| Desktop | 0 | 1 | 0 | 1 | 1 |\n"
      "| **total** | 1 | 2 | 0 | 2 | 1 |\n"
      "\n"
      "#### Destructive and disruptive\n"
      "\n"
      "- `~` **Desktop/eng-01** rebuild **destructive**\n"
      "  - `spec.imageId`: `img-a` → `img-b`\n"
      "- `~` **Desktop/eng-02** power **disruptive**\n"
      "  - held by `disruption-budget`, clears in a later pass, within the disruption budget: "
      "more than 1 "
      "disruptive action\n"
      "- `-` **User/old** delete **destructive**\n"
      "  - held by `prune-disabled`, clears with --prune: left the manifests\n"
      "\n"
      "#### User\n"
      "\n"
      "- `+` **alice** create\n"
      "  - `spec.userEmail`: `alice@example.com`\n"
      "  - `spec.passwordFrom`: `env PW_ALICE`\n"
      "\n"
      "#### UserGroup\n"
      "\n"
      "- `~` **eng** membership-add\n"
      "  - `spec.members`: `[]` → `[alice]`\n"
      "\n"
      "#### Errors\n"
      "\n"
      "- **Desktop/eng-03**: user \\| bob does not exist\n"
      "\n"
      "#### Notes\n"
      "\n"
      "- deletions need --prune\n");
}

TEST(PlanMarkdownTest, NoChanges) {
  Plan plan;
  plan.in_sync = 7;
  EXPECT_EQ(RenderMarkdown(plan),
            "### deskops plan: no changes; 7 in sync\n\n"
            "No changes: the tenant matches the manifests.\n");
}

TEST(PlanMarkdownTest, ValuesCannotBreakOutOfTheirCodeSpans) {
  Plan plan;
  Action a = Act("User", "bob", Verb::kUpdate);
  a.changes = {{"spec.description", "a`b", "line\none"}};
  plan.actions = {a};
  EXPECT_NE(RenderMarkdown(plan).find("`a'b` → `line one`"), std::string::npos)
      << RenderMarkdown(plan);
}

}  // namespace
}  // namespace deskops::daemon
