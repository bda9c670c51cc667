// The built-in seeded tenant (catalog.h). Products and images list only what differs from the
// defaults LoadCatalog() fills in (catalog.cc). Values come from the reference's examples where it
// has them: product workspace.x86.ultimate.large2 (4.18.1 example L36546), the image and subnet of
// the 4.3.1 example (L5221), AZ az3.manage.x86, security group WorkspaceUserSecurityGroup (4.3.5
// example L6046), OU wggou (4.10.1 example), the AD-only OU UserOU (4.10.5 example L20126) and the
// quota types of 4.25.1 (L42942). The limits are roomy enough for tests and the quick start;
// PUT /_sim/quotas lowers them to make quotas run out.
#include "simulator/catalog.h"

namespace deskops::simulator {
namespace {

constexpr const char* kDefaultSeed = R"json(
{
  "domain_id": "0c7e1d2a4b5f46c8a9d3e6f1b2c4d5e6",
  "site_type": "CENTER",
  "site_name": "Huawei Cloud Central Site",
  "site_id": "0e2dae94-23ff-449a-bb9c-1b808cf2106d",
  "region_id": "cn-north-7",
  "products": [
    {"product_id": "workspace.c2.large.windows.2", "flavor_id": "c2.large.2", "cpu": "2",
     "cpu_desc": "2 vCPUs", "memory": "4096", "descriptions": "General | 2 vCPUs | 4 GB memory",
     "package_type": "general", "os_type": "Windows",
     "name": {"en_us": "General Desktop", "zh_cn": "General edition"}},
    {"product_id": "workspace.c2.xlarge.windows.2", "flavor_id": "c2.xlarge.2", "cpu": "4",
     "cpu_desc": "4 vCPUs", "memory": "8192", "descriptions": "General | 4 vCPUs | 8 GB memory",
     "package_type": "general", "os_type": "Windows",
     "name": {"en_us": "General Desktop", "zh_cn": "General edition"}},
    {"product_id": "workspace.x86.ultimate.large2", "flavor_id": "s6.large.2", "cpu": "2",
     "cpu_desc": "2 vCPUs", "memory": "4096", "descriptions": "Ultimate | 2 vCPUs | 4 GB memory",
     "package_type": "ultimate", "os_type": "Windows",
     "name": {"en_us": "Ultimate Desktop", "zh_cn": "Ultimate edition"}, "charge_mode": "0",
     "system_disk_size": "140"},
    {"product_id": "workspace.x86.ultimate.xlarge2", "flavor_id": "s6.xlarge.2", "cpu": "4",
     "cpu_desc": "4 vCPUs", "memory": "8192", "descriptions": "Ultimate | 4 vCPUs | 8 GB memory",
     "package_type": "ultimate", "os_type": "Windows",
     "name": {"en_us": "Ultimate Desktop", "zh_cn": "Ultimate edition"}, "charge_mode": "0",
     "system_disk_size": "140"},
    {"product_id": "workspace.x86.ultimate.2xlarge4", "flavor_id": "p1.2xlarge.8", "cpu": "8",
     "cpu_desc": "8 vCPUs", "memory": "32768", "descriptions": "Ultimate | 8 vCPUs | 32 GB memory",
     "package_type": "ultimate", "os_type": "Windows",
     "name": {"en_us": "Ultimate Desktop", "zh_cn": "Ultimate edition"}, "system_disk_size": "140"},
    {"product_id": "workspace.k.xlarge.2.linux", "flavor_id": "kc1.xlarge.2", "cpu": "4",
     "cpu_desc": "4 vCPUs", "memory": "8192", "descriptions": "Enterprise | 4 vCPUs | 8 GB memory",
     "package_type": "enterprise", "os_type": "Linux",
     "name": {"en_us": "Enterprise Desktop", "zh_cn": "Enterprise edition"}, "architecture": "arm"},
    {"product_id": "workspace.g5.2xlarge.4.windows", "flavor_id": "g5.2xlarge.4", "cpu": "8",
     "cpu_desc": "8 vCPUs", "memory": "32768",
     "descriptions": "Workstation | 8 vCPUs | 32 GB memory | GPU", "package_type": "workstation",
     "os_type": "Windows", "name": {"en_us": "Workstation Desktop", "zh_cn": "Workstation edition"},
     "is_gpu": true, "gpu_desc": "1 x NVIDIA T4", "system_disk_type": "SSD",
     "system_disk_size": "100"}
  ],
  "images": [
    {"id": "a866298d-67db-44b0-a1f1-9d09bdddc20f", "image_type": "gold", "os_type": "Windows",
     "os_version": "Windows 10 Enterprise 64bit", "name": "Workspace_Windows10_Enterprise",
     "created_at": "2024-03-01T08:00:00Z"},
    {"id": "a866298d-67db-44b0-a1f1-9d09bddd20f", "image_type": "gold", "os_type": "Windows",
     "os_version": "Windows 10 Enterprise 64bit", "name": "Workspace_Windows10_Enterprise_4.4.1",
     "created_at": "2024-03-01T08:00:00Z"},
    {"id": "3f5e7c2a-9b1d-4e6f-8a2c-5d7b9e1f3a4c", "image_type": "gold", "os_type": "Linux",
     "architecture": "arm", "os_version": "UOS 20 64bit", "name": "Workspace_UOS20_Kunpeng",
     "created_at": "2024-05-10T08:00:00Z"},
    {"id": "cc3bbc0b-9441-461b-b80b-48c52f3aed08", "image_type": "private", "os_type": "Windows",
     "os_version": "Windows 10 64bit", "name": "WKS_WIN1064_UserImage",
     "created_at": "2025-05-20T10:12:33Z"}
  ],
  "availability_zones": [
    {"availability_zone": "az3.manage.x86", "display_name": "AZ3",
     "i18n": {"en_us": "AZ3", "zh_cn": "AZ3"}, "sold_out": {"products": []}, "product_ids": [],
     "visible": true, "default_availability_zone": true},
    {"availability_zone": "cn-north-7c", "display_name": "AZ7C",
     "i18n": {"en_us": "AZ7C", "zh_cn": "AZ7C"}, "sold_out": {"products": []},
     "product_ids": [], "visible": true, "default_availability_zone": false}
  ],
  "vpcs": [
    {"id": "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d", "name": "vpc-workspace",
     "cidr": "172.16.0.0/12"}
  ],
  "subnets": [
    {"id": "5dee0216-2260-47c2-9368-98a27d910e55", "name": "subnet-workspace-1",
     "cidr": "172.16.0.0/16", "vpc_id": "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d"},
    {"id": "c7f30df4-f3ac-4807-9599-18950b05455f", "name": "subnet-workspace-2",
     "cidr": "172.26.0.0/16", "vpc_id": "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d"}
  ],
  "security_groups": [
    {"id": "ff2c8d48-c32a-4d25-8566-1d1db9119037", "name": "WorkspaceUserSecurityGroup"},
    {"id": "2d6b9f1e-4c3a-47d8-b5e2-9a0c1f3e5d7b", "name": "sg-desktops-default"}
  ],
  "ous": [
    {"id": "2c90833f7f435594017f446a684b0017", "domain": "wksmanager.wks.com",
     "domain_id": "wksmanager.wks.com", "ou_name": "wggou",
     "ou_dn": "OU=wggou,DC=wksmanager,DC=wks,DC=com", "description": ""},
    {"id": "2c90833f7f435594017f446a684b0018", "domain": "wksmanager.wks.com",
     "domain_id": "wksmanager.wks.com", "ou_name": "engineering",
     "ou_dn": "OU=engineering,DC=wksmanager,DC=wks,DC=com", "description": "Engineering"},
    {"id": "2c90833f7f435594017f446a684b0019", "domain": "wksmanager.wks.com",
     "domain_id": "wksmanager.wks.com", "ou_name": "finance",
     "ou_dn": "OU=finance,DC=wksmanager,DC=wks,DC=com", "description": "Finance"}
  ],
  "ad_ous": [
    {"ou_name": "UserOU", "ou_dn": "OU=UserOU,DC=wksmanager,DC=wks,DC=com"},
    {"ou_name": "marketing", "ou_dn": "OU=marketing,DC=wksmanager,DC=wks,DC=com"}
  ],
  "quotas": [
    {"type": "general_instances", "quota": 500},
    {"type": "volumes", "quota": 5000},
    {"type": "volume_gigabytes", "quota": 500000, "unit": "GB"},
    {"type": "cores", "quota": 4000},
    {"type": "Memory", "quota": 16000, "unit": "GB"},
    {"type": "gpu_instances", "quota": 10},
    {"type": "deh", "quota": 0},
    {"type": "users", "quota": 3000},
    {"type": "policy_groups", "quota": 50},
    {"type": "Cores", "quota": 4000}
  ],
  "site_quotas": []
}
)json";

}  // namespace

const nlohmann::json& DefaultSeed() {
  static const nlohmann::json seed = nlohmann::json::parse(kDefaultSeed);
  return seed;
}

}  // namespace deskops::simulator
