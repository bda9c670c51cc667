#include "state/etcd_layout.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "reconcilers/engine/action.h"

namespace deskops::state::layout {
namespace {

TEST(EtcdLayoutTest, PrefixesMustStartAndEndWithASlash) {
  struct Case {
    std::string prefix;
    bool ok;
  };
  const Case cases[] = {
      {"/deskops/t1/", true}, {"/x/", true},          {"/", false},
      {"", false},            {"deskops/t1/", false}, {"/deskops/t1", false},
  };
  for (const Case& c : cases) EXPECT_EQ(CheckPrefix(c.prefix).ok(), c.ok) << c.prefix;
}

TEST(EtcdLayoutTest, KeysLiveUnderThePrefixOnePerObjectAndIntent) {
  EXPECT_EQ(LeaderKey("/d/t1/"), "/d/t1/leader");
  EXPECT_EQ(InventoryKey("/d/t1/", "Desktop", "lab-1"),
            "/d/t1/inventory/" + reconcilers::ObjectKey("Desktop", "lab-1"));
  EXPECT_EQ(RecordsKey("/d/t1/", "Desktop", "lab-1"),
            "/d/t1/records/" + reconcilers::ObjectKey("Desktop", "lab-1"));
  EXPECT_EQ(LedgerKey("/d/t1/", "i42-7"), "/d/t1/ledger/i42-7");
  // Desktop names are case-insensitive in the tenant: one key whatever the spelling.
  EXPECT_EQ(InventoryKey("/d/", "Desktop", "LAB-1"), InventoryKey("/d/", "Desktop", "lab-1"));
}

TEST(EtcdLayoutTest, OwnedObjectsRoundTrip) {
  const reconcilers::OwnedObject cases[] = {
      {"Desktop", "lab-1", "d-1", false, false},
      {"User", "alice", "", true, false},
      {"Desktop", "lab-2", "d-2", false, true},
  };
  for (const auto& o : cases) {
    auto back = DecodeOwned("k", EncodeOwned(o));
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(std::tie(back->kind, back->name, back->id, back->prune_protected, back->create_failed),
              std::tie(o.kind, o.name, o.id, o.prune_protected, o.create_failed));
  }
}

TEST(EtcdLayoutTest, IntentsRoundTrip) {
  reconcilers::LedgerIntent i{"i1-3", "desktops.create", "Desktop", {"a", "b"}, "job-9", 1700, 1800};
  auto back = DecodeIntent("k", EncodeIntent(i, 3));
  ASSERT_TRUE(back.ok()) << back.status().message();
  const auto& [got, seq] = *back;
  EXPECT_EQ(seq, 3);
  EXPECT_EQ(std::tie(got.id, got.op, got.kind, got.names, got.job_id, got.at_ms, got.unanswered_ms),
            std::tie(i.id, i.op, i.kind, i.names, i.job_id, i.at_ms, i.unanswered_ms));
}

TEST(EtcdLayoutTest, RecordsRoundTrip) {
  const std::map<std::string, std::string> records = {{"spec.tags", "f1"}, {"disk:data", "v-1"}};
  auto back = DecodeRecords("k", EncodeRecords(records));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, records);
}

// A damaged value is reported as data loss naming its key, never taken for "nothing owned", and
// never thrown: a wrong type anywhere is as unreadable as bad JSON.
TEST(EtcdLayoutTest, DamagedValuesAreDataLossNamingTheKey) {
  const std::string owned[] = {
      "",
      "not json",
      "[]",
      R"({"name":"a"})",
      R"({"kind":"Desktop","name":""})",
      R"({"kind":1,"name":"a"})",
      R"({"kind":"Desktop","name":"a","id":5})",
      R"({"kind":"Desktop","name":"a","prune_protected":"yes"})",
      R"({"kind":"Desktop","name":"a","create_failed":1})",
  };
  for (const std::string& value : owned) {
    auto got = DecodeOwned("/d/inventory/x", value);
    ASSERT_FALSE(got.ok()) << value;
    EXPECT_EQ(got.status().code(), core::StatusCode::kDataLoss) << value;
    EXPECT_NE(got.status().message().find("/d/inventory/x"), std::string::npos) << value;
  }
  const std::string intents[] = {
      "",
      "{}",
      R"({"id":"i","op":"o"})",
      R"({"id":"","op":"o","names":[]})",
      R"({"id":"i","op":"o","names":[1]})",
      R"({"id":"i","op":"o","names":[],"kind":7})",
      R"({"id":"i","op":"o","names":[],"at":"soon"})",
      R"({"id":"i","op":"o","names":[],"job_id":3})",
      R"({"id":"i","op":"o","names":[],"seq":"x"})",
      R"({"id":"i","op":"o","names":[],"unanswered":false})",
  };
  for (const std::string& value : intents) {
    auto got = DecodeIntent("/d/ledger/i", value);
    ASSERT_FALSE(got.ok()) << value;
    EXPECT_EQ(got.status().code(), core::StatusCode::kDataLoss) << value;
  }
  for (const std::string value : {"", "[]", R"({"a":1})"}) {
    auto got = DecodeRecords("/d/records/x", value);
    ASSERT_FALSE(got.ok()) << value;
    EXPECT_EQ(got.status().code(), core::StatusCode::kDataLoss) << value;
  }
}

}  // namespace
}  // namespace deskops::state::layout
