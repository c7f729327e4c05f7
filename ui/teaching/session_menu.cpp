#include "session_menu.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QStatusBar>

#include "figure_export.h"
#include "session_reading.h"
#include "teaching_files.h"
#include "view_state.h"
#include "view_state_applier.h"

namespace ui {

SessionMenu::SessionMenu(const TeachingContext &context, ViewStateApplier *applier, QObject *parent)
    : QObject(parent),
      m_context(context),
      m_applier(applier),
      m_openSession(teachingAction(this, tr("Open &Session…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                                   tr("Reopen a saved working state: model, text, view, layer, head and toggles "
                                      "(Ctrl+Shift+O)"))),
      m_saveSession(teachingAction(this, tr("Save S&ession…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                                   tr("Save the whole working state to a file (Ctrl+Shift+S)"))) {
  connect(m_openSession, &QAction::triggered, this, &SessionMenu::chooseSession);
  connect(m_applier, &ViewStateApplier::applied, this, &SessionMenu::restorePending);
  connect(m_saveSession, &QAction::triggered, this, &SessionMenu::chooseSessionToSave);
}

QString SessionMenu::fail(const QString &title, const QString &message) {
  showTeachingError(m_context.window, title, message);
  emit messageShown(message);
  return message;
}

core::Session SessionMenu::currentSession() const {
  core::Session session;
  session.state = m_applier->capture();
  session.toggles = m_applier->captureToggles();
  session.reading = captureReading(*m_context.state);
  if (m_context.tokenEdits) session.edits = m_context.tokenEdits();
  // A session names its model by path: it records this machine's work, not a portable lesson.
  const QString folder = m_context.state->modelFolder();
  session.state.model = folder.isEmpty() ? std::string() : QFileInfo(folder).absoluteFilePath().toStdString();
  return session;
}

void SessionMenu::restorePending() {
  if (m_pendingMethodHeads) {
    m_context.state->setMethodHeads(std::move(*m_pendingMethodHeads));
    m_pendingMethodHeads.reset();
  }
  if (!m_pendingEdits || !m_context.restoreTokenEdits) return;
  const std::vector<core::SessionEdit> edits = std::move(*m_pendingEdits);
  m_pendingEdits.reset();
  const QString refused = m_context.restoreTokenEdits(edits);
  if (!refused.isEmpty()) {
    const QString message = tr("The session's token edits were not made: %1").arg(refused);
    m_context.window->statusBar()->showMessage(message, 8000);
    emit messageShown(message);
  }
}

QString SessionMenu::saveSession(const QString &path) {
  const QString error = writeFileAtomically(path, QByteArray::fromStdString(core::write_session(currentSession())));
  if (!error.isEmpty()) return fail(tr("Cannot Save Session"), error);
  m_context.window->statusBar()->showMessage(tr("Saved the session to %1").arg(QDir::toNativeSeparators(path)), 4000);
  return {};
}

QString SessionMenu::openSession(const QString &path) {
  QString error;
  const QByteArray bytes = readWholeFile(path, error);
  if (!error.isEmpty()) return fail(tr("Cannot Open Session"), error);
  const core::SessionFile file = core::read_session(bytes.toStdString());
  if (!file.error.empty()) {
    // The window keeps what it shows; nothing of the damaged file is applied.
    return fail(tr("Cannot Open Session"), tr("%1 is damaged, so nothing was changed: %2")
                                               .arg(QDir::toNativeSeparators(path), QString::fromStdString(file.error)));
  }
  applyReading(*m_context.state, file.session.reading);
  // The edits' positions are in the tokens of the session's input: made once it is computed.
  m_pendingEdits = file.session.edits;
  m_pendingMethodHeads = file.session.reading.method_heads;
  m_applier->apply(file.session.state, QFileInfo(path).absolutePath(), file.session.toggles);
  return {};
}

void SessionMenu::chooseSession() {
  const QString path = QFileDialog::getOpenFileName(m_context.window, tr("Open Session"), saveFolder(),
                                                    tr("Sessions (*.json);;All files (*)"));
  if (!path.isEmpty()) openSession(path);
}

void SessionMenu::chooseSessionToSave() {
  const QString path = QFileDialog::getSaveFileName(m_context.window, tr("Save Session"),
                                                    QDir(saveFolder()).filePath(QStringLiteral("session.json")),
                                                    tr("Sessions (*.json)"));
  if (path.isEmpty()) return;
  rememberSaveFolder(path);
  saveSession(path);
}

}  // namespace ui
