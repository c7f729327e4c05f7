// Why a head attends (ui/why, docs/methods.md): the q·k tab shows the core's view for the layer,
// head and query on show; the Query/Key Map and Corpus Search tabs read a corpus file off the GUI
// thread, list what the core computes, open a clicked sentence in the views, cancel, and show the
// core's message for an empty corpus or an unknown token.

#include <fstream>
#include <sstream>
#include <memory>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "analysis/why/corpus_search.h"
#include "analysis/why/qk_map.h"
#include "analysis/why/qk_view.h"
#include "families/load_model.h"
#include "corpus_picker.h"
#include "corpus_search_page.h"
#include "gui_test_support.h"
#include "job_runner.h"
#include "main_window.h"
#include "qk_map_page.h"
#include "qk_page.h"
#include "qk_scatter_widget.h"
#include "view_state.h"

using namespace ui;

namespace {

const char *const kCorpus =
    "The keeper wrote a letter every winter.\n"
    "\n"
    "A letter came back in the spring.\n"
    "The winter was long and the keeper was alone.\n";

std::vector<core::CorpusSentence> sentencesOf(const std::string &text) {
  std::istringstream in(text);
  return core::read_corpus_sentences(in, "corpus.txt");
}

QString writeFile(const QTemporaryDir &folder, const QString &name, const std::string &text) {
  const QString path = folder.filePath(name);
  std::ofstream(path.toStdString(), std::ios::binary) << text;
  return path;
}

}  // namespace

class TestWhyHead : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void qkTabShowsTheCoreView_data();
  void qkTabShowsTheCoreView();
  void qkTabFollowsTheFocusedToken();
  void mapShowsTheCorePointsAndOpensASentence();
  void mapOfAnEmptyCorpusSaysSo();
  void mapCancelStopsTheWork();
  void mapNormalisedIsTheCoresNormalisedMap();
  void searchListsTheCoreHitsAndOpensOne();
  void searchOverEveryHeadOfTheLayerOrAList();
  void searchWithABadHeadListSaysWhich();
  void searchForAnUnknownTokenSaysHowItTokenises();
  void qkTabDropsItsViewWhenThePassFails();
  void mapAndSearchForgetTheirRunWhenTheModelChanges();

 private:
  void openAndWait(const QString &folder, const QString &text);
  // llama-tiny-gqa on "The keeper" with decoder layer 2, head 3 selected (layer 1, head 2 from 0).
  void openLlamaAtLayer2Head3();
  // The Corpus Search tab on kCorpus, set to search for token in mode, listing limit hits.
  CorpusSearchPage *searchPage(const QString &token, core::SearchMode mode, int limit);
  std::unique_ptr<MainWindow> m_window;
  QTemporaryDir m_folder;
};

void TestWhyHead::initTestCase() {
  test::isolateSettings();
  QVERIFY(m_folder.isValid());
}

void TestWhyHead::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestWhyHead::cleanup() { m_window.reset(); }

void TestWhyHead::openLlamaAtLayer2Head3() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), QStringLiteral("The keeper"));
  ViewState *state = m_window->viewState();
  QVERIFY(state->setLayerStep({core::AttentionKind::DecoderSelf, 1}));
  state->setFocusedHead(2);
}

CorpusSearchPage *TestWhyHead::searchPage(const QString &token, core::SearchMode mode, int limit) {
  CorpusSearchPage *page = m_window->corpusSearchPage();
  m_window->tabs()->setCurrentWidget(page);
  page->picker()->setCorpusPath(writeFile(m_folder, QStringLiteral("corpus.txt"), kCorpus));
  page->tokenField()->setText(token);
  page->modeBox()->setCurrentIndex(page->modeBox()->findData(static_cast<int>(mode)));
  page->limitBox()->setValue(limit);
  return page;
}

void TestWhyHead::openAndWait(const QString &folder, const QString &text) {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  m_window->viewState()->setTargetText(QString());
  m_window->viewState()->setSourceText(text);
  QVERIFY(QTest::qWaitFor(
      [&] {
        return m_window->analysis() && !m_window->isComputing() &&
               m_window->analysis()->sourceText == text.toStdString();
      },
      20000));
}

void TestWhyHead::qkTabShowsTheCoreView_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<int>("kind");
  QTest::addColumn<QString>("termColumn");  // the column only this family's view has
  QTest::newRow("llama (rotary, GQA)") << "hf-cases/llama-tiny-gqa" << static_cast<int>(core::AttentionKind::DecoderSelf)
                                       << "rotation";
  QTest::newRow("t5 (relative bias)") << "hf-cases/t5-tiny-gated" << static_cast<int>(core::AttentionKind::EncoderSelf)
                                      << "position bias";
}

void TestWhyHead::qkTabShowsTheCoreView() {
  QFETCH(QString, model);
  QFETCH(int, kind);
  QFETCH(QString, termColumn);
  openAndWait(test::testData(model), QStringLiteral("The keeper wrote a letter"));
  ViewState *state = m_window->viewState();
  const LayerStep step{static_cast<core::AttentionKind>(kind), 1};
  QVERIFY(state->setLayerStep(step));
  state->setFocusedHead(1);
  QkPage *page = m_window->qkPage();
  page->setQuery(3);
  QSignalSpy shown(page, &QkPage::viewShown);
  m_window->tabs()->setCurrentWidget(page);
  QVERIFY(QTest::qWaitFor(
      [&] {
        const QkResult &result = page->result();
        return result.view && result.view->request.head == core::HeadRef{step.kind, 1, 1} &&
               result.view->request.query == 3 && !m_window->jobRunner()->isBusy(JobLane::WhyQk);
      },
      20000));

  const Analysis &analysis = *m_window->analysis();
  const core::QkView want = core::compute_qk_view(*analysis.model, analysis.source.ids, analysis.target.ids,
                                                  {{step.kind, 1, 1}, 3}, analysis.forwardOptions(true));
  QTableWidget *table = page->table();
  const int queryRows = want.rotary() ? 2 : 1;
  QCOMPARE(table->rowCount(), queryRows + want.keys());
  QStringList headers;
  for (int c = 0; c < table->columnCount(); ++c) headers << table->horizontalHeaderItem(c)->text();
  QVERIFY2(headers.contains(termColumn), qPrintable(headers.join(QLatin1Char('|'))));
  const int alphaHat = static_cast<int>(headers.indexOf(QStringLiteral("α̂")));
  QVERIFY(alphaHat > 0);
  QCOMPARE(table->columnCount(), alphaHat + 1 + want.head_dim);
  for (int j = 0; j < want.keys(); ++j) {
    // the tooltip keeps every digit of α̂ and of the products (9 significant digits: the float itself)
    QCOMPARE(table->item(queryRows + j, alphaHat)->toolTip().toFloat(), want.alpha_hat(j));
    QCOMPARE(table->item(queryRows + j, alphaHat + 1)->toolTip().toFloat(), want.products(j, 0));
  }
  QVERIFY(page->message().contains(QStringLiteral("head 2")));
}

void TestWhyHead::qkTabFollowsTheFocusedToken() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), QStringLiteral("The keeper wrote a letter"));
  QkPage *page = m_window->qkPage();
  m_window->tabs()->setCurrentWidget(page);
  m_window->viewState()->setFocusToken(2);
  QCOMPARE(page->query(), 2);
  QVERIFY(QTest::qWaitFor([&] { return page->result().view && page->result().view->request.query == 2; }, 20000));
  // keys after the query are masked, and the α column (after content, without rotation and
  // rotation) says so
  const core::QkView &view = *page->result().view;
  QVERIFY(view.rotary());
  QVERIFY(view.masked[3]);
  QCOMPARE(page->table()->horizontalHeaderItem(3)->text(), QStringLiteral("α"));
  QCOMPARE(page->table()->item(2 + 3, 3)->text(), QStringLiteral("masked"));
}

void TestWhyHead::mapShowsTheCorePointsAndOpensASentence() {
  openLlamaAtLayer2Head3();
  ViewState *state = m_window->viewState();
  QkMapPage *page = m_window->qkMapPage();
  m_window->tabs()->setCurrentWidget(page);
  page->picker()->setCorpusPath(writeFile(m_folder, QStringLiteral("corpus.txt"), kCorpus));
  QSignalSpy shown(page, &QkMapPage::mapShown);
  QTest::mouseClick(page->picker()->runButton(), Qt::LeftButton);
  QVERIFY(shown.wait(30000));
  QVERIFY2(page->result().map, qPrintable(page->message()));
  const core::QkMap want = core::compute_qk_map(*m_window->analysis()->model, sentencesOf(kCorpus), "corpus.txt",
                                                {core::AttentionKind::DecoderSelf, 1, 2});
  const core::QkMap &got = *page->result().map;
  QCOMPARE(got.points.size(), want.points.size());
  for (std::size_t n = 0; n < want.points.size(); ++n) {
    QCOMPARE(got.points[n].x, want.points[n].x);
    QCOMPARE(got.points[n].y, want.points[n].y);
  }
  QCOMPARE(page->picker()->progressBar()->value(), 100);
  QVERIFY(page->message().contains(QStringLiteral("108 points")));

  // a key of the last sentence: clicking it opens that sentence in the Attention tab
  int chosen = -1;
  for (int n = static_cast<int>(got.points.size()) - 1; n >= 0 && chosen < 0; --n) {
    if (got.points[static_cast<std::size_t>(n)].sentence == 2 &&
        page->scatter()->pointAt(page->scatter()->pointPosition(n)) == n) {
      chosen = n;
    }
  }
  QVERIFY(chosen >= 0);
  QTest::mouseClick(page->scatter(), Qt::LeftButton, {}, page->scatter()->pointPosition(chosen).toPoint());
  QCOMPARE(state->sourceText(), QStringLiteral("The winter was long and the keeper was alone."));
  QCOMPARE(m_window->tabs()->currentIndex(), 0);
}

void TestWhyHead::mapOfAnEmptyCorpusSaysSo() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), QStringLiteral("The keeper"));
  QkMapPage *page = m_window->qkMapPage();
  m_window->tabs()->setCurrentWidget(page);
  const QString path = writeFile(m_folder, QStringLiteral("empty.txt"), "");
  page->picker()->setCorpusPath(path);
  QSignalSpy shown(page, &QkMapPage::mapShown);
  page->compute();
  QVERIFY(shown.wait(20000));
  QVERIFY(!page->result().map);
  QCOMPARE(page->message(), QStringLiteral("No map: %1: no sentences: the file is empty").arg(path));
  QVERIFY(page->picker()->runButton()->isEnabled());
  QVERIFY(!page->picker()->cancelButton()->isEnabled());
}

void TestWhyHead::mapCancelStopsTheWork() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), QStringLiteral("The keeper"));
  QkMapPage *page = m_window->qkMapPage();
  m_window->tabs()->setCurrentWidget(page);
  std::string many;
  for (int n = 0; n < 2000; ++n) many += "The keeper wrote a letter every winter.\n";
  page->picker()->setCorpusPath(writeFile(m_folder, QStringLiteral("many.txt"), many));
  QSignalSpy shown(page, &QkMapPage::mapShown);
  page->compute();
  QVERIFY(page->picker()->cancelButton()->isEnabled());
  QTest::mouseClick(page->picker()->cancelButton(), Qt::LeftButton);
  QVERIFY(shown.wait(30000));
  QVERIFY(page->result().cancelled);
  QVERIFY(!page->result().map);
  QCOMPARE(page->message(), QStringLiteral("Cancelled."));
}

void TestWhyHead::searchListsTheCoreHitsAndOpensOne() {
  openLlamaAtLayer2Head3();
  ViewState *state = m_window->viewState();
  CorpusSearchPage *page = searchPage(QStringLiteral("er"), core::SearchMode::To, 4);
  QSignalSpy shown(page, &CorpusSearchPage::resultsShown);
  QTest::mouseClick(page->picker()->runButton(), Qt::LeftButton);
  QVERIFY(shown.wait(30000));
  core::SearchOptions options;
  options.mode = core::SearchMode::To;
  options.limit = 4;
  const core::CorpusSearch want = core::search_corpus(*m_window->analysis()->model, sentencesOf(kCorpus), "corpus.txt",
                                                      {core::AttentionKind::DecoderSelf, 1, 2}, "er", options);
  QTableWidget *table = page->table();
  QCOMPARE(table->rowCount(), 4);
  for (int row = 0; row < 4; ++row) {
    const core::SearchHit &hit = want.hits[static_cast<std::size_t>(row)];
    QCOMPARE(table->item(row, 0)->text(), QString::number(want.sentences[hit.sentence].line));
    QCOMPARE(table->item(row, 1)->text(), QStringLiteral("layer 2, head 3"));
    QCOMPARE(table->item(row, 3)->text(), QStringLiteral("%1 “er”").arg(hit.key + 1));
    QCOMPARE(table->item(row, 4)->text(), QString::number(hit.weight, 'f', 4));
  }
  QVERIFY(page->message().startsWith(QStringLiteral("4 of %1 hits in 3 sentences").arg(want.matches)));

  // the second hit: Return on it opens its sentence
  const core::CorpusSentence &second = want.sentences[want.hits[1].sentence];
  table->setFocus();
  table->setCurrentCell(1, 0);
  QTest::keyClick(table, Qt::Key_Return);
  QCOMPARE(state->sourceText(), QString::fromStdString(second.text));
  QCOMPARE(m_window->tabs()->currentIndex(), 0);
}

void TestWhyHead::mapNormalisedIsTheCoresNormalisedMap() {
  openLlamaAtLayer2Head3();
  QkMapPage *page = m_window->qkMapPage();
  m_window->tabs()->setCurrentWidget(page);
  page->picker()->setCorpusPath(writeFile(m_folder, QStringLiteral("corpus.txt"), kCorpus));
  QVERIFY(!page->normaliseBox()->isChecked());
  page->normaliseBox()->setChecked(true);
  QSignalSpy shown(page, &QkMapPage::mapShown);
  QTest::mouseClick(page->picker()->runButton(), Qt::LeftButton);
  QVERIFY(shown.wait(30000));
  QVERIFY2(page->result().map, qPrintable(page->message()));
  core::QkMapOptions options;
  options.normalise = true;
  const core::QkMap want = core::compute_qk_map(*m_window->analysis()->model, sentencesOf(kCorpus), "corpus.txt",
                                                {core::AttentionKind::DecoderSelf, 1, 2}, options);
  const core::QkMap &got = *page->result().map;
  QVERIFY(got.normalised);
  QCOMPARE(got.points.size(), want.points.size());
  for (std::size_t n = 0; n < want.points.size(); ++n) {
    QCOMPARE(got.points[n].x, want.points[n].x);
    QCOMPARE(got.points[n].y, want.points[n].y);
  }
  QVERIFY2(page->message().contains(QStringLiteral("Queries and keys centred and scaled separately.")),
           qPrintable(page->message()));
}

void TestWhyHead::searchOverEveryHeadOfTheLayerOrAList() {
  openLlamaAtLayer2Head3();
  CorpusSearchPage *page = searchPage(QStringLiteral("er"), core::SearchMode::To, 8);
  core::SearchOptions options;
  options.mode = core::SearchMode::To;
  options.limit = 8;
  const core::Model &model = *m_window->analysis()->model;
  const auto expectTable = [&](const core::CorpusSearch &want) {
    QTableWidget *table = page->table();
    QCOMPARE(table->rowCount(), 8);
    for (int row = 0; row < 8; ++row) {
      const core::SearchHit &hit = want.hits[static_cast<std::size_t>(row)];
      QCOMPARE(table->item(row, 1)->text(),
               QStringLiteral("layer %1, head %2").arg(hit.head.layer + 1).arg(hit.head.head + 1));
      QCOMPARE(table->item(row, 2)->text(), QStringLiteral("%1 “%2”").arg(hit.query + 1).arg(QString::fromStdString(hit.query_token)));
      QCOMPARE(table->item(row, 4)->text(), QString::number(hit.weight, 'f', 4));
    }
  };

  // every head of layer 2 (the selected head's)
  page->headsBox()->setCurrentIndex(page->headsBox()->findData(static_cast<int>(CorpusSearchPage::HeadSet::Layer)));
  QVERIFY(!page->headListField()->isEnabled());
  QSignalSpy shown(page, &CorpusSearchPage::resultsShown);
  QTest::mouseClick(page->picker()->runButton(), Qt::LeftButton);
  QVERIFY(shown.wait(30000));
  expectTable(core::search_corpus(model, sentencesOf(kCorpus), "corpus.txt",
                                  core::heads_of_layer(model.spec(), core::AttentionKind::DecoderSelf, 1), "er", options));
  QVERIFY(page->picker()->runButton()->isEnabled());

  // a typed list, counting from 1 as the views do
  page->headsBox()->setCurrentIndex(page->headsBox()->findData(static_cast<int>(CorpusSearchPage::HeadSet::Listed)));
  QVERIFY(page->headListField()->isEnabled());
  page->headListField()->setText(QStringLiteral("1.4, 2.3"));
  QTest::mouseClick(page->picker()->runButton(), Qt::LeftButton);
  QVERIFY(shown.wait(30000));
  expectTable(core::search_corpus(model, sentencesOf(kCorpus), "corpus.txt",
                                  std::vector<core::HeadRef>{{core::AttentionKind::DecoderSelf, 0, 3},
                                                             {core::AttentionKind::DecoderSelf, 1, 2}},
                                  "er", options));
}

void TestWhyHead::searchWithABadHeadListSaysWhich() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), QStringLiteral("The keeper"));
  CorpusSearchPage *page = m_window->corpusSearchPage();
  m_window->tabs()->setCurrentWidget(page);
  page->picker()->setCorpusPath(writeFile(m_folder, QStringLiteral("corpus.txt"), kCorpus));
  page->tokenField()->setText(QStringLiteral("er"));
  page->headsBox()->setCurrentIndex(page->headsBox()->findData(static_cast<int>(CorpusSearchPage::HeadSet::Listed)));
  const std::pair<QString, QString> cases[] = {
      {QStringLiteral("2.x"), QStringLiteral("No search: heads: \"2.x\" is not layer.head (e.g. 2.3, counting from 1)")},
      {QStringLiteral("1.1, 3.1"), QStringLiteral("No search: heads: \"3.1\": the model has 2 layers of decoder_self")},
      {QStringLiteral("2.9"), QStringLiteral("No search: heads: \"2.9\": layer 2 has 4 heads")},
      {QStringLiteral("1.1, 1.1"), QStringLiteral("No search: heads: \"1.1\" is given twice")},
      {QString(), QStringLiteral("No search: heads: list them as layer.head, e.g. 1.2, 2.3 (counting from 1)")}};
  for (const auto &[list, message] : cases) {
    page->headListField()->setText(list);
    QSignalSpy shown(page, &CorpusSearchPage::resultsShown);
    page->search();
    if (shown.isEmpty()) QVERIFY(shown.wait(20000));
    QCOMPARE(page->message(), message);
    QCOMPARE(page->table()->rowCount(), 0);
    QVERIFY(page->picker()->runButton()->isEnabled());
  }
}

void TestWhyHead::searchForAnUnknownTokenSaysHowItTokenises() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), QStringLiteral("The keeper"));
  CorpusSearchPage *page = m_window->corpusSearchPage();
  m_window->tabs()->setCurrentWidget(page);
  page->picker()->setCorpusPath(writeFile(m_folder, QStringLiteral("corpus.txt"), kCorpus));
  page->tokenField()->setText(QStringLiteral("keeper"));
  QSignalSpy shown(page, &CorpusSearchPage::resultsShown);
  page->search();
  QVERIFY(shown.wait(20000));
  QCOMPARE(page->table()->rowCount(), 0);
  QCOMPARE(page->message(), QStringLiteral("No search: token \"keeper\" is not one token of this model: it tokenises "
                                           "as \"▁ke\" \"ep\" \"er\"; search for one of those"));
}

// Found by the monkey's q·k check: after a pass that fails (an empty text), the q·k tab kept the
// table and message of the text before, as if they were this text's.
void TestWhyHead::qkTabDropsItsViewWhenThePassFails() {
  openAndWait(test::testData(QStringLiteral("peer/gpt2-tiny-short")), QStringLiteral("the cat sat on"));
  QkPage *page = m_window->qkPage();
  m_window->tabs()->setCurrentWidget(page);
  QVERIFY(QTest::qWaitFor([&] { return page->result().view && !m_window->jobRunner()->isBusy(JobLane::WhyQk); }, 20000));
  QVERIFY(page->table()->rowCount() > 0);
  m_window->viewState()->setSourceText(QString());
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis() && !m_window->isComputing(); }, 20000));
  QCOMPARE(m_window->analysis()->error, QStringLiteral("the text is empty"));
  QVERIFY(!m_window->jobRunner()->isBusy(JobLane::WhyQk));
  QVERIFY(page->result().analysis == m_window->analysis());
  QVERIFY(!page->result().view);
  QCOMPARE(page->table()->rowCount(), 0);
  QCOMPARE(page->message(), QStringLiteral("No q·k view: the text is empty"));
}

// Found by the monkey's corpus checks: another model (here a training snapshot, shown at once)
// dropped the map or search in flight, or the one on show, but the message stayed: "Computing the
// map…" or "Searching with …" with nothing running, or the count of points no longer drawn.
void TestWhyHead::mapAndSearchForgetTheirRunWhenTheModelChanges() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), QStringLiteral("The keeper"));
  const auto other = std::make_shared<const core::Model>(
      core::load_model(test::testData(QStringLiteral("peer/gpt2-tiny-short")).toStdString()));
  const QString corpus = writeFile(m_folder, QStringLiteral("corpus.txt"), kCorpus);
  QkMapPage *map = m_window->qkMapPage();
  const QString mapIntroduction = QkMapPage(m_window->jobRunner()).message();
  const QString searchIntroduction = CorpusSearchPage(m_window->jobRunner()).message();
  map->picker()->setCorpusPath(corpus);
  CorpusSearchPage *search = searchPage(QStringLiteral("letter"), core::SearchMode::From, 5);

  // a map shown, then a search in flight, when the model changes
  QSignalSpy shown(map, &QkMapPage::mapShown);
  map->compute();
  QVERIFY(shown.wait(20000));
  QVERIFY(map->result().map);
  search->search();
  QVERIFY(search->message().startsWith(QStringLiteral("Searching with")));
  m_window->showModel(other, QStringLiteral("another model"));
  QVERIFY(!map->result().map);
  QCOMPARE(map->message(), mapIntroduction);
  QVERIFY(!search->isBusy());
  QVERIFY(search->picker()->runButton()->isEnabled());
  QCOMPARE(search->message(), searchIntroduction);

  // a map in flight when the model changes back
  map->compute();
  QVERIFY(map->message().startsWith(QStringLiteral("Computing the map")));
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), QStringLiteral("The keeper"));
  QVERIFY(!map->isBusy());
  QVERIFY(map->picker()->runButton()->isEnabled());
  QVERIFY(!map->result().map);
  QCOMPARE(map->message(), mapIntroduction);
}

QTEST_MAIN(TestWhyHead)
#include "tst_why_head.moc"
