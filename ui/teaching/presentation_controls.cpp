#include "presentation_controls.h"

#include <algorithm>

#include <QAction>
#include <QActionGroup>
#include <QEvent>
#include <QMainWindow>
#include <QMessageBox>
#include <QTabWidget>

#include "classroom_panel.h"
#include "language.h"
#include "presentation_mode.h"
#include "teaching_files.h"
#include "view_state.h"
#include "word_graph_widget.h"

namespace ui {

PresentationControls::PresentationControls(const TeachingContext &context, ClassroomPanel *classroom, QObject *parent)
    : QObject(parent), m_context(context), m_classroom(classroom), m_presentation(new PresentationMode(context.window)) {
  createActions();
  createLanguages();
  connect(m_presentation, &PresentationMode::activeChanged, this, &PresentationControls::presentationChanged);
  connect(m_context.tabs, &QTabWidget::currentChanged, this, &PresentationControls::updatePageKeys);
  connect(m_classroom, &QTabWidget::currentChanged, this, &PresentationControls::updatePageKeys);
  m_context.window->installEventFilter(this);
  updatePageKeys();
}

void PresentationControls::createActions() {
  m_presentationAction = teachingAction(this, tr("&Presentation Mode"), QKeySequence(Qt::Key_F5),
                                        tr("Full screen, large type, high-contrast colour-blind-safe colours and "
                                           "keyboard navigation (F5; Esc leaves)"));
  m_presentationAction->setCheckable(true);
  connect(m_presentationAction, &QAction::toggled, m_presentation, &PresentationMode::setActive);
  m_leavePresentation = teachingAction(this, tr("Leave Presentation Mode"), QKeySequence(Qt::Key_Escape), {});
  m_leavePresentation->setEnabled(false);
  connect(m_leavePresentation, &QAction::triggered, this, [this] { m_presentation->setActive(false); });
  m_context.window->addAction(m_leavePresentation);

  m_showClassroom = teachingAction(this, tr("&Classroom"), QKeySequence(Qt::CTRL | Qt::Key_5),
                                   tr("The walkthrough, positional encoding, sandbox and Add & Norm (Ctrl+5)"));
  connect(m_showClassroom, &QAction::triggered, this, [this] { m_context.tabs->setCurrentWidget(m_classroom); });

  m_previousHead = teachingAction(this, tr("Previous &Head"), QKeySequence(Qt::Key_BracketLeft),
                                  tr("Show the previous head ([)"));
  connect(m_previousHead, &QAction::triggered, this, [this] { stepHead(-1); });
  m_nextHead = teachingAction(this, tr("Next H&ead"), QKeySequence(Qt::Key_BracketRight), tr("Show the next head (])"));
  connect(m_nextHead, &QAction::triggered, this, [this] { stepHead(+1); });
  m_previousToken = teachingAction(this, tr("Previous &Token"), QKeySequence(Qt::Key_Up),
                                   tr("Move the pointer highlight to the previous query token (↑, presentation mode)"));
  connect(m_previousToken, &QAction::triggered, this, [this] { stepToken(-1); });
  m_nextToken = teachingAction(this, tr("Next T&oken"), QKeySequence(Qt::Key_Down),
                               tr("Move the pointer highlight to the next query token (↓, presentation mode)"));
  connect(m_nextToken, &QAction::triggered, this, [this] { stepToken(+1); });
  // Arrow keys move the cursor in the text fields and lists outside presentation mode.
  m_previousToken->setEnabled(false);
  m_nextToken->setEnabled(false);
  for (int head = 0; head < 9; ++head) {
    QAction *key = teachingAction(this, tr("Head %1").arg(head + 1), QKeySequence(Qt::Key_1 + head), {});
    key->setEnabled(false);
    connect(key, &QAction::triggered, this, [this, head] { showHead(head); });
    m_context.window->addAction(key);
    m_headKeys << key;
  }
}

void PresentationControls::createLanguages() {
  m_languages = new QActionGroup(this);
  const QString chosen = chosenLanguage();
  for (const QString &code : languageCodes()) {
    QAction *language = m_languages->addAction(languageName(code));
    language->setCheckable(true);
    language->setChecked(code == chosen);
    language->setData(code);
    connect(language, &QAction::triggered, this, [this, code] {
      setChosenLanguage(code);
      Preferences preferences = m_context.state->preferences();
      preferences.language = code;
      m_context.state->setPreferences(preferences);
      auto *box = new QMessageBox(QMessageBox::Information, tr("Language"),
                                  tr("AttentionScope will use %1 from its next start.").arg(languageName(code)),
                                  QMessageBox::Ok, m_context.window);
      box->setObjectName(QStringLiteral("languageBox"));
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    });
  }
}

QList<QAction *> PresentationControls::languageActions() const { return m_languages->actions(); }

void PresentationControls::setWorkshopActive(bool active) {
  m_workshop = active;
  m_leavePresentation->setEnabled(m_presentation->isActive() && !active);
  updatePageKeys();
}

void PresentationControls::updatePageKeys() {
  if (m_workshop) {
    m_context.previousLayer->setShortcuts({});
    m_context.nextLayer->setShortcuts({});
    return;
  }
  const bool walkthrough = m_context.tabs->currentWidget() == m_classroom &&
                           m_classroom->currentPage() == ClassroomPanel::Page::Walkthrough;
  m_context.previousLayer->setShortcuts(
      walkthrough ? QList<QKeySequence>{QKeySequence(Qt::Key_Left)}
                  : QList<QKeySequence>{QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)});
  m_context.nextLayer->setShortcuts(
      walkthrough ? QList<QKeySequence>{QKeySequence(Qt::Key_Right)}
                  : QList<QKeySequence>{QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
}

void PresentationControls::presentationChanged(bool active) {
  {
    const QSignalBlocker blocker(m_presentationAction);
    m_presentationAction->setChecked(active);
  }
  m_leavePresentation->setEnabled(active && !m_workshop);
  m_previousToken->setEnabled(active);
  m_nextToken->setEnabled(active);
  for (QAction *key : m_headKeys) key->setEnabled(active);
  if (active) {
    // Keys go to the window's actions, not to a text field that would swallow digits and arrows.
    m_context.tabs->setFocus();
    if (m_context.state->focusToken() < 0 && m_context.wordGraph->slice().rows() > 0) m_context.state->setFocusToken(0);
  } else {
    m_context.state->setFocusToken(-1);  // the pointer highlight is the presenter's; it ends with the talk (issue 18)
  }
  emit activeChanged(active);
  // Thumbnails are images in the old colours: draw everything again.
  m_context.redrawViews();
}

void PresentationControls::stepHead(int delta) {
  const ViewState &state = *m_context.state;
  if (state.headCount() == 0) return;
  showHead(std::clamp(state.focusedHead() + delta, 0, state.headCount() - 1));
}

void PresentationControls::showHead(int head) {
  ViewState &state = *m_context.state;
  if (head < 0 || head >= state.headCount()) return;
  // One head alone stays one head alone; otherwise only the heatmap's head changes.
  if (std::count(state.visibleHeads().begin(), state.visibleHeads().end(), true) == 1) {
    QVector<bool> alone(state.headCount(), false);
    alone[head] = true;
    state.setVisibleHeads(alone);
  }
  state.setFocusedHead(head);
}

void PresentationControls::stepToken(int delta) {
  const int rows = m_context.wordGraph->slice().rows();
  if (rows == 0) return;
  const int focus = m_context.state->focusToken();
  m_context.state->setFocusToken(focus < 0 ? (delta > 0 ? 0 : rows - 1) : std::clamp(focus + delta, 0, rows - 1));
}

bool PresentationControls::eventFilter(QObject *watched, QEvent *event) {
  // Leave presentation mode before the window saves its geometry, or the next start is full screen.
  if (watched == m_context.window && event->type() == QEvent::Close && m_presentation->isActive()) {
    m_presentation->setActive(false);
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace ui
