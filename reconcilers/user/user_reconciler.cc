#include "reconcilers/user/user_reconciler.h"

#include <fstream>
#include <sstream>

#include "core/redact.h"
#include "core/strings.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/export.h"
#include "specs/user.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
namespace users = cloud::users;

namespace {

struct CreatePayload : ActionPayload {
  users::CreateRequest request;  // without the password
  std::optional<specs::SecretSource> password_from;
};
struct ModifyPayload : ActionPayload {
  std::string id;
  users::ModifyRequest request;
};
struct LockPayload : ActionPayload {
  std::string id, op_type;  // LOCK or UNLOCK
};
struct IdPayload : ActionPayload {
  std::string id;
};

// "0" and an expiry in any of the forms the API uses, as epoch milliseconds for comparison.
std::string NormalizeExpiry(const std::string& value) {
  if (value.empty() || value == "0") return "0";
  if (value.find_first_not_of("0123456789") == std::string::npos) return value;  // already ms
  std::tm tm{};
  if (!strptime(value.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return value;
  return std::to_string(static_cast<long long>(timegm(&tm)) * 1000);
}

core::StatusOr<std::string> ReadSecret(const specs::SecretSource& source) {
  std::string value;
  if (source.env) {
    const char* v = std::getenv(source.env->c_str());
    if (!v || !*v) {
      return Status::FailedPrecondition(
          StrCat("the password variable ", *source.env, " is not set"));
    }
    value = v;
  } else if (source.file) {
    std::ifstream in(*source.file, std::ios::binary);
    if (!in) return Status::FailedPrecondition(StrCat("cannot read password file ", *source.file));
    std::ostringstream s;
    s << in.rdbuf();
    value = std::string(core::Trim(s.str()));
  }
  core::SecretRegistry::Global().Register(value);
  return value;
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
  if (Compare(c, "spec.enableChangePassword", s.enable_change_password,
              u.enable_change_password)) {
    r.enable_change_password = s.enable_change_password;
  }
  if (Compare(c, "spec.nextLoginChangePassword", s.next_login_change_password,
              u.next_login_change_password)) {
    r.next_login_change_password = s.next_login_change_password;
  }
  if (Compare(c, "spec.passwordNeverExpired", s.password_never_expired,
              u.password_never_expired)) {
    r.password_never_expired = s.password_never_expired;
  }
  if (Compare(c, "spec.disabled", s.disabled, u.disabled)) r.disabled = s.disabled;
  return c;
}

Action MakeAction(const std::string& name, Verb verb, std::string op,
                 std::shared_ptr<const ActionPayload> payload) {
  Action a;
  a.kind = "User";
  a.name = name;
  a.verb = verb;
  a.api_calls = {std::move(op)};
  a.payload = std::move(payload);
  return a;
}

}  // namespace

std::unique_ptr<Reconciler> MakeUserReconciler() { return std::make_unique<UserReconciler>(); }

void UserReconciler::SetObserved(std::vector<users::User> users) {
  live_ = std::move(users);
  by_name_.clear();
  for (std::size_t i = 0; i < live_.size(); ++i) by_name_.emplace(live_[i].user_name, i);
}

// A map keeps the diff linear in the number of users.
const users::User* UserReconciler::Live(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &live_[it->second];
}

namespace {

// What other kinds may need of a user: its SID (policy targets) and the names of its groups, so
// UserGroup can read membership from the one user list instead of one call per group.
LiveRef Ref(const users::User& u) {
  return {"User", u.user_name, u.id, {{"sid", u.sid}, {"groups", core::Join(u.group_names, "\n")}}};
}

}  // namespace

Status UserReconciler::Observe(cloud::ApiClient& client, LiveIndex& index) {
  DESKOPS_ASSIGN_OR_RETURN(auto listed, users::List(client));
  SetObserved(std::move(listed));
  for (const auto& u : live_) index.Put(Ref(u));
  return Status::Ok();
}

void UserReconciler::Diff(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const specs::Object* o : ctx.desired) {
    const auto& spec = *o->As<specs::UserSpec>();
    const std::string& name = o->meta.name;
    const users::User* live = Live(name);
    if (!live) {
      if (const PendingCreate* p = ctx.Pending("User", name)) {
        Action a = MakeAction(name, Verb::kCreate, "users.create", nullptr);
        a.held_by = "in-flight";
        a.held_reason = p->reason;
        plan.Add(std::move(a));
        continue;
      }
      auto payload = std::make_shared<CreatePayload>();
      payload->request = CreateRequestFor(name, spec);
      payload->password_from = spec.password_from;
      Action a = MakeAction(name, Verb::kCreate, "users.batch_create", payload);
      a.batch_key = "users.batch_create";
      plan.Add(std::move(a));
      continue;
    }
    bool acted = false;
    if (!ctx.Owned("User", name)) {
      const bool adopt = o->policy.adopt.value_or(ctx.options.AdoptKind("User"));
      if (!adopt) {
        plan.Error("User", name, "a user of this name exists but deskops does not own it; "
                                 "allow adoption (deskops.io/adopt: \"true\") to manage it");
        continue;
      }
      auto payload = std::make_shared<IdPayload>();
      payload->id = live->id;
      plan.Add(MakeAction(name, Verb::kAdopt, "(none)", payload));  // not a change to the user
    }
    if (spec.enterprise_project_id && !live->enterprise_project_id.empty()) {
      if (auto msg = Immutable("spec.enterpriseProjectId", *spec.enterprise_project_id,
                               live->enterprise_project_id)) {
        plan.Error("User", name, *msg);
        continue;
      }
    }
    auto modify = std::make_shared<ModifyPayload>();
    modify->id = live->id;
    std::vector<FieldChange> changes = Changes(spec, *live, modify->request);
    if (!changes.empty()) {
      Action a = MakeAction(name, Verb::kUpdate, "users.modify", modify);
      a.changes = std::move(changes);
      plan.Add(std::move(a));
      acted = true;
    }
    if (spec.locked && *spec.locked != live->locked) {
      auto lock = std::make_shared<LockPayload>();
      lock->id = live->id;
      lock->op_type = *spec.locked ? "LOCK" : "UNLOCK";
      Action a = MakeAction(name, Verb::kUpdate, "users.action", lock);
      a.changes = {{"spec.locked", Show(live->locked), Show(*spec.locked)}};
      a.disruption = *spec.locked ? Disruption::kDisruptive : Disruption::kSafe;
      plan.Add(std::move(a));
      acted = true;
    }
    if (!acted) plan.InSync();
  }
  for (const auto& owned : ctx.inventory.OfKind("User")) {
    if (ctx.manifests.Find("User", owned.name)) continue;
    const users::User* live = Live(owned.name);
    if (!live) continue;  // already gone
    auto payload = std::make_shared<IdPayload>();
    payload->id = live->id;
    Action a = MakeAction(owned.name, Verb::kDelete, "users.batch_delete", payload);
    a.batch_key = "users.batch_delete";
    a.disruption = Disruption::kDestructive;
    plan.Add(std::move(a));
  }
}

std::vector<ActionResult> UserReconciler::Execute(ExecContext& ctx,
                                                  const std::vector<const Action*>& batch) {
  const Action& first = *batch.front();
  if (first.verb == Verb::kAdopt) {
    ctx.inventory.Own("User", first.name, first.As<IdPayload>()->id);
    return {ActionResult{}};
  }
  if (first.verb == Verb::kCreate) {
    std::vector<users::CreateRequest> requests;
    for (const Action* a : batch) {
      const auto* p = a->As<CreatePayload>();
      users::CreateRequest r = p->request;
      if (p->password_from) {
        auto pw = ReadSecret(*p->password_from);
        if (!pw.ok()) {
          return std::vector<ActionResult>(
              batch.size(), ActionResult{pw.status().Annotate(StrCat("create user ", a->name)),
                                         "", ""});
        }
        r.password = *pw;
      }
      requests.push_back(std::move(r));
    }
    auto results = CallOnce(ctx, "users.batch_create", batch, [&]() -> core::StatusOr<std::string> {
      DESKOPS_RETURN_IF_ERROR(users::BatchCreate(ctx.client, requests));
      return std::string();
    });
    if (results.front().status.ok()) {
      for (const Action* a : batch) ctx.inventory.Own("User", a->name, "");
      // 4.8.7 returns no IDs: one list call finds them for later phases (groups, desktops).
      if (auto listed = users::List(ctx.client); listed.ok()) {
        for (const auto& u : *listed) {
          ctx.index.Put(Ref(u));
          if (ctx.inventory.Find("User", u.user_name)) ctx.inventory.Own("User", u.user_name, u.id);
        }
      }
    }
    return results;
  }
  if (first.verb == Verb::kDelete) {
    std::vector<std::string> ids;
    for (const Action* a : batch) ids.push_back(a->As<IdPayload>()->id);
    auto results = CallOnce(ctx, "users.batch_delete", batch, [&]() -> core::StatusOr<std::string> {
      DESKOPS_RETURN_IF_ERROR(users::BatchDelete(ctx.client, ids));
      return std::string();
    });
    if (results.front().status.ok()) {
      for (const Action* a : batch) ctx.inventory.Remove("User", a->name);
    }
    return results;
  }
  if (const auto* m = first.As<ModifyPayload>()) {
    return CallOnce(ctx, "users.modify", batch, [&]() -> core::StatusOr<std::string> {
      DESKOPS_RETURN_IF_ERROR(users::Modify(ctx.client, m->id, m->request));
      return std::string();
    });
  }
  const auto* l = first.As<LockPayload>();
  return CallOnce(ctx, "users.action", batch, [&]() -> core::StatusOr<std::string> {
    DESKOPS_RETURN_IF_ERROR(users::Action(ctx.client, l->id, l->op_type));
    return std::string();
  });
}

void UserReconciler::AfterJob(ExecContext&, const Action&, bool, const std::vector<std::string>&) {}

std::string UserReconciler::Export(const Inventory& inventory, bool owned_only) const {
  std::string out;
  for (const auto& u : live_) {
    if (owned_only && !inventory.Find("User", u.user_name)) continue;
    ExportDoc doc("User", u.user_name);
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
      for (char& c : var) c = std::isalnum(static_cast<unsigned char>(c))
                                  ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                                  : '_';
      doc.Set("passwordFrom.env", var);
    }
    out += doc.Yaml();
  }
  return out;
}

}  // namespace deskops::reconcilers
