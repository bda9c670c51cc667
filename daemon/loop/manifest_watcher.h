#pragma once
// Watches the manifest paths (and the credential files, watched the same way) with inotify and
// calls back once the tree has been quiet for the debounce period after a change. Watches each
// path's parent directory (so replacing a file or a symlink by rename — editors, git-sync's atomic
// symlink swap, Kubernetes ConfigMap and Secret updates through "..data" — is seen), the parent of
// every symlink above a path (git-sync's /git/current above a manifest folder
// /git/current/deskops) and every directory under each path, following symlinks; the watch set is
// rebuilt after every change, because a swap points the paths at a new tree. The callback runs on
// the watcher's thread and must be quick (the loop only notes the change).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/status_or.h"

namespace deskops::daemon {

class ManifestWatcher {
 public:
  static core::StatusOr<std::unique_ptr<ManifestWatcher>> Start(std::vector<std::string> paths,
                                                                std::chrono::milliseconds debounce,
                                                                std::function<void()> on_change,
                                                                const core::Logger& log);
  ~ManifestWatcher();

  // Directories watched now (for tests and debug logs).
  std::size_t watched() const;

 private:
  struct Impl;
  explicit ManifestWatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace deskops::daemon
