#pragma once
// Position terms added to the scores α_{i,j} instead of to the embeddings:
//   T5's relative bias  α_{i,j} += table[bucket(j − i), h]   (a learned scalar per distance bucket and head)
//   ALiBi (BLOOM)        α_{i,j} += m_h · j                   (a fixed slope per head; after the softmax the
//                                                              same as m_h · (j − i): a linear distance penalty)

#include <vector>

#include "nn/block_spec.h"
#include "nn/weights.h"
#include "tensor/tensor.h"

namespace core {

// T5's bucket of the relative position r = key − query (HF _relative_position_bucket): exact buckets
// for small |r|, logarithmically wider ones up to max_distance; bidirectional keeps r > 0 apart.
int relative_position_bucket(int relative_position, const RelativeBiasSpec& spec);

// (T_q, T_k) bias of one head; queries sit at positions first_query, first_query + 1, …
RowMatrix relative_bias(const RelativeBiasSpec& spec, const WeightMatrix& table, int head, int first_query,
                        int queries, int keys);

// The ALiBi slope m_h of every head: a geometric sequence starting at 2^(−8/n) for n a power of two,
// interleaved with the next power's slopes otherwise (BLOOM's build_alibi_tensor).
std::vector<float> alibi_slopes(int heads);

}  // namespace core
