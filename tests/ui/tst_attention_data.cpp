// The data the views are given: geometry functions, colour scales, layer steps, analyses of real
// model folders, slices, the table model, and the worker's handling of stale requests.

#include <cmath>
#include <limits>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "analysis.h"
#include "analysis_controller.h"
#include "job_runner.h"
#include "attention_geometry.h"
#include "attention_slice.h"
#include "attention_table_model.h"
#include "colour_scales.h"
#include "layer_steps.h"
#include "families/load_model.h"
#include "model/prepare_inputs.h"
#include "gui_test_support.h"

using namespace ui;

namespace {

std::shared_ptr<const core::Model> loadModel(const QString &relative) {
  return std::make_shared<const core::Model>(core::load_model(test::testData(relative).toStdString()));
}

Analysis analyse(const std::shared_ptr<const core::Model> &model, const std::string &source, const std::string &target = {},
                 bool positionalEncoding = true) {
  AnalysisRequest request;
  request.id = 1;
  request.model = model;
  request.source = source;
  request.target = target;
  request.positionalEncoding = positionalEncoding;
  return runAnalysis(request);
}

}  // namespace

class TestAttentionData : public QObject {
  Q_OBJECT

 private slots:
  void lineGeometryGrowsWithWeight_data();
  void lineGeometryGrowsWithWeight();
  void lineGeometryClampsOddWeights();
  void tokenRowsRoundTrip();
  void cellRectsRoundTrip();
  void layerStepsWalkEncoderThenDecoder_data();
  void layerStepsWalkEncoderThenDecoder();
  void colourScalesKeepMaskDistinct();
  void analysesOfRealModels_data();
  void analysesOfRealModels();
  void unknownAndTruncatedTokensAreMarked();
  void aPassOverTheMemoryBudgetComesBackAsAMessage();
  void eachEncodingSettingHasItsOwnTrace();
  void slicesFollowTheGenerationStep();
  void tableModelReportsValuesAndMask();
  void generationBudgetStaysInRange();
  void controllerDropsStaleResults();
  void loadErrorsComeBackAsMessages();
  void aGgufOpenOverTheMemoryBudgetComesBackAsAMessage();
};

void TestAttentionData::lineGeometryGrowsWithWeight_data() {
  QTest::addColumn<float>("lighter");
  QTest::addColumn<float>("heavier");
  QTest::newRow("0 → 0.1") << 0.0f << 0.1f;
  QTest::newRow("0.1 → 0.5") << 0.1f << 0.5f;
  QTest::newRow("0.5 → 0.9") << 0.5f << 0.9f;
  QTest::newRow("0.9 → 1") << 0.9f << 1.0f;
}

void TestAttentionData::lineGeometryGrowsWithWeight() {
  QFETCH(float, lighter);
  QFETCH(float, heavier);
  QVERIFY(geometry::lineWidth(heavier) > geometry::lineWidth(lighter));
  QVERIFY(geometry::lineOpacity(heavier) > geometry::lineOpacity(lighter));
}

void TestAttentionData::lineGeometryClampsOddWeights() {
  QCOMPARE(geometry::lineWidth(0.0f), geometry::kMinLineWidth);
  QCOMPARE(geometry::lineWidth(1.0f), geometry::kMaxLineWidth);
  QCOMPARE(geometry::lineWidth(2.0f), geometry::kMaxLineWidth);
  QCOMPARE(geometry::lineWidth(std::numeric_limits<float>::quiet_NaN()), geometry::kMinLineWidth);
  QCOMPARE(geometry::lineOpacity(1.0f), 1.0);
  QVERIFY(geometry::lineOpacity(0.0f) > 0.0);
}

void TestAttentionData::tokenRowsRoundTrip() {
  for (int index = 0; index < 7; ++index) {
    const double y = geometry::tokenCentreY(10, 70, 7, index);
    QCOMPARE(geometry::tokenAt(10, 70, 7, y), index);
  }
  QCOMPARE(geometry::tokenAt(10, 70, 7, 9.9), -1);
  QCOMPARE(geometry::tokenAt(10, 70, 7, 80.0), -1);
  QCOMPARE(geometry::tokenAt(10, 70, 0, 20.0), -1);
}

void TestAttentionData::cellRectsRoundTrip() {
  const QRectF area(5, 7, 300, 200);
  for (int row = 0; row < 4; ++row) {
    for (int col = 0; col < 6; ++col) {
      const QRectF cell = geometry::cellRect(area, 4, 6, row, col);
      QCOMPARE(cell.size(), QSizeF(50, 50));
      QCOMPARE(geometry::cellAt(area, 4, 6, cell.center()), QPoint(col, row));
    }
  }
  QCOMPARE(geometry::cellAt(area, 4, 6, QPointF(0, 0)), QPoint(-1, -1));
}

void TestAttentionData::layerStepsWalkEncoderThenDecoder_data() {
  QTest::addColumn<int>("architecture");
  QTest::addColumn<QStringList>("expected");
  QTest::newRow("encoder-decoder") << int(core::Architecture::EncoderDecoder)
                                   << QStringList{"Encoder layer 1 · self-attention", "Encoder layer 2 · self-attention",
                                                  "Decoder layer 1 · masked self-attention",
                                                  "Decoder layer 1 · cross-attention",
                                                  "Decoder layer 2 · masked self-attention",
                                                  "Decoder layer 2 · cross-attention"};
  QTest::newRow("encoder only") << int(core::Architecture::EncoderOnly)
                                << QStringList{"Encoder layer 1 · self-attention", "Encoder layer 2 · self-attention"};
  QTest::newRow("decoder only") << int(core::Architecture::DecoderOnly)
                                << QStringList{"Decoder layer 1 · masked self-attention",
                                               "Decoder layer 2 · masked self-attention"};
}

void TestAttentionData::layerStepsWalkEncoderThenDecoder() {
  QFETCH(int, architecture);
  QFETCH(QStringList, expected);
  core::ModelSpec config;
  config.architecture = static_cast<core::Architecture>(architecture);
  config.encoder.blocks.resize(config.has_encoder() ? 2 : 0);
  config.decoder.blocks.resize(config.has_decoder() ? 2 : 0);
  QStringList names;
  for (const LayerStep &step : layerSteps(config)) names << describeStep(step);
  QCOMPARE(names, expected);
}

void TestAttentionData::colourScalesKeepMaskDistinct() {
  for (int i = 0; i <= 20; ++i) {
    QVERIFY2(test::colourDistance(weightColour(i / 20.0f).rgb(), maskColour()) > 24, qPrintable(QString::number(i)));
    QVERIFY(test::colourDistance(differenceColour(i / 10.0f - 1.0f, 1.0f).rgb(), maskColour()) > 24);
  }
  QVERIFY(test::colourDistance(weightColour(0).rgb(), weightColour(1)) > 100);
  const QColor zero = differenceColour(0, 0.5f);
  QVERIFY(zero.red() > 240 && zero.green() > 240 && zero.blue() > 240);
  QVERIFY(differenceColour(0.5f, 0.5f).red() > differenceColour(0.5f, 0.5f).blue());
  QVERIFY(differenceColour(-0.5f, 0.5f).blue() > differenceColour(-0.5f, 0.5f).red());
  QVERIFY(headColour(0) != headColour(1));
}

void TestAttentionData::analysesOfRealModels_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("source");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("firstSourceToken");
  QTest::addColumn<bool>("generated");
  QTest::newRow("native, typed target") << "torch/encdec-post-relu" << "the cat sat on the mat" << "die katze sass"
                                        << "the" << false;
  QTest::newRow("native, generated") << "torch/encdec-post-relu" << "a dog saw a bird" << "" << "a" << true;
  QTest::newRow("marian subwords") << "peer/marian-tiny-short" << "The quick brown fox" << "" << "▁The" << true;
  QTest::newRow("bert encoder") << "peer/bert-tiny-short" << "The quick brown fox" << "" << "[CLS]" << false;
  QTest::newRow("gpt2 decoder") << "peer/gpt2-tiny-short" << "The quick brown fox" << "" << "" << false;
}

void TestAttentionData::analysesOfRealModels() {
  QFETCH(QString, model);
  QFETCH(QString, source);
  QFETCH(QString, target);
  QFETCH(QString, firstSourceToken);
  QFETCH(bool, generated);
  const auto loaded = loadModel(model);
  const Analysis analysis = analyse(loaded, source.toStdString(), target.toStdString());
  QVERIFY2(analysis.error.isEmpty(), qPrintable(analysis.error));
  QCOMPARE(analysis.generated, generated);
  QVERIFY(analysis.withPe);
  QVERIFY(!analysis.withoutPe);
  if (!firstSourceToken.isEmpty()) QCOMPARE(QString::fromStdString(analysis.source.tokens.front()), firstSourceToken);
  if (generated) QVERIFY(!analysis.generatedText.isNull());

  const core::ModelSpec &config = loaded->spec();
  for (const LayerStep &step : layerSteps(config)) {
    const AttentionSlice slice = makeSlice(analysis, step, {});
    QVERIFY2(!slice.empty(), qPrintable(describeStep(step)));
    QCOMPARE(slice.headCount(), config.heads());
    for (const core::RowMatrix &head : slice.heads) {
      QCOMPARE(int(head.rows()), slice.rows());
      QCOMPARE(int(head.cols()), slice.cols());
      for (int q = 0; q < slice.rows(); ++q) {
        QVERIFY(std::abs(head.row(q).sum() - 1.0f) < 1e-4f);
        for (int k = q + 1; slice.causal && k < slice.cols(); ++k) QCOMPARE(head(q, k), 0.0f);
      }
    }
  }
}

void TestAttentionData::aPassOverTheMemoryBudgetComesBackAsAMessage() {
  AnalysisRequest request;
  request.id = 1;
  request.model = loadModel(QStringLiteral("peer/gpt2-tiny-short"));
  request.source = "The quick brown fox";
  request.memoryBudget = 1024;
  const Analysis refused = runAnalysis(request);
  QVERIFY2(refused.error.contains(QStringLiteral("but the memory budget is 1.0 KiB")), qPrintable(refused.error));
  QVERIFY(!refused.withPe);
  request.memoryBudget = 64 * 1024 * 1024;
  const Analysis passed = runAnalysis(request);
  QVERIFY2(passed.error.isEmpty(), qPrintable(passed.error));
  QVERIFY(passed.withPe);

  // Settings ▸ Memory budget: MiB, or 0 for half the available RAM
  QCOMPARE(memoryBudgetBytes(1024), std::size_t(1) << 30);
  QVERIFY(memoryBudgetBytes(0) > 0);
}

void TestAttentionData::unknownAndTruncatedTokensAreMarked() {
  const auto model = loadModel(QStringLiteral("torch/encdec-post-relu"));
  const Analysis unknown = analyse(model, "the zebra sat", "die katze");
  const TokenSequence tokens = tokenSequence(unknown.source);
  QCOMPARE(tokens.tokens.size(), 4);
  QVERIFY(!tokens.tokens[0].unknown);
  QVERIFY(tokens.tokens[1].unknown);
  QCOMPARE(tokens.droppedCount, 0);

  // max_positions is 16: twenty words are cut, the end token kept.
  const Analysis longText =
      analyse(model, "the cat sat on the mat the cat sat on the mat the cat sat on the mat the cat", "die");
  const TokenSequence cut = tokenSequence(longText.source);
  QCOMPARE(cut.tokens.size(), 16);
  QVERIFY(cut.droppedCount > 0);
  QCOMPARE(cut.tokens.back().text, QStringLiteral("</s>"));
}

// The views' pass has the setting on show only; PE on against off is the What If tab's comparison
// (tst_whatif, tst_main_window).
void TestAttentionData::eachEncodingSettingHasItsOwnTrace() {
  const auto model = loadModel(QStringLiteral("torch/encdec-post-relu"));
  const Analysis withPe = analyse(model, "the cat sat on the mat", "die katze sass", true);
  const Analysis withoutPe = analyse(model, "the cat sat on the mat", "die katze sass", false);
  QVERIFY(withPe.withPe && !withPe.withoutPe);
  QVERIFY(withoutPe.withoutPe && !withoutPe.withPe);
  const LayerStep step{core::AttentionKind::EncoderSelf, 0};
  SliceOptions options;
  const AttentionSlice on = makeSlice(withPe, step, options);
  QVERIFY(makeSlice(withoutPe, step, options).empty());  // no trace with PE in it
  options.positionalEncoding = false;
  const AttentionSlice off = makeSlice(withoutPe, step, options);
  QCOMPARE(off.scale, ValueScale::Weights);
  // Without the positional encoding the two "the" tokens are indistinguishable: identical rows.
  QVERIFY((off.heads[0].row(0) - off.heads[0].row(4)).cwiseAbs().maxCoeff() < 1e-5f);
  QVERIFY((on.heads[0].row(0) - on.heads[0].row(4)).cwiseAbs().maxCoeff() > 1e-3f);
}

void TestAttentionData::slicesFollowTheGenerationStep() {
  const auto model = loadModel(QStringLiteral("torch/encdec-post-relu"));
  const Analysis analysis = analyse(model, "the cat sat", "die katze sass auf");  // <s> + 4 words
  QCOMPARE(int(analysis.target.size()), 5);
  SliceOptions options;
  options.decoderLength = 3;
  const AttentionSlice self = makeSlice(analysis, {core::AttentionKind::DecoderSelf, 1}, options);
  QCOMPARE(self.rows(), 3);
  QCOMPARE(self.cols(), 3);
  QVERIFY(self.causal);
  QCOMPARE(self.newestQuery, 2);
  const AttentionSlice full = makeSlice(analysis, {core::AttentionKind::DecoderSelf, 1}, {});
  QVERIFY(full.heads[0].topLeftCorner(3, 3).isApprox(self.heads[0]));
  QCOMPARE(full.newestQuery, -1);
  const AttentionSlice cross = makeSlice(analysis, {core::AttentionKind::DecoderCross, 0}, options);
  QCOMPARE(cross.rows(), 3);
  QCOMPARE(cross.cols(), int(analysis.source.size()));
  QVERIFY(!cross.causal);
  const AttentionSlice encoder = makeSlice(analysis, {core::AttentionKind::EncoderSelf, 0}, options);
  QCOMPARE(encoder.rows(), int(analysis.source.size()));
  QCOMPARE(encoder.newestQuery, -1);
}

void TestAttentionData::tableModelReportsValuesAndMask() {
  core::RowMatrix weights(3, 3);
  weights << 1, 0, 0, 0.25f, 0.75f, 0, 0.2f, 0.3f, 0.5f;
  auto slice = std::make_shared<AttentionSlice>(test::makeTestSlice({weights}, true));
  slice->keys.tokens[1].unknown = true;
  AttentionTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setSlice(slice, 0);
  QCOMPARE(model.rowCount(), 3);
  QCOMPARE(model.columnCount(), 3);
  QCOMPARE(model.data(model.index(1, 1), AttentionTableModel::ValueRole).toFloat(), 0.75f);
  QVERIFY(model.data(model.index(0, 2), AttentionTableModel::MaskedRole).toBool());
  QVERIFY(!model.data(model.index(0, 2), AttentionTableModel::ValueRole).isValid());
  QVERIFY(!model.data(model.index(2, 0), AttentionTableModel::MaskedRole).toBool());
  const QString tip = model.data(model.index(1, 0), Qt::ToolTipRole).toString();
  QVERIFY2(tip.contains(QStringLiteral("q1")) && tip.contains(QStringLiteral("k0")) && tip.contains(QStringLiteral("0.2500")),
           qPrintable(tip));
  QVERIFY(model.data(model.index(0, 1), Qt::ToolTipRole).toString().contains(QStringLiteral("Masked")));
  QCOMPARE(model.headerData(2, Qt::Vertical).toString(), QStringLiteral("q2"));
  QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("k1"));
  QVERIFY(model.headerData(1, Qt::Horizontal, AttentionTableModel::UnknownTokenRole).toBool());
  model.setSlice({}, 0);
  QCOMPARE(model.rowCount(), 0);
}

void TestAttentionData::generationBudgetStaysInRange() {
  core::ModelSpec config;
  config.max_positions = 16;
  // core::prepare_inputs' budget, the same for the GUI, the CLI and the head analysis
  QCOMPARE(core::generation_budget(config, 3), 14);
  QCOMPARE(core::generation_budget(config, 100), 15);
  config.max_positions = 512;
  QCOMPARE(core::generation_budget(config, 4), 16);
}

void TestAttentionData::controllerDropsStaleResults() {
  JobRunner runner;
  AnalysisController controller(&runner);
  QSignalSpy ready(&controller, &AnalysisController::analysisReady);
  QSignalSpy busy(&controller, &AnalysisController::busyChanged);
  const auto model = loadModel(QStringLiteral("peer/marian-tiny-short"));
  quint64 last = 0;
  for (const char *text : {"The", "The quick", "The quick brown", "The quick brown fox"}) {
    AnalysisRequest request;
    request.model = model;
    request.source = text;
    last = controller.analyse(request);
  }
  QVERIFY(controller.isBusy());
  QTRY_COMPARE(ready.count(), 1);
  QTest::qWait(100);  // nothing older arrives afterwards
  QCOMPARE(ready.count(), 1);
  const auto analysis = ready.front().front().value<std::shared_ptr<const Analysis>>();
  QCOMPARE(analysis->requestId, last);
  QCOMPARE(QString::fromStdString(analysis->source.tokens.back()), QStringLiteral("</s>"));
  QCOMPARE(int(analysis->source.size()), 8);
  QVERIFY(!controller.isBusy());
  QCOMPARE(busy.count(), 2);
}

void TestAttentionData::loadErrorsComeBackAsMessages() {
  JobRunner runner;
  AnalysisController controller(&runner);
  QSignalSpy failed(&controller, &AnalysisController::modelLoadFailed);
  QSignalSpy loaded(&controller, &AnalysisController::modelLoaded);
  controller.loadModel(test::testData(QStringLiteral("does-not-exist")));
  QTRY_COMPARE(failed.count(), 1);
  QVERIFY(!failed.front().at(1).toString().isEmpty());
  controller.loadModel(test::defaultTestModel());
  QTRY_COMPARE(loaded.count(), 1);
}

// File ▸ Open of a GGUF file under Settings ▸ Memory budget (MainWindow passes memoryBudgetBytes):
// its weights are copied out and dequantised, so the open is refused before any is allocated.
void TestAttentionData::aGgufOpenOverTheMemoryBudgetComesBackAsAMessage() {
  JobRunner runner;
  AnalysisController controller(&runner);
  QSignalSpy failed(&controller, &AnalysisController::modelLoadFailed);
  QSignalSpy loaded(&controller, &AnalysisController::modelLoaded);
  const QString file = test::testData(QStringLiteral("gguf/mistral-256.q4_k.gguf"));
  controller.loadModel(file, memoryBudgetBytes(1));  // 1 MiB, the smallest the Settings dialog takes
  QTRY_COMPARE(failed.count(), 1);
  const QString message = failed.front().at(1).toString();
  QVERIFY2(message.contains(QStringLiteral("mistral-256.q4_k.gguf: opening it needs about 2.6 MiB")) &&
               message.contains(QStringLiteral("but the memory budget is 1.0 MiB")),
           qPrintable(message));
  QCOMPARE(loaded.count(), 0);
  controller.loadModel(file, memoryBudgetBytes(3));
  QTRY_COMPARE(loaded.count(), 1);
}

QTEST_MAIN(TestAttentionData)
#include "tst_attention_data.moc"
#include "families/load_model.h"
