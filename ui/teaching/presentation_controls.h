#pragma once
// View ▸ presentation and navigation: presentation mode (F5, Esc leaves), the Classroom tab key,
// the keyboard-only navigation a presenter uses (heads with [ ] and 1…9, the pointer highlight
// with ↑ ↓), Page Up/Down turning the walkthrough's pages, and the interface language. Heads and
// tokens are changed in the view state; the views follow it.

#include <QList>
#include <QObject>

#include "teaching_context.h"

class QAction;
class QActionGroup;
class QMenu;

namespace ui {

class ClassroomPanel;
class PresentationMode;

class PresentationControls : public QObject {
  Q_OBJECT

 public:
  PresentationControls(const TeachingContext &context, ClassroomPanel *classroom, QObject *parent = nullptr);

  PresentationMode *mode() const { return m_presentation; }
  QAction *presentationAction() const { return m_presentationAction; }
  QAction *showClassroomAction() const { return m_showClassroom; }
  QAction *nextHeadAction() const { return m_nextHead; }
  QAction *previousHeadAction() const { return m_previousHead; }
  QAction *nextTokenAction() const { return m_nextToken; }
  QAction *previousTokenAction() const { return m_previousToken; }
  QList<QAction *> navigateActions() const { return {m_previousHead, m_nextHead, m_previousToken, m_nextToken}; }
  QList<QAction *> languageActions() const;

  // Page Up/Down turn the walkthrough's pages while it is on screen, and step layers elsewhere.
  // In the workshop they (and ← →) turn the lesson's steps, so the layer actions let go of them.
  void updatePageKeys();
  // The workshop owns Esc (it asks before leaving) and the page and arrow keys.
  void setWorkshopActive(bool active);
  bool isWorkshopActive() const { return m_workshop; }

 signals:
  void activeChanged(bool active);  // after the controls have followed presentation mode

 protected:
  bool eventFilter(QObject *watched, QEvent *event) override;

 private:
  void createActions();
  void createLanguages();
  void presentationChanged(bool active);
  void stepHead(int delta);
  void showHead(int head);
  void stepToken(int delta);

  TeachingContext m_context;
  ClassroomPanel *m_classroom;
  PresentationMode *m_presentation;
  QAction *m_presentationAction = nullptr;
  QAction *m_leavePresentation = nullptr;
  QAction *m_showClassroom = nullptr;
  QAction *m_previousHead = nullptr;
  QAction *m_nextHead = nullptr;
  QAction *m_previousToken = nullptr;
  QAction *m_nextToken = nullptr;
  QList<QAction *> m_headKeys;  // 1…9, presentation mode only
  QActionGroup *m_languages = nullptr;
  bool m_workshop = false;
};

}  // namespace ui
