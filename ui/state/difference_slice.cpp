#include "difference_slice.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <thread>

#include "attention_methods.h"
#include "layer_steps.h"

namespace ui {

namespace {

QString tr(const char *text) {
  return QCoreApplication::translate("ui::DifferenceSlice", text);
}

const core::ReadingAxis &queryAxis(const core::PassAxes &axes, core::AttentionKind kind) {
  return kind == core::AttentionKind::EncoderSelf ? axes.source_queries : axes.target_queries;
}

const core::ReadingAxis &keyAxis(const core::PassAxes &axes, core::AttentionKind kind) {
  return kind == core::AttentionKind::DecoderSelf ? axes.target_keys : axes.source_keys;
}

// One pass's axis as labels: its entries (words, kept tokens; one token each when not read).
TokenSequence axisLabels(const core::Tokenization &tokens, const core::ReadingAxis &axis) {
  return readSequence(tokenSequence(tokens), axis);
}

// One label per matched pair: the entry as B reads it, "A→B" where they differ; unknown and sink
// as in B.
TokenSequence alignedLabels(const core::TokenAlignment &alignment, const TokenSequence &a, const TokenSequence &b) {
  TokenSequence sequence;
  for (std::size_t m = 0; m < alignment.size(); ++m) {
    const TokenLabel &before = a.tokens.at(alignment.before[m]);
    const TokenLabel &after = b.tokens.at(alignment.after[m]);
    const QString x = before.shown();
    const QString y = after.shown();
    sequence.tokens.push_back({x == y ? y : x + QStringLiteral("→") + y, after.unknown, after.sink});
  }
  return sequence;
}

// What both passes were read with, for the slice's title: the method (per-layer methods say "all
// heads"), the reading's caption (attention_slice.h) and top-p.
void describeReading(const core::Comparison &comparison, AttentionSlice &slice) {
  slice.method = comparison.method;
  slice.reading = comparison.reading;
  if (comparison.top_p > 0.0) {
    slice.methodNote = tr("each row's top-p keys (p = %1), the others 0").arg(comparison.top_p, 0, 'g', 3);
  }
}

}  // namespace

QString comparisonReadingSummary(const core::Comparison &comparison) {
  QStringList parts{methodName(comparison.method)};
  if (const QString reading = readingCaption(comparison.reading); !reading.isEmpty()) parts << reading;
  if (comparison.top_p > 0.0) {
    // the What If tab's wording, translated there first
    parts << QCoreApplication::translate("ui::DifferenceView", "each row's top-p keys (p = %1)")
                 .arg(comparison.top_p, 0, 'g', 3);
  }
  return parts.join(QStringLiteral(" · "));
}

QString differenceCaption(const QString &aName, const QString &bName) {
  return tr("B − A (%1 − %2)").arg(bName, aName);
}

AttentionSlice differenceSlice(const core::Comparison &comparison, const ComparedTokens &tokens,
                               core::AttentionKind kind, int layer, const QString &aName, const QString &bName) {
  AttentionSlice slice;
  slice.builtOn = std::this_thread::get_id();  // the What If tab's and the ablation's lane (never the GUI thread)
  const core::AttentionDifference &difference = comparison.difference;
  const core::LayerDifference *d = difference.find(kind, layer);
  if (d == nullptr) return slice;
  const bool queriesOnSource = kind == core::AttentionKind::EncoderSelf;
  const bool keysOnSource = kind != core::AttentionKind::DecoderSelf;
  slice.step = {kind, layer};
  describeReading(comparison, slice);
  slice.queries = alignedLabels(
      core::query_alignment(difference, kind),
      axisLabels(queriesOnSource ? tokens.sourceA : tokens.targetA, queryAxis(comparison.before_axes, kind)),
      axisLabels(queriesOnSource ? tokens.sourceB : tokens.targetB, queryAxis(comparison.after_axes, kind)));
  slice.keys = alignedLabels(
      core::key_alignment(difference, kind),
      axisLabels(keysOnSource ? tokens.sourceA : tokens.targetA, keyAxis(comparison.before_axes, kind)),
      axisLabels(keysOnSource ? tokens.sourceB : tokens.targetB, keyAxis(comparison.after_axes, kind)));
  slice.heads = d->heads;
  // Both alignments are increasing, so a key after its query is after it in A and in B: masked in
  // both, as long as queries and keys are the same entries (a pair filter makes them two texts).
  slice.causal = kind == core::AttentionKind::DecoderSelf &&
                 comparison.before_axes.target_queries.members == comparison.before_axes.target_keys.members &&
                 comparison.after_axes.target_queries.members == comparison.after_axes.target_keys.members;
  slice.scale = ValueScale::Difference;
  slice.extent = std::max(d->largest, 1e-6f);
  slice.differenceName = differenceCaption(aName, bName);
  return slice;
}

AttentionSlice passSlice(const core::Comparison &comparison, const ComparedTokens &tokens, bool b,
                         core::AttentionKind kind, int layer) {
  const core::AttentionTrace &trace = b ? comparison.after : comparison.before;
  if (layer < 0 || layer >= trace.layer_count(kind)) return {};
  const core::PassAxes &axes = b ? comparison.after_axes : comparison.before_axes;
  const bool queriesOnSource = kind == core::AttentionKind::EncoderSelf;
  const bool keysOnSource = kind != core::AttentionKind::DecoderSelf;
  AttentionSlice slice;
  slice.builtOn = std::this_thread::get_id();
  slice.step = {kind, layer};
  describeReading(comparison, slice);
  slice.queries = axisLabels(queriesOnSource ? (b ? tokens.sourceB : tokens.sourceA) : (b ? tokens.targetB : tokens.targetA),
                             queryAxis(axes, kind));
  slice.keys = axisLabels(keysOnSource ? (b ? tokens.sourceB : tokens.sourceA) : (b ? tokens.targetB : tokens.targetA),
                          keyAxis(axes, kind));
  for (int h = 0; h < trace.head_count(kind, layer); ++h) slice.heads.push_back(trace.attention(kind, layer, h));
  slice.causal = kind == core::AttentionKind::DecoderSelf && axes.target_queries.members == axes.target_keys.members;
  if (comparison.method == core::AttentionMethod::Norm) {
    // norm-based lengths are coloured up to the layer's largest, as in the other views
    slice.scale = ValueScale::Magnitude;
    slice.extent = 1e-6f;
    for (const core::RowMatrix &m : slice.heads) {
      if (m.size() > 0) slice.extent = std::max(slice.extent, m.maxCoeff());
    }
  }
  return slice;
}

QString missingKindNote(const core::Comparison &comparison, core::AttentionKind kind) {
  if (core::method_covers(comparison.method, kind)) return {};
  return tr("%1 has no matrices for %2 (it follows one stack's self-attention): nothing to subtract there.")
      .arg(methodName(comparison.method), describeKind(kind).toLower());
}

}  // namespace ui
