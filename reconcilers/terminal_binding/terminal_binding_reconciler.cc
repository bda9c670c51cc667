#include "reconcilers/terminal_binding/terminal_binding_reconciler.h"

#include <nlohmann/json.hpp>

#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace terminal_binding {

namespace api = cloud::terminals;
namespace ops = cloud::ops;

namespace {

// The desktop as the tenant spells it (computer names compare without case), else as written.
std::string DesktopName(const ExecContext& ctx, const std::string& name) {
  if (auto ref = ctx.index.Find("Desktop", name)) return ref->name;
  return name;
}

ActionResult RunOne(ExecContext& ctx, const Action& a) {
  const Step& step = StepOf<Step>(a);
  if (const auto* c = std::get_if<Configure>(&step)) {
    // 4.15.2 needs tc_bind_switch every time: the live one unless the manifest changes it.
    const std::string bind =
        c->bind_switch && Keeps(a, "spec.tcBindSwitch") ? *c->bind_switch : c->live_bind_switch;
    auto automatic = Keeps(a, "spec.tcAutoBindSwitch") ? c->auto_switch : std::nullopt;
    auto max = Keeps(a, "spec.tcAutoBindMax") ? c->auto_max : std::nullopt;
    return CallSync(ctx, ops::kSetBindingConfig, a,
                    [&] { return api::SetConfig(ctx.client, bind, automatic, max); });
  }
  if (const auto* add = std::get_if<AddBinding>(&step)) {
    return CallSync(ctx, ops::kAddBindings, a, [&] {
      return api::Add(ctx.client, add->mac, DesktopName(ctx, add->desktop_name), add->description);
    });
  }
  if (const auto* m = std::get_if<ModifyBinding>(&step)) {
    const std::string path = BindingPath(m->want.mac);
    api::Binding b = m->want;
    b.desktop_name = Keeps(a, path + ".desktopName") ? DesktopName(ctx, m->want.desktop_name)
                                                     : m->live.desktop_name;
    if (!Keeps(a, path + ".description")) b.description = m->live.description;
    return CallSync(ctx, ops::kModifyBinding, a, [&] { return api::Modify(ctx.client, b); });
  }
  if (const auto* d = std::get_if<DeleteBinding>(&step)) {
    return CallSync(ctx, ops::kDeleteBindings, a, [&] { return api::Delete(ctx.client, {d->id}); });
  }
  return ActionResult{};  // AdoptBindings: no call, its records make the bindings deskops'
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::TerminalBindingKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{"Desktop"}, .serial = true, .singleton = true};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kGetBindingConfig, &ops::kSetBindingConfig, &ops::kListBindings,
          &ops::kAddBindings,      &ops::kModifyBinding,    &ops::kDeleteBindings};
}

core::StatusOr<std::vector<Tenant>> Reconciler::List(const ObserveContext& ctx) const {
  Tenant t;
  DESKOPS_ASSIGN_OR_RETURN(t.config, api::GetConfig(ctx.client));
  DESKOPS_ASSIGN_OR_RETURN(t.bindings, api::List(ctx.client));
  return std::vector<Tenant>{std::move(t)};
}

void Reconciler::PlanCreate(const ObjectContext&, const Spec&, ObjectPlan&) const {
  // A singleton is never created: the engine plans it with PlanUpdate.
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  PlanSwitches(ctx, spec, live, p);
  PlanBindings(ctx, spec, live, p);
}

void Reconciler::PlanDelete(const DeleteContext& ctx, const Live& live, ObjectPlan& p) const {
  PlanRelease(ctx, live, p);
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) results.push_back(RunOne(ctx, *a));
  return results;
}

void Reconciler::ExportTo(const Live& t, const ExportContext& ctx, ExportDoc& doc) const {
  doc.Set("tcBindSwitch", t.config.tc_bind_switch)
      .Set("tcAutoBindSwitch", t.config.tc_auto_bind_switch);
  if (t.config.tc_auto_bind_max) doc.Set("tcAutoBindMax", *t.config.tc_auto_bind_max);
  // `export --owned`: the bindings deskops added or adopted only.
  std::vector<api::Binding> bindings = t.bindings;
  if (ctx.owned_only) {
    const auto owned = ctx.inventory.Find(Kind(), "default");
    std::erase_if(bindings, [&](const api::Binding& b) {
      return !owned || owned->Record(BindingKey(b.mac)).empty();
    });
  }
  if (bindings.empty()) doc.SetList("bindings", {});
  for (const api::Binding& b : bindings) {
    doc.Append("bindings",
               {{"mac", b.mac}, {"desktopName", b.desktop_name}, {"description", b.description}});
  }
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "BIND SWITCH", "AUTO BIND", "AUTO BIND MAX", "BINDINGS"};
}

Reconciler::Row Reconciler::RowOf(const Live& t) const {
  nlohmann::json bindings = nlohmann::json::array();
  for (const api::Binding& b : t.bindings) {
    bindings.push_back({{"id", b.id},
                        {"mac", b.mac},
                        {"desktop_name", b.desktop_name},
                        {"description", b.description}});
  }
  nlohmann::json j = {{"name", "default"},
                      {"tc_bind_switch", t.config.tc_bind_switch},
                      {"tc_auto_bind_switch", t.config.tc_auto_bind_switch},
                      {"bind_list", bindings}};
  if (t.config.tc_auto_bind_max) j["tc_auto_bind_max"] = *t.config.tc_auto_bind_max;
  return {{"default", t.config.tc_bind_switch, t.config.tc_auto_bind_switch,
           t.config.tc_auto_bind_max ? std::to_string(*t.config.tc_auto_bind_max) : "",
           std::to_string(t.bindings.size())},
          j.dump()};
}

}  // namespace terminal_binding

std::unique_ptr<reconcilers::Reconciler> MakeTerminalBindingReconciler() {
  return std::make_unique<terminal_binding::Reconciler>();
}

}  // namespace deskops::reconcilers
