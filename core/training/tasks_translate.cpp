// translate-en-zh: a small English grammar and its Chinese translation.
//   English: subject  verb  object  [place]  [time] .
//   Chinese: subject  [time]  [place]  verb  object 。
// Noun phrases: [the] [adjective] noun [who verb object]; Chinese puts the relative clause and
// the adjective before the noun (喜歡貓的男孩 = "the boy who likes the cat") and drops "the".
// So the alignment is non-monotonic: time and place move forward, relative clauses swap with their noun.
// Chinese is Traditional (the characters were converted once from Simplified with OpenCC's s2tw
// configuration: 快樂, 喜歡, 跟著). English is tokenised by words, Chinese one character per
// token (the word tokenizer makes each CJK character a token of its own).
#include <set>

#include "training/tasks_builtin.h"
#include "text/unicode.h"

namespace core {

namespace {

struct Phrase {
  const char* english;
  const char* chinese;
};

constexpr Phrase people[] = {{"boy", "男孩"},     {"girl", "女孩"},   {"teacher", "老師"}, {"student", "學生"},
                             {"doctor", "醫生"},  {"farmer", "農民"}, {"driver", "司機"},  {"child", "孩子"}};
constexpr Phrase animals[] = {{"cat", "貓"}, {"dog", "狗"}, {"bird", "鳥"}, {"horse", "馬"}};
constexpr Phrase things[] = {{"book", "書"},   {"apple", "蘋果"}, {"letter", "信"}, {"car", "車"},
                             {"house", "房子"}, {"flower", "花"},  {"ball", "球"},  {"picture", "畫"}};
constexpr Phrase adjectives[] = {{"big", "大"}, {"small", "小"},  {"red", "紅色"}, {"new", "新"},
                                 {"old", "舊"}, {"happy", "快樂"}, {"beautiful", "漂亮"}, {"tall", "高"}};
constexpr Phrase verbs[] = {{"sees", "看見"}, {"likes", "喜歡"}, {"helps", "幫助"}, {"finds", "找到"},
                            {"draws", "畫"},  {"wants", "想要"}, {"buys", "買"},   {"follows", "跟著"}};
constexpr Phrase places[] = {{"in the park", "在公園"},   {"at school", "在學校"}, {"in the garden", "在花園"},
                             {"at home", "在家"},         {"in the city", "在城市"}, {"near the river", "在河邊"}};
constexpr Phrase times[] = {{"every day", "每天"}, {"every morning", "每天早上"}, {"at night", "晚上"},
                            {"on sunday", "星期天"}, {"in the afternoon", "下午"}, {"in winter", "冬天"}};

template <std::size_t N>
const Phrase& pick(const Phrase (&phrases)[N], std::mt19937_64& generator) {
  std::uniform_int_distribution<std::size_t> index(0, N - 1);
  return phrases[index(generator)];
}

bool chance(double p, std::mt19937_64& generator) {
  return std::bernoulli_distribution(p)(generator);
}

struct Translation {
  std::string english;
  std::string chinese;
};

const Phrase& pick_noun(bool animate, std::mt19937_64& generator) {
  std::uniform_int_distribution<int> kind(0, animate ? 2 : 3);
  const int k = kind(generator);
  if (k <= 1) return pick(people, generator);
  if (k == 2) return pick(animals, generator);
  return pick(things, generator);
}

// [the] [adjective] noun, optionally followed by "who verb object" (only at the top level).
Translation noun_phrase(bool animate, bool allow_relative, std::mt19937_64& generator) {
  const Phrase& noun = pick_noun(animate, generator);
  Translation phrase{"the", ""};
  if (chance(0.4, generator)) {
    const Phrase& adjective = pick(adjectives, generator);
    phrase.english += std::string(" ") + adjective.english;
    phrase.chinese = std::string(adjective.chinese) + "的";
  }
  phrase.english += std::string(" ") + noun.english;
  phrase.chinese += noun.chinese;
  if (allow_relative && chance(0.25, generator)) {
    // the boy who likes the cat → 喜歡貓的男孩: the clause moves in front of its noun
    const Phrase& verb = pick(verbs, generator);
    const Translation object = noun_phrase(false, false, generator);
    phrase.english += std::string(" who ") + verb.english + " " + object.english;
    phrase.chinese = std::string(verb.chinese) + object.chinese + "的" + phrase.chinese;
  }
  return phrase;
}

void add_chinese_characters(std::vector<std::string>& tokens, std::set<std::string>& seen, const char* text) {
  for (const char32_t c : decode_utf8(text)) {
    const std::string character = encode_utf8(c);
    if (seen.insert(character).second) tokens.push_back(character);
  }
}

void add_english_words(std::vector<std::string>& tokens, std::set<std::string>& seen, const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t space = std::min(text.find(' ', start), text.size());
    const std::string word = text.substr(start, space - start);
    if (seen.insert(word).second) tokens.push_back(word);
    start = space + 1;
  }
}

class TranslateTask : public Task {
 public:
  std::string name() const override { return "translate-en-zh"; }
  Architecture architecture() const override { return Architecture::EncoderDecoder; }

  NativeVocabulary vocabulary() const override {
    std::vector<std::string> source = special_vocabulary();
    std::vector<std::string> target = special_vocabulary();
    std::set<std::string> seen_source(source.begin(), source.end());
    std::set<std::string> seen_target(target.begin(), target.end());
    add_english_words(source, seen_source, "the who .");
    add_chinese_characters(target, seen_target, "的。");
    const auto add_all = [&](const auto& phrases) {
      for (const Phrase& phrase : phrases) {
        add_english_words(source, seen_source, phrase.english);
        add_chinese_characters(target, seen_target, phrase.chinese);
      }
    };
    add_all(people);
    add_all(animals);
    add_all(things);
    add_all(adjectives);
    add_all(verbs);
    add_all(places);
    add_all(times);
    return NativeVocabulary{"word", false, source, target};
  }

  // The longest sentence is 25 source tokens with </s> and 37 target tokens with <s>.
  int max_positions() const override { return 40; }

  TrainingOptions defaults() const override { return task_options(128, 256, 3000, 400); }

 protected:
  TaskExample sample(std::mt19937_64& generator) const override {
    const Translation subject = noun_phrase(true, true, generator);
    const Phrase& verb = pick(verbs, generator);
    const Translation object = noun_phrase(false, true, generator);
    std::string english = subject.english + " " + verb.english + " " + object.english;
    std::string chinese = subject.chinese;
    std::string chinese_place;
    if (chance(0.5, generator)) {
      const Phrase& place = pick(places, generator);
      english += std::string(" ") + place.english;
      chinese_place = place.chinese;
    }
    if (chance(0.5, generator)) {
      // English ends with the time; Chinese says it right after the subject.
      const Phrase& time = pick(times, generator);
      english += std::string(" ") + time.english;
      chinese += time.chinese;
    }
    chinese += chinese_place + verb.chinese + object.chinese + "。";
    return TaskExample{english + " .", chinese};
  }
};

}  // namespace

std::unique_ptr<Task> make_translate_en_zh_task() {
  return std::make_unique<TranslateTask>();
}

}  // namespace core
