#pragma once
// A read-only memory mapping of a whole file, so tensors can be viewed in place
// (a weight is a pointer into the mapping, never a copy). The file stays open, so the mapping can
// tell when the file under it was rewritten or truncated in place: reading a page past a
// shortened file's end kills the process with SIGBUS, so callers check before they read.

#include <cstddef>
#include <ctime>
#include <filesystem>
#include <span>

namespace core {

class MappedFile {
 public:
  // Throws core::LoadError naming the path when the file is missing, unreadable,
  // not a regular file (a directory, a FIFO, a device) or cannot be mapped.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();

  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&&) = delete;
  MappedFile& operator=(MappedFile&&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::span<const std::byte> bytes() const { return {static_cast<const std::byte*>(address_), size_}; }

  // True when the mapped file (the same inode, whatever its name now points to) no longer has
  // the size and modification time it had when mapped. A file replaced by rename, as this
  // project's writers do it, leaves the mapped inode alone and is not a change.
  bool changed_on_disk() const;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::timespec modified_{};
  void* address_ = nullptr;  // nullptr for an empty file: mmap rejects length 0
  std::size_t size_ = 0;
};

}  // namespace core
