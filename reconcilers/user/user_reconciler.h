#pragma once
// Users (4.8): created in one batch call (4.8.7) per run, modified with 4.8.5, locked and unlocked
// with 4.8.8, deleted in one batch call (4.8.6). Passwords are read from their source (environment
// variable or file) only when a user is created, and never diffed: they cannot be read back. A
// source that is missing is a plan error of that user alone, found before any call. aliasName is
// sent on create and cannot be changed later (4.8.5 has no such field) nor read back: a changed
// alias is refused. Observed with one list call (4.8.1 returns every user); each user's group
// names go into the LiveIndex (attribute "groups", one name per line) for UserGroup's membership
// diff, and its SID (attribute "sid") for policy targets.

#include <optional>
#include <string>
#include <variant>

#include "cloud/users.h"
#include "reconcilers/engine/kind.h"
#include "specs/user.h"

namespace deskops::reconcilers::user {

struct Create {
  cloud::users::CreateRequest request;  // without the password
  std::optional<specs::SecretSource> password_from;
};
struct Modify {
  std::string id;
  cloud::users::ModifyRequest request;
};
struct Lock {
  std::string id, op_type;  // LOCK or UNLOCK
};
using Step = std::variant<Create, Modify, Lock>;

class Reconciler final : public TypedKind<specs::UserSpec, cloud::users::User, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.user_name; }
  std::string_view IdOf(const Live& live) const override { return live.id; }
  void Attributes(const Live& live, LiveRef& ref) const override;
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

}  // namespace deskops::reconcilers::user
