#include "cli_files.h"

#include <stdexcept>

namespace cli {

namespace {

std::filesystem::path partial_path(const std::filesystem::path& path) {
  std::filesystem::path temporary = path;
  temporary += ".partial";
  return temporary;
}

}  // namespace

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
