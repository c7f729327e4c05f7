// The classroom widgets, offscreen: the walkthrough shows the forward pass's numbers, the
// 天涯若比鄰 demo says equal without positions and not equal with them, dragging in the sandbox
// changes the weights, the inspector shows LayerNorm's 0 and 1, and figures export and load back.

#include <QApplication>
#include <QClipboard>
#include <QImage>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "classroom_layer_inspector_widget.h"
#include "classroom_matrix_view.h"
#include "classroom_panel.h"
#include "classroom_position_kind_panel.h"
#include "classroom_positional_widget.h"
#include "classroom_rotary_planes.h"
#include "classroom/position_kind.h"
#include "nn/position_bias.h"
#include "classroom_sandbox_plane.h"
#include "classroom_sandbox_widget.h"
#include "classroom_walkthrough_pages.h"
#include "classroom_walkthrough_widget.h"
#include "figure_export.h"
#include "gui_test_support.h"
#include "job_runner.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "nn/positional_encoding.h"
#include "model/transformer.h"

Q_DECLARE_METATYPE(core::AttentionKind)

namespace {

std::shared_ptr<const core::Model> loadModel(const QString &folder) {
  return std::make_shared<const core::Model>(core::load_model(ui::test::testData(folder).toStdString()));
}

core::Tokenization tokenize(const core::Model &model, core::InputSide side, const char *text) {
  return core::tokenize_input(model, side, text);
}

}  // namespace

class TstClassroom : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    m_model = loadModel(QStringLiteral("torch/encdec-post-relu"));
    m_source = tokenize(*m_model, core::InputSide::Source, "the big cat saw a small bird");
    m_target = tokenize(*m_model, core::InputSide::Target, "a b c");
  }

  void walkthroughShowsTheForwardPassNumbers_data() {
    QTest::addColumn<core::AttentionKind>("kind");
    QTest::addColumn<int>("query");
    QTest::newRow("encoder self") << core::AttentionKind::EncoderSelf << 2;
    QTest::newRow("decoder masked self") << core::AttentionKind::DecoderSelf << 1;
    QTest::newRow("cross") << core::AttentionKind::DecoderCross << 2;
  }

  void walkthroughShowsTheForwardPassNumbers() {
    QFETCH(core::AttentionKind, kind);
    QFETCH(int, query);
    ui::ClassroomWalkthroughWidget widget(&m_runner);
    widget.setInput(m_model, m_source, m_target, true);
    widget.showAttention(kind, 1);
    widget.showHead(1);
    widget.showQuery(query);
    QVERIFY(settled());
    QVERIFY2(widget.errorText().isEmpty(), qPrintable(widget.errorText()));

    const core::ForwardResult pass = core::forward(*m_model, m_source.ids, m_target.ids);
    const core::RowMatrix &alphaHat = pass.trace.layers(kind)[1].heads[1];
    widget.showPage(static_cast<int>(core::WalkthroughPage::Softmax));
    for (Eigen::Index j = 0; j < alphaHat.cols(); ++j) {
      QVERIFY2(widget.pageText().contains(ui::formatNumber(alphaHat(query, j))),
               qPrintable(QStringLiteral("α̂ %1 missing").arg(ui::formatNumber(alphaHat(query, j)))));
    }
    widget.showPage(static_cast<int>(core::WalkthroughPage::Mask));
    if (kind == core::AttentionKind::DecoderSelf) {
      QVERIFY(widget.pageText().contains(QStringLiteral("−∞")));
      QVERIFY(widget.pageText().contains(QStringLiteral("hidden")));
    } else {
      QVERIFY(widget.pageText().contains(QStringLiteral("No mask")));
    }
    widget.showPage(static_cast<int>(core::WalkthroughPage::Inputs));
    QCOMPARE(widget.pageText().contains(QStringLiteral("encoder's output")), kind == core::AttentionKind::DecoderCross);
  }

  void walkthroughPagesMoveWithTheKeyboard() {
    ui::ClassroomWalkthroughWidget widget(&m_runner);
    widget.setInput(m_model, m_source, m_target, true);
    widget.show();
    widget.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&widget));
    QSignalSpy pages(&widget, &ui::ClassroomWalkthroughWidget::pageChanged);
    // A button's shortcut clicks it after a short animation, hence QTRY.
    QTest::keyClick(&widget, Qt::Key_PageDown);
    QTRY_COMPARE(widget.page(), 1);
    QTest::keyClick(&widget, Qt::Key_PageDown);
    QTRY_COMPARE(widget.page(), 2);
    QTest::keyClick(&widget, Qt::Key_PageUp);
    QTRY_COMPARE(widget.page(), 1);
    QCOMPARE(pages.count(), 3);
    widget.showPage(99);
    QCOMPARE(widget.page(), core::walkthrough_page_count - 1);
  }

  void walkthroughShowsAnInputError() {
    ui::ClassroomWalkthroughWidget widget(&m_runner);
    widget.setInput(m_model, m_source, m_target, true);
    widget.showHead(5);
    QVERIFY(settled());
    QCOMPARE(widget.errorText(), QStringLiteral("head 5 does not exist (the layer has 2)"));
    QCOMPARE(widget.pageText(), widget.errorText());
  }

  void permutationDemoEqualOnlyWithoutPositions() {
    ui::ClassroomPositionalWidget widget(&m_runner);
    QSignalSpy changed(&widget, &ui::ClassroomPositionalWidget::permutationChanged);
    widget.setInput(m_model, m_source);
    QVERIFY(settled());
    QCOMPARE(changed.count(), 1);
    QVERIFY(widget.demo() != nullptr);
    QVERIFY(widget.demo()->without_pe.largest_difference() <= 1e-6f);
    QVERIFY(widget.verdict(false).contains(QStringLiteral(": equal")));
    QVERIFY(widget.verdict(true).contains(QStringLiteral("not equal")));

    widget.swapTokens(0, 3);
    QVERIFY(settled());
    QCOMPARE(widget.demo()->order[0], 3);
    widget.swapTokens(0, static_cast<int>(m_source.size()) - 1);
    QVERIFY(settled());
    QCOMPARE(widget.errorText(), QStringLiteral("position 7 holds a special token, which stays in place"));

    // The heatmap of e^p is the model's sinusoid table.
    const core::RowMatrix &table = widget.positionTable()->matrix();
    QCOMPARE(table.rows(), 16);
    QCOMPARE(table, core::sinusoidal_table(16, 16, core::PositionalEncoding::SinusoidalInterleaved));
  }

  // The PE explorer for every kind the core opens: its own view, its switches, and the 天涯若比鄰
  // demo's verdict and explanation for that kind.
  void positionalExplorerShowsEveryKind_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<int>("kind");
    QTest::newRow("sinusoidal") << "torch/encdec-post-relu" << static_cast<int>(core::PositionKind::Sinusoidal);
    QTest::newRow("learned") << "peer/bert-tiny-short" << static_cast<int>(core::PositionKind::Learned);
    QTest::newRow("rotary") << "hf-cases/llama-tiny-gqa" << static_cast<int>(core::PositionKind::Rotary);
    QTest::newRow("alibi") << "hf-cases/bloom-tiny-alibi6" << static_cast<int>(core::PositionKind::Alibi);
    QTest::newRow("t5") << "hf-cases/t5-tiny-v10" << static_cast<int>(core::PositionKind::RelativeBias);
  }

  void positionalExplorerShowsEveryKind() {
    QFETCH(QString, folder);
    QFETCH(int, kind);
    const auto model = loadModel(folder);
    const core::InputSide side = core::explored_side(*model);
    const core::Tokenization tokens = tokenize(*model, side, "the big cat saw a small bird today");
    ui::ClassroomPositionalWidget widget(&m_runner);
    widget.resize(1000, 1600);
    widget.show();
    widget.setInput(model, tokens);
    QVERIFY(settled());
    ui::ClassroomPositionKindPanel *panel = widget.positionKindPanel();
    QCOMPARE(static_cast<int>(panel->kind()), kind);
    QVERIFY2(panel->errorText().isEmpty(), qPrintable(panel->errorText()));
    QVERIFY2(widget.errorText().isEmpty(), qPrintable(widget.errorText()));
    QVERIFY(widget.demo() != nullptr);
    const bool absolute = kind == static_cast<int>(core::PositionKind::Sinusoidal) ||
                          kind == static_cast<int>(core::PositionKind::Learned);
    QCOMPARE(widget.positionTable()->isVisible(), absolute);
    // the demo: equal without positions (a decoder-only model: its last word's first-layer row)
    QVERIFY2(widget.verdict(false).contains(QStringLiteral(": equal")), qPrintable(widget.verdict(false)));
    QVERIFY2(widget.verdict(true).contains(QStringLiteral("not equal")), qPrintable(widget.verdict(true)));
    QVERIFY(widget.demoExplanation().contains(QStringLiteral("What this proves here")));
    if (absolute) {
      QVERIFY(panel->switches() == nullptr);
      return;
    }
    const int heads = model->spec().heads();
    if (kind == static_cast<int>(core::PositionKind::Rotary)) {
      QVERIFY(widget.demo()->causal);
      QVERIFY(widget.demoExplanation().contains(QStringLiteral("relative position i − j")));
      QCOMPARE(panel->planes()->planes().omega.size(), std::size_t{5});
      QVERIFY(panel->shift() != nullptr);
      QVERIFY(panel->shift()->max_difference <= 1e-5f * std::max(1.0f, panel->shift()->max_score));
      QVERIFY2(panel->shiftVerdict().contains(QStringLiteral("the same scores")), qPrintable(panel->shiftVerdict()));
      // the fast half of the pairs off: every layer's heads change
      panel->setBand(ui::ClassroomPositionKindPanel::Band::HighOff);
      QVERIFY(settled());
      QCOMPARE(panel->switches()->pairs_off, (std::vector<int>{0, 1}));
      QVERIFY(panel->switches()->max_difference[0] > 1e-3f);
      panel->setBand(ui::ClassroomPositionKindPanel::Band::All);
      QVERIFY(settled());
    } else {
      const core::RowMatrix &bias = panel->biasView()->matrix();
      QCOMPARE(bias.rows(), static_cast<Eigen::Index>(heads));
      if (kind == static_cast<int>(core::PositionKind::Alibi)) {
        QVERIFY(widget.demo()->causal);
        // −m_h · (i − j): head 1 of 6 has m = 2^(−8/6 · … ) as core::alibi_slopes gives it
        const std::vector<float> slopes = core::alibi_slopes(heads);
        for (int h = 0; h < heads; ++h) QCOMPARE(bias(h, 3), -slopes[static_cast<std::size_t>(h)] * 3.0f);
      } else {
        QVERIFY(!widget.demo()->causal);
        QCOMPARE(bias.cols(), Eigen::Index{49});  // i − j from −24 to 24
      }
    }
    // the per-layer switch: the last layer off leaves layer 1 as it was
    QVERIFY(panel->switches() != nullptr);
    for (const float d : panel->switches()->max_difference) QCOMPARE(d, 0.0f);
    const int last = static_cast<int>(panel->switches()->normal.size()) - 1;
    panel->setLayerPositions(last, false);
    QVERIFY(settled());
    QCOMPARE(panel->switches()->layers_off, (std::vector<int>{last}));
    QCOMPARE(panel->switches()->max_difference[0], 0.0f);
    QVERIFY(panel->switches()->max_difference[static_cast<std::size_t>(last)] > 1e-4f);
    QVERIFY(panel->switchVerdict().contains(QStringLiteral("layer 2")));
  }

  void sandboxDraggingChangesTheWeights() {
    ui::ClassroomSandboxWidget widget;
    widget.resize(900, 700);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    const core::RowMatrix before = widget.result().alpha_hat;
    QSignalSpy changed(&widget, &ui::ClassroomSandboxWidget::resultChanged);

    ui::ClassroomSandboxPlane *plane = widget.plane();
    const QPoint from = widget.plane()->pointPosition(ui::SandboxVector::Query, 0).toPoint();
    const QPoint to = from + QPoint(-60, 80);
    QTest::mousePress(plane, Qt::LeftButton, {}, from);
    QTest::mouseMove(plane, from + QPoint(-30, 40));
    QTest::mouseRelease(plane, Qt::LeftButton, {}, to);
    QVERIFY(changed.count() >= 1);
    QVERIFY((widget.result().alpha_hat.row(0) - before.row(0)).cwiseAbs().maxCoeff() > 1e-3f);
    QVERIFY(widget.plane()->pointPosition(ui::SandboxVector::Query, 0).toPoint() == to ||
            (widget.plane()->pointPosition(ui::SandboxVector::Query, 0) - QPointF(to)).manhattanLength() < 2.0);
    // The table follows the drag.
    QCOMPARE(widget.vectorTable()->item(0, 0)->text(), QString::number(widget.input().q(0, 0), 'f', 2));

    // Typing in the table moves the key, and √d scaling divides α by √2.
    widget.vectorTable()->item(1, 2)->setText(QStringLiteral("0.5"));
    QCOMPARE(widget.input().k(1, 0), 0.5f);
    const core::RowMatrix scaled = widget.result().alpha;
    widget.setScaling(false);
    QVERIFY((widget.result().alpha - scaled * std::sqrt(2.0f)).cwiseAbs().maxCoeff() < 1e-5f);
    widget.setCausalMask(true);
    QCOMPARE(widget.result().alpha_hat(0, 0), 1.0f);
    widget.setTokenCount(6);
    QCOMPARE(widget.result().alpha_hat.rows(), 6);
  }

  void layerInspectorShowsZeroMeanUnitVariance() {
    ui::ClassroomLayerInspectorWidget widget(&m_runner);
    widget.setInput(m_model, m_source, m_target, true);
    QVERIFY(settled());
    QVERIFY(widget.inspection() != nullptr);
    QTableWidget *table = widget.tokenTable();
    QCOMPARE(table->rowCount(), static_cast<int>(m_source.size()));
    for (int t = 0; t < table->rowCount(); ++t) {
      QVERIFY(std::abs(table->item(t, 3)->text().toDouble()) < 1e-3);   // mean after LN
      QCOMPARE(table->item(t, 4)->text(), QStringLiteral("1.000"));      // variance after LN
    }
    widget.showLayer(core::Stack::Decoder, 1);
    widget.showSubLayer(core::SubLayer::CrossAttention);
    QVERIFY(settled());
    QVERIFY(widget.inspection() != nullptr);
    QCOMPARE(table->rowCount(), static_cast<int>(m_target.size()));
    widget.showLayer(core::Stack::Decoder, 5);
    QVERIFY(settled());
    QCOMPARE(widget.errorText(), QStringLiteral("decoder layer 5 does not exist (the model has 2)"));
  }

  // Every page's pass honours the memory budget it is given (Settings ▸ Memory budget through the
  // analysis): over it, the page shows the guard's message, naming the estimate and the budget.
  void everyPageOverTheMemoryBudgetShowsTheGuardsMessage() {
    const std::size_t budget = 1024;
    const QString refused = QStringLiteral("but the memory budget is 1.0 KiB");
    const auto namesEstimateAndBudget = [&](const QString &message) {
      return message.contains(QStringLiteral("this pass needs about")) && message.contains(refused);
    };
    ui::ClassroomPanel panel(&m_runner);
    panel.resize(1000, 1400);
    panel.show();
    panel.setInput(m_model, m_source, m_target, true, budget);
    panel.showPage(ui::ClassroomPanel::Page::Walkthrough);
    QVERIFY(settled());
    QVERIFY2(namesEstimateAndBudget(panel.walkthrough()->errorText()), qPrintable(panel.walkthrough()->errorText()));
    QVERIFY(panel.walkthrough()->walkthrough() == nullptr);
    panel.showPage(ui::ClassroomPanel::Page::LayerInspector);
    QVERIFY(settled());
    QVERIFY2(namesEstimateAndBudget(panel.layerInspector()->errorText()),
             qPrintable(panel.layerInspector()->errorText()));
    QVERIFY(panel.layerInspector()->inspection() == nullptr);
    // with room, the same input computes: the message came from the budget
    panel.setInput(m_model, m_source, m_target, true, 0);
    QVERIFY(settled());
    QVERIFY2(panel.layerInspector()->errorText().isEmpty(), qPrintable(panel.layerInspector()->errorText()));
    QVERIFY(panel.layerInspector()->inspection() != nullptr);

    // the rotary demo's passes (shifted scores, switched pairs) on a rotary model
    const auto rotary = loadModel(QStringLiteral("hf-cases/llama-tiny-gqa"));
    const core::Tokenization tokens = tokenize(*rotary, core::explored_side(*rotary), "the big cat saw a small bird");
    ui::ClassroomPositionalWidget positional(&m_runner);
    positional.resize(1000, 1600);
    positional.show();
    positional.setInput(rotary, tokens, budget);
    QVERIFY(settled());
    ui::ClassroomPositionKindPanel *kinds = positional.positionKindPanel();
    QVERIFY2(namesEstimateAndBudget(kinds->errorText()), qPrintable(kinds->errorText()));
    QVERIFY(kinds->switches() == nullptr);
    QVERIFY(kinds->shift() == nullptr);
  }

  void figuresExportAndLoadBack() {
    ui::ClassroomMatrixView view;
    core::RowMatrix m(2, 2);
    m << 0.25f, 0.75f, 1.0f, 0.0f;
    view.setMatrix(m, ui::ClassroomMatrixView::Scale::Weights, {"a", "b"}, {"a", "b"});
    view.setTitle(QStringLiteral("天涯若比鄰"));
    view.resize(200, 150);
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("figure.png"));
    QCOMPARE(ui::exportPng(&view, png, 192), QString());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(400, 300));
    QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), 192);

    const QString svg = dir.filePath(QStringLiteral("figure.svg"));
    QCOMPARE(ui::exportSvg(&view, svg, QStringLiteral("α̂")), QString());
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(0, 0, 200, 150));

    ui::copyFigureToClipboard(&view, 96);
    QCOMPARE(QApplication::clipboard()->image().size(), QSize(200, 150));

    const QString missing = dir.filePath(QStringLiteral("no/such/folder/figure.png"));
    QVERIFY(ui::exportPng(&view, missing, 96).startsWith(QStringLiteral("Cannot write ")));
  }

 private:
  // The pages compute on the job runner: true once the newest job of every lane has reported.
  bool settled() { return QTest::qWaitFor([&] { return !m_runner.isBusy(); }, 20000); }

  ui::JobRunner m_runner;
  std::shared_ptr<const core::Model> m_model;
  core::Tokenization m_source;
  core::Tokenization m_target;
};

QTEST_MAIN(TstClassroom)
#include "tst_classroom.moc"
