// The built-in tasks: held-out examples never reach training, every example fits the model and
// tokenises without <unk>, and the translation grammar reorders as documented.
#include <gtest/gtest.h>

#include <set>

#include "training/tasks.h"
#include "text/tokenizer_vocab.h"
#include "text/vocabulary.h"

namespace {

core::NativeTokenizer tokenizer(const core::NativeVocabulary& vocabulary, bool source) {
  const auto kind = vocabulary.kind == "char" ? core::NativeTokenizerKind::Char : core::NativeTokenizerKind::Word;
  return core::NativeTokenizer(core::Vocabulary(source ? vocabulary.source : vocabulary.target), kind, false,
                               source ? core::TokenizerRole::Source : core::TokenizerRole::Target);
}

void expect_known_tokens(const core::Tokenization& tokens, int max_positions, const std::string& text) {
  EXPECT_LE(static_cast<int>(tokens.size()), max_positions - 1) << text;  // room for the predicted </s>
  for (const bool unknown : tokens.unknown) EXPECT_FALSE(unknown) << text;
}

TEST(TrainingTasks, HeldOutSplitIsFixedAndNeverTrainedOn) {
  for (const std::string& name : core::task_names()) {
    const std::unique_ptr<core::Task> task = core::make_task(name);
    const std::vector<core::TaskExample> held_out = task->held_out_examples(100);
    ASSERT_EQ(held_out.size(), 100u) << name;
    EXPECT_EQ(held_out.front().target, task->held_out_examples(1).front().target) << name;
    std::set<std::string> held_out_texts;
    for (const core::TaskExample& example : held_out) {
      EXPECT_TRUE(task->in_held_out_split(example)) << name;
      held_out_texts.insert(example.source + '\t' + example.target);
    }
    std::mt19937_64 generator(1);
    for (int i = 0; i < 2000; ++i) {
      const core::TaskExample example = task->training_example(generator);
      EXPECT_FALSE(task->in_held_out_split(example)) << name;
      EXPECT_FALSE(held_out_texts.contains(example.source + '\t' + example.target)) << name;
    }
  }
}

TEST(TrainingTasks, ExamplesTokeniseWithinTheModelsLength) {
  for (const std::string& name : core::task_names()) {
    const std::unique_ptr<core::Task> task = core::make_task(name);
    const core::NativeVocabulary vocabulary = task->vocabulary();
    std::mt19937_64 generator(2);
    for (int i = 0; i < 2000; ++i) {
      const core::TaskExample example = task->training_example(generator);
      if (task->architecture() == core::Architecture::EncoderDecoder) {
        expect_known_tokens(tokenizer(vocabulary, true).encode(example.source), task->max_positions(), example.source);
      }
      expect_known_tokens(tokenizer(vocabulary, false).encode(example.target), task->max_positions(), example.target);
    }
  }
}

TEST(TrainingTasks, DigitTasks) {
  std::mt19937_64 generator(3);
  const core::TaskExample reversed = core::make_task("reverse")->training_example(generator);
  EXPECT_EQ(std::string(reversed.source.rbegin(), reversed.source.rend()), reversed.target);
  const core::TaskExample sorted = core::make_task("sort")->training_example(generator);
  EXPECT_TRUE(std::is_sorted(sorted.target.begin(), sorted.target.end(), [](char a, char b) {
    return a != ' ' && b != ' ' && a < b;
  }));
  EXPECT_EQ(core::make_task("reverse")->vocabulary().kind, "char");
}

TEST(TrainingTasks, TranslationMovesTimeAndPlaceBeforeTheVerb) {
  const std::unique_ptr<core::Task> task = core::make_task("translate-en-zh");
  std::mt19937_64 generator(4);
  bool found = false;
  for (int i = 0; i < 5000 && !found; ++i) {
    const core::TaskExample example = task->training_example(generator);
    if (example.source.find(" in the park every day .") == std::string::npos) continue;
    // time right after the subject, then the place, then the verb
    EXPECT_NE(example.target.find("每天在公園"), std::string::npos) << example.source << " → " << example.target;
    found = true;
  }
  EXPECT_TRUE(found);
  const core::NativeTokenizer chinese = tokenizer(task->vocabulary(), false);
  EXPECT_EQ(chinese.encode("男孩看見狗。").tokens, (std::vector<std::string>{"<s>", "男", "孩", "看", "見", "狗", "。"}));
}

TEST(TrainingTasks, InductionRepeatsTheFirstHalf) {
  std::mt19937_64 generator(5);
  const core::TaskExample example = core::make_task("induction")->training_example(generator);
  const int t = example.scored_from - 1;
  ASSERT_EQ(static_cast<int>(example.target.size()), 2 * (2 * t) - 1);  // letters separated by spaces
  EXPECT_EQ(example.target.substr(0, 2 * t - 1), example.target.substr(2 * t));
  EXPECT_EQ(example.scored_until, 2 * t);
}

TEST(TrainingTasks, UnknownTaskNamesTheKnownOnes) {
  try {
    core::make_task("copy");
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "unknown task \"copy\"; the tasks are reverse, sort, translate-en-zh, induction, coreference");
  }
}

}  // namespace
