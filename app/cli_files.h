#pragma once
// Writing results so that a failure (a full disk, a killed process) never leaves a partial folder
// where a script expects a complete one: write beside the destination, then rename. A single
// file goes through core::write_file_atomically (core/io/atomic_file.h).

#include <filesystem>
#include <fstream>
#include <functional>

namespace cli {

// Throws when folder exists and holds anything: an export never mixes with older files.
void require_new_or_empty_folder(const std::filesystem::path& folder);

// Creates folder + ".partial", lets fill write into it, then renames it to folder (which must be
// new or empty); on any exception the partial folder is removed and the exception passes on.
void write_folder_atomically(const std::filesystem::path& folder,
                             const std::function<void(const std::filesystem::path&)>& fill);

}  // namespace cli
