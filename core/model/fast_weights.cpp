#include "model/fast_weights.h"

#include <map>
#include <tuple>

#include "tensor/kernels.h"

namespace core {

namespace {

class Converter {
 public:
  explicit Converter(FastWeights& fast) : fast_(fast) {}

  void convert(WeightMatrix& w) {
    if (w.empty()) return;
    if (w.type != ScalarType::BF16) {
      // Tied matrices (an output head sharing the token table) are rounded once.
      const Key key{w.data, w.rows, w.cols};
      const auto found = rounded_.find(key);
      const std::uint16_t* rounded = found != rounded_.end() ? found->second : round(w);
      rounded_.emplace(key, rounded);
      w.data = rounded;
      w.type = ScalarType::BF16;
    }
    w.dot = DotProduct::Bf16;
  }

  void convert(LinearWeights& linear) { convert(linear.weight); }

  void convert(AttentionWeights& attention) {
    convert(attention.w_q);
    convert(attention.w_k);
    convert(attention.w_v);
    convert(attention.w_o);
  }

  void convert(StackWeights& stack) {
    for (BlockWeights& block : stack.blocks) {
      convert(block.self_attention);
      convert(block.cross_attention);
      convert(block.feed_forward.up);
      convert(block.feed_forward.gate);
      convert(block.feed_forward.down);
    }
  }

 private:
  const std::uint16_t* round(const WeightMatrix& w) {
    const auto count = static_cast<std::size_t>(w.rows * w.cols);
    fast_.buffers.push_back(std::make_unique<std::uint16_t[]>(count));
    std::uint16_t* out = fast_.buffers.back().get();
    const KernelSet& kernels = active_kernels();
    if (w.type == ScalarType::F32) {
      kernels.round_to_bf16(static_cast<const float*>(w.data), static_cast<KernelIndex>(count), out);
    } else {
      // float16 → float32 (exact) → bfloat16, a row at a time
      for (Eigen::Index r = 0; r < w.rows; ++r) {
        const RowMatrix row = w.rows_f32(r, 1);
        kernels.round_to_bf16(row.data(), w.cols, out + r * w.cols);
      }
    }
    return out;
  }

  // A matrix is the same one when its data, rows and columns are.
  using Key = std::tuple<const void*, Eigen::Index, Eigen::Index>;
  FastWeights& fast_;
  std::map<Key, const std::uint16_t*> rounded_;
};

}  // namespace

FastWeights make_fast_weights(const ModelWeights& exact) {
  FastWeights fast;
  fast.weights = exact;
  Converter converter(fast);
  converter.convert(fast.weights.encoder);
  converter.convert(fast.weights.decoder);
  converter.convert(fast.weights.output_head.transform);
  converter.convert(fast.weights.output_head.projection);
  converter.convert(fast.weights.classifier.hidden);
  converter.convert(fast.weights.classifier.output);
  return fast;
}

}  // namespace core
