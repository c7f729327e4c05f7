// PyTorch checkpoints (torch.save's zip format), written by tests/fixtures/make_torch_checkpoints.py
// into tests/data/pytorch: each model folder must give exactly the `attnscope-cli dump` of the
// same model stored as safetensors in the same dtype, safetensors must win when a folder has both,
// and every refused file must fail with the message in its expected_message.txt.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "families/load_model.h"
#include "io/checkpoint.h"
#include "io/safetensors.h"
#include "io/torch_checkpoint.h"
#include "io/torch_pickle.h"
#include "io/weight_binder.h"
#include "model/model.h"
#include "random_model.h"
#include "tensor/errors.h"
#include "tensor/scalar_types.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace std::string_literals;

const fs::path data = fs::path(ATTNSCOPE_TEST_DATA);
const fs::path torch_data = data / "pytorch";
const fs::path broken = torch_data / "broken";

std::string read_text(const fs::path& file) {
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

std::string load_error(const fs::path& folder) {
  try {
    core::load_model(folder);
  } catch (const core::LoadError& error) {
    return error.what();
  }
  return "(no error)";
}

// folder's files except its weights (and the reference answers), copied into a new folder.
fs::path copy_without_weights(const fs::path& folder, const fs::path& copy) {
  fs::create_directories(copy);
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name == "model.safetensors" || name.starts_with("pytorch_model") || name.ends_with(".pt") ||
        name.starts_with("expected") || name == "case.json") {
      continue;
    }
    fs::copy_file(entry.path(), copy / name);
  }
  return copy;
}

// The safetensors checkpoint of folder rewritten with every tensor as Half (Eigen::half or
// Eigen::bfloat16, which round float32 to nearest even, as torch's .to() does) into copy.
template <typename Half>
void write_16_bit_safetensors(const fs::path& folder, const fs::path& copy, const std::string& dtype) {
  std::string header = "{";
  std::string values;
  const core::SafetensorsFile file = core::SafetensorsFile::open(folder / "model.safetensors");
  for (const core::TensorInfo& tensor : file.tensors()) {
    const std::size_t begin = values.size();
    for (const float value : core::to_float32(tensor.dtype, file.bytes(tensor))) {
      const Half half(value);
      char bytes[2];
      std::memcpy(bytes, &half, 2);
      values.append(bytes, 2);
    }
    const nlohmann::json entry = {{"dtype", dtype}, {"shape", tensor.shape}, {"data_offsets", {begin, values.size()}}};
    // Appended piece by piece: GCC 12 gives a false -Wrestrict on "," + string at -O3.
    if (header.size() > 1) header += ',';
    header += nlohmann::json(tensor.name).dump();
    header += ':';
    header += entry.dump();
  }
  header += "}";
  header.append((8 - header.size() % 8) % 8, ' ');
  std::ofstream stream(copy / "model.safetensors", std::ios::binary | std::ios::trunc);
  const std::uint64_t length = header.size();
  stream.write(reinterpret_cast<const char*>(&length), 8);
  stream << header << values;
}

std::string dump(const fs::path& folder, const std::string& text) {
  const test::CommandResult result =
      test::run_cli("dump --model " + test::shell_quoted(folder.string()) + " --text " + test::shell_quoted(text));
  EXPECT_EQ(result.status, 0) << result.errors;
  return result.output;
}

// The dumps of the two folders are the same text, and an actual dump.
void expect_same_dump(const fs::path& torch_folder, const fs::path& safetensors_folder, const std::string& text) {
  const std::string want = dump(safetensors_folder, text);
  ASSERT_THAT(want, HasSubstr("\"attention\""));
  EXPECT_TRUE(dump(torch_folder, text) == want) << "the dumps of " << torch_folder << " and " << safetensors_folder
                                                  << " differ";
}

TEST(TorchCheckpoint, Float32BinDumpsExactlyAsItsSafetensors) {
  expect_same_dump(torch_data / "bert-tiny-qa", data / "hf-cases" / "bert-tiny-qa",
                   "where does the cat sit? the cat sits on the mat.");
}

TEST(TorchCheckpoint, ShardedBfloat16BinDumpsExactlyAsBfloat16Safetensors) {
  test::TempFolder temp;
  const fs::path source = data / "hf-cases" / "llama-tiny-gqa";
  // Named as the PyTorch folder: the dump names the model after its folder.
  const fs::path safetensors = copy_without_weights(source, temp.path() / "llama-tiny-gqa-bf16-shards");
  write_16_bit_safetensors<Eigen::bfloat16>(source, safetensors, "BF16");
  expect_same_dump(torch_data / "llama-tiny-gqa-bf16-shards", safetensors, "Small models are enough to test.");
}

TEST(TorchCheckpoint, Float16PtFileWithTiedWeightsDumpsExactlyAsFloat16Safetensors) {
  test::TempFolder temp;
  const fs::path source = data / "hf-cases" / "qwen2-tiny-bias-tied";
  const fs::path safetensors = copy_without_weights(source, temp.path() / "qwen2-tiny-bias-tied-f16");
  write_16_bit_safetensors<Eigen::half>(source, safetensors, "F16");
  expect_same_dump(torch_data / "qwen2-tiny-bias-tied-f16", safetensors, "The cat sat on the mat, 42 times.");
}

TEST(TorchCheckpoint, TensorsStayInTheMappedFileInTheirStoredType) {
  auto storage = std::make_shared<core::WeightStorage>(core::Checkpoint::open(torch_data / "qwen2-tiny-bias-tied-f16"));
  ASSERT_EQ(storage->checkpoint().files().size(), 1u);
  EXPECT_EQ(storage->checkpoint().name(), "qwen2.pt");
  const core::StoredTensor embed = storage->checkpoint().find("model.embed_tokens.weight");
  const core::StoredTensor head = storage->checkpoint().find("lm_head.weight");
  ASSERT_TRUE(embed);
  ASSERT_TRUE(head);
  EXPECT_EQ(embed.tensor->dtype, core::DType::F16);
  EXPECT_EQ(embed.tensor->shape, (std::vector<std::int64_t>{587, 40}));
  // Tied: one storage in the archive, pickled once, named twice.
  EXPECT_EQ(embed.file->bytes(*embed.tensor).data(), head.file->bytes(*head.tensor).data());
  core::WeightBinder binder(storage);
  const core::WeightMatrix bound = binder.matrix("model.embed_tokens.weight", 587, 40);
  EXPECT_EQ(bound.type, core::ScalarType::F16);
  EXPECT_EQ(static_cast<const void*>(bound.data), static_cast<const void*>(embed.file->bytes(*embed.tensor).data()));
}

// The values of a tensor of the tiny checkpoint, as T.
template <typename T>
std::vector<T> values_of(const core::TensorFile& file, const std::string& name, core::DType dtype) {
  const core::TensorInfo* tensor = file.find(name);
  EXPECT_NE(tensor, nullptr) << name;
  if (tensor == nullptr) return {};
  EXPECT_EQ(tensor->dtype, dtype) << name;
  const std::span<const std::byte> bytes = file.bytes(*tensor);
  std::vector<T> values(bytes.size() / sizeof(T));
  // memcpy with a null pointer is undefined even for 0 bytes (an empty tensor's span may be null)
  if (!values.empty()) std::memcpy(values.data(), bytes.data(), values.size() * sizeof(T));
  return values;
}

TEST(TorchCheckpoint, EveryStorageTypeReadsValueByValue) {
  // torch.save of a dict of small tensors (tests/fixtures/make_torch_checkpoints.py, write_tiny).
  const core::TensorFile file = core::open_torch_checkpoint(torch_data / "tiny" / "pytorch_model.bin");
  using core::DType;
  EXPECT_EQ(values_of<float>(file, "f32", DType::F32), (std::vector<float>{0.5f, -1, 2, 0.25f, 3, -0.75f, 1.5f, -2.5f}));
  // grid[1]: a row of a 3 × 4 tensor, at offset 4 of its storage.
  EXPECT_EQ(values_of<float>(file, "row", DType::F32), (std::vector<float>{3, -0.75f, 1.5f, -2.5f}));
  EXPECT_EQ(file.find("row")->shape, (std::vector<std::int64_t>{4}));
  const std::vector<std::uint16_t> halves = values_of<std::uint16_t>(file, "f16", DType::F16);
  const std::vector<std::uint16_t> brains = values_of<std::uint16_t>(file, "bf16", DType::BF16);
  ASSERT_EQ(halves.size(), 12u);
  ASSERT_EQ(brains.size(), 12u);
  EXPECT_EQ(core::f16_to_float(halves[10]), -16.0f);
  EXPECT_EQ(core::bf16_to_float(brains[11]), 0.125f);
  EXPECT_EQ(values_of<double>(file, "f64", DType::F64), (std::vector<double>{1.5, -2.25}));
  EXPECT_EQ(values_of<std::int64_t>(file, "i64", DType::I64), (std::vector<std::int64_t>{0, 1, -1, std::int64_t{1} << 40}));
  EXPECT_EQ(values_of<std::int32_t>(file, "i32", DType::I32), (std::vector<std::int32_t>{-7, 7}));
  EXPECT_EQ(values_of<std::int16_t>(file, "i16", DType::I16), (std::vector<std::int16_t>{-300, 300}));
  EXPECT_EQ(values_of<std::int8_t>(file, "i8", DType::I8), (std::vector<std::int8_t>{-5, 5}));
  EXPECT_EQ(values_of<std::uint8_t>(file, "u8", DType::U8), (std::vector<std::uint8_t>{0, 255}));
  EXPECT_EQ(values_of<std::uint8_t>(file, "bool", DType::Bool), (std::vector<std::uint8_t>{1, 0, 1}));
  EXPECT_EQ(values_of<float>(file, "scalar", DType::F32), (std::vector<float>{42}));
  EXPECT_TRUE(file.find("scalar")->shape.empty());
  EXPECT_TRUE(values_of<float>(file, "empty", DType::F32).empty());
  EXPECT_EQ(file.find("empty")->shape, (std::vector<std::int64_t>{0, 3}));
  EXPECT_EQ(file.tensors().size(), 13u);
}

TEST(TorchCheckpoint, ShardedIndexMapsEachTensorToItsShard) {
  const core::Checkpoint checkpoint = core::Checkpoint::open(torch_data / "llama-tiny-gqa-bf16-shards");
  EXPECT_EQ(checkpoint.name(), "pytorch_model.bin.index.json");
  ASSERT_EQ(checkpoint.files().size(), 2u);
  EXPECT_EQ(checkpoint.find("model.embed_tokens.weight").file->path().filename(), "pytorch_model-00001-of-00002.bin");
  EXPECT_EQ(checkpoint.find("lm_head.weight").file->path().filename(), "pytorch_model-00002-of-00002.bin");
}

TEST(TorchCheckpoint, SafetensorsWinsOverPytorchModelBinInTheSameFolder) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "both";
  fs::copy(torch_data / "bert-tiny-qa", folder, fs::copy_options::recursive);
  fs::copy_file(data / "hf-cases" / "bert-tiny-qa" / "model.safetensors", folder / "model.safetensors");
  const core::Checkpoint checkpoint = core::Checkpoint::open(folder);
  ASSERT_EQ(checkpoint.files().size(), 1u);
  EXPECT_EQ(checkpoint.files().front().path().filename(), "model.safetensors");
  // Not a fallback: a broken model.safetensors is reported, although pytorch_model.bin would load.
  { std::ofstream(folder / "model.safetensors", std::ios::trunc) << "not safetensors"; }
  EXPECT_THAT(load_error(folder), HasSubstr("model.safetensors: header length"));
}

TEST(TorchCheckpoint, SafetensorsIndexWinsOverPytorchModelBin) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "both";
  fs::copy(data / "sharded" / "llama-tiny-gqa-2-shards", folder, fs::copy_options::recursive);
  fs::copy_file(torch_data / "bert-tiny-qa" / "pytorch_model.bin", folder / "pytorch_model.bin");
  EXPECT_EQ(core::Checkpoint::open(folder).name(), "model.safetensors.index.json");
}

TEST(TorchCheckpoint, PytorchModelBinWinsOverPtFiles) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "both";
  fs::copy(torch_data / "bert-tiny-qa", folder, fs::copy_options::recursive);
  fs::copy_file(torch_data / "qwen2-tiny-bias-tied-f16" / "qwen2.pt", folder / "other.pt");
  EXPECT_EQ(core::Checkpoint::open(folder).name(), "pytorch_model.bin");
}

TEST(TorchCheckpoint, APtFileRenamedFromPytorchModelBinLoadsTheSame) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "renamed";
  fs::copy(torch_data / "bert-tiny-qa", folder, fs::copy_options::recursive);
  fs::rename(folder / "pytorch_model.bin", folder / "fine-tuned.pth");
  const core::Model model = core::load_model(folder);
  EXPECT_EQ(model.tensors().tensor_count, core::load_model(torch_data / "bert-tiny-qa").tensors().tensor_count);
}

TEST(TorchCheckpoint, RewrittenFileIsCaughtByName) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "model";
  fs::copy(torch_data / "bert-tiny-qa", folder, fs::copy_options::recursive);
  const core::Model model = core::load_model(folder);
  model.check_weights_unchanged();
  // Truncated in place, as an interrupted copy would leave it.
  fs::resize_file(folder / "pytorch_model.bin", 1000);
  try {
    model.check_weights_unchanged();
    ADD_FAILURE() << "a truncated pytorch_model.bin was not noticed";
  } catch (const core::LoadError& error) {
    EXPECT_THAT(error.what(), HasSubstr("pytorch_model.bin: changed on disk since the model was opened"));
  }
}

// One broken folder per message of the reader (docs/model-format.md).
class BrokenTorchCheckpoint : public ::testing::TestWithParam<std::string> {};

TEST_P(BrokenTorchCheckpoint, FailsWithItsMessage) {
  const fs::path folder = broken / GetParam();
  std::string expected = read_text(folder / "expected_message.txt");
  ASSERT_FALSE(expected.empty());
  expected.pop_back();  // the file's final newline
  if (const std::size_t at = expected.find("{folder}"); at != std::string::npos) {
    expected.replace(at, std::string("{folder}").size(), folder.string());
  }
  EXPECT_EQ(load_error(folder), expected);
}

std::vector<std::string> broken_cases() {
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(broken)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Cases, BrokenTorchCheckpoint, ::testing::ValuesIn(broken_cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(BrokenTorchCheckpointCases, CoverEveryHostileInputTheDocsList) {
  // The hostile inputs docs/testing.md lists for this reader; each must stay a case.
  for (const char* name : {"global-os-system", "global-builtins-eval", "global-subprocess-popen", "opcode-inst",
                           "opcode-unknown", "storage-larger-than-entry", "offset-negative", "offset-overflowing",
                           "zip-truncated", "legacy-format", "data-pkl-missing", "storage-missing", "deep-nesting",
                           "huge-memo-index", "not-contiguous"}) {
    EXPECT_TRUE(fs::exists(broken / name / "expected_message.txt")) << name;
  }
}

// The unpickler on its own: hand-written pickles, opcode by opcode.
std::vector<core::PickledTensor> unpickle(const std::string& pickle) {
  return core::read_state_dict_pickle(std::as_bytes(std::span<const char>(pickle)), "test.pkl");
}

std::string unpickle_error(const std::string& pickle) {
  try {
    unpickle(pickle);
  } catch (const core::LoadError& error) {
    return error.what();
  }
  return "(no error)";
}

// _rebuild_tensor_v2(('storage', torch.LongStorage, key, 'cpu', 6), 0, shape, stride, False, OrderedDict())
std::string tensor_pickle(const std::string& key, const std::string& shape_and_stride) {
  return "ctorch._utils\n_rebuild_tensor_v2\n((X\x07\0\0\0storagectorch\nLongStorage\nX"s +
         static_cast<char>(key.size()) + "\0\0\0"s + key + "X\x03\0\0\0cpuK\x06tQK\x00"s + shape_and_stride +
         "\x89" "ccollections\nOrderedDict\n)RtR"s;
}

TEST(TorchPickle, ReadsNamesStoragesOffsetsShapesAndStrides) {
  // {'a': tensor, 'b': the same tensor again through the memo (BINPUT 1, BINGET 1)}
  const std::string pickle = "\x80\x02}(X\x01\0\0\0a"s + tensor_pickle("0", "(K\x02K\x03t(K\x03K\x01t"s) +
                             "q\x01X\x01\0\0\0bh\x01u."s;
  const std::vector<core::PickledTensor> tensors = unpickle(pickle);
  ASSERT_EQ(tensors.size(), 2u);
  for (const core::PickledTensor& tensor : tensors) {
    EXPECT_EQ(tensor.storage.key, "0");
    EXPECT_EQ(tensor.storage.dtype, core::DType::I64);
    EXPECT_EQ(tensor.storage.numel, 6);
    EXPECT_EQ(tensor.offset, 0);
    EXPECT_EQ(tensor.shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(tensor.stride, (std::vector<std::int64_t>{3, 1}));
  }
  EXPECT_EQ(tensors[0].name, "a");
  EXPECT_EQ(tensors[1].name, "b");
}

TEST(TorchPickle, ReadsNegativeAndEightByteIntegers) {
  // The offset as LONG1 of 8 bytes (2^40), the shape as BININT -1: refused later by the archive
  // checks, but read exactly here.
  const std::string shape = "(J\xff\xff\xff\xfft(K\x01t"s;
  std::string pickle = "\x80\x02}X\x01\0\0\0a"s + tensor_pickle("0", shape) + "s."s;
  const std::string offset = "K\x00"s;
  pickle.replace(pickle.find(offset + shape), offset.size(), "\x8a\x08\0\0\0\0\0\x01\0\0"s);
  const std::vector<core::PickledTensor> tensors = unpickle(pickle);
  ASSERT_EQ(tensors.size(), 1u);
  EXPECT_EQ(tensors[0].offset, std::int64_t{1} << 40);
  EXPECT_EQ(tensors[0].shape, (std::vector<std::int64_t>{-1}));
}

TEST(TorchPickle, RefusesToChangeADictAlreadyInsideAnother) {
  // d = {}; outer = (d,); d['x'] = 1 would change outer after it was built, and would let a pickle
  // build a dict that contains itself.
  EXPECT_EQ(unpickle_error("\x80\x02}q\x00\x85h\x00X\x01\0\0\0xK\x01s."s),
            "test.pkl: SETITEM changes a dict already used inside another value (at byte 16)");
}

TEST(TorchPickle, RefusesAContainerInsideItself) {
  // l = []; l.append(l) and d = {}; d[d] = 1: a value holding itself would never be freed.
  EXPECT_EQ(unpickle_error("\x80\x02]q\x00h\x00" "a."s), "test.pkl: puts a list inside itself (at byte 7)");
  EXPECT_EQ(unpickle_error("\x80\x02}q\x00(h\x00K\x01u."s), "test.pkl: puts a dict inside itself (at byte 10)");
}

TEST(TorchPickle, RefusesToPopPastAMark) {
  EXPECT_EQ(unpickle_error("\x80\x02N(\x85."s), "test.pkl: pops from an empty stack (at byte 4)");
}

}  // namespace
