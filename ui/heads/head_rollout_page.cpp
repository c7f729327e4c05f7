#include "head_rollout_page.h"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "attention_slice.h"
#include "heatmap_widget.h"
#include "job_runner.h"
#include "layer_steps.h"

namespace ui {

namespace {

// What the page draws for one request, as built on the HeadRollout lane: empty slices when the
// layer has no rollout.
struct RolloutSlices {
  AttentionSlice rolled;  // R_l, read
  AttentionSlice mean;    // M̄ of the layer's heads, read
  int headCount = 0;
};

// input's rollout after layer beside the layer's mean attention (analysis's α̂ of kind), both read
// as reading says. Runs on the HeadRollout lane.
RolloutSlices buildRollout(const HeadAnalysisResult &input, const Analysis &analysis, core::AttentionKind kind,
                           int layer, bool positionalEncoding, const core::ReadingOptions &reading) {
  const std::vector<core::RowMatrix> &rollout =
      kind == core::AttentionKind::EncoderSelf ? input.encoderRollout : input.decoderRollout;
  // no rollout (a long input's on-demand trace has none): no α̂ is recomputed for nothing
  if (layer < 0 || layer >= static_cast<int>(rollout.size())) return {};
  SliceOptions options;
  options.positionalEncoding = positionalEncoding;
  AttentionSlice raw = makeSlice(analysis, {kind, layer}, options);
  if (raw.empty()) return {};
  RolloutSlices built;
  built.headCount = raw.headCount();
  AttentionSlice rolled = raw;
  rolled.heads = {rollout[static_cast<std::size_t>(layer)].topLeftCorner(raw.rows(), raw.cols())};
  // M̄ = 1/H Σ_h α̂_h over the tokens
  core::RowMatrix mean = core::RowMatrix::Zero(raw.rows(), raw.cols());
  for (const core::RowMatrix &head : raw.heads) mean += head;
  mean /= static_cast<float>(built.headCount);
  raw.heads = {mean};
  // Both computed over the tokens, then read as the views' Words and hidden tokens say, as the
  // rollout method's matrix is read (docs/reading.md); the headings add the rule.
  built.rolled = readSlice(std::move(rolled), analysis, reading);
  built.mean = readSlice(std::move(raw), analysis, reading);
  return built;
}

}  // namespace

HeadRolloutPage::HeadRolloutPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent), m_runner(runner), m_kind(new QComboBox(this)), m_layer(new QSpinBox(this)) {
  auto *layout = new QVBoxLayout(this);
  auto *bar = new QHBoxLayout;
  m_kind->setObjectName(QStringLiteral("rolloutKind"));
  m_layer->setObjectName(QStringLiteral("rolloutLayer"));
  m_layer->setPrefix(tr("after layer "));
  auto *caption = new QLabel(this);
  caption->setWordWrap(true);
  caption->setText(tr("Attention rollout (Abnar & Zuidema 2020): average the heads, add the residual "
                      "(½ A + ½ I), multiply the layers. Left: how much each position draws on each input "
                      "token after the layer; right: that layer's own mean attention."));
  bar->addWidget(m_kind);
  bar->addWidget(m_layer);
  bar->addStretch(1);
  auto *views = new QSplitter(Qt::Horizontal, this);
  m_rollout = new HeatmapWidget(views);
  m_rollout->setObjectName(QStringLiteral("rolloutHeatmap"));
  m_raw = new HeatmapWidget(views);
  m_raw->setObjectName(QStringLiteral("rolloutMeanHeatmap"));
  views->addWidget(m_rollout);
  views->addWidget(m_raw);
  layout->addLayout(bar);
  layout->addWidget(caption);
  layout->addWidget(views, 1);
  connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
    fillControls();
    updateHeatmaps();
  });
  connect(m_layer, &QSpinBox::valueChanged, this, &HeadRolloutPage::updateHeatmaps);
}

void HeadRolloutPage::showHeads(const HeadView &view) {
  m_view = view;
  fillControls();
  updateHeatmaps();
}

void HeadRolloutPage::fillControls() {
  const QSignalBlocker kindBlocker(m_kind);
  const QVariant previous = m_kind->currentData();
  m_kind->clear();
  if (!m_view.analysis) return;
  const core::ModelSpec &config = m_view.analysis->model->spec();
  for (const core::AttentionKind kind : attentionKinds(config)) {
    if (kind != core::AttentionKind::DecoderCross) m_kind->addItem(describeKind(kind), static_cast<int>(kind));
  }
  const int index = m_kind->findData(previous);
  if (index >= 0) m_kind->setCurrentIndex(index);
  const auto kind = static_cast<core::AttentionKind>(m_kind->currentData().toInt());
  const QSignalBlocker layerBlocker(m_layer);
  const bool atEnd = m_layer->value() == m_layer->maximum();
  m_layer->setRange(1, std::max(layerCount(config, kind), 1));
  if (atEnd) m_layer->setValue(m_layer->maximum());
}

void HeadRolloutPage::updateHeatmaps() {
  const std::shared_ptr<const HeadAnalysisResult> &input = m_view.input;
  if (!input || input->analysis != m_view.analysis || m_kind->count() == 0) {
    m_runner->supersede(JobLane::HeadRollout);  // a result still on its way is for an input no longer shown
    m_rollout->setSlice({}, 0);
    m_raw->setSlice({}, 0);
    m_rollout->setPlaceholder(input && !input->error.isEmpty() ? input->error : tr("Computing…"));
    return;
  }
  const auto kind = static_cast<core::AttentionKind>(m_kind->currentData().toInt());
  const int layer = m_layer->value() - 1;
  m_runner->submit(
      JobLane::HeadRollout, this,
      [input, analysis = m_view.analysis, kind, layer, positionalEncoding = m_view.positionalEncoding,
       reading = m_view.inputReading()](const JobContext &) {
        return buildRollout(*input, *analysis, kind, layer, positionalEncoding, reading);
      },
      [this, kind, layer](RolloutSlices built) {
        if (built.rolled.empty()) {
          m_rollout->setSlice({}, 0);
          m_raw->setSlice({}, 0);
        } else {
          // Neither matrix is one head's: the headings say what they are.
          m_rollout->setTitle(tr("Rollout · %1, layers 1–%2 · heads averaged").arg(describeKind(kind)).arg(layer + 1));
          m_raw->setTitle(tr("Mean of %n head(s) · %1", nullptr, built.headCount).arg(describeStep({kind, layer})));
          m_rollout->setSlice(built.rolled, 0);
          m_raw->setSlice(built.mean, 0);
        }
        emit heatmapsShown();
      });
}

}  // namespace ui
