// Sharded checkpoints (model.safetensors.index.json + shard files, written by
// tests/fixtures/make_sharded_fixtures.py into tests/data/sharded): the same model split in two
// shards must load exactly as the single file does, every broken folder must fail with the message
// in its expected_message.txt, and a shard changed on disk after opening must be caught by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "families/load_model.h"
#include "io/checkpoint.h"
#include "io/safetensors.h"
#include "io/weight_binder.h"
#include "model/model.h"
#include "model/transformer.h"
#include "random_model.h"
#include "tensor/errors.h"

namespace {

namespace fs = std::filesystem;

const fs::path data = fs::path(ATTNSCOPE_TEST_DATA);
const fs::path single_file = data / "hf-cases" / "llama-tiny-gqa";
const fs::path sharded = data / "sharded" / "llama-tiny-gqa-2-shards";
const fs::path broken = data / "sharded" / "broken";
const std::string shard_1 = "model-00001-of-00002.safetensors";
const std::string shard_2 = "model-00002-of-00002.safetensors";
const std::vector<int> ids{1, 15, 200, 37, 649, 4, 88};

std::string read_text(const fs::path& file) {
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string load_error(const fs::path& folder) {
  try {
    core::load_model(folder);
  } catch (const core::LoadError& error) {
    return error.what();
  }
  return "(no error)";
}

// A tensor read back as float32, to be edited and written again.
struct EditableTensor {
  std::vector<std::int64_t> shape;
  std::vector<float> values;
};

// Rewrites one shard of a copied folder after an edit of its tensors (by name).
void rewrite_shard(const fs::path& shard, const std::function<void(std::map<std::string, EditableTensor>&)>& edit) {
  std::map<std::string, EditableTensor> tensors;
  {
    const core::SafetensorsFile file = core::SafetensorsFile::open(shard);
    for (const core::TensorInfo& tensor : file.tensors()) {
      tensors[tensor.name] = {tensor.shape, core::to_float32(tensor.dtype, file.bytes(tensor))};
    }
  }
  edit(tensors);
  std::vector<core::NamedTensor> named;
  for (const auto& [name, tensor] : tensors) named.push_back({name, tensor.shape, tensor.values});
  core::write_safetensors(shard, named);
}

class ShardedCheckpoint : public ::testing::Test {
 protected:
  ShardedCheckpoint() { fs::copy(sharded, folder(), fs::copy_options::recursive); }
  // A copy to break or edit; the fixture itself stays as written.
  fs::path folder() const { return temp_.path() / "model"; }

  test::TempFolder temp_;
};

void expect_same_pass(const core::ForwardResult& got, const core::ForwardResult& want) {
  // Bit-identical: the same float32 bytes, only in other files.
  ASSERT_EQ(got.trace.decoder_self.size(), want.trace.decoder_self.size());
  for (std::size_t layer = 0; layer < want.trace.decoder_self.size(); ++layer) {
    const std::vector<core::RowMatrix>& heads = want.trace.decoder_self[layer].heads;
    ASSERT_EQ(got.trace.decoder_self[layer].heads.size(), heads.size());
    for (std::size_t h = 0; h < heads.size(); ++h) {
      EXPECT_TRUE(got.trace.decoder_self[layer].heads[h] == heads[h]) << "layer " << layer << " head " << h;
    }
  }
  EXPECT_TRUE(got.decoder_output == want.decoder_output);
  ASSERT_EQ(got.last_logits.size(), want.last_logits.size());
  EXPECT_TRUE(got.last_logits == want.last_logits);
}

TEST_F(ShardedCheckpoint, GivesTheSameAttentionAndLogitsAsTheSingleFile) {
  const core::Model one = core::load_model(single_file);
  const core::Model two = core::load_model(sharded);
  const core::ForwardResult want = core::forward(one, {}, ids);
  const core::ForwardResult got = core::forward(two, {}, ids);
  ASSERT_EQ(want.trace.decoder_self.size(), 2u);
  ASSERT_EQ(want.last_logits.size(), 650);
  expect_same_pass(got, want);

  EXPECT_EQ(two.tensors().parameter_count, one.tensors().parameter_count);
  EXPECT_EQ(two.tensors().tensor_count, one.tensors().tensor_count);
  EXPECT_EQ(two.tensors().unused, one.tensors().unused);
}

TEST_F(ShardedCheckpoint, Float32WeightsStayInTheMappedShards) {
  auto storage = std::make_shared<core::WeightStorage>(core::Checkpoint::open(sharded));
  ASSERT_EQ(storage->checkpoint().files().size(), 2u);
  core::WeightBinder binder(storage);
  for (const char* name : {"model.layers.0.input_layernorm.weight", "model.norm.weight"}) {
    const core::StoredTensor stored = storage->checkpoint().find(name);
    ASSERT_TRUE(stored) << name;
    const core::WeightVector bound = binder.vector(name, 40);
    // Zero copy: the view points into the shard's mapping.
    EXPECT_EQ(static_cast<const void*>(bound.data), static_cast<const void*>(stored.file->bytes(*stored.tensor).data()))
        << name;
  }
  EXPECT_EQ(storage->checkpoint().find("model.norm.weight").file->path().filename().string(), shard_2);
  EXPECT_EQ(storage->checkpoint().find("model.embed_tokens.weight").file->path().filename().string(), shard_1);
}

TEST_F(ShardedCheckpoint, TensorLeftOutOfTheIndexIsUnused) {
  rewrite_shard(folder() / shard_2, [](std::map<std::string, EditableTensor>& tensors) {
    tensors["extra.not_in_index"] = {{2}, {1.0f, 2.0f}};
  });
  const core::Model model = core::load_model(folder());
  EXPECT_EQ(model.tensors().unused, std::vector<std::string>{"extra.not_in_index"});
  EXPECT_EQ(model.tensors().parameter_count, core::load_model(single_file).tensors().parameter_count);
}

TEST_F(ShardedCheckpoint, SingleFileWinsOverTheIndexAsInHuggingFace) {
  fs::copy_file(single_file / "model.safetensors", folder() / "model.safetensors");
  std::ofstream(folder() / "model.safetensors.index.json", std::ios::trunc) << "not an index";
  const core::Model model = core::load_model(folder());
  expect_same_pass(core::forward(model, {}, ids), core::forward(core::load_model(single_file), {}, ids));
}

TEST_F(ShardedCheckpoint, NaNInAShardNamesTheShard) {
  rewrite_shard(folder() / shard_2, [](std::map<std::string, EditableTensor>& tensors) {
    tensors.at("model.norm.weight").values[3] = std::numeric_limits<float>::quiet_NaN();
  });
  EXPECT_EQ(load_error(folder()), shard_2 + ": tensor 'model.norm.weight' contains NaN at element 3");
}

TEST_F(ShardedCheckpoint, MisshapedTensorNamesItsShard) {
  rewrite_shard(folder() / shard_2, [](std::map<std::string, EditableTensor>& tensors) {
    EditableTensor& norm = tensors.at("model.norm.weight");
    norm.values.push_back(1.0f);
    norm.shape = {41};
  });
  EXPECT_EQ(load_error(folder()),
            shard_2 + ": tensor 'model.norm.weight' has wrong shape; expected [40], got [41]");
}

TEST_F(ShardedCheckpoint, TruncatedShardAfterOpeningIsRefusedByName) {
  const core::Model model = core::load_model(folder());
  EXPECT_NO_THROW(core::forward(model, {}, ids));
  // The second shard: the first is unchanged, so only a check of every shard catches this.
  const fs::path shard = folder() / shard_2;
  fs::resize_file(shard, fs::file_size(shard) / 2);
  try {
    core::forward(model, {}, ids);
    FAIL() << "a forward pass over a truncated shard must be refused";
  } catch (const core::LoadError& error) {
    EXPECT_EQ(std::string(error.what()),
              shard.string() +
                  ": changed on disk since the model was opened (rewritten or truncated in place); open the model again");
  }
}

std::vector<std::string> broken_cases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(broken)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ShardedBrokenFolder : public ::testing::TestWithParam<std::string> {};

TEST_P(ShardedBrokenFolder, FailsWithTheExpectedMessage) {
  const fs::path folder = broken / GetParam();
  std::string want = read_text(folder / "expected_message.txt");
  ASSERT_FALSE(want.empty()) << folder << " needs expected_message.txt";
  if (want.back() == '\n') want.pop_back();
  EXPECT_EQ(load_error(folder), replace_all(want, "{folder}", folder.string()));
}

INSTANTIATE_TEST_SUITE_P(ShardedBroken, ShardedBrokenFolder, ::testing::ValuesIn(broken_cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ShardedBrokenFolders, EveryShardingMessageHasACase) {
  // A guard against the fixtures going missing, which would make the test above run nothing.
  EXPECT_GE(broken_cases().size(), 12u);
}

}  // namespace
