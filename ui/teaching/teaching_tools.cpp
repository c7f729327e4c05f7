#include "teaching_tools.h"

#include <algorithm>

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QTabWidget>

#include "classroom_panel.h"
#include "export_menu.h"
#include "lesson_menu.h"
#include "living_diagram_widget.h"
#include "presentation_controls.h"
#include "session_menu.h"
#include "view_state.h"
#include "view_state_applier.h"
#include "workshop_mode.h"

namespace ui {

TeachingTools::TeachingTools(const TeachingContext &context)
    : QObject(context.window),
      m_context(context),
      m_classroom(new ClassroomPanel(context.runner, context.window)),
      m_applier(new ViewStateApplier(context, m_classroom, this)),
      m_lessons(new LessonMenu(context, m_applier, this)),
      m_sessions(new SessionMenu(context, m_applier, this)),
      m_exports(new ExportMenu(context, m_classroom, m_applier, this)),
      m_presentation(new PresentationControls(context, m_classroom, this)),
      m_workshop(new WorkshopMode(context, m_lessons, m_presentation, this)) {
  setObjectName(QStringLiteral("teachingTools"));
  m_classroom->diagram()->setViewState(context.state);
  QTabWidget *tabs = m_context.tabs;
  tabs->addTab(m_classroom, tr("Classroom"));
  tabs->setTabToolTip(tabs->indexOf(m_classroom),
                      tr("The lecture's steps with this model's numbers: walkthrough, positional encoding, sandbox, "
                         "Add & Norm (Ctrl+5)"));
  m_presentation->updatePageKeys();
  connect(m_lessons, &LessonMenu::messageShown, this, &TeachingTools::messageShown);
  connect(m_sessions, &SessionMenu::messageShown, this, &TeachingTools::messageShown);
  connect(m_exports, &ExportMenu::messageShown, this, &TeachingTools::messageShown);
  connect(m_presentation, &PresentationControls::activeChanged, m_lessons, &LessonMenu::keepBarShown);
  const ViewState *state = m_context.state;
  connect(state, &ViewState::focusTokenChanged, this, &TeachingTools::showSelection);
  connect(state, &ViewState::layerChanged, this, &TeachingTools::showSelection);
  connect(state, &ViewState::focusedHeadChanged, this, &TeachingTools::showSelection);
}

void TeachingTools::addMenuEntries(QMenu *file, QMenu *view) {
  // Before Quit, so the window's own entries keep their places.
  QAction *quit = nullptr;
  for (QAction *entry : file->actions()) {
    if (entry->shortcut() == QKeySequence(QKeySequence::Quit)) quit = entry;
  }
  file->insertAction(quit, m_workshop->workshopAction());
  file->insertActions(quit, m_lessons->fileActions());
  file->insertSeparator(quit);
  file->insertActions(quit, m_sessions->fileActions());
  file->insertSeparator(quit);
  file->insertMenu(quit, m_exports->createMenu(file));
  file->insertSeparator(quit);

  view->addSeparator();
  view->addAction(m_presentation->presentationAction());
  view->addAction(m_presentation->showClassroomAction());
  QMenu *navigate = view->addMenu(tr("&Navigate"));
  navigate->addActions(m_presentation->navigateActions());
  navigate->addSeparator();
  navigate->addActions({m_lessons->previousStepAction(), m_lessons->nextStepAction()});
  QMenu *language = view->addMenu(tr("&Language"));
  language->addActions(m_presentation->languageActions());
}

void TeachingTools::viewsUpdated() {
  const ViewState &state = *m_context.state;
  const auto analysis = state.analysis();
  if (analysis && analysis->error.isEmpty() && analysis->model == state.model()) {
    m_classroom->setInput(state.model(), analysis->source, analysis->target, state.positionalEncoding(),
                          analysis->memoryBudget);
  }
  showSelection();
  m_applier->viewsUpdated();
}

void TeachingTools::modelLoadFailed() { m_applier->modelLoadFailed(); }

void TeachingTools::showSelection() {
  const ViewState &state = *m_context.state;
  const LayerStep step = state.layerStep();
  m_classroom->setSelection(step.kind, step.layer, state.focusedHead(), std::max(state.focusToken(), 0));
}

}  // namespace ui
