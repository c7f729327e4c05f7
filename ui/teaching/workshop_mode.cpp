#include "workshop_mode.h"

#include <algorithm>

#include <QAbstractButton>
#include <QAction>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QLabel>
#include <QRegularExpression>
#include <QTabWidget>
#include <QWidget>

#include "lesson_bar.h"
#include "lesson_menu.h"
#include "presentation_controls.h"
#include "presentation_mode.h"
#include "teaching_files.h"
#include "workshop_dialog.h"

namespace ui {

namespace {

// The keys the workshop takes over while it runs; whatever else owns them lets go until it ends.
const QList<QKeySequence> &workshopKeys() {
  static const QList<QKeySequence> keys = {
      QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_Right),
      QKeySequence(Qt::Key_Left),     QKeySequence(Qt::Key_Space),  QKeySequence(Qt::Key_B),
      QKeySequence(Qt::Key_Period),   QKeySequence(Qt::Key_Escape)};
  return keys;
}

// Quit stays: leaving the app is not opening a file. Found by its role (the offscreen platform, for
// one, has no standard Quit key).
bool isQuit(const QAction *action) {
  return action->menuRole() == QAction::QuitRole ||
         (!action->shortcut().isEmpty() && action->shortcut() == QKeySequence(QKeySequence::Quit));
}

bool takesWorkshopKey(const QList<QKeySequence> &shortcuts) {
  return std::any_of(shortcuts.begin(), shortcuts.end(),
                     [](const QKeySequence &key) { return workshopKeys().contains(key); });
}

}  // namespace

std::vector<WorkshopLesson> WorkshopMode::bundledLessons() {
  static const QRegularExpression name(QStringLiteral("^section-(\\d+)\\.json$"));
  std::vector<WorkshopLesson> lessons;
  const QDir folder(QStringLiteral(":/lessons"));
  for (const QString &file : folder.entryList(QDir::Files)) {
    const QRegularExpressionMatch match = name.match(file);
    if (!match.hasMatch()) continue;
    QString error;
    const QByteArray bytes = readWholeFile(folder.filePath(file), error);
    const core::LessonFile read = core::read_lesson(bytes.toStdString());
    WorkshopLesson lesson;
    lesson.section = match.captured(1).toInt();
    lesson.path = folder.filePath(file);
    // A damaged bundled lesson still gets a row; starting it shows the reader's message.
    lesson.title = read.error.empty() ? QString::fromStdString(read.lesson.title) : file;
    lesson.titleChinese = QString::fromStdString(read.lesson.title_zh_TW);
    lessons.push_back(lesson);
  }
  std::sort(lessons.begin(), lessons.end(),
            [](const WorkshopLesson &a, const WorkshopLesson &b) { return a.section < b.section; });
  return lessons;
}

WorkshopMode::WorkshopMode(const TeachingContext &context, LessonMenu *lessons, PresentationControls *presentation,
                           QObject *parent)
    : QObject(parent),
      m_context(context),
      m_lessons(lessons),
      m_presentation(presentation),
      m_black(new QWidget(context.window)),
      m_question(new QLabel(context.window)) {
  setObjectName(QStringLiteral("workshopMode"));
  m_black->setObjectName(QStringLiteral("workshopBlackScreen"));
  m_black->setAttribute(Qt::WA_StyledBackground);
  m_black->setStyleSheet(QStringLiteral("background: black;"));
  m_black->hide();
  m_question->setObjectName(QStringLiteral("leaveWorkshopQuestion"));
  m_question->setAlignment(Qt::AlignCenter);
  m_question->setAutoFillBackground(true);
  m_question->setText(tr("Leave the workshop? Esc again leaves and unlocks the window; Page Down, Page Up or an "
                         "arrow key stays."));
  m_question->hide();
  createActions();
  m_context.window->installEventFilter(this);
}

void WorkshopMode::createActions() {
  m_workshop = teachingAction(this, tr("&Workshop…"), {},
                              tr("Show a lesson of the lecture full screen and locked: no files, no changes to the "
                                 "model, Page Down/Page Up to step, B for a black screen, Esc to leave"));
  m_workshop->setObjectName(QStringLiteral("workshopAction"));
  connect(m_workshop, &QAction::triggered, this, &WorkshopMode::chooseLesson);

  // Added to the window, enabled only during a workshop: their keys mean nothing outside it.
  m_next = teachingAction(this, tr("Next Workshop Step"), {}, {});
  m_next->setShortcuts({QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_Space)});
  connect(m_next, &QAction::triggered, this, [this] { step(+1); });
  m_previous = teachingAction(this, tr("Previous Workshop Step"), {}, {});
  m_previous->setShortcuts({QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_Left)});
  connect(m_previous, &QAction::triggered, this, [this] { step(-1); });
  m_blackScreen = teachingAction(this, tr("Black Screen"), {}, {});
  // B, as in presentation programs; clickers send '.' for their "blank" button.
  m_blackScreen->setShortcuts({QKeySequence(Qt::Key_B), QKeySequence(Qt::Key_Period)});
  connect(m_blackScreen, &QAction::triggered, this, [this] { setBlackScreen(!isBlackScreen()); });
  m_leave = teachingAction(this, tr("Leave Workshop"), QKeySequence(Qt::Key_Escape), {});
  connect(m_leave, &QAction::triggered, this, &WorkshopMode::askToLeave);
  for (QAction *action : {m_next, m_previous, m_blackScreen, m_leave}) {
    action->setEnabled(false);
    m_context.window->addAction(action);
  }
}

bool WorkshopMode::isBlackScreen() const { return m_black->isVisible(); }
bool WorkshopMode::isAskingToLeave() const { return m_question->isVisible(); }

void WorkshopMode::chooseLesson() {
  auto *dialog = new WorkshopDialog(bundledLessons(), m_lessons->lessonBar()->language(), m_context.window);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    if (!dialog->chosenPath().isEmpty()) start(dialog->chosenPath(), dialog->chosenLanguage());
  });
  dialog->open();
}

QString WorkshopMode::start(const QString &lessonPath, core::LessonLanguage language) {
  m_lessons->lessonBar()->setLanguage(language);
  const QString error = m_lessons->openLesson(lessonPath);
  if (!error.isEmpty()) return error;
  if (m_active) return {};
  m_active = true;
  m_lessons->lessonBar()->setLocked(true);
  m_presentation->setWorkshopActive(true);
  m_presentation->mode()->setActive(true);
  lock();
  emit activeChanged(true);
  return {};
}

void WorkshopMode::leave() {
  if (!m_active) return;
  m_question->hide();
  setBlackScreen(false);
  unlock();
  m_presentation->setWorkshopActive(false);
  m_presentation->mode()->setActive(false);
  m_lessons->lessonBar()->setLocked(false);
  m_active = false;
  emit activeChanged(false);
}

void WorkshopMode::askToLeave() {
  if (!m_active) return;
  if (isBlackScreen()) {
    setBlackScreen(false);
    return;
  }
  // Asked in the window, not in a dialog a clicker cannot answer: Esc again leaves, a step key stays.
  if (isAskingToLeave()) {
    leave();
    return;
  }
  m_question->setGeometry(0, 0, m_context.window->width(), m_question->sizeHint().height() * 2);
  m_question->raise();
  m_question->show();
}

void WorkshopMode::step(int delta) {
  if (!m_active) return;
  if (isAskingToLeave()) {  // a step key answers "stay"
    m_question->hide();
    return;
  }
  if (isBlackScreen()) {  // the first key after a black screen only brings the picture back
    setBlackScreen(false);
    return;
  }
  LessonBar *bar = m_lessons->lessonBar();
  if (delta > 0) bar->next();
  else bar->back();
}

void WorkshopMode::setBlackScreen(bool black) {
  if (black == isBlackScreen()) return;
  if (black) {
    m_black->setGeometry(m_context.window->rect());
    m_black->raise();
    m_black->show();
  } else {
    m_black->hide();
    m_question->hide();
  }
}

bool WorkshopMode::eventFilter(QObject *watched, QEvent *event) {
  if (watched == m_context.window && event->type() == QEvent::Resize && isBlackScreen()) {
    m_black->setGeometry(m_context.window->rect());
  }
  return QObject::eventFilter(watched, event);
}

void WorkshopMode::lockAction(QAction *action) {
  if (!action || !action->isEnabled()) return;
  action->setEnabled(false);
  m_lockedActions << action;
  // An owner that enables it again during the workshop (a model has loaded) is overruled.
  connect(action, &QAction::enabledChanged, this, [this, action](bool enabled) {
    if (m_active && enabled) action->setEnabled(false);
  });
}

void WorkshopMode::lockMenu(const QList<QAction *> &entries) {
  for (QAction *entry : entries) {
    if (entry == m_leave || isQuit(entry)) continue;
    if (QMenu *submenu = entry->menu()) lockMenu(submenu->actions());
    if (!entry->isSeparator()) lockAction(entry);
  }
}

void WorkshopMode::lock() {
  QMainWindow *window = m_context.window;
  // Every File entry opens or saves a file, now or in the future: all of them but Quit.
  for (QAction *menu : window->menuBar()->actions()) {
    if (menu->menu() && menu->menu()->objectName() == QLatin1String("fileMenu")) lockMenu(menu->menu()->actions());
  }
  // What changes the model, the settings or the window's look.
  lockAction(m_presentation->presentationAction());
  for (QAction *language : m_presentation->languageActions()) lockAction(language);
  for (QAction *editing : m_context.modelEditingActions) lockAction(editing);
  for (QWidget *editing : m_context.modelEditingWidgets) {
    if (editing && editing->isEnabled()) {
      editing->setEnabled(false);
      m_lockedWidgets << editing;
    }
  }
  m_acceptedDrops = window->acceptDrops();
  window->setAcceptDrops(false);
  releaseKeys();
  for (QAction *action : {m_next, m_previous, m_blackScreen, m_leave}) action->setEnabled(true);
  // Keys go to the window's actions, not to a text field that would swallow them.
  m_context.tabs->setFocus();
}

void WorkshopMode::releaseKeys() {
  m_savedShortcuts.clear();
  const QList<QAction *> own = {m_next, m_previous, m_blackScreen, m_leave};
  for (QAction *action : m_context.window->findChildren<QAction *>()) {
    if (own.contains(action) || !takesWorkshopKey(action->shortcuts())) continue;
    m_savedShortcuts.push_back({action, action->shortcuts()});
    action->setShortcuts({});
  }
  for (QAbstractButton *button : m_context.window->findChildren<QAbstractButton *>()) {
    if (!workshopKeys().contains(button->shortcut())) continue;
    m_savedShortcuts.push_back({button, {button->shortcut()}});
    button->setShortcut({});
  }
}

void WorkshopMode::unlock() {
  for (QAction *action : {m_next, m_previous, m_blackScreen, m_leave}) action->setEnabled(false);
  m_active = false;  // before enabling: the enabledChanged guards let go
  for (const QPointer<QAction> &action : m_lockedActions) {
    if (!action) continue;
    disconnect(action, nullptr, this, nullptr);
    action->setEnabled(true);
  }
  m_lockedActions.clear();
  for (const QPointer<QWidget> &widget : m_lockedWidgets) {
    if (widget) widget->setEnabled(true);
  }
  m_lockedWidgets.clear();
  for (const SavedShortcuts &saved : m_savedShortcuts) {
    if (auto *action = qobject_cast<QAction *>(saved.owner)) action->setShortcuts(saved.keys);
    else if (auto *button = qobject_cast<QAbstractButton *>(saved.owner)) button->setShortcut(saved.keys.value(0));
  }
  m_savedShortcuts.clear();
  m_context.window->setAcceptDrops(m_acceptedDrops);
}

}  // namespace ui
