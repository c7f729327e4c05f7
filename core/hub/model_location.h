#pragma once
// What a user's model argument names: a folder, or a repository id ("org/name") in the Hugging
// Face cache (hub/hf_cache.h). The one rule every front end (attnscope, attnscope-cli, the Python
// module) follows:
//   1. a path that exists is opened as given, even when it also reads as a repository id;
//   2. otherwise a repository id the cache holds opens its snapshot;
//   3. otherwise the argument goes to the loader unchanged, which says "no such folder"
//      (an "org/name" id gets a message naming the cache instead).
// Nothing is ever downloaded.

#include <filesystem>
#include <string>

namespace core {

struct ModelLocation {
  std::filesystem::path folder;  // what to open
  std::string note;              // one line saying where the model came from; "" for a plain folder
};

// cache: hf_cache_root(...), or empty for no cache. Throws core::LoadError when the argument is a
// repository id in the cache with no usable snapshot (naming the problem), or an "org/name" id
// that is neither a folder nor in the cache.
ModelLocation locate_model(const std::string& argument, const std::filesystem::path& cache);

}  // namespace core
