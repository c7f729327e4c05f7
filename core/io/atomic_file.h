#pragma once
// Every file AttentionScope writes goes through here, so nothing the user had is ever lost to a
// crash, a full disk or a folder that cannot be written: the bytes go to a hidden temporary file
// in the same folder (".name.tmp.<pid>.<n>"), are flushed to disk (fsync), and only then renamed
// over the target in one step. On any failure the temporary file is removed and the old file, if
// there was one, stays as it was. A target that is a device or a pipe (/dev/null, /dev/stdout, a
// FIFO) is written straight into, never replaced; a symbolic link keeps pointing at the file it
// names, which is the one replaced.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <ostream>
#include <span>
#include <stdexcept>
#include <streambuf>
#include <string_view>
#include <vector>

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

// An AtomicFile behind a std::ostream, for writers that stream (a JSON dump written one head at a
// time, a corpus table written one row at a time): stream() as often as needed, then commit().
// Destroyed without commit(), it removes its temporary file and the target stays as it was.
class AtomicOutputStream {
 public:
  explicit AtomicOutputStream(std::filesystem::path target);  // throws WriteError
  AtomicOutputStream(const AtomicOutputStream&) = delete;
  AtomicOutputStream& operator=(const AtomicOutputStream&) = delete;

  std::ostream& stream() { return stream_; }
  void commit();  // throws WriteError (also for a write the stream could not pass on)

 private:
  // Collects what the stream writes and hands it to the file in blocks.
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(AtomicFile& file);
    void flush_to_file();  // throws WriteError

   protected:
    int_type overflow(int_type ch) override;
    int sync() override;

   private:
    AtomicFile& file_;
    std::vector<char> block_;
  };

  std::filesystem::path target_;
  AtomicFile file_;
  Buffer buffer_;
  std::ostream stream_;
};

// The whole file in one call.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);
// The file written piece by piece into the stream (exports too large to hold as one string).
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace core
