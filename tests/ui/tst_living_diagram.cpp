// The Classroom's living diagram, offscreen, on the bundled translate-en-zh model: the numbers it
// draws are the core's (α bars = q·k/√d, α̂ = softmax(α) = the forward pass's weights, b = Σ α̂ v,
// the heads' parts concatenated), it follows the ViewState's layer, head and query, Play advances
// frames, Step moves between stages, Speed changes the interval, every frame exports as a PNG and
// an SVG with its title, nothing painted is clipped at 1024×768 or 1920×1080 (presentation-sized
// font too) or left as raw markup, and its strings are translated to Traditional Chinese.

#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QHash>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QToolButton>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>
#include <cmath>

#include "analysis.h"
#include "figure_export.h"
#include "formula.h"
#include "gui_test_support.h"
#include "job_runner.h"
#include "families/load_model.h"
#include "layer_steps.h"
#include "living_diagram_canvas.h"
#include "living_diagram_frames.h"
#include "living_diagram_widget.h"
#include "presentation_mode.h"
#include "theme.h"
#include "colour_scales.h"
#include "view_state.h"

Q_DECLARE_METATYPE(core::AttentionKind)

using namespace ui;

namespace {

constexpr float tolerance = 1e-4f;

// Why a painted or exported text is wrong, or an empty string: markup left over, or a hat away
// from its α (tst_notation's rules).
QString notationProblem(const QString &text) {
  if (text.contains(u'^')) return QStringLiteral("leftover ^");
  if (text.contains(QStringLiteral("_{"))) return QStringLiteral("leftover _{");
  if (text.contains(QStringLiteral("\\hat"))) return QStringLiteral("leftover \\hat");
  for (qsizetype i = 0; i < text.size(); ++i) {
    if (text[i] == QChar(0x0302) && (i == 0 || text[i - 1] != QChar(0x03B1))) return QStringLiteral("a hat not on an α");
  }
  return {};
}

// The text items of an SVG drawing of the widget: what it paints, as the zh_TW walk reads it.
QStringList paintedText(QWidget *widget) {
  QBuffer svg;
  svg.open(QIODevice::WriteOnly);
  {
    QSvgGenerator generator;
    generator.setOutputDevice(&svg);
    generator.setSize(widget->size());
    generator.setViewBox(QRect(QPoint(0, 0), widget->size()));
    QPainter painter(&generator);
    widget->render(&painter, {}, {}, QWidget::RenderFlags());
  }
  QStringList texts;
  QXmlStreamReader xml(svg.data());
  while (!xml.atEnd()) {
    if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text")) {
      texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
    }
  }
  return texts;
}

// Labels and buttons of the page whose text is wider than they are.
QStringList clippedControls(const QWidget &root) {
  QStringList clipped;
  for (const QLabel *label : root.findChildren<QLabel *>()) {
    if (!label->isVisible() || label->text().isEmpty()) continue;
    const int width = QFontMetrics(label->font()).horizontalAdvance(label->text());
    if (width > label->contentsRect().width()) clipped << label->text();
  }
  for (const QPushButton *button : root.findChildren<QPushButton *>()) {
    if (!button->isVisible()) continue;
    const int width = QFontMetrics(button->font()).horizontalAdvance(button->text());
    if (width > button->width()) clipped << button->text();
  }
  return clipped;
}

// The colour most of rect's pixels have: what a label is drawn on.
QColor commonColour(const QImage &image, const QRect &rect) {
  QHash<QRgb, int> counts;
  const QRect inside = rect.intersected(image.rect());
  for (int y = inside.top(); y <= inside.bottom(); ++y) {
    for (int x = inside.left(); x <= inside.right(); ++x) ++counts[image.pixel(x, y)];
  }
  QRgb common = 0;
  int most = -1;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
    if (it.value() > most) {
      most = it.value();
      common = it.key();
    }
  }
  return QColor::fromRgb(common);
}

QString rectText(const QRectF &rect) {
  return QStringLiteral("(%1, %2) %3×%4").arg(rect.x(), 0, 'f', 0).arg(rect.y(), 0, 'f', 0).arg(rect.width(), 0, 'f', 0).arg(rect.height(), 0, 'f', 0);
}

// What is wrong with the labels of the frame last painted: one over another, one out of the
// canvas, one cut short (clippedLabels), or, with contrast, one whose colour reads poorly (under
// 4.5 : 1) on what is under it in image (the canvas's grab).
QStringList labelProblems(const LivingDiagramCanvas &canvas, const QImage &image, bool contrast) {
  QStringList problems = canvas.clippedLabels();
  const std::vector<DiagramLabel> &labels = canvas.labels();
  const QRectF inside(canvas.rect());
  for (std::size_t a = 0; a < labels.size(); ++a) {
    const DiagramLabel &label = labels[a];
    if (!inside.adjusted(-0.5, -0.5, 0.5, 0.5).contains(label.box)) {
      problems << QStringLiteral("“%1” at %2 leaves the canvas").arg(label.text, rectText(label.box));
    }
    for (std::size_t b = a + 1; b < labels.size(); ++b) {
      const QRectF overlap = label.box.intersected(labels[b].box);
      if (overlap.width() > 1 && overlap.height() > 1) {
        problems << QStringLiteral("“%1” at %2 overlaps “%3” at %4")
                        .arg(label.text, rectText(label.box), labels[b].text, rectText(labels[b].box));
      }
    }
    if (!contrast) continue;
    const QColor background = commonColour(image, label.box.toAlignedRect());
    // a faded label (painter opacity) is its colour mixed into what is under it
    const double a2 = label.colour.alphaF();
    const QColor shown = QColor::fromRgbF(static_cast<float>(label.colour.redF() * a2 + background.redF() * (1 - a2)),
                                          static_cast<float>(label.colour.greenF() * a2 + background.greenF() * (1 - a2)),
                                          static_cast<float>(label.colour.blueF() * a2 + background.blueF() * (1 - a2)));
    const double ratio = contrastRatio(shown, background);
    if (ratio < 4.5) {
      problems << QStringLiteral("“%1” %2 on %3: contrast %4 : 1")
                      .arg(label.text, shown.name(), background.name())
                      .arg(ratio, 0, 'f', 2);
    }
  }
  return problems;
}

// Shows the selection on widget (following state) and waits for its numbers.
bool selectOn(ViewState &state, LivingDiagramWidget &widget, JobRunner &runner, core::AttentionKind kind, int layer,
              int head, int query) {
  int index = -1;
  for (std::size_t i = 0; i < state.steps().size(); ++i) {
    if (state.steps()[i].kind == kind && state.steps()[i].layer == layer) index = static_cast<int>(i);
  }
  if (index < 0) return false;
  state.setLayerIndex(index);
  state.setFocusedHead(head);
  state.setFocusToken(query);
  return QTest::qWaitFor(
      [&] {
        const DiagramNumbers *n = widget.canvas()->numbers();
        return n && n->head == head && n->query == query && n->layerName == describeStep({kind, layer}) &&
               !runner.isBusy(JobLane::Diagram);
      },
      20000);
}

int stepIndex(const ViewState &state, core::AttentionKind kind, int layer) {
  const std::vector<LayerStep> &steps = state.steps();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].kind == kind && steps[i].layer == layer) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

class TstLivingDiagram : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void numbersDrawnAreTheCores_data();
  void numbersDrawnAreTheCores();
  void followsTheViewState();
  void playStepAndSpeed();
  void everyFrameExports();
  void readableOnAProjector_data();
  void readableOnAProjector();
  void noMarkupIsLeftOver();
  void anInputErrorIsShown();
  void translatedToTraditionalChinese();
  void clickAndKeysPickTheQuery();
  void followsTheGenerationStep();
  void longInputsShowAWindow_data();
  void longInputsShowAWindow();
  void readableInEveryTheme_data();
  void readableInEveryTheme();
  void retranslatesLive();
  void exportButtonOffersTheFrame();

 private:
  // Shows the selection and waits for its numbers.
  bool select(core::AttentionKind kind, int layer, int head, int query);
  void showEveryFrame(const std::function<void(int frame)> &check);

  JobRunner m_runner;
  ViewState m_state;
  std::shared_ptr<const Analysis> m_analysis;
  std::unique_ptr<LivingDiagramWidget> m_widget;
};

void TstLivingDiagram::initTestCase() {
  test::isolateSettings();
  const QString folder = test::testData(QStringLiteral("../../models/translate-en-zh"));
  auto model = std::make_shared<const core::Model>(core::load_model(folder.toStdString()));
  m_state.setModel(model, folder);
  AnalysisRequest request;
  request.model = model;
  request.source = "the happy child plays with the small dog";
  m_analysis = std::make_shared<const Analysis>(runAnalysis(request));
  QVERIFY2(m_analysis->error.isEmpty(), qPrintable(m_analysis->error));
  QVERIFY(m_analysis->target.size() > 2);  // the model's own greedy output
  QVERIFY(m_state.setAnalysis(m_analysis));
  m_widget = std::make_unique<LivingDiagramWidget>(&m_runner);
  m_widget->setViewState(&m_state);
  m_widget->resize(1024, 700);
  m_widget->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
  QVERIFY(QTest::qWaitFor([this] { return m_widget->canvas()->numbers() != nullptr; }, 20000));
}

bool TstLivingDiagram::select(core::AttentionKind kind, int layer, int head, int query) {
  const int index = stepIndex(m_state, kind, layer);
  if (index < 0) return false;
  m_state.setLayerIndex(index);
  m_state.setFocusedHead(head);
  m_state.setFocusToken(query);
  return QTest::qWaitFor(
      [&] {
        const DiagramNumbers *n = m_widget->canvas()->numbers();
        return n && n->head == head && n->query == query && n->layerName == describeStep({kind, layer}) &&
               !m_runner.isBusy(JobLane::Diagram);
      },
      20000);
}

void TstLivingDiagram::showEveryFrame(const std::function<void(int frame)> &check) {
  for (int frame = 0; frame < DiagramTimeline::frameCount; ++frame) {
    m_widget->showFrame(frame);
    m_widget->canvas()->grab();  // paints the frame
    check(frame);
  }
}

void TstLivingDiagram::numbersDrawnAreTheCores_data() {
  QTest::addColumn<core::AttentionKind>("kind");
  QTest::addColumn<int>("layer");
  QTest::addColumn<int>("head");
  QTest::addColumn<int>("query");
  QTest::newRow("encoder self, layer 1, head 2, query 3") << core::AttentionKind::EncoderSelf << 0 << 1 << 2;
  QTest::newRow("encoder self, layer 2, head 4, query 6") << core::AttentionKind::EncoderSelf << 1 << 3 << 5;
  QTest::newRow("decoder masked self, layer 2, head 1, query 2") << core::AttentionKind::DecoderSelf << 1 << 0 << 1;
  QTest::newRow("cross, layer 2, head 3, query 3") << core::AttentionKind::DecoderCross << 1 << 2 << 2;
}

void TstLivingDiagram::numbersDrawnAreTheCores() {
  QFETCH(core::AttentionKind, kind);
  QFETCH(int, layer);
  QFETCH(int, head);
  QFETCH(int, query);
  QVERIFY(select(kind, layer, head, query));
  const DiagramNumbers &n = *m_widget->canvas()->numbers();
  // α̂ of the forward pass the views draw (the trace), the row of this query
  const core::RowMatrix weights = m_analysis->trace(true)->attention(kind, layer, head);
  const int keys = static_cast<int>(weights.cols());
  QCOMPARE(n.alpha.size(), keys);
  QCOMPARE(n.keyTokens.size(), keys);
  const float sqrtD = std::sqrt(static_cast<float>(n.dK));
  float rowMax = -INFINITY;
  for (int i = 0; i < keys; ++i) {
    if (n.visible[static_cast<std::size_t>(i)]) rowMax = std::max(rowMax, n.alpha[i]);
  }
  float denominator = 0;
  for (int i = 0; i < keys; ++i) {
    if (n.visible[static_cast<std::size_t>(i)]) denominator += std::exp(n.alpha[i] - rowMax);
  }
  core::RowVector b = core::RowVector::Zero(n.dK);
  for (int i = 0; i < keys; ++i) {
    const bool visible = n.visible[static_cast<std::size_t>(i)];
    // a decoder's query sees no later key
    QCOMPARE(visible, kind != core::AttentionKind::DecoderSelf || i <= query);
    if (!visible) {
      QVERIFY(std::isinf(n.alpha[i]) && n.alpha[i] < 0);
      QCOMPARE(n.alphaHat[i], 0.0f);
      continue;
    }
    // α_{1,i} = q^1 · k^i / √d
    QVERIFY2(std::abs(n.alpha[i] - n.q.dot(n.k.row(i)) / sqrtD) < tolerance, qPrintable(QString::number(i)));
    // α̂ = softmax(α) = the trace's weight
    QVERIFY(std::abs(std::exp(n.alpha[i] - rowMax) / denominator - weights(query, i)) < tolerance);
    QVERIFY(std::abs(n.alphaHat[i] - weights(query, i)) < tolerance);
    // b = Σ α̂ v, with the trace's α̂
    b += weights(query, i) * n.v.row(i);
  }
  QVERIFY((n.b - b).cwiseAbs().maxCoeff() < tolerance);
  // the matrix form's row for this query is the same scores
  for (int i = 0; i < keys; ++i) {
    if (n.visible[static_cast<std::size_t>(i)]) QVERIFY(std::abs(n.scores(query, i) - n.alpha[i]) < tolerance);
    else QVERIFY(std::isinf(n.scores(query, i)));
  }
  // multi-head: this head's part is b, the concatenation is the parts side by side
  QCOMPARE(static_cast<int>(n.headOutputs.size()), m_state.headCount());
  QVERIFY((n.headOutputs[static_cast<std::size_t>(head)] - n.b).cwiseAbs().maxCoeff() < tolerance);
  for (int h = 0; h < m_state.headCount(); ++h) {
    QVERIFY((n.concatenated.segment(h * n.dK, n.dK) - n.headOutputs[static_cast<std::size_t>(h)]).cwiseAbs().maxCoeff() <
            tolerance);
  }

  // What is painted: the bars, the stacked sum, the product's cells and b^1.
  LivingDiagramCanvas *canvas = m_widget->canvas();
  const auto paintStage = [&](DiagramStage stage) {
    m_widget->showFrame(DiagramTimeline::lastFrameOf(stage));
    canvas->grab();
    return canvas->drawn();
  };
  const DiagramDrawn scores = paintStage(DiagramStage::Scores);
  QCOMPARE(static_cast<int>(scores.bars.size()), keys);
  const DiagramDrawn softmax = paintStage(DiagramStage::Softmax);
  for (int i = 0; i < keys; ++i) {
    if (!n.visible[static_cast<std::size_t>(i)]) {
      QVERIFY(std::isnan(scores.bars[static_cast<std::size_t>(i)]));  // the hatched "−∞" box, no bar
      continue;
    }
    QVERIFY(std::abs(scores.bars[static_cast<std::size_t>(i)] - n.q.dot(n.k.row(i)) / sqrtD) < tolerance);
    QVERIFY(std::abs(softmax.bars[static_cast<std::size_t>(i)] - weights(query, i)) < tolerance);
  }
  QVERIFY((paintStage(DiagramStage::WeightedSum).sum - b).cwiseAbs().maxCoeff() < tolerance);
  // at the end of stage 6 every cell drawn is filled in: all of A when it fits, else the window
  const DiagramDrawn matrix = paintStage(DiagramStage::MatrixProduct);
  QCOMPARE(matrix.revealedCells, matrix.rowsShown * matrix.colsShown);
  if (matrix.rowsShown == n.scores.rows() && matrix.colsShown == n.scores.cols()) {
    QCOMPARE(matrix.revealedCells, static_cast<int>(n.scores.size()));
  } else {
    QVERIFY(matrix.firstShown <= query && query < matrix.firstShown + matrix.rowsShown);  // the query's row is drawn
  }
  QVERIFY((paintStage(DiagramStage::MultiHead).sum - n.output).cwiseAbs().maxCoeff() == 0.0f);
  // part-way through the sum, the strip holds the first rows only: at 6 frames of 10, ⌈0.6 · n⌉ rows
  m_widget->showFrame(DiagramTimeline::lastFrameOf(DiagramStage::Softmax) + 6);
  canvas->grab();
  const int added = static_cast<int>(std::ceil(0.6 * keys - 1e-9));
  core::RowVector partial = core::RowVector::Zero(n.dK);
  for (int i = 0; i < added; ++i) partial += weights(query, i) * n.v.row(i);
  QVERIFY((canvas->drawn().sum - partial).cwiseAbs().maxCoeff() < tolerance);
}

void TstLivingDiagram::followsTheViewState() {
  QVERIFY(select(core::AttentionKind::EncoderSelf, 0, 0, 1));
  const auto first = m_widget->canvas()->numbers();
  const core::RowVector alpha = first->alpha;
  // another head: other scores
  m_state.setFocusedHead(2);
  QVERIFY(QTest::qWaitFor([this] { return m_widget->canvas()->numbers()->head == 2; }, 20000));
  QVERIFY((m_widget->canvas()->numbers()->alpha - alpha).cwiseAbs().maxCoeff() > 1e-3f);
  // another query: the focused token
  m_state.setFocusToken(4);
  QVERIFY(QTest::qWaitFor([this] { return m_widget->canvas()->numbers()->query == 4; }, 20000));
  QVERIFY((m_widget->canvas()->numbers()->q - m_widget->canvas()->numbers()->queries.row(4)).cwiseAbs().maxCoeff() <
          tolerance);
  // another layer: the cross-attention's keys are the source's, its queries the target's
  m_state.setLayerIndex(stepIndex(m_state, core::AttentionKind::DecoderCross, 1));
  QVERIFY(QTest::qWaitFor([this] { return m_widget->canvas()->numbers()->crossAttention; }, 20000));
  const DiagramNumbers &cross = *m_widget->canvas()->numbers();
  QCOMPARE(cross.layerName, describeStep({core::AttentionKind::DecoderCross, 1}));
  QCOMPARE(cross.keyTokens.size(), static_cast<qsizetype>(m_analysis->source.size()));
  QCOMPARE(cross.queryTokens.size(), static_cast<qsizetype>(m_analysis->target.size()));
  // the title follows too
  m_widget->showFrame(DiagramTimeline::lastFrameOf(DiagramStage::Scores));
  QVERIFY(m_widget->figureDecor({}).title.contains(describeStep({core::AttentionKind::DecoderCross, 1})));
  // a hidden page computes nothing until it is shown again
  m_widget->hide();
  m_state.setFocusedHead(1);
  QTest::qWait(50);
  QCOMPARE(m_widget->canvas()->numbers()->head, 2);
  m_widget->show();
  QVERIFY(QTest::qWaitFor([this] { return m_widget->canvas()->numbers()->head == 1; }, 20000));
}

void TstLivingDiagram::playStepAndSpeed() {
  m_widget->pause();
  m_widget->showFrame(0);
  // Step forward lands on the end of each stage in turn, Step back on the one before
  m_widget->stepForward();
  QCOMPARE(m_widget->frame(), DiagramTimeline::lastFrameOf(DiagramStage::Inputs));
  m_widget->forwardButton()->click();
  QCOMPARE(m_widget->frame(), DiagramTimeline::lastFrameOf(DiagramStage::QueryKeyValue));
  m_widget->stepForward();
  QCOMPARE(m_widget->frame(), DiagramTimeline::lastFrameOf(DiagramStage::Scores));
  m_widget->backButton()->click();
  QCOMPARE(m_widget->frame(), DiagramTimeline::lastFrameOf(DiagramStage::QueryKeyValue));
  m_widget->stepBack();
  QCOMPARE(m_widget->frame(), DiagramTimeline::lastFrameOf(DiagramStage::Inputs));
  QVERIFY(!m_widget->backButton()->isEnabled());  // nothing before the first stage
  m_widget->showFrame(DiagramTimeline::frameCount - 1);
  QVERIFY(!m_widget->forwardButton()->isEnabled());

  // Speed: interval = base / speed
  QComboBox *speed = m_widget->speedCombo();
  speed->setCurrentIndex(speed->findData(2.0));
  QCOMPARE(m_widget->frameInterval(), LivingDiagramWidget::baseInterval / 2);
  m_widget->setSpeed(4.0);
  QCOMPARE(speed->currentData().toDouble(), 4.0);
  QCOMPARE(m_widget->frameInterval(), LivingDiagramWidget::baseInterval / 4);
  m_widget->setSpeed(0.5);
  QCOMPARE(m_widget->frameInterval(), LivingDiagramWidget::baseInterval * 2);

  // Play from the last frame starts over, then advances frame by frame
  m_widget->setSpeed(4.0);
  QSignalSpy frames(m_widget.get(), &LivingDiagramWidget::frameChanged);
  m_widget->playButton()->click();
  QVERIFY(m_widget->isPlaying());
  QCOMPARE(m_widget->frame(), 0);
  QVERIFY(QTest::qWaitFor([&] { return m_widget->frame() >= 3; }, 5000));
  for (int i = 1; i < frames.size(); ++i) QCOMPARE(frames[i][0].toInt(), frames[i - 1][0].toInt() + 1);
  m_widget->playButton()->click();
  QVERIFY(!m_widget->isPlaying());
  const int paused = m_widget->frame();
  QTest::qWait(LivingDiagramWidget::baseInterval);
  QCOMPARE(m_widget->frame(), paused);
  // played to the end, it stops there
  m_widget->showFrame(DiagramTimeline::frameCount - 2);
  QSignalSpy stopped(m_widget.get(), &LivingDiagramWidget::playingChanged);
  m_widget->play();
  QVERIFY(QTest::qWaitFor([&] { return !m_widget->isPlaying(); }, 5000));
  QCOMPARE(m_widget->frame(), DiagramTimeline::frameCount - 1);
  m_widget->setSpeed(1.0);
}

void TstLivingDiagram::everyFrameExports() {
  QVERIFY(select(core::AttentionKind::DecoderSelf, 1, 1, 2));
  QTemporaryDir folder;
  QVERIFY(folder.isValid());
  LivingDiagramCanvas *canvas = m_widget->canvas();
  showEveryFrame([&](int frame) {
    const FigureDecor decor = m_widget->figureDecor(QStringLiteral("translate-en-zh"));
    QVERIFY(decor.title.contains(canvas->heading()));
    const QString png = folder.filePath(QStringLiteral("frame%1.png").arg(frame));
    const QString svg = folder.filePath(QStringLiteral("frame%1.svg").arg(frame));
    QCOMPARE(exportPng(canvas, decor, png, 96), QString());
    QCOMPARE(exportSvg(canvas, decor, svg), QString());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > canvas->width() && image.height() > canvas->height());  // the frame's title and legend
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString xml = QString::fromUtf8(file.readAll());
    QVERIFY2(xml.contains(QStringLiteral("<title>%1</title>").arg(formulaText(decor.title).toHtmlEscaped())),
             qPrintable(formulaText(decor.title)));
  });
}

void TstLivingDiagram::readableOnAProjector_data() {
  QTest::addColumn<QSize>("size");
  QTest::addColumn<double>("fontScale");
  QTest::addColumn<bool>("chinese");
  QTest::newRow("1024×768") << QSize(1024, 768) << 1.0 << false;
  QTest::newRow("1920×1080") << QSize(1920, 1080) << 1.0 << false;
  QTest::newRow("1024×768, presentation font") << QSize(1024, 768) << 1.6 << false;
  QTest::newRow("1920×1080, presentation font") << QSize(1920, 1080) << 1.6 << false;
  QTest::newRow("1024×768, zh_TW") << QSize(1024, 768) << 1.0 << true;
  QTest::newRow("1024×768, presentation font, zh_TW") << QSize(1024, 768) << 1.6 << true;
}

void TstLivingDiagram::readableOnAProjector() {
  QFETCH(QSize, size);
  QFETCH(double, fontScale);
  QFETCH(bool, chinese);
  QTranslator translator;
  if (chinese) {
    QVERIFY(translator.load(QStringLiteral(":/i18n/attnscope_zh_TW.qm")));
    QCoreApplication::installTranslator(&translator);  // the canvas paints through it (its controls: below)
  }
  const QString language = chinese ? QStringLiteral("zh_TW") : QStringLiteral("en");
  const QFont saved = m_widget->font();
  QFont font = saved;
  font.setPointSizeF(saved.pointSizeF() * fontScale);  // presentation mode's larger application font
  m_widget->setFont(font);
  m_widget->resize(size);
  QApplication::processEvents();
  QStringList problems;
  // each stage's last frame is kept as a screenshot to look at (as tst_readable keeps its tabs)
  const QString folder = QDir::current().filePath(QStringLiteral("screenshots"));
  QVERIFY(QDir().mkpath(folder));
  for (const auto &[stepKind, layer] : {std::pair{core::AttentionKind::EncoderSelf, 1}, {core::AttentionKind::DecoderCross, 0}}) {
    // a copy the lambda below can capture (clang 14 cannot capture a structured binding)
    const core::AttentionKind kind = stepKind;
    QVERIFY(select(kind, layer, 3, 1));
    showEveryFrame([&](int frame) {
      for (const QString &label : m_widget->canvas()->clippedLabels()) {
        problems << QStringLiteral("frame %1: %2").arg(frame).arg(label);
      }
      if ((frame + 1) % DiagramTimeline::framesPerStage != 0) return;
      const QString name = QStringLiteral("%1/diagram-%2x%3-%4-%5-%6-stage%7.png")
                               .arg(folder)
                               .arg(size.width())
                               .arg(size.height())
                               .arg(fontScale > 1 ? QStringLiteral("large") : QStringLiteral("normal"), language)
                               .arg(static_cast<int>(kind))
                               .arg(frame / DiagramTimeline::framesPerStage + 1);
      QVERIFY(m_widget->grab().save(name));
    });
  }
  for (const QString &control : clippedControls(*m_widget)) problems << QStringLiteral("control: ") + control;
  m_widget->setFont(saved);
  if (chinese) QCoreApplication::removeTranslator(&translator);
  problems.removeDuplicates();
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
  QVERIFY(m_widget->canvas()->height() >= size.height() * 3 / 4);  // the figure has the room, not the controls
}

void TstLivingDiagram::noMarkupIsLeftOver() {
  QVERIFY(select(core::AttentionKind::DecoderSelf, 0, 0, 2));
  m_widget->resize(1024, 768);
  QStringList problems;
  QStringList painted;
  QStringList headings;
  showEveryFrame([&](int frame) {
    headings << formulaText(m_widget->canvas()->heading());
    for (const QString &text : paintedText(m_widget->canvas())) {
      const QString problem = notationProblem(text);
      if (!problem.isEmpty()) problems << QStringLiteral("frame %1 “%2”: %3").arg(frame).arg(text, problem);
    }
    const QString title = formulaText(m_widget->figureDecor({}).title);
    if (!notationProblem(title).isEmpty()) problems << title;
    painted << paintedText(m_widget->canvas());
  });
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
  // the lecture's formulas head the stages, α̂ with its hat
  const QString all = headings.join(u' ');
  const QString alphaHat = QStringLiteral("α\u0302");
  for (const QString &formula : {QStringLiteral("α₁,ᵢ = q¹ · kⁱ / √d"), alphaHat + QStringLiteral("₁,ᵢ = exp(α₁,ᵢ) / Σⱼ exp(α₁,ⱼ)"),
                                 QStringLiteral("b¹ = Σᵢ ") + alphaHat + QStringLiteral("₁,ᵢ vⁱ"),
                                 QStringLiteral("A = Q Kᵀ / √d"), QStringLiteral("b¹ = Wᴼ [")}) {
    QVERIFY2(all.contains(formula), qPrintable(formula));
  }
  // and are painted: α̂ stays one cluster (α, then its hat) in the drawing's text
  QVERIFY(painted.join(u' ').contains(alphaHat));
  QVERIFY(painted.join(u' ').contains(QStringLiteral("Wᴼ")));
}

void TstLivingDiagram::anInputErrorIsShown() {
  // a pass the core refused (here: over a one-byte memory budget) is said, not drawn
  ViewState state;
  state.setModel(m_state.model(), m_state.modelFolder());
  AnalysisRequest request;
  request.model = m_state.model();
  request.source = "the happy child plays with the small dog";
  request.memoryBudget = 1;
  const auto failed = std::make_shared<const Analysis>(runAnalysis(request));
  QVERIFY(!failed->error.isEmpty());
  QVERIFY(state.setAnalysis(failed));
  LivingDiagramWidget widget(&m_runner);
  widget.setViewState(&state);
  widget.resize(800, 500);
  widget.show();
  QVERIFY(QTest::qWaitForWindowExposed(&widget));
  QVERIFY(QTest::qWaitFor([&] { return paintedText(widget.canvas()).join(u' ').contains(failed->error.left(20)); }, 5000));
  QVERIFY(!widget.canvas()->numbers());
  QVERIFY(!widget.exportButton()->isEnabled());  // no figure to export
  // no model: the placeholder says what to do
  ViewState empty;
  widget.setViewState(&empty);
  QVERIFY(!widget.canvas()->numbers());
  QVERIFY(paintedText(widget.canvas()).join(u' ').contains(QStringLiteral("Load a model")));
}

void TstLivingDiagram::translatedToTraditionalChinese() {
  QTranslator translator;
  QVERIFY(translator.load(QStringLiteral(":/i18n/attnscope_zh_TW.qm")));
  QCoreApplication::installTranslator(&translator);
  LivingDiagramWidget widget(&m_runner);
  widget.setViewState(&m_state);
  widget.resize(1024, 768);
  widget.show();
  QVERIFY(QTest::qWaitFor([&] { return widget.canvas()->numbers() != nullptr; }, 20000));
  QStringList english;
  const auto check = [&](const QString &where, const QString &text) {
    // the lecture's function names and the file formats' names stay as written
    static const QRegularExpression word(QStringLiteral("\\b(?!softmax\\b|exp\\b|PNG\\b|SVG\\b)[A-Za-z]{3,}\\b"));
    QString plain = text;
    for (const QString &token : widget.canvas()->numbers()->keyTokens + widget.canvas()->numbers()->queryTokens) {
      plain.remove(token);
    }
    plain.remove(QStringLiteral("translate-en-zh"));
    if (word.match(plain).hasMatch()) english << where + QStringLiteral(": ") + text;
  };
  for (int frame = 0; frame < DiagramTimeline::frameCount; frame += DiagramTimeline::framesPerStage / 2) {
    widget.showFrame(frame);
    for (const QString &text : paintedText(widget.canvas())) check(QStringLiteral("frame %1").arg(frame), text);
    const FigureDecor decor = widget.figureDecor(QStringLiteral("translate-en-zh"));
    check(QStringLiteral("title"), formulaText(decor.title));
    check(QStringLiteral("x axis"), formulaText(decor.xAxis));
    check(QStringLiteral("y axis"), formulaText(decor.yAxis));
    for (const FigureLegendEntry &entry : decor.legend) check(QStringLiteral("legend"), entry.label);
  }
  for (const QAbstractButton *button : widget.findChildren<QAbstractButton *>()) {
    check(QStringLiteral("button"), button->text());
    check(QStringLiteral("tool tip"), button->toolTip());
  }
  for (const QLabel *label : widget.findChildren<QLabel *>()) check(QStringLiteral("label"), label->text());
  for (const QAction *action : widget.findChildren<QAction *>()) check(QStringLiteral("menu entry"), action->text());
  check(QStringLiteral("figure's tool tip"), widget.canvas()->toolTip());
  // the Chinese controls fit at 1024×768
  QApplication::processEvents();
  for (const QString &control : clippedControls(widget)) english << QStringLiteral("clipped: ") + control;
  QCoreApplication::removeTranslator(&translator);
  english.removeDuplicates();
  QVERIFY2(english.isEmpty(), qPrintable(english.join(u'\n')));
}

void TstLivingDiagram::clickAndKeysPickTheQuery() {
  QVERIFY(select(core::AttentionKind::EncoderSelf, 0, 0, 1));
  LivingDiagramCanvas *canvas = m_widget->canvas();
  const auto clickQuery = [&](DiagramStage stage, int query) {
    m_widget->showFrame(DiagramTimeline::lastFrameOf(stage));
    canvas->grab();
    for (const DiagramTarget &target : canvas->drawn().queryTargets) {
      if (target.query != query) continue;
      QTest::mouseClick(canvas, Qt::LeftButton, {}, target.rect.center().toPoint());
      return true;
    }
    return false;
  };
  // a click on a token's strips: the view state's focused token, so every view follows; then the figure
  QVERIFY(clickQuery(DiagramStage::QueryKeyValue, 4));
  QCOMPARE(m_state.focusToken(), 4);
  QVERIFY(QTest::qWaitFor([&] { return canvas->numbers()->query == 4; }, 20000));
  QVERIFY(clickQuery(DiagramStage::Inputs, 2));
  QCOMPARE(m_state.focusToken(), 2);
  QVERIFY(QTest::qWaitFor([&] { return canvas->numbers()->query == 2; }, 20000));
  // Right and Left move it one token
  QTest::keyClick(canvas, Qt::Key_Right);
  QCOMPARE(m_state.focusToken(), 3);
  QVERIFY(QTest::qWaitFor([&] { return canvas->numbers()->query == 3 && !m_runner.isBusy(JobLane::Diagram); }, 20000));
  QTest::keyClick(canvas, Qt::Key_Left);
  QVERIFY(QTest::qWaitFor([&] { return canvas->numbers()->query == 2 && !m_runner.isBusy(JobLane::Diagram); }, 20000));
  QCOMPARE(m_state.focusToken(), 2);
  // the matrix form's rows of Q pick too
  QVERIFY(clickQuery(DiagramStage::MatrixProduct, 0));
  QCOMPARE(m_state.focusToken(), 0);
  QVERIFY(QTest::qWaitFor([&] { return canvas->numbers()->query == 0 && !m_runner.isBusy(JobLane::Diagram); }, 20000));
  // no token before the first
  QTest::keyClick(canvas, Qt::Key_Left);
  QCOMPARE(m_state.focusToken(), 0);
  // a click elsewhere (the bars) picks nothing
  m_widget->showFrame(DiagramTimeline::lastFrameOf(DiagramStage::Scores));
  canvas->grab();
  QVERIFY(canvas->drawn().queryTargets.empty());
  QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->rect().center());
  QCOMPARE(m_state.focusToken(), 0);
  // cross-attention's keys are the source's tokens, not queries: its columns pick nothing
  QVERIFY(select(core::AttentionKind::DecoderCross, 0, 0, 1));
  m_widget->showFrame(DiagramTimeline::lastFrameOf(DiagramStage::QueryKeyValue));
  canvas->grab();
  QVERIFY(canvas->drawn().queryTargets.empty());
}

void TstLivingDiagram::followsTheGenerationStep() {
  QVERIFY(select(core::AttentionKind::DecoderSelf, 1, 0, 0));
  const int steps = m_state.generationStepCount();
  QVERIFY(steps > 3);
  QVERIFY(m_state.isLastGenerationStep());
  LivingDiagramCanvas *canvas = m_widget->canvas();
  const auto shows = [&](int query) {
    return QTest::qWaitFor(
        [&] { return canvas->numbers()->query == query && !m_runner.isBusy(JobLane::Diagram); }, 20000);
  };
  // the generation stepper at step 2: the decoder reads token 2, the figure is its query row
  m_state.setGenerationStep(2);
  QVERIFY(shows(2));
  QCOMPARE(m_widget->shownQuery(), 2);
  const DiagramNumbers &n = *canvas->numbers();
  const core::RowMatrix weights = m_analysis->trace(true)->attention(core::AttentionKind::DecoderSelf, 1, 0);
  for (int i = 0; i < static_cast<int>(n.alpha.size()); ++i) {
    // the causal mask: the tokens after step 2 are hidden, α̂ = 0
    QCOMPARE(static_cast<bool>(n.visible[static_cast<std::size_t>(i)]), i <= 2);
    QVERIFY(std::abs(n.alphaHat[i] - weights(2, i)) < tolerance);
    if (i > 2) QCOMPARE(n.alphaHat[i], 0.0f);
  }
  // drawn: the masked keys have no bar in stages 3 and 4 (the grey hatched box), 0 in stage 5
  m_widget->showFrame(DiagramTimeline::lastFrameOf(DiagramStage::Softmax));
  canvas->grab();
  for (int i = 0; i < static_cast<int>(n.alpha.size()); ++i) {
    QCOMPARE(std::isnan(canvas->drawn().bars[static_cast<std::size_t>(i)]), i > 2);
  }
  QStringList masked;
  for (const DiagramLabel &label : canvas->labels()) {
    if (label.text == formulaText(QStringLiteral("0.000"))) masked << label.text;
  }
  QVERIFY(masked.size() >= static_cast<int>(n.alpha.size()) - 3);  // each hidden key reads α̂ = 0
  QVERIFY(m_widget->figureDecor({}).title.contains(QStringLiteral("query 3")));
  // a token picked since wins; a step chosen again wins back
  m_state.setFocusToken(1);
  QVERIFY(shows(1));
  m_state.setGenerationStep(3);
  QVERIFY(shows(3));
  // cross-attention's queries are the decoder's too
  m_state.setLayerIndex(stepIndex(m_state, core::AttentionKind::DecoderCross, 1));
  QVERIFY(QTest::qWaitFor([&] { return canvas->numbers()->crossAttention && canvas->numbers()->query == 3; }, 20000));
  // the encoder has no generation steps: the focused token
  m_state.setLayerIndex(stepIndex(m_state, core::AttentionKind::EncoderSelf, 0));
  QVERIFY(QTest::qWaitFor([&] { return !canvas->numbers()->crossAttention && canvas->numbers()->query == 1; }, 20000));
  m_state.setGenerationStep(steps - 1);
}

void TstLivingDiagram::longInputsShowAWindow_data() {
  QTest::addColumn<QSize>("size");
  QTest::addColumn<core::AttentionKind>("kind");
  for (const QSize size : {QSize(1024, 768), QSize(1920, 1080)}) {
    const QString name = QStringLiteral("%1×%2, ").arg(size.width()).arg(size.height());
    QTest::newRow(qPrintable(name + QStringLiteral("encoder"))) << size << core::AttentionKind::EncoderSelf;
    QTest::newRow(qPrintable(name + QStringLiteral("cross"))) << size << core::AttentionKind::DecoderCross;
  }
}

void TstLivingDiagram::longInputsShowAWindow() {
  QFETCH(QSize, size);
  QFETCH(core::AttentionKind, kind);
  // 40 tokens (the model's longest input): more than a strip, a bar or a row each fit
  ViewState state;
  state.setModel(m_state.model(), m_state.modelFolder());
  AnalysisRequest request;
  request.model = m_state.model();
  for (int i = 0; i < 5; ++i) request.source += "the happy child plays with the small dog ";
  const auto analysis = std::make_shared<const Analysis>(runAnalysis(request));
  QVERIFY2(analysis->error.isEmpty(), qPrintable(analysis->error));
  QCOMPARE(static_cast<int>(analysis->source.size()), 40);
  QVERIFY(state.setAnalysis(analysis));
  LivingDiagramWidget widget(&m_runner);
  widget.setViewState(&state);
  widget.resize(size);
  widget.show();
  QVERIFY(QTest::qWaitForWindowExposed(&widget));
  const int query = kind == core::AttentionKind::EncoderSelf ? 25 : 1;
  QVERIFY(selectOn(state, widget, m_runner, kind, 0, 1, query));
  LivingDiagramCanvas *canvas = widget.canvas();
  const int keys = static_cast<int>(canvas->numbers()->keyTokens.size());
  QCOMPARE(keys, 40);
  QStringList problems;
  for (const DiagramStage stage : {DiagramStage::Inputs, DiagramStage::QueryKeyValue, DiagramStage::Scores,
                                   DiagramStage::Softmax, DiagramStage::WeightedSum, DiagramStage::MatrixProduct,
                                   DiagramStage::MultiHead}) {
    widget.showFrame(DiagramTimeline::lastFrameOf(stage));
    const QImage image = canvas->grab().toImage();
    // kept to look at, as readableOnAProjector keeps its frames
    QVERIFY(QDir().mkpath(QStringLiteral("screenshots")));
    image.save(QStringLiteral("screenshots/diagram-40-tokens-%1x%2-%3-stage%4.png")
                   .arg(size.width())
                   .arg(size.height())
                   .arg(static_cast<int>(kind))
                   .arg(static_cast<int>(stage) + 1));
    for (const QString &problem : labelProblems(*canvas, image, false)) {
      problems << QStringLiteral("stage %1: %2").arg(static_cast<int>(stage) + 1).arg(problem);
    }
    if (stage == DiagramStage::MultiHead) continue;
    const DiagramDrawn &drawn = canvas->drawn();
    // not every token: a window around the query (self-attention) or its strongest key, with "…"
    const int rows = stage == DiagramStage::MatrixProduct ? static_cast<int>(canvas->numbers()->queryTokens.size()) : keys;
    if (drawn.rowsShown >= rows) continue;  // a big enough canvas draws every one
    const int focus = stage == DiagramStage::MatrixProduct || kind == core::AttentionKind::EncoderSelf
                          ? query
                          : static_cast<int>([&] {
                              Eigen::Index strongest = 0;
                              canvas->numbers()->alphaHat.maxCoeff(&strongest);
                              return strongest;
                            }());
    QVERIFY2(drawn.firstShown <= focus && focus < drawn.firstShown + drawn.rowsShown,
             qPrintable(QStringLiteral("stage %1: %2 … %3 without %4")
                            .arg(static_cast<int>(stage) + 1)
                            .arg(drawn.firstShown)
                            .arg(drawn.firstShown + drawn.rowsShown - 1)
                            .arg(focus)));
    bool ellipsis = false;
    for (const DiagramLabel &label : canvas->labels()) ellipsis = ellipsis || label.text.contains(QStringLiteral("…"));
    QVERIFY2(ellipsis || stage == DiagramStage::MatrixProduct, qPrintable(QString::number(static_cast<int>(stage) + 1)));
    // the names stay readable: none is cut down to a bare "…" (the two "…" places aside)
    int bare = 0;
    for (const DiagramLabel &label : canvas->labels()) bare += label.text == QStringLiteral("…") ? 1 : 0;
    QVERIFY2(bare <= 2, qPrintable(QStringLiteral("stage %1: %2 names cut to “…”").arg(static_cast<int>(stage) + 1).arg(bare)));
  }
  // the first window at 1024×768 leaves tokens out
  if (size.width() == 1024) {
    widget.showFrame(DiagramTimeline::lastFrameOf(DiagramStage::Scores));
    canvas->grab();
    QVERIFY(canvas->drawn().rowsShown < keys);
  }
  problems.removeDuplicates();
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TstLivingDiagram::readableInEveryTheme_data() {
  QTest::addColumn<QString>("theme");
  QTest::addColumn<QSize>("size");
  for (const char *theme : {"light", "dark", "presentation"}) {
    for (const QSize size : {QSize(1024, 768), QSize(1920, 1080)}) {
      QTest::newRow(qPrintable(QStringLiteral("%1, %2×%3").arg(QLatin1String(theme)).arg(size.width()).arg(size.height())))
          << QString::fromLatin1(theme) << size;
    }
  }
}

void TstLivingDiagram::readableInEveryTheme() {
  QFETCH(QString, theme);
  QFETCH(QSize, size);
  const QPalette savedPalette = QApplication::palette();
  const QFont savedFont = m_widget->font();
  if (theme == QLatin1String("light")) {
    applyTheme(Theme::Light);
  } else if (theme == QLatin1String("dark")) {
    applyTheme(Theme::Dark);
  } else {
    // presentation mode: the high-contrast palette, colour-blind-safe colours, larger type
    QApplication::setPalette(PresentationMode::highContrastPalette());
    setHighContrastColours(true);
    QFont large = savedFont;
    large.setPointSizeF(savedFont.pointSizeF() * PresentationMode::fontScale);
    m_widget->setFont(large);
  }
  m_widget->resize(size);
  QApplication::processEvents();
  QStringList problems;
  for (const auto &[kind, head] : {std::pair{core::AttentionKind::DecoderSelf, 0}, {core::AttentionKind::DecoderCross, 2}}) {
    QVERIFY(select(kind, 1, head, 2));
    for (int stage = 0; stage < diagramStageCount; ++stage) {
      m_widget->showFrame(DiagramTimeline::lastFrameOf(static_cast<DiagramStage>(stage)));
      const QImage image = m_widget->canvas()->grab().toImage();
      QVERIFY(QDir().mkpath(QStringLiteral("screenshots")));
      image.save(QStringLiteral("screenshots/diagram-%1-%2x%3-%4-stage%5.png")
                     .arg(theme)
                     .arg(size.width())
                     .arg(size.height())
                     .arg(static_cast<int>(kind))
                     .arg(stage + 1));
      QVERIFY(!m_widget->canvas()->labels().empty());
      for (const QString &problem : labelProblems(*m_widget->canvas(), image, true)) {
        problems << QStringLiteral("%1 stage %2: %3").arg(describeStep({kind, 1})).arg(stage + 1).arg(problem);
      }
    }
  }
  for (const QString &control : clippedControls(*m_widget)) problems << QStringLiteral("control: ") + control;
  setHighContrastColours(false);
  QApplication::setPalette(savedPalette);
  m_widget->setFont(savedFont);
  problems.removeDuplicates();
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TstLivingDiagram::retranslatesLive() {
  m_widget->resize(1024, 768);
  m_widget->showFrame(DiagramTimeline::lastFrameOf(DiagramStage::WeightedSum));  // "5. Weighted sum …"
  const auto chinese = [](const QString &text) {
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF; });
  };
  const auto heading = [&] {
    const QStringList texts = paintedText(m_widget->canvas());
    return texts.isEmpty() ? QString() : texts.join(u' ');
  };
  QCOMPARE(m_widget->playButton()->text(), QStringLiteral("Play"));
  QCOMPARE(m_widget->exportButton()->text(), QStringLiteral("Export"));
  QVERIFY(!chinese(m_widget->canvas()->heading()));
  {
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/attnscope_zh_TW.qm")));
    QCoreApplication::installTranslator(&translator);  // the language switch: a LanguageChange to every widget
    // the widgets hear of it through a posted event
    QTRY_COMPARE(m_widget->playButton()->text(), QCoreApplication::translate("ui::LivingDiagramWidget", "Play"));
    QVERIFY(chinese(m_widget->playButton()->text()));
    QVERIFY(chinese(m_widget->backButton()->text()));
    QVERIFY(chinese(m_widget->exportButton()->text()));
    QVERIFY(chinese(m_widget->exportButton()->toolTip()));
    for (const QAction *entry : m_widget->exportButton()->menu()->actions()) QVERIFY(chinese(entry->text()));
    QVERIFY(chinese(m_widget->findChild<QLabel *>(QStringLiteral("diagramStage"))->text()));
    // the figure's own words, painted anew
    QVERIFY(chinese(m_widget->canvas()->heading()));
    for (const QChar c : m_widget->canvas()->heading()) {
      if (chinese(QString(c))) QVERIFY2(heading().contains(c), qPrintable(heading()));  // the new title is painted
    }
    QVERIFY2(!heading().contains(QStringLiteral("Weighted sum")), qPrintable(heading()));
    QCoreApplication::removeTranslator(&translator);
  }
  QTRY_COMPARE(m_widget->playButton()->text(), QStringLiteral("Play"));
  QCOMPARE(m_widget->exportButton()->text(), QStringLiteral("Export"));
  QVERIFY2(heading().contains(QStringLiteral("5. Weighted sum")), qPrintable(heading()));
}

void TstLivingDiagram::exportButtonOffersTheFrame() {
  QVERIFY(select(core::AttentionKind::EncoderSelf, 1, 0, 1));
  QToolButton *button = m_widget->exportButton();
  QVERIFY(button->isVisible() && button->isEnabled());
  QSignalSpy requested(m_widget.get(), &LivingDiagramWidget::exportRequested);
  const QList<QAction *> entries = button->menu()->actions();
  QCOMPARE(entries.size(), 3);
  for (QAction *entry : entries) entry->trigger();
  QCOMPARE(requested.size(), 3);
  QCOMPARE(requested[0][0].toString(), QStringLiteral("png"));
  QCOMPARE(requested[1][0].toString(), QStringLiteral("svg"));
  QCOMPARE(requested[2][0].toString(), QStringLiteral("clipboard"));
}

QTEST_MAIN(TstLivingDiagram)
#include "tst_living_diagram.moc"
