// Replays the fuzz targets' committed seed corpus and every input a fuzzer ever crashed or hung on
// (tests/fuzz/corpus/<target>/, tests/fuzz/regressions/<target>/) through the same target bodies,
// so the ordinary and the sanitizer builds keep each finding fixed. docs/testing.md lists them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz_targets.h"

namespace {

const std::filesystem::path fuzz_dir = std::filesystem::path(ATTNSCOPE_TEST_DATA).parent_path() / "fuzz";

std::vector<std::filesystem::path> inputs(const std::string& target, const char* kind) {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path folder = fuzz_dir / kind / target;
  if (!std::filesystem::is_directory(folder)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& file) {
  std::ifstream stream(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

std::vector<std::string> target_names() {
  std::vector<std::string> names;
  for (const fuzz::Target& target : fuzz::targets()) names.emplace_back(target.name);
  return names;
}

class FuzzCorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzCorpusTest, SeedsAndRegressionsRunClean) {
  const auto target = std::find_if(fuzz::targets().begin(), fuzz::targets().end(),
                                   [&](const fuzz::Target& t) { return t.name == GetParam(); });
  ASSERT_NE(target, fuzz::targets().end());
  const std::vector<std::filesystem::path> seeds = inputs(GetParam(), "corpus");
  EXPECT_FALSE(seeds.empty()) << "no seed corpus for " << GetParam();
  for (const char* kind : {"corpus", "regressions"}) {
    for (const std::filesystem::path& file : inputs(GetParam(), kind)) {
      SCOPED_TRACE(file.string());
      const std::vector<std::uint8_t> bytes = read_bytes(file);
      target->run(fuzz::Input(bytes.data(), bytes.size()));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(FuzzTargets, FuzzCorpusTest, ::testing::ValuesIn(target_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
