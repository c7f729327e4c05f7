#include "attention_slice.h"

#include <algorithm>
#include <optional>
#include <string>

#include <QCoreApplication>
#include <QStringList>

#include "analysis/head_analysis.h"
#include "analysis/methods/top_p.h"
#include "text/byte_level.h"

namespace ui {

namespace {

TokenSequence firstTokens(TokenSequence sequence, int count) {
  if (count >= 0 && count < sequence.tokens.size()) sequence.tokens.resize(count);
  return sequence;
}

// A byte-level BPE piece ("Ġthe", "Ã©t") as the UTF-8 text it spells, or nothing when a
// character lies outside GPT-2's byte alphabet or the bytes are not valid UTF-8.
std::optional<QString> decodeByteLevel(const QString& raw) {
  std::string bytes;
  for (const char32_t c : raw.toUcs4()) {
    const std::optional<unsigned char> byte = core::byte_level_byte(c);
    if (!byte) return std::nullopt;
    bytes += static_cast<char>(*byte);
  }
  QString text = QString::fromUtf8(bytes);
  if (text.contains(QChar::ReplacementCharacter)) return std::nullopt;
  return text;
}

std::vector<std::string> rawTokens(const TokenSequence& sequence) {
  std::vector<std::string> tokens;
  tokens.reserve(static_cast<std::size_t>(sequence.tokens.size()));
  for (const TokenLabel& label : sequence.tokens) tokens.push_back(label.text.toStdString());
  return tokens;
}

// mean_i Σ_{j sink} M_{i,j} / Σ_j M_{i,j} over the rows with a non-zero total
double sinkShare(const core::RowMatrix& m, const TokenSequence& keys) {
  double sum = 0.0;
  int rows = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    double total = 0.0;
    double sink = 0.0;
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      total += m(i, j);
      if (keys.tokens[static_cast<qsizetype>(j)].sink) sink += m(i, j);
    }
    if (total == 0.0) continue;
    sum += sink / total;
    ++rows;
  }
  return rows > 0 ? sum / rows : 0.0;
}

// The first rows × cols of one head's α̂: read from a dense trace, recomputed by an on-demand one
// (only the head asked for: AttentionTrace::attention).
core::RowMatrix headValues(const core::AttentionTrace& trace, const LayerStep& step, int head, int rows, int cols) {
  if (const core::RowMatrix* stored = trace.stored(step.kind, step.layer, head)) return stored->topLeftCorner(rows, cols);
  return trace.attention(step.kind, step.layer, head).topLeftCorner(rows, cols);
}

// A slice's reading axes (docs/reading.md): each axis read from its own tokens, a sentence pair's
// filter on the axes that read the pair (their sequence ids).
struct SliceAxes {
  core::ReadingAxis queries;
  core::ReadingAxis keys;
};

SliceAxes sliceAxes(const Analysis& analysis, const AttentionSlice& slice, const core::ReadingOptions& reading) {
  const int rows = slice.rows();
  const int cols = slice.cols();
  const auto sequenceIds = [&](bool source, int count) {
    const std::vector<int>& ids = (source ? analysis.source : analysis.target).sequence_ids;
    return static_cast<int>(ids.size()) >= count ? std::vector<int>(ids.begin(), ids.begin() + count) : std::vector<int>();
  };
  const std::vector<int> querySequence = sequenceIds(slice.step.kind == core::AttentionKind::EncoderSelf, rows);
  const std::vector<int> keySequence = sequenceIds(slice.step.kind != core::AttentionKind::DecoderSelf, cols);
  return {core::reading_axis(rawTokens(slice.queries), reading, querySequence,
                             querySequence.empty() ? -1 : reading.query_segment),
          core::reading_axis(rawTokens(slice.keys), reading, keySequence, keySequence.empty() ? -1 : reading.key_segment)};
}

// The slice's axes, newest query, window and mask once its matrices are read over axes.
void relabel(AttentionSlice& slice, const SliceAxes& axes) {
  // the newest query is the word or kept token holding it (none when it is hidden)
  int newest = -1;
  for (int g = 0; g < axes.queries.size(); ++g) {
    const std::vector<int>& members = axes.queries.members[static_cast<std::size_t>(g)];
    if (std::find(members.begin(), members.end(), slice.newestQuery) != members.end()) newest = g;
  }
  slice.newestQuery = slice.newestQuery >= 0 ? newest : -1;
  slice.queries = readSequence(slice.queries, axes.queries);
  slice.keys = readSequence(slice.keys, axes.keys);
  slice.queryTokens = axes.queries.members;
  slice.keyTokens = axes.keys.members;
  // a window counts tokens; over words it no longer lines up
  slice.window = 0;
  // under a pair filter rows and columns are different tokens: "key after query" no longer
  // lines up with the indices (the future keys' weights are 0 all the same)
  if (axes.queries.members != axes.keys.members) slice.causal = false;
}

}  // namespace

const float* HeadLines::weight(int query, int key) const {
  if (query < 0 || query >= static_cast<int>(counts.size())) return nullptr;
  const std::size_t first = static_cast<std::size_t>(query) * static_cast<std::size_t>(perQuery);
  for (std::size_t n = 0; n < static_cast<std::size_t>(counts[static_cast<std::size_t>(query)]); ++n) {
    if (keys[first + n] == key) return &weights[first + n];
  }
  return nullptr;
}

HeadLines headLines(const core::RowMatrix& values, int k, float topP, const std::function<bool(int, int)>& isMasked) {
  HeadLines lines;
  lines.perQuery = std::max(k, 0);
  lines.topP = topP;
  const int rows = static_cast<int>(values.rows());
  const int cols = static_cast<int>(values.cols());
  lines.counts.assign(static_cast<std::size_t>(rows), 0);
  lines.keys.assign(static_cast<std::size_t>(rows) * static_cast<std::size_t>(lines.perQuery), -1);
  lines.weights.assign(lines.keys.size(), 0.0f);
  std::vector<std::pair<float, int>> row;  // (α̂, key)
  std::vector<bool> kept;
  for (int q = 0; q < rows; ++q) {
    row.clear();
    // the same keys as WordGraphWidget::linesToDraw: top-p first (no negative mass), then the k heaviest
    if (topP > 0.0f) {
      kept.assign(static_cast<std::size_t>(cols), false);
      const core::RowVector positive = values.row(q).cwiseMax(0.0f);
      for (const int key : core::top_p_keys(positive, topP)) kept[static_cast<std::size_t>(key)] = true;
    }
    for (int key = 0; key < cols; ++key) {
      if (isMasked(q, key)) continue;
      const float a = values(q, key);
      if (a <= 0.0f) continue;
      if (topP > 0.0f && !kept[static_cast<std::size_t>(key)]) continue;
      row.emplace_back(a, key);
    }
    // heaviest first; ties: the earlier key
    const auto heavier = [](const std::pair<float, int>& a, const std::pair<float, int>& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    };
    const std::size_t n = std::min(row.size(), static_cast<std::size_t>(lines.perQuery));
    std::partial_sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(n), row.end(), heavier);
    const std::size_t first = static_cast<std::size_t>(q) * static_cast<std::size_t>(lines.perQuery);
    for (std::size_t m = 0; m < n; ++m) {
      lines.weights[first + m] = row[m].first;
      lines.keys[first + m] = row[m].second;
    }
    lines.counts[static_cast<std::size_t>(q)] = static_cast<int>(n);
  }
  return lines;
}

QString TokenLabel::displayToken(const QString& raw) {
  // The word-start markers are how tokenizers spell a space: byte-level BPE's "Ġ" (and "Ċ", a line
  // break), SentencePiece's "▁". A label shows the piece without them; a piece that is only a
  // space or a line break shows a visible sign.
  static const QChar byteLevelSpace(0x0120);
  static const QChar byteLevelNewline(0x010A);
  static const QChar pieceSpace(0x2581);
  QString text = raw;
  if (raw.contains(byteLevelSpace) || raw.contains(byteLevelNewline)) {
    text = decodeByteLevel(raw).value_or(raw);
  } else if (raw.contains(pieceSpace)) {
    text.replace(pieceSpace, QLatin1Char(' '));
  } else {
    return raw;
  }
  const QString trimmed = text.trimmed();
  if (!trimmed.isEmpty()) return trimmed;
  return text.contains(QLatin1Char('\n')) ? QStringLiteral("↵") : QStringLiteral("␣");
}

TokenSequence tokenSequence(const core::Tokenization& tokenization) {
  TokenSequence sequence;
  sequence.tokens.reserve(static_cast<qsizetype>(tokenization.size()));
  for (std::size_t i = 0; i < tokenization.size(); ++i) {
    const bool unknown = i < tokenization.unknown.size() && tokenization.unknown[i];
    const bool sink = i == 0 || core::is_special_token(tokenization.tokens[i]);
    sequence.tokens.push_back({QString::fromStdString(tokenization.tokens[i]), unknown, sink});
  }
  if (tokenization.truncated) {
    sequence.droppedCount = static_cast<int>(tokenization.untruncated_length - tokenization.size());
  }
  return sequence;
}

TokenSequence readSequence(const TokenSequence& sequence, const core::ReadingAxis& axis) {
  TokenSequence read;
  read.droppedCount = sequence.droppedCount;
  for (int g = 0; g < axis.size(); ++g) {
    TokenLabel label{QString::fromStdString(axis.labels[static_cast<std::size_t>(g)])};
    for (const int t : axis.members[static_cast<std::size_t>(g)]) {
      if (t >= sequence.tokens.size()) continue;
      label.unknown = label.unknown || sequence.tokens[t].unknown;
      label.sink = label.sink || sequence.tokens[t].sink;
    }
    read.tokens.push_back(std::move(label));
  }
  return read;
}

QString readingCaption(const core::ReadingOptions& reading) {
  QStringList parts;
  if (reading.words) parts << QCoreApplication::translate("ui::AttentionSlice", "words: keys summed, queries averaged");
  if (reading.hide_special) {
    parts << QCoreApplication::translate("ui::AttentionSlice", "special tokens hidden, rows rescaled");
  }
  for (const std::string& token : reading.hide_tokens) {
    parts << QCoreApplication::translate("ui::AttentionSlice", "“%1” hidden, rows rescaled").arg(QString::fromStdString(token));
  }
  return parts.join(QStringLiteral(" · "));
}

AttentionSlice makeSlice(const Analysis& analysis, const LayerStep& step, const SliceOptions& options) {
  AttentionSlice slice;
  slice.step = step;
  slice.builtOn = std::this_thread::get_id();
  const bool method = options.methodTrace != nullptr;
  if (method) {
    slice.method = options.method;
    slice.methodNote = options.methodNote;
    slice.methodHeads = options.methodHeads;
    // Norm-based rows are lengths, not weights: coloured up to the layer's largest.
    slice.scale = options.method == core::AttentionMethod::Norm ? ValueScale::Magnitude : ValueScale::Weights;
  }
  const core::AttentionTrace* trace = method ? options.methodTrace : analysis.trace(options.positionalEncoding);
  if (!trace) return slice;
  if (step.layer < 0 || step.layer >= trace->layer_count(step.kind)) return slice;

  const TokenSequence source = tokenSequence(analysis.source);
  const TokenSequence target = tokenSequence(analysis.target);
  const int targetLength = static_cast<int>(target.tokens.size());
  const int shownRows = options.decoderLength < 0 ? targetLength : std::min(options.decoderLength, targetLength);
  switch (step.kind) {
    case core::AttentionKind::EncoderSelf:
      slice.queries = source;
      slice.keys = source;
      break;
    case core::AttentionKind::DecoderSelf:
      slice.queries = firstTokens(target, shownRows);
      slice.keys = firstTokens(target, shownRows);
      slice.causal = true;
      break;
    case core::AttentionKind::DecoderCross:
      slice.queries = firstTokens(target, shownRows);
      slice.keys = source;
      break;
  }
  if (analysis.model) {
    // What this layer's attention is (Gemma 2 alternates windowed and global layers).
    const core::AttentionSpec& spec = analysis.model->spec().attention(step.kind, step.layer);
    slice.window = spec.window;
    slice.kvHeads = slice.perLayer() ? 0 : spec.kv_heads;
  }
  const bool decoderQueries = step.kind != core::AttentionKind::EncoderSelf;
  if (decoderQueries && options.decoderLength >= 0 && shownRows < targetLength) slice.newestQuery = shownRows - 1;

  const int rows = slice.rows();
  const int cols = slice.cols();
  if (rows == 0 || cols == 0) return slice;
  // Words and hidden tokens: each axis read from its own tokens (docs/reading.md).
  const bool read = !options.reading.is_identity();
  slice.reading = options.reading;
  // (only when something is read: a long input's every-token view makes no copies)
  const SliceAxes axes = read ? sliceAxes(analysis, slice, options.reading) : SliceAxes{};
  const auto readInPlace = [&](core::RowMatrix& m) {
    if (read) m = core::read_matrix(m, axes.queries, axes.keys);
  };
  const int headCount = trace->head_count(step.kind, step.layer);
  slice.extent = 0.0f;
  for (int h = 0; h < headCount; ++h) {
    if (options.onlyHead >= 0 && h != options.onlyHead) {
      slice.sinkShare.push_back(0.0);
      slice.heads.emplace_back();
      continue;
    }
    core::RowMatrix values = headValues(*trace, step, h, rows, cols);
    slice.sinkShare.push_back(sinkShare(values, slice.keys));
    readInPlace(values);
    // Reading may leave no row or column (every query a hidden special token): an empty matrix
    // has no largest entry, and the colour scale keeps its floor below.
    const bool anyValue = values.size() > 0;
    if (slice.scale == ValueScale::Magnitude && anyValue) {
      slice.extent = std::max(slice.extent, values.maxCoeff());
    }
    slice.heads.push_back(std::move(values));
  }
  if (read) relabel(slice, axes);
  // All-zero lengths still need a non-degenerate colour scale.
  slice.extent = slice.scale == ValueScale::Magnitude ? std::max(slice.extent, 1e-6f) : 1.0f;
  return slice;
}

AttentionSlice readSlice(AttentionSlice slice, const Analysis& analysis, const core::ReadingOptions& reading) {
  if (reading.is_identity() || slice.empty() || !slice.reading.is_identity()) return slice;
  const SliceAxes axes = sliceAxes(analysis, slice, reading);
  slice.reading = reading;
  float extent = 0.0f;
  for (int h = 0; h < slice.headCount(); ++h) {
    if (!slice.hasMatrix(h)) continue;
    core::RowMatrix& m = slice.heads[static_cast<std::size_t>(h)];
    m = core::read_matrix(m, axes.queries, axes.keys);
    if (m.size() > 0) extent = std::max(extent, m.maxCoeff());
  }
  if (slice.scale == ValueScale::Magnitude) slice.extent = std::max(extent, 1e-6f);
  relabel(slice, axes);
  return slice;
}

}  // namespace ui
