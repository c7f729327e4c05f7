#include "living_diagram_widget.h"

#include <algorithm>

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "attention_slice.h"
#include "classroom_job.h"
#include "colour_scales.h"
#include "layer_steps.h"
#include "living_diagram_canvas.h"
#include "view_state.h"

namespace ui {

namespace {

QStringList shownTokens(const core::Tokenization &tokens) {
  QStringList labels;
  for (const TokenLabel &token : tokenSequence(tokens).tokens) labels << token.shown();
  return labels;
}

}  // namespace

LivingDiagramWidget::LivingDiagramWidget(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_canvas(new LivingDiagramCanvas(this)),
      m_back(new QPushButton(this)),
      m_play(new QPushButton(this)),
      m_forward(new QPushButton(this)),
      m_speed(new QComboBox(this)),
      m_speedLabel(new QLabel(this)),
      m_export(new QToolButton(this)),
      m_exportPng(new QAction(this)),
      m_exportSvg(new QAction(this)),
      m_copy(new QAction(this)),
      m_scrubber(new QSlider(Qt::Horizontal, this)),
      m_stage(new QLabel(this)),
      m_queryNote(new QLabel(this)),
      m_timer(new QTimer(this)) {
  m_back->setObjectName(QStringLiteral("diagramStepBack"));
  m_play->setObjectName(QStringLiteral("diagramPlay"));
  m_forward->setObjectName(QStringLiteral("diagramStepForward"));
  m_speed->setObjectName(QStringLiteral("diagramSpeed"));
  m_export->setObjectName(QStringLiteral("diagramExport"));
  m_scrubber->setObjectName(QStringLiteral("diagramFrame"));
  m_stage->setObjectName(QStringLiteral("diagramStage"));
  m_queryNote->setObjectName(QStringLiteral("diagramQueryNote"));
  m_queryNote->setWordWrap(true);
  m_queryNote->hide();
  for (const double speed : {0.5, 1.0, 2.0, 4.0}) {
    m_speed->addItem(QStringLiteral("%1×").arg(QLocale().toString(speed)), speed);
  }
  m_speed->setCurrentIndex(1);
  m_speedLabel->setBuddy(m_speed);
  auto *exportMenu = new QMenu(m_export);
  exportMenu->addActions({m_exportPng, m_exportSvg, m_copy});
  m_export->setMenu(exportMenu);
  m_export->setPopupMode(QToolButton::InstantPopup);
  m_scrubber->setRange(0, DiagramTimeline::frameCount - 1);
  m_scrubber->setValue(DiagramTimeline::frameCount - 1);
  m_timer->setInterval(baseInterval);

  auto *controls = new QHBoxLayout;
  controls->addWidget(m_back);
  controls->addWidget(m_play);
  controls->addWidget(m_forward);
  controls->addWidget(m_speedLabel);
  controls->addWidget(m_speed);
  controls->addWidget(m_scrubber, 1);
  controls->addWidget(m_stage);
  controls->addWidget(m_export);
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(m_canvas, 1);
  layout->addWidget(m_queryNote);
  layout->addLayout(controls);

  connect(m_back, &QPushButton::clicked, this, &LivingDiagramWidget::stepBack);
  connect(m_play, &QPushButton::clicked, this, &LivingDiagramWidget::togglePlaying);
  connect(m_forward, &QPushButton::clicked, this, &LivingDiagramWidget::stepForward);
  connect(m_speed, &QComboBox::currentIndexChanged, this,
          [this](int index) { setSpeed(m_speed->itemData(index).toDouble()); });
  connect(m_scrubber, &QSlider::valueChanged, this, &LivingDiagramWidget::showFrame);
  connect(m_timer, &QTimer::timeout, this, &LivingDiagramWidget::advance);
  connect(m_canvas, &LivingDiagramCanvas::queryPicked, this, &LivingDiagramWidget::pickQuery);
  connect(m_exportPng, &QAction::triggered, this, [this] { emit exportRequested(QStringLiteral("png")); });
  connect(m_exportSvg, &QAction::triggered, this, [this] { emit exportRequested(QStringLiteral("svg")); });
  connect(m_copy, &QAction::triggered, this, [this] { emit exportRequested(QStringLiteral("clipboard")); });
  retranslate();
  showMessage(tr("Load a model and enter a sentence to see its attention as the lecture's figure."));
}

void LivingDiagramWidget::retranslate() {
  m_back->setText(tr("◀ Step"));
  m_forward->setText(tr("Step ▶"));
  m_speedLabel->setText(tr("Speed:"));
  m_export->setText(tr("Export"));
  m_exportPng->setText(tr("Export as PNG…"));
  m_exportSvg->setText(tr("Export as SVG…"));
  m_copy->setText(tr("Copy Image"));
  m_back->setToolTip(tr("Back to the end of the previous stage"));
  m_play->setToolTip(tr("Play the figure's animation from this frame on, or pause it"));
  m_forward->setToolTip(tr("On to the end of the next stage"));
  m_speed->setToolTip(tr("How fast the animation plays"));
  m_scrubber->setToolTip(tr("Every frame of the figure: drag to any of them"));
  m_export->setToolTip(tr("The frame on show as a figure, with its title, axes and legend"));
  m_canvas->setToolTip(tr("Click a token's strip to make it the query; Left and Right move the query"));
  updateControls();
}

void LivingDiagramWidget::changeEvent(QEvent *event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    if (m_queryNote->isVisibleTo(this)) showQueryNote(chooseQuery());
    // the canvas paints its words through tr() as it draws: a repaint says them in the new language
    if (!m_canvas->numbers() && !m_runner->isBusy(JobLane::Diagram)) {
      m_requested.clear();
      recompute();  // the placeholder's message, in the new language
    }
    m_canvas->update();
  }
}

void LivingDiagramWidget::setViewState(ViewState *state) {
  if (m_state) disconnect(m_state, nullptr, this, nullptr);
  m_state = state;
  m_followStep = false;
  if (m_state) {
    // the one source of truth: the model, its result, the layer, the head, the focused token and
    // the generation step
    connect(m_state, &ViewState::modelChanged, this, &LivingDiagramWidget::follow);
    connect(m_state, &ViewState::analysisChanged, this, &LivingDiagramWidget::follow);
    connect(m_state, &ViewState::layerChanged, this, &LivingDiagramWidget::follow);
    connect(m_state, &ViewState::focusedHeadChanged, this, &LivingDiagramWidget::follow);
    connect(m_state, &ViewState::focusTokenChanged, this, &LivingDiagramWidget::followFocusToken);
    connect(m_state, &ViewState::generationStepChanged, this, &LivingDiagramWidget::followGenerationStep);
    connect(m_state, &ViewState::positionalEncodingChanged, this, &LivingDiagramWidget::follow);
  }
  follow();
}

void LivingDiagramWidget::followGenerationStep() {
  // A step before the last was chosen (the stepper, a lesson): its token is the query. The last
  // step is also where a new result puts the step: a focused token keeps its place then.
  m_followStep = m_state && !m_state->isLastGenerationStep();
  follow();
}

void LivingDiagramWidget::followFocusToken() {
  m_followStep = false;
  follow();
}

int LivingDiagramWidget::shownQuery() const { return chooseQuery().query; }

LivingDiagramWidget::QueryChoice LivingDiagramWidget::chooseQuery() const {
  if (!m_state || !m_state->analysis()) return {};
  const LayerStep step = m_state->layerStep();
  const bool decoderQueries = step.kind != core::AttentionKind::EncoderSelf;
  const core::Tokenization &queries = decoderQueries ? m_state->analysis()->target : m_state->analysis()->source;
  const int count = static_cast<int>(queries.size());
  if (count == 0) return {};
  const int focus = m_state->focusToken();
  const int generation = m_state->generationStep();
  // At generation step t the decoder has produced t tokens and reads token t: its query row.
  const bool followsStep = decoderQueries && generation >= 0 && (m_followStep || focus < 0);
  if (followsStep) return {std::min(generation, count - 1), -1, count};
  // A token past the end (chosen on a longer text, or in another attention's queries) stays the
  // choice; the figure shows the last query meanwhile.
  if (focus >= count) return {count - 1, focus, count};
  return {std::max(focus, 0), -1, count};
}

void LivingDiagramWidget::showQueryNote(const QueryChoice &choice) {
  if (choice.pastTheEnd < 0) {
    m_queryNote->hide();
    m_queryNote->clear();
    return;
  }
  //: %1 the focused token's position (1-based), %2 how many query tokens this attention has
  m_queryNote->setText(tr("Token %1, the query chosen, is past the end of these %2 query tokens: the figure "
                          "shows the last one.")
                           .arg(choice.pastTheEnd + 1)
                           .arg(choice.count));
  m_queryNote->show();
}

void LivingDiagramWidget::pickQuery(int query) {
  // written to the view state: every view (and this page, through focusTokenChanged) follows
  if (m_state && query >= 0) m_state->setFocusToken(query);
}

int LivingDiagramWidget::frame() const { return m_canvas->frame(); }
bool LivingDiagramWidget::isPlaying() const { return m_timer->isActive(); }
double LivingDiagramWidget::speed() const { return m_speed->currentData().toDouble(); }
int LivingDiagramWidget::frameInterval() const { return m_timer->interval(); }

void LivingDiagramWidget::follow() {
  m_stale = true;
  if (isVisible()) recompute();
}

void LivingDiagramWidget::showEvent(QShowEvent *event) {
  QWidget::showEvent(event);
  if (m_stale) recompute();
}

void LivingDiagramWidget::showMessage(const QString &message) {
  showQueryNote({});
  m_runner->supersede(JobLane::Diagram);
  m_requested.clear();
  m_canvas->setNumbers(nullptr);
  m_canvas->setMessage(message);
  updateControls();
  emit numbersShown();
}

void LivingDiagramWidget::recompute() {
  m_stale = false;
  const auto analysis = m_state ? m_state->analysis() : nullptr;
  const auto model = m_state ? m_state->model() : nullptr;
  if (!model || !analysis || analysis->model != model) {
    showMessage(tr("Load a model and enter a sentence to see its attention as the lecture's figure."));
    return;
  }
  if (!analysis->error.isEmpty()) {
    showMessage(analysis->error);
    return;
  }
  const LayerStep step = m_state->layerStep();
  const bool decoderQueries = step.kind != core::AttentionKind::EncoderSelf;
  const bool encoderKeys = step.kind != core::AttentionKind::DecoderSelf;
  const core::Tokenization &queries = decoderQueries ? analysis->target : analysis->source;
  const core::Tokenization &keys = encoderKeys ? analysis->source : analysis->target;
  if (queries.size() == 0 || keys.size() == 0) {
    showMessage(tr("This attention has no tokens to show: enter a sentence."));
    return;
  }
  core::WalkthroughRequest request;
  request.kind = step.kind;
  request.layer = step.layer;
  request.head = std::max(m_state->focusedHead(), 0);
  const QueryChoice choice = chooseQuery();
  request.query = choice.query;
  showQueryNote(choice);
  const bool positionalEncoding = m_state->positionalEncoding();
  const QString key = QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                          .arg(reinterpret_cast<quintptr>(analysis.get()))
                          .arg(static_cast<int>(request.kind))
                          .arg(request.layer)
                          .arg(request.head)
                          .arg(request.query)
                          .arg(positionalEncoding)
                          .arg(reinterpret_cast<quintptr>(model.get()));
  if (key == m_requested) return;
  m_requested = key;
  // The canvas keeps the numbers on show until the new ones arrive.
  runClassroomJob(
      m_runner, JobLane::Diagram, this,
      [model, source = analysis->source, target = analysis->target, request, positionalEncoding,
       queryLabels = shownTokens(queries), keyLabels = shownTokens(keys), layerName = describeStep(step),
       budget = analysis->memoryBudget] {
        const core::Walkthrough walkthrough =
            core::walk_through(*model, source.ids, target.ids, request, positionalEncoding, budget);
        return diagramNumbers(walkthrough, queryLabels, keyLabels, layerName);
      },
      [this](ClassroomOutcome<DiagramNumbers> outcome) {
        if (outcome.value) {
          m_canvas->setNumbers(std::make_shared<const DiagramNumbers>(std::move(*outcome.value)));
        } else {
          m_canvas->setNumbers(nullptr);
          m_canvas->setMessage(outcome.error);
        }
        updateControls();
        emit numbersShown();
      });
}

void LivingDiagramWidget::play() {
  if (isPlaying()) return;
  // from the last frame, Play starts the figure over
  if (frame() == DiagramTimeline::frameCount - 1) showFrame(0);
  m_timer->start();
  updateControls();
  emit playingChanged(true);
}

void LivingDiagramWidget::pause() {
  if (!isPlaying()) return;
  m_timer->stop();
  updateControls();
  emit playingChanged(false);
}

void LivingDiagramWidget::togglePlaying() { isPlaying() ? pause() : play(); }

void LivingDiagramWidget::advance() {
  if (frame() >= DiagramTimeline::frameCount - 1) {
    pause();
    return;
  }
  showFrame(frame() + 1);
}

void LivingDiagramWidget::stepForward() {
  pause();
  showFrame(DiagramTimeline::nextStop(frame()));
}

void LivingDiagramWidget::stepBack() {
  pause();
  showFrame(DiagramTimeline::previousStop(frame()));
}

void LivingDiagramWidget::showFrame(int frame) {
  const int clamped = std::clamp(frame, 0, DiagramTimeline::frameCount - 1);
  if (clamped == m_canvas->frame()) return;
  m_canvas->setFrame(clamped);
  {
    const QSignalBlocker blocker(m_scrubber);
    m_scrubber->setValue(clamped);
  }
  updateControls();
  emit frameChanged(clamped);
}

void LivingDiagramWidget::setSpeed(double speed) {
  const int index = m_speed->findData(speed);
  if (index < 0) return;
  if (index != m_speed->currentIndex()) m_speed->setCurrentIndex(index);  // comes back here
  // interval = base / speed: twice the speed, half the time per frame
  m_timer->setInterval(static_cast<int>(baseInterval / speed));
}

void LivingDiagramWidget::updateControls() {
  m_play->setText(isPlaying() ? tr("Pause") : tr("Play"));
  m_export->setEnabled(m_canvas->numbers() != nullptr);
  const int stage = static_cast<int>(DiagramTimeline::frame(frame()).stage);
  m_stage->setText(tr("Stage %1 of %2").arg(stage + 1).arg(diagramStageCount));
  m_back->setEnabled(stage > 0);
  m_forward->setEnabled(frame() < DiagramTimeline::frameCount - 1);
}

FigureDecor LivingDiagramWidget::figureDecor(const QString &modelName) const {
  FigureDecor decor;
  const DiagramStage stage = DiagramTimeline::frame(frame()).stage;
  const QString context = m_canvas->context();
  decor.title = tr("Living diagram · %1").arg(m_canvas->heading());
  if (!context.isEmpty()) decor.title += QStringLiteral(" · ") + context;
  if (!modelName.isEmpty()) decor.title += QStringLiteral(" · ") + modelName;
  switch (stage) {
    case DiagramStage::Inputs:
    case DiagramStage::QueryKeyValue:
      decor.xAxis = tr("token i (each strip: its values, one cell per dimension)");
      decor.yAxis = tr("inputs below; their query, key and value above");
      break;
    case DiagramStage::Scores:
      decor.xAxis = tr("key i");
      decor.yAxis = tr("score α");
      break;
    case DiagramStage::Softmax:
      decor.xAxis = tr("key i");
      decor.yAxis = tr("weight α̂");
      break;
    case DiagramStage::WeightedSum:
      decor.xAxis = tr("dimension of each value vector (one cell each)");
      decor.yAxis = tr("key i");
      break;
    case DiagramStage::MatrixProduct:
      decor.xAxis = tr("key j");
      decor.yAxis = tr("query i");
      break;
    case DiagramStage::MultiHead:
      decor.xAxis = tr("dimension (each head: its own slice)");
      decor.yAxis = tr("from the query (top) to the output b (bottom)");
      break;
  }
  const int head = m_canvas->numbers() ? m_canvas->numbers()->head : 0;
  decor.legend = {{differenceColour(1, 1), tr("value > 0")},
                  {differenceColour(0, 1), tr("value 0")},
                  {differenceColour(-1, 1), tr("value < 0")},
                  {headColour(head), tr("head %1, the selected query").arg(head + 1)},
                  {maskColour(), tr("masked: no attention")}};
  return decor;
}

}  // namespace ui
