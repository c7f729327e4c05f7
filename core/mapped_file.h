#pragma once
// A read-only memory mapping of a whole file, so tensors can be viewed in place
// (a weight is a pointer into the mapping, never a copy).

#include <cstddef>
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

  const std::filesystem::path& path() const { return path_; }
  std::span<const std::byte> bytes() const { return {static_cast<const std::byte*>(address_), size_}; }

 private:
  std::filesystem::path path_;
  void* address_ = nullptr;  // nullptr for an empty file: mmap rejects length 0
  std::size_t size_ = 0;
};

}  // namespace core
