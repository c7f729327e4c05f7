// Greedy generation runs each step with the pass's own options: switched-off heads stay off
// (GreedyDecoder::step used to ignore them).

#include <gtest/gtest.h>

#include <string>

#include "families/load_model.h"
#include "model/generation.h"
#include "model/transformer.h"
#include "test_support.h"

namespace {

const std::string llama = std::string(ATTNSCOPE_TEST_DATA) + "/hf-cases/llama-tiny-gqa";

TEST(Generation, EveryStepHonoursTheAblatedHeads) {
  const core::Model model = core::load_model(llama);
  const std::vector<int> prompt = {1, 349, 558, 443};
  core::ForwardOptions ablated;
  ablated.ablated_heads = {{core::AttentionKind::DecoderSelf, 0, 1}, {core::AttentionKind::DecoderSelf, 1, 3}};
  core::GreedyDecoder decoder(model, {}, prompt, ablated, 6);
  core::GreedyDecoder plain(model, {}, prompt, {}, 6);
  bool differs = false;
  while (!decoder.finished()) {
    const core::GenerationStep step = decoder.step();
    // the step equals a whole forward pass with the same heads switched off
    const core::ForwardResult pass = core::forward(model, {}, step.decoder_input, ablated);
    expect_matrix_near(step.logits, pass.last_logits, 1e-5);
    if (!plain.finished()) {
      const core::GenerationStep unablated = plain.step();
      differs = differs || (unablated.logits - step.logits).cwiseAbs().maxCoeff() > 1e-3;
    }
  }
  EXPECT_TRUE(differs) << "switching heads off changed nothing: the decoder ignores the ablation";
}

}  // namespace
