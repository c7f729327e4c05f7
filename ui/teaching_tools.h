#pragma once
// Everything the main window offers a teacher, on top of its attention views: the Classroom tab,
// presentation mode with keyboard-only navigation and a pointer highlight, scripted lessons
// (open, replay step by step, record, save), sessions, figure and data export, and the interface
// language. It works through MainWindow's public interface only, and adds its own menu entries,
// so the window's code stays about the attention views.

#include <map>
#include <optional>
#include <string>

#include <QObject>
#include <QPointer>
#include <QString>

#include "classroom/lesson.h"
#include "classroom/session.h"
#include "classroom/view_state.h"

class QAction;
class QActionGroup;
class QMenu;
class QToolBar;
class QWidget;

namespace ui {

class ClassroomPanel;
class LessonBar;
class MainWindow;
class PresentationMode;

class TeachingTools : public QObject {
  Q_OBJECT

 public:
  explicit TeachingTools(MainWindow *window);

  ClassroomPanel *classroom() const { return m_classroom; }
  PresentationMode *presentation() const { return m_presentation; }
  LessonBar *lessonBar() const { return m_lessonBar; }
  QToolBar *lessonToolBar() const { return m_lessonToolBar; }
  QAction *presentationAction() const { return m_presentationAction; }
  QAction *showClassroomAction() const { return m_showClassroom; }
  QAction *nextHeadAction() const { return m_nextHead; }
  QAction *previousHeadAction() const { return m_previousHead; }
  QAction *nextTokenAction() const { return m_nextToken; }
  QAction *previousTokenAction() const { return m_previousToken; }
  QAction *nextLessonStepAction() const { return m_nextStep; }
  QAction *previousLessonStepAction() const { return m_previousStep; }
  QAction *recordStepAction() const { return m_recordStep; }
  QAction *copyFigureAction() const { return m_copyFigure; }

  // The pointer highlight: a query row, emphasised in the word graph, heatmap and walkthrough; −1 none.
  int focusToken() const { return m_focusToken; }
  void setFocusToken(int token);

  // What the window shows now, as a lesson step or a session stores it.
  core::ViewState captureViewState() const;
  // Applies a state: opens its model (names resolve against baseFolder, then the bundled models),
  // sets the text, waits for the attention, then sets view, layer, head, token and page.
  // viewStateApplied follows (at once when nothing needs computing).
  void applyViewState(const core::ViewState &state, const QString &baseFolder = {});
  bool isApplyingViewState() const { return m_pending.has_value(); }

  // Each returns an empty string on success, else the message it also shows (window-modal,
  // non-blocking, so a test or a presenter is never stuck behind it).
  QString openLesson(const QString &path);
  QString saveLesson(const QString &path);
  QString openSession(const QString &path);
  QString saveSession(const QString &path);
  core::Session currentSession() const;

  // The figure of the view on screen: word graph or heatmap (whichever was used last), the
  // overview grid, or the classroom page.
  QWidget *currentFigure() const;
  QString currentViewName() const;  // as core::ViewState names views
  // By extension: .png (at dpi) or .svg.
  QString exportFigure(QWidget *figure, const QString &path, double dpi = 192);
  // The current layer's α̂, every head: .csv, .json or .npy.
  QString exportAttention(const QString &path);

  static QString lectureLessonPath() { return QStringLiteral(":/lessons/lecture.json"); }

 signals:
  void viewStateApplied();
  void lessonStepShown(int index);
  void messageShown(const QString &message);  // every error message box, for tests and logs

 protected:
  bool eventFilter(QObject *watched, QEvent *event) override;

 private:
  struct Pending {
    core::ViewState state;
    std::optional<std::map<std::string, bool>> toggles;  // a session's; lessons have none
  };

  void createActions();
  void createMenus();
  void viewsUpdated();
  void tokenFocused();
  void finishPendingState();
  bool analysisMatches(const core::ViewState &state) const;
  void applyViewParts(const core::ViewState &state);
  void applyToggles(const std::map<std::string, bool> &toggles);
  void updatePageKeys();
  void presentationChanged(bool active);
  void stepHead(int delta);
  void showHead(int head);
  void stepToken(int delta);
  void showLessonStep(int index);
  void recordStep();
  void closeLesson();
  void showLessonBar(bool show);

  void chooseLesson();
  void chooseLessonToSave();
  void chooseSession();
  void chooseSessionToSave();
  void chooseFigureFile(QWidget *figure, const QString &format);
  void chooseAttentionFile(const QString &format);
  void copyFigure(QWidget *figure);
  void showFigureMenu(QWidget *figure, const QPoint &position);
  QString showError(const QString &title, const QString &message);
  QString saveFolder() const;
  void rememberSaveFolder(const QString &path);
  QString suggestedName(const QString &what, const QString &suffix) const;

  MainWindow *m_window;
  ClassroomPanel *m_classroom;
  PresentationMode *m_presentation;
  LessonBar *m_lessonBar;
  QToolBar *m_lessonToolBar;
  QString m_lessonFolder;  // lesson model paths are relative to the lesson file
  int m_focusToken = -1;
  QString m_lastAttentionView = QStringLiteral("heatmap");
  std::optional<Pending> m_pending;

  QAction *m_openLesson = nullptr;
  QAction *m_openLecture = nullptr;
  QAction *m_saveLesson = nullptr;
  QAction *m_recordStep = nullptr;
  QAction *m_nextStep = nullptr;
  QAction *m_previousStep = nullptr;
  QAction *m_openSession = nullptr;
  QAction *m_saveSession = nullptr;
  QAction *m_exportPng = nullptr;
  QAction *m_exportSvg = nullptr;
  QAction *m_copyFigure = nullptr;
  QAction *m_exportCsv = nullptr;
  QAction *m_exportJson = nullptr;
  QAction *m_exportNpy = nullptr;
  QAction *m_presentationAction = nullptr;
  QAction *m_leavePresentation = nullptr;
  QAction *m_showClassroom = nullptr;
  QAction *m_previousHead = nullptr;
  QAction *m_nextHead = nullptr;
  QAction *m_previousToken = nullptr;
  QAction *m_nextToken = nullptr;
  QList<QAction *> m_headKeys;  // 1…9, presentation mode only
  QActionGroup *m_languages = nullptr;
};

}  // namespace ui
