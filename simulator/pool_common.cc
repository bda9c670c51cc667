#include "simulator/pool_common.h"

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/desktop_common.h"

namespace deskops::simulator {
core::StatusOr<PoolVolume> ReadPoolVolume(Context& ctx, BodyReader& r, bool system) {
  PoolVolume v;
  v.id = r.Str("id").value_or("");
  v.type = r.Str("type", Need::kRequired).value_or("");
  v.size = static_cast<int>(r.Int("size", Need::kRequired).value_or(0));
  r.Str("resource_spec_code");
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(ValidateVolume(v.type, v.size, system, r.path()));
  if (v.id.empty()) v.id = ctx.state.NewUuid();
  return v;
}

core::Status ReadPoolImageAndDisks(Context& ctx, BodyReader& r, Pool* pool) {
  const Catalog& catalog = ctx.state.catalog();
  pool->product_id = r.Str("product_id", Need::kRequired).value_or("");
  pool->flavor_id = r.Str("flavor_id").value_or("");
  pool->image_type = r.Enum("image_type", Need::kRequired, {"private", "gold"}).value_or("");
  pool->image_id = r.Str("image_id", Need::kRequired).value_or("");
  if (const nlohmann::json* root = r.Object("root_volume", Need::kRequired)) {
    BodyReader rv(*root, "root_volume");
    DESKOPS_ASSIGN_OR_RETURN(pool->root_volume, ReadPoolVolume(ctx, rv, true));
  }
  r.ForEach("data_volumes", Need::kOptional, 10, [&](BodyReader& item, std::size_t) {
    auto v = ReadPoolVolume(ctx, item, false);
    if (v.ok()) pool->data_volumes.push_back(*v);
    return v.status();
  });
  pool->vpc_id = r.Str("vpc_id").value_or(catalog.vpcs.empty() ? "" : catalog.vpcs.front().id);
  pool->subnet_ids = r.StrList("subnet_ids", Need::kRequired).value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(pool->security_group_ids, ReadSecurityGroups(ctx, r));
  DESKOPS_RETURN_IF_ERROR(
      CheckProductAndImage(ctx, pool->product_id, pool->image_id, pool->image_type));
  for (const std::string& id : pool->subnet_ids) {
    if (!catalog.FindSubnet(id)) return ResourceNotFoundInBody("subnet", id);
  }
  return core::Status::Ok();
}

QuotaDelta PoolQuota(const Context& ctx, const Pool& pool, int desktops) {
  std::vector<int> sizes = {pool.root_volume.size};
  for (const PoolVolume& v : pool.data_volumes) sizes.push_back(v.size);
  return DesktopQuota(ctx.state.catalog(), pool.product_id, desktops, sizes);
}

DesktopSpec PoolDesktopSpec(const State& state, const Pool& pool) {
  DesktopSpec spec;
  spec.type = "POOLED";
  spec.pool_id = pool.id;
  spec.availability_zone = pool.availability_zone;
  spec.product_id = pool.product_id;
  spec.image_id = pool.image_id;
  spec.image_type = pool.image_type;
  spec.root_type = pool.root_volume.type;
  spec.root_size = pool.root_volume.size;
  for (const PoolVolume& v : pool.data_volumes) spec.data_volumes.emplace_back(v.type, v.size);
  spec.subnet_id =
      pool.subnet_ids.empty() ? state.catalog().subnets.front().id : pool.subnet_ids.front();
  spec.security_group_ids = pool.security_group_ids;
  spec.enterprise_project_id = pool.enterprise_project_id;
  spec.ou_name = pool.ou_name;
  return spec;
}

Job* StartPoolDesktops(Context& ctx, const Pool& pool, int count, std::string job_type) {
  const DesktopSpec spec = PoolDesktopSpec(ctx.state, pool);
  std::vector<std::string> taken;
  std::vector<Desktop> desktops;
  for (int i = 0; i < count; ++i) {
    std::string name = GenerateDesktopName(ctx, pool.desktop_name_policy_id, "", &taken);
    desktops.push_back(NewDesktop(ctx, spec, name, {}));
  }
  return StartCreateJob(ctx, std::move(desktops), std::move(job_type), pool.id);
}

}  // namespace deskops::simulator
