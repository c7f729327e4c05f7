#include "io/zip_archive.h"

#include <unzip.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "tensor/errors.h"

namespace core {

namespace {

// minizip reads "files" through these callbacks; here the file is a span in memory and a
// read position. A read or seek outside the span fails as a short file would.
struct MemoryStream {
  std::span<const std::byte> bytes;
  std::uint64_t position = 0;
};

voidpf open_stream(voidpf opaque, const void* /*filename*/, int /*mode*/) { return opaque; }

uLong read_stream(voidpf /*opaque*/, voidpf stream, void* buffer, uLong size) {
  auto& memory = *static_cast<MemoryStream*>(stream);
  const std::uint64_t left = memory.bytes.size() - std::min<std::uint64_t>(memory.position, memory.bytes.size());
  const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(size, left));
  if (count > 0) std::memcpy(buffer, memory.bytes.data() + memory.position, count);
  memory.position += count;
  return static_cast<uLong>(count);
}

uLong write_stream(voidpf /*opaque*/, voidpf /*stream*/, const void* /*buffer*/, uLong /*size*/) { return 0; }

ZPOS64_T tell_stream(voidpf /*opaque*/, voidpf stream) { return static_cast<MemoryStream*>(stream)->position; }

long seek_stream(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset, int origin) {
  auto& memory = *static_cast<MemoryStream*>(stream);
  const std::uint64_t size = memory.bytes.size();
  std::uint64_t base = 0;
  if (origin == ZLIB_FILEFUNC_SEEK_CUR) base = memory.position;
  if (origin == ZLIB_FILEFUNC_SEEK_END) base = size;
  // Offsets only go forward from the base; past the end is an error, as for a file opened to read.
  if (offset > size || base > size - offset) return -1;
  memory.position = base + offset;
  return 0;
}

int close_stream(voidpf /*opaque*/, voidpf /*stream*/) { return 0; }

int error_stream(voidpf /*opaque*/, voidpf /*stream*/) { return 0; }

struct CloseArchive {
  void operator()(void* archive) const { unzClose(archive); }
};

std::string method_name(std::uint32_t method) {
  switch (method) {
    case 8: return "deflate";
    case 9: return "deflate64";
    case 12: return "bzip2";
    case 14: return "lzma";
    case 93: return "zstd";
    default: return "method " + std::to_string(method);
  }
}

}  // namespace

ZipArchive ZipArchive::read(std::span<const std::byte> bytes, const std::string& file) {
  ZipArchive archive;
  archive.bytes_ = bytes;
  archive.file_ = file;

  MemoryStream stream{bytes, 0};
  zlib_filefunc64_def callbacks{open_stream, read_stream, write_stream, tell_stream,
                                seek_stream, close_stream, error_stream, &stream};
  // minizip wants a file name to pass to open_stream; the bytes are already in memory.
  const std::unique_ptr<void, CloseArchive> zip(unzOpen2_64(file.c_str(), &callbacks));
  if (!zip) {
    throw LoadError(file + ": is not a zip archive, or a truncated one (no end of central directory record)");
  }

  const auto damaged = [&](const std::string& what) { return LoadError(file + ": damaged zip archive: " + what); };
  for (int status = unzGoToFirstFile(zip.get()); status != UNZ_END_OF_LIST_OF_FILE;
       status = unzGoToNextFile(zip.get())) {
    const std::string position = "entry " + std::to_string(archive.entries_.size() + 1);
    if (status != UNZ_OK) throw damaged(position + " of the central directory cannot be read");
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip.get(), &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
      throw damaged(position + " of the central directory cannot be read");
    }
    // size_filename is a 16-bit field of the directory, so at most 64 KiB.
    std::string name(info.size_filename, '\0');
    if (unzGetCurrentFileInfo64(zip.get(), &info, name.data(), static_cast<uLong>(name.size()), nullptr, 0, nullptr,
                                0) != UNZ_OK) {
      throw damaged(position + " of the central directory cannot be read");
    }

    ZipEntry entry;
    entry.name = name;
    entry.method = static_cast<std::uint32_t>(info.compression_method);
    entry.encrypted = (info.flag & 1u) != 0;
    entry.size = info.uncompressed_size;
    entry.stored_size = info.compressed_size;
    if (entry.method == 0 && !entry.encrypted) {
      // Opening the entry reads and checks its local header; the data follows it.
      if (unzOpenCurrentFile(zip.get()) != UNZ_OK) throw damaged("the local header of '" + name + "' does not match");
      entry.offset = unzGetCurrentFileZStreamPos64(zip.get());
      unzCloseCurrentFile(zip.get());
      if (entry.size != entry.stored_size) {
        throw damaged("stored entry '" + name + "' says " + std::to_string(entry.size) + " bytes uncompressed and " +
                      std::to_string(entry.stored_size) + " bytes stored");
      }
      if (entry.offset > bytes.size() || entry.stored_size > bytes.size() - entry.offset) {
        throw damaged("entry '" + name + "' (" + std::to_string(entry.stored_size) + " bytes at offset " +
                      std::to_string(entry.offset) + ") lies past the end of the file (" +
                      std::to_string(bytes.size()) + " bytes)");
      }
    }
    if (!archive.by_name_.emplace(name, archive.entries_.size()).second) {
      throw damaged("entry '" + name + "' appears twice");
    }
    archive.entries_.push_back(std::move(entry));
  }
  return archive;
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &entries_[it->second];
}

std::span<const std::byte> ZipArchive::bytes(const ZipEntry& entry) const {
  if (entry.encrypted) throw LoadError(file_ + ": entry '" + entry.name + "' is encrypted");
  if (entry.method != 0) {
    throw LoadError(file_ + ": entry '" + entry.name + "' is compressed (" + method_name(entry.method) +
                    "); torch.save stores every entry uncompressed, so re-save the checkpoint with torch.save");
  }
  return bytes_.subspan(static_cast<std::size_t>(entry.offset), static_cast<std::size_t>(entry.stored_size));
}

}  // namespace core
