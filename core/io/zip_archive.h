#pragma once
// A zip archive read in place: the entries of a memory-mapped file, each an offset and a size in
// it, so a stored (uncompressed) entry is used where it lies, without a copy. PyTorch's
// torch.save (1.6 and later) writes its checkpoints as such archives, every entry stored.
//
// The central directory and the local headers are read by Debian's minizip (libminizip-dev),
// through callbacks that read from the bytes in memory: minizip can say where an entry's data
// starts in the file (unzGetCurrentFileZStreamPos64), which libzip does not expose. Every offset
// it reports is checked against the bytes again here.

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct ZipEntry {
  std::string name;
  std::uint32_t method = 0;      // 0 stored, 8 deflated, …
  bool encrypted = false;
  std::uint64_t size = 0;        // uncompressed size
  std::uint64_t stored_size = 0; // compressed size: the bytes in the archive
  std::uint64_t offset = 0;      // where the data starts in the archive (stored entries only)
};

class ZipArchive {
 public:
  // Reads the directory of the archive in bytes (which must outlive the archive). file names
  // the archive in messages. Throws core::LoadError naming file when the bytes are not a zip
  // archive (or a truncated one), an entry's header is damaged, a name appears twice, or a
  // stored entry's data lies past the end.
  static ZipArchive read(std::span<const std::byte> bytes, const std::string& file);

  // In the order of the central directory.
  const std::vector<ZipEntry>& entries() const { return entries_; }
  const ZipEntry* find(std::string_view name) const;  // nullptr when absent
  // The entry's data in place. Throws core::LoadError naming the file and the entry when it is
  // compressed or encrypted: only stored entries can be used in place.
  std::span<const std::byte> bytes(const ZipEntry& entry) const;

 private:
  ZipArchive() = default;

  std::span<const std::byte> bytes_;
  std::string file_;
  std::vector<ZipEntry> entries_;
  std::map<std::string, std::size_t, std::less<>> by_name_;
};

}  // namespace core
