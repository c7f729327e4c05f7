#pragma once
// Trace.attention(kind, layer, method=…, words=…, …): one layer's matrices by an explanation method
// (core/analysis/methods/attention_method.h, docs/methods.md), read as text when asked
// (core/analysis/reading/read_trace.h, docs/reading.md). The same core calls as
// `attnscope-cli dump --method M --words …`, so the numbers are the CLI's:
//   raw            α̂ per head: the trace's own
//   norm           ‖α̂^h_{i,j} f^h(x_j)‖ per head; summed=True: ‖Σ_h α̂^h_{i,j} f^h(x_j)‖, one per layer
//   value-zeroing, rollout, flow
//                  one matrix per layer
// A method other than raw runs its own pass (the recorded one it reads) when first asked, for the
// layer asked (or every layer, for attention_all), and the trace keeps the result for later calls.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "analysis/methods/attention_method.h"
#include "analysis/methods/recorded_pass.h"
#include "analysis/reading/token_reading.h"
#include "model/model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"

namespace attnscope_python {

class PythonTrace;

// "raw", "norm", "value-zeroing", "rollout" or "flow"; throws core::InputError naming the others.
core::AttentionMethod method_argument(const std::string& name);

// What one call asks of a method: a layer (−1: every layer), the query rows (empty: every row;
// core::MethodOptions::queries), and the progress hooks of the call (python_progress.h), which are
// not kept.
struct MethodRequest {
  core::AttentionMethod method = core::AttentionMethod::Raw;
  int layer = -1;
  std::vector<int> queries;
  core::MethodProgress progress;                      // the method's own work
  std::function<bool(int, int)> pass_progress;        // the blocks of the pass it runs (Ctrl+C)
};

// A method's matrices and which kind of pass it read ("dense" or "on-demand", as dump's
// "pass_attention").
struct MethodMatrices {
  std::shared_ptr<const core::MethodResult> result;
  bool dense_pass = true;
};

// The results of the methods asked of one trace, each computed once. Shared by the copies of a
// Trace (pybind11 may copy it), guarded for calls from several Python threads.
class MethodCache {
 public:
  // The method over input, with layer `request.layer` of every kind computed, or every layer when
  // it is −1 or a layer some kind lacks, and only request.queries' rows. Throws what
  // core::compute_attention_method throws (core::Cancelled when a progress hook says stop).
  MethodMatrices get(const core::Model& model, const core::ModelInput& input, const core::ForwardOptions& options,
                     const MethodRequest& request);

 private:
  using Key = std::tuple<core::AttentionMethod, int, std::vector<int>>;
  std::mutex mutex_;
  std::map<Key, MethodMatrices> results_;
};

// Throws core::InputError for summed without norm, and for a kind the method does not cover
// (rollout and flow follow one stack's self-attention: no decoder_cross).
void check_method_request(core::AttentionMethod method, bool summed, core::AttentionKind kind);

// One layer as the arrays show it, with the labels of its rows and columns.
struct ReadLayer {
  std::vector<core::RowMatrix> matrices;  // per head (raw, norm) or one (per-layer methods, norm summed)
  std::vector<std::string> query_labels;
  std::vector<std::string> key_labels;
};

// Layer l (from 0) of kind. all_layers: compute every layer of the method at once (attention_all).
// top_p: per query only the smallest set of keys holding that share of the row (core/analysis/
// methods/top_p.h), the others 0, after the reading, as attnscope-cli dump --top-p.
// hooks: the progress hooks of a method's computation (its queries stay every row).
// Throws what check_method_request throws, and core::InputError for a top_p outside (0, 1].
ReadLayer read_layer(const PythonTrace& trace, core::AttentionKind kind, int l, core::AttentionMethod method,
                     bool summed, const core::ReadingOptions& reading, std::optional<double> top_p, bool all_layers,
                     const MethodRequest& hooks = {});

// The work units of a method's progress: the query rows it computes, over the kinds it covers and
// the layers asked (layer −1: every layer); queries empty: every row.
std::int64_t method_work(const PythonTrace& trace, core::AttentionMethod method, int layer,
                         const std::vector<int>& queries);

// The labels of kind's rows and columns under reading (the tokens themselves when it is the identity).
std::pair<std::vector<std::string>, std::vector<std::string>> reading_labels(const PythonTrace& trace,
                                                                             core::AttentionKind kind,
                                                                             const core::ReadingOptions& reading);

}  // namespace attnscope_python
