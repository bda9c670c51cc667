#include "specs/terminal_binding.h"

#include <cctype>
#include <map>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

using core::Quote;
using core::StrCat;

namespace {

constexpr char kKind[] = "TerminalBinding";

SchemaNode SwitchSchema(std::string doc) {
  // The tables say "on or off" (L32809-32810), the examples and the SDKs ON/OFF (L32853).
  return String(std::move(doc)).Enum({"ON", "OFF"});
}

SchemaNode MakeSpecSchema() {
  return Struct(
      {
          Field("tcBindSwitch", SwitchSchema("Terminals may log in only to the desktops they "
                                             "are bound to (tc_bind_switch, L32899).")),
          Field("tcAutoBindSwitch",
                SwitchSchema("A terminal is bound to a desktop automatically when it first "
                             "connects (tc_auto_bind_switch, L32900).")),
          Field("tcAutoBindMax",
                Integer("Maximum number of bindings (tc_auto_bind_max, L32903; the API's "
                        "default is 1). The reference gives no range; deskops asks for at "
                        "least 1.")
                    .Min(1)),
          Field("bindings",
                ArrayOf(Struct({
                            Field("mac", String("The terminal's MAC address, six pairs of hex "
                                                "digits joined by '-' as in AA-BB-CC-DD-EE-FF "
                                                "(L33064); compared without case.")
                                             .Pattern("[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}",
                                                      "be a MAC address such as "
                                                      "AA-BB-CC-DD-EE-FF (hex pairs joined by "
                                                      "'-')"))
                                .Required("give the terminal's MAC address, e.g. "
                                          "`mac: AA-BB-CC-DD-EE-FF`: bindings are told apart "
                                          "by it"),
                            Field("desktopName",
                                  ComputerNameSchema().Doc("The desktop the terminal is bound "
                                                           "to (desktop_name, L33240)."))
                                .Required()
                                .Ref("Desktop"),
                            Field("description",
                                  String("Description (L33241); the reference gives no limit.")),
                        }),
                        "The bindings, by MAC address: exact for the bindings deskops added "
                        "(one that leaves the list is deleted under the prune rules); others "
                        "in the tenant are left alone.")
                    .Unique("mac"))
              .Wire("bind_list"),
      },
      "The tenant's terminal-desktop binding (4.15): switches and bindings.");
}

}  // namespace

std::string CanonicalMac(std::string_view mac) {
  std::string out(mac);
  for (char& c : out) {
    c = c == ':' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

const SchemaNode& TerminalBindingNameSchema() {
  // One object per tenant: its name is fixed, so that `get`, `export` and the inventory agree on
  // it.
  static const SchemaNode schema =
      String("The tenant's one TerminalBinding: always `default`.").Enum({"default"});
  return schema;
}

const SchemaNode& TerminalBindingSpecSchema() {
  static const SchemaNode schema = MakeSpecSchema();
  return schema;
}

TerminalBindingSpec DecodeTerminalBinding(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  TerminalBindingSpec t;
  t.tc_bind_switch = f.Str("tcBindSwitch");
  t.tc_auto_bind_switch = f.Str("tcAutoBindSwitch");
  t.tc_auto_bind_max = f.Int("tcAutoBindMax");
  if (!f.Has("bindings")) return t;
  t.bindings.emplace();
  std::map<std::string, std::pair<std::size_t, std::string>> first;  // canonical MAC -> item
  std::size_t i = 0;
  for (const Fields& b : f.List("bindings")) {
    const std::string text = b.StrOr("mac", "");
    TerminalBindingItem item{CanonicalMac(text), b.StrOr("desktopName", ""), b.Str("description")};
    auto [it, fresh] = first.emplace(item.mac, std::pair{i, text});
    // The same text twice is the schema's duplicate; the same MAC in another case is this one.
    if (!fresh && !item.mac.empty() && it->second.second != text) {
      ctx.Error(b.MarkOf("mac"), StrCat("spec.bindings[", i, "].mac"),
                StrCat(Quote(item.mac), " is bound already by spec.bindings[", it->second.first,
                       "] (MAC addresses compare without case)"));
    }
    ctx.AddRef("Desktop", item.desktop_name, StrCat("spec.bindings[", item.mac, "].desktopName"),
               b.MarkOf("desktopName"));
    t.bindings->push_back(std::move(item));
    ++i;
  }
  return t;
}

const KindInfo& TerminalBindingKind() {
  static const KindInfo kind{kKind,
                             "terminalbindings",
                             "The tenant's terminal-desktop binding: switches and bindings by MAC "
                             "(4.15).",
                             false,
                             TerminalBindingNameSchema,
                             TerminalBindingSpecSchema,
                             DecodeAs<TerminalBindingSpec, DecodeTerminalBinding>,
                             {"4.15"},
                             {"terminalbinding", "bindings"},
                             Singleton<kKind>};
  return kind;
}

}  // namespace deskops::specs
