#pragma once
// The terminal-binding family's state (4.15): the tenant's binding switch (4.15.1/4.15.2) and the
// bindings of terminals, by MAC address, to desktops (4.15.3-4.15.6). The snapshot uses the API's
// field names: {tc_bind_switch, tc_auto_bind_switch, tc_auto_bind_max, bind_list: [...]}.
// Handlers reach it as ctx.state.Ext<TerminalStore>(); like all state it is guarded by the
// Simulator's lock. Nothing is seeded: the switches start OFF, tc_auto_bind_max at its documented
// default 1 (L32811), no bindings.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "simulator/ordered_store.h"
#include "simulator/state_extension.h"

namespace deskops::simulator {

// TerminalsBindingDesktopsInfo (4.15.3 L33015-33018), and the desktop's ID (CreateTerminals
// BindingDesktopsResult's sid, L33148), which no read returns.
struct TerminalBinding {
  std::string id;
  std::string mac;  // AA-BB-CC-DD-EE-FF
  std::string desktop_name;
  std::string description;
  std::string sid;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TerminalBinding, id, mac, desktop_name, description,
                                                sid)

struct BindingSwitch {
  std::string tc_bind_switch = "OFF";
  std::string tc_auto_bind_switch = "OFF";
  std::int64_t tc_auto_bind_max = 1;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(BindingSwitch, tc_bind_switch, tc_auto_bind_switch,
                                                tc_auto_bind_max)

class TerminalStore final : public StateExtension {
 public:
  void Reset(const Catalog& catalog) override;
  nlohmann::json Snapshot() const override;
  void Restore(const nlohmann::json& part) override;

  // The binding of this MAC address (compared without case), if any.
  TerminalBinding* FindByMac(std::string_view mac) const;

  BindingSwitch config;
  OrderedStore<TerminalBinding> bindings;
};

// "AA-BB-CC-DD-EE-FF": six pairs of hex digits joined by '-', the reference's form (L33064),
// upper-cased; nullopt for anything else.
std::optional<std::string> CanonicalMac(std::string_view text);

}  // namespace deskops::simulator
