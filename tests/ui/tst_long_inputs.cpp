// Long inputs in the desktop app (issue 15): the multi-line source field and File ▸ Open Text…,
// attention on demand behind the views, the memory guard's message, progress and Cancel, and a
// GUI thread that keeps turning while a long pass runs.
#include <QtTest>

#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSemaphore>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QToolButton>

#include <atomic>
#include <limits>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "analysis.h"
#include "analysis_controller.h"
#include "attention_slice.h"
#include "colour_scales.h"
#include "families/load_model.h"
#include "gui_test_support.h"
#include "heatmap_tiles.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "job_progress.h"
#include "job_runner.h"
#include "main_window.h"
#include "model/cached_generation.h"
#include "model/generation.h"
#include "preferences.h"
#include "source_edit.h"
#include "text_file.h"
#include "word_graph_widget.h"

using namespace ui;

namespace {

// True once the newest request's result is in the views.
bool waitForViews(const MainWindow &window) {
  return QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 60000);
}

// `words` words the tiny Llama's tokenizer knows, one line per sentence of eight.
QString longText(int words) {
  static const QStringList vocabulary = {QStringLiteral("the"), QStringLiteral("cat"), QStringLiteral("sat"),
                                         QStringLiteral("on"),  QStringLiteral("a"),   QStringLiteral("mat")};
  QString text;
  for (int w = 0; w < words; ++w) {
    text += vocabulary[w % vocabulary.size()];
    text += (w % 8 == 7) ? QLatin1Char('\n') : QLatin1Char(' ');
  }
  return text;
}

// A synthetic causal 4,096-token layer of one head: rows of positive weights summing to 1, every
// value different (a fixed pseudo-random sequence), keys after the query masked (0).
const AttentionSlice &syntheticSlice4096() {
  static const AttentionSlice slice = [] {
    constexpr int tokens = 4096;
    core::RowMatrix alpha_hat = core::RowMatrix::Zero(tokens, tokens);
    std::uint32_t state = 12345;
    for (int i = 0; i < tokens; ++i) {
      for (int j = 0; j <= i; ++j) {
        state = state * 1664525u + 1013904223u;  // Numerical Recipes' LCG: reproducible, no library state
        alpha_hat(i, j) = 0.05f + float(state >> 8) / float(1u << 24);
      }
      alpha_hat.row(i) /= alpha_hat.row(i).sum();
    }
    return test::makeTestSlice({alpha_hat}, true, core::AttentionKind::DecoderSelf);
  }();
  return slice;
}

void writeFile(const QString &path, const QByteArray &bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  QCOMPARE(file.write(bytes), bytes.size());
}

}  // namespace

class TestLongInputs : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void textFileMessagesNameWhatIsWrong_data();
  void textFileMessagesNameWhatIsWrong();
  void sourceFieldIsMultiLineWithoutACap();
  void ctrlEnterComputesAtOnce();
  void openTextFillsTheSourceField();
  void badTextFileKeepsTheField();
  void droppedTextFileIsRead();
  void progressShowsOnlyForLongJobs();
  void cancelStopsThePassAndSaysSo();
  void cancelledAnalysisKeepsNoTraces();
  void guiThreadTurnsDuringALongPass();
  void onDemandTraceShowsTheSameAttention();
  void memoryGuardRefusalIsShown();
  void tilesAggregateEachBlock_data();
  void tilesAggregateEachBlock();
  void heatmapZoomsAndPansAt4096Tokens();
  void heatmapTilesAreBuiltOffTheGuiThreadAndStaleOnesDropped();
  void generationStepsMatchTheFullReRun();
  void wordGraphDrawsTheTopKeysPerQuery();
  void aTallWordGraphDrawsTheSameWhereverItIsScrolled();

 private:
  void openAndWait(const QString &folder);

  QTemporaryDir m_dir;
  QString m_longModel;  // the tiny Llama with room for 4,096 positions
  std::unique_ptr<MainWindow> m_window;
};

void TestLongInputs::initTestCase() {
  test::isolateSettings();
  QVERIFY(m_dir.isValid());
  // A copy of hf-cases/llama-tiny-gqa whose config allows 4,096 positions (rotary: no position table).
  m_longModel = m_dir.filePath(QStringLiteral("llama-tiny-long"));
  QVERIFY(QDir().mkpath(m_longModel));
  QCOMPARE(test::copyModelWithPositions(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), m_longModel, 4096),
           QString());
}

void TestLongInputs::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestLongInputs::cleanup() { m_window.reset(); }

void TestLongInputs::openAndWait(const QString &folder) {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
}

void TestLongInputs::textFileMessagesNameWhatIsWrong_data() {
  QTest::addColumn<QByteArray>("bytes");
  QTest::addColumn<qint64>("limit");
  QTest::addColumn<QString>("text");   // what the field gets, when the file is read
  QTest::addColumn<QString>("error");  // what the message says, when it is not
  const qint64 limit = kMaxTextFileBytes;
  QTest::newRow("utf-8 with a byte-order mark") << QByteArray("\xEF\xBB\xBFthe cat\n天涯若比鄰\n") << limit
                                                << QStringLiteral("the cat\n天涯若比鄰\n") << QString();
  QTest::newRow("empty") << QByteArray() << limit << QString() << QStringLiteral("sample.txt is empty.");
  QTest::newRow("binary") << QByteArray("PK\x03\x04\x00\x00", 6) << limit << QString()
                          << QStringLiteral("sample.txt is not a text file: it holds a NUL byte at offset 4");
  QTest::newRow("latin-1 on line 1") << QByteArray("caf\xE9 au lait") << limit << QString()
                                     << QStringLiteral("sample.txt is not UTF-8 text: byte 0xE9 at line 1, column 4");
  QTest::newRow("truncated sequence on line 3")
      << QByteArray("one\ntwo\n天\xE6\xB6") << limit << QString()
      << QStringLiteral("sample.txt is not UTF-8 text: byte 0xE6 at line 3, column 2");
  QTest::newRow("too large") << QByteArray(100, 'a') << qint64(64) << QString()
                             << QStringLiteral("sample.txt is 100 bytes; a text file may be at most 64 bytes");
}

void TestLongInputs::textFileMessagesNameWhatIsWrong() {
  QFETCH(QByteArray, bytes);
  QFETCH(qint64, limit);
  QFETCH(QString, text);
  QFETCH(QString, error);
  const QString path = m_dir.filePath(QStringLiteral("sample.txt"));
  writeFile(path, bytes);
  const TextFile file = readTextFile(path, limit);
  if (error.isEmpty()) {
    QCOMPARE(file.error, QString());
    QCOMPARE(file.text, text);
  } else {
    QVERIFY2(file.error.startsWith(error), qPrintable(file.error));
    QVERIFY(file.text.isEmpty());
  }
}

void TestLongInputs::sourceFieldIsMultiLineWithoutACap() {
  InputPanel panel;
  // Past QLineEdit's 32,767 characters, in several lines.
  const QString text = longText(12000);
  QVERIFY(text.size() > 40000);
  panel.setSourceText(text);
  QCOMPARE(panel.sourceText(), text);
  QCOMPARE(panel.sourceText().count(QLatin1Char('\n')), 1500);

  // Enter starts a new line and waits for the typing pause like any other key.
  panel.setSourceText(QString());
  QSignalSpy settled(&panel, &InputPanel::inputSettled);
  panel.show();
  panel.sourceEdit()->setFocus();
  QTest::keyClicks(panel.sourceEdit(), QStringLiteral("the cat"));
  QTest::keyClick(panel.sourceEdit(), Qt::Key_Return);
  QTest::keyClicks(panel.sourceEdit(), QStringLiteral("sat"));
  QCOMPARE(settled.count(), 0);
  QCOMPARE(panel.sourceText(), QStringLiteral("the cat\nsat"));
  QVERIFY(settled.wait(panel.debounceInterval() * 20));
  QCOMPARE(settled.count(), 1);
}

void TestLongInputs::ctrlEnterComputesAtOnce() {
  InputPanel panel;
  panel.show();
  QSignalSpy settled(&panel, &InputPanel::inputSettled);
  panel.sourceEdit()->setFocus();
  QTest::keyClicks(panel.sourceEdit(), QStringLiteral("the cat"));
  QTest::keyClick(panel.sourceEdit(), Qt::Key_Return, Qt::ControlModifier);
  QCOMPARE(settled.count(), 1);  // at once, not after the pause
  QCOMPARE(panel.sourceText(), QStringLiteral("the cat"));  // and no new line
  QTest::qWait(panel.debounceInterval() * 3);
  QCOMPARE(settled.count(), 1);  // the pending pause was dropped
}

void TestLongInputs::openTextFillsTheSourceField() {
  openAndWait(m_longModel);
  const QString text = longText(600);
  const QString path = m_dir.filePath(QStringLiteral("essay.txt"));
  writeFile(path, text.toUtf8());
  QCOMPARE(m_window->openTextFile(path), QString());
  QCOMPARE(m_window->inputPanel()->sourceText(), text);
  QVERIFY(QTest::qWaitFor([&] { return waitForViews(*m_window) && m_window->analysis()->sourceText == text.toStdString(); }, 60000));
  // Every token of the text read, far past the 128 positions of the model this one copies.
  QCOMPARE(m_window->heatmap()->slice().rows(), int(m_window->analysis()->target.size()));
  QVERIFY(m_window->heatmap()->slice().rows() > 600);
  QVERIFY(!m_window->analysis()->target.truncated);
  QVERIFY(m_window->openTextAction());
  QVERIFY(m_window->findChild<QMenu *>(QStringLiteral("fileMenu"))->actions().contains(m_window->openTextAction()));
}

void TestLongInputs::badTextFileKeepsTheField() {
  openAndWait(m_longModel);
  const QString before = m_window->inputPanel()->sourceText();
  const QString path = m_dir.filePath(QStringLiteral("picture.png"));
  writeFile(path, QByteArray("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16));
  const QString error = m_window->openTextFile(path);
  QVERIFY2(error.contains(QStringLiteral("picture.png")) && error.contains(QStringLiteral("NUL byte")), qPrintable(error));
  auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("textFileErrorBox"));
  QVERIFY(box);
  QCOMPARE(box->text(), error);
  QCOMPARE(m_window->inputPanel()->sourceText(), before);
  box->close();
}

void TestLongInputs::droppedTextFileIsRead() {
  openAndWait(m_longModel);
  const QString path = m_dir.filePath(QStringLiteral("dropped.txt"));
  writeFile(path, QByteArrayLiteral("a cat sat\non the mat"));
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(path)});
  // On the window…
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(m_window.get(), &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(m_window.get(), &drop);
  QCOMPARE(m_window->inputPanel()->sourceText(), QStringLiteral("a cat sat\non the mat"));

  // A .txt that is not text: the message, and the field keeps its text.
  const QString binary = m_dir.filePath(QStringLiteral("binary.txt"));
  writeFile(binary, QByteArray("\x7f" "ELF\x02\x01\x01\x00", 8));
  QMimeData binaryMime;
  binaryMime.setUrls({QUrl::fromLocalFile(binary)});
  QDropEvent dropBinary(QPointF(10, 10), Qt::CopyAction, &binaryMime, Qt::LeftButton, Qt::NoModifier);
  QDragEnterEvent enterBinary(QPoint(10, 10), Qt::CopyAction, &binaryMime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(m_window.get(), &enterBinary);
  QVERIFY(enterBinary.isAccepted());  // by its name a text: read, then refused with the reason
  QCoreApplication::sendEvent(m_window.get(), &dropBinary);
  auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("textFileErrorBox"));
  QVERIFY(box);
  QVERIFY2(box->text().startsWith(QStringLiteral("binary.txt is not a text file: it holds a NUL byte at offset 7")),
           qPrintable(box->text()));
  QCOMPARE(m_window->inputPanel()->sourceText(), QStringLiteral("a cat sat\non the mat"));
  box->close();
  delete box;

  // …and on the source field itself: the file's text, not its path.
  m_window->inputPanel()->setSourceText(QStringLiteral("the cat"));
  QSignalSpy dropped(m_window->inputPanel()->sourceEdit(), &SourceEdit::fileDropped);
  QWidget *viewport = m_window->inputPanel()->sourceEdit()->viewport();
  QDragEnterEvent enterField(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(viewport, &enterField);
  QDragMoveEvent moveField(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(viewport, &moveField);
  QDropEvent dropField(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(viewport, &dropField);
  QCOMPARE(dropped.count(), 1);
  QCOMPARE(m_window->inputPanel()->sourceText(), QStringLiteral("a cat sat\non the mat"));
}

void TestLongInputs::progressShowsOnlyForLongJobs() {
  QWidget statusBar;  // stands in for the window's status bar
  auto *indicator = new JobProgress(&statusBar);
  JobProgress &progress = *indicator;
  statusBar.show();
  QVERIFY(QTest::qWaitForWindowExposed(&statusBar));
  QVERIFY(progress.isHidden());
  // A job that ends before the delay never shows.
  progress.start(QStringLiteral("Computing attention"));
  QVERIFY(progress.isHidden());
  progress.finish();
  QTest::qWait(JobProgress::showDelayMilliseconds() * 2);
  QVERIFY(progress.isHidden());
  // One that runs longer shows the bar and Cancel, then how far it is.
  progress.start(QStringLiteral("Computing attention"));
  QVERIFY(QTest::qWaitFor([&] { return progress.isVisible(); }, 5000));
  QVERIFY(progress.cancelButton()->isVisible());
  progress.setProgress(3, 16);
  QCOMPARE(progress.bar()->maximum(), 16);
  QCOMPARE(progress.bar()->value(), 3);
  QSignalSpy cancel(&progress, &JobProgress::cancelRequested);
  QTest::mouseClick(progress.cancelButton(), Qt::LeftButton);
  QCOMPARE(cancel.count(), 1);
  progress.finish();
  QVERIFY(progress.isHidden());
}

void TestLongInputs::cancelStopsThePassAndSaysSo() {
  openAndWait(m_longModel);
  QSignalSpy progressed(m_window->jobProgress()->bar(), &QProgressBar::valueChanged);
  // Cancel right after the request: the pass stops at its first block, whatever the machine's speed.
  m_window->inputPanel()->setSourceText(longText(1500));
  QVERIFY(m_window->isComputing());
  m_window->jobProgress()->cancelButton()->click();
  QVERIFY(waitForViews(*m_window));
  const auto analysis = m_window->analysis();
  QVERIFY(analysis->cancelled);
  QVERIFY(!analysis->trace(true));
  QVERIFY2(analysis->error.startsWith(QStringLiteral("Cancelled.")), qPrintable(analysis->error));
  QVERIFY(m_window->heatmap()->slice().empty());
  QVERIFY(m_window->jobProgress()->isHidden());

  // The next request computes again, reporting its blocks as it goes.
  m_window->inputPanel()->setSourceText(longText(1000));
  QVERIFY(waitForViews(*m_window));
  QVERIFY(m_window->analysis()->error.isEmpty());
  QVERIFY(!m_window->analysis()->cancelled);
  QCOMPARE(m_window->heatmap()->slice().rows(), int(m_window->analysis()->target.size()));
  QVERIFY(m_window->heatmap()->slice().rows() > 1000);
  QVERIFY(progressed.count() > 0);
  QCOMPARE(m_window->jobProgress()->bar()->maximum(), m_window->model()->spec().decoder_layers());
}

void TestLongInputs::cancelledAnalysisKeepsNoTraces() {
  // The pure function the worker runs: a progress hook that says stop ends it with the message.
  AnalysisRequest request;
  request.model = std::make_shared<const core::Model>(core::load_model(m_longModel.toStdString()));
  request.source = longText(200).toStdString();
  std::vector<std::pair<int, int>> asked;
  const Analysis stopped = runAnalysis(request, [&](int done, int total) {
    asked.emplace_back(done, total);
    return false;
  });
  QVERIFY((asked == std::vector<std::pair<int, int>>{{1, 2}}));  // after the first of two blocks
  QVERIFY(stopped.cancelled);
  QVERIFY(!stopped.withPe && !stopped.withoutPe);
  QVERIFY(stopped.error.startsWith(QStringLiteral("Cancelled.")));
  std::vector<std::pair<int, int>> seen;
  const Analysis done = runAnalysis(request, [&](int d, int t) {
    seen.emplace_back(d, t);
    return true;
  });
  QVERIFY(done.error.isEmpty());
  QVERIFY((seen == std::vector<std::pair<int, int>>{{1, 2}, {2, 2}}));
}

void TestLongInputs::guiThreadTurnsDuringALongPass() {
  openAndWait(m_longModel);
  // A timer on the GUI thread: if the pass ran there, no tick could land while it computes.
  int ticksWhileComputing = 0;
  QTimer ticker;
  ticker.setInterval(1);
  connect(&ticker, &QTimer::timeout, this, [&] {
    if (m_window->isComputing()) ++ticksWhileComputing;
  });
  ticker.start();
  m_window->inputPanel()->setSourceText(longText(1000));
  QVERIFY(waitForViews(*m_window));
  ticker.stop();
  QVERIFY(m_window->analysis()->error.isEmpty());
  QVERIFY(m_window->heatmap()->slice().rows() > 1000);
  QVERIFY(m_window->analysis()->thread != std::this_thread::get_id());
  QVERIFY2(ticksWhileComputing >= 2, qPrintable(QString::number(ticksWhileComputing)));
}

void TestLongInputs::onDemandTraceShowsTheSameAttention() {
  // The same text through a dense trace and an on-demand one: the slice a view gets is identical.
  AnalysisRequest request;
  request.model = std::make_shared<const core::Model>(core::load_model(m_longModel.toStdString()));
  request.source = longText(300).toStdString();
  request.attention = core::AttentionStorage::Dense;
  const Analysis dense = runAnalysis(request);
  request.attention = core::AttentionStorage::Auto;
  request.denseAttentionLimit = 1024;  // bytes: every real trace is over it
  const Analysis onDemand = runAnalysis(request);
  QVERIFY(dense.withPe && dense.withPe->is_dense());
  QVERIFY(onDemand.withPe && !onDemand.withPe->is_dense());
  QVERIFY(onDemand.withPe->decoder_self.empty());  // no α̂ stored
  QCOMPARE(onDemand.forwardOptions(true).attention, core::AttentionStorage::Auto);
  for (int layer = 0; layer < 2; ++layer) {
    const LayerStep step{core::AttentionKind::DecoderSelf, layer};
    const AttentionSlice a = makeSlice(dense, step, {});
    const AttentionSlice b = makeSlice(onDemand, step, {});
    QCOMPARE(b.headCount(), 4);
    QCOMPARE(b.rows(), a.rows());
    QVERIFY(b.rows() > 300);
    for (int h = 0; h < 4; ++h) QVERIFY(a.heads[std::size_t(h)] == b.heads[std::size_t(h)]);
  }
}

void TestLongInputs::memoryGuardRefusalIsShown() {
  openAndWait(m_longModel);
  Preferences preferences = m_window->viewState()->preferences();
  preferences.memoryBudgetMb = 1;  // 1 MiB: a 2,000-token pass needs far more
  QCOMPARE(m_window->applyPreferences(preferences), QString());
  QCOMPARE(QSettings().value(QStringLiteral("compute/memoryBudgetMb")).toInt(), 1);
  m_window->inputPanel()->setSourceText(longText(2000));
  QVERIFY(waitForViews(*m_window));
  const QString error = m_window->analysis()->error;
  QVERIFY2(error.contains(QStringLiteral("but the memory budget is 1.0 MiB")), qPrintable(error));
  QVERIFY(m_window->heatmap()->slice().empty());
  QCOMPARE(m_window->statusBar()->currentMessage(), error);
}

void TestLongInputs::tilesAggregateEachBlock_data() {
  QTest::addColumn<QRect>("cells");
  QTest::addColumn<int>("block");
  QTest::newRow("whole matrix, 64×64 blocks") << QRect(0, 0, 4096, 4096) << 64;
  QTest::newRow("whole matrix, 17×17 blocks (ragged edge)") << QRect(0, 0, 4096, 4096) << 17;
  QTest::newRow("a zoomed view across the diagonal") << QRect(1000, 900, 300, 250) << 7;
}

void TestLongInputs::tilesAggregateEachBlock() {
  QFETCH(QRect, cells);
  QFETCH(int, block);
  const AttentionSlice &slice = syntheticSlice4096();
  const core::RowMatrix &alpha_hat = slice.heads.front();
  for (const TileAggregate aggregate : {TileAggregate::Max, TileAggregate::Mean}) {
    const HeatmapTiles tiles = aggregateTiles(slice, 0, cells, block, aggregate);
    QCOMPARE(tiles.cells, cells);
    QCOMPARE(tiles.tileRows, (cells.height() + block - 1) / block);
    QCOMPARE(tiles.tileCols, (cells.width() + block - 1) / block);
    int maskedTiles = 0;
    for (int tr = 0; tr < tiles.tileRows; ++tr) {
      for (int tc = 0; tc < tiles.tileCols; ++tc) {
        // Brute force: every cell of the block, the masked ones (key after query) left out.
        double sum = 0;
        float largest = -1;
        int n = 0;
        for (int i = cells.y() + tr * block; i < std::min(cells.y() + (tr + 1) * block, cells.y() + cells.height()); ++i) {
          for (int j = cells.x() + tc * block; j < std::min(cells.x() + (tc + 1) * block, cells.x() + cells.width()); ++j) {
            if (j > i) continue;
            sum += alpha_hat(i, j);
            largest = std::max(largest, alpha_hat(i, j));
            ++n;
          }
        }
        QCOMPARE(tiles.isMasked(tr, tc), n == 0);
        if (n == 0) {
          ++maskedTiles;
          continue;
        }
        const double want = aggregate == TileAggregate::Max ? largest : sum / n;
        if (std::abs(tiles.value(tr, tc) - want) > 1e-6 * std::max(1.0, std::abs(want))) {
          QFAIL(qPrintable(QStringLiteral("tile (%1, %2), %3: got %4, want %5")
                               .arg(tr).arg(tc).arg(tileAggregateName(aggregate))
                               .arg(double(tiles.value(tr, tc)), 0, 'g', 9).arg(want, 0, 'g', 9)));
        }
      }
    }
    QVERIFY(maskedTiles > 0);  // the causal mask's upper triangle
  }
}

void TestLongInputs::heatmapZoomsAndPansAt4096Tokens() {
  const AttentionSlice &slice = syntheticSlice4096();
  HeatmapWidget heatmap;
  heatmap.resize(640, 600);
  heatmap.setSlice(slice, 0);
  heatmap.show();
  QVERIFY(QTest::qWaitForWindowExposed(&heatmap));

  // Zoomed out: tiles, named in the heading, and no minimap (the whole matrix is on screen).
  QVERIFY(!heatmap.isZoomed());
  const int block = heatmap.tileBlock();
  QVERIFY2(block > 1, qPrintable(QString::number(block)));
  QVERIFY2(heatmap.title().contains(QStringLiteral("tiles: max of %1×%1 cells").arg(block)), qPrintable(heatmap.title()));
  // (the tiles come from the widget's job runner)
  QVERIFY(QTest::qWaitFor([&] { return heatmap.tilesCurrent(); }, 20000));
  QCOMPARE(heatmap.tiles().cells, QRect(0, 0, 4096, 4096));
  QCOMPARE(heatmap.tiles().tileCols, (4096 + block - 1) / block);
  QVERIFY(heatmap.minimapRect().isEmpty());
  heatmap.setTileAggregate(TileAggregate::Mean);
  QVERIFY(heatmap.title().contains(QStringLiteral("tiles: mean of")));
  QVERIFY(!heatmap.tilesCurrent());
  QVERIFY(QTest::qWaitFor([&] { return heatmap.tilesCurrent(); }, 20000));
  QVERIFY(heatmap.tiles().aggregate == TileAggregate::Mean);
  const QImage whole = heatmap.grab().toImage();

  // The wheel zooms in around the pointer: fewer cells on screen, smaller tiles, then exact cells.
  const QRectF matrix = heatmap.matrixRect();
  const QPointF anchor = matrix.center();
  // (until cells are 8 pixels wide: room for labels)
  const auto cellPixels = [&] { return heatmap.matrixRect().width() / heatmap.viewport().width(); };
  for (int notch = 0; notch < 60 && cellPixels() < 8; ++notch) {
    QWheelEvent wheel(anchor, heatmap.mapToGlobal(anchor), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(&heatmap, &wheel);
  }
  QCOMPARE(heatmap.tileBlock(), 1);
  QVERIFY(heatmap.isZoomed());
  const QRect view = heatmap.viewport();
  QVERIFY(view.width() < 4096 && view.width() >= HeatmapWidget::kMinViewCells);
  // Around the pointer: the matrix's middle stays in view.
  QVERIFY2(view.contains(2048, 2048), qPrintable(QStringLiteral("%1 %2 %3 %4").arg(view.x()).arg(view.y()).arg(view.width()).arg(view.height())));
  QVERIFY(heatmap.title().contains(QStringLiteral("queries %1–%2").arg(view.top() + 1).arg(view.bottom() + 1)));
  QVERIFY(!heatmap.title().contains(QStringLiteral("tiles")));
  QVERIFY(!heatmap.minimapRect().isEmpty());
  const QImage zoomed = heatmap.grab().toImage();
  QVERIFY(zoomed != whole);

  // Zoomed in: exact cells, each in its own colour, and the exact value in the tooltip's model.
  const auto pixelAt = [&](const QImage &image, int row, int col) {
    return image.pixel(heatmap.cellRect(row, col).center().toPoint());
  };
  const int row = view.top() + view.height() / 2;
  const int col = row - 1;  // below the diagonal: not masked
  QVERIFY(view.contains(col, row));
  QVERIFY(heatmap.cellRect(row, col).width() >= 4);
  const QColor want = valueColour(slice.heads.front()(row, col), slice.scale, slice.extent);
  QVERIFY(test::colourDistance(pixelAt(zoomed, row, col), want) <= 2);

  // Dragging pans: other cells under the same pixels.
  const QPoint from = matrix.center().toPoint();
  QTest::mousePress(&heatmap, Qt::LeftButton, {}, from);
  QMouseEvent move(QEvent::MouseMove, QPointF(from + QPoint(-100, -60)), heatmap.mapToGlobal(QPointF(from + QPoint(-100, -60))),
                   Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&heatmap, &move);
  QTest::mouseRelease(&heatmap, Qt::LeftButton, {}, from + QPoint(-100, -60));
  const QRect panned = heatmap.viewport();
  QCOMPARE(panned.size(), view.size());
  QVERIFY(panned.x() > view.x() && panned.y() > view.y());  // dragging left and up shows later keys and queries
  const QImage after = heatmap.grab().toImage();
  QVERIFY(after != zoomed);
  QVERIFY(panned.contains(panned.left() + 1, panned.top() + 2));
  const int prow = panned.top() + panned.height() / 2;
  const QColor wantPanned = valueColour(slice.heads.front()(prow, prow - 1), slice.scale, slice.extent);
  QVERIFY(test::colourDistance(pixelAt(after, prow, prow - 1), wantPanned) <= 2);

  // A click on the minimap centres the view there; a double-click shows the whole matrix again.
  const QRectF minimap = heatmap.minimapRect();
  const QPoint onMinimap(int(minimap.left() + minimap.width() / 4), int(minimap.top() + minimap.height() / 4));
  QTest::mouseClick(&heatmap, Qt::LeftButton, {}, onMinimap);
  const QPoint clickedCell(int((onMinimap.x() - minimap.left()) / minimap.width() * 4096),
                           int((onMinimap.y() - minimap.top()) / minimap.height() * 4096));
  QVERIFY(heatmap.viewport().contains(clickedCell));
  QCOMPARE(heatmap.viewport().size(), panned.size());
  QTest::mouseDClick(&heatmap, Qt::LeftButton, {}, matrix.center().toPoint());
  QVERIFY(!heatmap.isZoomed());
  QCOMPARE(heatmap.tileBlock(), block);

  // Another layer of the same text keeps the zoom; a text of another length shows it whole.
  heatmap.setViewport(QRect(100, 100, 50, 50));
  heatmap.setSlice(slice, 0);
  QCOMPARE(heatmap.viewport(), QRect(100, 100, 50, 50));
  heatmap.setSlice(test::makeTestSlice({core::RowMatrix::Constant(8, 8, 0.125f)}), 0);
  QVERIFY(!heatmap.isZoomed());
  QCOMPARE(heatmap.tileBlock(), 1);
}

void TestLongInputs::heatmapTilesAreBuiltOffTheGuiThreadAndStaleOnesDropped() {
  const AttentionSlice &slice = syntheticSlice4096();
  HeatmapWidget heatmap;
  heatmap.resize(640, 600);
  // The first tile job waits on the runner's thread until the test has asked for another view.
  const auto gate = std::make_shared<QSemaphore>();
  const auto first = std::make_shared<std::atomic<bool>>(true);
  struct OpenOnExit {
    QSemaphore &gate;
    ~OpenOnExit() { gate.release(); }  // a failed check still lets the runner stop
  } open{*gate};
  heatmap.setTileJobHook([gate, first] {
    if (first->exchange(false)) gate->acquire();
  });
  QVector<QRect> delivered;
  connect(&heatmap, &HeatmapWidget::tilesReady, this, [&] { delivered.push_back(heatmap.tiles().cells); });
  heatmap.setSlice(slice, 0);
  heatmap.show();
  QVERIFY(QTest::qWaitForWindowExposed(&heatmap));
  QVERIFY(heatmap.tileBlock() > 1);
  // Painting asked for the whole matrix's tiles; the job is held, nothing has been delivered.
  QTRY_VERIFY(!first->load());
  QVERIFY(!heatmap.tilesCurrent());
  QCOMPARE(heatmap.tiles().tileRows, 0);
  // Zoom to a view still drawn in tiles, then let the first job go: its tiles are stale.
  const QRect zoomed(1024, 1024, 2048, 2048);
  heatmap.setViewport(zoomed);
  heatmap.repaint();  // asks for the new view's tiles
  QVERIFY(heatmap.tileBlock() > 1);
  gate->release();
  QVERIFY(QTest::qWaitFor([&] { return heatmap.tilesCurrent(); }, 20000));
  QTest::qWait(100);  // anything the old job could still post has arrived or been dropped
  QCOMPARE(delivered, QVector<QRect>{zoomed});
  const HeatmapTiles &tiles = heatmap.tiles();
  QVERIFY(tiles.builtOn != std::thread::id{});
  QVERIFY(tiles.builtOn != std::this_thread::get_id());
  // the same numbers as aggregating here
  const HeatmapTiles want = aggregateTiles(slice, 0, zoomed, heatmap.tileBlock(), TileAggregate::Max);
  QVERIFY(want.builtOn == std::this_thread::get_id());
  QCOMPARE(tiles.tileRows, want.tileRows);
  QCOMPARE(tiles.tileCols, want.tileCols);
  QVERIFY(tiles.values == want.values);
  QVERIFY(tiles.masked == want.masked);
  // Until the next view's tiles arrive, the last ones are drawn scaled: a tile's colour where its
  // cells now are, not an empty matrix.
  const HeatmapTiles before = tiles;
  heatmap.setViewport(QRect(1024, 1024, 1536, 1536));
  heatmap.setTileJobHook([gate] { gate->acquire(); });  // hold this one until the picture is taken
  const QImage stale = heatmap.grab().toImage();
  QVERIFY(!heatmap.tilesCurrent());
  int tileRow = 0;
  int tileCol = 0;
  for (; tileRow < before.tileRows && before.isMasked(tileRow, tileCol); ++tileRow) {
  }
  QVERIFY(tileRow < before.tileRows);
  const QRect cells = before.tileCells(tileRow, tileCol);
  const QPointF centre = (heatmap.cellRect(cells.top(), cells.left()).center() +
                          heatmap.cellRect(cells.bottom(), cells.right()).center()) / 2;
  const QColor wantColour = valueColour(before.value(tileRow, tileCol), slice.scale, slice.extent);
  QVERIFY(test::colourDistance(stale.pixel(centre.toPoint()), wantColour) <= 2);
  gate->release();
  QVERIFY(QTest::qWaitFor([&] { return heatmap.tilesCurrent(); }, 20000));
}

void TestLongInputs::generationStepsMatchTheFullReRun() {
  // The window's generation (an empty target) decodes with a key/value cache; stepping through it
  // token by token gives the tokens and, row by row, the attention of re-running the whole prefix.
  AnalysisRequest request;
  request.model = std::make_shared<const core::Model>(core::load_model(test::testData(QStringLiteral("peer/marian-tiny-short")).toStdString()));
  request.source = "the cat sat on the mat";
  std::vector<std::pair<int, int>> progress;
  const Analysis analysis = runAnalysis(request, [&](int done, int total) {
    progress.emplace_back(done, total);
    return true;
  });
  QVERIFY2(analysis.error.isEmpty(), qPrintable(analysis.error));
  QVERIFY(analysis.generated);
  const int steps = static_cast<int>(analysis.target.size());
  QVERIFY(steps >= 3);
  QVERIFY(!progress.empty());  // generation reports its tokens, then the pass its blocks
  QCOMPARE(progress.front().first, 1);

  const core::Model &model = *request.model;
  core::GreedyDecoder rerun(model, analysis.source.ids, core::generation_prefix(model), {}, steps);
  while (!rerun.finished() && static_cast<int>(rerun.sequence().size()) < steps) rerun.step();
  QVERIFY((std::vector<int>(rerun.sequence().begin(), rerun.sequence().begin() + steps) == analysis.target.ids));

  core::CachedGreedyDecoder cached(model, analysis.source.ids, core::generation_prefix(model), {}, steps);
  const int layers = model.spec().decoder_layers();
  for (int t = 0; t + 1 < steps; ++t) {
    const core::CachedStep step = cached.step();
    QCOMPARE(step.position, t);
    QCOMPARE(step.next_id, analysis.target.ids[std::size_t(t + 1)]);
    SliceOptions options;
    options.decoderLength = t + 1;  // the stepper at step t
    for (int layer = 0; layer < layers; ++layer) {
      const AttentionSlice self = makeSlice(analysis, {core::AttentionKind::DecoderSelf, layer}, options);
      const AttentionSlice cross = makeSlice(analysis, {core::AttentionKind::DecoderCross, layer}, options);
      QCOMPARE(self.rows(), t + 1);
      for (int h = 0; h < self.headCount(); ++h) {
        const core::RowMatrix &row = step.self_row[std::size_t(layer)].heads[std::size_t(h)];
        QCOMPARE(row.cols(), Eigen::Index(t + 1));
        QVERIFY2((row - self.heads[std::size_t(h)].row(t)).cwiseAbs().maxCoeff() < 1e-5f,
                 qPrintable(QStringLiteral("step %1, layer %2, head %3").arg(t).arg(layer).arg(h)));
        const core::RowMatrix &crossRow = step.cross_row[std::size_t(layer)].heads[std::size_t(h)];
        QVERIFY((crossRow - cross.heads[std::size_t(h)].row(t)).cwiseAbs().maxCoeff() < 1e-5f);
      }
    }
  }
}

void TestLongInputs::wordGraphDrawsTheTopKeysPerQuery() {
  // Two heads over 6 tokens; row q of head h has its weights in a known order.
  core::RowMatrix first(6, 6);
  core::RowMatrix second(6, 6);
  for (int q = 0; q < 6; ++q) {
    for (int k = 0; k < 6; ++k) {
      first(q, k) = 0.06f + 0.01f * float((q + k) % 6);   // heaviest key: (5 − q) mod 6
      second(q, k) = 0.06f + 0.01f * float((q + 2 * k) % 6);
    }
  }
  WordGraphWidget graph;
  graph.resize(400, 400);
  graph.setSlice(test::makeTestSlice({first, second}));
  graph.setThreshold(0.0f);
  QCOMPARE(graph.visibleLineCount(), 2 * 36);
  graph.setTopKeys(2);
  QCOMPARE(graph.visibleLineCount(), 2 * 6 * 2);
  // Hovering query 3 keeps its two heaviest keys per head: head 1's keys 2 and 1 (.11, .10), head 2's
  // keys 1 and 4 (both .11).
  graph.setPinnedToken({TokenSide::Query, 3});
  QCOMPARE(graph.visibleLineCount(), 4);
  QVERIFY(!graph.labelDimmed({TokenSide::Key, 2}) && !graph.labelDimmed({TokenSide::Key, 1}));
  QVERIFY(graph.labelDimmed({TokenSide::Key, 0}));
  // A key's lines: one per query and head that ranks it among its two heaviest (brute force).
  graph.setPinnedToken({TokenSide::Key, 0});
  int expected = 0;
  for (const core::RowMatrix *head : {&first, &second}) {
    for (int q = 0; q < 6; ++q) {
      int heavier = 0;
      for (int k = 1; k < 6; ++k) heavier += (*head)(q, k) > (*head)(q, 0) ? 1 : 0;
      expected += heavier < 2 ? 1 : 0;
    }
  }
  QCOMPARE(graph.visibleLineCount(), expected);
  graph.setTopKeys(0);
  QCOMPARE(graph.visibleLineCount(), 2 * 6);  // every query's line to key 0
}

// A graph taller than a few screens is drawn a band at a time (WordGraphWidget::cacheArea): scrolled
// there from the top or opened there, the part in view must be the picture the whole-widget cache
// gives, and not blank.
void TestLongInputs::aTallWordGraphDrawsTheSameWhereverItIsScrolled() {
  constexpr int kTokens = 900;  // 8 px a token past 512: over 7,000 px tall
  core::RowMatrix weights(kTokens, kTokens);
  for (int q = 0; q < kTokens; ++q) {
    for (int k = 0; k < kTokens; ++k) weights(q, k) = k == (q * 7) % kTokens || k == q ? 0.4f : 0.2f / kTokens;
  }
  const AttentionSlice slice = test::makeTestSlice({weights});
  const auto viewAt = [&](QScrollArea &area, const std::vector<int> &positions, int wholeCacheHeight) {
    auto *graph = new WordGraphWidget;
    graph->setSlice(slice);
    graph->setTopKeys(2);
    graph->setWholeCacheHeight(wholeCacheHeight);
    area.setWidgetResizable(true);
    area.setWidget(graph);
    area.resize(500, 400);
    area.show();
    QApplication::processEvents();
    QImage shown;
    for (const int position : positions) {
      area.verticalScrollBar()->setValue(position);
      QApplication::processEvents();
      shown = area.viewport()->grab().toImage();
    }
    return shown;
  };
  // The same picture up to antialiasing: a long line clipped to a band rounds its edge pixels a
  // few levels differently from the same line drawn whole.
  const auto differingPixels = [](const QImage &a, const QImage &b) {
    if (a.size() != b.size()) return -1;
    int differing = 0;
    for (int y = 0; y < a.height(); ++y) {
      for (int x = 0; x < a.width(); ++x) differing += test::colourDistance(a.pixel(x, y), QColor(b.pixel(x, y))) > 12 ? 1 : 0;
    }
    return differing;
  };
  constexpr int kBands = 4096;                            // the default
  constexpr int kWhole = std::numeric_limits<int>::max();  // the whole picture cached
  QScrollArea scrolled;
  QScrollArea opened;
  QScrollArea whole;
  const QImage fromTheTop = viewAt(scrolled, {0, 1500, 4000}, kBands);
  QVERIFY(scrolled.widget()->height() > 7000);
  QCOMPARE(scrolled.verticalScrollBar()->value(), 4000);
  const QImage truth = viewAt(whole, {4000}, kWhole);
  QCOMPARE(differingPixels(fromTheTop, truth), 0);
  QCOMPARE(differingPixels(viewAt(opened, {4000}, kBands), truth), 0);
  const QColor base = scrolled.widget()->palette().color(QPalette::Base);
  int ink = 0;
  for (int x = 0; x < truth.width(); x += 4) ink += test::inkPixels(truth, x, 0, truth.height() - 1, base);
  QVERIFY2(ink > 500, qPrintable(QString::number(ink)));
  // Scrolling back up draws the top as the whole picture has it.
  QCOMPARE(differingPixels(viewAt(scrolled, {4000, 0}, kBands), viewAt(whole, {0}, kWhole)), 0);
}

QTEST_MAIN(TestLongInputs)
#include "tst_long_inputs.moc"
