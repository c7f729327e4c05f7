#pragma once
// How the Hugging Face hub cache names things on disk (huggingface_hub's own rules): the
// repository "org/name" lives in <cache>/models--org--name, each revision of it in
// snapshots/<commit hash>/. Names only; core/hub/hf_cache.h reads the cache.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace core {

// "org/name" or "name": one or two parts of letters, digits, '-', '_' and '.', not starting with
// '.' or '-', without "--" or "..", each at most 96 characters (the hub's own rules).
bool is_repository_id(std::string_view text);
// "org/name" → "models--org--name".
std::string cache_folder_name(std::string_view repository_id);
// "models--org--name" → "org/name"; nullopt for datasets--, spaces-- and any other name.
std::optional<std::string> repository_id_of_cache_folder(std::string_view folder_name);
// …/models--org--name/snapshots/<hash> → "org/name"; nullopt for any other folder. What a model
// opened from the cache is called, rather than by its commit hash.
std::optional<std::string> repository_id_of_snapshot(const std::filesystem::path& folder);

}  // namespace core
