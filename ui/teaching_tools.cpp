#include "teaching_tools.h"

#include <algorithm>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

#include "analysis/attention_export.h"
#include "classroom_layer_inspector_widget.h"
#include "classroom_panel.h"
#include "classroom_positional_widget.h"
#include "classroom_sandbox_widget.h"
#include "classroom_walkthrough_widget.h"
#include "tensor/errors.h"
#include "figure_export.h"
#include "figure_render.h"
#include "head_chips_widget.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "language.h"
#include "lesson_bar.h"
#include "main_window.h"
#include "model/model_input.h"
#include "model_locator.h"
#include "model_overview_widget.h"
#include "presentation_mode.h"
#include "thumbnail_grid.h"
#include "word_graph_widget.h"

namespace ui {

namespace {

namespace keys {
const char *const saveFolder = "files/saveFolder";
const char *const dpi = "export/dpi";
}  // namespace keys

const char *const differenceToggle = "pe_difference";

std::string headToggle(int head) { return "head_" + std::to_string(head + 1) + "_visible"; }

QByteArray readFile(const QString &path, QString &error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    error = QObject::tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
  }
  return file.readAll();
}

bool sameFolder(const QString &a, const QString &b) {
  return !a.isEmpty() && !b.isEmpty() && QFileInfo(a).canonicalFilePath() == QFileInfo(b).canonicalFilePath();
}

// A lesson names a bundled model by its folder name, so the file works on every machine.
QString modelReference(const QString &folder) {
  if (folder.isEmpty()) return {};
  const QString parent = QFileInfo(QFileInfo(folder).absolutePath()).canonicalFilePath();
  for (const QString &search : modelSearchFolders()) {
    if (!parent.isEmpty() && QFileInfo(search).canonicalFilePath() == parent) return QFileInfo(folder).fileName();
  }
  return QFileInfo(folder).absoluteFilePath();
}

QString resolveModelFolder(const QString &reference, const QString &baseFolder) {
  if (reference.isEmpty()) return {};
  if (QFileInfo(reference).isAbsolute()) return looksLikeModelFolder(reference) ? reference : QString();
  QStringList candidates;
  if (!baseFolder.isEmpty()) candidates << QDir(baseFolder).filePath(reference);
  for (const QString &search : modelSearchFolders()) candidates << QDir(search).filePath(reference);
  candidates << QDir::current().absoluteFilePath(reference);
  for (const QString &candidate : candidates) {
    if (looksLikeModelFolder(candidate)) return QDir::cleanPath(candidate);
  }
  return {};
}

std::optional<core::AttentionKind> kindFromName(const std::string &name) {
  return attentionKindFromName(QString::fromStdString(name));
}

// The tab of the window's tab widget that holds widget, or −1.
int tabHolding(QTabWidget *tabs, const QWidget *widget) {
  for (int index = 0; index < tabs->count(); ++index) {
    if (tabs->widget(index) == widget || tabs->widget(index)->isAncestorOf(widget)) return index;
  }
  return -1;
}

}  // namespace

TeachingTools::TeachingTools(MainWindow *window)
    : QObject(window),
      m_window(window),
      m_classroom(new ClassroomPanel(window)),
      m_presentation(new PresentationMode(window)),
      m_lessonBar(new LessonBar(window)),
      m_lessonToolBar(new QToolBar(tr("Lesson"), window)) {
  setObjectName(QStringLiteral("teachingTools"));
  QTabWidget *tabs = m_window->tabs();
  tabs->addTab(m_classroom, tr("Classroom"));
  tabs->setTabToolTip(tabs->indexOf(m_classroom),
                      tr("The lecture's steps with this model's numbers: walkthrough, positional encoding, sandbox, "
                         "Add & Norm (Ctrl+5)"));

  m_lessonToolBar->setObjectName(QStringLiteral("lessonToolBar"));
  m_lessonToolBar->setMovable(false);
  m_lessonToolBar->addWidget(m_lessonBar);
  m_window->addToolBar(Qt::BottomToolBarArea, m_lessonToolBar);
  m_lessonToolBar->hide();

  createActions();
  createMenus();

  connect(m_window, &MainWindow::viewsUpdated, this, &TeachingTools::viewsUpdated);
  connect(m_window, &MainWindow::modelLoadFailed, this, [this] {
    // The window has said why; the step that needed the model stops here.
    m_pending.reset();
  });
  connect(m_window->wordGraph(), &WordGraphWidget::tokenFocused, this, &TeachingTools::tokenFocused);
  connect(tabs, &QTabWidget::currentChanged, this, &TeachingTools::updatePageKeys);
  connect(m_classroom, &QTabWidget::currentChanged, this, &TeachingTools::updatePageKeys);
  connect(m_presentation, &PresentationMode::activeChanged, this, &TeachingTools::presentationChanged);
  connect(m_lessonBar, &LessonBar::stepChosen, this, &TeachingTools::showLessonStep);
  connect(m_lessonBar, &LessonBar::recordRequested, this, &TeachingTools::recordStep);
  connect(m_lessonBar, &LessonBar::closeRequested, this, &TeachingTools::closeLesson);
  connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
    if (now == m_window->wordGraph()) m_lastAttentionView = QStringLiteral("graph");
    else if (now == m_window->heatmap()) m_lastAttentionView = QStringLiteral("heatmap");
  });

  // Every view offers its own figure on right-click.
  const QList<QWidget *> figures = {m_window->wordGraph(), m_window->heatmap(), m_window->overview()->grid(),
                                    m_window->smallMultiples(), m_classroom->walkthrough(), m_classroom->positional(),
                                    m_classroom->sandbox(), m_classroom->layerInspector()};
  for (QWidget *figure : figures) {
    figure->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(figure, &QWidget::customContextMenuRequested, this,
            [this, figure](const QPoint &position) { showFigureMenu(figure, position); });
  }
  m_window->installEventFilter(this);
  updatePageKeys();
}

void TeachingTools::createActions() {
  const auto action = [this](const QString &text, const QKeySequence &shortcut, const QString &tip) {
    auto *created = new QAction(text, this);
    if (!shortcut.isEmpty()) created->setShortcut(shortcut);
    created->setToolTip(tip);
    created->setStatusTip(tip);
    return created;
  };
  m_openLesson = action(tr("Open &Lesson…"), QKeySequence(Qt::CTRL | Qt::Key_L),
                        tr("Open a lesson file and replay its steps (Ctrl+L)"));
  connect(m_openLesson, &QAction::triggered, this, &TeachingTools::chooseLesson);
  m_openLecture = action(tr("Open the Lecture &Lesson"), {},
                         tr("The bundled lesson that follows the self-attention lecture step by step"));
  connect(m_openLecture, &QAction::triggered, this, [this] { openLesson(lectureLessonPath()); });
  m_saveLesson = action(tr("Save Lesson &As…"), {}, tr("Save the lesson, with the steps recorded so far"));
  connect(m_saveLesson, &QAction::triggered, this, &TeachingTools::chooseLessonToSave);
  m_recordStep = action(tr("&Record Lesson Step"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                        tr("Add what the window shows now as the lesson's next step (Ctrl+Shift+R)"));
  connect(m_recordStep, &QAction::triggered, this, &TeachingTools::recordStep);
  m_nextStep = action(tr("Next Lesson Step"), QKeySequence(Qt::ALT | Qt::Key_Right), tr("Next step of the lesson (Alt+→)"));
  connect(m_nextStep, &QAction::triggered, m_lessonBar, &LessonBar::next);
  m_previousStep = action(tr("Previous Lesson Step"), QKeySequence(Qt::ALT | Qt::Key_Left),
                          tr("Previous step of the lesson (Alt+←)"));
  connect(m_previousStep, &QAction::triggered, m_lessonBar, &LessonBar::back);

  m_openSession = action(tr("Open &Session…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                         tr("Reopen a saved working state: model, text, view, layer, head and toggles (Ctrl+Shift+O)"));
  connect(m_openSession, &QAction::triggered, this, &TeachingTools::chooseSession);
  m_saveSession = action(tr("Save S&ession…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                         tr("Save the whole working state to a file (Ctrl+Shift+S)"));
  connect(m_saveSession, &QAction::triggered, this, &TeachingTools::chooseSessionToSave);

  m_exportPng = action(tr("Figure as &PNG…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                       tr("Save the view on screen as a PNG at a chosen resolution (Ctrl+Shift+E)"));
  connect(m_exportPng, &QAction::triggered, this,
          [this] { chooseFigureFile(currentFigure(), QStringLiteral("png")); });
  m_exportSvg = action(tr("Figure as &SVG…"), {}, tr("Save the view on screen as a scalable SVG drawing"));
  connect(m_exportSvg, &QAction::triggered, this,
          [this] { chooseFigureFile(currentFigure(), QStringLiteral("svg")); });
  m_copyFigure = action(tr("&Copy Figure"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                        tr("Copy the view on screen to the clipboard as an image (Ctrl+Shift+C)"));
  connect(m_copyFigure, &QAction::triggered, this, [this] { copyFigure(currentFigure()); });
  m_exportCsv = action(tr("Attention as &CSV…"), {}, tr("The current layer's α̂ for every head, one row per query"));
  connect(m_exportCsv, &QAction::triggered, this, [this] { chooseAttentionFile(QStringLiteral("csv")); });
  m_exportJson = action(tr("Attention as &JSON…"), {}, tr("The current layer's α̂ with its tokens, as JSON"));
  connect(m_exportJson, &QAction::triggered, this, [this] { chooseAttentionFile(QStringLiteral("json")); });
  m_exportNpy = action(tr("Attention as &NumPy .npy…"), {},
                       tr("The current layer's α̂ as a float32 array of shape (heads, queries, keys)"));
  connect(m_exportNpy, &QAction::triggered, this, [this] { chooseAttentionFile(QStringLiteral("npy")); });

  m_presentationAction = action(tr("&Presentation Mode"), QKeySequence(Qt::Key_F5),
                                tr("Full screen, large type, high-contrast colour-blind-safe colours and keyboard "
                                   "navigation (F5; Esc leaves)"));
  m_presentationAction->setCheckable(true);
  connect(m_presentationAction, &QAction::toggled, m_presentation, &PresentationMode::setActive);
  m_leavePresentation = action(tr("Leave Presentation Mode"), QKeySequence(Qt::Key_Escape), {});
  m_leavePresentation->setEnabled(false);
  connect(m_leavePresentation, &QAction::triggered, this, [this] { m_presentation->setActive(false); });
  m_window->addAction(m_leavePresentation);

  m_showClassroom = action(tr("&Classroom"), QKeySequence(Qt::CTRL | Qt::Key_5),
                           tr("The walkthrough, positional encoding, sandbox and Add & Norm (Ctrl+5)"));
  connect(m_showClassroom, &QAction::triggered, this, [this] { m_window->tabs()->setCurrentWidget(m_classroom); });

  m_previousHead = action(tr("Previous &Head"), QKeySequence(Qt::Key_BracketLeft), tr("Show the previous head ([)"));
  connect(m_previousHead, &QAction::triggered, this, [this] { stepHead(-1); });
  m_nextHead = action(tr("Next H&ead"), QKeySequence(Qt::Key_BracketRight), tr("Show the next head (])"));
  connect(m_nextHead, &QAction::triggered, this, [this] { stepHead(+1); });
  m_previousToken = action(tr("Previous &Token"), QKeySequence(Qt::Key_Up),
                           tr("Move the pointer highlight to the previous query token (↑, presentation mode)"));
  connect(m_previousToken, &QAction::triggered, this, [this] { stepToken(-1); });
  m_nextToken = action(tr("Next T&oken"), QKeySequence(Qt::Key_Down),
                       tr("Move the pointer highlight to the next query token (↓, presentation mode)"));
  connect(m_nextToken, &QAction::triggered, this, [this] { stepToken(+1); });
  // Arrow keys move the cursor in the text fields and lists outside presentation mode.
  m_previousToken->setEnabled(false);
  m_nextToken->setEnabled(false);
  for (int head = 0; head < 9; ++head) {
    QAction *key = action(tr("Head %1").arg(head + 1), QKeySequence(Qt::Key_1 + head), {});
    key->setEnabled(false);
    connect(key, &QAction::triggered, this, [this, head] { showHead(head); });
    m_window->addAction(key);
    m_headKeys << key;
  }

  m_languages = new QActionGroup(this);
  const QString chosen = chosenLanguage();
  for (const QString &code : languageCodes()) {
    QAction *language = m_languages->addAction(languageName(code));
    language->setCheckable(true);
    language->setChecked(code == chosen);
    language->setData(code);
    connect(language, &QAction::triggered, this, [this, code] {
      setChosenLanguage(code);
      auto *box = new QMessageBox(QMessageBox::Information, tr("Language"),
                                  tr("AttentionScope will use %1 from its next start.").arg(languageName(code)),
                                  QMessageBox::Ok, m_window);
      box->setObjectName(QStringLiteral("languageBox"));
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    });
  }
}

void TeachingTools::createMenus() {
  // Inserted before Quit, so the window's own entries keep their places.
  if (auto *file = m_window->findChild<QMenu *>(QStringLiteral("fileMenu"))) {
    QAction *quit = nullptr;
    for (QAction *entry : file->actions()) {
      if (entry->shortcut() == QKeySequence(QKeySequence::Quit)) quit = entry;
    }
    QMenu *exportMenu = new QMenu(tr("&Export"), file);
    exportMenu->addActions({m_exportPng, m_exportSvg, m_copyFigure});
    exportMenu->addSeparator();
    exportMenu->addActions({m_exportCsv, m_exportJson, m_exportNpy});
    file->insertActions(quit, {m_openLesson, m_openLecture, m_saveLesson, m_recordStep});
    file->insertSeparator(quit);
    file->insertActions(quit, {m_openSession, m_saveSession});
    file->insertSeparator(quit);
    file->insertMenu(quit, exportMenu);
    file->insertSeparator(quit);
  }
  if (auto *view = m_window->findChild<QMenu *>(QStringLiteral("viewMenu"))) {
    view->addSeparator();
    view->addAction(m_presentationAction);
    view->addAction(m_showClassroom);
    QMenu *navigate = view->addMenu(tr("&Navigate"));
    navigate->addActions({m_previousHead, m_nextHead, m_previousToken, m_nextToken});
    navigate->addSeparator();
    navigate->addActions({m_previousStep, m_nextStep});
    QMenu *language = view->addMenu(tr("&Language"));
    language->addActions(m_languages->actions());
  }
}

// --- following the window --------------------------------------------------------------------

void TeachingTools::viewsUpdated() {
  const auto analysis = m_window->analysis();
  if (analysis && analysis->error.isEmpty() && analysis->model == m_window->model()) {
    m_classroom->setInput(m_window->model(), analysis->source, analysis->target,
                          m_window->positionalEncodingAction()->isChecked());
  }
  // The focused token survives while the sentence is long enough.
  const int rows = m_window->wordGraph()->slice().rows();
  if (m_focusToken >= rows) m_focusToken = -1;
  setFocusToken(m_focusToken);
  finishPendingState();
}

void TeachingTools::tokenFocused() {
  const TokenRef pinned = m_window->wordGraph()->pinnedToken();
  const int token = pinned.valid() && pinned.side == TokenSide::Query ? pinned.index : -1;
  if (token != m_focusToken) setFocusToken(token);
}

void TeachingTools::setFocusToken(int token) {
  m_focusToken = token;
  WordGraphWidget *graph = m_window->wordGraph();
  if (token >= 0) graph->setPinnedToken({TokenSide::Query, token});
  else if (graph->pinnedToken().side == TokenSide::Query) graph->setPinnedToken({});
  m_window->heatmap()->setHighlightedQuery(token);
  const LayerStep step = m_window->currentStep();
  m_classroom->setSelection(step.kind, step.layer, m_window->headChips()->focusedHead(), std::max(token, 0));
}

void TeachingTools::updatePageKeys() {
  // Page Up/Down turn the walkthrough's pages while it is on screen, and step layers elsewhere.
  const bool walkthrough = m_window->tabs()->currentWidget() == m_classroom &&
                           m_classroom->currentPage() == ClassroomPanel::Page::Walkthrough;
  QAction *previous = m_window->previousLayerAction();
  QAction *next = m_window->nextLayerAction();
  previous->setShortcuts(walkthrough ? QList<QKeySequence>{QKeySequence(Qt::Key_Left)}
                                     : QList<QKeySequence>{QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)});
  next->setShortcuts(walkthrough ? QList<QKeySequence>{QKeySequence(Qt::Key_Right)}
                                 : QList<QKeySequence>{QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
}

// --- presentation and keyboard navigation ------------------------------------------------------

void TeachingTools::presentationChanged(bool active) {
  {
    const QSignalBlocker blocker(m_presentationAction);
    m_presentationAction->setChecked(active);
  }
  m_leavePresentation->setEnabled(active);
  m_previousToken->setEnabled(active);
  m_nextToken->setEnabled(active);
  for (QAction *key : m_headKeys) key->setEnabled(active);
  if (active) {
    // Keys go to the window's actions, not to a text field that would swallow digits and arrows.
    m_window->tabs()->setFocus();
    if (m_focusToken < 0 && m_window->wordGraph()->slice().rows() > 0) setFocusToken(0);
  }
  if (!m_lessonBar->lesson().steps.empty() || m_lessonToolBar->isVisible()) showLessonBar(true);
  // Thumbnails are images in the old colours: draw everything again.
  m_window->refreshAllViews();
}

void TeachingTools::stepHead(int delta) {
  HeadChipsWidget *chips = m_window->headChips();
  if (chips->headCount() == 0) return;
  showHead(std::clamp(chips->focusedHead() + delta, 0, chips->headCount() - 1));
}

void TeachingTools::showHead(int head) {
  HeadChipsWidget *chips = m_window->headChips();
  if (head < 0 || head >= chips->headCount()) return;
  // One head alone stays one head alone; otherwise only the heatmap's head changes.
  const auto visible = static_cast<int>(std::count(chips->visibleHeads().begin(), chips->visibleHeads().end(), true));
  if (visible == 1) chips->showHeadAlone(head);
  else chips->setFocusedHead(head);
}

void TeachingTools::stepToken(int delta) {
  const int rows = m_window->wordGraph()->slice().rows();
  if (rows == 0) return;
  const int token = m_focusToken < 0 ? (delta > 0 ? 0 : rows - 1) : std::clamp(m_focusToken + delta, 0, rows - 1);
  setFocusToken(token);
}

bool TeachingTools::eventFilter(QObject *watched, QEvent *event) {
  // Leave presentation mode before the window saves its geometry, or the next start is full screen.
  if (watched == m_window && event->type() == QEvent::Close && m_presentation->isActive()) {
    m_presentation->setActive(false);
  }
  return QObject::eventFilter(watched, event);
}

// --- view states ----------------------------------------------------------------------------------

QString TeachingTools::currentViewName() const {
  QWidget *current = m_window->tabs()->currentWidget();
  if (current == m_classroom) {
    switch (m_classroom->currentPage()) {
      case ClassroomPanel::Page::Walkthrough: return QStringLiteral("walkthrough");
      case ClassroomPanel::Page::Positional: return QStringLiteral("pe");
      case ClassroomPanel::Page::Sandbox: return QStringLiteral("sandbox");
      case ClassroomPanel::Page::LayerInspector: return QStringLiteral("layer_inspector");
    }
  }
  if (current && (current == m_window->overview() || current->isAncestorOf(m_window->overview()))) {
    return QStringLiteral("grid");
  }
  return m_lastAttentionView;
}

core::ViewState TeachingTools::captureViewState() const {
  core::ViewState state;
  state.model = modelReference(m_window->modelFolder()).toStdString();
  state.text = m_window->inputPanel()->sourceText().toStdString();
  const bool encoderDecoder =
      m_window->model() && m_window->model()->spec().architecture == core::Architecture::EncoderDecoder;
  if (encoderDecoder) state.target = m_window->inputPanel()->targetText().toStdString();
  state.view = currentViewName().toStdString();
  const LayerStep step = m_window->currentStep();
  state.attention = m_window->model() ? core::to_string(step.kind) : "";
  state.layer = step.layer;
  state.head = std::max(m_window->headChips()->focusedHead(), 0);
  state.focus_token = m_focusToken;
  state.page = m_classroom->walkthrough()->page();
  state.positional_encoding = m_window->positionalEncodingAction()->isChecked();
  return state;
}

void TeachingTools::applyViewState(const core::ViewState &state, const QString &baseFolder) {
  m_pending = Pending{state, std::nullopt};
  InputPanel *input = m_window->inputPanel();
  QAction *pe = m_window->positionalEncodingAction();
  const QString text = QString::fromStdString(state.text);
  const QString target = QString::fromStdString(state.target);
  const QString folder = resolveModelFolder(QString::fromStdString(state.model), baseFolder);
  if (!state.model.empty() && folder.isEmpty()) {
    m_window->statusBar()->showMessage(
        tr("Cannot find the model “%1”; staying with the open one.").arg(QString::fromStdString(state.model)), 8000);
  }
  if (!folder.isEmpty() && !sameFolder(folder, m_window->modelFolder())) {
    // The new model's first computation reads these, so they change without a computation of their own.
    {
      const QSignalBlocker source(input->sourceEdit());
      const QSignalBlocker targetEdit(input->targetEdit());
      const QSignalBlocker encoding(pe);
      if (!text.isEmpty()) input->sourceEdit()->setText(text);
      input->targetEdit()->setText(target);
      pe->setChecked(state.positional_encoding);
    }
    m_window->openModel(folder);
    return;  // continued by viewsUpdated once the model's attention is in
  }
  if (!m_window->model()) {
    m_pending.reset();
    return;
  }
  const bool encoderDecoder = m_window->model()->spec().architecture == core::Architecture::EncoderDecoder;
  if (!text.isEmpty() && input->sourceText() != text) input->setSourceText(text);
  if (encoderDecoder && input->targetText() != target) input->setTargetText(target);
  if (pe->isChecked() != state.positional_encoding) pe->setChecked(state.positional_encoding);
  finishPendingState();
}

bool TeachingTools::analysisMatches(const core::ViewState &state) const {
  const auto analysis = m_window->analysis();
  if (!analysis || m_window->isComputing() || analysis->model != m_window->model()) return false;
  if (!analysis->error.isEmpty()) return true;  // nothing more will come for this text
  if (!analysis->trace(state.positional_encoding)) return false;
  const core::Model &model = *analysis->model;
  const core::ModelSpec &config = model.spec();
  const std::string text = m_window->inputPanel()->sourceText().toStdString();
  try {
    if (config.has_encoder()) {
      if (core::tokenize_input(model, core::InputSide::Source, text).ids != analysis->source.ids) return false;
    } else if (core::tokenize_input(model, core::InputSide::Target, text).ids != analysis->target.ids) {
      return false;
    }
    const std::string target = m_window->inputPanel()->targetText().toStdString();
    if (config.architecture == core::Architecture::EncoderDecoder && !target.empty() &&
        core::tokenize_input(model, core::InputSide::Target, target).ids != analysis->target.ids) {
      return false;
    }
  } catch (const std::exception &) {
    return false;  // the text cannot be read, so the result in hand is not for it
  }
  return true;
}

void TeachingTools::finishPendingState() {
  if (!m_pending || !analysisMatches(m_pending->state)) return;
  const Pending pending = std::move(*m_pending);
  m_pending.reset();
  applyViewParts(pending.state);
  if (pending.toggles) applyToggles(*pending.toggles);
  emit viewStateApplied();
}

void TeachingTools::applyViewParts(const core::ViewState &state) {
  if (!m_window->model()) return;
  const core::ModelSpec &config = m_window->model()->spec();
  const std::vector<core::AttentionKind> kinds = attentionKinds(config);
  core::AttentionKind kind = kinds.front();
  if (const auto named = kindFromName(state.attention)) {
    if (std::find(kinds.begin(), kinds.end(), *named) != kinds.end()) kind = *named;
  }
  const int layer = std::clamp(state.layer, 0, std::max(layerCount(config, kind) - 1, 0));
  const int head = std::clamp(state.head, 0, std::max(config.heads() - 1, 0));
  if (layer != state.layer || head != state.head) {
    m_window->statusBar()->showMessage(tr("This model has fewer layers or heads than the step names; showing "
                                          "layer %1, head %2.").arg(layer + 1).arg(head + 1), 8000);
  }
  m_window->showLayerStep({kind, layer});
  HeadChipsWidget *chips = m_window->headChips();
  const QString view = QString::fromStdString(state.view);
  if (view == QLatin1String("graph")) {
    chips->showHeadAlone(head);
  } else {
    chips->showAllHeads();
    chips->setFocusedHead(head);
  }

  QTabWidget *tabs = m_window->tabs();
  if (view == QLatin1String("graph") || view == QLatin1String("heatmap")) {
    tabs->setCurrentIndex(std::max(tabHolding(tabs, m_window->wordGraph()), 0));
    m_lastAttentionView = view;
    (view == QLatin1String("graph") ? static_cast<QWidget *>(m_window->wordGraph()) : m_window->heatmap())->setFocus();
  } else if (view == QLatin1String("grid")) {
    m_window->overview()->setCurrentKind(kind);
    tabs->setCurrentIndex(std::max(tabHolding(tabs, m_window->overview()), 0));
  } else {
    tabs->setCurrentWidget(m_classroom);
    if (view == QLatin1String("walkthrough")) m_classroom->showPage(ClassroomPanel::Page::Walkthrough);
    else if (view == QLatin1String("pe") || view == QLatin1String("permutation"))
      m_classroom->showPage(ClassroomPanel::Page::Positional);
    else if (view == QLatin1String("sandbox")) m_classroom->showPage(ClassroomPanel::Page::Sandbox);
    else m_classroom->showPage(ClassroomPanel::Page::LayerInspector);
  }
  const int rows = m_window->wordGraph()->slice().rows();
  setFocusToken(state.focus_token < rows ? state.focus_token : -1);
  m_classroom->walkthrough()->showPage(state.page);
}

void TeachingTools::applyToggles(const std::map<std::string, bool> &toggles) {
  if (const auto found = toggles.find(differenceToggle); found != toggles.end()) {
    m_window->differenceAction()->setChecked(found->second);
  }
  HeadChipsWidget *chips = m_window->headChips();
  const int focused = chips->focusedHead();
  const QVector<bool> visible = chips->visibleHeads();
  for (int head = 0; head < chips->headCount(); ++head) {
    const auto found = toggles.find(headToggle(head));
    if (found != toggles.end() && found->second != visible[head]) chips->toggleHead(head);
  }
  chips->setFocusedHead(focused);
}

// --- lessons ------------------------------------------------------------------------------------

QString TeachingTools::openLesson(const QString &path) {
  QString error;
  const QByteArray bytes = readFile(path, error);
  if (!error.isEmpty()) return showError(tr("Cannot Open Lesson"), error);
  const core::LessonFile file = core::read_lesson(bytes.toStdString());
  if (!file.error.empty()) {
    return showError(tr("Cannot Open Lesson"), tr("%1 is damaged: %2")
                                                   .arg(QDir::toNativeSeparators(path), QString::fromStdString(file.error)));
  }
  if (file.lesson.steps.empty()) return showError(tr("Cannot Open Lesson"), tr("%1 has no steps.").arg(path));
  // A lesson in the resources names bundled models only.
  m_lessonFolder = path.startsWith(QLatin1Char(':')) ? QString() : QFileInfo(path).absolutePath();
  m_lessonBar->setLesson(file.lesson);
  showLessonBar(true);
  m_lessonBar->showStep(0);
  return {};
}

QString TeachingTools::saveLesson(const QString &path) {
  core::Lesson lesson = m_lessonBar->lesson();
  if (lesson.steps.empty()) return showError(tr("Cannot Save Lesson"), tr("The lesson has no steps: record one first."));
  const QString error = writeFileAtomically(path, QByteArray::fromStdString(core::write_lesson(lesson)));
  if (!error.isEmpty()) return showError(tr("Cannot Save Lesson"), error);
  m_window->statusBar()->showMessage(tr("Saved the lesson to %1").arg(QDir::toNativeSeparators(path)), 4000);
  return {};
}

void TeachingTools::showLessonStep(int index) {
  const std::vector<core::LessonStep> &steps = m_lessonBar->lesson().steps;
  if (index < 0 || index >= static_cast<int>(steps.size())) return;
  applyViewState(steps[static_cast<std::size_t>(index)].state, m_lessonFolder);
  emit lessonStepShown(index);
}

void TeachingTools::recordStep() {
  if (!m_window->model()) return;
  core::LessonStep step;
  step.state = captureViewState();
  step.caption = m_lessonBar->draftCaption().toStdString();
  m_lessonBar->appendStep(step);
  showLessonBar(true);
  m_window->statusBar()->showMessage(tr("Recorded step %1").arg(m_lessonBar->stepCount()), 3000);
}

void TeachingTools::closeLesson() {
  m_lessonBar->setLesson({});
  m_lessonFolder.clear();
  showLessonBar(false);
}

void TeachingTools::showLessonBar(bool show) { m_lessonToolBar->setVisible(show); }

// --- sessions -----------------------------------------------------------------------------------

core::Session TeachingTools::currentSession() const {
  core::Session session;
  session.state = captureViewState();
  session.toggles[differenceToggle] = m_window->differenceAction()->isChecked();
  const QVector<bool> &visible = m_window->headChips()->visibleHeads();
  for (int head = 0; head < visible.size(); ++head) session.toggles[headToggle(head)] = visible[head];
  // A session names its model by path: it records this machine's work, not a portable lesson.
  session.state.model = m_window->modelFolder().isEmpty() ? std::string()
                                                          : QFileInfo(m_window->modelFolder()).absoluteFilePath().toStdString();
  return session;
}

QString TeachingTools::saveSession(const QString &path) {
  const QString error = writeFileAtomically(path, QByteArray::fromStdString(core::write_session(currentSession())));
  if (!error.isEmpty()) return showError(tr("Cannot Save Session"), error);
  m_window->statusBar()->showMessage(tr("Saved the session to %1").arg(QDir::toNativeSeparators(path)), 4000);
  return {};
}

QString TeachingTools::openSession(const QString &path) {
  QString error;
  const QByteArray bytes = readFile(path, error);
  if (!error.isEmpty()) return showError(tr("Cannot Open Session"), error);
  const core::SessionFile file = core::read_session(bytes.toStdString());
  if (!file.error.empty()) {
    // The window keeps what it shows; nothing of the damaged file is applied.
    return showError(tr("Cannot Open Session"),
                     tr("%1 is damaged, so nothing was changed: %2")
                         .arg(QDir::toNativeSeparators(path), QString::fromStdString(file.error)));
  }
  applyViewState(file.session.state, QFileInfo(path).absolutePath());
  if (m_pending) m_pending->toggles = file.session.toggles;
  else applyToggles(file.session.toggles);
  return {};
}

// --- files and dialogs ----------------------------------------------------------------------------

QString TeachingTools::showError(const QString &title, const QString &message) {
  auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, m_window);
  box->setObjectName(QStringLiteral("teachingErrorBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
  emit messageShown(message);
  return message;
}

QString TeachingTools::saveFolder() const {
  // Never a model folder by default: files go where the user saved last, else Documents.
  const QString last = QSettings().value(keys::saveFolder).toString();
  if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
  return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void TeachingTools::rememberSaveFolder(const QString &path) {
  QSettings().setValue(keys::saveFolder, QFileInfo(path).absolutePath());
}

QString TeachingTools::suggestedName(const QString &what, const QString &suffix) const {
  const QString model = m_window->model() ? QString::fromStdString(m_window->model()->spec().name)
                                          : QStringLiteral("attnscope");
  const LayerStep step = m_window->currentStep();
  const QString name = QStringLiteral("%1-%2-%3-layer%4-head%5.%6")
                           .arg(model, what, QString::fromLatin1(core::to_string(step.kind)))
                           .arg(step.layer + 1)
                           .arg(m_window->headChips()->focusedHead() + 1)
                           .arg(suffix);
  return QDir(saveFolder()).filePath(name);
}

void TeachingTools::chooseLesson() {
  const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Lesson"), saveFolder(),
                                                    tr("Lessons (*.json);;All files (*)"));
  if (!path.isEmpty()) openLesson(path);
}

void TeachingTools::chooseLessonToSave() {
  if (m_lessonBar->lesson().title.empty()) {
    bool ok = false;
    const QString title = QInputDialog::getText(m_window, tr("Save Lesson"), tr("Lesson title:"), QLineEdit::Normal,
                                                QString(), &ok);
    if (!ok) return;
    m_lessonBar->setTitle(title);
  }
  // QFileDialog asks before replacing an existing file.
  const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Lesson"), QDir(saveFolder()).filePath(QStringLiteral("lesson.json")),
                                                    tr("Lessons (*.json)"));
  if (path.isEmpty()) return;
  rememberSaveFolder(path);
  saveLesson(path);
}

void TeachingTools::chooseSession() {
  const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Session"), saveFolder(),
                                                    tr("Sessions (*.json);;All files (*)"));
  if (!path.isEmpty()) openSession(path);
}

void TeachingTools::chooseSessionToSave() {
  const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Session"),
                                                    QDir(saveFolder()).filePath(QStringLiteral("session.json")),
                                                    tr("Sessions (*.json)"));
  if (path.isEmpty()) return;
  rememberSaveFolder(path);
  saveSession(path);
}

QWidget *TeachingTools::currentFigure() const {
  const QString view = currentViewName();
  if (view == QLatin1String("graph")) return m_window->wordGraph();
  if (view == QLatin1String("heatmap")) return m_window->heatmap();
  if (view == QLatin1String("grid")) return m_window->overview()->grid();
  if (m_window->tabs()->currentWidget() == m_classroom) {
    switch (m_classroom->currentPage()) {
      case ClassroomPanel::Page::Walkthrough: return m_classroom->walkthrough();
      case ClassroomPanel::Page::Positional: return m_classroom->positional();
      case ClassroomPanel::Page::Sandbox: return m_classroom->sandbox();
      case ClassroomPanel::Page::LayerInspector: return m_classroom->layerInspector();
    }
  }
  return m_window->tabs()->currentWidget();
}

QString TeachingTools::exportFigure(QWidget *figure, const QString &path, double dpi) {
  if (!figure) return showError(tr("Cannot Export"), tr("There is no view to export."));
  const QString suffix = QFileInfo(path).suffix().toLower();
  QString error;
  if (suffix == QLatin1String("svg")) {
    error = exportSvg(figure, path, m_window->windowTitle());
  } else if (suffix == QLatin1String("png")) {
    error = exportPng(figure, path, dpi);
  } else {
    error = tr("Cannot tell the format of %1: name it .png or .svg.").arg(path);
  }
  if (!error.isEmpty()) return showError(tr("Cannot Export"), error);
  m_window->statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
  return {};
}

QString TeachingTools::exportAttention(const QString &path) {
  const AttentionSlice &slice = m_window->wordGraph()->slice();
  if (slice.empty()) return showError(tr("Cannot Export"), tr("There is no attention to export yet."));
  core::AttentionExport attention;
  for (const TokenLabel &token : slice.queries.tokens) attention.query_tokens.push_back(token.text.toStdString());
  for (const TokenLabel &token : slice.keys.tokens) attention.key_tokens.push_back(token.text.toStdString());
  attention.heads = slice.heads;
  const QString suffix = QFileInfo(path).suffix().toLower();
  std::string bytes;
  try {
    if (suffix == QLatin1String("csv")) bytes = core::attention_csv(attention);
    else if (suffix == QLatin1String("json")) bytes = core::attention_json(attention);
    else if (suffix == QLatin1String("npy")) bytes = core::attention_npy(attention);
    else return showError(tr("Cannot Export"), tr("Cannot tell the format of %1: name it .csv, .json or .npy.").arg(path));
  } catch (const core::InputError &e) {
    return showError(tr("Cannot Export"), QString::fromStdString(e.what()));
  }
  const QString error = writeFileAtomically(path, QByteArray::fromStdString(bytes));
  if (!error.isEmpty()) return showError(tr("Cannot Export"), error);
  m_window->statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
  return {};
}

void TeachingTools::chooseFigureFile(QWidget *figure, const QString &format) {
  if (!figure) return;
  const bool png = format == QLatin1String("png");
  const QString path = QFileDialog::getSaveFileName(m_window, png ? tr("Export Figure as PNG") : tr("Export Figure as SVG"),
                                                    suggestedName(QStringLiteral("figure"), format),
                                                    png ? tr("PNG images (*.png)") : tr("SVG drawings (*.svg)"));
  if (path.isEmpty()) return;
  double dpi = 96;
  if (png) {
    bool ok = false;
    const int chosen = QInputDialog::getInt(m_window, tr("Export Figure as PNG"),
                                            tr("Resolution in dots per inch (96 is the screen's; 300 for print):"),
                                            QSettings().value(keys::dpi, 192).toInt(), 72, 1200, 24, &ok);
    if (!ok) return;
    QSettings().setValue(keys::dpi, chosen);
    dpi = chosen;
  }
  rememberSaveFolder(path);
  exportFigure(figure, path, dpi);
}

void TeachingTools::chooseAttentionFile(const QString &format) {
  const QString filter = format == QLatin1String("csv")    ? tr("CSV tables (*.csv)")
                         : format == QLatin1String("json") ? tr("JSON files (*.json)")
                                                           : tr("NumPy arrays (*.npy)");
  const QString path = QFileDialog::getSaveFileName(m_window, tr("Export Attention"),
                                                    suggestedName(QStringLiteral("attention"), format), filter);
  if (path.isEmpty()) return;
  rememberSaveFolder(path);
  exportAttention(path);
}

void TeachingTools::copyFigure(QWidget *figure) {
  if (!figure) return;
  copyFigureToClipboard(figure, QSettings().value(keys::dpi, 192).toDouble());
  m_window->statusBar()->showMessage(tr("Copied the figure to the clipboard"), 3000);
}

void TeachingTools::showFigureMenu(QWidget *figure, const QPoint &position) {
  QMenu menu(m_window);
  menu.addAction(tr("Export as PNG…"), this, [this, figure] { chooseFigureFile(figure, QStringLiteral("png")); });
  menu.addAction(tr("Export as SVG…"), this, [this, figure] { chooseFigureFile(figure, QStringLiteral("svg")); });
  menu.addAction(tr("Copy Image"), this, [this, figure] { copyFigure(figure); });
  menu.exec(figure->mapToGlobal(position));
}

}  // namespace ui
