#pragma once
// File ▸ Workshop…: a lesson of the lecture shown full screen in a locked mode, for a room of
// learners and a presenter with a clicker.
//   - locked: no file dialog can open (every File menu entry but Quit is disabled, so its shortcut
//     is inert too, and nothing can be dropped on the window), and nothing edits the model or the
//     settings (training, checkpoints, head ablation, theme, language, presentation toggle);
//   - deterministic: the app only ever decodes greedily (argmax), and with the settings locked
//     every step shows the same numbers each time it is shown;
//   - presentation mode's large type and high-contrast, colour-blind-safe colours;
//   - keys a clicker sends: Page Down, →, Space next step; Page Up, ← previous step; B or . black
//     screen (any of them brings the picture back); Esc asks before leaving (Esc again leaves, a
//     step key stays: a clicker can answer it, and no dialog opens over the room's screen).
// Heads ([ ] 1–9) and the pointer highlight (↑ ↓) stay with the presenter.

#include <vector>

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include "classroom/lesson.h"
#include "teaching_context.h"

class QAction;
class QLabel;
class QWidget;

namespace ui {

class LessonMenu;
class PresentationControls;

// A lesson the workshop offers: one per section of the lecture, :/lessons/section-N.json.
struct WorkshopLesson {
  int section = 0;
  QString path;
  QString title;         // in English
  QString titleChinese;  // in Traditional Chinese
};

class WorkshopMode : public QObject {
  Q_OBJECT

 public:
  WorkshopMode(const TeachingContext &context, LessonMenu *lessons, PresentationControls *presentation,
               QObject *parent = nullptr);

  // The bundled sections that exist, in order (section 8 is absent until its lesson is added).
  static std::vector<WorkshopLesson> bundledLessons();

  QAction *workshopAction() const { return m_workshop; }  // File ▸ Workshop…
  QAction *nextAction() const { return m_next; }
  QAction *previousAction() const { return m_previous; }
  QAction *blackScreenAction() const { return m_blackScreen; }
  QAction *leaveAction() const { return m_leave; }
  bool isActive() const { return m_active; }
  bool isBlackScreen() const;
  QWidget *blackScreen() const { return m_black; }
  bool isAskingToLeave() const;         // Esc's question is shown
  QLabel *leaveQuestion() const { return m_question; }

  // Opens the lesson and locks the window; an empty string on success, else the message shown.
  QString start(const QString &lessonPath, core::LessonLanguage language);
  // Unlocks and restores the window as it was; the lesson stays open in its bar.
  void leave();

 signals:
  void activeChanged(bool active);

 protected:
  bool eventFilter(QObject *watched, QEvent *event) override;

 private:
  struct SavedShortcuts {
    QPointer<QObject> owner;  // a QAction or a QAbstractButton
    QList<QKeySequence> keys;
  };

  void createActions();
  void chooseLesson();
  void askToLeave();
  void step(int delta);
  void setBlackScreen(bool black);
  void lock();
  void unlock();
  void lockAction(QAction *action);
  void lockMenu(const QList<QAction *> &entries);
  void releaseKeys();

  TeachingContext m_context;
  LessonMenu *m_lessons;
  PresentationControls *m_presentation;
  QAction *m_workshop = nullptr;
  QAction *m_next = nullptr;
  QAction *m_previous = nullptr;
  QAction *m_blackScreen = nullptr;
  QAction *m_leave = nullptr;
  QWidget *m_black;  // covers the whole window while the screen is black
  QLabel *m_question;  // "Leave the workshop?", across the top of the window
  bool m_active = false;
  bool m_acceptedDrops = false;
  QList<QPointer<QAction>> m_lockedActions;   // disabled by the lock, enabled again on leaving
  QList<QPointer<QWidget>> m_lockedWidgets;
  std::vector<SavedShortcuts> m_savedShortcuts;  // other owners of the workshop's keys
};

}  // namespace ui
