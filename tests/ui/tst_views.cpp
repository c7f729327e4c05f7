// The views draw what they are given: rendered to images and checked pixel by pixel.

#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

#include "attention_geometry.h"
#include "attention_table_model.h"
#include "colour_scales.h"
#include "head_chips_widget.h"
#include "heatmap_widget.h"
#include "stepper_widget.h"
#include "thumbnail_grid.h"
#include "gui_test_support.h"
#include "word_graph_widget.h"

using namespace ui;

namespace {

core::RowMatrix matrix(int rows, int cols, std::initializer_list<float> values) {
  core::RowMatrix m(rows, cols);
  auto it = values.begin();
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m(r, c) = *it++;
  return m;
}

// Shows a widget at a fixed size and waits until it can be grabbed and receive mouse events.
void showAt(QWidget &widget, QSize size) {
  widget.resize(size);
  widget.show();
  QVERIFY(QTest::qWaitForWindowExposed(&widget));
}

}  // namespace

class TestViews : public QObject {
  Q_OBJECT

 private slots:
  void heavierWeightDrawsWiderMoreOpaqueLine();
  void hoveringATokenHidesOtherTokensLines();
  void clickingATokenPinsIt();
  void thresholdHidesLightLines();
  void causalPairsAreNeverDrawn();
  void placeholderUntilDataArrives();
  void maskedCellHasTheMaskColour();
  void heatmapTooltipShowsTheExactValue();
  void differenceUsesADivergingScale();
  void headChipsToggleAndSolo();
  void thumbnailClickNamesItsCell();
  void stepperPlaysToTheEnd();
  void keyValueGroupsKeepTheChipsState();
  void windowMaskedCellsSayWhy();
};

void TestViews::heavierWeightDrawsWiderMoreOpaqueLine() {
  WordGraphWidget graph;
  graph.setThreshold(0.0f);
  graph.setSlice(test::makeTestSlice({matrix(2, 2, {0.9f, 0.0f, 0.0f, 0.2f})}));
  showAt(graph, {420, 300});
  QCOMPARE(graph.visibleLineCount(), 2);
  const QImage image = graph.grab().toImage();
  const WordGraphLayout layout = graph.currentLayout();
  const int x = int((layout.queryAnchorX + layout.keyAnchorX) / 2);
  const int heavyY = int(layout.queryAnchor(0).y());
  const int lightY = int(layout.queryAnchor(1).y());
  const QColor background = graph.palette().color(QPalette::Base);
  const int heavyWidth = test::inkPixels(image, x, heavyY - 12, heavyY + 12, background);
  const int lightWidth = test::inkPixels(image, x, lightY - 12, lightY + 12, background);
  QVERIFY2(heavyWidth >= lightWidth + 3, qPrintable(QStringLiteral("%1 vs %2").arg(heavyWidth).arg(lightWidth)));
  QVERIFY(lightWidth >= 1);
  QVERIFY(test::strongestInk(image, x, heavyY - 12, heavyY + 12, background) >
          test::strongestInk(image, x, lightY - 12, lightY + 12, background) + 20);
}

void TestViews::hoveringATokenHidesOtherTokensLines() {
  WordGraphWidget graph;
  graph.setThreshold(0.0f);
  graph.setSlice(test::makeTestSlice({matrix(2, 2, {0.9f, 0.0f, 0.0f, 0.9f})}));
  showAt(graph, {420, 300});
  const WordGraphLayout layout = graph.currentLayout();
  const int x = int((layout.queryAnchorX + layout.keyAnchorX) / 2);
  const int y0 = int(layout.queryAnchor(0).y());
  const int y1 = int(layout.queryAnchor(1).y());
  const QColor background = graph.palette().color(QPalette::Base);
  QVERIFY(test::inkPixels(graph.grab().toImage(), x, y1 - 10, y1 + 10, background) > 0);

  QSignalSpy focused(&graph, &WordGraphWidget::tokenFocused);
  QTest::mouseMove(&graph, layout.labelRect({TokenSide::Query, 0}).center().toPoint());
  QTRY_COMPARE(graph.focusedToken(), (TokenRef{TokenSide::Query, 0}));
  QVERIFY(focused.count() >= 1);
  QCOMPARE(graph.visibleLineCount(), 1);
  const QImage hovered = graph.grab().toImage();
  QVERIFY(test::inkPixels(hovered, x, y0 - 10, y0 + 10, background) > 0);
  QCOMPARE(test::inkPixels(hovered, x, y1 - 10, y1 + 10, background), 0);

  // Hovering a key keeps the lines into that key instead.
  QTest::mouseMove(&graph, layout.labelRect({TokenSide::Key, 1}).center().toPoint());
  QTRY_COMPARE(graph.focusedToken(), (TokenRef{TokenSide::Key, 1}));
  const QImage keyHovered = graph.grab().toImage();
  QCOMPARE(test::inkPixels(keyHovered, x, y0 - 10, y0 + 10, background), 0);
  QVERIFY(test::inkPixels(keyHovered, x, y1 - 10, y1 + 10, background) > 0);
}

void TestViews::clickingATokenPinsIt() {
  WordGraphWidget graph;
  graph.setSlice(test::makeTestSlice({matrix(3, 3, {0.5f, 0.3f, 0.2f, 0.1f, 0.8f, 0.1f, 0.3f, 0.3f, 0.4f})}));
  showAt(graph, {420, 300});
  const WordGraphLayout layout = graph.currentLayout();
  const QPoint key1 = layout.labelRect({TokenSide::Key, 1}).center().toPoint();
  QTest::mouseClick(&graph, Qt::LeftButton, {}, key1);
  QCOMPARE(graph.pinnedToken(), (TokenRef{TokenSide::Key, 1}));
  QTest::mouseMove(&graph, QPoint(int((layout.queryAnchorX + layout.keyAnchorX) / 2), 5));
  QTRY_COMPARE(graph.focusedToken(), (TokenRef{TokenSide::Key, 1}));
  QCOMPARE(graph.visibleLineCount(), 3);  // one line per query into key 1
  QTest::mouseClick(&graph, Qt::LeftButton, {}, key1);
  QVERIFY(!graph.pinnedToken().valid());
}

void TestViews::thresholdHidesLightLines() {
  WordGraphWidget graph;
  graph.setSlice(test::makeTestSlice({matrix(2, 2, {0.9f, 0.0f, 0.0f, 0.2f})}));
  graph.setThreshold(0.5f);
  showAt(graph, {420, 300});
  QCOMPARE(graph.visibleLineCount(), 1);
  const WordGraphLayout layout = graph.currentLayout();
  const int x = int((layout.queryAnchorX + layout.keyAnchorX) / 2);
  const int y1 = int(layout.queryAnchor(1).y());
  QCOMPARE(test::inkPixels(graph.grab().toImage(), x, y1 - 10, y1 + 10, graph.palette().color(QPalette::Base)), 0);
}

void TestViews::causalPairsAreNeverDrawn() {
  // Row 0 gives a future key (k2) weight 1: a causal view must draw exactly what it draws for weight 0.
  const auto render = [](float future, bool causal) {
    WordGraphWidget graph;
    graph.setThreshold(0.0f);
    graph.setSlice(test::makeTestSlice({matrix(3, 3, {0.05f, 0.0f, future, 0.5f, 0.5f, 0.0f, 0.2f, 0.3f, 0.5f})},
                                       causal, core::AttentionKind::DecoderSelf));
    showAt(graph, {420, 320});
    return std::make_pair(graph.visibleLineCount(), graph.grab().toImage());
  };
  const auto [maskedLines, masked] = render(1.0f, true);
  const auto [zeroLines, zero] = render(0.0f, true);
  QCOMPARE(maskedLines, 1 + 2 + 3);
  QCOMPARE(zeroLines, maskedLines);
  QVERIFY(masked == zero);
  // The same weight without the mask is drawn.
  const auto [unmaskedLines, unmasked] = render(1.0f, false);
  QCOMPARE(unmaskedLines, maskedLines + 1);
  QVERIFY(unmasked != zero);
}

void TestViews::placeholderUntilDataArrives() {
  WordGraphWidget graph;
  graph.setPlaceholder(QStringLiteral("Computing attention…"));
  showAt(graph, {300, 200});
  QCOMPARE(graph.visibleLineCount(), 0);
  const QImage image = graph.grab().toImage();
  // Text in the middle, nothing else.
  QVERIFY(test::inkPixels(image, 150, 80, 120, graph.palette().color(QPalette::Base)) > 0 ||
          test::inkPixels(image, 140, 80, 120, graph.palette().color(QPalette::Base)) > 0);
}

void TestViews::maskedCellHasTheMaskColour() {
  HeatmapWidget heatmap;
  heatmap.setSlice(test::makeTestSlice({matrix(3, 3, {1, 0, 0, 0.25f, 0.75f, 0, 0.0f, 0.5f, 0.5f})}, true,
                                       core::AttentionKind::DecoderSelf),
                   0);
  showAt(heatmap, {420, 400});
  const QImage image = heatmap.grab().toImage();
  const QRect masked = heatmap.cellRect(0, 2).toRect().adjusted(3, 3, -3, -3);
  QVERIFY(masked.width() > 10);
  int mask = 0;
  int hatch = 0;
  for (int y = masked.top(); y <= masked.bottom(); ++y) {
    for (int x = masked.left(); x <= masked.right(); ++x) {
      const QRgb pixel = image.pixel(x, y);
      if (test::colourDistance(pixel, maskColour()) <= 3) ++mask;
      else if (test::colourDistance(pixel, maskHatchColour()) <= 3) ++hatch;
    }
  }
  const int total = masked.width() * masked.height();
  QVERIFY2(mask + hatch == total, qPrintable(QStringLiteral("%1 + %2 of %3").arg(mask).arg(hatch).arg(total)));
  QVERIFY(mask > 0 && hatch > 0);  // grey with a hatch, not a flat colour of the scale
  // A zero weight that is not masked is drawn with the scale's colour for 0, not the mask's.
  const QPoint zero = heatmap.cellRect(2, 0).center().toPoint();
  QVERIFY(test::colourDistance(image.pixel(zero), maskColour()) > 24);
  QVERIFY(test::colourDistance(image.pixel(zero), weightColour(0.0f)) <= 3);
  QVERIFY(test::colourDistance(image.pixel(heatmap.cellRect(1, 1).center().toPoint()), weightColour(0.75f)) <= 3);
}

void TestViews::heatmapTooltipShowsTheExactValue() {
  HeatmapWidget heatmap;
  heatmap.setSlice(test::makeTestSlice({matrix(2, 2, {0.125f, 0.875f, 0.5f, 0.5f})}), 0);
  showAt(heatmap, {400, 360});
  const QPoint cell = heatmap.cellRect(0, 1).center().toPoint();
  QHelpEvent help(QEvent::ToolTip, cell, heatmap.mapToGlobal(cell));
  QApplication::sendEvent(&heatmap, &help);
  QTRY_VERIFY(QToolTip::isVisible());
  QVERIFY2(QToolTip::text().contains(QStringLiteral("0.8750")), qPrintable(QToolTip::text()));
  QVERIFY(QToolTip::text().contains(QStringLiteral("q0")) && QToolTip::text().contains(QStringLiteral("k1")));
  QToolTip::hideText();
}

void TestViews::differenceUsesADivergingScale() {
  AttentionSlice slice = test::makeTestSlice({matrix(2, 2, {0.4f, -0.4f, 0.0f, 0.0f})});
  slice.scale = ValueScale::Difference;
  slice.extent = 0.4f;
  HeatmapWidget heatmap;
  heatmap.setSlice(slice, 0);
  showAt(heatmap, {400, 360});
  const QImage image = heatmap.grab().toImage();
  const QColor raised = image.pixelColor(heatmap.cellRect(0, 0).center().toPoint());
  const QColor lowered = image.pixelColor(heatmap.cellRect(0, 1).center().toPoint());
  const QColor unchanged = image.pixelColor(heatmap.cellRect(1, 0).center().toPoint());
  QVERIFY(raised.red() > raised.blue() + 80);
  QVERIFY(lowered.blue() > lowered.red() + 80);
  QVERIFY(unchanged.red() > 240 && unchanged.green() > 240 && unchanged.blue() > 240);
}

void TestViews::headChipsToggleAndSolo() {
  HeadChipsWidget chips;
  chips.setHeadCount(3);
  QCOMPARE(chips.visibleHeads(), (QVector<bool>{true, false, false}));  // the selected head alone
  chips.showAllHeads();
  showAt(chips, {400, 30});
  QSignalSpy visible(&chips, &HeadChipsWidget::visibleHeadsChanged);
  QTest::mouseClick(&chips, Qt::LeftButton, {}, chips.chipRect(1).center().toPoint());
  QCOMPARE(chips.visibleHeads(), (QVector<bool>{true, false, true}));
  QTest::mouseDClick(&chips, Qt::LeftButton, {}, chips.chipRect(2).center().toPoint());
  QCOMPARE(chips.visibleHeads(), (QVector<bool>{false, false, true}));
  QCOMPARE(chips.focusedHead(), 2);
  QTest::mouseClick(&chips, Qt::LeftButton, {}, chips.chipRect(3).center().toPoint());  // "All"
  QCOMPARE(chips.visibleHeads(), (QVector<bool>{true, true, true}));
  QVERIFY(visible.count() >= 3);
  // The chip is drawn in its head's colour.
  const QImage image = chips.grab().toImage();
  const QPoint inside = chips.chipRect(0).topLeft().toPoint() + QPoint(7, 12);  // left of the label
  QVERIFY(test::colourDistance(image.pixel(inside), headColour(0)) <= 3);
}

void TestViews::thumbnailClickNamesItsCell() {
  ThumbnailGrid grid;
  QVector<Thumbnail> thumbnails(6);
  for (Thumbnail &thumbnail : thumbnails) {
    thumbnail.image = QImage(2, 2, QImage::Format_RGB32);
    thumbnail.image.fill(Qt::red);
  }
  grid.setThumbnails(thumbnails, {"Layer 1", "Layer 2"}, {"Head 1", "Head 2", "Head 3"});
  showAt(grid, {500, 300});
  QSignalSpy clicked(&grid, &ThumbnailGrid::thumbnailClicked);
  QTest::mouseClick(&grid, Qt::LeftButton, {}, grid.thumbnailRect(1, 2).center().toPoint());
  QCOMPARE(clicked.count(), 1);
  QCOMPARE(clicked.front().at(0).toInt(), 1);
  QCOMPARE(clicked.front().at(1).toInt(), 2);
  const QImage image = grid.grab().toImage();
  QVERIFY(test::colourDistance(image.pixel(grid.thumbnailRect(0, 0).center().toPoint()), Qt::red) <= 3);
}

void TestViews::stepperPlaysToTheEnd() {
  StepperWidget stepper(QStringLiteral("Layer:"));
  stepper.setItems({"one", "two", "three"}, 0);
  stepper.setInterval(10);
  QSignalSpy changed(&stepper, &StepperWidget::currentIndexChanged);
  stepper.setPlaying(true);
  QVERIFY(stepper.isPlaying());
  QTRY_COMPARE(stepper.currentIndex(), 2);
  QTRY_VERIFY(!stepper.isPlaying());
  QCOMPARE(changed.count(), 2);
  stepper.previous();
  QCOMPARE(stepper.currentIndex(), 1);
  stepper.setPlaying(true);  // from the middle: plays on to the end
  QTRY_VERIFY(!stepper.isPlaying());
  stepper.setPlaying(true);  // at the end: starts over
  QCOMPARE(stepper.currentIndex(), 0);
}

void TestViews::keyValueGroupsKeepTheChipsState() {
  HeadChipsWidget chips;
  chips.setHeadCount(4);
  chips.showAllHeads();
  showAt(chips, {500, 50});
  const QSize multiHead = chips.sizeHint();
  chips.toggleHead(1);
  QSignalSpy visible(&chips, &HeadChipsWidget::visibleHeadsChanged);
  // A grouped-query layer regroups the chips; which heads are on stays as it was.
  chips.setKeyValueHeads(2);
  QVERIFY(chips.grouped());
  QCOMPARE(chips.visibleHeads(), (QVector<bool>{true, false, true, true}));
  QCOMPARE(visible.count(), 0);
  QVERIFY(chips.sizeHint().height() > multiHead.height());  // room for the brackets
  QVERIFY(chips.chipToolTip(0).startsWith(
      QStringLiteral("Head 1 · shares keys and values with heads 1–2 (key/value head 1 of 2)")));
  // The "All" chip still answers clicks where it is drawn.
  QTest::mouseClick(&chips, Qt::LeftButton, {}, chips.chipRect(4).center().toPoint());
  QCOMPARE(chips.visibleHeads(), (QVector<bool>{true, true, true, true}));
  // Back to multi-head attention: exactly the layout before.
  chips.setKeyValueHeads(4);
  QVERIFY(!chips.grouped());
  QCOMPARE(chips.sizeHint(), multiHead);
  for (int head = 0; head <= 4; ++head) QCOMPARE(chips.chipRect(head), QRectF(1 + head * 70.0, 1, 64, 24));
  QVERIFY(!chips.chipToolTip(0).contains(QStringLiteral("shares")));
}

void TestViews::windowMaskedCellsSayWhy() {
  // Four tokens, window 2: query 3 sees keys 2 and 3 only.
  AttentionSlice slice = test::makeTestSlice(
      {matrix(4, 4, {1, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 0.25f, 0.75f})}, true,
      core::AttentionKind::DecoderSelf);
  slice.window = 2;
  HeatmapWidget heatmap;
  heatmap.setSlice(slice, 0);
  showAt(heatmap, {420, 400});
  const AttentionTableModel *table = heatmap.tableModel();
  const auto masked = [&](int row, int col) {
    return table->data(table->index(row, col), AttentionTableModel::MaskedRole).toBool();
  };
  QVERIFY(masked(3, 0) && masked(3, 1) && !masked(3, 2) && !masked(3, 3) && masked(2, 3));
  QVERIFY(table->data(table->index(3, 1), Qt::ToolTipRole).toString().contains(QStringLiteral("sliding window")));
  QVERIFY(!table->data(table->index(2, 3), Qt::ToolTipRole).toString().contains(QStringLiteral("sliding window")));
  QVERIFY(heatmap.title().endsWith(QStringLiteral(" · sliding window 2")));
  QVERIFY(!heatmap.windowEdges().isEmpty());
  // Without the window the same slice has no band.
  slice.window = 0;
  heatmap.setSlice(slice, 0);
  QVERIFY(heatmap.windowEdges().isEmpty());
  QVERIFY(!heatmap.title().contains(QStringLiteral("window")));
  QVERIFY(!masked(3, 0));
}

QTEST_MAIN(TestViews)
#include "tst_views.moc"
