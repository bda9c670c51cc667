#include "specs/desktop_name_policy.h"

#include "core/strings.h"
#include "specs/kinds.h"
#include "specs/manifest_set.h"

namespace deskops::specs {

const SchemaNode& DesktopNamePolicyNameSchema() {
  static const SchemaNode schema = NamePolicyNameSchema();
  return schema;
}

const SchemaNode& DesktopNamePolicySpecSchema() {
  static const SchemaNode schema = Struct(
      {
          Field("namePrefix", String("Name prefix; may contain placeholders such as "
                                     "$DomainUser$ (L15059, example L15098).")
                                  .MinLen(1))
              .Required(),
          Field("digitNumber", Integer("Number of digits in the numeric suffix (L15060).").Min(1))
              .Required(),
          Field("startNumber", Integer("First number of the suffix (L15061).").Min(0)).Required(),
          Field("singleDomainUserIncrement",
                Integer("1: numbers increase per user name; 0: per tenant (L15062).").Range(0, 1))
              .Required(),
          Field("isDefaultPolicy", Boolean("This is the tenant's default name policy.")),
      },
      "A desktop name policy (4.5.2).");
  return schema;
}

DesktopNamePolicySpec DecodeDesktopNamePolicy(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  DesktopNamePolicySpec p;
  p.name_prefix = f.StrOr("namePrefix", "");
  p.digit_number = f.Int("digitNumber").value_or(0);
  p.start_number = f.Int("startNumber").value_or(0);
  p.single_domain_user_increment = f.Int("singleDomainUserIncrement").value_or(0);
  p.is_default_policy = f.Bool("isDefaultPolicy");

  // The suffix is startNumber written with digitNumber digits, so it has to fit.
  if (p.digit_number >= 1 && p.digit_number < 19) {
    std::int64_t limit = 1;
    for (std::int64_t i = 0; i < p.digit_number; ++i) limit *= 10;
    if (p.start_number >= limit) {
      ctx.Error(f.MarkOf("startNumber"), "spec.startNumber",
                core::StrCat(p.start_number, " does not fit in ", p.digit_number,
                             " digit(s) (spec.digitNumber)"));
    }
  }
  return p;
}

namespace {

// At most one default name policy (the tenant has one).
void CheckDefaultNamePolicies(const ManifestSet& set, Diagnostics& diags) {
  const Object* first_default = nullptr;
  for (const Object* o : set.OfKind("DesktopNamePolicy")) {
    if (o->As<DesktopNamePolicySpec>()->is_default_policy != true) continue;
    if (!first_default) {
      first_default = o;
      continue;
    }
    diags.Add({Severity::kError, o->meta.mark, "DesktopNamePolicy", o->meta.name,
               "spec.isDefaultPolicy",
               core::StrCat("only one name policy can be the default; ", first_default->Id(),
                            " already is (", first_default->meta.mark.ToString(), ")")});
  }
}

}  // namespace

const KindInfo& DesktopNamePolicyKind() {
  static const KindInfo kind{"DesktopNamePolicy",
                             "desktopnamepolicies",
                             "How the service names unnamed desktops (4.5).",
                             false,
                             DesktopNamePolicyNameSchema,
                             DesktopNamePolicySpecSchema,
                             DecodeAs<DesktopNamePolicySpec, DecodeDesktopNamePolicy>,
                             {"4.5"},
                             {"namepolicies", "namepolicy"},
                             CheckDefaultNamePolicies};
  return kind;
}

}  // namespace deskops::specs
