#pragma once
// Every file AttentionScope writes goes through here, so nothing the user had is ever lost to a
// crash, a full disk or a folder that cannot be written: the bytes go to a hidden temporary file
// in the same folder (".name.tmp.<pid>.<n>"), are flushed to disk (fsync), and only then renamed
// over the target in one step. On any failure the temporary file is removed and the old file, if
// there was one, stays as it was.

#include <cstddef>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string_view>

namespace core {

// A write that failed; the message names the target file and the system's reason:
// "/home/me/out.csv: cannot create /home/me/.out.csv.tmp.4711.0: Permission denied".
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file being written: write() as often as needed, then commit() puts it in place. Destroyed
// without commit() (an exception on the way), it removes its temporary file.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);  // throws WriteError
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::span<const std::byte> bytes);  // throws WriteError
  void commit();                                 // throws WriteError

 private:
  [[noreturn]] void fail(const std::string& what, int error) const;

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  int fd_ = -1;
  bool committed_ = false;
};

// The whole file in one call.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace core
