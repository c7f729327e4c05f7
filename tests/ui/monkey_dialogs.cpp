#include "monkey_dialogs.h"

#include <cstdio>

#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QLineEdit>
#include <QRegularExpression>
#include <QTableView>

#include "hf_cache_dialog.h"
#include "hf_cache_table.h"
#include "preferences.h"
#include "settings_dialog.h"

namespace ui::test {

MonkeyDialogs::MonkeyDialogs(std::uint32_t seed, const QString &workFolder, QObject *parent)
    : QObject(parent), m_random(seed), m_workFolder(workFolder) {
  // QTimer fires inside a dialog's own event loop (exec()), so modal dialogs are answered too.
  m_timer.setInterval(20);
  connect(&m_timer, &QTimer::timeout, this, &MonkeyDialogs::answerOpenDialogs);
  m_timer.start();
}

bool MonkeyDialogs::anyDialogOpen() const {
  if (QApplication::activeModalWidget()) return true;
  for (QWidget *widget : QApplication::topLevelWidgets()) {
    if (qobject_cast<QDialog *>(widget) && widget->isVisible()) return true;
  }
  return false;
}

void MonkeyDialogs::answerOpenDialogs() {
  // The modal one first: a message box over a file dialog is answered before the dialog under it.
  if (auto *modal = qobject_cast<QDialog *>(QApplication::activeModalWidget())) {
    answer(modal);
    return;
  }
  for (QWidget *widget : QApplication::topLevelWidgets()) {
    if (auto *dialog = qobject_cast<QDialog *>(widget); dialog && dialog->isVisible()) {
      answer(dialog);
      return;  // one per tick: answering may open the next one
    }
  }
  if (QWidget *modal = QApplication::activeModalWidget()) {
    log(QStringLiteral("closed modal %1").arg(QString::fromLatin1(modal->metaObject()->className())));
    modal->close();
  }
}

void MonkeyDialogs::answer(QDialog *dialog) {
  if (auto *files = qobject_cast<QFileDialog *>(dialog)) {
    answerFileDialog(files);
  } else if (auto *settings = qobject_cast<SettingsDialog *>(dialog)) {
    answerSettings(settings);
  } else if (auto *cache = qobject_cast<HfCacheDialog *>(dialog)) {
    answerHfCache(cache);
    return;  // counted once it is answered
  } else if (auto *input = qobject_cast<QInputDialog *>(dialog)) {
    // Export Figure as PNG asks for the resolution; the smallest keeps the monkey quick.
    input->setIntValue(72);
    log(QStringLiteral("input dialog “%1”: 72").arg(input->windowTitle()));
    input->accept();
  } else if (auto *box = qobject_cast<QMessageBox *>(dialog)) {
    log(QStringLiteral("message box “%1”: %2").arg(box->windowTitle(), box->text().left(200)));
    box->close();
  } else {
    log(QStringLiteral("rejected %1 “%2”").arg(QString::fromLatin1(dialog->metaObject()->className()), dialog->windowTitle()));
    dialog->reject();
  }
  ++m_answered;
}

void MonkeyDialogs::answerFileDialog(QFileDialog *dialog) {
  // The suffixes its filters name, e.g. "Sessions (*.json)" → json.
  QStringList patterns;
  const QRegularExpression suffix(QStringLiteral("\\*\\.([A-Za-z0-9]+)"));
  for (const QString &filter : dialog->nameFilters()) {
    for (const QRegularExpressionMatch &match : suffix.globalMatch(filter)) patterns << match.captured(1);
  }
  QString path;
  if (chance(0.15)) {
    path.clear();  // Cancel
  } else if (dialog->fileMode() == QFileDialog::Directory) {
    if (!m_modelFolders.isEmpty()) path = m_modelFolders[pick(int(m_modelFolders.size()))];
  } else if (dialog->acceptMode() == QFileDialog::AcceptSave) {
    path = pickSavePath(patterns.isEmpty() ? QStringLiteral("out") : patterns.front());
  } else {
    path = pickFileToOpen(patterns);
  }
  log(QStringLiteral("file dialog “%1”: %2").arg(dialog->windowTitle(), path.isEmpty() ? QStringLiteral("Cancel") : path));
  if (path.isEmpty()) {
    dialog->reject();
    return;
  }
  // Every save goes to a fresh name, so the overwrite question never stops the dialog.
  dialog->setOption(QFileDialog::DontConfirmOverwrite);
  dialog->selectFile(path);
  // The name field takes a whole path, also one whose folder does not exist (selectFile would
  // keep only the name there).
  if (auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))) name->setText(path);
  static_cast<QDialog *>(dialog)->accept();  // QFileDialog::accept is protected; QDialog::accept is not
  if (dialog->isVisible()) {
    log(QStringLiteral("file dialog kept %1 open; cancelled").arg(path));
    dialog->reject();
  }
}

void MonkeyDialogs::answerSettings(SettingsDialog *dialog) {
  Preferences preferences = dialog->preferences();
  preferences.threads = pick(maximumThreads() + 1);
  preferences.precision = precisionKeys()[pick(int(precisionKeys().size()))];
  // Now and then a budget too small for any pass: every analysis is refused with its message.
  preferences.memoryBudgetMb = chance(0.15) ? 1 : (chance(0.5) ? 0 : 256 * (1 + pick(8)));
  static const char *const themes[] = {"system", "light", "dark"};
  preferences.theme = QString::fromLatin1(themes[pick(3)]);
  preferences.positionalEncoding = chance(0.7);
  preferences.peDifference = chance(0.3);
  preferences.threshold = pick(51) / 100.0;
  dialog->showPreferences(preferences);
  const bool ok = chance(0.7);
  log(QStringLiteral("settings: threads %1, %2, budget %3 MB, theme %4 → %5")
          .arg(preferences.threads)
          .arg(preferences.precision)
          .arg(preferences.memoryBudgetMb)
          .arg(preferences.theme, ok ? QStringLiteral("OK") : QStringLiteral("Cancel")));
  if (ok) {
    dialog->accept();
  } else {
    dialog->reject();
  }
}

void MonkeyDialogs::answerHfCache(HfCacheDialog *dialog) {
  // The listing comes from a JobRunner lane; a busy lane may take a while. Give up after ~5 s.
  if (!dialog->isListed() && ++m_hfCacheWaits < 250) return;
  m_hfCacheWaits = 0;
  ++m_answered;
  HfCacheTable *table = dialog->table();
  if (!dialog->isListed() || table->rowCount() == 0 || chance(0.3)) {
    log(QStringLiteral("hugging face cache: closed (%1 rows)").arg(table->rowCount()));
    dialog->reject();
    return;
  }
  const int row = pick(table->rowCount());
  log(QStringLiteral("hugging face cache: row %1 (%2)").arg(row).arg(table->id(row)));
  dialog->view()->selectRow(row);
  dialog->openSelected();
  if (dialog->isVisible()) dialog->reject();  // a row that does not open leaves the dialog up
}

QString MonkeyDialogs::pickFileToOpen(const QStringList &patterns) {
  QStringList candidates;
  const auto matches = [&](const QString &file) {
    if (patterns.isEmpty()) return true;
    for (const QString &pattern : patterns) {
      if (file.endsWith('.' + pattern, Qt::CaseInsensitive)) return true;
    }
    return false;
  };
  for (const QString &file : m_extraFiles) {
    if (matches(file)) candidates << file;
  }
  // What the monkey saved itself: sessions, lessons, exports (an attention JSON is no session).
  for (const QFileInfo &info : QDir(m_workFolder).entryInfoList(QDir::Files)) {
    if (matches(info.fileName())) candidates << info.filePath();
  }
  return candidates.isEmpty() ? QString() : candidates[pick(int(candidates.size()))];
}

QString MonkeyDialogs::pickSavePath(const QString &suffix) {
  ++m_saves;
  const QString name = QStringLiteral("save-%1.%2").arg(m_saves).arg(suffix);
  if (chance(0.1)) {
    // A folder that is a file: the writer must refuse with a message and leave nothing behind.
    ++m_brokenSaves;
    const QString blocker = QDir(m_workFolder).filePath(QStringLiteral("not-a-folder"));
    QFile file(blocker);
    if (!file.exists() && file.open(QIODevice::WriteOnly)) file.write("a file where a folder should be\n");
    return blocker + '/' + name;
  }
  return QDir(m_workFolder).filePath(name);
}

void MonkeyDialogs::log(const QString &what) {
  m_lastAnswer = what;
  if (qEnvironmentVariableIsSet("MONKEY_TRACE")) {
    std::printf("  dialog: %s\n", qPrintable(what));
    std::fflush(stdout);
  }
}

}  // namespace ui::test
