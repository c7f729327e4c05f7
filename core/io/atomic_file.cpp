#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <system_error>

namespace core {

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  // A symbolic link to a file: the file it names is replaced and the link stays (renaming over
  // the link would turn it into a plain file, and /dev/stdout is such a link).
  if (std::filesystem::is_symlink(target_, ec) && std::filesystem::exists(target_, ec)) {
    const std::filesystem::path resolved = std::filesystem::canonical(target_, ec);
    if (!ec) target_ = resolved;
  }
  // Not a file but a device or a pipe (/dev/null, a FIFO, a process substitution): written to
  // directly. Renaming a temporary over it would replace /dev/null itself with a plain file when
  // run as root; "complete or not at all" has no meaning for a stream. temporary_ == target_ marks it.
  const std::filesystem::file_status status = std::filesystem::status(target_, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
      !std::filesystem::is_directory(status)) {
    temporary_ = target_;
    fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail("cannot open", errno);
    return;
  }
  // A hidden name in the same folder, so the final rename stays on one file system.
  // Built by appending: GCC 12 gives a false -Wrestrict on "." + string at -O3.
  std::string name = ".";
  name += target_.filename().string();
  name += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  temporary_ = target_;
  temporary_.replace_filename(name);
  // O_EXCL: never clobber a file someone else is writing. Mode 0666 lets the umask decide, as for
  // any other file the user creates.
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) fail("cannot create " + temporary_.string(), errno);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && temporary_ != target_) {
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

void AtomicFile::write(std::span<const std::byte> bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("cannot write " + temporary_.string(), errno);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(written));
  }
}

void AtomicFile::commit() {
  if (temporary_ == target_) {  // a device or a pipe, written directly: nothing to flush or rename
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("cannot close", errno);
    committed_ = true;
    return;
  }
  // fsync before rename: otherwise a crash can leave the new name pointing at unwritten data.
  if (::fsync(fd_) != 0) fail("cannot flush " + temporary_.string(), errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("cannot close " + temporary_.string(), errno);
  std::error_code ec;
  std::filesystem::rename(temporary_, target_, ec);
  if (ec) fail("cannot rename " + temporary_.string() + " into place", ec.value());
  committed_ = true;
}

void AtomicFile::fail(const std::string& what, int error) const {
  throw WriteError(target_.string() + ": " + what + ": " + std::generic_category().message(error));
}

AtomicOutputStream::Buffer::Buffer(AtomicFile& file) : file_(file), block_(std::size_t{1} << 16) {
  setp(block_.data(), block_.data() + block_.size());
}

void AtomicOutputStream::Buffer::flush_to_file() {
  const auto pending = static_cast<std::size_t>(pptr() - pbase());
  file_.write(std::as_bytes(std::span<const char>(pbase(), pending)));
  setp(block_.data(), block_.data() + block_.size());
}

// A full block: written to the file, then ch starts the next one. A WriteError here would be
// swallowed by the ostream (it only sets badbit), so it is reported as eof and commit() rethrows.
AtomicOutputStream::Buffer::int_type AtomicOutputStream::Buffer::overflow(int_type ch) {
  try {
    flush_to_file();
  } catch (const WriteError&) {
    return traits_type::eof();
  }
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

int AtomicOutputStream::Buffer::sync() {
  try {
    flush_to_file();
  } catch (const WriteError&) {
    return -1;
  }
  return 0;
}

AtomicOutputStream::AtomicOutputStream(std::filesystem::path target)
    : target_(std::move(target)), file_(target_), buffer_(file_), stream_(&buffer_) {}

void AtomicOutputStream::commit() {
  // flush_to_file throws the file's own WriteError (naming the file and the reason) if the last
  // block cannot be written; a block lost earlier left the stream bad
  buffer_.flush_to_file();
  if (!stream_) {
    throw WriteError(target_.string() + ": a write failed before the file was complete (disk full?); nothing was replaced");
  }
  file_.commit();
}

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  AtomicOutputStream file(path);
  write(file.stream());
  file.commit();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  AtomicFile file(path);
  file.write(std::as_bytes(std::span<const char>(contents.data(), contents.size())));
  file.commit();
}

}  // namespace core
