#include "python_methods.h"

#include "analysis/methods/top_p.h"
#include "analysis/reading/read_trace.h"
#include "python_trace.h"
#include "tensor/errors.h"

namespace attnscope_python {

core::AttentionMethod method_argument(const std::string& name) {
  if (const std::optional<core::AttentionMethod> method = core::parse_attention_method(name)) return *method;
  throw core::InputError("method takes " + core::attention_method_names() + ", not '" + name + "'");
}

MethodMatrices MethodCache::get(const core::Model& model, const core::ModelInput& input,
                                const core::ForwardOptions& options, const MethodRequest& request) {
  // core's layer choice applies to every kind: a layer one kind lacks is computed with all of them
  int layer = request.layer;
  for (const core::AttentionKind kind : core::model_attention_kinds(model.spec())) {
    if (layer >= model.spec().layers(kind)) layer = -1;
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  for (const int key : {-1, layer}) {
    if (const auto found = results_.find({request.method, key, request.queries}); found != results_.end())
      return found->second;
  }
  core::MethodOptions method_options;
  if (layer >= 0) method_options.layers = {layer};
  method_options.queries = request.queries;
  method_options.progress = request.progress;
  core::ForwardOptions pass = options;
  pass.progress = request.pass_progress;
  core::MethodResult computed =
      core::compute_attention_method(model, input.source.ids, input.target.ids, request.method, pass, method_options);
  MethodMatrices matrices;
  // which pass the method read, as dump's "pass_attention" (raw moves the pass's trace into trace)
  matrices.dense_pass = (request.method == core::AttentionMethod::Raw ? computed.trace : computed.pass.trace).is_dense();
  // the pass the method read (its recorded values and α̂) is not shown: only the matrices are kept
  computed.pass = core::ForwardResult{};
  matrices.result = std::make_shared<const core::MethodResult>(std::move(computed));
  results_[{request.method, layer, request.queries}] = matrices;
  return matrices;
}

std::int64_t method_work(const PythonTrace& trace, core::AttentionMethod method, int layer,
                         const std::vector<int>& queries) {
  // Σ over the kinds the method covers of (layers computed) · (rows computed)
  std::int64_t work = 0;
  for (const core::AttentionKind kind : core::model_attention_kinds(trace.model().spec())) {
    if (!core::method_covers(method, kind)) continue;
    const std::int64_t layers = layer >= 0 ? 1 : trace.model().spec().layers(kind);
    const std::int64_t rows =
        queries.empty() ? static_cast<std::int64_t>(trace.query_tokens(kind).size()) : static_cast<std::int64_t>(queries.size());
    work += layers * rows;
  }
  return work;
}

void check_method_request(core::AttentionMethod method, bool summed, core::AttentionKind kind) {
  if (summed && method != core::AttentionMethod::Norm) {
    throw core::InputError("summed=True goes with method='norm' (the norm of the heads' summed output), not '" +
                           std::string(core::to_string(method)) + "'");
  }
  if (!core::method_covers(method, kind)) {
    throw core::InputError("method '" + std::string(core::to_string(method)) + "' has no " + core::to_string(kind) +
                           " matrices: it follows one stack's self-attention");
  }
}

namespace {

// The method's own matrices of layer l, before any reading.
std::vector<core::RowMatrix> method_layer(const PythonTrace& trace, core::AttentionKind kind, int l,
                                          core::AttentionMethod method, bool summed, bool all_layers,
                                          const MethodRequest& hooks) {
  check_method_request(method, summed, kind);
  std::vector<core::RowMatrix> matrices;
  if (method == core::AttentionMethod::Raw) {
    const core::AttentionTrace& attention = trace.result().trace;
    for (int h = 0; h < attention.head_count(kind, l); ++h) matrices.push_back(attention.attention(kind, l, h));
    return matrices;
  }
  MethodRequest request = hooks;
  request.method = method;
  request.layer = all_layers ? -1 : l;
  request.queries.clear();
  const std::shared_ptr<const core::MethodResult> result = trace.method_result(request).result;
  const core::AttentionTrace& computed = summed ? result->summed : result->trace;
  for (int h = 0; h < computed.head_count(kind, l); ++h) matrices.push_back(computed.attention(kind, l, h));
  return matrices;
}

}  // namespace

ReadLayer read_layer(const PythonTrace& trace, core::AttentionKind kind, int l, core::AttentionMethod method,
                     bool summed, const core::ReadingOptions& reading, std::optional<double> top_p, bool all_layers,
                     const MethodRequest& hooks) {
  if (top_p && !(*top_p > 0.0 && *top_p <= 1.0)) {
    throw core::InputError("top_p is a share p with 0 < p ≤ 1, not " + std::to_string(*top_p));
  }
  ReadLayer layer;
  layer.matrices = method_layer(trace, kind, l, method, summed, all_layers, hooks);
  if (reading.is_identity()) {
    layer.query_labels = trace.query_tokens(kind).tokens;
    layer.key_labels = trace.key_tokens(kind).tokens;
    if (top_p)
      for (core::RowMatrix& matrix : layer.matrices) matrix = core::top_p_filter(matrix, *top_p);
    return layer;
  }
  // the one layer as a trace of its own, read as attnscope-cli dump reads a whole trace
  core::AttentionTrace one;
  one.layers(kind).push_back(core::LayerAttention{std::move(layer.matrices)});
  core::ReadTrace read = core::read_trace(one, trace.input().source, trace.input().target, reading);
  layer.matrices = std::move(read.trace.layers(kind).front().heads);
  const bool source_queries = kind == core::AttentionKind::EncoderSelf;
  const bool target_keys = kind == core::AttentionKind::DecoderSelf;
  layer.query_labels = source_queries ? read.source_queries.labels : read.target_queries.labels;
  layer.key_labels = target_keys ? read.target_keys.labels : read.source_keys.labels;
  if (top_p)
    for (core::RowMatrix& matrix : layer.matrices) matrix = core::top_p_filter(matrix, *top_p);
  return layer;
}

std::pair<std::vector<std::string>, std::vector<std::string>> reading_labels(const PythonTrace& trace,
                                                                             core::AttentionKind kind,
                                                                             const core::ReadingOptions& reading) {
  if (reading.is_identity()) return {trace.query_tokens(kind).tokens, trace.key_tokens(kind).tokens};
  const core::ReadTrace read =
      core::read_trace(core::AttentionTrace{}, trace.input().source, trace.input().target, reading);
  const bool source_queries = kind == core::AttentionKind::EncoderSelf;
  const bool target_keys = kind == core::AttentionKind::DecoderSelf;
  return {source_queries ? read.source_queries.labels : read.target_queries.labels,
          target_keys ? read.target_keys.labels : read.source_keys.labels};
}

}  // namespace attnscope_python
