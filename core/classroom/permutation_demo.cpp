#include "classroom/permutation_demo.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <unordered_set>

#include "model/stack.h"
#include "tensor/errors.h"

namespace core {

namespace {

std::vector<int> movable(const std::vector<bool>& fixed) {
  std::vector<int> positions;
  for (std::size_t p = 0; p < fixed.size(); ++p) {
    if (!fixed[p]) positions.push_back(static_cast<int>(p));
  }
  return positions;
}

Permutation identity(std::size_t length) {
  Permutation order(length);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

Tokenization reorder(const Tokenization& tokens, const Permutation& order) {
  Tokenization out = tokens;
  for (std::size_t p = 0; p < order.size(); ++p) {
    out.ids[p] = tokens.ids[order[p]];
    out.tokens[p] = tokens.tokens[order[p]];
    out.unknown[p] = tokens.unknown[order[p]];
  }
  return out;
}

void check_input(const Model& model, const Tokenization& tokens, const Permutation& order) {
  const ModelSpec& config = model.spec();
  const bool encoder = config.has_encoder();
  const std::string side = encoder ? "source" : "target";
  const int vocab = encoder ? config.source_vocab_size : config.target_vocab_size;
  if (tokens.ids.empty()) throw InputError("the " + side + " input is empty");
  if (static_cast<long>(tokens.size()) > config.max_positions) {
    throw InputError("the " + side + " input has " + std::to_string(tokens.size()) +
                     " tokens; the model takes at most " + std::to_string(config.max_positions));
  }
  for (const int id : tokens.ids) {
    if (id < 0 || id >= vocab) {
      throw InputError("the " + side + " token id " + std::to_string(id) + " is outside the vocabulary");
    }
  }
  Permutation sorted = order;
  std::sort(sorted.begin(), sorted.end());
  if (sorted != identity(tokens.size())) {
    throw InputError("the reordering is not a permutation of the " + std::to_string(tokens.size()) + " tokens");
  }
  if (!encoder && order.back() != static_cast<int>(order.size()) - 1) {
    throw InputError("the last token stays in place: it is the query that sees every word of a decoder-only model");
  }
}

PermutationComparison compare(const Model& model, const Tokenization& original, const Tokenization& permuted,
                              const Permutation& order, bool positional_encoding) {
  model.check_weights_unchanged();
  const InputSide side = explored_side(model);
  const StackWeights& weights = side == InputSide::Source ? model.weights().encoder : model.weights().decoder;
  const StackSpec& spec = stack_of(model, side);
  const StackRun run{self_attention_kind(side), positional_encoding, {}, nullptr};
  PermutationComparison c;
  c.positional_encoding = positional_encoding;
  c.original = run_stack(original.ids, RowMatrix(), weights, spec, run).self_attention;
  c.permuted = run_stack(permuted.ids, RowMatrix(), weights, spec, run).self_attention;
  for (std::size_t l = 0; l < c.original.size(); ++l) {
    std::vector<float>& per_head = c.max_difference.emplace_back();
    for (std::size_t h = 0; h < c.original[l].heads.size(); ++h) {
      // max |A_perm − P A Pᵀ|
      const RowMatrix expected = permute_rows_and_columns(c.original[l].heads[h], order);
      per_head.push_back((c.permuted[l].heads[h] - expected).cwiseAbs().maxCoeff());
    }
  }
  if (side == InputSide::Target && !c.original.empty()) {
    const Eigen::Index last = static_cast<Eigen::Index>(order.size()) - 1;
    for (std::size_t h = 0; h < c.original[0].heads.size(); ++h) {
      // max_p |A'(T−1, p) − A(T−1, π(p))|: the last row of P A Pᵀ (π(T−1) = T−1)
      const RowMatrix expected = permute_rows_and_columns(c.original[0].heads[h], order);
      c.last_row_difference.push_back((c.permuted[0].heads[h].row(last) - expected.row(last)).cwiseAbs().maxCoeff());
    }
  }
  return c;
}

}  // namespace

std::vector<bool> fixed_positions(const Tokenizer& tokenizer, const Tokenization& tokens) {
  const Tokenization added = tokenizer.encode("");
  const std::unordered_set<int> specials(added.ids.begin(), added.ids.end());
  std::vector<bool> fixed(tokens.size());
  for (std::size_t p = 0; p < tokens.size(); ++p) fixed[p] = specials.contains(tokens.ids[p]);
  return fixed;
}

std::vector<bool> demo_fixed_positions(const Model& model, const Tokenization& tokens) {
  const bool encoder = model.spec().has_encoder();
  std::vector<bool> fixed = fixed_positions(encoder ? model.source_tokenizer() : model.target_tokenizer(), tokens);
  if (!encoder && !fixed.empty()) fixed.back() = true;
  return fixed;
}

Permutation shuffle_permutation(const std::vector<bool>& fixed, unsigned seed) {
  const std::vector<int> positions = movable(fixed);
  Permutation order = identity(fixed.size());
  if (positions.size() < 2) return order;
  std::mt19937 random(seed);
  std::vector<int> shuffled = positions;
  // Retrying is cheap and keeps the demo from showing "no change" by chance.
  while (shuffled == positions) std::shuffle(shuffled.begin(), shuffled.end(), random);
  for (std::size_t n = 0; n < positions.size(); ++n) order[positions[n]] = shuffled[n];
  return order;
}

Permutation swap_permutation(const std::vector<bool>& fixed, int i, int j) {
  const auto length = static_cast<int>(fixed.size());
  for (const int p : {i, j}) {
    if (p < 0 || p >= length) {
      throw InputError("position " + std::to_string(p) + " is outside the input (0.." + std::to_string(length - 1) + ")");
    }
    if (fixed[p]) throw InputError("position " + std::to_string(p) + " holds a special token, which stays in place");
  }
  Permutation order = identity(fixed.size());
  std::swap(order[i], order[j]);
  return order;
}

RowMatrix permute_rows_and_columns(const Eigen::Ref<const RowMatrix>& a, const Permutation& order) {
  const auto n = static_cast<Eigen::Index>(order.size());
  RowMatrix out(n, n);
  // (P A Pᵀ)(p, r) = A(π(p), π(r))
  for (Eigen::Index p = 0; p < n; ++p) {
    for (Eigen::Index r = 0; r < n; ++r) out(p, r) = a(order[p], order[r]);
  }
  return out;
}

float PermutationComparison::largest_difference() const {
  float largest = 0.0f;
  for (const std::vector<float>& layer : max_difference) {
    for (const float d : layer) largest = std::max(largest, d);
  }
  return largest;
}

PermutationDemo run_permutation_demo(const Model& model, const Tokenization& tokens, const Permutation& order) {
  check_input(model, tokens, order);
  PermutationDemo demo;
  demo.positions = position_kind(model, explored_side(model));
  demo.causal = !model.spec().has_encoder();
  demo.order = order;
  demo.original = tokens;
  demo.permuted = reorder(tokens, order);
  demo.without_pe = compare(model, demo.original, demo.permuted, order, false);
  demo.with_pe = compare(model, demo.original, demo.permuted, order, true);
  return demo;
}

}  // namespace core
