#include "model/transformer.h"

#include <memory>
#include <string>

#include "model/memory_estimate.h"
#include "model/stack.h"
#include "nn/output_head.h"
#include "tensor/errors.h"
#include "tensor/thread_pool.h"

namespace core {

namespace {

void check_ids(std::span<const int> ids, int table_rows, int max_positions, const Tokenizer& tokenizer,
               const char* role) {
  if (ids.empty()) throw InputError(std::string("the ") + role + " input is empty");
  if (static_cast<long>(ids.size()) > max_positions) {
    throw InputError(std::string("the ") + role + " input has " + std::to_string(ids.size()) +
                     " tokens; the model takes at most " + std::to_string(max_positions));
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || ids[i] >= table_rows) {
      // A tokenizer may know more tokens than the checkpoint's table (an added <|endoftext|>):
      // only an id that actually occurs is refused, naming its token.
      std::string message = std::string("the ") + role + " token ";
      if (ids[i] >= 0 && ids[i] < tokenizer.vocab_size()) message.append("'").append(tokenizer.token(ids[i])).append("' ");
      message += "(id " + std::to_string(ids[i]) + ") at position " + std::to_string(i) +
                 " is outside the model's token table (0.." + std::to_string(table_rows - 1) + ")";
      throw InputError(message);
    }
  }
}

// A text pair's token types: one per source token, each a row of the model's token type table
// (a model without one, or with one row, takes only type 0).
void check_token_types(std::span<const int> types, std::size_t source_length, Eigen::Index table_rows) {
  if (types.empty()) return;
  if (types.size() != source_length) {
    throw InputError("the token types are " + std::to_string(types.size()) + " for " + std::to_string(source_length) +
                     " source tokens");
  }
  const Eigen::Index rows = std::max<Eigen::Index>(table_rows, 1);
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (types[i] < 0 || types[i] >= rows) {
      throw InputError("token type " + std::to_string(types[i]) + " at position " + std::to_string(i) +
                       ": this model has " + std::to_string(rows) + " token type(s), so it cannot read a text pair "
                       "with segment ids");
    }
  }
}

// Ablated heads name heads the model has: a wrong index is a caller's mistake worth a message.
void check_ablated_heads(std::span<const HeadRef> heads, const ModelSpec& spec) {
  for (const HeadRef& head : heads) {
    if (head.layer < 0 || head.layer >= spec.layers(head.kind) || head.head < 0 ||
        head.head >= spec.attention(head.kind, head.layer).heads) {
      throw InputError(std::string("cannot switch off ") + to_string(head.kind) + " layer " + std::to_string(head.layer) +
                       " head " + std::to_string(head.head) + ": the model has no such head");
    }
  }
}

// The per-layer PE switch and the frequency mask name layers and pairs the model has.
void check_position_switches(const ForwardOptions& options, const ModelSpec& spec) {
  for (const LayerRef& layer : options.positions_off) {
    if (layer.kind == AttentionKind::DecoderCross || layer.layer < 0 || layer.layer >= spec.layers(layer.kind)) {
      throw InputError(std::string("cannot switch off the positional encoding in ") + to_string(layer.kind) +
                       " layer " + std::to_string(layer.layer) + ": the model has no such self-attention layer");
    }
  }
  if (options.rotary_pairs_off.empty()) return;
  const StackSpec& stack = spec.has_decoder() ? spec.decoder : spec.encoder;
  const AttentionSpec& attention = stack.blocks.front().self_attention;
  if (attention.positions != ScorePositions::Rotary) {
    throw InputError("the model has no rotary positional encoding, so it has no frequencies to switch off");
  }
  const int pairs = attention.rotary.rotary_dim / 2;
  for (const int pair : options.rotary_pairs_off) {
    if (pair < 0 || pair >= pairs) {
      throw InputError("cannot switch off frequency pair " + std::to_string(pair) +
                       ": the model's rotary encoding has pairs 0 to " + std::to_string(pairs - 1));
    }
  }
}

// The layers of one stack in positions_off.
std::vector<int> layers_of(std::span<const LayerRef> layers, AttentionKind kind) {
  std::vector<int> found;
  for (const LayerRef& layer : layers) {
    if (layer.kind == kind) found.push_back(layer.layer);
  }
  return found;
}

}  // namespace

void check_forward_inputs(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                          const ForwardOptions& options) {
  const ModelSpec& spec = model.spec();
  check_ablated_heads(options.ablated_heads, spec);
  check_position_switches(options, spec);
  if (spec.has_encoder()) {
    check_ids(source_ids, spec.source_vocab_size, spec.max_positions, model.source_tokenizer(), "source");
  }
  if (spec.has_decoder()) {
    check_ids(target_ids, spec.target_vocab_size, spec.max_positions, model.target_tokenizer(), "target");
  }
  check_token_types(options.token_types, source_ids.size(), model.weights().encoder.embedding.token_types.rows);
}

bool keeps_dense_attention(const ModelSpec& spec, std::size_t source_length, std::size_t target_length,
                           const ForwardOptions& options) {
  if (options.attention != AttentionStorage::Auto) return options.attention == AttentionStorage::Dense;
  return dense_attention_bytes(spec, source_length, target_length) <= options.dense_attention_limit;
}

ForwardResult forward(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                      const ForwardOptions& options) {
  const ModelSpec& spec = model.spec();
  const ModelWeights& weights = model.weights(options.precision);
  model.check_weights_unchanged();
  const ScopedThreads threads(options.threads);
  // every input is checked before the estimate, so a bad id is reported as such, not as memory
  check_forward_inputs(model, source_ids, target_ids, options);
  check_memory_budget(estimate_forward_memory(spec, source_ids.size(), target_ids.size(), options),
                      options.memory_budget);
  const bool keep_score_inputs = !keeps_dense_attention(spec, source_ids.size(), target_ids.size(), options);
  ForwardResult result;
  if (options.record_all) result.record.want_all();
  if (!options.record_heads) result.record.keep_no_heads();
  for (const LayerRef& layer : options.record) result.record.want(layer.kind, layer.layer);
  OnDemandAttention on_demand;  // filled when the trace is on demand
  // progress: blocks done over the encoder's and the decoder's blocks together
  const int total_blocks = (spec.has_encoder() ? spec.encoder.layers() : 0) + (spec.has_decoder() ? spec.decoder.layers() : 0);
  const auto after_layer = [&](int first_block) {
    return [&options, first_block, total_blocks](int layer) {
      if (options.progress && !options.progress(first_block + layer + 1, total_blocks)) {
        throw Cancelled("the forward pass was cancelled");
      }
    };
  };

  const std::vector<int> encoder_positions_off = layers_of(options.positions_off, AttentionKind::EncoderSelf);
  const std::vector<int> decoder_positions_off = layers_of(options.positions_off, AttentionKind::DecoderSelf);
  if (spec.has_encoder()) {
    StackRun run{AttentionKind::EncoderSelf, options.positional_encoding, options.ablated_heads,
                 &result.record, keep_score_inputs, after_layer(0)};
    run.positions_off_in = encoder_positions_off;
    run.rotary_pairs_off = options.rotary_pairs_off;
    run.token_types = options.token_types;
    StackResult encoder = run_stack(source_ids, RowMatrix(), weights.encoder, spec.encoder, run);
    result.encoder_output = std::move(encoder.output);
    result.trace.encoder_self = std::move(encoder.self_attention);
    on_demand.encoder_self = std::move(encoder.self_score_inputs);
  }
  if (spec.has_decoder()) {
    StackRun run{AttentionKind::DecoderSelf, options.positional_encoding, options.ablated_heads, &result.record,
                 keep_score_inputs, after_layer(spec.has_encoder() ? spec.encoder.layers() : 0)};
    run.positions_off_in = decoder_positions_off;
    run.rotary_pairs_off = options.rotary_pairs_off;
    StackResult decoder = run_stack(target_ids, result.encoder_output, weights.decoder, spec.decoder, run);
    result.decoder_output = std::move(decoder.output);
    result.trace.decoder_self = std::move(decoder.self_attention);
    result.trace.decoder_cross = std::move(decoder.cross_attention);
    on_demand.decoder_self = std::move(decoder.self_score_inputs);
    on_demand.decoder_cross = std::move(decoder.cross_score_inputs);
  }
  if (keep_score_inputs) result.trace.on_demand = std::make_shared<const OnDemandAttention>(std::move(on_demand));
  if (spec.has_output_head) {
    const RowMatrix& hidden = spec.has_decoder() ? result.decoder_output : result.encoder_output;
    result.last_logits = output_logits(hidden.bottomRows(1), weights.output_head, spec.output);
  }
  if (spec.classifier.kind != ClassifierKind::None) {
    result.class_logits = classifier_logits(result.encoder_output, weights.classifier, spec.classifier);
  }
  return result;
}

}  // namespace core
