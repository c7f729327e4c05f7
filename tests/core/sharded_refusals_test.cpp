// Issue 15's bad input for sharded checkpoints, in both formats that shard (safetensors and PyTorch),
// made at test time from copies of the committed two-shard models: a shard missing or truncated,
// an index naming a tensor its shard lacks, a tensor claimed by two shards (two files holding it,
// or the index listing it twice). Each is refused with a message naming the file and the tensor,
// and nothing is half loaded: after the refusal no shard is still mapped or open.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "families/load_model.h"
#include "random_model.h"
#include "tensor/errors.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const fs::path data = fs::path(ATTNSCOPE_TEST_DATA);

struct ShardedModel {
  std::string folder;  // relative to tests/data
  std::string index;
  std::string shard_1;
  std::string shard_2;
};

void PrintTo(const ShardedModel& model, std::ostream* out) { *out << model.folder; }

std::string read_text(const fs::path& file) {
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

// Lines of /proc/self/maps and targets of /proc/self/fd that lie inside folder: what a model
// half loaded from it would still hold.
std::vector<std::string> still_held(const fs::path& folder) {
  const std::string prefix = folder.string() + "/";
  std::vector<std::string> held;
  std::istringstream maps(read_text("/proc/self/maps"));
  for (std::string line; std::getline(maps, line);) {
    if (line.find(prefix) != std::string::npos) held.push_back("mapped: " + line);
  }
  std::error_code error;
  for (const fs::directory_entry& fd : fs::directory_iterator("/proc/self/fd", error)) {
    const fs::path target = fs::read_symlink(fd.path(), error);
    if (!error && target.string().starts_with(prefix)) held.push_back("open: " + target.string());
  }
  return held;
}

class ShardedRefusal : public ::testing::TestWithParam<ShardedModel> {
 protected:
  ShardedRefusal() { fs::copy(data / GetParam().folder, folder(), fs::copy_options::recursive); }
  fs::path folder() const { return temp_.path() / "model"; }
  fs::path index_path() const { return folder() / GetParam().index; }
  nlohmann::json index() const { return nlohmann::json::parse(read_text(index_path())); }
  void write_index(const nlohmann::json& index) const { std::ofstream(index_path(), std::ios::trunc) << index.dump(2); }

  // The first tensor, by name, that the index maps to the second shard: the one its messages name
  // (the loader goes through the index in name order).
  std::string first_tensor_of_shard_2() const {
    const nlohmann::json map = index().at("weight_map");
    for (const auto& [tensor, shard] : map.items()) {
      if (shard == GetParam().shard_2) return tensor;
    }
    ADD_FAILURE() << "no tensor is mapped to " << GetParam().shard_2;
    return "";
  }

  // The refusal's message, after checking nothing of the folder is still mapped or open.
  std::string refusal() const {
    std::string message = "(no error)";
    try {
      core::load_model(folder());
    } catch (const core::LoadError& error) {
      message = error.what();
    }
    EXPECT_THAT(still_held(folder()), ::testing::IsEmpty()) << "half loaded after: " << message;
    return message;
  }

  test::TempFolder temp_;
};

TEST_P(ShardedRefusal, TheCopyLoadsAndIsReleased) {
  // The baseline the edits below break; a model that is dropped holds nothing either.
  { const core::Model model = core::load_model(folder()); }
  EXPECT_THAT(still_held(folder()), ::testing::IsEmpty());
}

TEST_P(ShardedRefusal, MissingShardNamesTheIndexTheTensorAndTheShard) {
  const ShardedModel& m = GetParam();
  const std::string tensor = first_tensor_of_shard_2();
  fs::remove(folder() / m.shard_2);
  EXPECT_EQ(refusal(), m.index + ": tensor '" + tensor + "' is mapped to '" + m.shard_2 + "', which does not exist");
}

TEST_P(ShardedRefusal, TruncatedShardIsNamed) {
  const ShardedModel& m = GetParam();
  const fs::path shard = folder() / m.shard_2;
  fs::resize_file(shard, fs::file_size(shard) / 2);
  // safetensors: a tensor's data past the end (naming it); PyTorch: the zip's directory is gone.
  EXPECT_THAT(refusal(), StartsWith(m.shard_2 + ": "));
}

TEST_P(ShardedRefusal, IndexNamingATensorItsShardLacksIsRefused) {
  const ShardedModel& m = GetParam();
  const std::string tensor = first_tensor_of_shard_2();
  nlohmann::json edited = index();
  edited["weight_map"][tensor] = m.shard_1;
  write_index(edited);
  EXPECT_EQ(refusal(), m.index + ": tensor '" + tensor + "' is mapped to '" + m.shard_1 + "', which does not contain it");
}

TEST_P(ShardedRefusal, IndexNamingATensorNoShardHoldsIsRefused) {
  const ShardedModel& m = GetParam();
  nlohmann::json edited = index();
  edited["weight_map"]["a.tensor.in.no.shard"] = m.shard_1;
  write_index(edited);
  EXPECT_EQ(refusal(), m.index + ": tensor 'a.tensor.in.no.shard' is mapped to '" + m.shard_1 +
                           "', which does not contain it");
}

TEST_P(ShardedRefusal, TwoShardsHoldingOneTensorAreRefused) {
  // A third file, a copy of the second shard, to which the index maps one of its tensors: that
  // tensor is then in two opened shards, and which copy HF would use depends on its load order.
  const ShardedModel& m = GetParam();
  const fs::path second(m.shard_2);
  const std::string copy = second.stem().string() + "-copy" + second.extension().string();
  fs::copy_file(folder() / m.shard_2, folder() / copy);
  const std::string tensor = first_tensor_of_shard_2();
  nlohmann::json edited = index();
  edited["weight_map"][tensor] = copy;
  write_index(edited);
  // The shards in file name order: "…-copy.x" sorts before "….x".
  EXPECT_EQ(refusal(), m.index + ": tensor '" + tensor + "' is in both '" + copy + "' and '" + m.shard_2 + "'");
}

TEST_P(ShardedRefusal, IndexListingATensorTwiceIsRefused) {
  // A JSON object with the key twice: parsers keep one entry silently, so the index must be read
  // before it is parsed away.
  const ShardedModel& m = GetParam();
  const std::string tensor = first_tensor_of_shard_2();
  std::string text = read_text(index_path());
  const std::string entry = "\"" + tensor + "\": \"" + m.shard_2 + "\"";
  const std::size_t at = text.find(entry);
  ASSERT_NE(at, std::string::npos) << text;
  text.insert(at, "\"" + tensor + "\": \"" + m.shard_1 + "\",\n    ");
  std::ofstream(index_path(), std::ios::trunc) << text;
  EXPECT_EQ(refusal(), m.index + ": tensor '" + tensor + "' is listed twice in weight_map, mapped to '" + m.shard_1 +
                           "' and to '" + m.shard_2 + "'; a tensor belongs to one shard");
}

INSTANTIATE_TEST_SUITE_P(
    Formats, ShardedRefusal,
    ::testing::Values(ShardedModel{"sharded/llama-tiny-gqa-2-shards", "model.safetensors.index.json",
                                   "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"},
                      ShardedModel{"pytorch/llama-tiny-gqa-bf16-shards", "pytorch_model.bin.index.json",
                                   "pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"}),
    [](const auto& info) { return info.param.index.starts_with("model.") ? "safetensors" : "pytorch"; });

}  // namespace
