#include "monkey_tabs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include "checkpoint_timeline.h"
#include "corpus_picker.h"
#include "corpus_search_page.h"
#include "difference_view.h"
#include "edits_banner.h"
#include "gui_test_support.h"
#include "heatmap_widget.h"
#include "job_runner.h"
#include "main_window.h"
#include "qk_map_page.h"
#include "qk_page.h"
#include "qk_scatter_widget.h"
#include "thumbnail_grid.h"
#include "token_edits.h"
#include "train_panel.h"
#include "training_worker.h"
#include "view_state.h"
#include "whatif_panel.h"

namespace ui::test {

namespace {

// The window's own words, as the user reads them (the tests run untranslated).
QString windowText(const char *context, const char *text) { return QCoreApplication::translate(context, text); }

bool waitForViews(const MainWindow &window, int timeout = 20000) {
  return QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, timeout);
}

// "reverse-checkpoints/step-000800": how the timeline names the checkpoint it shows.
QString checkpointLabel(const CheckpointTimeline &timeline, int index) {
  return QFileInfo(timeline.seriesFolder()).fileName() + QLatin1Char('/') +
         QFileInfo(timeline.checkpoints()[static_cast<std::size_t>(index)].folder).fileName();
}

}  // namespace

MonkeyTabs::MonkeyTabs(MainWindow *window, std::mt19937 &random, const QString &workFolder)
    : m_window(window),
      m_random(random),
      m_corpora(QDir(workFolder).filePath(QStringLiteral("corpora"))),
      m_series(QDir::cleanPath(testData(QStringLiteral("../../models/reverse-checkpoints")))) {
  QDir().mkpath(m_corpora);
  const auto write = [this](const QString &name, const QByteArray &bytes) {
    QFile file(QDir(m_corpora).filePath(name));
    if (file.open(QIODevice::WriteOnly)) file.write(bytes);
  };
  // Tiny corpora, so a map or a search is a few passes: words of every bundled model, a
  // source<TAB>target file, and the files the corpus reader refuses or notes.
  write(QStringLiteral("words.txt"), "the cat sat on the mat\nand the dog ran\n3 1 4 1 5 9\na b c a b c\nhello world\n");
  write(QStringLiteral("pairs.tsv"), "the cat sat\t\xe7\x8c\xab\xe5\x9d\x90\xe4\xba\x86\n3 1 4\t4 1 3\n");
  write(QStringLiteral("empty.txt"), QByteArray());
  write(QStringLiteral("blank.txt"), "\n   \n\n");
  write(QStringLiteral("binary.txt"), QByteArray("\x00\x01\xff\xfe\xc3\x28 cat\n", 10));
  write(QStringLiteral("long-line.txt"), QByteArray("the cat ").repeated(1500) + "\nthe dog\n");
}

int MonkeyTabs::pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_random); }

int MonkeyTabs::any(int n) { return std::uniform_int_distribution<int>(0, 65535)(m_random) % std::max(n, 1); }

bool MonkeyTabs::chance(double p) { return std::uniform_real_distribution<double>(0, 1)(m_random) < p; }

QString MonkeyTabs::randomWords(const QStringList &vocabulary, int most) {
  const int count = 1 + pick(most);
  QStringList words;
  for (int i = 0; i < count; ++i) words << vocabulary[any(int(vocabulary.size()))];
  return words.join(QLatin1Char(' '));
}

QString MonkeyTabs::corpus() {
  const QDir folder(m_corpora);
  switch (pick(12)) {
    case 0: case 1: case 2: case 3: return folder.filePath(QStringLiteral("words.txt"));
    case 4: case 5: return folder.filePath(QStringLiteral("pairs.tsv"));
    case 6: return folder.filePath(QStringLiteral("long-line.txt"));
    case 7: return folder.filePath(QStringLiteral("empty.txt"));
    case 8: return folder.filePath(QStringLiteral("blank.txt"));
    case 9: return folder.filePath(QStringLiteral("binary.txt"));
    case 10: return m_corpora;  // a folder
    default: return folder.filePath(QStringLiteral("missing.txt"));
  }
}

QString MonkeyTabs::act(int kind, const QStringList &vocabulary, const QStringList &models) {
  if (kind < 6) {
    whatIfAction(kind, vocabulary, models);
    return QStringLiteral("What If");
  }
  switch (kind) {
    case 6: qkAction(); return QStringLiteral("q·k");
    case 7: mapAction(); return QStringLiteral("Query/Key Map");
    case 8: searchAction(vocabulary); return QStringLiteral("Corpus Search");
    case 9: openFromResults(); return QStringLiteral("a map point or a search hit");
    case 10: case 11: trainingAction(); return QStringLiteral("Train");
    case 12: timelineAction(models); return QStringLiteral("checkpoint timeline");
    default: switchDuringJob(vocabulary, models); return QStringLiteral("a model switch during a tab's job");
  }
}

void MonkeyTabs::whatIfAction(int kind, const QStringList &vocabulary, const QStringList &models) {
  WhatIfPanel *panel = m_window->whatIf();
  if (chance(0.5)) m_window->tabs()->setCurrentWidget(panel);
  switch (kind) {
    case 0: {  // the comparison
      auto *mode = panel->findChild<QComboBox *>(QStringLiteral("whatIfMode"));
      mode->setCurrentIndex(pick(mode->count()));
      break;
    }
    case 1: {  // mask, delete or replace a token (one past the end now and then: refused)
      const TokenSource side = chance(0.7) ? TokenSource::Source : TokenSource::Target;
      const int edit = pick(3);
      const std::shared_ptr<const Analysis> analysis = panel->analysis();
      const int tokens = analysis ? int(side == TokenSource::Source ? analysis->source.size() : analysis->target.size()) : 0;
      const int position = any(tokens + 1);
      static const char *const odd[] = {"", "zzyzx", "two words"};
      const int which = pick(4);
      const QString replacement = which < 3 ? QString::fromUtf8(odd[which]) : vocabulary[any(int(vocabulary.size()))];
      QString problem;
      if (edit == 0) problem = panel->maskToken(side, position);
      else if (edit == 1) problem = panel->deleteToken(side, position);
      else problem = panel->replaceToken(side, position, replacement);
      if (problem.isEmpty()) ++m_edits;
      else ++m_refusedEdits;
      break;
    }
    case 2:  // undo, clear, or the banner's buttons
      switch (pick(4)) {
        case 0: panel->undoEdit(); break;
        case 1: panel->clearEdits(); break;
        case 2: if (m_window->editsBanner()->clearButton()->isVisible()) m_window->editsBanner()->clearButton()->click(); break;
        default: if (m_window->editsBanner()->differenceButton()->isVisible()) m_window->editsBanner()->differenceButton()->click(); break;
      }
      break;
    case 3: {  // another sentence, set at once or typed (the field waits 150 ms)
      const bool typed = chance(0.5);
      const QString text = chance(0.8) ? randomWords(vocabulary, 8) : QString();
      if (typed) panel->sentenceField()->setText(text);
      else panel->setSentence(text);
      ++m_comparisons;
      break;
    }
    case 4: {  // another checkpoint: this model's folder, another model, a series step, no model at all
      const int which = pick(4);
      const QString folder = which == 0   ? m_window->modelFolder()
                             : which == 1 ? models[any(int(models.size()))]
                             : which == 2 ? QDir(m_series).filePath(QStringLiteral("step-000100"))
                                          : m_corpora;
      // now and then through Choose Checkpoint…, whose folder dialog MonkeyDialogs answers
      if (chance(0.25)) {
        panel->checkpointButton()->click();
        ++m_dialogButtons;
      } else {
        panel->setCheckpoint(folder);
      }
      ++m_comparisons;
      break;
    }
    default: {  // the difference view: A, B or B − A; the kind of attention; a thumbnail
      DifferenceView *view = panel->view();
      const int show = pick(3);
      const int kindIndex = any(view->kindBox()->count());
      const int row = any(view->grid()->rowCount());
      const int column = any(view->grid()->columnCount());
      switch (pick(3)) {
        case 0: view->showBox()->setCurrentIndex(show); break;
        case 1: if (view->kindBox()->count() > 0) view->kindBox()->setCurrentIndex(kindIndex); break;
        default:
          if (view->isVisible() && view->grid()->isVisible() && !view->grid()->thumbnails().isEmpty()) {
            QTest::mouseClick(view->grid(), Qt::LeftButton, {}, view->grid()->thumbnailRect(row, column).center().toPoint());
          }
          break;
      }
      break;
    }
  }
}

void MonkeyTabs::qkAction() {
  QkPage *page = m_window->qkPage();
  if (chance(0.6)) m_window->tabs()->setCurrentWidget(page);
  auto *query = page->findChild<QSpinBox *>(QStringLiteral("qkQuery"));
  const int value = 1 + any(query->maximum());
  switch (pick(3)) {
    case 0: query->setValue(value); break;
    case 1: m_window->viewState()->setFocusToken(value - 1); break;  // a token clicked in a view
    default: QTest::keyClick(query, chance(0.5) ? Qt::Key_Up : Qt::Key_Down); break;
  }
}

void MonkeyTabs::mapAction() {
  QkMapPage *page = m_window->qkMapPage();
  if (chance(0.5)) m_window->tabs()->setCurrentWidget(page);
  CorpusPicker *picker = page->picker();
  const auto run = [&] {
    if (!picker->runButton()->isEnabled()) return;
    picker->runButton()->click();
    ++m_maps;
  };
  switch (pick(7)) {
    case 0: case 1: picker->setCorpusPath(corpus()); run(); break;
    case 2: run(); break;
    case 3: page->colouring()->setCurrentIndex(pick(2)); break;
    case 4: page->normaliseBox()->click(); break;
    case 5: browse(picker); break;
    default:  // run, and Cancel at once
      run();
      if (picker->cancelButton()->isEnabled()) {
        picker->cancelButton()->click();
        ++m_cancels;
      }
      break;
  }
}

void MonkeyTabs::searchAction(const QStringList &vocabulary) {
  CorpusSearchPage *page = m_window->corpusSearchPage();
  if (chance(0.5)) m_window->tabs()->setCurrentWidget(page);
  CorpusPicker *picker = page->picker();
  const auto run = [&] {
    if (!picker->runButton()->isEnabled()) return;
    picker->runButton()->click();
    ++m_searches;
  };
  const auto token = [&] {
    switch (pick(4)) {
      case 0: return QStringLiteral("the");
      case 1: return QString();  // refused: no token
      case 2: return QStringLiteral("zzyzx");
      default: return vocabulary[any(int(vocabulary.size()))];
    }
  };
  static const char *const headLists[] = {"1.1", "1.1, 1.2", "2.3", "9.9", "x", "", "1.1, 1.1", "1.2,2.1"};
  switch (pick(9)) {
    case 0: case 1:
      picker->setCorpusPath(corpus());
      page->tokenField()->setText(token());
      run();
      break;
    case 8: browse(picker); break;
    case 2: page->modeBox()->setCurrentIndex(pick(page->modeBox()->count())); break;
    case 3: page->limitBox()->setValue(1 + pick(30)); break;
    case 4:
      page->headsBox()->setCurrentIndex(pick(page->headsBox()->count()));
      page->headListField()->setText(QString::fromLatin1(headLists[pick(8)]));
      break;
    case 5: run(); break;
    case 6:
      run();
      if (picker->cancelButton()->isEnabled()) {
        picker->cancelButton()->click();
        ++m_cancels;
      }
      break;
    default:  // Enter in the token field searches too (when no search runs)
      page->tokenField()->setText(token());
      if (picker->runButton()->isEnabled()) {
        QTest::keyClick(page->tokenField(), Qt::Key_Return);
        ++m_searches;
      }
      break;
  }
}

void MonkeyTabs::browse(CorpusPicker *picker) {
  // Browse…: the file dialog (answered by MonkeyDialogs: a file of the work folder, a damaged one
  // or Cancel) sets the corpus path; the run is the next action's.
  if (!picker->browseButton()->isEnabled()) return;
  picker->browseButton()->click();
  ++m_dialogButtons;
}

void MonkeyTabs::openFromResults() {
  // A point of the map or a hit of the search opens its sentence in the views (the Attention tab).
  // Without one in hand (another model came since), the page computes one first over the small
  // corpus, and the action waits for it: a result arriving later would open nothing.
  const bool point = chance(0.5);
  const int n = any(1 << 15);
  const QString words = QDir(m_corpora).filePath(QStringLiteral("words.txt"));
  const JobRunner *runner = m_window->jobRunner();
  if (point) {
    QkMapPage *page = m_window->qkMapPage();
    m_window->tabs()->setCurrentWidget(page);
    if (!page->result().map && page->picker()->runButton()->isEnabled()) {
      page->picker()->setCorpusPath(words);
      page->compute();
      ++m_maps;
    }
    QVERIFY2(QTest::qWaitFor([&] { return !runner->isBusy(JobLane::WhyMap); }, 30000), "the map never ends");
    if (!page->result().map || page->result().map->points.empty()) return;
    QkScatterWidget *scatter = page->scatter();
    const int index = n % int(page->result().map->points.size());
    const QPoint at = scatter->pointPosition(index).toPoint();
    if (scatter->pointAt(at) < 0) return;  // (hidden under the legend, or not laid out yet)
    const core::QkMap &map = *page->result().map;
    const std::string expected = map.sentences[map.points[std::size_t(scatter->pointAt(at))].sentence].text;
    QTest::mouseClick(scatter, Qt::LeftButton, {}, at);
    QVERIFY2(m_window->viewState()->sourceText() == QString::fromStdString(expected) && m_window->tabs()->currentIndex() == 0,
             "a map point clicked did not open its sentence in the views");
  } else {
    CorpusSearchPage *page = m_window->corpusSearchPage();
    m_window->tabs()->setCurrentWidget(page);
    if (!page->result().search && page->picker()->runButton()->isEnabled()) {
      page->picker()->setCorpusPath(words);
      page->tokenField()->setText(QStringLiteral("the"));
      page->search();
      ++m_searches;
    }
    QVERIFY2(QTest::qWaitFor([&] { return !runner->isBusy(JobLane::WhySearch); }, 30000), "the search never ends");
    QTableWidget *table = page->table();
    if (table->rowCount() == 0) return;
    // Enter on a hit activates it, as a double-click does (and needs no layout to have happened).
    const int row = n % table->rowCount();
    const core::CorpusSearch &search = *page->result().search;
    const std::string expected = search.sentences[search.hits[std::size_t(row)].sentence].text;
    table->setCurrentCell(row, 0);
    QTest::keyClick(table, Qt::Key_Return);
    QVERIFY2(m_window->viewState()->sourceText() == QString::fromStdString(expected) && m_window->tabs()->currentIndex() == 0,
             "a search hit activated did not open its sentence in the views");
  }
  ++m_opened;
}

void MonkeyTabs::waitForTrainingInViews(const QString &what) {
  // A snapshot that reaches the views swaps the model; wait for it here, so the model on show
  // when the next action draws does not depend on the machine's speed.
  TrainPanel *panel = m_window->trainPanel();
  const auto shown = [&] {
    if (!panel->showsInViews()) return true;
    if (panel->snapshot()) return m_window->model() == panel->snapshot();
    return !panel->worker()->isActive();  // a run that failed, or none: nothing to show
  };
  QVERIFY2(QTest::qWaitFor(shown, 20000),
           qPrintable(QStringLiteral("%1: the run's snapshot never reached the views (run state %2, step %3 of %4, "
                                     "snapshot %5, the views show %6)")
                          .arg(what)
                          .arg(int(panel->worker()->state()))
                          .arg(panel->worker()->progress().step)
                          .arg(panel->worker()->totalSteps())
                          .arg(panel->snapshot() ? QStringLiteral("yes") : QStringLiteral("none"), m_window->modelFolder())));
}

void MonkeyTabs::trainingAction() {
  TrainPanel *panel = m_window->trainPanel();
  TrainingWorker *worker = panel->worker();
  switch (pick(8)) {
    case 0: case 1: {  // a tiny run: 1–2 layers, d_model 16, 10–40 steps (3 heads do not divide 16: refused)
      const int task = any(panel->taskCombo()->count());
      const int layers = 1 + pick(2);
      const int heads = 1 + pick(3);
      const int steps = 10 * (1 + pick(4));
      const bool show = chance(0.7);
      if (!panel->startButton()->isEnabled()) break;
      panel->taskCombo()->setCurrentIndex(task);
      panel->layersBox()->setValue(layers);
      panel->headsBox()->setValue(heads);
      panel->dModelBox()->setValue(16);
      panel->stepsBox()->setValue(steps);
      panel->setShowInViews(show);  // checked: the last run's snapshot is shown at once
      worker->setSnapshotInterval(10, 150);
      panel->startButton()->click();
      if (!panel->isTraining()) break;  // refused (3 heads of 16): the message says why, nothing runs
      ++m_runs;
      waitForTrainingInViews(QStringLiteral("a run started"));
      break;
    }
    case 2:  // pause or resume
      if (panel->pauseButton()->isEnabled()) panel->pauseButton()->click();
      ++m_trainingControls;
      break;
    case 3:
      if (panel->stopButton()->isEnabled()) panel->stopButton()->click();
      ++m_trainingControls;
      break;
    case 4:
      panel->speedCombo()->setCurrentIndex(pick(panel->speedCombo()->count()));
      ++m_trainingControls;
      break;
    case 6:  // Save…: a save dialog (answered by MonkeyDialogs), then the questions it may ask
      if (panel->saveButton()->isEnabled()) {
        panel->saveButton()->click();
        ++m_dialogButtons;
      }
      ++m_trainingControls;
      break;
    case 5:  // "Show in views"
      panel->followCheck()->click();
      waitForTrainingInViews(QStringLiteral("Show in views checked"));
      ++m_trainingControls;
      break;
    default:
      m_window->trainPanelAction()->trigger();  // the dock shown or hidden
      break;
  }
}

void MonkeyTabs::openAndWait(const QString &folder) {
  QSignalSpy loaded(m_window, &MainWindow::modelLoaded);
  QSignalSpy failed(m_window, &MainWindow::modelLoadFailed);  // the memory budget may refuse it
  m_window->openModel(folder);
  QVERIFY2(QTest::qWaitFor([&] { return !loaded.isEmpty() || !failed.isEmpty(); }, 20000),
           qPrintable(QStringLiteral("%1 never loaded (the view state shows %2)").arg(folder, m_window->modelFolder())));
  QVERIFY2(waitForViews(*m_window), qPrintable(folder));
}

void MonkeyTabs::timelineAction(const QStringList &models) {
  CheckpointTimeline *timeline = m_window->checkpointTimeline();
  const bool reopen = chance(0.15);
  const int index = pick(6);
  const bool thenAnother = chance(0.3);
  const QString other = models[any(int(models.size()))];
  if (reopen || timeline->seriesFolder().isEmpty()) {
    QVERIFY(m_window->openCheckpointSeries(m_series));  // shows the first step once it has loaded
  }
  QVERIFY(index < int(timeline->checkpoints().size()));
  if (timeline->slider()->value() != index) {
    timeline->slider()->setValue(index);
  } else {
    timeline->showCheckpoint(index);  // as clicking its step's label does
  }
  ++m_scrubs;
  if (thenAnother) {
    // Another model asked for while the checkpoint may still be loading: that model must stay.
    QSignalSpy failed(m_window, &MainWindow::modelLoadFailed);
    openAndWait(other);
    if (QTest::currentTestFailed()) return;
    QVERIFY2(m_window->modelFolder() == other || !failed.isEmpty(),
             qPrintable(QStringLiteral("%1 was opened after the slider moved, and the views show %2")
                            .arg(other, m_window->modelFolder())));
    ++m_switches;
    return;
  }
  // (a checkpoint the memory budget refuses says so under the slider, and in a message box)
  const QString label = checkpointLabel(*timeline, index);
  const QString refused = windowText("ui::CheckpointTimeline", "step %1 · could not load").arg(timeline->checkpoints()[std::size_t(index)].step);
  QVERIFY2(QTest::qWaitFor([&] { return m_window->modelFolder() == label || timeline->stepLabel()->text() == refused; }, 20000),
           qPrintable(QStringLiteral("the slider is at %1, the views show %2").arg(label, m_window->modelFolder())));
  QVERIFY2(waitForViews(*m_window), qPrintable(label));
}

void MonkeyTabs::switchDuringJob(const QStringList &vocabulary, const QStringList &models) {
  // A map, a search or a comparison, then another model before it ends: no result, message or
  // busy button of the old model may stay (checkInStep).
  const int which = pick(3);
  const QString text = randomWords(vocabulary, 6);
  const QString folder = models[any(int(models.size()))];
  const QString words = QDir(m_corpora).filePath(QStringLiteral("words.txt"));
  switch (which) {
    case 0:
      m_window->qkMapPage()->picker()->setCorpusPath(words);
      if (m_window->qkMapPage()->picker()->runButton()->isEnabled()) m_window->qkMapPage()->compute();
      break;
    case 1:
      m_window->corpusSearchPage()->picker()->setCorpusPath(words);
      m_window->corpusSearchPage()->tokenField()->setText(vocabulary.front());
      if (m_window->corpusSearchPage()->picker()->runButton()->isEnabled()) m_window->corpusSearchPage()->search();
      break;
    default:
      m_window->whatIf()->setSentence(text);
      break;
  }
  openAndWait(folder);
  ++m_switches;
}

void MonkeyTabs::checkInStep(const QString &where) {
  const QByteArray at = where.toUtf8();
  const ViewState *state = m_window->viewState();
  const JobRunner *runner = m_window->jobRunner();

  // What If: the result it compares is the view state's; once its job is in, the comparison on
  // show is of that result and mode, and the edit list names the view state's edits.
  WhatIfPanel *whatIf = m_window->whatIf();
  QVERIFY2(whatIf->analysis() == state->analysis(), qPrintable(where + QStringLiteral(": the What If tab holds another result")));
  if (!runner->isBusy(JobLane::WhatIf)) {
    const std::shared_ptr<const WhatIfResult> shown = whatIf->view()->result();
    QVERIFY2(!shown || shown->analysis == state->analysis(),
             qPrintable(where + QStringLiteral(": the What If tab shows a comparison of an earlier result")));
    QVERIFY2(!shown || shown->mode == whatIf->mode(), at.constData());
    QVERIFY2(whatIf->statusLabel()->text() != windowText("ui::WhatIfPanel", "Computing…"),
             qPrintable(where + QStringLiteral(": the What If tab says “Computing…” with nothing computing")));
    // once its figure is in (built on the Difference lane), the heatmap draws the layer and kind
    // chosen last, not an earlier request's
    DifferenceView *view = whatIf->view();
    const AttentionSlice &drawn = view->heatmap()->slice();
    if (shown && !view->isComputing() && !drawn.empty()) {
      QVERIFY2(drawn.step == (LayerStep{view->kind(), view->layer()}),
               qPrintable(where + QStringLiteral(": the difference heatmap draws layer %1 of kind %2, layer %3 of kind %4 was chosen")
                                      .arg(drawn.step.layer)
                                      .arg(static_cast<int>(drawn.step.kind))
                                      .arg(view->layer())
                                      .arg(static_cast<int>(view->kind()))));
      QVERIFY2(&view->currentSlice() == &drawn, at.constData());
    }
  }
  const std::vector<SideEdit> &edits = state->tokenEdits();
  const QString editList = edits.empty() || !whatIf->analysis()
                               ? windowText("ui::WhatIfPanel", "No edits. Right-click a token in the word graph or heatmap to mask, delete or replace it.")
                               : describeEdits(*whatIf->analysis(), edits);
  QVERIFY2(whatIf->editList()->text() == editList,
           qPrintable(QStringLiteral("%1: the What If tab lists “%2”, the view state's edits read “%3”")
                          .arg(where, whatIf->editList()->text(), editList)));

  // q·k: once its job is in, the view on show is for the view state's result, layer, head, query.
  QkPage *qk = m_window->qkPage();
  if (qk->isVisible() && !runner->isBusy(JobLane::WhyQk)) {
    const QkResult &result = qk->result();
    QVERIFY2(result.analysis == state->analysis(),
             qPrintable(where + QStringLiteral(": the q·k tab shows a view of another result (“%1”)").arg(qk->message().left(120))));
    QVERIFY2(qk->message() != windowText("ui::QkPage", "Computing q·k…"), at.constData());
    if (!result.view) {
      QVERIFY2(qk->table()->rowCount() == 0, qPrintable(where + QStringLiteral(": the q·k table has rows without a view")));
    } else {
      const LayerStep step = state->layerStep();
      const core::HeadRef &head = result.view->request.head;
      QVERIFY2(head.kind == step.kind && head.layer == step.layer && head.head == state->focusedHead(),
               qPrintable(where + QStringLiteral(": the q·k view is of another head")));
      QVERIFY2(result.view->request.query == qk->query(), at.constData());
      QVERIFY2(qk->table()->rowCount() == result.view->keys() + (result.view->rotary() ? 2 : 1), at.constData());
    }
  }

  // Query/Key Map and Corpus Search: a result is the view state's model's; the buttons follow the
  // job; no "Computing…" or "Searching…" is left once it is over; the plot and the table draw the result.
  QkMapPage *map = m_window->qkMapPage();
  const bool mapBusy = runner->isBusy(JobLane::WhyMap);
  QVERIFY2(!map->result().model || map->result().model == state->model(),
           qPrintable(where + QStringLiteral(": the Query/Key Map shows a map of another model")));
  QVERIFY2(map->scatter()->map() == map->result().map.get(), at.constData());
  QVERIFY2(map->picker()->runButton()->isEnabled() == !mapBusy && map->picker()->cancelButton()->isEnabled() == mapBusy,
           qPrintable(where + QStringLiteral(": the map's Compute/Cancel buttons disagree with its job")));
  QVERIFY2(mapBusy || !map->message().startsWith(QStringLiteral("Computing the map")),
           qPrintable(where + QStringLiteral(": the Query/Key Map says “%1” with nothing computing").arg(map->message().left(120))));
  QVERIFY2(mapBusy || !map->result().map || map->message().contains(QString::number(map->result().map->points.size())),
           at.constData());

  CorpusSearchPage *search = m_window->corpusSearchPage();
  const bool searchBusy = runner->isBusy(JobLane::WhySearch);
  QVERIFY2(!search->result().model || search->result().model == state->model(),
           qPrintable(where + QStringLiteral(": Corpus Search lists hits of another model")));
  const int hits = search->result().search ? int(search->result().search->hits.size()) : 0;
  QVERIFY2(search->table()->rowCount() == hits,
           qPrintable(QStringLiteral("%1: the search table has %2 rows for %3 hits").arg(where).arg(search->table()->rowCount()).arg(hits)));
  QVERIFY2(search->picker()->runButton()->isEnabled() == !searchBusy &&
               search->picker()->cancelButton()->isEnabled() == searchBusy,
           qPrintable(where + QStringLiteral(": the search's Search/Cancel buttons disagree with its job")));
  QVERIFY2(searchBusy || !search->message().startsWith(QStringLiteral("Searching with")),
           qPrintable(where + QStringLiteral(": Corpus Search says “%1” with nothing searching").arg(search->message().left(120))));

  // The Train panel: its buttons follow the run; with "Show in views" checked, a run's model on
  // show is its newest snapshot.
  TrainPanel *train = m_window->trainPanel();
  const TrainingWorker::State runState = train->worker()->state();
  const bool going = runState == TrainingWorker::State::Running || runState == TrainingWorker::State::Paused;
  QVERIFY2(train->startButton()->isEnabled() == !train->worker()->isActive(), at.constData());
  QVERIFY2(train->pauseButton()->isEnabled() == going && train->stopButton()->isEnabled() == going,
           qPrintable(where + QStringLiteral(": Pause/Stop disagree with the run")));
  QVERIFY2((train->pauseButton()->text() == windowText("ui::TrainPanel", "&Resume")) == (runState == TrainingWorker::State::Paused),
           at.constData());
  const QString runLabel = train->worker()->taskName() + QStringLiteral(" — ");
  if (train->showsInViews() && train->snapshot() && state->modelFolder().startsWith(runLabel)) {
    QVERIFY2(state->model() == train->snapshot(),
             qPrintable(where + QStringLiteral(": the views show %1, not the run's newest snapshot").arg(state->modelFolder())));
  }
}

void MonkeyTabs::settle(const QString &where) {
  TrainPanel *train = m_window->trainPanel();
  if (train->stopButton()->isEnabled()) train->stopButton()->click();
  QVERIFY2(QTest::qWaitFor([&] { return !train->worker()->isActive(); }, 30000),
           qPrintable(where + QStringLiteral(": the training run does not stop")));
}

void MonkeyTabs::checkSettled(const QString &where) {
  const JobRunner *runner = m_window->jobRunner();
  QVERIFY2(QTest::qWaitFor(
               [&] {
                 return !runner->isBusy(JobLane::WhyQk) && !runner->isBusy(JobLane::WhyMap) &&
                        !runner->isBusy(JobLane::WhySearch) && !runner->isBusy(JobLane::WhatIf) &&
                        !runner->isBusy(JobLane::Difference) && !runner->isBusy(JobLane::AblationSlices);
               },
               30000),
           qPrintable(where + QStringLiteral(": a tab's job never ends")));
  checkInStep(where);
  if (QTest::currentTestFailed()) return;
  // With a result in hand, the q·k tab shows its view (or the core's reason); the What If tab's
  // token edits are compared (or the reason shown).
  const std::shared_ptr<const Analysis> analysis = m_window->analysis();
  const bool computed = analysis && analysis->error.isEmpty();
  QkPage *qk = m_window->qkPage();
  if (qk->isVisible() && computed) {
    QVERIFY2(qk->result().view || !qk->result().error.isEmpty(), qPrintable(where + QStringLiteral(": no q·k view and no reason")));
  }
  WhatIfPanel *whatIf = m_window->whatIf();
  if (computed && whatIf->mode() == WhatIfMode::TokenEdits && !analysis->edits.empty()) {
    QVERIFY2(whatIf->view()->result() || !whatIf->statusLabel()->text().isEmpty(),
             qPrintable(where + QStringLiteral(": token edits on show, and the What If tab shows neither their difference nor why")));
  }
}

QString MonkeyTabs::summary() const {
  return QStringLiteral("%1 token edits (%2 refused), %3 comparisons asked, %4 maps, %5 searches (%6 cancelled), "
                        "%7 sentences opened from them, %8 training runs, %9 training controls, %10 checkpoint scrubs, "
                        "%11 model switches during a tab's job, %12 dialogs opened from the tabs' buttons")
      .arg(m_edits)
      .arg(m_refusedEdits)
      .arg(m_comparisons)
      .arg(m_maps)
      .arg(m_searches)
      .arg(m_cancels)
      .arg(m_opened)
      .arg(m_runs)
      .arg(m_trainingControls)
      .arg(m_scrubs)
      .arg(m_switches)
      .arg(m_dialogButtons);
}

}  // namespace ui::test
