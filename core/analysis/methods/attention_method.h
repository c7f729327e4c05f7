#pragma once
// One switch over the ways of reading what attention does (docs/methods.md), for every view and
// export: each method gives matrices of the trace's shape, [kind][layer][head][query][key].
//   raw            α̂ per head (the forward pass's own trace)
//   norm           ‖α̂^h_{i,j} f^h(x_j)‖ per head, and ‖Σ_h …‖ per layer    (norm_attention.h)
//   value-zeroing  per layer: the change of b^i when v^j is zeroed             (value_zeroing.h)
//   rollout        per layer: R_l = Â_l R_{l−1}                                (head_analysis.h)
//   flow           per layer: max-flow from input token j to position i        (attention_flow.h)
// Per-layer methods give each layer one matrix (heads.size() == 1). Rollout and flow follow one
// stack's self-attention, so they have no cross-attention layers (decoder_cross stays empty).

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "analysis/methods/method_options.h"
#include "model/model.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace core {

enum class AttentionMethod { Raw, Norm, ValueZeroing, Rollout, Flow };

const char* to_string(AttentionMethod method);  // "raw", "norm", "value-zeroing", "rollout", "flow"
std::optional<AttentionMethod> parse_attention_method(std::string_view name);
// "raw|norm|value-zeroing|rollout|flow", for messages
std::string attention_method_names();
// True for methods with one matrix per head (raw, norm); false for the per-layer ones.
bool is_per_head(AttentionMethod method);
// Whether the method has matrices for this kind of attention (rollout and flow: self-attention only).
bool method_covers(AttentionMethod method, AttentionKind kind);

struct MethodResult {
  AttentionMethod method = AttentionMethod::Raw;
  AttentionTrace trace;   // per head (raw, norm) or per layer (one matrix each)
  AttentionTrace summed;  // norm only: ‖Σ_h α̂^h_{i,j} f^h(x_j)‖, one matrix per layer; else empty
  ForwardResult pass;     // the forward pass the method read (logits, record, raw trace; for
                          // raw the trace is moved into `trace` above and pass.trace is empty)
};

// Runs the forward pass the method needs and the method on it. options.layers/queries restrict
// the expensive methods (norm, value zeroing, flow); raw and rollout compute everything and then
// keep the chosen layers' rows the same way, so every method answers the same request shape.
// forward_options.attention is followed by every method but norm (which needs a dense trace): on
// an on-demand trace rollout and flow stream each layer's heads one at a time and value zeroing
// recomputes only the α̂ rows of options.queries; the results equal the dense trace's.
// Throws what forward() throws, core::InputError for a layer or query that does not exist,
// core::Cancelled when options.progress says stop.
MethodResult compute_attention_method(const Model& model, std::span<const int> source_ids,
                                      std::span<const int> target_ids, AttentionMethod method,
                                      const ForwardOptions& forward_options = {}, const MethodOptions& options = {});

}  // namespace core
