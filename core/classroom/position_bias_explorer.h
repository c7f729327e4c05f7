#pragma once
// The score-bias kinds of the PE explorer, drawn over the distance i − j between a query i and a key j:
//   ALiBi (BLOOM):   α_{i,j} += m_h · j, which after the softmax is the same as −m_h · (i − j):
//                    a penalty growing linearly with distance, steeper for heads with a larger slope m_h.
//   T5:              α_{i,j} += b_h[bucket(j − i)], a learned number per head and bucket; buckets are
//                    exact for small distances and logarithmically wider up to max_distance.

#include <vector>

#include "model/model.h"
#include "model/model_input.h"
#include "tensor/tensor.h"

namespace core {

struct AlibiView {
  std::vector<float> slopes;  // m_h per head
  std::vector<int> distances; // i − j = 0, 1, …, D − 1 (a causal query sees only keys j ≤ i)
  RowMatrix bias;             // (heads, D): −m_h · (i − j)
};

// Throws InputError when the side's stack has no ALiBi or distances < 1.
AlibiView alibi_view(const Model& model, InputSide side, int distances);

struct RelativeBiasView {
  std::vector<int> distances;  // i − j: −D … D for an encoder (keys on both sides), 0 … D for a decoder
  std::vector<int> buckets;    // bucket(j − i) for each distance
  RowMatrix bias;              // (heads, distances): b_h[bucket(j − i)]
};

// Throws InputError when the side's stack has no T5 relative bias or max_distance < 0.
RelativeBiasView relative_bias_view(const Model& model, InputSide side, int max_distance);

}  // namespace core
