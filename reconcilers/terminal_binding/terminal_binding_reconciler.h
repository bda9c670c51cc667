#pragma once
// TerminalBinding (4.15): the tenant's one terminal-desktop binding object (a singleton): the
// binding switches (4.15.1 read, 4.15.2 set) and the bindings of terminals to desktops, keyed by
// MAC address (4.15.3 list, 4.15.4 add, 4.15.5 modify, 4.15.6 delete), each call one binding.
//
// Only what the manifest sets is managed. `bindings` is exact for the bindings deskops added or
// adopted, which the inventory records on the object ("binding:<MAC>"): one that leaves the list
// is deleted, by its MAC, under the prune rules (--prune, the deletion budget; a Verb::kDelete
// action). A live binding the manifest declares but deskops did not add is adopted under the usual
// adoption rules; live bindings neither declared nor deskops' are left alone. When the manifest
// goes, the bindings deskops added go too (prune rules), the switches stay: nothing is reset.
// Desktops are named (desktop_name): references to Desktop objects, sent as the tenant spells
// them.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "reconcilers/engine/kind.h"
#include "reconcilers/terminal_binding/terminal_client.h"
#include "specs/terminal_binding.h"

namespace deskops::reconcilers::terminal_binding {

// What 4.15.1 and 4.15.3 report: the tenant's one TerminalBinding.
struct Tenant {
  cloud::terminals::Config config;
  std::vector<cloud::terminals::Binding> bindings;
};

// 4.15.2: the desired switches, and the live tc_bind_switch (mandatory in the call) to send when
// the manifest leaves it unmanaged or deskops.io/ignore-changes drops its change.
struct Configure {
  std::optional<std::string> bind_switch, auto_switch;
  std::optional<std::int64_t> auto_max;
  std::string live_bind_switch;
};
struct AddBinding {
  std::string mac, desktop_name;
  std::optional<std::string> description;
};
// 4.15.5 sends the whole binding: the desired desktop and description, and the live ones to send
// instead when deskops.io/ignore-changes drops a change.
struct ModifyBinding {
  cloud::terminals::Binding want, live;
};
struct DeleteBinding {
  std::string id, mac;
};
// Bindings the manifest declares that exist already: recorded as deskops', no call.
struct AdoptBindings {};
using Step = std::variant<Configure, AddBinding, ModifyBinding, DeleteBinding, AdoptBindings>;

// The inventory record of a binding deskops added or adopted, and its path in plans.
std::string BindingKey(const std::string& mac);
std::string BindingPath(const std::string& mac);

// The planners (terminal_binding_plan.cc), pure.
void PlanSwitches(const ObjectContext& ctx, const specs::TerminalBindingSpec& spec,
                  const Tenant& live, ObjectPlan& p);
void PlanBindings(const ObjectContext& ctx, const specs::TerminalBindingSpec& spec,
                  const Tenant& live, ObjectPlan& p);
// The manifest is gone (and no other declares the object): the bindings deskops added or adopted
// are deleted under the prune rules; the switches stay as they are.
void PlanRelease(const DeleteContext& ctx, const Tenant& live, ObjectPlan& p);

class Reconciler final : public TypedKind<specs::TerminalBindingSpec, Tenant, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live&) const override { return "default"; }
  // The tenant-wide binding configuration has no ID of its own: it is named, like its manifest.
  std::string_view IdOf(const Live&) const override { return "default"; }
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  void PlanDelete(const DeleteContext& ctx, const Live& live, ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

}  // namespace deskops::reconcilers::terminal_binding
