#include "daemon/loop/manifest_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/strings.h"

namespace deskops::daemon {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kDirMask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                              IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB;
constexpr int kMaxDirs = 10000;  // a manifest tree is small; stop before exhausting inotify watches

bool Hidden(std::string_view name) { return !name.empty() && name[0] == '.'; }

// Whether an event about `name` in a manifest directory can change what the loader reads: the
// loader reads *.yaml and *.yml files and recurses into directories, skipping hidden names.
// Kubernetes swaps a volume's "..data" symlink to update every file at once.
bool Relevant(std::string_view name, bool is_dir) {
  if (name == "..data") return true;
  if (Hidden(name)) return false;
  if (is_dir) return true;
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext = core::ToLower(name.substr(dot));
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

struct ManifestWatcher::Impl {
  std::vector<std::string> paths;
  std::chrono::milliseconds debounce;
  std::function<void()> on_change;
  const core::Logger& log;
  int inotify = -1, wake = -1;
  std::thread thread;
  mutable std::mutex mu;
  // Watch descriptor -> what matters in that directory: the names watched there (files, or
  // symlinks above a path), or, for a manifest directory, whatever Relevant accepts.
  struct Watched {
    bool manifest_dir = false;
    std::set<std::string> names;
    bool Matters(std::string_view name, bool is_dir) const {
      // A watched file in a Kubernetes volume (a symlink into "..data") changes with "..data".
      if (manifest_dir && Relevant(name, is_dir)) return true;
      return names.count(std::string(name)) > 0 || (!names.empty() && name == "..data");
    }
  };
  using WatchMap = std::map<int, Watched>;
  WatchMap watches;

  Impl(std::vector<std::string> p, std::chrono::milliseconds d, std::function<void()> cb,
       const core::Logger& l)
      : paths(std::move(p)), debounce(d), on_change(std::move(cb)), log(l) {}

  ~Impl() {
    if (thread.joinable()) {
      uint64_t one = 1;
      (void)!::write(wake, &one, sizeof one);
      thread.join();
    }
    if (inotify >= 0) ::close(inotify);
    if (wake >= 0) ::close(wake);
  }

  // `only` names the one entry that matters in `dir`; "" means dir is a manifest directory.
  void Watch(const fs::path& dir, const std::string& only, WatchMap& out) {
    if (static_cast<int>(out.size()) >= kMaxDirs) return;
    int wd = ::inotify_add_watch(inotify, dir.c_str(), kDirMask);
    if (wd < 0) return;
    // The same directory may hold several watched files, or be a manifest directory too.
    Watched& w = out[wd];
    if (only.empty()) {
      w.manifest_dir = true;
    } else {
      w.names.insert(only);
    }
  }

  // A symlink above a manifest path is swapped in its own parent directory: git-sync's
  // /git/current above /git/current/deskops. Watch that entry too; inotify resolves the rest.
  void WatchSymlinkedAncestors(const fs::path& abs, WatchMap& out) {
    fs::path prefix;
    for (const auto& part : abs) {
      prefix /= part;
      std::error_code ec;
      if (prefix != abs && prefix.has_filename() && fs::is_symlink(prefix, ec)) {
        Watch(prefix.parent_path(), prefix.filename().string(), out);
      }
    }
  }

  void Rebuild() {
    WatchMap fresh;
    for (const auto& p : paths) {
      std::error_code ec;
      fs::path abs = fs::absolute(p, ec).lexically_normal();
      if (ec) continue;
      WatchSymlinkedAncestors(abs, fresh);
      if (abs.has_filename()) Watch(abs.parent_path(), abs.filename().string(), fresh);
      if (!fs::is_directory(abs, ec)) continue;  // follows a symlinked root, like the loader
      Watch(abs, "", fresh);
      fs::recursive_directory_iterator it(abs, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_directory(ec)) continue;
        if (Hidden(it->path().filename().string())) {
          it.disable_recursion_pending();
          continue;
        }
        Watch(it->path(), "", fresh);
      }
    }
    std::lock_guard lock(mu);
    for (const auto& [wd, watched] : watches) {
      if (!fresh.count(wd)) ::inotify_rm_watch(inotify, wd);
    }
    watches = std::move(fresh);
  }

  // Reads whatever events are queued; true if any can change what the loader reads.
  bool Drain() {
    alignas(struct inotify_event) char buf[16384];
    bool relevant = false;
    std::lock_guard lock(mu);
    for (;;) {
      ssize_t n = ::read(inotify, buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        auto* ev = reinterpret_cast<struct inotify_event*>(p);
        p += sizeof(struct inotify_event) + ev->len;
        if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_Q_OVERFLOW)) {
          relevant = true;
          continue;
        }
        const std::string_view name = ev->len ? std::string_view(ev->name) : std::string_view();
        auto it = watches.find(ev->wd);
        if (it == watches.end()) continue;
        if (it->second.Matters(name, ev->mask & IN_ISDIR)) relevant = true;
      }
    }
    return relevant;
  }

  void Run() {
    pollfd fds[2] = {{inotify, POLLIN, 0}, {wake, POLLIN, 0}};
    bool pending = false;
    for (;;) {
      int timeout = pending ? static_cast<int>(debounce.count()) : -1;
      int r = ::poll(fds, 2, timeout);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 || (fds[1].revents & POLLIN)) return;
      if (r == 0) {  // quiet for the debounce period after a change
        pending = false;
        Rebuild();
        log.Debug("manifests changed", {{"watched_dirs", static_cast<long long>(watches.size())}});
        on_change();
        continue;
      }
      if (fds[0].revents & POLLIN) pending = Drain() || pending;
    }
  }
};

ManifestWatcher::ManifestWatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ManifestWatcher::~ManifestWatcher() = default;

core::StatusOr<std::unique_ptr<ManifestWatcher>> ManifestWatcher::Start(
    std::vector<std::string> paths, std::chrono::milliseconds debounce,
    std::function<void()> on_change, const core::Logger& log) {
  auto impl = std::make_unique<Impl>(std::move(paths), debounce, std::move(on_change), log);
  impl->inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  impl->wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (impl->inotify < 0 || impl->wake < 0) {
    return core::Status::Unavailable(core::StrCat("inotify: ", std::strerror(errno)));
  }
  impl->Rebuild();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<ManifestWatcher>(new ManifestWatcher(std::move(impl)));
}

std::size_t ManifestWatcher::watched() const {
  std::lock_guard lock(impl_->mu);
  return impl_->watches.size();
}

}  // namespace deskops::daemon
