// Hostile model folders (tests/data/bad-models, written by tests/fixtures/make_bad_models.py): every
// folder must fail to load with exactly the message in its expected_message.txt ({folder} stands
// for the folder's path), or load and ignore exactly the tensors in its expected_unused.txt.
// The cases git cannot hold (a symlink loop, a truly empty folder, a 100 MB header) are built here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "families/load_model.h"
#include "tensor/errors.h"
#include "model/model.h"
#include "model/transformer.h"
#include "random_model.h"

namespace {

const std::filesystem::path bad_models = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "bad-models";

std::string read_text(const std::filesystem::path& file) {
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

std::vector<std::string> read_lines(const std::filesystem::path& file) {
  std::istringstream text(read_text(file));
  std::vector<std::string> lines;
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  return lines;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string load_error(const std::filesystem::path& folder) {
  try {
    core::load_model(folder);
  } catch (const core::LoadError& error) {
    return error.what();
  }
  return "(no error)";
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(bad_models)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class BadModelTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadModelTest, FailsWithTheExpectedMessageOrIgnoresTheExtraTensors) {
  const std::filesystem::path folder = bad_models / GetParam();
  const std::filesystem::path message_file = folder / "expected_message.txt";
  const std::filesystem::path unused_file = folder / "expected_unused.txt";
  ASSERT_TRUE(std::filesystem::exists(message_file) != std::filesystem::exists(unused_file))
      << folder << " needs exactly one of expected_message.txt and expected_unused.txt";
  if (std::filesystem::exists(message_file)) {
    std::string want = read_text(message_file);
    if (!want.empty() && want.back() == '\n') want.pop_back();
    EXPECT_EQ(load_error(folder), replace_all(want, "{folder}", folder.string()));
  } else {
    const core::Model model = core::load_model(folder);
    EXPECT_EQ(model.tensors().unused, read_lines(unused_file));
  }
}

INSTANTIATE_TEST_SUITE_P(BadModels, BadModelTest, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(BadModelFolders, EveryLoaderStageHasACase) {
  // A guard against the fixtures going missing: the directory listing above would then be empty
  // and the parameterised test would silently run nothing.
  EXPECT_GE(case_names().size(), 30u);
}

// A tokenizer with more entries than the token table loads (HuggingFace loads such checkpoints):
// the fixture's vocab.txt has 7 entries ("extra" is id 6) and its table 6 rows. Only an input
// that holds the extra token is refused, by the forward pass, naming the token.
TEST(BadModelFolders, VocabularyLargerThanTheTableLoadsAndRefusesOnlyTheExtraToken) {
  const core::Model model = core::load_model(bad_models / "vocab-larger-than-table");
  EXPECT_EQ(model.source_tokenizer().vocab_size(), 7);
  EXPECT_EQ(model.spec().source_vocab_size, 6);
  EXPECT_EQ(model.weights().encoder.embedding.tokens.rows, 6);
  EXPECT_EQ(model.source_tokenizer().token(6), "extra");

  const std::vector<int> inside = {2, 4, 5, 3};
  const core::ForwardResult result = core::forward(model, inside, {});
  EXPECT_EQ(result.encoder_output.rows(), 4);
  EXPECT_TRUE(result.encoder_output.allFinite());

  const std::vector<int> with_extra = {2, 4, 6, 3};
  try {
    core::forward(model, with_extra, {});
    ADD_FAILURE() << "expected an InputError";
  } catch (const core::InputError& error) {
    EXPECT_STREQ(error.what(),
                 "the source token 'extra' (id 6) at position 2 is outside the model's token table (0..5)");
  }
}

// A copy of one fixture in a temporary folder, for the cases built at run time.
std::filesystem::path copy_case(const std::string& name, const test::TempFolder& temp) {
  const std::filesystem::path folder = temp.path() / name;
  std::filesystem::copy(bad_models / name, folder, std::filesystem::copy_options::recursive);
  return folder;
}

TEST(BadModelFolders, TrulyEmptyFolder) {
  const test::TempFolder temp;
  EXPECT_EQ(load_error(temp.path()),
            temp.path().string() + "/model.safetensors: cannot open: No such file or directory");
}

TEST(BadModelFolders, WeightsFileIsASymlinkLoop) {
  const test::TempFolder temp;
  const std::filesystem::path folder = copy_case("extra-tensors", temp);
  std::filesystem::remove(folder / "model.safetensors");
  std::filesystem::create_symlink("loop.safetensors", folder / "model.safetensors");
  std::filesystem::create_symlink("model.safetensors", folder / "loop.safetensors");
  EXPECT_EQ(load_error(folder), folder.string() + "/model.safetensors: cannot open: Too many levels of symbolic links");
}

TEST(BadModelFolders, ConfigIsASymlinkLoop) {
  const test::TempFolder temp;
  const std::filesystem::path folder = copy_case("extra-tensors", temp);
  std::filesystem::remove(folder / "config.json");
  std::filesystem::create_symlink("config.json", folder / "config.json");
  EXPECT_EQ(load_error(folder), "config.json: cannot be opened: Too many levels of symbolic links");
}

TEST(BadModelFolders, FolderIsASymlinkLoop) {
  const test::TempFolder temp;
  const std::filesystem::path folder = temp.path() / "model";
  std::filesystem::create_symlink("model", folder);
  EXPECT_EQ(load_error(folder), folder.string() + ": cannot be opened: Too many levels of symbolic links");
}

TEST(BadModelFolders, HeaderLengthOverTheLimit) {
  // A sparse file: 101 MB of header length that does fit in the file, refused before it is parsed.
  const test::TempFolder temp;
  const std::filesystem::path folder = copy_case("extra-tensors", temp);
  const std::uint64_t header_bytes = 101u * 1024u * 1024u;
  {
    std::ofstream stream(folder / "model.safetensors", std::ios::binary | std::ios::trunc);
    for (int i = 0; i < 8; ++i) stream.put(static_cast<char>((header_bytes >> (8 * i)) & 0xFFu));
  }
  std::filesystem::resize_file(folder / "model.safetensors", 8 + header_bytes);
  EXPECT_EQ(load_error(folder), "model.safetensors: header length 105906176 exceeds the limit of 104857600 bytes");
}

}  // namespace
