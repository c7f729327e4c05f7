#pragma once
// Everything the main window offers a teacher on top of its attention views, one part per menu:
// the Classroom tab (here), lessons (LessonMenu), sessions (SessionMenu), exports (ExportMenu),
// presentation mode and keyboard navigation (PresentationControls). They read and change the
// ViewState, never the window, and add their own menu entries.

#include <QObject>

#include "teaching_context.h"

class QMenu;

namespace ui {

class ClassroomPanel;
class ExportMenu;
class LessonMenu;
class PresentationControls;
class SessionMenu;
class ViewStateApplier;
class WorkshopMode;

class TeachingTools : public QObject {
  Q_OBJECT

 public:
  explicit TeachingTools(const TeachingContext &context);

  ClassroomPanel *classroom() const { return m_classroom; }
  ViewStateApplier *viewStates() const { return m_applier; }
  LessonMenu *lessons() const { return m_lessons; }
  SessionMenu *sessions() const { return m_sessions; }
  ExportMenu *exports() const { return m_exports; }
  PresentationControls *presentation() const { return m_presentation; }
  WorkshopMode *workshop() const { return m_workshop; }

  // Adds the entries to the window's File menu (before Quit) and View menu.
  void addMenuEntries(QMenu *file, QMenu *view);

  // The window's events the teaching tools follow.
  void viewsUpdated();
  void modelLoadFailed();

 signals:
  void messageShown(const QString &message);  // every error message box, for tests and logs

 private:
  void showSelection();

  TeachingContext m_context;
  ClassroomPanel *m_classroom;
  ViewStateApplier *m_applier;
  LessonMenu *m_lessons;
  SessionMenu *m_sessions;
  ExportMenu *m_exports;
  PresentationControls *m_presentation;
  WorkshopMode *m_workshop;
};

}  // namespace ui
