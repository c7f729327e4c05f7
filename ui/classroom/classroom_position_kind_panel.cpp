#include "classroom_position_kind_panel.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "classroom/position_bias_explorer.h"
#include "classroom_job.h"
#include "classroom_matrix_view.h"
#include "classroom_rotary_planes.h"
#include "classroom_walkthrough_pages.h"
#include "formula.h"

namespace ui {

namespace {

// Positions drawn in the rotary planes and distances in the bias heatmaps.
constexpr int shownPositions = 32;
constexpr int shownDistances = 24;
// The shifted scores count as equal within this share of the largest score (float32 angles).
constexpr float shiftEqualWithin = 1e-5f;

QLabel *wrappedLabel(QWidget *parent) {
  auto *label = new QLabel(parent);
  label->setWordWrap(true);
  label->setTextFormat(Qt::RichText);
  return label;
}

struct PositionJob {
  std::optional<core::RotaryShift> shift;
  core::PositionSwitchDemo switches;
};

}  // namespace

ClassroomPositionKindPanel::ClassroomPositionKindPanel(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_heading(wrappedLabel(this)),
      m_planes(new ClassroomRotaryPlanes(this)),
      m_shiftBox(new QWidget(this)),
      m_shiftSpin(new QSpinBox(this)),
      m_alpha(new ClassroomMatrixView(this)),
      m_alphaShifted(new ClassroomMatrixView(this)),
      m_shiftVerdict(wrappedLabel(this)),
      m_bias(new ClassroomMatrixView(this)),
      m_biasNote(wrappedLabel(this)),
      m_switchBox(new QGroupBox(tr("Switch the positional encoding off in chosen layers"), this)),
      m_layerChecks(new QHBoxLayout),
      m_band(new QComboBox(this)),
      m_normal(new ClassroomMatrixView(this)),
      m_switched(new ClassroomMatrixView(this)),
      m_switchVerdict(wrappedLabel(this)),
      m_error(wrappedLabel(this)) {
  setObjectName(QStringLiteral("classroomPositionKind"));
  m_shiftSpin->setRange(0, 4096);
  m_shiftSpin->setValue(10);
  m_shiftSpin->setPrefix(tr("shift s = "));
  for (ClassroomMatrixView *view : {m_alpha, m_alphaShifted, m_normal, m_switched}) view->setShowNumbers(false);
  m_bias->setShowNumbers(false);
  m_bias->setAxisTitles(tr("head h"), tr("distance i − j (query i, key j)"));
  m_bias->setLegendTitle(tr("bias"));
  m_band->addItem(tr("Every frequency pair rotates"), static_cast<int>(Band::All));
  m_band->addItem(tr("High frequencies off (the fast half of the pairs)"), static_cast<int>(Band::HighOff));
  m_band->addItem(tr("Low frequencies off (the slow half of the pairs)"), static_cast<int>(Band::LowOff));

  auto *shiftLayout = new QGridLayout(m_shiftBox);
  shiftLayout->setContentsMargins(0, 0, 0, 0);
  shiftLayout->addWidget(m_shiftSpin, 0, 0, 1, 2, Qt::AlignLeft);
  shiftLayout->addWidget(m_alpha, 1, 0);
  shiftLayout->addWidget(m_alphaShifted, 1, 1);
  shiftLayout->addWidget(m_shiftVerdict, 2, 0, 1, 2);

  auto *switchLayout = new QGridLayout(m_switchBox);
  switchLayout->addLayout(m_layerChecks, 0, 0, 1, 2);
  switchLayout->addWidget(m_band, 1, 0, 1, 2, Qt::AlignLeft);
  switchLayout->addWidget(m_normal, 2, 0);
  switchLayout->addWidget(m_switched, 2, 1);
  switchLayout->addWidget(m_switchVerdict, 3, 0, 1, 2);

  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_heading);
  layout->addWidget(m_planes);
  layout->addWidget(m_shiftBox, 1);
  layout->addWidget(m_bias, 1);
  layout->addWidget(m_biasNote);
  layout->addWidget(m_switchBox, 1);
  layout->addWidget(m_error);

  connect(m_shiftSpin, &QSpinBox::valueChanged, this, &ClassroomPositionKindPanel::setShift);
  connect(m_band, &QComboBox::currentIndexChanged, this,
          [this] { setBand(static_cast<Band>(m_band->currentData().toInt())); });
  showStatic();
}

void ClassroomPositionKindPanel::setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &tokens,
                                          std::size_t memoryBudget) {
  m_model = std::move(model);
  m_tokens = tokens;
  m_memoryBudget = memoryBudget;
  m_shift.reset();
  m_switches.reset();
  m_layer = 0;
  m_head = 0;
  m_kind = m_model ? core::position_kind(*m_model, core::explored_side(*m_model)) : core::PositionKind::None;
  {
    const QSignalBlocker blocker(m_band);
    m_band->setCurrentIndex(0);
  }
  rebuildSwitches();
  showStatic();
  recompute();
}

void ClassroomPositionKindPanel::showLayer(int layer) {
  if (layer == m_layer) return;
  m_layer = layer;
  recompute();
}

void ClassroomPositionKindPanel::showHead(int head) {
  if (head == m_head) return;
  m_head = head;
  recompute();
}

void ClassroomPositionKindPanel::setLayerPositions(int layer, bool on) {
  if (layer < 0 || layer >= static_cast<int>(m_checks.size())) return;
  const QSignalBlocker blocker(m_checks[static_cast<std::size_t>(layer)]);
  m_checks[static_cast<std::size_t>(layer)]->setChecked(on);
  recompute();
}

void ClassroomPositionKindPanel::setBand(Band band) {
  {
    const QSignalBlocker blocker(m_band);
    m_band->setCurrentIndex(m_band->findData(static_cast<int>(band)));
  }
  showStatic();
  recompute();
}

void ClassroomPositionKindPanel::setShift(int shift) {
  {
    const QSignalBlocker blocker(m_shiftSpin);
    m_shiftSpin->setValue(shift);
  }
  recompute();
}

std::vector<int> ClassroomPositionKindPanel::pairsOff() const {
  if (m_kind != core::PositionKind::Rotary || !m_model) return {};
  const auto band = static_cast<Band>(m_band->currentData().toInt());
  const auto pairs = static_cast<int>(core::rotary_planes(*m_model, core::explored_side(*m_model), 1).omega.size());
  std::vector<int> off;
  // pair 0 turns fastest: the high frequencies are the first half
  if (band == Band::HighOff) for (int n = 0; n < pairs / 2; ++n) off.push_back(n);
  if (band == Band::LowOff) for (int n = pairs / 2; n < pairs; ++n) off.push_back(n);
  return off;
}

void ClassroomPositionKindPanel::rebuildSwitches() {
  for (QCheckBox *check : m_checks) delete check;
  m_checks.clear();
  if (!m_model || !core::acts_in_every_layer(m_kind)) return;
  const core::InputSide side = core::explored_side(*m_model);
  const int layers = core::stack_of(*m_model, side).layers();
  for (int layer = 0; layer < layers; ++layer) {
    auto *check = new QCheckBox(tr("PE in layer %1").arg(layer + 1), m_switchBox);
    check->setChecked(true);
    m_layerChecks->addWidget(check);
    connect(check, &QCheckBox::toggled, this, [this] { recompute(); });
    m_checks.push_back(check);
  }
}

void ClassroomPositionKindPanel::showStatic() {
  const bool rotary = m_kind == core::PositionKind::Rotary;
  const bool bias = m_kind == core::PositionKind::Alibi || m_kind == core::PositionKind::RelativeBias;
  m_planes->setVisible(rotary);
  m_shiftBox->setVisible(rotary);
  m_band->setVisible(rotary);
  m_bias->setVisible(bias);
  m_biasNote->setVisible(bias);
  m_switchBox->setVisible(m_model && core::acts_in_every_layer(m_kind));
  m_error->clear();
  if (!m_model) {
    m_heading->clear();
    return;
  }
  switch (m_kind) {
    case core::PositionKind::None:
      m_heading->setText(tr("<p><b>No positional encoding.</b> Nothing tells this model where a word stands; a decoder's "
                            "mask alone tells each word how many words came before it.</p>"));
      break;
    case core::PositionKind::Sinusoidal:
      m_heading->setText(tr("<p><b>Sinusoidal positional encoding</b>, set by hand: e<sup>p</sup> is added to a<sup>p</sup> "
                            "once, before layer 1. Switch it with the toolbar's Positional encoding (Ctrl+E).</p>"));
      break;
    case core::PositionKind::Learned:
      m_heading->setText(tr("<p><b>Learned positional encoding</b>: the trained rows e<sup>p</sup> are added to "
                            "a<sup>p</sup> once, before layer 1. Switch it with the toolbar's Positional encoding "
                            "(Ctrl+E).</p>"));
      break;
    case core::PositionKind::Rotary:
      m_heading->setText(tr("<p><b>Rotary positional encoding (RoPE).</b> Nothing is added to a<sup>i</sup>: in every "
                            "layer each head's q<sup>i</sup> and k<sup>j</sup> are cut into pairs and each pair is turned "
                            "by its position times the pair's frequency ω. The dot product of two turned vectors only "
                            "sees the angle between them, (i − j) ω, so α<sub>i,j</sub> depends on i − j, not on where "
                            "the sentence starts.</p>"));
      break;
    case core::PositionKind::Alibi:
      m_heading->setText(tr("<p><b>ALiBi</b> (attention with linear biases). Nothing is added to a<sup>i</sup>: in every "
                            "layer head h adds −m<sub>h</sub> · (i − j) to α<sub>i,j</sub>, a penalty growing with the "
                            "distance to the key; heads with a large slope m<sub>h</sub> look near, the others far.</p>"));
      break;
    case core::PositionKind::RelativeBias:
      m_heading->setText(tr("<p><b>T5 relative position bias.</b> Nothing is added to a<sup>i</sup>: each head adds a "
                            "learned number b<sub>h</sub>[bucket(j − i)] to α<sub>i,j</sub>. Small distances have a "
                            "bucket each; larger ones share logarithmically wider buckets up to the maximum distance.</p>"));
      break;
  }
  const core::InputSide side = core::explored_side(*m_model);
  try {
    if (rotary) {
      const std::vector<int> off = pairsOff();
      m_planes->setPlanes(core::rotary_planes(*m_model, side, shownPositions), QVector<int>(off.begin(), off.end()));
    } else if (m_kind == core::PositionKind::Alibi) {
      const core::AlibiView view = core::alibi_view(*m_model, side, shownDistances);
      QStringList heads;
      QStringList slopes;
      for (std::size_t h = 0; h < view.slopes.size(); ++h) {
        heads << tr("head %1").arg(h + 1);
        slopes << QStringLiteral("m_%1 = %2").arg(h + 1).arg(QString::number(view.slopes[h], 'g', 3));
      }
      QStringList distances;
      for (const int d : view.distances) distances << QString::number(d);
      m_bias->setTitle(tr("ALiBi bias −m_h (i − j)"));
      m_bias->setMatrix(view.bias, ClassroomMatrixView::Scale::Diverging, heads, distances);
      m_biasNote->setText(formulaHtml(tr("Slopes: %1").arg(slopes.join(QStringLiteral(", ")))));
    } else if (m_kind == core::PositionKind::RelativeBias) {
      const core::RelativeBiasView view = core::relative_bias_view(*m_model, side, shownDistances);
      QStringList heads;
      for (Eigen::Index h = 0; h < view.bias.rows(); ++h) heads << tr("head %1").arg(h + 1);
      QStringList distances;
      QStringList buckets;
      for (std::size_t n = 0; n < view.distances.size(); ++n) {
        distances << QString::number(view.distances[n]);
        buckets << QStringLiteral("%1→%2").arg(view.distances[n]).arg(view.buckets[n]);
      }
      m_bias->setTitle(tr("T5 bias b_h[bucket(j − i)]"));
      m_bias->setMatrix(view.bias, ClassroomMatrixView::Scale::Diverging, heads, distances);
      m_biasNote->setText(tr("Buckets (i − j → bucket): %1").arg(buckets.join(QStringLiteral(", "))));
    }
  } catch (const core::InputError &e) {
    m_error->setText(QString::fromStdString(e.what()));
  }
}

void ClassroomPositionKindPanel::recompute() {
  if (!m_model || !core::acts_in_every_layer(m_kind) || m_tokens.ids.empty()) {
    m_runner->supersede(JobLane::Positions);  // a result for an earlier input never lands
    m_shift.reset();
    m_switches.reset();
    showResult();
    return;
  }
  std::vector<int> layersOff;
  for (std::size_t l = 0; l < m_checks.size(); ++l) {
    if (!m_checks[l]->isChecked()) layersOff.push_back(static_cast<int>(l));
  }
  const std::vector<int> pairs = pairsOff();
  const bool rotary = m_kind == core::PositionKind::Rotary;
  runClassroomJob(
      m_runner, JobLane::Positions, this,
      [model = m_model, ids = m_tokens.ids, layer = m_layer, head = m_head, shift = m_shiftSpin->value(), layersOff,
       pairs, rotary, budget = m_memoryBudget] {
        PositionJob job;
        if (rotary) {
          job.shift = core::rotary_shift(*model, core::explored_side(*model), ids, layer, head, shift, pairs, budget);
        }
        job.switches = core::run_position_switch_demo(*model, ids, layersOff, pairs, budget);
        return job;
      },
      [this](ClassroomOutcome<PositionJob> outcome) {
        m_error->setText(outcome.error);
        if (outcome.value) {
          m_shift = std::move(outcome.value->shift);
          m_switches = std::move(outcome.value->switches);
        } else {
          m_shift.reset();
          m_switches.reset();
        }
        showResult();
        emit computed();
      });
}

void ClassroomPositionKindPanel::showResult() {
  const QStringList labels = tokenLabels(m_tokens);
  if (m_shift) {
    m_alpha->setTitle(tr("α = q^i · k^j / √d at positions 0 … %1").arg(m_shift->alpha.rows() - 1));
    m_alpha->setMatrix(m_shift->alpha, ClassroomMatrixView::Scale::Diverging, labels, labels);
    m_alphaShifted->setTitle(tr("the same sentence at positions %1 … %2")
                                 .arg(m_shift->shift)
                                 .arg(m_shift->shift + m_shift->alpha.rows() - 1));
    m_alphaShifted->setMatrix(m_shift->alpha_shifted, ClassroomMatrixView::Scale::Diverging, labels, labels);
    const QString number = QString::number(m_shift->max_difference, 'g', 2);
    m_shiftVerdict->setText(
        m_shift->max_difference <= shiftEqualWithin * std::max(1.0f, m_shift->max_score)
            ? tr("Layer %1, head %2: max |α(shifted) − α| = %3 (largest |α| %4): the same scores. Rotary attention "
                 "depends on i − j only.")
                  .arg(m_shift->layer + 1)
                  .arg(m_shift->head + 1)
                  .arg(number, QString::number(m_shift->max_score, 'g', 3))
            : tr("Layer %1, head %2: max |α(shifted) − α| = %3: the scores differ.")
                  .arg(m_shift->layer + 1)
                  .arg(m_shift->head + 1)
                  .arg(number));
  } else {
    m_alpha->setMatrix({}, ClassroomMatrixView::Scale::Diverging);
    m_alphaShifted->setMatrix({}, ClassroomMatrixView::Scale::Diverging);
    m_shiftVerdict->clear();
  }
  const bool valid = m_switches && m_layer >= 0 && m_layer < static_cast<int>(m_switches->normal.size()) && m_head >= 0 &&
                     m_head < static_cast<int>(m_switches->normal[m_layer].heads.size());
  if (!valid) {
    m_normal->setMatrix({}, ClassroomMatrixView::Scale::Weights);
    m_switched->setMatrix({}, ClassroomMatrixView::Scale::Weights);
    m_switchVerdict->clear();
    return;
  }
  m_normal->setTitle(tr("α̂, layer %1 head %2, every position term on").arg(m_layer + 1).arg(m_head + 1));
  m_normal->setMatrix(m_switches->normal[m_layer].heads[m_head], ClassroomMatrixView::Scale::Weights, labels, labels);
  m_switched->setTitle(tr("α̂ with your switches"));
  m_switched->setMatrix(m_switches->switched[m_layer].heads[m_head], ClassroomMatrixView::Scale::Weights, labels, labels);
  QStringList perLayer;
  for (std::size_t l = 0; l < m_switches->max_difference.size(); ++l) {
    perLayer << tr("layer %1: %2").arg(l + 1).arg(QString::number(m_switches->max_difference[l], 'g', 2));
  }
  m_switchVerdict->setText(tr("max |α̂(switched) − α̂| per layer — %1. Layers before the first switched one are "
                              "unchanged; a layer without its position term, and every layer after it, may change.")
                               .arg(perLayer.join(QStringLiteral(", "))));
}

QString ClassroomPositionKindPanel::shiftVerdict() const { return m_shiftVerdict->text(); }
QString ClassroomPositionKindPanel::switchVerdict() const { return m_switchVerdict->text(); }
QString ClassroomPositionKindPanel::errorText() const { return m_error->text(); }

}  // namespace ui
