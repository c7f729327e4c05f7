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
#include "classroom_positional_widget.h"
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
