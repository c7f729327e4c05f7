#include "classroom_layer_inspector_widget.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "classroom_job.h"
#include "classroom_matrix_view.h"
#include "classroom_walkthrough_pages.h"

namespace ui {

ClassroomLayerInspectorWidget::ClassroomLayerInspectorWidget(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_stack(new QComboBox(this)),
      m_layer(new QSpinBox(this)),
      m_sublayer(new QComboBox(this)),
      m_table(new QTableWidget(this)),
      m_before(new ClassroomMatrixView(this)),
      m_after(new ClassroomMatrixView(this)),
      m_gammaBeta(new ClassroomMatrixView(this)),
      m_placement(new QLabel(this)),
      m_error(new QLabel(this)) {
  m_stack->addItem(tr("Encoder"), static_cast<int>(core::Stack::Encoder));
  m_stack->addItem(tr("Decoder"), static_cast<int>(core::Stack::Decoder));
  m_sublayer->addItem(tr("Self-attention"), static_cast<int>(core::SubLayer::SelfAttention));
  m_sublayer->addItem(tr("Cross-attention"), static_cast<int>(core::SubLayer::CrossAttention));
  m_sublayer->addItem(tr("Feed-forward"), static_cast<int>(core::SubLayer::FeedForward));
  m_layer->setPrefix(tr("layer "));
  m_layer->setMinimum(1);
  m_table->setColumnCount(7);
  m_table->setHorizontalHeaderLabels({tr("token"), tr("mean before"), tr("variance before"), tr("mean after LN"),
                                      tr("variance after LN"), tr("mean after BN"), tr("variance after BN")});
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_before->setShowNumbers(false);
  m_after->setShowNumbers(false);
  m_before->setTitle(tr("Residual stream before (rows: tokens)"));
  m_after->setTitle(tr("Residual stream after"));
  m_gammaBeta->setShowNumbers(false);
  m_gammaBeta->setTitle(tr("Learned scale γ and shift β"));
  m_placement->setWordWrap(true);
  m_placement->setTextFormat(Qt::RichText);
  m_error->setWordWrap(true);

  auto *comparison = new QLabel(
      tr("<p><b>LayerNorm vs BatchNorm.</b> LayerNorm normalises each token over its own dimensions: every row "
         "gets mean 0 and variance 1, whatever the other tokens are, so it needs no batch. BatchNorm normalises each "
         "dimension over the batch (here: over the tokens of this sentence), so a token's result depends on the "
         "others and its own mean and variance are not 0 and 1.</p>"),
      this);
  comparison->setWordWrap(true);

  auto *controls = new QHBoxLayout;
  controls->addWidget(m_stack);
  controls->addWidget(m_layer);
  controls->addWidget(m_sublayer);
  controls->addStretch();
  auto *matrices = new QGridLayout;
  matrices->addWidget(m_before, 0, 0);
  matrices->addWidget(m_after, 0, 1);
  matrices->addWidget(m_gammaBeta, 1, 0, 1, 2);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(m_placement);
  layout->addWidget(m_error);
  layout->addWidget(m_table, 1);
  layout->addLayout(matrices, 1);
  layout->addWidget(comparison);

  connect(m_stack, &QComboBox::currentIndexChanged, this,
          [this] { showLayer(static_cast<core::Stack>(m_stack->currentData().toInt()), m_layer->value() - 1); });
  connect(m_layer, &QSpinBox::valueChanged, this,
          [this](int value) { showLayer(static_cast<core::Stack>(m_stack->currentData().toInt()), value - 1); });
  connect(m_sublayer, &QComboBox::currentIndexChanged, this,
          [this] { showSubLayer(static_cast<core::SubLayer>(m_sublayer->currentData().toInt())); });
}

void ClassroomLayerInspectorWidget::setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &source,
                                             const core::Tokenization &target, bool positionalEncoding,
                                             std::size_t memoryBudget) {
  m_model = std::move(model);
  m_source = source;
  m_target = target;
  m_request.positional_encoding = positionalEncoding;
  m_request.memory_budget = memoryBudget;
  if (m_model && !m_model->spec().has_encoder()) m_request.stack = core::Stack::Decoder;
  recompute();
}

void ClassroomLayerInspectorWidget::showLayer(core::Stack stack, int layer) {
  m_request.stack = stack;
  m_request.layer = layer;
  recompute();
}

void ClassroomLayerInspectorWidget::showSubLayer(core::SubLayer sublayer) {
  m_request.sublayer = sublayer;
  recompute();
}

QString ClassroomLayerInspectorWidget::errorText() const { return m_error->text(); }

void ClassroomLayerInspectorWidget::recompute() {
  showControls();
  if (!m_model) {
    m_runner->supersede(JobLane::Inspector);
    m_inspection.reset();
    m_error->clear();
    showInspection();
    return;
  }
  runClassroomJob(
      m_runner, JobLane::Inspector, this,
      [model = m_model, source = m_source.ids, target = m_target.ids, request = m_request] {
        return core::inspect_add_and_norm(*model, source, target, request);
      },
      [this](ClassroomOutcome<core::AddAndNormInspection> outcome) {
        m_inspection = std::move(outcome.value);
        m_error->setText(outcome.error);
        showInspection();
        emit inspectionShown();
      });
}

void ClassroomLayerInspectorWidget::showControls() {
  // The controls follow the request, whoever changed it, without feeding back into it.
  const QSignalBlocker blockStack(m_stack);
  const QSignalBlocker blockLayer(m_layer);
  const QSignalBlocker blockSublayer(m_sublayer);
  m_stack->setCurrentIndex(m_stack->findData(static_cast<int>(m_request.stack)));
  const int layers = !m_model ? 1
                     : m_request.stack == core::Stack::Encoder ? m_model->spec().encoder_layers()
                                                               : m_model->spec().decoder_layers();
  m_layer->setMaximum(std::max(layers, 1));
  m_layer->setValue(m_request.layer + 1);
  m_sublayer->setCurrentIndex(m_sublayer->findData(static_cast<int>(m_request.sublayer)));
}

void ClassroomLayerInspectorWidget::showInspection() {
  if (!m_inspection) {
    m_table->setRowCount(0);
    for (ClassroomMatrixView *view : {m_before, m_after, m_gammaBeta}) view->setMatrix({}, ClassroomMatrixView::Scale::Diverging);
    m_placement->clear();
    return;
  }
  const core::AddAndNormInspection &r = *m_inspection;
  m_placement->setText(r.placement == core::NormPlacement::PostNorm
                           ? tr("Post-LN, as in the paper: output = LayerNorm(x + sublayer(x)).")
                           : tr("Pre-LN: output = x + sublayer(LayerNorm(x)); LayerNorm sees the stream before the "
                                "sub-layer."));
  const QStringList tokens = tokenLabels(m_request.stack == core::Stack::Encoder ? m_source : m_target);
  m_table->setRowCount(static_cast<int>(r.before.mean.size()));
  for (int t = 0; t < r.before.mean.size(); ++t) {
    const QStringList cells = {t < tokens.size() ? tokens[t] : QString::number(t + 1),
                               formatNumber(r.before.mean(t)), formatNumber(r.before.variance(t)),
                               formatNumber(r.after.mean(t)), formatNumber(r.after.variance(t)),
                               formatNumber(r.batch_tokens.mean(t)), formatNumber(r.batch_tokens.variance(t))};
    for (int c = 0; c < cells.size(); ++c) m_table->setItem(t, c, new QTableWidgetItem(cells[c]));
  }
  m_before->setMatrix(r.residual_before, ClassroomMatrixView::Scale::Diverging, tokens);
  m_after->setMatrix(r.residual_after, ClassroomMatrixView::Scale::Diverging, tokens);
  core::RowMatrix gammaBeta(2, r.gamma.size());
  gammaBeta << r.gamma, r.beta;
  m_gammaBeta->setMatrix(gammaBeta, ClassroomMatrixView::Scale::Diverging, {QStringLiteral("γ"), QStringLiteral("β")});
}

}  // namespace ui
