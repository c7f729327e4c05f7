// Hostile GGUF files: every check of GgufFile::open (core/io/gguf_file.h) and of the GGUF model
// loader (core/families/gguf_model.h) has a file here that fails it, and the message must name the
// file and the key or tensor at fault. Files are hand-made (gguf_writer.h) or edited copies of the
// committed fixtures in tests/data/gguf.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <limits>
#include <string>

#include "families/gguf_model.h"
#include "families/load_model.h"
#include "gguf_writer.h"
#include "io/gguf_file.h"
#include "tensor/errors.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using core::GgufValueType;

const fs::path data = fs::path(ATTNSCOPE_TEST_DATA) / "gguf";

class GgufFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("attnscope-gguf-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  fs::path write(const std::string& bytes, const std::string& name = "model.gguf") {
    const fs::path path = folder_ / name;
    gguf_test::write(path, bytes);
    return path;
  }

  // The LoadError message of GgufFile::open, or "" when it opens.
  std::string open_message(const std::string& bytes) {
    try {
      core::GgufFile::open(write(bytes));
    } catch (const core::LoadError& error) {
      return error.what();
    }
    return "";
  }

  // The LoadError message of load_model on an edited copy of a fixture.
  std::string load_message(const gguf_test::Contents& contents) {
    try {
      core::load_model(write(gguf_test::serialize(contents)));
    } catch (const core::LoadError& error) {
      return error.what();
    }
    return "";
  }

  fs::path folder_;
};

// A small valid file: two keys and one 32-value F32 tensor.
gguf_test::Contents small_file() {
  gguf_test::Contents contents;
  contents.metadata.push_back({"general.architecture", gguf_test::string_value("llama")});
  contents.metadata.push_back({"llama.block_count", gguf_test::number_value(GgufValueType::Uint32, 1)});
  contents.tensors.push_back({"weights", {32}, 0, std::string(128, '\0')});
  return contents;
}

TEST_F(GgufFileTest, ReadsAHandMadeFile) {
  const core::GgufFile file = core::GgufFile::open(write(gguf_test::serialize(small_file())));
  EXPECT_EQ(file.version(), 3u);
  ASSERT_NE(file.find("llama.block_count"), nullptr);
  EXPECT_EQ(file.find("llama.block_count")->numbers.front(), 1.0);
  ASSERT_NE(file.find_tensor("weights"), nullptr);
  EXPECT_EQ(file.bytes(*file.find_tensor("weights")).size(), 128u);
}

TEST_F(GgufFileTest, WrongMagicIsNamed) {
  std::string bytes = gguf_test::serialize(small_file());
  bytes[0] = 'X';
  EXPECT_EQ(open_message(bytes), "model.gguf: not a GGUF file (it does not start with the bytes 'GGUF')");
  EXPECT_EQ(open_message("GG"), "model.gguf: not a GGUF file (it does not start with the bytes 'GGUF')");
}

TEST_F(GgufFileTest, VersionsOtherThanTwoAndThreeAreRefused) {
  for (const std::uint32_t version : {1u, 4u, 0x03000000u}) {
    gguf_test::Contents contents = small_file();
    contents.version = version;
    EXPECT_EQ(open_message(gguf_test::serialize(contents)),
              "model.gguf: GGUF version " + std::to_string(version) +
                  " is not supported; expected version 2 or 3 (little-endian)");
  }
  gguf_test::Contents v2 = small_file();
  v2.version = 2;
  EXPECT_EQ(open_message(gguf_test::serialize(v2)), "");
}

// Cut anywhere, a file gives a message that says it is truncated (or its data lies past the end).
TEST_F(GgufFileTest, EveryTruncationIsAMessage) {
  const std::string bytes = gguf_test::serialize(small_file());
  for (std::size_t length = 4; length < bytes.size(); ++length) {
    const std::string message = open_message(bytes.substr(0, length));
    ASSERT_THAT(message, ::testing::AnyOf(HasSubstr("truncated"), HasSubstr("past the end of the file")))
        << "cut at " << length;
    ASSERT_THAT(message, ::testing::StartsWith("model.gguf: "));
  }
}

TEST_F(GgufFileTest, TruncationNamesTheEntry) {
  const std::string bytes = gguf_test::serialize(small_file());
  // Inside the second key's value (the header is 24 bytes, the first entry 8 + 20 + 4 + 8 + 5).
  EXPECT_THAT(open_message(bytes.substr(0, 24 + 45 + 8 + 17 + 4 + 2)),
              HasSubstr("truncated: metadata key 'llama.block_count' runs past the end of the file"));
  // The tensor data cut short.
  EXPECT_THAT(open_message(bytes.substr(0, bytes.size() - 1)),
              HasSubstr("tensor 'weights' data (128 bytes at offset 0) lies past the end of the file"));
}

TEST_F(GgufFileTest, HugeCountsAreRefusedBeforeAllocating) {
  gguf_test::Contents contents = small_file();
  core::GgufValue tokens;
  tokens.type = GgufValueType::String;
  tokens.is_array = true;
  tokens.strings = {"a", "b"};
  contents.metadata.push_back({"tokenizer.ggml.tokens", tokens});
  std::string bytes = gguf_test::serialize(contents);
  // The array's count (after key, type and element type) rewritten to 2^60.
  const std::size_t at = bytes.find("tokenizer.ggml.tokens") + 21 + 4 + 4;
  for (int i = 0; i < 8; ++i) bytes[at + i] = i == 7 ? '\x10' : '\0';
  EXPECT_THAT(open_message(bytes), HasSubstr("metadata key 'tokenizer.ggml.tokens' declares 1152921504606846976 "
                                             "elements, more than the"));
}

TEST_F(GgufFileTest, UnknownValueTypeAndRepeatedKeysAreNamed) {
  std::string bytes = gguf_test::serialize(small_file());
  const std::size_t at = bytes.find("llama.block_count") + 17;
  bytes[at] = 42;
  EXPECT_EQ(open_message(bytes), "model.gguf: metadata key 'llama.block_count' has unknown value type 42");

  gguf_test::Contents twice = small_file();
  twice.metadata.push_back(twice.metadata[1]);
  EXPECT_EQ(open_message(gguf_test::serialize(twice)), "model.gguf: metadata key 'llama.block_count' is given twice");
}

TEST_F(GgufFileTest, TensorEntriesAreChecked) {
  gguf_test::Contents dims = small_file();
  dims.tensors[0].ne = {1, 1, 1, 1, 32};
  EXPECT_EQ(open_message(gguf_test::serialize(dims)),
            "model.gguf: tensor 'weights' has 5 dimensions; at most 4 are supported");

  gguf_test::Contents type = small_file();
  type.tensors[0].type = 99;
  EXPECT_EQ(open_message(gguf_test::serialize(type)), "model.gguf: tensor 'weights' has unknown ggml type 99");

  gguf_test::Contents blocks = small_file();
  blocks.tensors[0].type = 12;  // Q4_K: blocks of 256
  EXPECT_EQ(open_message(gguf_test::serialize(blocks)),
            "model.gguf: tensor 'weights' of type Q4_K has rows of 32 values, not a multiple of its block of 256");

  gguf_test::Contents zero = small_file();
  zero.tensors[0].ne = {32, 0};
  EXPECT_EQ(open_message(gguf_test::serialize(zero)), "model.gguf: tensor 'weights' has impossible dimensions [32, 0]");

  gguf_test::Contents twice = small_file();
  twice.tensors.push_back(twice.tensors[0]);
  EXPECT_EQ(open_message(gguf_test::serialize(twice)), "model.gguf: tensor 'weights' is given twice");
}

TEST_F(GgufFileTest, OffsetsPastTheEndMisalignedOrOverlappingAreRefused) {
  gguf_test::Contents two = small_file();
  two.tensors.push_back({"more", {32}, 0, std::string(128, '\0')});
  const std::string bytes = gguf_test::serialize(two);
  // Each tensor entry ends with its offset: rewrite the second one's.
  const auto with_second_offset = [&](std::uint64_t offset) {
    std::string edited = bytes;
    const std::size_t at = edited.find("more") + 4 + 4 + 8 + 4;
    for (int i = 0; i < 8; ++i) edited[at + i] = static_cast<char>((offset >> (8 * i)) & 0xFF);
    return edited;
  };
  EXPECT_EQ(open_message(with_second_offset(1ull << 40)),
            "model.gguf: tensor 'more' data (128 bytes at offset 1099511627776) lies past the end of the file (" +
                std::to_string(bytes.size()) + " bytes); the file may be truncated");
  EXPECT_EQ(open_message(with_second_offset(8)),
            "model.gguf: tensor 'more' has offset 8, not a multiple of the alignment 32");
  EXPECT_EQ(open_message(with_second_offset(96)), "model.gguf: tensors 'weights' and 'more' overlap in the data area");

  gguf_test::Contents aligned = small_file();
  aligned.metadata.push_back({"general.alignment", gguf_test::number_value(GgufValueType::Uint32, 24)});
  EXPECT_EQ(open_message(gguf_test::serialize(aligned)),
            "model.gguf: metadata key 'general.alignment' must be a uint32 power of two");
}

// ---- the model loader on edited fixtures --------------------------------------------------------

TEST_F(GgufFileTest, UnsupportedArchitectureIsNamed) {
  gguf_test::Contents contents = gguf_test::read(data / "llama-tiny-gqa.f32.gguf");
  *contents.find("general.architecture") = gguf_test::string_value("phi3");
  EXPECT_EQ(load_message(contents), "model.gguf: architecture 'phi3' (general.architecture) is not supported; "
                                    "supported: llama (Llama, Mistral), qwen2, gemma");
}

TEST_F(GgufFileTest, MissingOrMistypedKeysAreNamed) {
  const gguf_test::Contents original = gguf_test::read(data / "llama-tiny-gqa.f32.gguf");
  for (const std::string key : {"general.architecture", "llama.block_count", "llama.embedding_length",
                                "llama.attention.head_count", "llama.feed_forward_length", "llama.context_length",
                                "llama.attention.layer_norm_rms_epsilon", "tokenizer.ggml.model",
                                "tokenizer.ggml.tokens"}) {
    gguf_test::Contents contents = original;
    contents.erase(key);
    EXPECT_EQ(load_message(contents), "model.gguf: metadata key '" + key + "' is missing");
  }
  gguf_test::Contents text = original;
  *text.find("llama.block_count") = gguf_test::string_value("two");
  EXPECT_EQ(load_message(text), "model.gguf: metadata key 'llama.block_count' is a string; expected an integer");

  gguf_test::Contents zero = original;
  *zero.find("llama.attention.head_count") = gguf_test::number_value(GgufValueType::Uint32, 0);
  EXPECT_EQ(load_message(zero), "model.gguf: metadata key 'llama.attention.head_count' is 0; expected 1 … 4096");

  gguf_test::Contents groups = original;
  *groups.find("llama.attention.head_count_kv") = gguf_test::number_value(GgufValueType::Uint32, 3);
  EXPECT_EQ(load_message(groups), "model.gguf: metadata key 'llama.attention.head_count_kv' (3) must divide "
                                  "'llama.attention.head_count' (4)");

  gguf_test::Contents rope = original;
  rope.metadata.push_back({"llama.rope.scaling.type", gguf_test::string_value("longrope")});
  EXPECT_EQ(load_message(rope),
            "model.gguf: metadata key 'llama.rope.scaling.type' is \"longrope\"; supported: none, linear, yarn");

  // YaRN: a factor; no original length other than the context (HF and llama.cpp would differ); attn_factor 1
  gguf_test::Contents yarn = original;
  yarn.metadata.push_back({"llama.rope.scaling.type", gguf_test::string_value("yarn")});
  EXPECT_EQ(load_message(yarn), "model.gguf: metadata key 'llama.rope.scaling.factor' is missing");
  yarn.metadata.push_back({"llama.rope.scaling.factor", gguf_test::number_value(GgufValueType::Float32, 4)});
  gguf_test::Contents yarn_original = yarn;
  yarn_original.metadata.push_back(
      {"llama.rope.scaling.original_context_length", gguf_test::number_value(GgufValueType::Uint32, 32)});
  EXPECT_EQ(load_message(yarn_original),
            "model.gguf: metadata key 'llama.rope.scaling.original_context_length' is 32 but 'llama.context_length' "
            "is 128; YaRN is read only when they are equal (HuggingFace and llama.cpp ramp over different lengths "
            "otherwise)");
  gguf_test::Contents yarn_attn = yarn;
  yarn_attn.metadata.push_back({"llama.rope.scaling.attn_factor", gguf_test::number_value(GgufValueType::Float32, 2)});
  EXPECT_EQ(load_message(yarn_attn), "model.gguf: metadata key 'llama.rope.scaling.attn_factor' is not 1; only "
                                     "YaRN's own attention factor 0.1 ln(factor) + 1 is supported");
  EXPECT_EQ(load_message(yarn), "");

  gguf_test::Contents tokenizer = original;
  *tokenizer.find("tokenizer.ggml.model") = gguf_test::string_value("bert");
  EXPECT_EQ(load_message(tokenizer), "model.gguf: metadata key 'tokenizer.ggml.model' is \"bert\": this tokenizer is "
                                     "not supported; supported: llama (SentencePiece), gpt2 (byte-level BPE)");
}

TEST_F(GgufFileTest, MissingMisshapedAndNonFiniteTensorsAreNamed) {
  const gguf_test::Contents original = gguf_test::read(data / "llama-tiny-gqa.f32.gguf");
  gguf_test::Contents missing = original;
  std::erase_if(missing.tensors, [](const gguf_test::Tensor& t) { return t.name == "blk.1.ffn_down.weight"; });
  EXPECT_EQ(load_message(missing), "model.gguf: tensor 'blk.1.ffn_down.weight' is missing");

  gguf_test::Contents shape = original;
  gguf_test::Tensor& k = *shape.tensor("blk.0.attn_k.weight");
  k.ne = {20, 40};  // the two dimensions swapped
  EXPECT_EQ(load_message(shape),
            "model.gguf: tensor 'blk.0.attn_k.weight' has wrong shape; expected ne [40, 20], got [20, 40]");

  gguf_test::Contents nan = original;
  std::string& norm = nan.tensor("output_norm.weight")->bytes;
  const float bad = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(norm.data() + 4 * 7, &bad, 4);
  EXPECT_EQ(load_message(nan), "model.gguf: tensor 'output_norm.weight' contains NaN at element 7");

  // rope_freqs: one factor per rotary pair (head size 10: 5 pairs), each positive.
  gguf_test::Contents factors = original;
  factors.tensors.push_back({"rope_freqs.weight", {6}, 0, std::string(24, '\0')});
  EXPECT_EQ(load_message(factors),
            "model.gguf: tensor 'rope_freqs.weight' has wrong shape; expected ne [5], got [6]");
  std::string zero_third(20, '\0');
  for (const int i : {0, 1, 3, 4}) {
    const float one = 1.0f;
    std::memcpy(zero_third.data() + 4 * i, &one, 4);
  }
  factors.tensors.back() = {"rope_freqs.weight", {5}, 0, zero_third};
  EXPECT_EQ(load_message(factors), "model.gguf: tensor 'rope_freqs.weight' holds 0 at element 2; rope frequency "
                                   "factors must be positive");
}

TEST_F(GgufFileTest, UnsupportedPreTokenizerIsNamed) {
  gguf_test::Contents contents = gguf_test::read(data / "qwen2-tiny-bias-tied.f16.gguf");
  *contents.find("tokenizer.ggml.pre") = gguf_test::string_value("deepseek-llm");
  EXPECT_EQ(load_message(contents), "model.gguf: metadata key 'tokenizer.ggml.pre' is \"deepseek-llm\": this "
                                    "pre-tokenizer is not supported; supported: qwen2, llama-bpe (Llama 3), gpt-2");
}

TEST_F(GgufFileTest, UnsupportedQuantTypeIsNamed) {
  gguf_test::Contents contents = gguf_test::read(data / "llama-tiny-gqa.f32.gguf");
  // Q5_0 (blocks of 32 values in 22 bytes) is known by size but not dequantised. ffn_down has
  // ne [64, 40]: 40 rows of 64 values, two blocks each.
  gguf_test::Tensor& down = *contents.tensor("blk.0.ffn_down.weight");
  down.type = 6;
  down.bytes = std::string(40 * 2 * 22, '\0');
  EXPECT_EQ(load_message(contents), "model.gguf: tensor 'blk.0.ffn_down.weight' has type Q5_0, which AttentionScope "
                                    "cannot read; supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K");
}

TEST_F(GgufFileTest, AFolderNamedGgufIsNotAFile) {
  const fs::path folder = folder_ / "looks.gguf";
  fs::create_directories(folder);
  EXPECT_FALSE(core::is_gguf_path(folder));
  EXPECT_TRUE(core::is_gguf_path(folder_ / "model.GGUF"));
  EXPECT_THROW(core::load_model(folder_ / "absent.gguf"), core::LoadError);
}

}  // namespace
