// A model's weights are mapped from model.safetensors, not copied. If another program rewrites or
// truncates that file in place while the model is open, the weights are no longer what was loaded,
// and reading a page past a shortened file's end would kill the process with SIGBUS. Every pass
// checks first and refuses with a message; a file replaced by rename (how this project writes)
// leaves the mapped file alone and keeps working.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "families/load_model.h"
#include "tensor/errors.h"
#include "model/generation.h"
#include "model/model.h"
#include "random_model.h"
#include "model/transformer.h"

namespace {

namespace fs = std::filesystem;

class ModelFileChanges : public ::testing::Test {
 protected:
  ModelFileChanges() {
    fs::copy(fs::path(ATTNSCOPE_MODELS) / "reverse", folder_.path() / "reverse");
  }

  fs::path folder() const { return folder_.path() / "reverse"; }
  fs::path weights() const { return folder() / "model.safetensors"; }

  std::string read_weights() const {
    std::ifstream in(weights(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  static void expect_refused(const core::Model& model) {
    const std::vector<int> ids{4, 5, 6};
    try {
      core::forward(model, ids, ids);
      FAIL() << "a forward pass over a changed file must be refused";
    } catch (const core::LoadError& error) {
      EXPECT_NE(std::string(error.what()).find("model.safetensors: changed on disk since the model was opened"),
                std::string::npos)
          << error.what();
    }
  }

  test::TempFolder folder_;
};

TEST_F(ModelFileChanges, TruncatedWeightsAreRefusedNotACrash) {
  const core::Model model = core::load_model(folder());
  const std::vector<int> ids{4, 5, 6};
  EXPECT_NO_THROW(core::forward(model, ids, ids));
  fs::resize_file(weights(), fs::file_size(weights()) / 2);
  expect_refused(model);
}

TEST_F(ModelFileChanges, WeightsRewrittenInPlaceAreRefused) {
  const core::Model model = core::load_model(folder());
  const std::string bytes = read_weights();
  {
    std::ofstream out(weights(), std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  expect_refused(model);
}

TEST_F(ModelFileChanges, GenerationStepsCheckToo) {
  const core::Model model = core::load_model(folder());
  const std::vector<int> source{4, 5, 6};
  core::GreedyDecoder decoder(model, source, core::generation_prefix(model), {}, 4);
  decoder.step();
  fs::resize_file(weights(), 64);
  EXPECT_THROW(decoder.step(), core::LoadError);
}

TEST_F(ModelFileChanges, WeightsReplacedByRenameKeepWorking) {
  const core::Model model = core::load_model(folder());
  const std::vector<int> ids{4, 5, 6};
  const core::ForwardResult before = core::forward(model, ids, ids);
  const fs::path fresh = folder() / "model.safetensors.new";
  fs::copy_file(weights(), fresh);
  fs::rename(fresh, weights());
  const core::ForwardResult after = core::forward(model, ids, ids);
  EXPECT_TRUE(after.last_logits.isApprox(before.last_logits));
}

}  // namespace
