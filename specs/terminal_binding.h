#pragma once
// TerminalBinding: the tenant's terminal-desktop binding (4.15), one object per tenant (a
// singleton, always named `default`): the binding switches (4.15.1/4.15.2) and the bindings of
// terminals to desktops, keyed by the terminal's MAC address, each naming its desktop
// (4.15.3-4.15.6). Only what the manifest sets is managed. Immutable after decoding; thread-safe to
// read.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

struct TerminalBindingItem {
  std::string mac;  // canonical: upper-case AA-BB-CC-DD-EE-FF
  std::string desktop_name;
  std::optional<std::string> description;
  friend bool operator==(const TerminalBindingItem&, const TerminalBindingItem&) = default;
};

struct TerminalBindingSpec {
  std::optional<std::string> tc_bind_switch;       // ON | OFF
  std::optional<std::string> tc_auto_bind_switch;  // ON | OFF
  std::optional<std::int64_t> tc_auto_bind_max;
  // The bindings by MAC; nullopt: bindings are not managed.
  std::optional<std::vector<TerminalBindingItem>> bindings;
};

// "AA-BB-CC-DD-EE-FF": how deskops writes and compares MAC addresses (upper-case hex, '-'; a live
// address written with ':' compares equal).
std::string CanonicalMac(std::string_view mac);

const SchemaNode& TerminalBindingNameSchema();
const SchemaNode& TerminalBindingSpecSchema();
TerminalBindingSpec DecodeTerminalBinding(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& TerminalBindingKind();

}  // namespace deskops::specs
