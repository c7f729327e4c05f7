#include "io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "tensor/errors.h"

namespace core {

namespace {

// strerror() text without strerror()'s shared static buffer.
std::string errno_text(int error) { return std::generic_category().message(error); }

LoadError os_error(const std::filesystem::path& path, const char* action, int error) {
  return LoadError(path.string() + ": cannot " + action + ": " + errno_text(error));
}

}  // namespace

MappedFile::MappedFile(const std::filesystem::path& path) : path_(path) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before
  // fstat could reject it. It has no effect on regular files.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd_ < 0) throw os_error(path, "open", errno);
  try {
    struct stat status {};
    if (::fstat(fd_, &status) != 0) throw os_error(path, "stat", errno);
    if (S_ISDIR(status.st_mode)) throw LoadError(path.string() + ": is a directory, expected a file");
    if (!S_ISREG(status.st_mode)) throw LoadError(path.string() + ": is not a regular file");
    size_ = static_cast<std::size_t>(status.st_size);
    modified_ = status.st_mtim;
    if (size_ == 0) return;
    void* address = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (address == MAP_FAILED) throw os_error(path, "map", errno);
    address_ = address;
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

MappedFile::~MappedFile() {
  if (address_ != nullptr) ::munmap(address_, size_);
  ::close(fd_);
}

bool MappedFile::changed_on_disk() const {
  struct stat status {};
  if (::fstat(fd_, &status) != 0) return true;
  return static_cast<std::size_t>(status.st_size) != size_ || status.st_mtim.tv_sec != modified_.tv_sec ||
         status.st_mtim.tv_nsec != modified_.tv_nsec;
}

}  // namespace core
