#include "analysis/reading/read_trace.h"

#include "tensor/errors.h"

namespace core {

namespace {

// One side's axes as rows and as columns: the pair filter's text differs between the two.
struct SideAxes {
  ReadingAxis rows;
  ReadingAxis columns;
};

SideAxes side_axes(const Tokenization& tokens, const ReadingOptions& options, bool pair_side) {
  const std::span<const int> sequence_ids = pair_side ? std::span<const int>(tokens.sequence_ids) : std::span<const int>();
  return {reading_axis(tokens.tokens, options, sequence_ids, pair_side ? options.query_segment : -1),
          reading_axis(tokens.tokens, options, sequence_ids, pair_side ? options.key_segment : -1)};
}

}  // namespace

ReadTrace read_trace(const AttentionTrace& trace, const Tokenization& source, const Tokenization& target,
                     const ReadingOptions& options) {
  const std::vector<std::vector<std::string>> sequences = {source.tokens, target.tokens};
  check_hide_tokens(options, sequences);
  const bool filter = options.query_segment >= 0 || options.key_segment >= 0;
  const bool source_pair = !source.sequence_ids.empty();
  const bool target_pair = !target.sequence_ids.empty();
  if (filter && !source_pair && !target_pair) throw InputError("the A/B filter needs a text pair (text A and text B)");
  const SideAxes source_axes = side_axes(source, options, source_pair);
  const SideAxes target_axes = side_axes(target, options, target_pair);
  ReadTrace read;
  read.source_queries = source_axes.rows;
  read.source_keys = source_axes.columns;
  read.target_queries = target_axes.rows;
  read.target_keys = target_axes.columns;
  for (const AttentionKind kind : {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::DecoderCross}) {
    const ReadingAxis& queries = kind == AttentionKind::EncoderSelf ? source_axes.rows : target_axes.rows;
    const ReadingAxis& keys = kind == AttentionKind::DecoderSelf ? target_axes.columns : source_axes.columns;
    std::vector<LayerAttention>& layers = read.trace.layers(kind);
    for (int layer = 0; layer < trace.layer_count(kind); ++layer) {
      LayerAttention heads;
      for (int head = 0; head < trace.head_count(kind, layer); ++head) {
        heads.heads.push_back(read_matrix(trace.attention(kind, layer, head), queries, keys));
      }
      layers.push_back(std::move(heads));
    }
  }
  return read;
}

}  // namespace core
