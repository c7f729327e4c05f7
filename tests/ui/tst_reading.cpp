// Reading the tokens the way people read text (issue 16 items 6–9, docs/reading.md), in the main
// window: the Reading toolbar's choices live in the ViewState and reach the heatmap, the word
// graph and the grids together; the numbers shown are the core's reading of the raw α̂; sink keys
// are marked and the heatmap gives the head's sink share; top-p picks the word graph's lines; the
// Text B field makes a sentence pair and the A → B filter shows one block of it; the Heads tab
// measures the matrices as the views read them.

#include <algorithm>
#include <cmath>
#include <memory>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPoint>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>

#include "analysis/head_analysis.h"
#include "analysis/methods/top_p.h"
#include "analysis/reading/token_reading.h"
#include "colour_scales.h"
#include "gui_test_support.h"
#include "head_analysis_controller.h"
#include "head_analysis_widget.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "job_runner.h"
#include "main_window.h"
#include "model_overview_widget.h"
#include "thumbnail_grid.h"
#include "view_state.h"
#include "word_graph_widget.h"

using namespace ui;

namespace {

const QString kBert = QStringLiteral(ATTNSCOPE_TEST_DATA "/peer/bert-tiny-short");

bool waitForViews(const MainWindow &window) {
  return QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 20000);
}

QStringList labels(const TokenSequence &sequence) {
  QStringList list;
  for (const TokenLabel &label : sequence.tokens) list << label.text;
  return list;
}

QStringList labels(const std::vector<std::string> &strings) {
  QStringList list;
  for (const std::string &s : strings) list << QString::fromStdString(s);
  return list;
}

}  // namespace

class TestReading : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { test::isolateSettings(); }
  void init();
  void cleanup() { m_window.reset(); }

  void wordsMergeEveryViewByTheRule();
  void hidingRescalesRowsInEveryView_data();
  void hidingRescalesRowsInEveryView();
  void hiddenTokenMissingFromNewTextIsReported();
  void sinkKeysAreMarkedWithTheHeadsShare();
  void overviewThumbnailsMarkTheSinkKeys();
  void topPChoosesTheWordGraphsLines();
  void textBMakesAPairAndTheFilterShowsOneBlock();
  void pairOnAModelWithoutTemplateSaysSo();
  void headsTabMeasuresTheMatricesAsRead();
  void headsCompareAndRolloutDrawWords();

 private:
  void openAndType(const QString &folder, const QString &text);
  std::unique_ptr<MainWindow> m_window;
};

void TestReading::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestReading::openAndType(const QString &folder, const QString &text) {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
  m_window->inputPanel()->setSourceText(text);
  QVERIFY(QTest::qWaitFor([&] {
    return m_window->analysis() && m_window->analysis()->sourceText == text.toStdString() && !m_window->isComputing();
  }, 20000));
}

void TestReading::wordsMergeEveryViewByTheRule() {
  openAndType(kBert, QStringLiteral("unbelievable attention"));
  const Analysis &analysis = *m_window->analysis();
  const int tokens = static_cast<int>(analysis.source.size());
  QVERIFY(tokens > 4);  // the word is split into pieces

  m_window->wordLevelToggle()->click();
  QVERIFY(m_window->viewState()->wordLevel());
  QVERIFY(waitForViews(*m_window));  // the read slices arrive from the Slices lane
  core::ReadingOptions reading;
  reading.words = true;
  const core::ReadingAxis axis = core::reading_axis(analysis.source.tokens, reading);
  QCOMPARE(labels(axis.labels), QStringList({"[CLS]", "unbelievable", "attention", "[SEP]"}));
  const AttentionSlice &heat = m_window->heatmap()->slice();
  const AttentionSlice &graph = m_window->wordGraph()->slice();
  QCOMPARE(labels(heat.keys), labels(axis.labels));
  QCOMPARE(labels(graph.queries), labels(axis.labels));
  // the shown numbers are the core's reading of the raw α̂, and rows still sum to 1
  const LayerStep step = m_window->viewState()->layerStep();
  const int head = m_window->heatmap()->head();
  const core::RowMatrix want = core::read_matrix(
      analysis.trace(true)->layers(step.kind)[static_cast<std::size_t>(step.layer)].heads[static_cast<std::size_t>(head)],
      axis, axis);
  const core::RowMatrix &shown = heat.heads[static_cast<std::size_t>(head)];
  QCOMPARE(shown.rows(), want.rows());
  QVERIFY((shown - want).cwiseAbs().maxCoeff() < 1e-6f);
  for (Eigen::Index i = 0; i < shown.rows(); ++i) QVERIFY(std::abs(shown.row(i).sum() - 1.0f) < 1e-5f);
  // the rule is shown
  QVERIFY(m_window->heatmap()->title().contains(QStringLiteral("keys summed, queries averaged")));
  // and undone by the same toggle
  m_window->wordLevelToggle()->click();
  QVERIFY(waitForViews(*m_window));  // the read slices arrive from the Slices lane
  QCOMPARE(m_window->heatmap()->slice().cols(), tokens);
}

void TestReading::hidingRescalesRowsInEveryView_data() {
  QTest::addColumn<bool>("special");
  QTest::addColumn<QString>("token");
  QTest::addColumn<QStringList>("gone");
  QTest::newRow("special tokens") << true << QString() << QStringList({"[CLS]", "[SEP]"});
  QTest::newRow("chosen token") << false << QStringLiteral("the") << QStringList({"the"});
}

void TestReading::hidingRescalesRowsInEveryView() {
  QFETCH(bool, special);
  QFETCH(QString, token);
  QFETCH(QStringList, gone);
  openAndType(kBert, QStringLiteral("the cat sat on the mat"));
  if (special) {
    m_window->hideSpecialToggle()->click();
  } else {
    QComboBox *chooser = m_window->hiddenTokenChooser();
    QVERIFY(QTest::qWaitFor([&] { return chooser->findData(token) > 0; }, 5000));
    const int index = chooser->findData(token);
    QVERIFY(index > 0);
    chooser->setCurrentIndex(index);
    emit chooser->activated(index);
    QCOMPARE(m_window->viewState()->hiddenToken(), token);
  }
  QVERIFY(waitForViews(*m_window));  // the read slices arrive from the Slices lane
  for (const AttentionSlice *slice : {&m_window->heatmap()->slice(), &m_window->wordGraph()->slice()}) {
    for (const QString &label : gone) {
      QVERIFY2(!labels(slice->keys).contains(label), qPrintable(label));
      QVERIFY2(!labels(slice->queries).contains(label), qPrintable(label));
    }
    for (const core::RowMatrix &head : slice->heads) {
      for (Eigen::Index i = 0; i < head.rows(); ++i) QVERIFY(std::abs(head.row(i).sum() - 1.0f) < 1e-5f);
    }
  }
}

void TestReading::hiddenTokenMissingFromNewTextIsReported() {
  openAndType(kBert, QStringLiteral("the cat sat"));
  m_window->viewState()->setHiddenToken(QStringLiteral("cat"));
  m_window->inputPanel()->setSourceText(QStringLiteral("a dog ran"));
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis()->sourceText == "a dog ran" && !m_window->isComputing(); }, 20000));
  QVERIFY(QTest::qWaitFor([&] { return m_window->statusBar()->currentMessage().contains(QStringLiteral("token to hide \"cat\" is not in the text")); }, 5000));
  // the choice stays listed, and the views show every token
  QCOMPARE(m_window->hiddenTokenChooser()->currentData().toString(), QStringLiteral("cat"));
  QCOMPARE(m_window->heatmap()->slice().cols(), static_cast<int>(m_window->analysis()->source.size()));
}

void TestReading::sinkKeysAreMarkedWithTheHeadsShare() {
  openAndType(kBert, QStringLiteral("the cat sat on the mat"));
  const AttentionSlice &slice = m_window->heatmap()->slice();
  QVERIFY(slice.keys.tokens.front().sink);  // [CLS], the first token
  QVERIFY(slice.keys.tokens.back().sink);   // [SEP]
  QVERIFY(!slice.keys.tokens[2].sink);
  // the share is the Heads tab's sink metric of the same head
  const Analysis &analysis = *m_window->analysis();
  const LayerStep step = m_window->viewState()->layerStep();
  const int head = m_window->heatmap()->head();
  const core::HeadMetrics metrics = core::compute_head_metrics(
      analysis.trace(true)->layers(step.kind)[static_cast<std::size_t>(step.layer)].heads[static_cast<std::size_t>(head)],
      step.kind, core::sink_positions(analysis.source));
  QVERIFY(std::abs(slice.sinkShare[static_cast<std::size_t>(head)] - metrics.sink) < 1e-6);
  QVERIFY(m_window->heatmap()->title().contains(QStringLiteral("sink share %1").arg(metrics.sink, 0, 'f', 2)));
}

void TestReading::overviewThumbnailsMarkTheSinkKeys() {
  openAndType(kBert, QStringLiteral("the cat sat on the mat"));
  m_window->tabs()->setCurrentWidget(m_window->overview());
  ThumbnailGrid *grid = m_window->overview()->grid();
  QVERIFY(test::waitForOverview(*m_window));  // the thumbnails and their marks come from the JobRunner
  const int tokens = static_cast<int>(m_window->analysis()->source.size());
  const QImage image = grid->grab().toImage();
  const QColor background = grid->palette().color(QPalette::Window);
  for (int row = 0; row < grid->rowCount(); ++row) {
    for (int column = 0; column < grid->columnCount(); ++column) {
      const Thumbnail &thumbnail = grid->thumbnails()[row * grid->columnCount() + column];
      // [CLS] and [SEP], the first and last keys, are the sinks, as in the heatmap
      QCOMPARE(thumbnail.sinkKeys.size(), tokens);
      for (int key = 0; key < tokens; ++key) {
        const bool sink = key == 0 || key == tokens - 1;
        QCOMPARE(bool(thumbnail.sinkKeys[key]), sink);
        const QPoint mark = grid->sinkMarkerRect(row, column, key).center().toPoint();
        if (sink) QVERIFY(test::colourDistance(image.pixel(mark), sinkMarkerColour().rgb()) <= 12);
        else QVERIFY(test::colourDistance(image.pixel(mark), background.rgb()) <= 3);
      }
      QVERIFY(thumbnail.toolTip.contains(QStringLiteral("Sink share ")));
    }
  }
  // each head's share in its tooltip is the heatmap's
  const AttentionSlice &slice = m_window->heatmap()->slice();
  const LayerStep step = m_window->viewState()->layerStep();
  const Thumbnail &shown = grid->thumbnails()[step.layer * grid->columnCount() + 1];
  QVERIFY2(shown.toolTip.contains(QStringLiteral("Sink share %1").arg(slice.sinkShare[1], 0, 'f', 2)),
           qPrintable(shown.toolTip));
}

void TestReading::topPChoosesTheWordGraphsLines() {
  openAndType(kBert, QStringLiteral("the cat sat on the mat"));
  QComboBox *filter = m_window->edgeFilterChooser();
  filter->setCurrentIndex(filter->findData(static_cast<int>(ViewState::EdgeFilter::TopP)));
  QCOMPARE(m_window->viewState()->edgeFilter(), ViewState::EdgeFilter::TopP);
  m_window->topPBox()->setValue(0.5);
  QCOMPARE(m_window->viewState()->topP(), 0.5);
  QCOMPARE(m_window->wordGraph()->topP(), 0.5f);
  QVERIFY(!m_window->thresholdSlider()->isEnabled());
  // the lines drawn are, per visible head and query, exactly the top-p keys
  const AttentionSlice &slice = m_window->wordGraph()->slice();
  const QVector<bool> &visible = m_window->wordGraph()->visibleHeads();
  int want = 0;
  for (int h = 0; h < slice.headCount(); ++h) {
    if (h < visible.size() && !visible[h]) continue;
    for (int q = 0; q < slice.rows(); ++q) {
      want += static_cast<int>(core::top_p_keys(slice.heads[static_cast<std::size_t>(h)].row(q), 0.5).size());
    }
  }
  QCOMPARE(m_window->wordGraph()->visibleLineCount(), want);
  // back to the threshold
  filter->setCurrentIndex(filter->findData(static_cast<int>(ViewState::EdgeFilter::Threshold)));
  QCOMPARE(m_window->wordGraph()->topP(), 0.0f);
  QVERIFY(m_window->thresholdSlider()->isEnabled());
}

void TestReading::textBMakesAPairAndTheFilterShowsOneBlock() {
  openAndType(kBert, QStringLiteral("the cat sat"));
  QVERIFY(!m_window->pairFilterChooser()->isEnabled());
  m_window->inputPanel()->setPairText(QStringLiteral("it was happy"));
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis()->sourcePairText == "it was happy" && !m_window->isComputing(); }, 20000));
  const Analysis &analysis = *m_window->analysis();
  QCOMPARE(m_window->viewState()->pairText(), QStringLiteral("it was happy"));
  QVERIFY(!analysis.source.sequence_ids.empty());
  QVERIFY(std::count(analysis.source.tokens.begin(), analysis.source.tokens.end(), "[SEP]") == 2);
  QCOMPARE(analysis.source.type_ids.back(), 1);  // text B reads token type 1
  // (the toolbar follows the result once applyAnalysis is done: a queued update)
  QVERIFY(QTest::qWaitFor([&] { return m_window->pairFilterChooser()->isEnabled(); }, 5000));

  QComboBox *pair = m_window->pairFilterChooser();
  pair->setCurrentIndex(pair->findData(QPoint(0, 1)));  // A → B
  QCOMPARE(m_window->viewState()->pairQueryText(), 0);
  QCOMPARE(m_window->viewState()->pairKeyText(), 1);
  QVERIFY(waitForViews(*m_window));  // the read slices arrive from the Slices lane
  const auto count = [&](int text) {
    return static_cast<int>(std::count(analysis.source.sequence_ids.begin(), analysis.source.sequence_ids.end(), text));
  };
  const AttentionSlice &slice = m_window->heatmap()->slice();
  QCOMPARE(slice.rows(), count(0));
  QCOMPARE(slice.cols(), count(1));
  QStringList textB;
  for (std::size_t t = 0; t < analysis.source.size(); ++t) {
    if (analysis.source.sequence_ids[t] == 1) textB << QString::fromStdString(analysis.source.tokens[t]);
  }
  QCOMPARE(labels(slice.keys), textB);
  // the block itself: not rescaled
  const int head = m_window->heatmap()->head();
  const LayerStep step = m_window->viewState()->layerStep();
  const core::RowMatrix &alpha = analysis.trace(true)->layers(step.kind)[static_cast<std::size_t>(step.layer)].heads[static_cast<std::size_t>(head)];
  const auto firstOf = [&](int text) {
    return static_cast<int>(std::find(analysis.source.sequence_ids.begin(), analysis.source.sequence_ids.end(), text) -
                            analysis.source.sequence_ids.begin());
  };
  QCOMPARE(slice.heads[static_cast<std::size_t>(head)](0, 0), alpha(firstOf(0), firstOf(1)));
  // clearing Text B goes back to one text
  m_window->inputPanel()->setPairText(QString());
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis()->sourcePairText.empty() && !m_window->isComputing(); }, 20000));
  QVERIFY(m_window->analysis()->source.sequence_ids.empty());
  QVERIFY(QTest::qWaitFor([&] { return !m_window->pairFilterChooser()->isEnabled(); }, 5000));
}

void TestReading::pairOnAModelWithoutTemplateSaysSo() {
  openAndType(QStringLiteral(ATTNSCOPE_TEST_DATA "/peer/marian-tiny-short"), QStringLiteral("a b"));
  m_window->inputPanel()->setPairText(QStringLiteral("c d"));
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis()->sourcePairText == "c d" && !m_window->isComputing(); }, 20000));
  QCOMPARE(m_window->analysis()->error,
           QStringLiteral("this model's tokenizer has no template for a text pair; give one text"));
  QVERIFY(m_window->heatmap()->slice().empty());
}

// The Heads tab's metrics follow the Reading toolbar, as `attnscope-cli heads --words
// --hide-special` does: positions count words, a hidden special token is no sink.
void TestReading::headsTabMeasuresTheMatricesAsRead() {
  openAndType(kBert, QStringLiteral("unbelievable attention"));
  HeadAnalysisWidget *heads = m_window->headAnalysis();
  const auto metricsRead = [&](bool words, bool special) {
    return QTest::qWaitFor([&] {
      const HeadAnalysisResult *shown = heads->shownResult();
      return shown && shown->analysis == m_window->analysis() && shown->reading.words == words &&
             shown->reading.hide_special == special;
    }, 20000);
  };
  QVERIFY(metricsRead(false, false));
  const core::HeadRef first{core::AttentionKind::EncoderSelf, 0, 0};
  const core::HeadMetrics tokens = *heads->shownResult()->report.find(first);
  QVERIFY(tokens.sink_special > 0.0);  // [SEP] takes some weight

  m_window->wordLevelToggle()->click();
  QVERIFY(metricsRead(true, false));
  const Analysis &analysis = *m_window->analysis();
  // layer 0 head 0's α̂ read as words, its entropy by hand: mean_i −Σ_j w_ij ln w_ij
  core::ReadingOptions words;
  words.words = true;
  const core::ReadingAxis axis = core::reading_axis(analysis.source.tokens, words);
  QCOMPARE(axis.size(), 4);  // [CLS] unbelievable attention [SEP]
  const core::RowMatrix read =
      core::read_matrix(analysis.trace(true)->layers(core::AttentionKind::EncoderSelf)[0].heads[0], axis, axis);
  double entropy = 0.0;
  for (Eigen::Index i = 0; i < read.rows(); ++i) {
    for (Eigen::Index j = 0; j < read.cols(); ++j) {
      const double w = read(i, j);
      if (w > 0.0) entropy -= w * std::log(w);
    }
  }
  entropy /= static_cast<double>(read.rows());
  const core::HeadMetrics asWords = *heads->shownResult()->report.find(first);
  QVERIFY2(std::abs(asWords.entropy - entropy) < 1e-5, qPrintable(QStringLiteral("%1 vs %2").arg(asWords.entropy).arg(entropy)));
  QVERIFY(std::abs(asWords.entropy - tokens.entropy) > 1e-3);  // not the tokens' numbers
  // distances count words now: at most 3 apart
  QVERIFY(asWords.mean_distance && *asWords.mean_distance <= 3.0);
  QVERIFY(tokens.mean_distance && *tokens.mean_distance > *asWords.mean_distance);

  m_window->hideSpecialToggle()->click();
  QVERIFY(metricsRead(true, true));
  // a hidden special token is no sink, in every head
  for (const core::KindHeads &kind : heads->shownResult()->report.kinds) {
    for (const core::HeadMetrics &metrics : kind.metrics) QCOMPARE(metrics.sink_special, 0.0);
  }
  const double hiddenEntropy = heads->shownResult()->report.find(first)->entropy;
  // a token to hide that the text lacks hides nothing, as in the views, and is no error
  m_window->viewState()->setHiddenToken(QStringLiteral("dog"));
  QVERIFY(QTest::qWaitFor([&] {
    const HeadAnalysisResult *shown = heads->shownResult();
    return shown && shown->reading.hide_tokens == std::vector<std::string>{"dog"};
  }, 20000));
  QVERIFY(heads->shownResult()->error.isEmpty());
  QCOMPARE(heads->shownResult()->report.find(first)->entropy, hiddenEntropy);
}

// The Heads tab's Compare and Rollout pages follow the Words toggle of the view state, as the
// views and the metrics beside them do: both heads' word graphs and heatmaps, the rollout and the
// layer's mean are drawn over words, with the numbers the core's reading of the tokens' matrices.
void TestReading::headsCompareAndRolloutDrawWords() {
  openAndType(kBert, QStringLiteral("unbelievable attention"));
  HeadAnalysisWidget *heads = m_window->headAnalysis();
  const Analysis &analysis = *m_window->analysis();
  const int tokens = static_cast<int>(analysis.source.size());
  QVERIFY(tokens > 4);  // "unbelievable" is several pieces
  auto *mean = heads->findChild<HeatmapWidget *>(QStringLiteral("rolloutMeanHeatmap"));
  QVERIFY(mean);
  // Compare and Rollout draw what arrives from their JobRunner lanes
  const auto pagesBuilt = [&] {
    const JobRunner *runner = m_window->jobRunner();
    return !runner->isBusy(JobLane::HeadCompare) && !runner->isBusy(JobLane::HeadRollout);
  };
  QVERIFY(QTest::qWaitFor([&] { return heads->shownResult() && !heads->rolloutHeatmap()->slice().empty(); }, 20000));
  QVERIFY(QTest::qWaitFor(pagesBuilt, 20000));
  QCOMPARE(heads->compareHeatmap(0)->slice().cols(), tokens);
  QCOMPARE(heads->rolloutHeatmap()->slice().cols(), tokens);

  m_window->viewState()->setWordLevel(true);
  QVERIFY(QTest::qWaitFor([&] {
    const HeadAnalysisResult *shown = heads->shownResult();
    return shown && shown->reading.words && heads->rolloutHeatmap()->slice().cols() != tokens;
  }, 20000));
  QVERIFY(QTest::qWaitFor(pagesBuilt, 20000));
  core::ReadingOptions words;
  words.words = true;
  const core::ReadingAxis axis = core::reading_axis(analysis.source.tokens, words);
  const QStringList wordLabels = labels(axis.labels);
  QCOMPARE(wordLabels, QStringList({"[CLS]", "unbelievable", "attention", "[SEP]"}));
  const core::AttentionTrace &trace = *analysis.trace(true);
  // Compare: each side's word graph and heatmap over words, the heatmap's head read by the rule
  for (int side = 0; side < 2; ++side) {
    const core::HeadRef head = heads->comparedHead(side);
    QCOMPARE(head.kind, core::AttentionKind::EncoderSelf);
    const AttentionSlice &heat = heads->compareHeatmap(side)->slice();
    const AttentionSlice &graph = heads->compareWordGraph(side)->slice();
    QCOMPARE(labels(heat.queries), wordLabels);
    QCOMPARE(labels(heat.keys), wordLabels);
    QCOMPARE(labels(graph.queries), wordLabels);
    QCOMPARE(labels(graph.keys), wordLabels);
    const core::RowMatrix want = core::read_matrix(trace.attention(head.kind, head.layer, head.head), axis, axis);
    const core::RowMatrix &shown = heat.heads[static_cast<std::size_t>(head.head)];
    QCOMPARE(shown.rows(), Eigen::Index{4});
    QCOMPARE(shown.cols(), Eigen::Index{4});
    QVERIFY((shown - want).cwiseAbs().maxCoeff() < 1e-6f);
    QVERIFY(heads->compareHeatmap(side)->title().contains(QStringLiteral("keys summed, queries averaged")));
  }
  // Rollout: R_l over the tokens, then read; the mean of the layer's heads likewise
  const int layer = heads->findChild<QSpinBox *>(QStringLiteral("rolloutLayer"))->value() - 1;
  const std::vector<core::RowMatrix> rollout = core::attention_rollout(trace.encoder_self);
  const AttentionSlice &rolled = heads->rolloutHeatmap()->slice();
  QCOMPARE(labels(rolled.queries), wordLabels);
  QCOMPARE(labels(rolled.keys), wordLabels);
  QCOMPARE(rolled.headCount(), 1);
  const core::RowMatrix wantRollout = core::read_matrix(rollout[static_cast<std::size_t>(layer)], axis, axis);
  QVERIFY((rolled.heads[0] - wantRollout).cwiseAbs().maxCoeff() < 1e-6f);
  const core::LayerAttention &layerHeads = trace.encoder_self[static_cast<std::size_t>(layer)];
  core::RowMatrix tokenMean = core::RowMatrix::Zero(tokens, tokens);
  for (const core::RowMatrix &head : layerHeads.heads) tokenMean += head;
  tokenMean /= static_cast<float>(layerHeads.heads.size());
  const AttentionSlice &meanSlice = mean->slice();
  QCOMPARE(labels(meanSlice.keys), wordLabels);
  QVERIFY((meanSlice.heads[0] - core::read_matrix(tokenMean, axis, axis)).cwiseAbs().maxCoeff() < 1e-6f);
  QVERIFY(mean->title().contains(QStringLiteral("Mean of %1 head").arg(layerHeads.heads.size())));
  QVERIFY(mean->title().contains(QStringLiteral("keys summed, queries averaged")));

  // and back to tokens with the same toggle
  m_window->viewState()->setWordLevel(false);
  QVERIFY(QTest::qWaitFor([&] { return heads->rolloutHeatmap()->slice().cols() == tokens; }, 20000));
  QVERIFY(QTest::qWaitFor(pagesBuilt, 20000));
  QCOMPARE(heads->compareHeatmap(0)->slice().cols(), tokens);
  QCOMPARE(heads->compareWordGraph(1)->slice().rows(), tokens);
  QCOMPARE(mean->slice().cols(), tokens);
}

QTEST_MAIN(TestReading)
#include "tst_reading.moc"
