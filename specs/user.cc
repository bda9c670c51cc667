#include "specs/user.h"

#include "specs/kinds.h"

namespace deskops::specs {

const SchemaNode& UserNameRuleSchema() {
  static const SchemaNode schema = UserNameSchema();
  return schema;
}

namespace {

constexpr const char* kInlinePassword =
    "inline passwords are not allowed: manifests live in version control. Write "
    "passwordFrom: {env: VARIABLE} or passwordFrom: {file: /path/to/secret} instead";

SchemaNode MakeUserSpecSchema() {
  return Struct(
             {
                 Field("userEmail", EmailSchema("User e-mail (L16998).")),
                 Field("userPhone", String("Mobile number (L17001).").MinLen(1)),
                 Field("accountExpires",
                       String("When the account expires: \"0\" for never (default), or "
                              "yyyy-MM-ddTHH:mm:ssZ / yyyy-MM-ddTHH:mm:ss.SSSZ (L16999).")
                           .Pattern("0|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]"
                                    "|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{3})?Z",
                                    "be \"0\" (never) or a UTC time such as "
                                    "2027-12-31T23:59:59Z")),
                 Field("activeType", String("USER_ACTIVATE (default: the user activates the "
                                            "account) or ADMIN_ACTIVATE (L17000).")
                                         .Enum({"USER_ACTIVATE", "ADMIN_ACTIVATE"})),
                 Field("passwordFrom",
                       SecretSourceSchema("Initial password, required for ADMIN_ACTIVATE "
                                          "(L17002). Read at apply time; never printed."))
                     .Wire("password"),
                 Field("enableChangePassword", Boolean("The user may change the password.")),
                 Field("nextLoginChangePassword",
                       Boolean("The password must be changed at the next login.")),
                 Field("passwordNeverExpired", Boolean("The password never expires (4.8.5).")),
                 Field("disabled", Boolean("The account is disabled (4.8.5).")),
                 Field("locked", Boolean("The account is locked (4.8.8 LOCK/UNLOCK); not "
                                         "managed when unset."))
                     .NoWire(),
                 Field("description", DescriptionSchema(255, "Description, 0-255 characters.")),
                 Field("aliasName", String("Alias (L17010); cannot be read back.")),
                 Field("enterpriseProjectId", IdSchema("Enterprise project ID. Cannot change.")),
                 Field("userInfoMap", String("User information mapping: service level, "
                                             "operation mode and type (L17012).")),
             },
             "A Workspace user (4.8.2).")
      .Reject("password", kInlinePassword);
}

}  // namespace

const SchemaNode& UserSpecSchema() {
  static const SchemaNode schema = MakeUserSpecSchema();
  return schema;
}

UserSpec DecodeUser(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  UserSpec u;
  u.user_email = f.Str("userEmail");
  u.user_phone = f.Str("userPhone");
  u.account_expires = f.Str("accountExpires");
  u.active_type = f.Str("activeType");
  if (Fields p = f.Sub("passwordFrom"); p.value())
    u.password_from = SecretSource{p.Str("env"), p.Str("file")};
  u.enable_change_password = f.Bool("enableChangePassword");
  u.next_login_change_password = f.Bool("nextLoginChangePassword");
  u.password_never_expired = f.Bool("passwordNeverExpired");
  u.disabled = f.Bool("disabled");
  u.locked = f.Bool("locked");
  u.description = f.Str("description");
  u.alias_name = f.Str("aliasName");
  u.enterprise_project_id = f.Str("enterpriseProjectId");
  u.user_info_map = f.Str("userInfoMap");

  if (u.active_type == "ADMIN_ACTIVATE" && !u.password_from) {
    ctx.Error(f.MarkOf("activeType"), "spec.passwordFrom",
              "is required when activeType is ADMIN_ACTIVATE (the administrator sets the initial "
              "password, L17002)");
  }
  return u;
}

const KindInfo& UserKind() {
  static const KindInfo kind{"User",
                             "users",
                             "A Workspace user (4.8).",
                             false,
                             UserNameRuleSchema,
                             UserSpecSchema,
                             DecodeAs<UserSpec, DecodeUser>,
                             {"4.8"}};
  return kind;
}

}  // namespace deskops::specs
