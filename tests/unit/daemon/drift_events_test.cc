// Drift events from plans: which actions are drift, how before/after are rendered and masked, the
// bounded field labels, and the webhook's JSON bodies.
#include "daemon/drift/drift_events.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "daemon/drift/drift_payload.h"

namespace deskops::daemon {
namespace {

using reconcilers::Action;
using reconcilers::FieldChange;
using reconcilers::Gate;
using reconcilers::Verb;

Action Make(std::string kind, std::string name, Verb verb, std::vector<FieldChange> changes,
            Gate held = Gate::kNone) {
  Action a;
  a.kind = std::move(kind);
  a.name = std::move(name);
  a.verb = verb;
  a.changes = std::move(changes);
  a.held_by = held;
  if (held != Gate::kNone) a.held_reason = "deskops is only observing";
  return a;
}

// One event as a line: kind/name field before->after action[gate|result] label.
std::string Line(const DriftEvent& e) {
  std::string s = e.kind + "/" + e.name + " " + e.field + " " + e.before + "->" + e.after + " " +
                  std::string(DriftActionName(e.action));
  if (e.action == DriftAction::kHeld) s += "[" + std::string(reconcilers::GateName(e.gate)) + "]";
  if (e.result != DriftResult::kNone) s += "[" + std::string(DriftResultName(e.result)) + "]";
  return s + " " + e.field_label;
}

struct BuildCase {
  std::string name;
  std::vector<Action> actions;
  std::vector<reconcilers::ActionOutcome> outcomes;  // empty: nothing ran
  std::vector<std::string> want;
};

void PrintTo(const BuildCase& c, std::ostream* os) { *os << c.name; }

class BuildDriftEventsTest : public ::testing::TestWithParam<BuildCase> {};

TEST_P(BuildDriftEventsTest, Events) {
  const BuildCase& c = GetParam();
  reconcilers::Plan plan;
  plan.actions = c.actions;
  reconcilers::ApplyReport report;
  report.outcomes = c.outcomes;
  core::SecretRegistry secrets;
  secrets.Register("Hunter2-Secret!");
  std::vector<std::string> got;
  for (const auto& e : BuildDriftEvents(plan, c.outcomes.empty() ? nullptr : &report, secrets)) {
    got.push_back(Line(e));
  }
  EXPECT_EQ(got, c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BuildDriftEventsTest,
    ::testing::Values(
        BuildCase{"update_taken_and_succeeded",
                  {Make("User", "alice", Verb::kUpdate,
                        {{"spec.userEmail", "\"x@corp\"", "\"alice@example.com\""}})},
                  {{"User/alice", "update", true, false, ""}},
                  {"User/alice spec.userEmail x@corp->alice@example.com taken[succeeded] "
                   "spec.userEmail"}},
        BuildCase{
            "held_by_observe_mode_names_the_gate",
            {Make("User", "alice", Verb::kUpdate,
                  {{"spec.userEmail", "\"x@corp\"", "\"alice@example.com\""}}, Gate::kObserveMode)},
            {},
            {"User/alice spec.userEmail x@corp->alice@example.com held[observe-mode] "
             "spec.userEmail"}},
        BuildCase{
            "failed_action",
            {Make("Desktop", "eng-01", Verb::kResize, {{"spec.productId", "\"a\"", "\"b\""}})},
            {{"Desktop/eng-01", "resize", false, false, "boom"}},
            {"Desktop/eng-01 spec.productId a->b taken[failed] spec.productId"}},
        BuildCase{"taken_but_not_run_has_no_result",
                  {Make("User", "bob", Verb::kUpdate, {{"spec.description", "", "\"x\""}})},
                  {},
                  {"User/bob spec.description ->x taken spec.description"}},
        BuildCase{"creates_adoptions_and_deletions_are_not_drift",
                  {Make("User", "new", Verb::kCreate, {{"spec.userEmail", "", "\"n@x\""}}),
                   Make("User", "found", Verb::kAdopt, {}),
                   Make("User", "gone", Verb::kDelete, {{"spec.userEmail", "\"g@x\"", ""}})},
                  {},
                  {}},
        BuildCase{
            "steps_of_an_object_being_created_are_not_drift",
            {Make("UserGroup", "eng", Verb::kCreate, {}),
             Make("UserGroup", "eng", Verb::kMembershipAdd, {{"spec.members", "[]", "[alice]"}}),
             Make("UserGroup", "ops", Verb::kMembershipAdd, {{"spec.members", "[]", "[bob]"}})},
            {},
            {"UserGroup/ops spec.members []->[bob] taken spec.members"}},
        BuildCase{"write_only_fields_are_not_drift",
                  {Make("User", "carol", Verb::kUpdate,
                        {{"spec.aliasName", "(last applied differs)", "\"C\"", true},
                         {"spec.userPhone", "\"1\"", "\"2\""}})},
                  {},
                  {"User/carol spec.userPhone 1->2 taken spec.userPhone"}},
        BuildCase{
            "one_event_per_field",
            {Make("User", "dave", Verb::kUpdate,
                  {{"spec.userPhone", "\"1\"", "\"2\""}, {"spec.disabled", "false", "true"}})},
            {},
            {"User/dave spec.userPhone 1->2 taken spec.userPhone",
             "User/dave spec.disabled false->true taken spec.disabled"}},
        BuildCase{"secret_named_field_masked",
                  {Make("User", "erin", Verb::kUpdate,
                        {{"spec.passwordFrom.env", "\"OLD_VAR\"", "\"NEW_VAR\""}})},
                  {},
                  {"User/erin spec.passwordFrom.env [REDACTED]->[REDACTED] taken "
                   "spec.passwordFrom"}},
        BuildCase{
            "secret_named_field_unset_stays_unset",
            {Make("User", "erin", Verb::kUpdate, {{"spec.passwordFrom.env", "", "\"NEW_VAR\""}})},
            {},
            {"User/erin spec.passwordFrom.env ->[REDACTED] taken spec.passwordFrom"}},
        BuildCase{
            "boolean_named_like_a_secret_is_shown",
            {Make("User", "erin", Verb::kUpdate, {{"spec.enableChangePassword", "false", "true"}})},
            {},
            {"User/erin spec.enableChangePassword false->true taken "
             "spec.enableChangePassword"}},
        BuildCase{"secret_key_outside_the_schema_masked",
                  {Make("Widget", "w", Verb::kUpdate, {{"spec.token", "\"abc\"", "\"def\""}})},
                  {},
                  {"Widget/w spec.token [REDACTED]->[REDACTED] taken other"}},
        BuildCase{"registered_secret_inside_a_value_masked",
                  {Make("User", "frank", Verb::kUpdate,
                        {{"spec.description", "\"was Hunter2-Secret! here\"", "\"clean\""}})},
                  {},
                  {"User/frank spec.description was [REDACTED] here->clean taken "
                   "spec.description"}},
        BuildCase{"map_keys_and_list_items_left_out_of_the_label",
                  {Make("Desktop", "eng-01", Verb::kTag, {{"spec.tags.team", "\"a\"", "\"b\""}}),
                   Make("Desktop", "eng-01", Verb::kDisks,
                        {{"spec.dataVolumes[data1]", "SAS 10 GB", "SAS 20 GB"}})},
                  {},
                  {"Desktop/eng-01 spec.tags.team a->b taken spec.tags",
                   "Desktop/eng-01 spec.dataVolumes[data1] SAS 10 GB->SAS 20 GB taken "
                   "spec.dataVolumes"}}),
    [](const auto& info) { return info.param.name; });

struct LabelCase {
  std::string name, kind, path, want;
};

void PrintTo(const LabelCase& c, std::ostream* os) { *os << c.name; }

class FieldLabelTest : public ::testing::TestWithParam<LabelCase> {};

TEST_P(FieldLabelTest, Label) {
  EXPECT_EQ(FieldLabel(GetParam().kind, GetParam().path), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FieldLabelTest,
    ::testing::Values(
        LabelCase{"nested_field", "Desktop", "spec.rootVolume.size", "spec.rootVolume"},
        LabelCase{"unknown_nested_field", "Desktop", "spec.rootVolume.nope", "spec.rootVolume"},
        LabelCase{"list_item", "Desktop", "spec.dataVolumes[data1].size", "spec.dataVolumes"},
        LabelCase{"top_level", "Desktop", "spec.nics", "spec.nics"},
        LabelCase{"map_key", "Desktop", "spec.tags.any-user-key", "spec.tags"},
        LabelCase{"unknown_field", "Desktop", "spec.nope", "other"},
        LabelCase{"not_spec", "Desktop", "metadata.name", "other"},
        LabelCase{"spec_alone", "Desktop", "spec", "other"},
        LabelCase{"unknown_kind", "Widget", "spec.size", "other"},
        LabelCase{"user_field", "User", "spec.userEmail", "spec.userEmail"}),
    [](const auto& info) { return info.param.name; });

TEST(FieldLabels, EveryLabelAKindCanHave) {
  auto labels = FieldLabels("User");
  EXPECT_NE(std::find(labels.begin(), labels.end(), "spec.userEmail"), labels.end());
  EXPECT_EQ(labels.back(), "other");
  for (const auto& path : {"spec.userEmail", "spec.passwordFrom.env", "spec.nope", "x"}) {
    EXPECT_NE(std::find(labels.begin(), labels.end(), FieldLabel("User", path)), labels.end())
        << path;
  }
  EXPECT_EQ(FieldLabels("Widget"), std::vector<std::string>{"other"});
}

struct PlainCase {
  std::string name, shown, want;
};

void PrintTo(const PlainCase& c, std::ostream* os) { *os << c.name; }

class PlainValueTest : public ::testing::TestWithParam<PlainCase> {};

TEST_P(PlainValueTest, Plain) { EXPECT_EQ(PlainValue(GetParam().shown), GetParam().want); }

INSTANTIATE_TEST_SUITE_P(
    Cases, PlainValueTest,
    ::testing::Values(PlainCase{"quoted", "\"text\"", "text"},
                      PlainCase{"escaped_quotes", "\"say \\\"hi\\\"\"", "say \"hi\""},
                      PlainCase{"number", "80", "80"}, PlainCase{"boolean", "true", "true"},
                      PlainCase{"list", "[a, b]", "[a, b]"},
                      PlainCase{"unterminated", "\"open", "\"open"},
                      PlainCase{"two_quoted_strings", "\"a\" -> \"b\"", "\"a\" -> \"b\""},
                      PlainCase{"unset", "", ""}),
    [](const auto& info) { return info.param.name; });

DriftEvent Event(std::string name, DriftAction action) {
  DriftEvent e;
  e.kind = "User";
  e.name = std::move(name);
  e.field = "spec.userEmail";
  e.before = "";
  e.after = "a@x";
  e.action = action;
  if (action == DriftAction::kHeld) {
    e.gate = Gate::kObserveMode;
    e.reason = "deskops is only observing";
  } else {
    e.result = DriftResult::kSucceeded;
  }
  return e;
}

TEST(DriftPayloads, NoEventsNoBody) { EXPECT_TRUE(DriftPayloads({}, {}).empty()); }

TEST(DriftPayloads, OneBodyPerPassSplitAboveTheLimit) {
  DriftPass pass{"1.2.3", std::chrono::system_clock::time_point(std::chrono::seconds(1800000000)),
                 true};
  auto bodies = DriftPayloads(pass,
                              {Event("a", DriftAction::kHeld), Event("b", DriftAction::kTaken),
                               Event("c", DriftAction::kHeld)},
                              2);
  ASSERT_EQ(bodies.size(), 2u);
  auto first = nlohmann::json::parse(bodies[0]);
  auto second = nlohmann::json::parse(bodies[1]);
  EXPECT_EQ(first["source"], "deskops");
  EXPECT_EQ(first["version"], "1.2.3");
  EXPECT_EQ(first["time"], "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(first["observeOnly"], true);
  EXPECT_EQ(first["part"], 1);
  EXPECT_EQ(first["parts"], 2);
  EXPECT_EQ(second["part"], 2);
  ASSERT_EQ(first["events"].size(), 2u);
  ASSERT_EQ(second["events"].size(), 1u);
  const auto& held = first["events"][0];
  EXPECT_EQ(held["kind"], "User");
  EXPECT_EQ(held["name"], "a");
  EXPECT_EQ(held["field"], "spec.userEmail");
  EXPECT_TRUE(held["before"].is_null());  // unset
  EXPECT_EQ(held["after"], "a@x");
  EXPECT_EQ(held["verb"], "update");
  EXPECT_EQ(held["action"], "held");
  EXPECT_EQ(held["gate"], "observe-mode");
  EXPECT_EQ(held["reason"], "deskops is only observing");
  EXPECT_FALSE(held.contains("result"));
  const auto& taken = first["events"][1];
  EXPECT_EQ(taken["action"], "taken");
  EXPECT_EQ(taken["result"], "succeeded");
  EXPECT_FALSE(taken.contains("gate"));
  EXPECT_EQ(second["events"][0]["name"], "c");
}

}  // namespace
}  // namespace deskops::daemon
