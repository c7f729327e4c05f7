#pragma once
// File ▸ lessons: open a lesson (or the bundled lecture) and replay it step by step in the lesson
// bar, record what the window shows as a new step, save the lesson. Each step is a view state the
// ViewStateApplier applies.

#include <QList>
#include <QObject>
#include <QString>

#include "teaching_context.h"

class QAction;
class QToolBar;

namespace ui {

class LessonBar;
class ViewStateApplier;

class LessonMenu : public QObject {
  Q_OBJECT

 public:
  LessonMenu(const TeachingContext &context, ViewStateApplier *applier, QObject *parent = nullptr);

  LessonBar *lessonBar() const { return m_lessonBar; }
  QToolBar *lessonToolBar() const { return m_lessonToolBar; }
  QAction *recordStepAction() const { return m_recordStep; }
  QAction *nextStepAction() const { return m_nextStep; }
  QAction *previousStepAction() const { return m_previousStep; }
  QList<QAction *> fileActions() const { return {m_openLesson, m_openLecture, m_saveLesson, m_recordStep}; }

  // Each returns an empty string on success, else the message it also shows.
  QString openLesson(const QString &path);
  QString saveLesson(const QString &path);
  // The bar stays up while a lesson is open (presentation mode rebuilds the window's bars).
  void keepBarShown();

  static QString lectureLessonPath() { return QStringLiteral(":/lessons/lecture.json"); }

 signals:
  void lessonStepShown(int index);
  void messageShown(const QString &message);

 private:
  void createActions();
  void showLessonStep(int index);
  void recordStep();
  void closeLesson();
  void chooseLesson();
  void chooseLessonToSave();
  QString fail(const QString &title, const QString &message);

  TeachingContext m_context;
  ViewStateApplier *m_applier;
  LessonBar *m_lessonBar;
  QToolBar *m_lessonToolBar;
  QString m_lessonFolder;  // lesson model paths are relative to the lesson file

  QAction *m_openLesson = nullptr;
  QAction *m_openLecture = nullptr;
  QAction *m_saveLesson = nullptr;
  QAction *m_recordStep = nullptr;
  QAction *m_nextStep = nullptr;
  QAction *m_previousStep = nullptr;
};

}  // namespace ui
