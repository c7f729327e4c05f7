// Where the app finds its bundled models: an installed tree (prefix/bin/attnscope with
// prefix/share/attnscope/models, wherever the prefix is, as the Debian package installs it to
// /usr) and the build tree (the source tree's models/).

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "gui_test_support.h"
#include "model_locator.h"

using namespace ui;

namespace {

// prefix/share/attnscope/models/<name>/config.json (only the file the locator looks for).
void installModel(const QString &prefix, const QString &name) {
  const QString folder = prefix + QStringLiteral("/share/attnscope/models/") + name;
  QVERIFY(QDir().mkpath(folder));
  QFile config(folder + QStringLiteral("/config.json"));
  QVERIFY(config.open(QIODevice::WriteOnly));
  config.write("{}");
}

QString sourceDir() { return QDir::cleanPath(test::testData(QStringLiteral("../.."))); }

}  // namespace

class TestModelLocator : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    // QStandardPaths' data folders become a test folder: a copy installed on this machine
    // (/usr/share/attnscope) cannot answer in place of the trees made here.
    QStandardPaths::setTestModeEnabled(true);
  }

  void installedTreeComesFirst() {
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    QVERIFY(QDir().mkpath(prefix.path() + QStringLiteral("/bin")));
    installModel(prefix.path(), QStringLiteral("translate-en-zh"));
    const QStringList folders = modelSearchFolders(prefix.path() + QStringLiteral("/bin"));
    QCOMPARE(folders.value(0), prefix.path() + QStringLiteral("/share/attnscope/models"));
    QCOMPARE(defaultModelFolder(folders), prefix.path() + QStringLiteral("/share/attnscope/models/translate-en-zh"));
  }

  void trainedModelBeforeTestModel() {
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    installModel(prefix.path(), QStringLiteral("encdec-post-relu"));
    const QString bin = prefix.path() + QStringLiteral("/bin");
    // Only the test model installed: the source tree's trained model (build-tree fallback) still
    // wins, because the trained model is preferred over the test model wherever it is.
    QCOMPARE(defaultModelFolder(modelSearchFolders(bin)), sourceDir() + QStringLiteral("/models/translate-en-zh"));
    // Only the installed folders searched: the installed test model.
    const QStringList installedOnly = {prefix.path() + QStringLiteral("/share/attnscope/models")};
    QCOMPARE(defaultModelFolder(installedOnly), prefix.path() + QStringLiteral("/share/attnscope/models/encdec-post-relu"));
    installModel(prefix.path(), QStringLiteral("translate-en-zh"));
    QCOMPARE(defaultModelFolder(installedOnly), prefix.path() + QStringLiteral("/share/attnscope/models/translate-en-zh"));
  }

  void folderWithoutConfigIsNoModel() {
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    QVERIFY(QDir().mkpath(prefix.path() + QStringLiteral("/share/attnscope/models/translate-en-zh")));
    const QStringList installedOnly = {prefix.path() + QStringLiteral("/share/attnscope/models")};
    QCOMPARE(defaultModelFolder(installedOnly), QString());
  }

  void buildTreeFindsTheSourceTree() {
    // A build-tree executable (build/app/attnscope) has no ../share/attnscope: the source tree's
    // models/ answer, and the test model in tests/data/torch is searched too.
    QTemporaryDir buildTree;
    QVERIFY(buildTree.isValid());
    const QStringList folders = modelSearchFolders(buildTree.path() + QStringLiteral("/app"));
    QVERIFY(folders.contains(sourceDir() + QStringLiteral("/models")));
    QVERIFY(folders.contains(sourceDir() + QStringLiteral("/tests/data/torch")));
    QCOMPARE(defaultModelFolder(folders), sourceDir() + QStringLiteral("/models/translate-en-zh"));
  }
};

QTEST_GUILESS_MAIN(TestModelLocator)
#include "tst_model_locator.moc"
