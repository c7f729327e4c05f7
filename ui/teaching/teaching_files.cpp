#include "teaching_files.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStringList>

#include "attention_methods.h"
#include "formula.h"
#include "view_state.h"

namespace ui {

namespace {
const char *const saveFolderKey = "files/saveFolder";
}  // namespace

QString saveFolder() {
  const QString last = QSettings().value(saveFolderKey).toString();
  if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
  return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void rememberSaveFolder(const QString &path) { QSettings().setValue(saveFolderKey, QFileInfo(path).absolutePath()); }

QString suggestedFileName(const ViewState &state, const QString &what, const QString &suffix) {
  const QString model = state.model() ? QString::fromStdString(state.model()->spec().name) : QStringLiteral("attnscope");
  const LayerStep step = state.layerStep();
  // The method switch names itself: "…-attention-value-zeroing-…-layer3-all-heads.csv".
  const core::AttentionMethod method = state.method();
  const QString shown = method == core::AttentionMethod::Raw
                            ? what
                            : QStringLiteral("%1-%2").arg(what, QString::fromLatin1(core::to_string(method)));
  // rollout and flow over chosen heads: "…-heads1-3.csv"
  QStringList chosen;
  if (averagesHeads(method)) {
    for (const int head : state.methodHeads()) chosen << QString::number(head + 1);
  }
  const QString heads = core::is_per_head(method) ? QStringLiteral("head%1").arg(state.focusedHead() + 1)
                        : chosen.isEmpty()         ? QStringLiteral("all-heads")
                                                   : QStringLiteral("heads") + chosen.join(QLatin1Char('-'));
  const QString name = QStringLiteral("%1-%2-%3-layer%4-%5.%6")
                           .arg(model, shown, QString::fromLatin1(core::to_string(step.kind)))
                           .arg(step.layer + 1)
                           .arg(heads, suffix);
  return QDir(saveFolder()).filePath(name);
}

QByteArray readWholeFile(const QString &path, QString &error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    error = QObject::tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
  }
  return file.readAll();
}

void showTeachingError(QWidget *parent, const QString &title, const QString &message) {
  auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, parent);
  box->setObjectName(QStringLiteral("teachingErrorBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

QAction *teachingAction(QObject *parent, const QString &text, const QKeySequence &shortcut, const QString &tip) {
  auto *action = new QAction(text, parent);
  if (!shortcut.isEmpty()) action->setShortcut(shortcut);
  action->setToolTip(plainToolTip(tip));  // the status bar shows tip as it is
  action->setStatusTip(tip);
  return action;
}

}  // namespace ui
