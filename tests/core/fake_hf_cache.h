#pragma once
// Builds a Hugging Face hub cache on disk the way huggingface_hub does (core/hub/hf_cache.h):
// each file's contents in blobs/<name>, each snapshot's files as relative symlinks
// ../../blobs/<name>, refs/main holding a commit hash. Shared by the core and GUI tests.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace test {

class FakeHfCache {
 public:
  explicit FakeHfCache(std::filesystem::path root) : root_(std::move(root)) { std::filesystem::create_directories(root_); }

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path repository(const std::string& id) const {
    std::string name = "models--" + id;
    const std::size_t slash = name.find('/');
    if (slash != std::string::npos) name.replace(slash, 1, "--");
    return root_ / name;
  }

  // Snapshot `revision` of `id` holding every regular file of `model_folder`, linked into blobs/
  // (blob name: revision + "-" + file name, so snapshots never share a blob by accident).
  std::filesystem::path add_snapshot(const std::string& id, const std::string& revision,
                                     const std::filesystem::path& model_folder) const {
    const std::filesystem::path repo = repository(id);
    const std::filesystem::path snapshot = repo / "snapshots" / revision;
    std::filesystem::create_directories(snapshot);
    std::filesystem::create_directories(repo / "blobs");
    for (const auto& entry : std::filesystem::directory_iterator(model_folder)) {
      if (!entry.is_regular_file()) continue;
      const std::string blob = revision + "-" + entry.path().filename().string();
      std::filesystem::copy_file(entry.path(), repo / "blobs" / blob,
                                 std::filesystem::copy_options::overwrite_existing);
      std::filesystem::create_symlink(std::filesystem::path("../../blobs") / blob, snapshot / entry.path().filename());
    }
    return snapshot;
  }

  // A second name for an existing blob (two files of one snapshot with the same contents).
  void add_link(const std::string& id, const std::string& revision, const std::string& file,
                const std::string& blob) const {
    std::filesystem::create_symlink(std::filesystem::path("../../blobs") / blob,
                                    repository(id) / "snapshots" / revision / file);
  }

  void set_main(const std::string& id, const std::string& revision) const {
    std::filesystem::create_directories(repository(id) / "refs");
    std::ofstream(repository(id) / "refs" / "main") << revision;  // huggingface_hub writes no newline
  }

 private:
  std::filesystem::path root_;
};

}  // namespace test
