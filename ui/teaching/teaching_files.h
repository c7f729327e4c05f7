#pragma once
// What lessons, sessions and exports share: the folder files are saved to, file names that say
// what they hold, and the one way the teaching tools report a problem.

#include <QByteArray>
#include <QKeySequence>
#include <QString>

class QAction;
class QObject;
class QWidget;

namespace ui {

class ViewState;

// Where the last file was saved, else Documents; never a model folder.
QString saveFolder();
void rememberSaveFolder(const QString &path);
// "<model>-<what>-<attention>-layer<n>-head<h>.<suffix>" in saveFolder().
QString suggestedFileName(const ViewState &state, const QString &what, const QString &suffix);
// The file's bytes, or an empty array and error set.
QByteArray readWholeFile(const QString &path, QString &error);
// A window-modal, non-blocking warning (object name "teachingErrorBox"), so a test or a presenter
// is never stuck behind it.
void showTeachingError(QWidget *parent, const QString &title, const QString &message);
// A menu action whose tool tip and status tip are tip.
QAction *teachingAction(QObject *parent, const QString &text, const QKeySequence &shortcut, const QString &tip);

}  // namespace ui
