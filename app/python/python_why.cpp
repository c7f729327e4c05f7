#include "python_why.h"

#include <filesystem>
#include <fstream>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "analysis/why/corpus_search.h"
#include "analysis/why/corpus_sentences.h"
#include "analysis/why/qk_map.h"
#include "analysis/why/qk_view.h"
#include "model/prepare_inputs.h"
#include "python_arguments.h"
#include "python_progress.h"
#include "tensor/errors.h"

namespace py = pybind11;

namespace attnscope_python {

namespace {

py::array_t<float> vector_array(const core::RowVector& values) {
  return py::array_t<float>(values.size(), values.data());
}

// (rows, cols) row-major → a new float32 [rows, cols] array.
py::array_t<float> matrix_array(const core::RowMatrix& values) {
  return py::array_t<float>({static_cast<py::ssize_t>(values.rows()), static_cast<py::ssize_t>(values.cols())},
                            values.data());
}

// The corpus file's sentences (core/analysis/why/corpus_sentences.h); notes receives one message
// per line skipped or cut.
std::vector<core::CorpusSentence> read_corpus(const std::string& path, std::vector<std::string>& notes) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw core::InputError(path + ": is a folder; give a text file with one sentence per line");
  }
  if (!std::filesystem::exists(path, error)) throw core::InputError(path + ": no such corpus file");
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw core::InputError(path + ": cannot be read");
  return core::read_corpus_sentences(stream, path, [&](const std::string& note) { notes.push_back(note); });
}

}  // namespace

py::dict qk_dict(const PythonModel& model, const std::string& text, int layer, int head, int query,
                 const std::optional<std::string>& kind, const std::optional<std::string>& target, bool no_pe) {
  check_text(text);
  const core::Model& m = model.model();
  const core::HeadRef ref = head_argument(m.spec(), kind_argument(m.spec(), kind), layer, head);
  const core::ForwardOptions options = model.pass_options(no_pe);
  core::ModelInput input;
  {
    const py::gil_scoped_release unlocked;
    input = core::prepare_inputs(m, text, target.value_or(""), options);
  }
  const core::Tokenization& queries = core::query_tokens(input, ref.kind);
  const core::Tokenization& keys = core::key_tokens(input, ref.kind);
  const core::QkRequest request{
      ref, checked_index(query, static_cast<int>(queries.size()), std::string(core::to_string(ref.kind)) + " query")};
  core::QkView view;
  {
    const py::gil_scoped_release unlocked;
    view = core::compute_qk_view(m, input.source.ids, input.target.ids, request, options);
  }
  py::dict result;
  result["kind"] = core::to_string(ref.kind);
  result["layer"] = ref.layer;
  result["head"] = ref.head;
  result["kv_head"] = view.kv_head;
  result["query"] = request.query;
  result["query_token"] = queries.tokens[static_cast<std::size_t>(request.query)];
  result["key_tokens"] = keys.tokens;
  result["head_dim"] = view.head_dim;
  result["scale"] = view.scale;
  result["soft_cap"] = view.soft_cap;
  result["positions"] = core::to_string(view.positions);
  result["positional_encoding"] = view.positional_encoding;
  result["q"] = vector_array(view.q);
  result["k"] = matrix_array(view.k);
  result["products"] = matrix_array(view.products);
  result["content"] = vector_array(view.content);
  result["masked"] = py::array(py::cast(view.masked));
  result["alpha"] = vector_array(view.alpha);
  result["alpha_hat"] = vector_array(view.alpha_hat);
  if (view.rotary()) {
    result["q_rotated"] = vector_array(view.q_rotated);
    result["k_rotated"] = matrix_array(view.k_rotated);
    result["content_unrotated"] = vector_array(view.content_unrotated);
    // the rotation's share of each score: content − content⁰
    const core::RowVector rotation = view.content - view.content_unrotated;
    result["rotation"] = vector_array(rotation);
  }
  if (view.capped.size() > 0) result["capped"] = vector_array(view.capped);
  if (view.position_bias.size() > 0) result["position_bias"] = vector_array(view.position_bias);
  return result;
}

py::dict qk_map_dict(const PythonModel& model, const std::filesystem::path& corpus, int layer, int head,
                     const std::optional<std::string>& kind, bool normalise, long long max_points, bool no_pe) {
  const core::Model& m = model.model();
  const core::HeadRef ref = head_argument(m.spec(), kind_argument(m.spec(), kind), layer, head);
  if (max_points < 1) throw core::InputError("max_points is 1 or more, not " + std::to_string(max_points));
  core::QkMapOptions options;
  options.normalise = normalise;
  options.max_points = max_points;
  std::vector<std::string> notes;
  core::QkMap map;
  {
    const py::gil_scoped_release unlocked;
    const std::vector<core::CorpusSentence> sentences = read_corpus(corpus.string(), notes);
    map = core::compute_qk_map(m, sentences, corpus.string(), ref, options, model.pass_options(no_pe),
                               [&](const std::string& note) { notes.push_back(note); });
  }
  const auto count = static_cast<py::ssize_t>(map.points.size());
  py::array_t<double> x(count);
  py::array_t<double> y(count);
  py::array_t<long long> sentence(count);
  py::array_t<long long> line(count);
  py::array_t<int> position(count);
  std::vector<std::string> tokens;
  std::vector<std::string> kinds;
  for (py::ssize_t n = 0; n < count; ++n) {
    const core::QkPoint& point = map.points[static_cast<std::size_t>(n)];
    x.mutable_at(n) = point.x;
    y.mutable_at(n) = point.y;
    sentence.mutable_at(n) = static_cast<long long>(point.sentence);
    line.mutable_at(n) = map.sentences[point.sentence].line;
    position.mutable_at(n) = point.position;
    tokens.push_back(point.token);
    kinds.emplace_back(core::to_string(point.kind));
  }
  std::vector<std::string> texts;
  for (const core::CorpusSentence& s : map.sentences) texts.push_back(s.text);
  py::dict result;
  result["x"] = x;
  result["y"] = y;
  result["sentence"] = sentence;
  result["line"] = line;
  result["position"] = position;
  result["token"] = tokens;
  result["kind"] = kinds;
  result["explained"] = py::make_tuple(map.explained[0], map.explained[1]);
  result["normalised"] = map.normalised;
  result["sentences"] = texts;
  result["notes"] = notes;
  return result;
}

py::dict search_dict(const PythonModel& model, const std::filesystem::path& corpus, std::optional<int> layer,
                     const std::optional<std::variant<int, std::string>>& head, const std::string& token,
                     const std::optional<std::vector<HeadArgument>>& head_list, const std::optional<std::string>& kind,
                     const std::string& mode, int limit, bool no_pe, const std::optional<py::function>& progress) {
  const core::Model& m = model.model();
  // the heads: layer and head (head "all": every head of the layer), or a list, as the CLI's
  // --layer/--head and --heads
  std::vector<core::HeadRef> heads;
  if (head_list) {
    if (layer || head || kind) {
      throw core::InputError("give heads=[(layer, head), …] or layer and head (with kind), not both");
    }
    if (head_list->empty()) throw core::InputError("heads is empty: give the heads to search, [(layer, head), …]");
    for (const HeadArgument& one : *head_list) heads.push_back(head_ref_argument(m.spec(), one));
  } else {
    if (!layer || !head) throw core::InputError("give layer and head (head='all': every head of the layer), or heads=[(layer, head), …]");
    const core::AttentionKind attention = kind_argument(m.spec(), kind);
    if (const std::string* all = std::get_if<std::string>(&*head)) {
      if (*all != "all")
        throw core::InputError("head is a number or 'all' (every head of the layer), not '" + *all + "'");
      const core::HeadRef first = head_argument(m.spec(), attention, *layer, 0);
      heads = core::heads_of_layer(m.spec(), attention, first.layer);
    } else {
      heads.push_back(head_argument(m.spec(), attention, *layer, std::get<int>(*head)));
    }
  }
  core::SearchOptions options;
  if (mode == "from")
    options.mode = core::SearchMode::From;
  else if (mode == "to")
    options.mode = core::SearchMode::To;
  else if (mode == "top-key")
    options.mode = core::SearchMode::TopKey;
  else
    throw core::InputError("mode takes 'from', 'to' or 'top-key', not '" + mode + "'");
  options.limit = limit;
  std::vector<std::string> notes;
  const ProgressHook hook(progress);
  core::ForwardOptions pass = model.pass_options(no_pe);
  pass.progress = hook.signals_only();
  const core::CorpusSearch search = run_cancellable(hook, [&] {
    const std::vector<core::CorpusSentence> sentences = read_corpus(corpus.string(), notes);
    // progress(done, total): sentences searched
    options.progress = hook.fraction(static_cast<std::int64_t>(sentences.size()));
    return core::search_corpus(m, sentences, corpus.string(), heads, token, options, pass,
                               [&](const std::string& note) { notes.push_back(note); });
  });
  py::list hits;
  for (std::size_t r = 0; r < search.hits.size(); ++r) {
    const core::SearchHit& hit = search.hits[r];
    const core::CorpusSentence& sentence = search.sentences[hit.sentence];
    py::dict row;
    row["rank"] = r + 1;
    row["sentence"] = hit.sentence;
    row["line"] = sentence.line;
    row["layer"] = hit.head.layer;
    row["head"] = hit.head.head;
    row["query"] = hit.query;
    row["query_token"] = hit.query_token;
    row["key"] = hit.key;
    row["key_token"] = hit.key_token;
    row["weight"] = hit.weight;
    row["text"] = sentence.text;
    hits.append(std::move(row));
  }
  py::list searched;
  for (const core::HeadRef& ref : search.heads) {
    py::dict named;
    named["kind"] = core::to_string(ref.kind);
    named["layer"] = ref.layer;
    named["head"] = ref.head;
    searched.append(std::move(named));
  }
  py::dict result;
  result["kind"] = core::to_string(search.head.kind);
  result["heads"] = searched;
  result["mode"] = core::to_string(search.mode);
  result["token"] = search.token;
  result["ids"] = search.ids;
  result["matches"] = search.matches;
  result["hits"] = hits;
  result["notes"] = notes;
  return result;
}

}  // namespace attnscope_python
