#include "specs/user_group.h"

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

const SchemaNode& UserGroupNameRuleSchema() {
  static const SchemaNode schema = UserGroupNameSchema();
  return schema;
}

const SchemaNode& UserGroupSpecSchema() {
  static const SchemaNode schema = Struct(
      {
          Field("platformType", String("AD (an AD domain group) or LOCAL (a LiteAS group) "
                                       "(L18798). Cannot change after creation.")
                                    .Enum({"AD", "LOCAL"}))
              .Required(),
          Field("description", String("Group description.")),
          Field("members",
                ArrayOf(UserNameSchema(), "User names of the members; exact when set.").Unique())
              .NoWire(),
      },
      "A user group (4.9.2).");
  return schema;
}

UserGroupSpec DecodeUserGroup(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  UserGroupSpec g;
  g.platform_type = f.StrOr("platformType", "");
  g.description = f.Str("description");
  if (f.Has("members")) {
    g.members = f.StrList("members");
    const Value* list = f.Get("members");
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      ctx.AddRef("User", list->items[i].scalar, core::StrCat("spec.members[", i, "]"),
                 list->items[i].mark);
    }
  }
  return g;
}

const KindInfo& UserGroupKind() {
  static const KindInfo kind{"UserGroup",
                             "usergroups",
                             "A user group and its members (4.9).",
                             false,
                             UserGroupNameRuleSchema,
                             UserGroupSpecSchema,
                             DecodeAs<UserGroupSpec, DecodeUserGroup>,
                             {"4.9"},
                             {"groups", "group"}};
  return kind;
}

}  // namespace deskops::specs
