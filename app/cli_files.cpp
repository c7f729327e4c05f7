#include "cli_files.h"

#include <fstream>
#include <stdexcept>

namespace cli {

namespace {

std::filesystem::path partial_path(const std::filesystem::path& path) {
  std::filesystem::path temporary = path;
  temporary += ".partial";
  return temporary;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& contents) {
  write_file_atomically(path, [&](std::ostream& stream) { stream << contents; });
}

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  const std::filesystem::path temporary = partial_path(path);
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    if (!stream) throw std::runtime_error(path.string() + ": cannot be written");
    try {
      write(stream);
    } catch (...) {
      stream.close();
      std::filesystem::remove(temporary);
      throw;
    }
    stream.flush();
    if (!stream) {
      std::filesystem::remove(temporary);
      throw std::runtime_error(path.string() + ": writing failed (disk full?)");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary);
    throw std::runtime_error(path.string() + ": cannot be written: " + error.message());
  }
}

AtomicOutputFile::AtomicOutputFile(std::filesystem::path path)
    : m_path(std::move(path)), m_partial(partial_path(m_path)) {
  m_stream.open(m_partial, std::ios::binary | std::ios::trunc);
  if (!m_stream) throw std::runtime_error(m_path.string() + ": cannot be written");
}

AtomicOutputFile::~AtomicOutputFile() {
  if (m_committed) return;
  m_stream.close();
  std::error_code error;
  std::filesystem::remove(m_partial, error);
}

void AtomicOutputFile::commit() {
  m_stream.flush();
  const bool written = static_cast<bool>(m_stream);
  m_stream.close();
  if (!written || m_stream.fail()) throw std::runtime_error(m_path.string() + ": writing failed (disk full?)");
  std::error_code error;
  std::filesystem::rename(m_partial, m_path, error);
  if (error) throw std::runtime_error(m_path.string() + ": cannot be written: " + error.message());
  m_committed = true;
}

void require_new_or_empty_folder(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::exists(folder, error)) return;
  if (!std::filesystem::is_directory(folder, error)) {
    throw std::runtime_error(folder.string() + ": exists and is not a folder");
  }
  if (!std::filesystem::is_empty(folder, error)) {
    throw std::runtime_error(folder.string() + ": exists and is not empty; give a new or empty folder");
  }
}

void write_folder_atomically(const std::filesystem::path& folder,
                             const std::function<void(const std::filesystem::path&)>& fill) {
  require_new_or_empty_folder(folder);
  const std::filesystem::path temporary = partial_path(folder);
  std::error_code error;
  std::filesystem::remove_all(temporary, error);  // a folder left by a killed run of the same export
  if (!std::filesystem::create_directories(temporary, error)) {
    throw std::runtime_error(folder.string() + ": cannot be created: " + error.message());
  }
  try {
    fill(temporary);
    // rename() replaces an empty folder in one step (POSIX), so no moment shows neither
    std::filesystem::rename(temporary, folder);
  } catch (const std::filesystem::filesystem_error& failure) {
    std::filesystem::remove_all(temporary, error);
    throw std::runtime_error(folder.string() + ": cannot be written: " + failure.code().message());
  } catch (...) {
    std::filesystem::remove_all(temporary, error);
    throw;
  }
}

}  // namespace cli
