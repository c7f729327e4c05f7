#include "classroom_positional_widget.h"

#include <algorithm>

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "classroom_job.h"
#include "classroom_matrix_view.h"
#include "classroom_permutation_view.h"
#include "classroom_position_kind_panel.h"
#include "classroom_walkthrough_pages.h"
#include "tensor/errors.h"
#include "classroom/positional_explorer.h"

namespace ui {

namespace {

// Sets the demo's equality threshold: float32 rounding through a few layers stays far below it.
constexpr float equalWithin = 1e-6f;
// Enough positions to see the sinusoids' slow columns, few enough for a readable heatmap.
constexpr int shownPositions = 32;

QLabel *wrappedLabel(QWidget *parent) {
  auto *label = new QLabel(parent);
  label->setWordWrap(true);
  label->setTextFormat(Qt::RichText);
  return label;
}

}  // namespace

ClassroomPositionalWidget::ClassroomPositionalWidget(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_kindPanel(new ClassroomPositionKindPanel(runner, this)),
      m_kindExplanation(wrappedLabel(this)),
      m_table(new ClassroomMatrixView(this)),
      m_similarity(new ClassroomMatrixView(this)),
      m_oneHot(wrappedLabel(this)),
      m_positionsError(wrappedLabel(this)),
      m_permutation(new ClassroomPermutationView(this)),
      m_swapFirst(new QSpinBox(this)),
      m_swapSecond(new QSpinBox(this)),
      m_layerBox(new QSpinBox(this)),
      m_headBox(new QSpinBox(this)),
      m_expectedOff(new ClassroomMatrixView(this)),
      m_permutedOff(new ClassroomMatrixView(this)),
      m_expectedOn(new ClassroomMatrixView(this)),
      m_permutedOn(new ClassroomMatrixView(this)),
      m_verdictOff(wrappedLabel(this)),
      m_verdictOn(wrappedLabel(this)),
      m_demoError(wrappedLabel(this)) {
  m_table->setShowNumbers(false);
  m_similarity->setShowNumbers(false);
  m_table->setTitle(tr("Position vectors e^p (rows: positions, columns: dimensions)"));
  m_table->setAxisTitles(tr("position p"), tr("dimension"));
  m_table->setLegendTitle(tr("value"));
  m_similarity->setTitle(tr("Similarity e^p · e^r"));
  m_similarity->setAxisTitles(tr("position p"), tr("position r"));
  m_similarity->setLegendTitle(tr("e^p · e^r"));
  // The 天涯若比鄰 matrices: attention weights over the shuffled sentence's words.
  for (ClassroomMatrixView *view : {m_expectedOff, m_permutedOff, m_expectedOn, m_permutedOn}) {
    view->setAxisTitles(tr("query i (shuffled order)"), tr("key j (shuffled order)"));
    view->setLegendTitle(tr("α̂_{i,j}"));
  }

  auto *positions = new QGridLayout;
  positions->addWidget(m_table, 0, 0);
  positions->addWidget(m_similarity, 0, 1);
  positions->addWidget(m_oneHot, 1, 0, 1, 2);
  positions->addWidget(m_positionsError, 2, 0, 1, 2);

  auto *shuffleButton = new QPushButton(tr("Shuffle the words"), this);
  auto *swapButton = new QPushButton(tr("Swap"), this);
  m_layerBox->setPrefix(tr("layer "));
  m_headBox->setPrefix(tr("head "));
  auto *controls = new QHBoxLayout;
  controls->addWidget(shuffleButton);
  controls->addWidget(m_swapFirst);
  controls->addWidget(m_swapSecond);
  controls->addWidget(swapButton);
  controls->addStretch();
  controls->addWidget(m_layerBox);
  controls->addWidget(m_headBox);

  auto *matrices = new QGridLayout;
  matrices->addWidget(new QLabel(tr("<b>Positional encoding off</b>"), this), 0, 0, 1, 2, Qt::AlignCenter);
  matrices->addWidget(new QLabel(tr("<b>Positional encoding on</b>"), this), 0, 2, 1, 2, Qt::AlignCenter);
  matrices->addWidget(m_expectedOff, 1, 0);
  matrices->addWidget(m_permutedOff, 1, 1);
  matrices->addWidget(m_expectedOn, 1, 2);
  matrices->addWidget(m_permutedOn, 1, 3);
  matrices->addWidget(m_verdictOff, 2, 0, 1, 2);
  matrices->addWidget(m_verdictOn, 2, 2, 1, 2);

  auto *explanation = wrappedLabel(this);
  explanation->setText(tr(
      "<p><b>天涯若比鄰</b> — distant places are close neighbours. Self-attention compares every word with every "
      "other word and ignores where they stand, so without position vectors a shuffled sentence only shuffles the "
      "rows and columns of each encoder self-attention matrix: A' = P A Pᵀ. Adding e<sup>i</sup> to a<sup>i</sup> "
      "tells the model where each word is, and the equality breaks.</p>"
      "<p>This holds for the encoder's self-attention only. The decoder's mask is tied to positions (a word sees "
      "only the words before it), so reordering changes what each word may see, with or without position "
      "vectors; cross-attention mixes in the encoder's output as well.</p>"));

  auto *demoBox = new QGroupBox(tr("天涯若比鄰"), this);
  auto *demoLayout = new QVBoxLayout(demoBox);
  demoLayout->addLayout(controls);
  demoLayout->addWidget(m_permutation);
  demoLayout->addLayout(matrices, 1);
  demoLayout->addWidget(m_demoError);
  demoLayout->addWidget(explanation);

  demoLayout->addWidget(m_kindExplanation);

  auto *layout = new QVBoxLayout(this);
  layout->addLayout(positions, 1);
  layout->addWidget(m_kindPanel, 1);
  layout->addWidget(demoBox, 2);

  connect(shuffleButton, &QPushButton::clicked, this, &ClassroomPositionalWidget::shuffle);
  connect(swapButton, &QPushButton::clicked, this,
          [this] { swapTokens(m_swapFirst->value() - 1, m_swapSecond->value() - 1); });
  connect(m_layerBox, &QSpinBox::valueChanged, this, [this](int value) { showLayer(value - 1); });
  connect(m_headBox, &QSpinBox::valueChanged, this, [this](int value) { showHead(value - 1); });
}

void ClassroomPositionalWidget::setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &source,
                                         std::size_t memoryBudget) {
  m_model = std::move(model);
  m_source = source;
  m_demo.reset();
  m_layer = 0;
  m_head = 0;
  const int length = static_cast<int>(source.size());
  for (QSpinBox *box : {m_swapFirst, m_swapSecond}) box->setRange(1, std::max(length, 1));
  m_swapSecond->setValue(std::min(2, std::max(length, 1)));
  const core::ModelSpec *config = m_model ? &m_model->spec() : nullptr;
  const int layers = config ? core::stack_of(*m_model, core::explored_side(*m_model)).layers() : 1;
  {
    const QSignalBlocker blockLayer(m_layerBox);
    const QSignalBlocker blockHead(m_headBox);
    m_layerBox->setRange(1, std::max(layers, 1));
    m_headBox->setRange(1, std::max(config ? config->heads() : 1, 1));
    m_layerBox->setValue(1);
    m_headBox->setValue(1);
  }
  m_kindPanel->setInput(m_model, source, memoryBudget);
  m_kindExplanation->setText(demoExplanation());
  showPositions();
  if (!m_model) m_runner->supersede(JobLane::Permutation);  // a demo for the previous model never lands
  shuffle();
}

namespace {

// What the positions part of the page shows, computed on the PositionTable lane.
struct PositionTableView {
  core::RowMatrix table;       // e^p, (positions, d_model)
  core::RowMatrix similarity;  // e^p · e^q
  core::OneHotView oneHot;     // for the sentence's second token
  std::string token;
};

}  // namespace

void ClassroomPositionalWidget::showPositions() {
  m_positionsError->clear();
  m_table->setMatrix({}, ClassroomMatrixView::Scale::Diverging);
  m_similarity->setMatrix({}, ClassroomMatrixView::Scale::Diverging);
  m_oneHot->clear();
  // rotary, ALiBi and T5 have no table: the kind panel shows them
  const core::PositionKind kind = m_model ? core::position_kind(*m_model, core::explored_side(*m_model))
                                          : core::PositionKind::None;
  const bool table = kind == core::PositionKind::Sinusoidal || kind == core::PositionKind::Learned;
  for (QWidget *view : std::initializer_list<QWidget *>{m_table, m_similarity, m_oneHot}) view->setVisible(table);
  if (!m_model || !table) {
    m_runner->supersede(JobLane::PositionTable);  // a table for the previous input never lands
    return;
  }
  const core::InputSide side = m_model->spec().has_encoder() ? core::InputSide::Source : core::InputSide::Target;
  // The one-hot view for the sentence's second token (the first is often a start token).
  const core::Tokenization tokens = side == core::InputSide::Source ? m_source : core::Tokenization{};
  const int position = tokens.size() > 1 ? 1 : 0;
  const int id = tokens.size() > 0 ? tokens.ids[static_cast<std::size_t>(position)] : 0;
  runClassroomJob(
      m_runner, JobLane::PositionTable, this,
      [model = m_model, side, position, id] {
        PositionTableView view;
        const int positions = std::min(shownPositions, model->spec().max_positions);
        view.table = core::positional_table(*model, side, positions);
        view.similarity = core::position_similarity(view.table);
        view.oneHot = core::one_hot_view(*model, side, id, position);
        const core::Tokenizer &tokenizer =
            side == core::InputSide::Source ? model->source_tokenizer() : model->target_tokenizer();
        view.token = tokenizer.token(id);
        return view;
      },
      [this](ClassroomOutcome<PositionTableView> outcome) {
        if (!outcome.value) {
          m_positionsError->setText(outcome.error);
          return;
        }
        const PositionTableView &view = *outcome.value;
        m_table->setMatrix(view.table, ClassroomMatrixView::Scale::Diverging);
        m_similarity->setMatrix(view.similarity, ClassroomMatrixView::Scale::Diverging);
        const auto first = [](const Eigen::VectorXf &v) {
          QStringList parts;
          for (Eigen::Index n = 0; n < std::min<Eigen::Index>(v.size(), 4); ++n) parts << formatNumber(v(n));
          return QStringLiteral("[%1, …]").arg(parts.join(QStringLiteral(", ")));
        };
        m_oneHot->setText(tr("<p>Append a one-hot position p<sup>i</sup> to the one-hot word x<sup>i</sup>: "
                             "W [x<sup>i</sup>; p<sup>i</sup>] = W<sup>I</sup> x<sup>i</sup> + W<sup>P</sup> p<sup>i</sup> "
                             "= a<sup>i</sup> + e<sup>i</sup>. For token %1 at position %2: a = %3, e = %4, "
                             "W [x; p] = %5.</p>")
                              .arg(QString::fromStdString(view.token).toHtmlEscaped())
                              .arg(view.oneHot.position + 1)
                              .arg(first(view.oneHot.a), first(view.oneHot.e), first(view.oneHot.w_xp)));
      });
}

void ClassroomPositionalWidget::shuffle() {
  if (!m_model) return;
  const core::Permutation order = core::shuffle_permutation(core::demo_fixed_positions(*m_model, m_source), m_seed++);
  runDemo(order);
}

void ClassroomPositionalWidget::swapTokens(int i, int j) {
  if (!m_model) return;
  try {
    runDemo(core::swap_permutation(core::demo_fixed_positions(*m_model, m_source), i, j));
  } catch (const core::InputError &e) {
    m_demoError->setText(QString::fromStdString(e.what()));
  }
}

void ClassroomPositionalWidget::runDemo(const core::Permutation &order) {
  runClassroomJob(
      m_runner, JobLane::Permutation, this,
      [model = m_model, source = m_source, order] { return core::run_permutation_demo(*model, source, order); },
      [this](ClassroomOutcome<core::PermutationDemo> outcome) {
        m_demo = std::move(outcome.value);
        m_demoError->setText(outcome.error);
        showDemo();
        emit permutationChanged();
      });
}

void ClassroomPositionalWidget::showLayer(int layer) {
  m_layer = layer;
  // The spin box follows when the main window's selection drives the demo.
  const QSignalBlocker blocker(m_layerBox);
  m_layerBox->setValue(layer + 1);
  m_kindPanel->showLayer(layer);
  showDemo();
}

void ClassroomPositionalWidget::showHead(int head) {
  m_head = head;
  const QSignalBlocker blocker(m_headBox);
  m_headBox->setValue(head + 1);
  m_kindPanel->showHead(head);
  showDemo();
}

QString ClassroomPositionalWidget::verdict(bool positionalEncoding) const {
  return (positionalEncoding ? m_verdictOn : m_verdictOff)->text();
}

QString ClassroomPositionalWidget::demoExplanation() const {
  if (!m_model) return {};
  const bool causal = !m_model->spec().has_encoder();
  QString kind;
  switch (core::position_kind(*m_model, core::explored_side(*m_model))) {
    case core::PositionKind::None:
      kind = tr("This model has no positional encoding: the two columns show the same model.");
      break;
    case core::PositionKind::Sinusoidal:
    case core::PositionKind::Learned:
      kind = tr("With e<sup>i</sup> added the model sees where each word is: shuffling changes the matrices.");
      break;
    case core::PositionKind::Rotary:
      kind = tr("Rotary: scores depend on the relative position i − j, so a permutation, which changes the "
                "distances between words, changes them (shifting the whole sentence does not: see above).");
      break;
    case core::PositionKind::Alibi:
      kind = tr("ALiBi: each score is penalised by the distance i − j, so a word moved nearer or further gets a "
                "different weight.");
      break;
    case core::PositionKind::RelativeBias:
      kind = tr("T5: each score gets the bias of its distance bucket, so moving words changes their biases and "
                "the equality breaks.");
      break;
  }
  const QString what = causal
                           ? tr("<b>What this proves here.</b> This decoder-only model's mask is tied to positions, so "
                                "whole matrices change even without positional encoding; its last word (kept in "
                                "place) sees every word, and in layer 1 without positions its weights are those of a "
                                "bag of words: they move with the words. ")
                           : tr("<b>What this proves here.</b> Without positional encoding, self-attention is "
                                "permutation-equivariant: A' = P A Pᵀ in every layer. ");
  return QStringLiteral("<p>%1%2</p>").arg(what, kind);
}

QString ClassroomPositionalWidget::errorText() const {
  return (m_positionsError->text() + QLatin1Char(' ') + m_demoError->text()).trimmed();
}

void ClassroomPositionalWidget::showDemo() {
  const bool valid = m_demo && m_layer >= 0 && m_layer < static_cast<int>(m_demo->with_pe.original.size()) &&
                     m_head >= 0 && m_head < static_cast<int>(m_demo->with_pe.original[m_layer].heads.size());
  if (!valid) {
    for (ClassroomMatrixView *view : {m_expectedOff, m_permutedOff, m_expectedOn, m_permutedOn}) {
      view->setMatrix({}, ClassroomMatrixView::Scale::Weights);
    }
    m_verdictOff->clear();
    m_verdictOn->clear();
    m_permutation->setPermutation({}, {});
    return;
  }
  const QStringList permuted = tokenLabels(m_demo->permuted);
  m_permutation->setPermutation(tokenLabels(m_demo->original), m_demo->order);
  const auto show = [&](const core::PermutationComparison &c, ClassroomMatrixView *expected,
                        ClassroomMatrixView *actual, QLabel *verdict) {
    expected->setTitle(tr("P A Pᵀ (original, reordered)"));
    expected->setMatrix(core::permute_rows_and_columns(c.original[m_layer].heads[m_head], m_demo->order),
                        ClassroomMatrixView::Scale::Weights, permuted, permuted);
    actual->setTitle(tr("A' of the shuffled sentence"));
    actual->setMatrix(c.permuted[m_layer].heads[m_head], ClassroomMatrixView::Scale::Weights, permuted, permuted);
    const float difference = c.max_difference[m_layer][m_head];
    const QString number = QString::number(difference, 'g', 2);
    if (m_demo->causal) {
      // the last word's first-layer row is what a causal model's permutation leaves comparable
      const float last = c.last_row_difference[static_cast<std::size_t>(m_head)];
      const QString lastNumber = QString::number(last, 'g', 2);
      verdict->setText(
          last <= equalWithin
              ? tr("Last word, layer 1: max |A'(T, ·) − A(T, π(·))| = %1: equal, the words' weights just move with "
                   "them. Whole matrix, this layer: max |A' − P A Pᵀ| = %2 (the mask tells each word how many came "
                   "before it).")
                    .arg(lastNumber, number)
              : tr("Last word, layer 1: max |A'(T, ·) − A(T, π(·))| = %1: not equal, moving a word changes its weight. "
                   "Whole matrix, this layer: max |A' − P A Pᵀ| = %2.")
                    .arg(lastNumber, number));
      return;
    }
    verdict->setText(difference <= equalWithin
                         ? tr("max |A' − P A Pᵀ| = %1: equal. Word order makes no difference.").arg(number)
                         : tr("max |A' − P A Pᵀ| = %1: not equal. The model sees where each word is.").arg(number));
  };
  show(m_demo->without_pe, m_expectedOff, m_permutedOff, m_verdictOff);
  show(m_demo->with_pe, m_expectedOn, m_permutedOn, m_verdictOn);
}

}  // namespace ui
