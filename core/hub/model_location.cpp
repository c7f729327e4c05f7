#include "hub/model_location.h"

#include "hub/hf_cache.h"
#include "tensor/errors.h"

namespace core {

namespace fs = std::filesystem;

namespace {

bool exists_on_disk(const fs::path& path) {
  std::error_code error;
  // symlink_status: a dangling link or a link loop still "exists" and gets the loader's message.
  return fs::exists(fs::symlink_status(path, error));
}

}  // namespace

ModelLocation locate_model(const std::string& argument, const fs::path& cache) {
  ModelLocation location{argument, {}};
  const bool repository_id = is_repository_id(argument);
  if (exists_on_disk(argument)) {
    if (repository_id && argument.find('/') != std::string::npos && find_cached_model(cache, argument)) {
      location.note = "opened the folder ./" + argument + "; the Hugging Face cache's " + argument +
                      " was not used (an existing folder wins)";
    }
    return location;
  }
  if (!repository_id) return location;
  if (const std::optional<CachedModel> cached = find_cached_model(cache, argument)) {
    if (!cached->problem.empty()) {
      throw LoadError(argument + ": in the Hugging Face cache (" + cached->repository.string() + ") but " +
                      cached->problem);
    }
    location.folder = cached->snapshot;
    location.note = "opened " + argument + " from the Hugging Face cache: " + cached->snapshot.string();
    return location;
  }
  if (argument.find('/') == std::string::npos) return location;
  const std::string where = cache.empty() ? std::string("no Hugging Face cache is set (HF_HUB_CACHE, HF_HOME, HOME)")
                                          : "the Hugging Face cache " + cache.string() + " holds no " + argument;
  throw LoadError(argument + ": no such folder, and " + where +
                  "; AttentionScope never downloads (huggingface-cli download " + argument + " fetches it)");
}

}  // namespace core
