// Safetensors reader and writer: a round trip, the float conversions, and one test per
// LoadError message, each built from bytes inside the test (8-byte length, JSON header, data).

#include "io/safetensors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "tensor/errors.h"

namespace core {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string length_prefix(std::uint64_t length) {
  std::string bytes(8, '\0');
  for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<char>((length >> (8 * i)) & 0xFFu);
  return bytes;
}

// A safetensors file's bytes: the header's length, the header, then the data area.
std::string safetensors_bytes(const std::string& header, const std::string& data = {}) {
  return length_prefix(header.size()) + header + data;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::byte> as_byte_vector(const std::vector<std::uint16_t>& halves) {
  std::vector<std::byte> bytes;
  for (const std::uint16_t h : halves) {
    bytes.push_back(static_cast<std::byte>(h & 0xFFu));
    bytes.push_back(static_cast<std::byte>(h >> 8));
  }
  return bytes;
}

class SafetensorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / ("attnscope_safetensors_" + std::to_string(::getpid()) + "_" + test);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& bytes, const std::string& name = "model.safetensors") const {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  // The message of the LoadError that open() throws, or "" (with a failure) when it throws none.
  static std::string load_error(const fs::path& path) {
    try {
      SafetensorsFile::open(path);
    } catch (const LoadError& e) {
      return e.what();
    }
    ADD_FAILURE() << "open(" << path << ") did not throw LoadError";
    return {};
  }

  std::string load_error(const std::string& bytes) const { return load_error(write(bytes)); }

  fs::path dir_;
};

TEST(DTypeTest, NamesSizesAndFloatness) {
  EXPECT_STREQ(to_string(DType::BF16), "BF16");
  EXPECT_STREQ(to_string(DType::Bool), "BOOL");
  EXPECT_EQ(dtype_size(DType::F32), 4u);
  EXPECT_EQ(dtype_size(DType::F16), 2u);
  EXPECT_EQ(dtype_size(DType::I64), 8u);
  EXPECT_EQ(dtype_size(DType::U8), 1u);
  EXPECT_TRUE(is_float(DType::BF16));
  EXPECT_FALSE(is_float(DType::F64));  // a checkpoint in F64 is not a weight type we compute with
}

TEST(DTypeTest, ElementCountRejectsOverflow) {
  EXPECT_EQ((TensorInfo{"t", DType::F32, {3, 4}, 0, 48}.element_count()), 12);
  EXPECT_EQ((TensorInfo{"scalar", DType::F32, {}, 0, 4}.element_count()), 1);
  EXPECT_THROW((TensorInfo{"t", DType::F32, {std::int64_t{1} << 32, std::int64_t{1} << 32}, 0, 0}.element_count()),
               std::overflow_error);
}

TEST(ToFloat32Test, F16KnownValues) {
  const std::vector<float> v =
      to_float32(DType::F16, as_byte_vector({0x3C00, 0xC100, 0x7BFF, 0x0001, 0x03FF, 0x8000, 0x7C00, 0xFC00, 0x7E00}));
  ASSERT_EQ(v.size(), 9u);
  EXPECT_EQ(v[0], 1.0f);
  EXPECT_EQ(v[1], -2.5f);
  EXPECT_EQ(v[2], 65504.0f);               // largest finite half
  EXPECT_EQ(v[3], std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(v[4], std::ldexp(1023.0f, -24));
  EXPECT_EQ(v[5], 0.0f);
  EXPECT_TRUE(std::signbit(v[5]));
  EXPECT_EQ(v[6], std::numeric_limits<float>::infinity());
  EXPECT_EQ(v[7], -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(v[8]));
}

TEST(ToFloat32Test, BF16KnownValues) {
  // bfloat16 cannot hold 65504; 65280 is the largest value below it.
  const std::vector<float> v =
      to_float32(DType::BF16, as_byte_vector({0x3F80, 0xC020, 0x477F, 0x0001, 0x7F80, 0xFF80, 0x7FC0}));
  ASSERT_EQ(v.size(), 7u);
  EXPECT_EQ(v[0], 1.0f);
  EXPECT_EQ(v[1], -2.5f);
  EXPECT_EQ(v[2], 65280.0f);
  EXPECT_EQ(v[3], std::ldexp(1.0f, -133));  // smallest bfloat16 subnormal
  EXPECT_EQ(v[4], std::numeric_limits<float>::infinity());
  EXPECT_EQ(v[5], -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(v[6]));
}

TEST(ToFloat32Test, F32IsLittleEndian) {
  const std::vector<std::byte> bytes = as_byte_vector({0x0000, 0x3F80, 0x0000, 0xC020});
  EXPECT_EQ(to_float32(DType::F32, bytes), (std::vector<float>{1.0f, -2.5f}));
}

TEST(ToFloat32Test, RejectsOtherDTypesAndPartialValues) {
  const std::vector<std::byte> bytes(4);
  EXPECT_THROW(to_float32(DType::I32, bytes), std::invalid_argument);
  EXPECT_THROW(to_float32(DType::F32, std::span(bytes).first(3)), std::invalid_argument);
}

TEST_F(SafetensorsTest, RoundTrip) {
  const std::vector<float> a{1.0f, -2.5f, 3.25f, 0.0f, 1e-30f, 65504.0f};
  const std::vector<float> b{42.0f};
  const fs::path path = dir_ / "model.safetensors";
  write_safetensors(path, {{"z.weight", {2, 3}, a}, {"a.bias", {}, b}, {"empty", {0, 4}, {}}});

  const std::string raw = read_file(path);
  std::uint64_t header_length = 0;
  for (std::size_t i = 0; i < 8; ++i) header_length |= std::uint64_t{static_cast<unsigned char>(raw[i])} << (8 * i);
  EXPECT_EQ((8 + header_length) % 8, 0u);  // data area 8-byte aligned, as HF pads it
  EXPECT_EQ(raw.size(), 8 + header_length + (a.size() + b.size()) * sizeof(float));
  EXPECT_THAT(raw.substr(8, header_length), StartsWith(R"({"__metadata__":{"format":"pt"},"z.weight":)"));

  const SafetensorsFile file = SafetensorsFile::open(path);
  ASSERT_EQ(file.tensors().size(), 3u);
  EXPECT_EQ(file.tensors()[0].name, "a.bias");  // sorted by name
  EXPECT_EQ(file.tensors()[1].name, "empty");
  EXPECT_EQ(file.tensors()[2].name, "z.weight");

  const TensorInfo* z = file.find("z.weight");
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->dtype, DType::F32);
  EXPECT_EQ(z->shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(z->begin, 0u);  // data in the order given
  EXPECT_EQ(to_float32(z->dtype, file.bytes(*z)), a);

  const TensorInfo* bias = file.find("a.bias");
  ASSERT_NE(bias, nullptr);
  EXPECT_TRUE(bias->shape.empty());
  EXPECT_EQ(to_float32(bias->dtype, file.bytes(*bias)), b);
  EXPECT_TRUE(file.bytes(*file.find("empty")).empty());
  EXPECT_EQ(file.find("missing"), nullptr);
}

TEST_F(SafetensorsTest, WriteReplacesAnExistingFileAndLeavesNoTemporary) {
  const fs::path path = write("old contents");
  const std::vector<float> values{1.0f, 2.0f};
  write_safetensors(path, {{"x", {2}, values}});
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
  const SafetensorsFile file = SafetensorsFile::open(path);
  EXPECT_EQ(to_float32(DType::F32, file.bytes(file.tensors().at(0))), values);
}

TEST_F(SafetensorsTest, WriteIntoMissingFolderNamesThePath) {
  const fs::path path = dir_ / "no_such_folder" / "model.safetensors";
  try {
    write_safetensors(path, {});
    FAIL() << "write_safetensors did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), StartsWith(path.string() + ": cannot create "));
    EXPECT_THAT(e.what(), HasSubstr("No such file or directory"));
  }
}

TEST_F(SafetensorsTest, WriteRejectsValuesThatDoNotFitTheShape) {
  const fs::path path = dir_ / "model.safetensors";
  const std::vector<float> values{1.0f, 2.0f, 3.0f};
  EXPECT_THROW(write_safetensors(path, {{"x", {2, 2}, values}}), std::invalid_argument);
  EXPECT_THROW(write_safetensors(path, {{"x", {3}, values}, {"x", {3}, values}}), std::invalid_argument);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(SafetensorsTest, OpensPaddedHeaderWithMetadataAndEmptyTensors) {
  // An empty tensor may sit anywhere: it occupies no bytes, so it overlaps nothing.
  const std::string header =
      R"({"__metadata__": {"format": "pt"}, "a": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]},)"
      R"( "e": {"dtype": "F16", "shape": [0], "data_offsets": [2, 2]}})";
  const SafetensorsFile file = SafetensorsFile::open(write(safetensors_bytes(header + "    ", "abcd")));
  ASSERT_EQ(file.tensors().size(), 2u);
  EXPECT_EQ(file.tensors()[0].dtype, DType::U8);
  EXPECT_EQ(file.tensors()[1].dtype, DType::F16);
}

// framing

TEST_F(SafetensorsTest, HeaderLengthExceedsFileSize) {
  EXPECT_EQ(load_error(length_prefix(123456789) + std::string(1016, ' ')),
            "model.safetensors: header length 123456789 exceeds the file size (1024 bytes)");
}

TEST_F(SafetensorsTest, HeaderLengthTwoToThe63) {
  EXPECT_EQ(load_error(length_prefix(std::uint64_t{1} << 63) + "{}"),
            "model.safetensors: header length 9223372036854775808 exceeds the file size (10 bytes)");
}

TEST_F(SafetensorsTest, HeaderLengthOverLimit) {
  // A sparse file: the header length fits the file but not the limit, without writing 100 MB.
  const std::uint64_t length = SafetensorsFile::max_header_bytes + 1;
  const fs::path path = write(length_prefix(length));
  fs::resize_file(path, 8 + length);
  EXPECT_EQ(load_error(path), "model.safetensors: header length 104857601 exceeds the limit of 104857600 bytes");
}

TEST_F(SafetensorsTest, ShorterThanTheLengthPrefix) {
  EXPECT_EQ(load_error(std::string("\x02\0\0\0\0", 5)),
            "model.safetensors: file is 5 bytes, too short for the 8-byte header length");
}

TEST_F(SafetensorsTest, EmptyFile) {
  EXPECT_EQ(load_error(std::string()), "model.safetensors: file is 0 bytes, too short for the 8-byte header length");
}

TEST_F(SafetensorsTest, TruncatedDataArea) {
  const fs::path path = dir_ / "model.safetensors";
  const std::vector<float> values(8, 1.0f);
  write_safetensors(path, {{"w", {2, 4}, values}});
  fs::resize_file(path, fs::file_size(path) - 4);
  EXPECT_EQ(load_error(path),
            "model.safetensors: tensor 'w' data_offsets [0, 32] lie outside the data area (28 bytes)");
}

// the file itself

TEST_F(SafetensorsTest, MissingFile) {
  const fs::path path = dir_ / "missing.safetensors";
  EXPECT_EQ(load_error(path), path.string() + ": cannot open: No such file or directory");
}

TEST_F(SafetensorsTest, DirectoryInsteadOfFile) {
  const fs::path path = dir_ / "model.safetensors";
  fs::create_directory(path);
  EXPECT_EQ(load_error(path), path.string() + ": is a directory, expected a file");
}

TEST_F(SafetensorsTest, SymlinkLoop) {
  const fs::path a = dir_ / "a.safetensors";
  const fs::path b = dir_ / "b.safetensors";
  fs::create_symlink(b, a);
  fs::create_symlink(a, b);
  EXPECT_EQ(load_error(a), a.string() + ": cannot open: Too many levels of symbolic links");
}

TEST_F(SafetensorsTest, FifoIsRejectedWithoutBlocking) {
  const fs::path path = dir_ / "model.safetensors";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  EXPECT_EQ(load_error(path), path.string() + ": is not a regular file");
}

// the JSON header

TEST_F(SafetensorsTest, HeaderIsNotJson) {
  const std::string message = load_error(safetensors_bytes(R"({"a": {"dtype": )"));
  EXPECT_THAT(message, StartsWith("model.safetensors: header is not valid JSON: [json.exception.parse_error.101]"));
}

TEST_F(SafetensorsTest, HeaderIsAnArray) {
  EXPECT_EQ(load_error(safetensors_bytes("[1, 2]")), "model.safetensors: header is a JSON array, expected an object");
}

TEST_F(SafetensorsTest, MetadataIsNotAnObject) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"__metadata__": ["pt"]})")),
            "model.safetensors: __metadata__ is a JSON array, expected an object of strings");
}

TEST_F(SafetensorsTest, MetadataValueIsNotAString) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"__metadata__": {"step": 3}})")),
            "model.safetensors: __metadata__ 'step' is 3, expected a string");
}

TEST_F(SafetensorsTest, TensorEntryIsNotAnObject) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a": [0, 4]})")),
            "model.safetensors: tensor 'a' is [0,4], expected an object with dtype, shape and data_offsets");
}

TEST_F(SafetensorsTest, DTypeMissing) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a": {"shape": [1], "data_offsets": [0, 4]}})")),
            "model.safetensors: tensor 'a' dtype is nothing, expected a string");
}

TEST_F(SafetensorsTest, ShapeIsNotAnArray) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a": {"dtype": "F32", "shape": "3x4", "data_offsets": [0, 48]}})")),
            "model.safetensors: tensor 'a' shape is \"3x4\", expected an array of non-negative integers");
}

TEST_F(SafetensorsTest, ShapeHasNegativeDimension) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a": {"dtype": "F32", "shape": [3, -4], "data_offsets": [0, 48]}})")),
            "model.safetensors: tensor 'a' shape is [3,-4], expected an array of non-negative integers");
}

TEST_F(SafetensorsTest, ShapeDimensionBeyondInt64) {
  const std::string message = load_error(
      safetensors_bytes(R"({"a": {"dtype": "U8", "shape": [18446744073709551615], "data_offsets": [0, 1]}})"));
  EXPECT_THAT(message, HasSubstr("tensor 'a' shape is [18446744073709551615], expected an array of non-negative"));
}

TEST_F(SafetensorsTest, NegativeOffsets) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [-4, 0]}})")),
            "model.safetensors: tensor 'a' data_offsets is [-4,0], expected an array of 2 non-negative integers "
            "[begin, end]");
}

TEST_F(SafetensorsTest, ThreeOffsets) {
  EXPECT_THAT(load_error(safetensors_bytes(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4, 8]}})")),
              HasSubstr("tensor 'a' data_offsets is [0,4,8], expected an array of 2 non-negative integers"));
}

TEST_F(SafetensorsTest, OffsetsBeginAfterEnd) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [8, 4]}})",
                                         std::string(8, '\0'))),
            "model.safetensors: tensor 'a' data_offsets [8, 4] have begin after end");
}

// per tensor

TEST_F(SafetensorsTest, UnknownDType) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a.weight": {"dtype": "F8", "shape": [4], "data_offsets": [0, 4]}})",
                                         std::string(4, '\0'))),
            "model.safetensors: tensor 'a.weight' has unknown dtype 'F8'");
}

TEST_F(SafetensorsTest, OffsetsOutsideDataArea) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a.weight": {"dtype": "F32", "shape": [10], "data_offsets": [0, 40]}})",
                                         std::string(32, '\0'))),
            "model.safetensors: tensor 'a.weight' data_offsets [0, 40] lie outside the data area (32 bytes)");
}

TEST_F(SafetensorsTest, SizeDoesNotMatchShape) {
  EXPECT_EQ(load_error(safetensors_bytes(R"({"a.weight": {"dtype": "F32", "shape": [3, 4], "data_offsets": [0, 40]}})",
                                         std::string(48, '\0'))),
            "model.safetensors: tensor 'a.weight' has 40 bytes, expected 48 for shape [3, 4] of F32");
}

TEST_F(SafetensorsTest, ShapeProductOverflowsInt64) {
  EXPECT_EQ(load_error(safetensors_bytes(
                R"({"a": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 0]}})")),
            "model.safetensors: tensor 'a' shape [4294967296, 4294967296] of F32 overflows 64-bit sizes");
}

TEST_F(SafetensorsTest, ByteSizeOverflowsUint64) {
  // 2^62 elements fit in int64, but 2^62 × 8 bytes does not fit in 64 bits.
  EXPECT_THAT(load_error(safetensors_bytes(
                  R"({"a": {"dtype": "F64", "shape": [4611686018427387904], "data_offsets": [0, 0]}})")),
              HasSubstr("tensor 'a' shape [4611686018427387904] of F64 overflows 64-bit sizes"));
}

TEST_F(SafetensorsTest, TensorsOverlap) {
  const std::string header = R"({"b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]},)"
                             R"( "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})";
  EXPECT_EQ(load_error(safetensors_bytes(header, std::string(12, '\0'))),
            "model.safetensors: tensors 'a' and 'b' overlap: data_offsets [0, 8] and [4, 12]");
}

}  // namespace
}  // namespace core
