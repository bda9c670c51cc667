// Loads and validates a large manifest set and prints wall time, CPU time and peak memory.
// Target (issue: foundation): 10,000 objects in under one second and under 100 MB on one core.
//
//   load_bench [--objects N] [--dir DIR]
//
// The manifests are generated into DIR (a temporary directory by default) by this process, which
// then re-executes itself to load them, so the figures measure only loading: peak RSS of a process
// that never held the generated text.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "specs/loader.h"

namespace fs = std::filesystem;

namespace {

// A realistic mix: per 10 objects, 4 users, 4 desktops, and one each of group, pool or policy
// group, spread over files of 500 objects (multi-document).
void Generate(const fs::path& dir, int objects) {
  fs::create_directories(dir);
  std::ofstream out;
  for (int i = 0; i < objects; ++i) {
    if (i % 500 == 0) out = std::ofstream(dir / ("manifests-" + std::to_string(i / 500) + ".yaml"));
    const std::string n = std::to_string(i);
    out << "---\napiVersion: deskops.io/v1alpha1\n";
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        out << "kind: User\nmetadata:\n  name: user" << n << "\n  labels: {team: t" << i % 7
            << "}\nspec:\n  userEmail: user" << n << "@example.com\n  description: Generated "
            << "user " << n << "\n  accountExpires: \"0\"\n";
        break;
      case 4:
      case 5:
      case 6:
      case 7:
        out << "kind: Desktop\nmetadata:\n  name: d" << n << "\nspec:\n  productId: "
            << "workspace.c2.large.windows.2\n  imageType: gold\n  imageId: a866298d-67db-44b0-a1f1"
            << "-9d09bdddc20f\n  availabilityZone: az3.manage.x86\n  rootVolume: {type: SAS, size: "
            << "80}\n  dataVolumes:\n    - {name: data, type: SAS, size: 100}\n  nics:\n    - "
               "subnetId: "
            << "5dee0216-2260-47c2-9368-98a27d910e55\n  userName: user" << i - 4
            << "\n  userGroup: users\n  tags: {team: t" << i % 7 << ", cost-center: cc-1}\n"
            << "  powerState: running\n";
        break;
      case 8:
        out << "kind: UserGroup\nmetadata:\n  name: group" << n << "\nspec:\n  platformType: "
            << "LOCAL\n  members: [user" << i - 8 << ", user" << i - 7 << ", user" << i - 6
            << "]\n";
        break;
      default:
        if (i % 20 == 9) {
          out << "kind: DesktopPool\nmetadata:\n  name: pool" << n << "\nspec:\n  type: DYNAMIC\n"
              << "  size: 10\n  productId: workspace.c2.large.windows.2\n  imageId: img\n"
              << "  rootVolume: {type: SAS, size: 80}\n  subnetIds: [s1]\n  authorizedObjects:\n"
              << "    - {objectType: USER_GROUP, objectName: group" << i - 1
              << ", userGroup: users}\n";
        } else {
          out << "kind: PolicyGroup\nmetadata:\n  name: pg" << n << "\nspec:\n  priority: " << i
              << "\n  targets:\n    - {targetType: USERGROUP, targetName: group" << i - 1
              << "}\n  policies:\n    peripherals:\n      usbPortRedirection:\n        "
              << "usbEnable: true\n        options: {usbStorageEnable: false}\n    "
              << "fileAndClipboard: {clipboardRedirection: DISABLED}\n";
        }
    }
  }
}

double Seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; }

int Load(const std::string& dir) {
  auto start = std::chrono::steady_clock::now();
  deskops::specs::LoadResult r = deskops::specs::LoadManifests({dir});
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("load_bench: objects=%zu files=%zu errors=%zu warnings=%zu\n", r.manifests.size(),
              r.files, r.diagnostics.ErrorCount(), r.diagnostics.WarningCount());
  std::printf("load_bench: wall_seconds=%.3f cpu_seconds=%.3f peak_rss_mb=%.1f\n", wall,
              Seconds(usage.ru_utime) + Seconds(usage.ru_stime), usage.ru_maxrss / 1024.0);
  std::printf("load_bench: targets wall<1.0s peak_rss<100MB: %s\n",
              wall < 1.0 && usage.ru_maxrss < 100 * 1024 ? "met" : "NOT MET");
  return r.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  int objects = 10000;
  std::string dir;
  bool load_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--objects" && i + 1 < argc)
      objects = std::atoi(argv[++i]);
    else if (a == "--dir" && i + 1 < argc)
      dir = argv[++i];
    else if (a == "--load-only")
      load_only = true;
    else {
      std::fprintf(stderr, "usage: load_bench [--objects N] [--dir DIR]\n");
      return 64;
    }
  }
  if (load_only) return Load(dir);
  bool temporary = dir.empty();
  if (temporary)
    dir = (fs::temp_directory_path() / ("deskops-load-bench-" + std::to_string(getpid()))).string();
  fs::remove_all(dir);
  Generate(dir, objects);
  std::string self = fs::read_symlink("/proc/self/exe").string();
  std::string cmd = "'" + self + "' --load-only --dir '" + dir + "'";
  int rc = std::system(cmd.c_str());
  if (temporary) fs::remove_all(dir);
  return rc == 0 ? 0 : 1;
}
