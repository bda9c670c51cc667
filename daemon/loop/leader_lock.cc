#include "daemon/loop/leader_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/clock.h"
#include "core/files.h"
#include "core/strings.h"

namespace deskops::daemon {

LeaderLock::LeaderLock(std::string state_dir) : path_(std::move(state_dir) + "/lock") {}

LeaderLock::~LeaderLock() { Release(); }

core::StatusOr<bool> LeaderLock::TryAcquire() {
  if (held_) return true;
  if (fd_ < 0) {
    const std::string dir = path_.substr(0, path_.rfind('/'));
    DESKOPS_RETURN_IF_ERROR(core::MakeDirs(dir));
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      return core::Status::Unavailable(core::StrCat("cannot open ", path_, ": ", std::strerror(errno)));
    }
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return false;
    return core::Status::Unavailable(core::StrCat("cannot lock ", path_, ": ", std::strerror(errno)));
  }
  held_ = true;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string who = core::StrCat("pid ", ::getpid(), " on ", host, " since ",
                                       core::FormatRfc3339(core::SystemClock().Now()), "\n");
  if (::ftruncate(fd_, 0) == 0) {
    (void)!::pwrite(fd_, who.data(), who.size(), 0);
  }
  return true;
}

std::string LeaderLock::Holder() const {
  auto text = core::ReadFile(path_);
  if (!text.ok()) return "";
  std::string s = *text;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

void LeaderLock::Release() {
  if (fd_ < 0) return;
  if (held_) (void)!::ftruncate(fd_, 0);  // nobody holds it any more
  ::close(fd_);                             // drops the lock
  fd_ = -1;
  held_ = false;
}

}  // namespace deskops::daemon
