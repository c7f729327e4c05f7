#include "training/referent_heads.h"

#include <stdexcept>
#include <string>

#include "model/generation.h"
#include "model/model_input.h"
#include "model/transformer.h"

namespace core {

namespace {

// α̂ of every encoder self-attention head for the source text; rows are queries, columns keys.
std::vector<LayerAttention> encoder_attention(const Model& model, const Tokenization& source,
                                              const ForwardOptions& options) {
  if (!model.spec().has_encoder()) throw std::invalid_argument("referent heads need an encoder-decoder model");
  const std::vector<int> prefix = generation_prefix(model);
  ForwardResult result = forward(model, source.ids, prefix, options);
  return std::move(result.trace.layers(AttentionKind::EncoderSelf));
}

ReferentPositions require_positions(const Tokenization& source, std::string_view text) {
  const std::optional<ReferentPositions> positions = referent_positions(source);
  if (!positions) {
    throw std::invalid_argument("\"" + std::string(text) + "\" is not a coreference sentence (the N1 … the N2 … it …)");
  }
  return *positions;
}

// second_noun when α̂[it, second noun] > α̂[it, first noun], else first_noun.
int stronger_noun(const RowMatrix& alpha_hat, const ReferentPositions& p) {
  return alpha_hat(p.it, p.second_noun) > alpha_hat(p.it, p.first_noun) ? p.second_noun : p.first_noun;
}

}  // namespace

std::optional<ReferentPositions> referent_positions(const Tokenization& source) {
  std::vector<int> nouns;
  for (std::size_t i = 0; i + 1 < source.tokens.size() && nouns.size() < 2; ++i) {
    if (source.tokens[i] == "the") nouns.push_back(static_cast<int>(i + 1));
  }
  if (nouns.size() < 2) return std::nullopt;
  for (std::size_t i = static_cast<std::size_t>(nouns[1]) + 1; i < source.tokens.size(); ++i) {
    if (source.tokens[i] == "it") return ReferentPositions{static_cast<int>(i), nouns[0], nouns[1]};
  }
  return std::nullopt;
}

std::vector<ReferentHead> referent_heads(const Model& model, const Task& task, int count,
                                         const ForwardOptions& options) {
  std::vector<ReferentHead> heads;
  for (const TaskExample& example : task.held_out_examples(count)) {
    const Tokenization source = tokenize_input(model, InputSide::Source, example.source);
    const ReferentPositions p = require_positions(source, example.source);
    const std::string& first = source.tokens[static_cast<std::size_t>(p.first_noun)];
    const std::string& second = source.tokens[static_cast<std::size_t>(p.second_noun)];
    if (example.target != first && example.target != second) {
      throw std::invalid_argument("\"" + example.source + "\": the referent \"" + example.target +
                                  "\" is neither noun");
    }
    const int referent = example.target == first ? p.first_noun : p.second_noun;
    const std::vector<LayerAttention> layers = encoder_attention(model, source, options);
    std::size_t index = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
      for (std::size_t h = 0; h < layers[l].heads.size(); ++h, ++index) {
        if (index >= heads.size()) heads.push_back({static_cast<int>(l), static_cast<int>(h)});
        ReferentHead& head = heads[index];
        if (stronger_noun(layers[l].heads[h], p) == referent) ++head.right;
        ++head.examples;
      }
    }
  }
  return heads;
}

const ReferentHead& best_referent_head(const std::vector<ReferentHead>& heads) {
  if (heads.empty()) throw std::invalid_argument("no heads to choose from");
  const ReferentHead* best = &heads.front();
  for (const ReferentHead& head : heads) {
    if (head.right > best->right) best = &head;
  }
  return *best;
}

int strongest_noun_link(const Model& model, std::string_view text, int layer, int head) {
  const Tokenization source = tokenize_input(model, InputSide::Source, text);
  const ReferentPositions p = require_positions(source, text);
  const std::vector<LayerAttention> layers = encoder_attention(model, source, ForwardOptions{});
  if (layer < 0 || layer >= static_cast<int>(layers.size()) || head < 0 ||
      head >= static_cast<int>(layers[static_cast<std::size_t>(layer)].heads.size())) {
    throw std::invalid_argument("encoder layer " + std::to_string(layer) + " head " + std::to_string(head) +
                                " does not exist");
  }
  return stronger_noun(layers[static_cast<std::size_t>(layer)].heads[static_cast<std::size_t>(head)], p);
}

}  // namespace core
