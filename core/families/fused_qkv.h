#pragma once
// GPT-NeoX and BLOOM store q, k and v in one query_key_value Linear whose output rows are grouped
// by head: rows [3h·d_k, 3h·d_k + d_k) are head h's W^q, the next d_k its W^k, the next d_k its W^v.
// The blocks want each of W^q, W^k, W^v with heads side by side, so the rows are regathered once,
// at load time, into buffers the model keeps.

#include <string>

#include "io/weight_binder.h"
#include "nn/weights.h"

namespace core {

// prefix + "weight" [3 · heads · head_dim, d_model] (+ prefix + "bias") → w_q, w_k, w_v of attention.
void bind_fused_qkv_by_head(WeightBinder& binder, const std::string& prefix, int heads, int head_dim,
                            Eigen::Index d_model, bool bias, AttentionWeights& attention);

}  // namespace core
