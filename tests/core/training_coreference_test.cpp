// The coreference task (lecture section 8): every sentence's answer is one of its two nouns and the
// one its adjective describes, held-out noun–adjective pairs never reach training, generation is
// deterministic, a tiny model learns it, and the referent-head analysis finds a head that links
// "it" to a chosen noun.
#include <gtest/gtest.h>

#include <set>

#include "families/load_model.h"
#include "model/model.h"
#include "model/model_input.h"
#include "test_support.h"
#include "training/referent_heads.h"
#include "training/tasks.h"
#include "training/tasks_coreference.h"
#include "training/training_trainer.h"

namespace {

using Pair = std::pair<std::string, std::string>;  // noun, adjective

core::CoreferenceSentence parsed(const core::TaskExample& example) {
  const std::optional<core::CoreferenceSentence> sentence = core::parse_coreference(example.source);
  EXPECT_TRUE(sentence.has_value()) << example.source;
  return sentence.value_or(core::CoreferenceSentence{});
}

TEST(Coreference, ReadsTheLecturesSentence) {
  const std::optional<core::CoreferenceSentence> sentence =
      core::parse_coreference("The animal didn't cross the street because it was too tired .");
  ASSERT_TRUE(sentence);
  EXPECT_EQ(sentence->first_noun, "animal");
  EXPECT_EQ(sentence->verb, "didn't cross");
  EXPECT_EQ(sentence->second_noun, "street");
  EXPECT_EQ(sentence->adjective, "tired");
  EXPECT_EQ(core::coreference_referent(*sentence), "animal");
  core::CoreferenceSentence wide = *sentence;
  wide.adjective = "wide";
  EXPECT_EQ(core::coreference_referent(wide), "street");
  // the same adjective describes the subject in another template
  EXPECT_EQ(core::coreference_referent({"table", "didn't go through", "door", "wide"}), "table");
  EXPECT_FALSE(core::parse_coreference("the boy sees the cat ."));
  EXPECT_FALSE(core::parse_coreference("the animal because it was too tired ."));
}

TEST(Coreference, EveryAnswerIsTheNounTheAdjectiveDescribes) {
  const std::unique_ptr<core::Task> task = core::make_task("coreference");
  std::mt19937_64 generator(7);
  std::set<std::string> answers;
  int second = 0;
  for (int i = 0; i < 3000; ++i) {
    const core::TaskExample example = task->training_example(generator);
    const core::CoreferenceSentence sentence = parsed(example);
    EXPECT_NE(sentence.first_noun, sentence.second_noun) << example.source;
    EXPECT_TRUE(example.target == sentence.first_noun || example.target == sentence.second_noun) << example.source;
    EXPECT_EQ(core::coreference_referent(sentence), example.target) << example.source;
    answers.insert(example.target);
    if (example.target == sentence.second_noun) ++second;
  }
  // both sides, many nouns
  EXPECT_GT(second, 1200);
  EXPECT_LT(second, 1800);
  EXPECT_GE(answers.size(), 40u);
}

TEST(Coreference, HeldOutPairsNeverAppearInTraining) {
  const std::unique_ptr<core::Task> task = core::make_task("coreference");
  std::set<Pair> training_pairs;
  std::set<std::string> training_words;
  std::mt19937_64 generator(8);
  for (int i = 0; i < 20000; ++i) {
    const core::CoreferenceSentence sentence = parsed(task->training_example(generator));
    training_pairs.insert({sentence.first_noun, sentence.adjective});
    training_pairs.insert({sentence.second_noun, sentence.adjective});
    training_words.insert({sentence.first_noun, sentence.second_noun, sentence.adjective});
  }
  const std::vector<core::TaskExample> held_out = task->held_out_examples(300);
  ASSERT_EQ(held_out.size(), 300u);
  std::set<Pair> held_out_pairs;
  for (const core::TaskExample& example : held_out) {
    const core::CoreferenceSentence sentence = parsed(example);
    const Pair referent_pair{example.target, sentence.adjective};
    held_out_pairs.insert(referent_pair);
    const bool first = core::is_held_out_pair(sentence.first_noun, sentence.adjective);
    const bool second = core::is_held_out_pair(sentence.second_noun, sentence.adjective);
    EXPECT_TRUE(first || second) << example.source;
    // the pair of the held-out noun is never in a training sentence, on either side
    if (first) {
      EXPECT_FALSE(training_pairs.contains({sentence.first_noun, sentence.adjective})) << example.source;
    }
    if (second) {
      EXPECT_FALSE(training_pairs.contains({sentence.second_noun, sentence.adjective})) << example.source;
    }
    // the words themselves are all seen in training: only the pair is new
    for (const std::string& word : {sentence.first_noun, sentence.second_noun, sentence.adjective}) {
      EXPECT_TRUE(training_words.contains(word)) << word << " in " << example.source;
    }
  }
  EXPECT_GE(held_out_pairs.size(), 30u);
}

TEST(Coreference, DeterministicBySeed) {
  const std::unique_ptr<core::Task> task = core::make_task("coreference");
  std::mt19937_64 a(11);
  std::mt19937_64 b(11);
  std::mt19937_64 c(12);
  bool differs = false;
  for (int i = 0; i < 50; ++i) {
    const core::TaskExample x = task->training_example(a);
    const core::TaskExample y = task->training_example(b);
    const core::TaskExample z = task->training_example(c);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.target, y.target);
    differs = differs || x.source != z.source;
  }
  EXPECT_TRUE(differs);
  EXPECT_EQ(task->held_out_examples(20).back().source,
            core::make_task("coreference")->held_out_examples(20).back().source);
}

TEST(Coreference, TinyModelLossFalls) {
  const std::shared_ptr<core::Task> task = core::make_task("coreference");
  core::TrainingOptions options = task->defaults();
  options.d_model = 32;
  options.d_ff = 64;
  options.layers = 1;
  options.steps = 150;
  options.batch_size = 16;
  options.adam.warmup_steps = 30;
  core::Trainer trainer(task, options);
  double first = 0.0;
  double last = 0.0;
  trainer.run([&](const core::TrainingProgress& progress) {
    // means over the first and last 15 steps, so one noisy batch does not decide
    if (progress.step <= 15) first += progress.loss / 15;
    if (progress.step > options.steps - 15) last += progress.loss / 15;
  });
  EXPECT_LT(last * 2, first) << "first " << first << ", last " << last;
}

TEST(Coreference, ReferentPositionsInTokens) {
  const core::Model model = core::load_model(std::filesystem::path(ATTNSCOPE_MODELS) / "coreference");
  const core::Tokenization tokens = core::tokenize_input(
      model, core::InputSide::Source, "The animal didn't cross the street because it was too tired.");
  const std::optional<core::ReferentPositions> p = core::referent_positions(tokens);
  ASSERT_TRUE(p);
  EXPECT_EQ(tokens.tokens[static_cast<std::size_t>(p->first_noun)], "animal");
  EXPECT_EQ(tokens.tokens[static_cast<std::size_t>(p->second_noun)], "street");
  EXPECT_EQ(tokens.tokens[static_cast<std::size_t>(p->it)], "it");
  EXPECT_FALSE(core::referent_positions(core::tokenize_input(model, core::InputSide::Source, "the dog was tired .")));
}

TEST(Coreference, BadInputIsNamed) {
  const core::Model model = core::load_model(std::filesystem::path(ATTNSCOPE_MODELS) / "coreference");
  try {
    core::strongest_noun_link(model, "the dog was tired .", 0, 0);
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "\"the dog was tired .\" is not a coreference sentence (the N1 … the N2 … it …)");
  }
  try {
    core::strongest_noun_link(model, "the dog didn't eat the cake because it was too hot .", 0, 9);
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "encoder layer 0 head 9 does not exist");
  }
  const core::Model translate = core::load_model(std::filesystem::path(ATTNSCOPE_MODELS) / "induction");
  EXPECT_THROW(core::referent_heads(translate, *core::make_task("coreference"), 1), std::invalid_argument);
}

TEST(Coreference, BestHeadIsTheMostOftenRight) {
  std::vector<core::ReferentHead> heads = {{0, 0, 5, 10}, {0, 1, 8, 10}, {1, 0, 8, 10}, {1, 1, 2, 10}};
  const core::ReferentHead& best = core::best_referent_head(heads);
  EXPECT_EQ(best.layer, 0);
  EXPECT_EQ(best.head, 1);
  EXPECT_DOUBLE_EQ(best.rate(), 0.8);
  EXPECT_THROW(core::best_referent_head({}), std::invalid_argument);
}

}  // namespace
