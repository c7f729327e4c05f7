#pragma once
// The Hugging Face hub cache, as huggingface_hub lays it out on disk (read only; nothing here ever
// downloads):
//   <cache>/models--<org>--<name>/refs/main            the commit hash "main" stood for at download
//   <cache>/models--<org>--<name>/snapshots/<hash>/    the repository's files at that commit, each a
//                                                      symlink into ../../blobs/
//   <cache>/models--<org>--<name>/blobs/<sha>          the file contents, shared between snapshots
// A repository id "org/name" (or a bare "gpt2") is stored in models--org--name.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/hf_cache_layout.h"  // is_repository_id, cache_folder_name

namespace core {

// The environment variables that choose the cache, as read from a process (empty when unset).
struct HfCacheEnvironment {
  std::string hf_hub_cache;           // HF_HUB_CACHE
  std::string huggingface_hub_cache;  // HUGGINGFACE_HUB_CACHE (its older name)
  std::string hf_home;                // HF_HOME
  std::string xdg_cache_home;         // XDG_CACHE_HOME
  std::string home;                   // HOME

  static HfCacheEnvironment from_process();
};

// The cache folder, in huggingface_hub's order: $HF_HUB_CACHE, $HUGGINGFACE_HUB_CACHE,
// $HF_HOME/hub, $XDG_CACHE_HOME/huggingface/hub, $HOME/.cache/huggingface/hub. Empty when none of
// these is set. The folder need not exist.
std::filesystem::path hf_cache_root(const HfCacheEnvironment& environment);

// One model repository in the cache and the snapshot that "main" names.
struct CachedModel {
  std::string id;                     // "org/name"
  std::filesystem::path repository;   // <cache>/models--org--name
  std::filesystem::path snapshot;     // the folder to open; empty when none can be chosen
  std::string revision;               // the snapshot's commit hash
  std::uintmax_t size_on_disk = 0;    // bytes of the files the snapshot links to, each blob once
  // Why the repository cannot be opened from the cache, naming the file ("" when it can):
  // no snapshot, refs/main naming a missing snapshot, several snapshots and no refs/main, or a
  // file whose link points to a missing blob.
  std::string problem;
};

// Every models--* folder under cache, sorted by id; empty when cache does not exist. Snapshot
// choice: the one refs/main names; without refs/main, the only snapshot. Never throws.
std::vector<CachedModel> list_cached_models(const std::filesystem::path& cache);

// The repository called id, or nullopt when the cache has no such folder.
std::optional<CachedModel> find_cached_model(const std::filesystem::path& cache, std::string_view id);

}  // namespace core
