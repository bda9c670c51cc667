#include "reconcilers/user/user_reconciler.h"

#include <nlohmann/json.hpp>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/secrets.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace user {

using core::Status;
using core::StrCat;
namespace users = cloud::users;
namespace ops = cloud::ops;

namespace {

// "0" and an expiry in any of the forms the API uses, as epoch milliseconds for comparison.
std::string NormalizeExpiry(const std::string& value) {
  if (value.empty() || value == "0") return "0";
  if (value.find_first_not_of("0123456789") == std::string::npos) return value;  // already ms
  std::tm tm{};
  if (!strptime(value.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return value;
  return std::to_string(static_cast<long long>(timegm(&tm)) * 1000);
}

users::CreateRequest CreateRequestFor(const std::string& name, const specs::UserSpec& s) {
  users::CreateRequest r;
  r.user_name = name;
  r.user_email = s.user_email;
  r.user_phone = s.user_phone;
  r.account_expires = s.account_expires;
  r.active_type = s.active_type;
  r.enable_change_password = s.enable_change_password;
  r.next_login_change_password = s.next_login_change_password;
  r.description = s.description;
  r.alias_name = s.alias_name;
  r.enterprise_project_id = s.enterprise_project_id;
  r.user_info_map = s.user_info_map;
  return r;
}

// What 4.8.5 would change, and the matching request.
std::vector<FieldChange> Changes(const specs::UserSpec& s, const users::User& u,
                                 users::ModifyRequest& r) {
  std::vector<FieldChange> c;
  if (Compare(c, "spec.userEmail", s.user_email, u.user_email)) r.user_email = s.user_email;
  if (Compare(c, "spec.userPhone", s.user_phone, u.user_phone)) r.user_phone = s.user_phone;
  if (Compare(c, "spec.description", s.description, u.description)) r.description = s.description;
  if (Compare(c, "spec.activeType", s.active_type, u.active_type)) r.active_type = s.active_type;
  if (Compare(c, "spec.userInfoMap", s.user_info_map, u.user_info_map)) {
    r.user_info_map = s.user_info_map;
  }
  if (s.account_expires &&
      NormalizeExpiry(*s.account_expires) != NormalizeExpiry(u.account_expires)) {
    c.push_back({"spec.accountExpires", Show(u.account_expires), Show(*s.account_expires)});
    r.account_expires = s.account_expires;
  }
  if (Compare(c, "spec.enableChangePassword", s.enable_change_password, u.enable_change_password)) {
    r.enable_change_password = s.enable_change_password;
  }
  if (Compare(c, "spec.nextLoginChangePassword", s.next_login_change_password,
              u.next_login_change_password)) {
    r.next_login_change_password = s.next_login_change_password;
  }
  if (Compare(c, "spec.passwordNeverExpired", s.password_never_expired, u.password_never_expired)) {
    r.password_never_expired = s.password_never_expired;
  }
  if (Compare(c, "spec.disabled", s.disabled, u.disabled)) r.disabled = s.disabled;
  return c;
}

// Users are created in one 4.8.7 call. A user whose password cannot be read is left out of it
// (its failure is its own); when the API refuses the whole request, each user is created on its
// own with 4.8.2, so one bad user does not fail the others.
std::vector<ActionResult> CreateUsers(ExecContext& ctx, const std::vector<const Action*>& batch) {
  std::vector<ActionResult> results(batch.size());
  std::vector<const Action*> sendable;
  std::vector<users::CreateRequest> requests;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Action* a = batch[i];
    const auto& c = std::get<Create>(StepOf<Step>(*a));
    users::CreateRequest r = c.request;
    if (c.password_from) {
      // Checked when planning; read now, when it is needed, and only here.
      auto pw = ReadSecret(*c.password_from, "password");
      if (!pw.ok()) {
        results[i].status = pw.status().Annotate(StrCat("create user ", a->name));
        continue;
      }
      r.password = *pw;
    }
    sendable.push_back(a);
    requests.push_back(std::move(r));
  }
  if (sendable.empty()) return results;
  std::vector<ActionResult> sent = CallSync(ctx, ops::kBatchCreateUsers, sendable, [&] {
    return users::BatchCreate(ctx.client, requests);
  });
  sent = EachAloneIfRefused(ctx, sendable, std::move(sent), [&](std::size_t k) {
    return CallCreate(ctx, ops::kCreateUser, *sendable[k],
                      [&] { return users::Create(ctx.client, requests[k]); });
  });
  for (std::size_t i = 0, k = 0; i < batch.size(); ++i) {
    if (k < sendable.size() && sendable[k] == batch[i]) results[i] = sent[k++];
  }
  return results;
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::UserKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{},
      .batch_delete = &ops::kBatchDeleteUsers,
      .delete_ids = [](cloud::ApiClient& client,
                       const std::vector<std::string>& ids) -> core::StatusOr<std::string> {
        DESKOPS_RETURN_IF_ERROR(users::BatchDelete(client, ids));
        return std::string();
      }};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListUsers,  &ops::kBatchCreateUsers, &ops::kCreateUser,
          &ops::kModifyUser, &ops::kUserAction,       &ops::kBatchDeleteUsers};
}

core::StatusOr<std::vector<users::User>> Reconciler::List(const ObserveContext& ctx) const {
  users::Query q;
  q.user_name = ctx.name;
  DESKOPS_ASSIGN_OR_RETURN(auto listed, users::List(ctx.client, q));
  if (ctx.name) std::erase_if(listed, [&](const auto& u) { return u.user_name != *ctx.name; });
  return listed;
}

// What other kinds may need of a user: its SID (policy targets) and the names of its groups, so
// UserGroup can read membership from the one user list instead of one call per group.
void Reconciler::Attributes(const Live& u, LiveRef& ref) const {
  ref.attrs = {{"sid", u.sid}, {"groups", core::Join(u.group_names, "\n")}};
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  if (spec.password_from) {
    if (std::string problem = SecretProblem(*spec.password_from, "password"); !problem.empty()) {
      p.errors.push_back(StrCat("spec.passwordFrom: ", problem));
      return;
    }
  }
  Action a = NewStep(ctx.name(), Verb::kCreate, {&ops::kBatchCreateUsers},
                     Create{CreateRequestFor(ctx.name(), spec), spec.password_from});
  a.need.users = 1;
  a.batch_key = std::string(ops::kBatchCreateUsers.id);
  // Sent on create only and never returned: remembered, so that a later change is refused.
  std::vector<FieldChange> ignored;
  ctx.WriteOnly("spec.aliasName", spec.alias_name, ignored, a.records);
  p.actions.push_back(std::move(a));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  if (spec.enterprise_project_id && !live.enterprise_project_id.empty() &&
      *spec.enterprise_project_id != live.enterprise_project_id) {
    p.Immutable("spec.enterpriseProjectId", Show(*spec.enterprise_project_id),
                Show(live.enterprise_project_id));
  }
  std::vector<FieldChange> alias;
  std::map<std::string, std::string> alias_record;
  if (ctx.WriteOnly("spec.aliasName", spec.alias_name, alias, alias_record)) {
    if (ctx.owned && !ctx.owned->Record(AppliedKey("spec.aliasName")).empty()) {
      p.errors.push_back(
          "spec.aliasName cannot change once the user exists (4.8.5 has no alias_name); change it "
          "back, or delete and re-create the user");
      return;
    }
    // Adopted, or created before deskops remembered it: what the user has cannot be read back,
    // so deskops records the manifest's alias from now on.
    p.records.insert(alias_record.begin(), alias_record.end());
  }
  Modify modify{live.id, {}};
  std::vector<FieldChange> changes = Changes(spec, live, modify.request);
  if (!changes.empty()) {
    Action a = NewStep(ctx.name(), Verb::kUpdate, {&ops::kModifyUser}, std::move(modify));
    a.changes = std::move(changes);
    p.actions.push_back(std::move(a));
  }
  if (spec.locked && *spec.locked != live.locked) {
    Action a = NewStep(ctx.name(), Verb::kUpdate, {&ops::kUserAction},
                       Lock{live.id, *spec.locked ? "LOCK" : "UNLOCK"});
    a.changes = {{"spec.locked", Show(live.locked), Show(*spec.locked)}};
    a.disruption = *spec.locked ? Disruption::kDisruptive : Disruption::kSafe;
    p.actions.push_back(std::move(a));
  }
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  const Step& first = StepOf<Step>(*batch.front());
  if (std::holds_alternative<Create>(first)) return CreateUsers(ctx, batch);
  std::vector<ActionResult> results;
  for (const Action* a : batch) {
    const Step& step = StepOf<Step>(*a);
    if (const auto* m = std::get_if<Modify>(&step)) {
      results.push_back(CallSync(ctx, ops::kModifyUser, *a,
                                 [&] { return users::Modify(ctx.client, m->id, m->request); }));
    } else {
      const auto& l = std::get<Lock>(step);
      results.push_back(CallSync(ctx, ops::kUserAction, *a,
                                 [&] { return users::Action(ctx.client, l.id, l.op_type); }));
    }
  }
  return results;
}

void Reconciler::ExportTo(const Live& u, const ExportContext&, ExportDoc& doc) const {
  doc.Set("userEmail", u.user_email)
      .Set("userPhone", u.user_phone)
      .Set("activeType", u.active_type)
      .Set("description", u.description)
      .Set("accountExpires", u.account_expires)
      .Set("enableChangePassword", u.enable_change_password)
      .Set("nextLoginChangePassword", u.next_login_change_password)
      .Set("passwordNeverExpired", u.password_never_expired)
      .Set("disabled", u.disabled)
      .Set("locked", u.locked);
  if (u.active_type == "ADMIN_ACTIVATE") {
    // The password cannot be read back, and is only used when a user is created; a placeholder
    // source keeps the manifest valid.
    std::string var = "DESKOPS_PASSWORD_" + u.user_name;
    for (char& c : var) {
      c = std::isalnum(static_cast<unsigned char>(c))
              ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
              : '_';
    }
    doc.Set("passwordFrom.env", var);
  }
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "EMAIL", "ACTIVATION", "LOCKED", "DISABLED", "GROUPS"};
}

Reconciler::Row Reconciler::RowOf(const Live& u) const {
  return {{u.user_name, u.id, u.user_email, u.active_type, u.locked ? "yes" : "no",
           u.disabled ? "yes" : "no", core::Join(u.group_names, ",")},
          nlohmann::json{{"name", u.user_name},
                         {"id", u.id},
                         {"user_email", u.user_email},
                         {"user_phone", u.user_phone},
                         {"active_type", u.active_type},
                         {"account_expires", u.account_expires},
                         {"locked", u.locked},
                         {"disabled", u.disabled},
                         {"group_names", u.group_names},
                         {"description", u.description}}
              .dump()};
}

}  // namespace user

std::unique_ptr<reconcilers::Reconciler> MakeUserReconciler() {
  return std::make_unique<user::Reconciler>();
}

}  // namespace deskops::reconcilers
