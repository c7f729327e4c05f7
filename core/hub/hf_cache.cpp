#include "hub/hf_cache.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

namespace core {

namespace fs = std::filesystem;

namespace {

std::string environment_value(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

bool is_folder(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error);
}

// The first line of a small text file without surrounding white space; "" when unreadable.
std::string read_first_line(const fs::path& file) {
  std::ifstream stream(file);
  std::string line;
  std::getline(stream, line);
  const auto first = line.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return line.substr(first, line.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> snapshot_names(const fs::path& repository) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(repository / "snapshots", error), end; !error && it != end; it.increment(error)) {
    if (is_folder(it->path())) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Chooses the snapshot "main" names: refs/main's, or the only one when refs/main is absent.
void choose_snapshot(CachedModel& model) {
  const fs::path refs_main = model.repository / "refs" / "main";
  std::error_code error;
  if (fs::exists(refs_main, error)) {
    const std::string revision = read_first_line(refs_main);
    // a commit hash: one part of an id's characters, never a path
    if (revision.empty() || !is_repository_id(revision) || revision.find('/') != std::string::npos) {
      model.problem = refs_main.string() + ": does not hold a commit hash";
      return;
    }
    if (!is_folder(model.repository / "snapshots" / revision)) {
      model.problem = "refs/main names revision " + revision +
                      ", which is not in snapshots/ (an interrupted download? download it again)";
      return;
    }
    model.revision = revision;
    model.snapshot = model.repository / "snapshots" / revision;
    return;
  }
  const std::vector<std::string> names = snapshot_names(model.repository);
  if (names.empty()) {
    model.problem = "no snapshot in " + (model.repository / "snapshots").string() + " (an interrupted download?)";
    return;
  }
  if (names.size() > 1) {
    std::string listed;
    for (const std::string& name : names) listed += (listed.empty() ? "" : ", ") + name;
    model.problem = "no refs/main to choose between " + std::to_string(names.size()) + " snapshots (" + listed +
                    "); open one of the folders in snapshots/ directly";
    return;
  }
  model.revision = names.front();
  model.snapshot = model.repository / "snapshots" / names.front();
}

// Adds up the files of the snapshot, each blob once (two names may link to one blob); a link to a
// missing blob becomes the model's problem, naming the file.
void measure_snapshot(CachedModel& model) {
  std::set<fs::path> counted;
  std::error_code error;
  for (fs::recursive_directory_iterator it(model.snapshot, fs::directory_options::skip_permission_denied, error), end;
       !error && it != end; it.increment(error)) {
    std::error_code status_error;
    const fs::file_status status = it->status(status_error);
    if (fs::is_directory(status)) continue;
    const fs::path relative = it->path().lexically_relative(model.snapshot);  // not resolving the link
    if (!fs::exists(status)) {
      if (model.problem.empty()) {
        model.problem = relative.string() + ": the cache's link points to a missing blob (" +
                        fs::read_symlink(it->path(), status_error).string() + "); download the model again";
      }
      continue;
    }
    const fs::path target = fs::canonical(it->path(), status_error);
    if (status_error || !counted.insert(target).second) continue;
    const std::uintmax_t size = fs::file_size(target, status_error);
    if (!status_error) model.size_on_disk += size;
  }
}

CachedModel read_repository(const fs::path& repository, std::string id) {
  CachedModel model;
  model.id = std::move(id);
  model.repository = repository;
  choose_snapshot(model);
  if (!model.snapshot.empty()) measure_snapshot(model);
  return model;
}

}  // namespace

HfCacheEnvironment HfCacheEnvironment::from_process() {
  HfCacheEnvironment environment;
  environment.hf_hub_cache = environment_value("HF_HUB_CACHE");
  environment.huggingface_hub_cache = environment_value("HUGGINGFACE_HUB_CACHE");
  environment.hf_home = environment_value("HF_HOME");
  environment.xdg_cache_home = environment_value("XDG_CACHE_HOME");
  environment.home = environment_value("HOME");
  return environment;
}

fs::path hf_cache_root(const HfCacheEnvironment& environment) {
  if (!environment.hf_hub_cache.empty()) return environment.hf_hub_cache;
  if (!environment.huggingface_hub_cache.empty()) return environment.huggingface_hub_cache;
  if (!environment.hf_home.empty()) return fs::path(environment.hf_home) / "hub";
  if (!environment.xdg_cache_home.empty()) return fs::path(environment.xdg_cache_home) / "huggingface" / "hub";
  if (!environment.home.empty()) return fs::path(environment.home) / ".cache" / "huggingface" / "hub";
  return {};
}

std::vector<CachedModel> list_cached_models(const fs::path& cache) {
  std::vector<CachedModel> models;
  if (cache.empty()) return models;
  std::error_code error;
  for (fs::directory_iterator it(cache, error), end; !error && it != end; it.increment(error)) {
    if (!is_folder(it->path())) continue;
    if (std::optional<std::string> id = repository_id_of_cache_folder(it->path().filename().string())) {
      models.push_back(read_repository(it->path(), std::move(*id)));
    }
  }
  std::sort(models.begin(), models.end(), [](const CachedModel& a, const CachedModel& b) { return a.id < b.id; });
  return models;
}

std::optional<CachedModel> find_cached_model(const fs::path& cache, std::string_view id) {
  if (cache.empty() || !is_repository_id(id)) return std::nullopt;
  const fs::path repository = cache / cache_folder_name(id);
  if (!is_folder(repository)) return std::nullopt;
  return read_repository(repository, std::string(id));
}

}  // namespace core
