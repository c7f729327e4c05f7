// File ▸ Open from Hugging Face Cache… on the real main window, against a fake cache (HF_HUB_CACHE
// set to a temporary folder laid out as huggingface_hub lays it out): the rows, their status, Open
// on a model that opens; and `attnscope org/name` on the command line.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QDialogButtonBox>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include "fake_hf_cache.h"
#include "gui_test_support.h"
#include "hf_cache_dialog.h"
#include "hf_cache_table.h"
#include "job_runner.h"
#include "main_window.h"
#include "model_locator.h"

using namespace ui;

namespace {

const std::filesystem::path gpt2 = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer" / "gpt2-tiny-short";

}  // namespace

class TestHfCache : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void dialogListsTheCacheAndOpensAModel();
  void emptyOrAbsentCacheSaysSo();
  void dialogClosedBeforeTheListingArrivesDropsIt();
  void commandLineOpensARepositoryById();
  void commandLineIdNotInTheCacheShowsWhy();

 private:
  HfCacheDialog *openDialog();

  std::unique_ptr<QTemporaryDir> m_temp;
  std::unique_ptr<::test::FakeHfCache> m_cache;
  std::filesystem::path m_goodSnapshot;
  std::unique_ptr<MainWindow> m_window;
};

void TestHfCache::initTestCase() { ui::test::isolateSettings(); }

void TestHfCache::init() {
  m_temp = std::make_unique<QTemporaryDir>();
  QVERIFY(m_temp->isValid());
  m_cache = std::make_unique<::test::FakeHfCache>(std::filesystem::path(m_temp->path().toStdString()) / "hub");
  // one that opens, one whose blob is gone, one of an architecture AttentionScope does not read
  m_goodSnapshot = m_cache->add_snapshot("org/gpt2-tiny", "aaaa1111", gpt2);
  m_cache->set_main("org/gpt2-tiny", "aaaa1111");
  m_cache->add_snapshot("org/missing-blob", "bbbb2222", gpt2);
  m_cache->set_main("org/missing-blob", "bbbb2222");
  std::filesystem::remove(m_cache->repository("org/missing-blob") / "blobs" / "bbbb2222-vocab.json");
  const std::filesystem::path mamba = m_cache->add_snapshot("state-spaces/mamba-tiny", "cccc3333", gpt2);
  std::filesystem::remove(mamba / "config.json");
  std::ofstream(mamba / "config.json") << R"({"model_type": "mamba", "architectures": ["MambaForCausalLM"]})";
  qputenv("HF_HUB_CACHE", QByteArray::fromStdString(m_cache->root().string()));

  m_window = std::make_unique<MainWindow>();
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestHfCache::cleanup() {
  m_window.reset();
  qunsetenv("HF_HUB_CACHE");
  m_cache.reset();
  m_temp.reset();
}

HfCacheDialog *TestHfCache::openDialog() {
  QAction *action = m_window->openFromCacheAction();
  const QList<QAction *> fileActions = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("fileMenu"))->actions();
  if (!fileActions.contains(action)) return nullptr;
  action->trigger();
  auto *dialog = m_window->findChild<HfCacheDialog *>(QStringLiteral("hfCacheDialog"));
  if (dialog == nullptr || !dialog->isVisible()) return nullptr;
  // the cache is read off the GUI thread; the dialog says so until the rows arrive
  if (!dialog->isListed()) {
    if (!dialog->findChild<QLabel *>(QStringLiteral("cacheLabel"))->text().startsWith(QStringLiteral("Reading the Hugging Face cache"))) {
      return nullptr;
    }
    QSignalSpy listed(dialog, &HfCacheDialog::listed);
    if (!listed.wait(20000)) return nullptr;
  }
  return dialog;
}

void TestHfCache::dialogListsTheCacheAndOpensAModel() {
  HfCacheDialog *dialog = openDialog();
  QVERIFY(dialog);
  HfCacheTable *table = dialog->table();
  QAbstractItemModelTester tester(table, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QCOMPARE(table->rowCount(), 3);
  QCOMPARE(table->columnCount(), int(HfCacheTable::ColumnCount));
  const auto cell = [&](int row, int column) { return table->index(row, column).data().toString(); };
  // sorted by id
  QCOMPARE(cell(0, HfCacheTable::IdColumn), QStringLiteral("org/gpt2-tiny"));
  QCOMPARE(cell(1, HfCacheTable::IdColumn), QStringLiteral("org/missing-blob"));
  QCOMPARE(cell(2, HfCacheTable::IdColumn), QStringLiteral("state-spaces/mamba-tiny"));
  QCOMPARE(cell(0, HfCacheTable::ArchitectureColumn), QStringLiteral("GPT2LMHeadModel"));
  QCOMPARE(cell(2, HfCacheTable::ArchitectureColumn), QStringLiteral("MambaForCausalLM"));
  QCOMPARE(cell(0, HfCacheTable::StatusColumn), QStringLiteral("Opens"));
  QCOMPARE(table->problem(1), QStringLiteral("vocab.json: the cache's link points to a missing blob "
                                             "(../../blobs/bbbb2222-vocab.json); download the model again"));
  QVERIFY2(cell(1, HfCacheTable::StatusColumn).startsWith(QStringLiteral("Cannot open: vocab.json:")),
           qPrintable(cell(1, HfCacheTable::StatusColumn)));
  QVERIFY2(table->problem(2).startsWith(QStringLiteral("config.json: MambaForCausalLM (model_type \"mamba\") is not supported")),
           qPrintable(table->problem(2)));
  std::uintmax_t gpt2Bytes = 0;
  for (const auto &entry : std::filesystem::directory_iterator(gpt2)) gpt2Bytes += entry.file_size();
  QCOMPARE(cell(0, HfCacheTable::SizeColumn), QLocale().formattedDataSize(static_cast<qint64>(gpt2Bytes)));
  QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("cacheLabel"))->text().contains(QString::fromStdString(m_cache->root().string())));

  // A row that does not open cannot be opened, and the reason is shown under the table.
  QPushButton *open = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttons"))->button(QDialogButtonBox::Open);
  dialog->view()->selectRow(2);
  QVERIFY(!open->isEnabled());
  QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("detail"))->text().contains(QStringLiteral("is not supported")));
  dialog->view()->selectRow(1);
  QVERIFY(!open->isEnabled());

  // The one that opens: Open loads its snapshot into the window.
  dialog->view()->selectRow(0);
  QVERIFY(open->isEnabled());
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  QTest::mouseClick(open, Qt::LeftButton);
  QVERIFY(loaded.wait(20000));
  QCOMPARE(loaded.front().at(0).toString(), QString::fromStdString(m_goodSnapshot.string()));
  QCOMPARE(m_window->modelFolder(), QString::fromStdString(m_goodSnapshot.string()));
  QCOMPARE(m_window->model()->spec().family, std::string("gpt2"));
  QCOMPARE(m_window->windowTitle(), QStringLiteral("AttentionScope — org/gpt2-tiny"));
  QTRY_VERIFY(!m_window->findChild<HfCacheDialog *>(QStringLiteral("hfCacheDialog")));  // closed and deleted
}

void TestHfCache::emptyOrAbsentCacheSaysSo() {
  const QString empty = m_temp->path() + QStringLiteral("/empty-hub");
  qputenv("HF_HUB_CACHE", empty.toUtf8());
  HfCacheDialog *dialog = openDialog();
  QVERIFY(dialog);
  QCOMPARE(dialog->table()->rowCount(), 0);
  QVERIFY(!dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttons"))->button(QDialogButtonBox::Open)->isEnabled());
  QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("cacheLabel"))->text(),
           QStringLiteral("No models in %1. AttentionScope never downloads: fetch one with huggingface-cli download "
                          "ORG/NAME.").arg(empty));
  dialog->reject();
}

void TestHfCache::dialogClosedBeforeTheListingArrivesDropsIt() {
  // The listing runs on its own lane; a dialog closed (and deleted) first must not receive it.
  m_window->openFromCacheAction()->trigger();
  auto *dialog = m_window->findChild<HfCacheDialog *>(QStringLiteral("hfCacheDialog"));
  QVERIFY(dialog);
  QVERIFY(!dialog->isListed());
  QVERIFY(m_window->jobRunner()->isBusy(JobLane::HfCache));
  dialog->reject();
  QTRY_VERIFY(!m_window->findChild<HfCacheDialog *>(QStringLiteral("hfCacheDialog")));
  QTRY_VERIFY(!m_window->jobRunner()->isBusy(JobLane::HfCache));
  // and the window still opens the next one
  HfCacheDialog *again = openDialog();
  QVERIFY(again);
  QCOMPARE(again->table()->rowCount(), 3);
  again->reject();
}

void TestHfCache::commandLineOpensARepositoryById() {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openStartupModel(QStringLiteral("org/gpt2-tiny"));
  QVERIFY(loaded.wait(20000));
  QCOMPARE(loaded.front().at(0).toString(), QString::fromStdString(m_goodSnapshot.string()));
}

void TestHfCache::commandLineIdNotInTheCacheShowsWhy() {
  QSignalSpy failed(m_window.get(), &MainWindow::modelLoadFailed);
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openStartupModel(QStringLiteral("org/absent"));
  QVERIFY(failed.count() == 1 || failed.wait(5000));
  QCOMPARE(failed.front().at(1).toString(),
           QStringLiteral("org/absent: no such folder, and the Hugging Face cache %1 holds no org/absent; "
                          "AttentionScope never downloads (huggingface-cli download org/absent fetches it)")
               .arg(QString::fromStdString(m_cache->root().string())));
  auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("loadErrorBox"));
  QVERIFY(box);
  QTRY_VERIFY(box->isVisible());
  box->accept();
  // then the bundled default, as for any folder that does not open at start-up
  QVERIFY(loaded.wait(20000));
  QCOMPARE(loaded.front().at(0).toString(), defaultModelFolder());
}

QTEST_MAIN(TestHfCache)
#include "tst_hf_cache.moc"
