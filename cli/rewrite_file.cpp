#include "cli/rewrite_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace custody::cli {
namespace {

bool fail(std::string* err, std::string why) {
  *err = std::move(why);
  return false;
}

bool fail_errno(std::string* err, const char* doing) {
  return fail(err, fmt::format("{}: {}", doing, std::strerror(errno)));
}

// The new file beside the target, removed when it goes out of scope unless it was renamed.
class TempFile {
 public:
  explicit TempFile(std::string name) : name_(std::move(name)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!name_.empty() && !renamed_) ::unlink(name_.c_str());
  }
  bool create() {
    fd_ = ::mkostemp(name_.data(), O_CLOEXEC);
    if (fd_ < 0) name_.clear();  // nothing to remove
    return fd_ >= 0;
  }
  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }
  void renamed() { renamed_ = true; }

 private:
  std::string name_;
  int fd_ = -1;
  bool renamed_ = false;
};

// The file a path names, through any symbolic links, checked to be one fmt may replace.
bool resolve_target(const std::string& path, std::string* target, struct stat* st,
                    std::string* err) {
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(path.c_str(), nullptr), &std::free);
  if (!real) return fail_errno(err, "cannot resolve it");
  *target = real.get();
  if (::stat(target->c_str(), st) != 0) return fail_errno(err, "cannot inspect it");
  if (!S_ISREG(st->st_mode)) return fail(err, "it is not a regular file");
  unsigned mode = st->st_mode & 07777;
  if ((mode & S_IWUSR) == 0) return fail(err, fmt::format("it is read-only (mode {:04o})", mode));
  if (::access(target->c_str(), W_OK) != 0) return fail_errno(err, "it is not writable");
  return true;
}

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {  // no progress and no error: give up rather than spin
      errno = EIO;
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Makes the rename itself durable. Best effort: some file systems refuse to sync a
// folder, and by now the target already holds the new text.
void sync_folder(const std::string& file) {
  std::string folder = file.substr(0, file.rfind('/') + 1);
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

bool rewrite_file(const std::string& path, std::string_view text, std::string* err) {
  std::string target;
  struct stat st {};
  if (!resolve_target(path, &target, &st, err)) return false;

  // A visible name that does not end in .custody, so a leftover of a killed run is
  // noticed and not taken for a spec.
  TempFile tmp(target + ".custody-fmt-XXXXXX");
  if (!tmp.create()) return fail_errno(err, "cannot create a file beside it");
  // Owner first: changing it may clear mode bits. A user may not give a file away, so a
  // failed fchown leaves the new file theirs, as any editor would.
  (void)::fchown(tmp.fd(), st.st_uid, st.st_gid);
  if (::fchmod(tmp.fd(), st.st_mode & 07777) != 0)
    return fail_errno(err, "cannot set the mode of the new file");
  if (!write_all(tmp.fd(), text)) return fail_errno(err, "cannot write the new file");
  if (::fsync(tmp.fd()) != 0) return fail_errno(err, "cannot sync the new file");
  if (!tmp.close()) return fail_errno(err, "cannot close the new file");
  if (::rename(tmp.name().c_str(), target.c_str()) != 0)
    return fail_errno(err, "cannot rename the new file over it");
  tmp.renamed();
  sync_folder(target);
  return true;
}

}  // namespace custody::cli
