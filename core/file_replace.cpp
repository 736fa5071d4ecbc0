#include "core/file_replace.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.h"

namespace ffw {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& file, int err) {
  std::string why = std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) why += ": the disk is full; free some space, then resume the run";
  throw Error(ErrorKind::Io, file.string() + ": cannot be written (" + why + ")");
}

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the rename happened; a directory that cannot be opened cannot be synced
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void replace_file(const fs::path& file, std::string_view bytes, Durability durability, const fs::path& keep_previous_as) {
  fs::path tmp = file;
  tmp += ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(tmp, errno);
  const auto abandon = [&](int err) {
    ::close(fd);
    ::unlink(tmp.c_str());
    fail(file, err);
  };
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) abandon(errno);
    done += static_cast<std::size_t>(n);
  }
  if (durability == Durability::Synced && ::fsync(fd) != 0) abandon(errno);
  if (::close(fd) != 0) {  // some file systems report a full disk only here
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(file, err);
  }
  if (!keep_previous_as.empty() && ::rename(file.c_str(), keep_previous_as.c_str()) != 0 && errno != ENOENT) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(keep_previous_as, err);
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(file, err);
  }
  if (durability == Durability::Synced) sync_directory(file.parent_path());
}

}  // namespace ffw
