#include "io/hf_cache_layout.h"

#include <algorithm>

namespace core {

namespace {

constexpr std::string_view model_prefix = "models--";
constexpr std::size_t max_id_part = 96;

bool is_id_part(std::string_view part) {
  if (part.empty() || part.size() > max_id_part) return false;
  if (part.front() == '.' || part.front() == '-') return false;
  if (part.find("--") != std::string_view::npos || part.find("..") != std::string_view::npos) return false;
  return std::all_of(part.begin(), part.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

}  // namespace

bool is_repository_id(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return is_id_part(text);
  return is_id_part(text.substr(0, slash)) && is_id_part(text.substr(slash + 1));
}

std::string cache_folder_name(std::string_view repository_id) {
  std::string name(model_prefix);
  for (const char c : repository_id) {
    if (c == '/') name += "--";
    else name += c;
  }
  return name;
}

std::optional<std::string> repository_id_of_cache_folder(std::string_view folder_name) {
  if (folder_name.substr(0, model_prefix.size()) != model_prefix) return std::nullopt;
  const std::string_view name = folder_name.substr(model_prefix.size());
  const std::size_t separator = name.find("--");
  const std::string id = separator == std::string_view::npos
                             ? std::string(name)
                             : std::string(name.substr(0, separator)) + "/" + std::string(name.substr(separator + 2));
  if (!is_repository_id(id)) return std::nullopt;
  return id;
}

std::optional<std::string> repository_id_of_snapshot(const std::filesystem::path& folder) {
  std::filesystem::path snapshot = folder.lexically_normal();
  if (!snapshot.has_filename()) snapshot = snapshot.parent_path();  // a trailing '/'
  const std::filesystem::path snapshots = snapshot.parent_path();
  if (snapshot.filename().empty() || snapshots.filename() != "snapshots") return std::nullopt;
  return repository_id_of_cache_folder(snapshots.parent_path().filename().string());
}

}  // namespace core
