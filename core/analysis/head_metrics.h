#pragma once
// Numbers that describe what one attention head does, each from one α̂ matrix (rows = queries,
// columns = keys, rows summing to 1; under a causal mask query i sees keys 0..i).
//   entropy        mean over queries of H(α̂_i) / log(keys visible to i): 0 = each query looks at
//                  one key, 1 = spread evenly (a global head)
//   distance       mean over queries of Σ_j α̂_{i,j} |i − j|, in tokens: 1 for a previous-token head
//   normalised distance   the same with each query's sum divided by the largest |i − j| it can
//                  see: 0 = each query looks at itself, 1 = at the farthest key
//   induction      on x_0 … x_{2T−1} (T tokens repeated once): mean over k = 0 … T−2 of
//                  α̂_{T+k, k+1}, the weight on the token that followed the earlier occurrence
// Queries that see a single key carry no information and are left out of the means.

#include "tensor/tensor.h"

namespace core {

double attention_entropy(const RowMatrix& alpha_hat, bool causal);
double mean_attention_distance(const RowMatrix& alpha_hat, bool causal);
double normalized_attention_distance(const RowMatrix& alpha_hat, bool causal);
// offset: how many tokens come before x_0 in the input (1 when a start token leads).
double induction_score(const RowMatrix& alpha_hat, int repeat_length, int offset);

}  // namespace core
