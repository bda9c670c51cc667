// The built-in seeded tenant (catalog.h). Values come from the reference's examples where it has
// them: product workspace.x86.ultimate.large2 (4.18.1 example L36546), the image and subnet of the
// 4.3.1 example (L5221), AZ az3.manage.x86, security group WorkspaceUserSecurityGroup (4.3.5
// example L6046), OU wggou (4.10.1 example) and the quota types of 4.25.1 (L42942). The limits are
// roomy enough for tests and the quick start; PUT /_sim/quotas lowers them to make quotas run out.
#include "simulator/catalog.h"

namespace deskops::simulator {
namespace {

constexpr const char* kDefaultSeed = R"json(
{
  "domain_id": "0c7e1d2a4b5f46c8a9d3e6f1b2c4d5e6",
  "site_type": "CENTER",
  "site_name": "Huawei Cloud Central Site",
  "products": [
    {"product_id": "workspace.c2.large.windows.2", "flavor_id": "c2.large.2", "type": "BASE",
     "architecture": "x86", "cpu": "2", "cpu_desc": "2 vCPUs", "memory": "4096", "is_gpu": false,
     "system_disk_type": "SAS", "system_disk_size": "80", "data_disk_size": "100", "gpu_desc": "",
     "bill_switch": "on", "descriptions": "General | 2 vCPUs | 4 GB memory",
     "product_desc": {"en_us": "General office edition", "zh_cn": "General office edition"},
     "charge_mode": "1", "contain_data_disk": false,
     "resource_type": "hws.resource.type.workspace.desktop",
     "cloud_service_type": "hws.service.type.vdi", "volume_product_type": "workspace",
     "domain_ids": [], "status": "normal", "package_type": "general",
     "name": {"en_us": "General Desktop", "zh_cn": "General edition"}, "share_space_size": 0,
     "os_type": "Windows"},
    {"product_id": "workspace.c2.xlarge.windows.2", "flavor_id": "c2.xlarge.2", "type": "BASE",
     "architecture": "x86", "cpu": "4", "cpu_desc": "4 vCPUs", "memory": "8192", "is_gpu": false,
     "system_disk_type": "SAS", "system_disk_size": "80", "data_disk_size": "100", "gpu_desc": "",
     "bill_switch": "on", "descriptions": "General | 4 vCPUs | 8 GB memory",
     "product_desc": {"en_us": "General office edition", "zh_cn": "General office edition"},
     "charge_mode": "1", "contain_data_disk": false,
     "resource_type": "hws.resource.type.workspace.desktop",
     "cloud_service_type": "hws.service.type.vdi", "volume_product_type": "workspace",
     "domain_ids": [], "status": "normal", "package_type": "general",
     "name": {"en_us": "General Desktop", "zh_cn": "General edition"}, "share_space_size": 0,
     "os_type": "Windows"},
    {"product_id": "workspace.x86.ultimate.large2", "flavor_id": "s6.large.2", "type": "BASE",
     "architecture": "x86", "cpu": "2", "cpu_desc": "2 vCPUs", "memory": "4096", "is_gpu": false,
     "system_disk_type": "SAS", "system_disk_size": "140", "data_disk_size": "0", "gpu_desc": "",
     "bill_switch": "on", "descriptions": "Ultimate | 2 vCPUs | 4 GB memory",
     "product_desc": {"en_us": "Ultimate edition", "zh_cn": "Ultimate edition"},
     "charge_mode": "0", "contain_data_disk": false,
     "resource_type": "hws.resource.type.workspace.desktop",
     "cloud_service_type": "hws.service.type.vdi", "volume_product_type": "workspace",
     "domain_ids": [], "status": "normal", "package_type": "ultimate",
     "name": {"en_us": "Ultimate Desktop", "zh_cn": "Ultimate edition"}, "share_space_size": 0,
     "os_type": "Windows"},
    {"product_id": "workspace.x86.ultimate.xlarge2", "flavor_id": "s6.xlarge.2", "type": "BASE",
     "architecture": "x86", "cpu": "4", "cpu_desc": "4 vCPUs", "memory": "8192", "is_gpu": false,
     "system_disk_type": "SAS", "system_disk_size": "140", "data_disk_size": "0", "gpu_desc": "",
     "bill_switch": "on", "descriptions": "Ultimate | 4 vCPUs | 8 GB memory",
     "product_desc": {"en_us": "Ultimate edition", "zh_cn": "Ultimate edition"},
     "charge_mode": "0", "contain_data_disk": false,
     "resource_type": "hws.resource.type.workspace.desktop",
     "cloud_service_type": "hws.service.type.vdi", "volume_product_type": "workspace",
     "domain_ids": [], "status": "normal", "package_type": "ultimate",
     "name": {"en_us": "Ultimate Desktop", "zh_cn": "Ultimate edition"}, "share_space_size": 0,
     "os_type": "Windows"},
    {"product_id": "workspace.x86.ultimate.2xlarge4", "flavor_id": "p1.2xlarge.8", "type": "BASE",
     "architecture": "x86", "cpu": "8", "cpu_desc": "8 vCPUs", "memory": "32768", "is_gpu": false,
     "system_disk_type": "SAS", "system_disk_size": "140", "data_disk_size": "0", "gpu_desc": "",
     "bill_switch": "on", "descriptions": "Ultimate | 8 vCPUs | 32 GB memory",
     "product_desc": {"en_us": "Ultimate edition", "zh_cn": "Ultimate edition"},
     "charge_mode": "1", "contain_data_disk": false,
     "resource_type": "hws.resource.type.workspace.desktop",
     "cloud_service_type": "hws.service.type.vdi", "volume_product_type": "workspace",
     "domain_ids": [], "status": "normal", "package_type": "ultimate",
     "name": {"en_us": "Ultimate Desktop", "zh_cn": "Ultimate edition"}, "share_space_size": 0,
     "os_type": "Windows"},
    {"product_id": "workspace.k.xlarge.2.linux", "flavor_id": "kc1.xlarge.2", "type": "BASE",
     "architecture": "arm", "cpu": "4", "cpu_desc": "4 vCPUs (Kunpeng)", "memory": "8192",
     "is_gpu": false, "system_disk_type": "SAS", "system_disk_size": "80", "data_disk_size": "0",
     "gpu_desc": "", "bill_switch": "on", "descriptions": "Enterprise | 4 vCPUs | 8 GB memory",
     "product_desc": {"en_us": "Enterprise edition", "zh_cn": "Enterprise edition"},
     "charge_mode": "1", "contain_data_disk": false,
     "resource_type": "hws.resource.type.workspace.desktop",
     "cloud_service_type": "hws.service.type.vdi", "volume_product_type": "workspace",
     "domain_ids": [], "status": "normal", "package_type": "enterprise",
     "name": {"en_us": "Enterprise Desktop", "zh_cn": "Enterprise edition"}, "share_space_size": 0,
     "os_type": "Linux"},
    {"product_id": "workspace.g5.2xlarge.4.windows", "flavor_id": "g5.2xlarge.4", "type": "BASE",
     "architecture": "x86", "cpu": "8", "cpu_desc": "8 vCPUs", "memory": "32768", "is_gpu": true,
     "system_disk_type": "SSD", "system_disk_size": "100", "data_disk_size": "0",
     "gpu_desc": "1 x NVIDIA T4", "bill_switch": "on",
     "descriptions": "Workstation | 8 vCPUs | 32 GB memory | GPU",
     "product_desc": {"en_us": "Cloud workstation edition", "zh_cn": "Cloud workstation edition"},
     "charge_mode": "1", "contain_data_disk": false,
     "resource_type": "hws.resource.type.workspace.desktop",
     "cloud_service_type": "hws.service.type.vdi", "volume_product_type": "workspace",
     "domain_ids": [], "status": "normal", "package_type": "workstation",
     "name": {"en_us": "Workstation Desktop", "zh_cn": "Workstation edition"},
     "share_space_size": 0, "os_type": "Windows"}
  ],
  "images": [
    {"id": "a866298d-67db-44b0-a1f1-9d09bdddc20f", "image_type": "gold", "os_type": "Windows",
     "architecture": "x86", "os_version": "Windows 10 Enterprise 64bit", "disk_format": "zvhd2",
     "name": "Workspace_Windows10_Enterprise", "min_ram": 0, "min_disk": 80,
     "product_code": "", "created_at": "2024-03-01T08:00:00Z", "platform": "Windows",
     "package_type": ""},
    {"id": "a866298d-67db-44b0-a1f1-9d09bddd20f", "image_type": "gold", "os_type": "Windows",
     "architecture": "x86", "os_version": "Windows 10 Enterprise 64bit", "disk_format": "zvhd2",
     "name": "Workspace_Windows10_Enterprise_4.4.1", "min_ram": 0, "min_disk": 80,
     "product_code": "", "created_at": "2024-03-01T08:00:00Z", "platform": "Windows",
     "package_type": ""},
    {"id": "3f5e7c2a-9b1d-4e6f-8a2c-5d7b9e1f3a4c", "image_type": "gold", "os_type": "Linux",
     "architecture": "arm", "os_version": "UOS 20 64bit", "disk_format": "zvhd2",
     "name": "Workspace_UOS20_Kunpeng", "min_ram": 0, "min_disk": 80, "product_code": "",
     "created_at": "2024-05-10T08:00:00Z", "platform": "Linux", "package_type": ""},
    {"id": "cc3bbc0b-9441-461b-b80b-48c52f3aed08", "image_type": "private", "os_type": "Windows",
     "architecture": "x86", "os_version": "Windows 10 64bit", "disk_format": "zvhd2",
     "name": "WKS_WIN1064_UserImage", "min_ram": 0, "min_disk": 80, "product_code": "",
     "created_at": "2025-05-20T10:12:33Z", "platform": "Windows", "package_type": ""}
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
