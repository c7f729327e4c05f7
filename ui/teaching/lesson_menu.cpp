#include "lesson_menu.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QStatusBar>
#include <QToolBar>

#include "classroom/lesson.h"
#include "figure_export.h"
#include "lesson_bar.h"
#include "teaching_files.h"
#include "view_state.h"
#include "view_state_applier.h"

namespace ui {

LessonMenu::LessonMenu(const TeachingContext &context, ViewStateApplier *applier, QObject *parent)
    : QObject(parent),
      m_context(context),
      m_applier(applier),
      m_lessonBar(new LessonBar(context.window)),
      m_lessonToolBar(new QToolBar(tr("Lesson"), context.window)) {
  m_lessonToolBar->setObjectName(QStringLiteral("lessonToolBar"));
  m_lessonToolBar->setMovable(false);
  m_lessonToolBar->addWidget(m_lessonBar);
  m_context.window->addToolBar(Qt::BottomToolBarArea, m_lessonToolBar);
  m_lessonToolBar->hide();
  createActions();
  connect(m_lessonBar, &LessonBar::stepChosen, this, &LessonMenu::showLessonStep);
  connect(m_lessonBar, &LessonBar::recordRequested, this, &LessonMenu::recordStep);
  connect(m_lessonBar, &LessonBar::closeRequested, this, &LessonMenu::closeLesson);
}

void LessonMenu::createActions() {
  m_openLesson = teachingAction(this, tr("Open &Lesson…"), QKeySequence(Qt::CTRL | Qt::Key_L),
                                tr("Open a lesson file and replay its steps (Ctrl+L)"));
  connect(m_openLesson, &QAction::triggered, this, &LessonMenu::chooseLesson);
  m_openLecture = teachingAction(this, tr("Open the Lecture &Lesson"), {},
                                 tr("The bundled lesson that follows the self-attention lecture step by step"));
  connect(m_openLecture, &QAction::triggered, this, [this] { openLesson(lectureLessonPath()); });
  m_saveLesson = teachingAction(this, tr("Save Lesson &As…"), {}, tr("Save the lesson, with the steps recorded so far"));
  connect(m_saveLesson, &QAction::triggered, this, &LessonMenu::chooseLessonToSave);
  m_recordStep = teachingAction(this, tr("&Record Lesson Step"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                                tr("Add what the window shows now as the lesson's next step (Ctrl+Shift+R)"));
  connect(m_recordStep, &QAction::triggered, this, &LessonMenu::recordStep);
  m_nextStep = teachingAction(this, tr("Next Lesson Step"), QKeySequence(Qt::ALT | Qt::Key_Right),
                              tr("Next step of the lesson (Alt+→)"));
  connect(m_nextStep, &QAction::triggered, m_lessonBar, &LessonBar::next);
  m_previousStep = teachingAction(this, tr("Previous Lesson Step"), QKeySequence(Qt::ALT | Qt::Key_Left),
                                  tr("Previous step of the lesson (Alt+←)"));
  connect(m_previousStep, &QAction::triggered, m_lessonBar, &LessonBar::back);
}

QString LessonMenu::fail(const QString &title, const QString &message) {
  showTeachingError(m_context.window, title, message);
  emit messageShown(message);
  return message;
}

QString LessonMenu::openLesson(const QString &path) {
  QString error;
  const QByteArray bytes = readWholeFile(path, error);
  if (!error.isEmpty()) return fail(tr("Cannot Open Lesson"), error);
  const core::LessonFile file = core::read_lesson(bytes.toStdString());
  if (!file.error.empty()) {
    return fail(tr("Cannot Open Lesson"),
                tr("%1 is damaged: %2").arg(QDir::toNativeSeparators(path), QString::fromStdString(file.error)));
  }
  if (file.lesson.steps.empty()) return fail(tr("Cannot Open Lesson"), tr("%1 has no steps.").arg(path));
  // A lesson in the resources names bundled models only.
  m_lessonFolder = path.startsWith(QLatin1Char(':')) ? QString() : QFileInfo(path).absolutePath();
  m_lessonBar->setLesson(file.lesson);
  m_lessonToolBar->show();
  m_lessonBar->showStep(0);
  return {};
}

QString LessonMenu::saveLesson(const QString &path) {
  const core::Lesson &lesson = m_lessonBar->lesson();
  if (lesson.steps.empty()) return fail(tr("Cannot Save Lesson"), tr("The lesson has no steps: record one first."));
  const QString error = writeFileAtomically(path, QByteArray::fromStdString(core::write_lesson(lesson)));
  if (!error.isEmpty()) return fail(tr("Cannot Save Lesson"), error);
  m_context.window->statusBar()->showMessage(tr("Saved the lesson to %1").arg(QDir::toNativeSeparators(path)), 4000);
  return {};
}

void LessonMenu::keepBarShown() {
  if (!m_lessonBar->lesson().steps.empty() || m_lessonToolBar->isVisible()) m_lessonToolBar->show();
}

void LessonMenu::showLessonStep(int index) {
  const std::vector<core::LessonStep> &steps = m_lessonBar->lesson().steps;
  if (index < 0 || index >= static_cast<int>(steps.size())) return;
  m_applier->apply(steps[static_cast<std::size_t>(index)].state, m_lessonFolder);
  emit lessonStepShown(index);
}

void LessonMenu::recordStep() {
  if (!m_context.state->model()) return;
  core::LessonStep step;
  step.state = m_applier->capture();
  // The caption goes to the bar's language; the other language's stays empty until translated.
  core::lesson_caption_field(step, m_lessonBar->language()) = m_lessonBar->draftCaption().toStdString();
  m_lessonBar->appendStep(step);
  m_lessonToolBar->show();
  m_context.window->statusBar()->showMessage(tr("Recorded step %1").arg(m_lessonBar->stepCount()), 3000);
}

void LessonMenu::closeLesson() {
  m_lessonBar->setLesson({});
  m_lessonFolder.clear();
  m_lessonToolBar->hide();
}

void LessonMenu::chooseLesson() {
  const QString path = QFileDialog::getOpenFileName(m_context.window, tr("Open Lesson"), saveFolder(),
                                                    tr("Lessons (*.json);;All files (*)"));
  if (!path.isEmpty()) openLesson(path);
}

void LessonMenu::chooseLessonToSave() {
  if (m_lessonBar->lesson().title.empty()) {
    bool ok = false;
    const QString title = QInputDialog::getText(m_context.window, tr("Save Lesson"), tr("Lesson title:"),
                                                QLineEdit::Normal, QString(), &ok);
    if (!ok) return;
    m_lessonBar->setTitle(title);
  }
  // QFileDialog asks before replacing an existing file.
  const QString path = QFileDialog::getSaveFileName(m_context.window, tr("Save Lesson"),
                                                    QDir(saveFolder()).filePath(QStringLiteral("lesson.json")),
                                                    tr("Lessons (*.json)"));
  if (path.isEmpty()) return;
  rememberSaveFolder(path);
  saveLesson(path);
}

}  // namespace ui
