#include "specs/ou.h"

#include "specs/kinds.h"

namespace deskops::specs {

const SchemaNode& OuNameSchema() {
  // 4.10.2 gives ou_name no rule (L19655); an OU name in AD is an RDN value: at most 64
  // characters, and none of the characters a DN escapes. deskops takes the plain name, not a DN.
  static const SchemaNode schema =
      String("The OU's name in its AD domain (ou_name, L19655), not its DN.")
          .Len(1, 64)
          .Pattern("[^,=+<>#;\\\\\"/]+",
                   "be a plain OU name (not a DN): no , = + < > # ; \\ \" or /");
  return schema;
}

const SchemaNode& OuSpecSchema() {
  static const SchemaNode schema = Struct(
      {
          Field("domain",
                String("The AD domain the OU belongs to (4.10.2 domain, L19654). Cannot change "
                       "in place.")
                    .Len(1, 255)
                    .Pattern("[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*"
                             "[A-Za-z0-9])?)+",
                             "be a DNS domain name such as example.com"))
              .Required(),
          Field("description", DescriptionSchema(255, "Description (4.10.2, 4.10.4).")),
      },
      "An OU registered with Workspace (4.10.2).");
  return schema;
}

OuSpec DecodeOu(const Value& spec, const DecodeContext&) {
  Fields f(&spec);
  OuSpec o;
  o.domain = f.StrOr("domain", "");
  o.description = f.Str("description");
  return o;
}

const KindInfo& OUKind() {
  static const KindInfo kind{"OU",
                             "ous",
                             "An organisational unit of the AD domain (4.10).",
                             false,
                             OuNameSchema,
                             OuSpecSchema,
                             DecodeAs<OuSpec, DecodeOu>,
                             {"4.10"},
                             {"organizationalunits", "organizationalunit"}};
  return kind;
}

}  // namespace deskops::specs
