// coreference: the lecture's "The animal didn't cross the street because it was too tired / wide"
// (section 8), from eight templates:
//   source: the SUBJECT VERB the OBJECT because it was too ADJECTIVE .
//   target: the noun *it* refers to (SUBJECT when the adjective describes subjects of that
//           template, OBJECT when it describes objects)
// Each template has its own nouns and two disjoint adjective lists, one per side, and some
// adjectives change sides between templates ("wide": a street too wide to cross, a table too wide
// to go through a door), so only the whole sentence decides. An encoder-decoder: the encoder reads
// the whole sentence in both directions, the decoder writes one noun.
// Held out: sentences with a noun–adjective pair of is_held_out_pair (see tasks_coreference.h),
// so the held-out accuracy measures pairs never seen in training.
#include "training/tasks_coreference.h"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "text/unicode.h"
#include "training/tasks_builtin.h"

namespace core {

namespace {

struct Template {
  const char* verb;  // between the nouns
  std::vector<const char*> subjects;
  std::vector<const char*> subject_adjectives;  // adjectives that make *it* the subject
  std::vector<const char*> objects;
  std::vector<const char*> object_adjectives;   // adjectives that make *it* the object
};

const std::vector<Template>& templates() {
  static const std::vector<Template> all = {
      {"didn't cross",
       {"animal", "dog", "cat", "horse", "cow", "sheep", "goat", "fox", "robot", "baby"},
       {"tired", "slow", "scared", "old", "weak", "lazy", "sleepy"},
       {"street", "road", "river", "bridge", "highway", "field"},
       {"wide", "busy", "long", "dangerous", "crowded"}},
      {"didn't fit in",
       {"trophy", "book", "ball", "box", "lamp", "guitar", "chair", "cake", "coat"},
       {"big", "large", "tall", "wide", "long"},
       {"suitcase", "bag", "car", "drawer", "backpack", "box"},
       {"small", "full", "narrow", "short", "tiny"}},
      {"couldn't lift",
       {"robot", "dog", "horse", "baby", "monkey"},
       {"weak", "tired", "young", "small", "old"},
       {"box", "rock", "table", "bag", "piano", "suitcase"},
       {"heavy", "big", "large"}},
      {"couldn't catch",
       {"dog", "cat", "fox", "horse", "robot", "owl"},
       {"slow", "tired", "old", "lazy", "small"},
       {"bird", "ball", "rabbit", "mouse", "bus", "fish"},
       {"fast", "quick", "high", "far"}},
      {"didn't eat",
       {"dog", "cat", "horse", "animal", "baby", "goat", "pig"},
       {"full", "sick", "tired", "sleepy"},
       {"apple", "cake", "soup", "bread", "fish", "grass"},
       {"hot", "old", "salty", "hard", "dry"}},
      {"didn't drink",
       {"dog", "cat", "horse", "baby", "pig", "animal"},
       {"full", "sick", "sleepy", "young"},
       {"milk", "water", "tea", "juice", "soup"},
       {"hot", "cold", "dirty", "sweet", "old"}},
      {"didn't go through",
       {"table", "piano", "sofa", "bed", "truck", "car"},
       {"wide", "big", "large", "tall"},
       {"door", "gate", "window", "tunnel"},
       {"narrow", "small", "low"}},
      {"didn't hear",
       {"dog", "cat", "baby", "owl", "robot", "horse"},
       {"sleepy", "old", "busy", "tired"},
       {"bell", "phone", "radio", "bird", "car"},
       {"quiet", "far", "soft"}},
  };
  return all;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> result;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t space = std::min(text.find(' ', start), text.size());
    if (space > start) result.emplace_back(text.substr(start, space - start));
    start = space + 1;
  }
  return result;
}

bool contains(const std::vector<const char*>& list, std::string_view word) {
  return std::any_of(list.begin(), list.end(), [&](const char* entry) { return word == entry; });
}

// The adjective held out with the noun at index i of template t's list on one side.
const char* held_out_adjective(const std::vector<const char*>& adjectives, std::size_t i, std::size_t t) {
  return adjectives[(i + t) % adjectives.size()];
}

template <typename T>
const T& pick(const std::vector<T>& list, std::mt19937_64& generator) {
  std::uniform_int_distribution<std::size_t> index(0, list.size() - 1);
  return list[index(generator)];
}

// The tokens the word tokenizer makes of a text: "didn't" → didn ' t.
void add_tokens(std::vector<std::string>& tokens, std::set<std::string>& seen, std::string_view text) {
  std::string word;
  const auto end_word = [&] {
    if (!word.empty() && seen.insert(word).second) tokens.push_back(word);
    word.clear();
  };
  for (const char32_t c : decode_utf8(text)) {
    if (c == U' ') {
      end_word();
    } else if (is_punctuation(c)) {
      end_word();
      word = encode_utf8(c);
      end_word();
    } else {
      word += encode_utf8(c);
    }
  }
  end_word();
}

class CoreferenceTask : public Task {
 public:
  std::string name() const override { return "coreference"; }
  Architecture architecture() const override { return Architecture::EncoderDecoder; }

  NativeVocabulary vocabulary() const override {
    std::vector<std::string> source = special_vocabulary();
    std::vector<std::string> target = special_vocabulary();
    std::set<std::string> seen_source(source.begin(), source.end());
    std::set<std::string> seen_target(target.begin(), target.end());
    add_tokens(source, seen_source, "the because it was too .");
    for (const Template& t : templates()) {
      add_tokens(source, seen_source, t.verb);
      for (const auto* list : {&t.subjects, &t.objects}) {
        for (const char* noun : *list) {
          add_tokens(source, seen_source, noun);
          add_tokens(target, seen_target, noun);
        }
      }
      for (const auto* list : {&t.subject_adjectives, &t.object_adjectives}) {
        for (const char* adjective : *list) add_tokens(source, seen_source, adjective);
      }
    }
    // Lower-cased, so the lecture's "The animal …" reads as the training sentences do.
    return NativeVocabulary{"word", true, source, target};
  }

  // The longest sentence is 16 source tokens with </s> (didn ' t go through); the target is
  // <s> noun and the predicted </s>.
  int max_positions() const override { return 24; }

  TrainingOptions defaults() const override { return task_options(64, 128, 2000, 200); }

  bool in_held_out_split(const TaskExample& example) const override {
    const std::optional<CoreferenceSentence> sentence = parse_coreference(example.source);
    return sentence && (is_held_out_pair(sentence->first_noun, sentence->adjective) ||
                        is_held_out_pair(sentence->second_noun, sentence->adjective));
  }

 protected:
  TaskExample sample(std::mt19937_64& generator) const override {
    const Template& t = pick(templates(), generator);
    const std::string subject = pick(t.subjects, generator);
    std::string object = pick(t.objects, generator);
    while (object == subject) object = pick(t.objects, generator);
    const bool about_subject = std::bernoulli_distribution(0.5)(generator);
    const std::string adjective = pick(about_subject ? t.subject_adjectives : t.object_adjectives, generator);
    return TaskExample{"the " + subject + " " + t.verb + " the " + object + " because it was too " + adjective + " .",
                       about_subject ? subject : object};
  }
};

}  // namespace

std::optional<CoreferenceSentence> parse_coreference(std::string_view text) {
  const std::vector<std::string> w = words(encode_utf8(to_lower(decode_utf8(text))));
  // the N1 VERB… the N2 because it was too A .
  if (w.size() < 10 || w[0] != "the" || w.back() != ".") return std::nullopt;
  const std::size_t n = w.size();
  if (w[n - 6] != "because" || w[n - 5] != "it" || w[n - 4] != "was" || w[n - 3] != "too") return std::nullopt;
  // the second noun sits right before "because"
  const auto because = w.begin() + static_cast<std::ptrdiff_t>(n - 6);
  const auto second_the = std::find(w.begin() + 2, because, "the");
  if (second_the == because || second_the + 2 != because) return std::nullopt;
  CoreferenceSentence sentence;
  sentence.first_noun = w[1];
  for (auto word = w.begin() + 2; word != second_the; ++word) {
    sentence.verb += (sentence.verb.empty() ? "" : " ") + *word;
  }
  if (sentence.verb.empty()) return std::nullopt;
  sentence.second_noun = *(second_the + 1);
  sentence.adjective = w[n - 2];
  return sentence;
}

bool is_held_out_pair(std::string_view noun, std::string_view adjective) {
  const std::vector<Template>& all = templates();
  for (std::size_t t = 0; t < all.size(); ++t) {
    for (std::size_t i = 0; i < all[t].subjects.size(); ++i) {
      if (noun == all[t].subjects[i] && adjective == held_out_adjective(all[t].subject_adjectives, i, t)) return true;
    }
    for (std::size_t i = 0; i < all[t].objects.size(); ++i) {
      if (noun == all[t].objects[i] && adjective == held_out_adjective(all[t].object_adjectives, i, t)) return true;
    }
  }
  return false;
}

std::optional<std::string> coreference_referent(const CoreferenceSentence& sentence) {
  for (const Template& t : templates()) {
    if (sentence.verb != t.verb || !contains(t.subjects, sentence.first_noun) ||
        !contains(t.objects, sentence.second_noun)) {
      continue;
    }
    if (contains(t.subject_adjectives, sentence.adjective)) return sentence.first_noun;
    if (contains(t.object_adjectives, sentence.adjective)) return sentence.second_noun;
  }
  return std::nullopt;
}

std::unique_ptr<Task> make_coreference_task() {
  return std::make_unique<CoreferenceTask>();
}

}  // namespace core
