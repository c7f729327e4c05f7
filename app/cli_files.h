#pragma once
// Writing results so that a failure (a full disk, a killed process) never leaves a partial file or
// folder where a script expects a complete one: write beside the destination, then rename.

#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>

namespace cli {

// Writes contents to path + ".partial", then renames it to path.
void write_file_atomically(const std::filesystem::path& path, const std::string& contents);
// The same with the contents written piece by piece into the stream (exports too large for one string).
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

// A file written as a stream that appears complete or not at all: the text goes to
// path + ".partial", which commit() renames to path; destroyed uncommitted (an error on the way),
// the partial file is removed and path is left as it was.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::filesystem::path path);  // throws when the partial file cannot be created
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  std::ostream& stream() { return m_stream; }
  // Flushes, checks that every write succeeded, renames; throws naming path when not.
  void commit();

 private:
  std::filesystem::path m_path;
  std::filesystem::path m_partial;
  std::ofstream m_stream;
  bool m_committed = false;
};

// Throws when folder exists and holds anything: an export never mixes with older files.
void require_new_or_empty_folder(const std::filesystem::path& folder);

// Creates folder + ".partial", lets fill write into it, then renames it to folder (which must be
// new or empty); on any exception the partial folder is removed and the exception passes on.
void write_folder_atomically(const std::filesystem::path& folder,
                             const std::function<void(const std::filesystem::path&)>& fill);

}  // namespace cli
