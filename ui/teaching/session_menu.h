#pragma once
// File ▸ sessions: save the whole working state (model by path, text, view, layer, head, token,
// PE, difference and head toggles, how the tokens are read, the What If tab's token edits) and
// reopen it.

#include <optional>
#include <vector>

#include <QList>
#include <QObject>
#include <QString>

#include "classroom/session.h"
#include "teaching_context.h"

class QAction;

namespace ui {

class ViewStateApplier;

class SessionMenu : public QObject {
  Q_OBJECT

 public:
  SessionMenu(const TeachingContext &context, ViewStateApplier *applier, QObject *parent = nullptr);

  QList<QAction *> fileActions() const { return {m_openSession, m_saveSession}; }
  core::Session currentSession() const;
  // Each returns an empty string on success, else the message it also shows.
  QString openSession(const QString &path);
  QString saveSession(const QString &path);

 signals:
  void messageShown(const QString &message);

 private:
  void chooseSession();
  void chooseSessionToSave();
  QString fail(const QString &title, const QString &message);
  // Once the opened session's input is on show: its token edits (positions in that input) and the
  // heads rollout and flow average (the model's, so after it is loaded).
  void restorePending();

  TeachingContext m_context;
  ViewStateApplier *m_applier;
  QAction *m_openSession;
  QAction *m_saveSession;
  std::optional<std::vector<core::SessionEdit>> m_pendingEdits;
  std::optional<std::vector<int>> m_pendingMethodHeads;
};

}  // namespace ui
