#include "view_state_applier.h"

#include <algorithm>

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMainWindow>
#include <QStatusBar>
#include <QTabWidget>

#include "classroom_panel.h"
#include "classroom_walkthrough_widget.h"
#include "figure_render.h"
#include "heatmap_widget.h"
#include "job_runner.h"
#include "model_locator.h"
#include "model_overview_widget.h"
#include "view_state.h"
#include "word_graph_widget.h"

namespace ui {

namespace {

const char *const differenceToggle = "pe_difference";

std::string headToggle(int head) { return "head_" + std::to_string(head + 1) + "_visible"; }

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

// The window's tabs a view state names by the tab alone (core::view_names()), with the object name
// of the tab's page: the attention views and the classroom's pages are named apart, below.
struct TabView {
  QLatin1String view;
  QLatin1String page;
};
constexpr TabView tabViews[] = {
    {QLatin1String("heads"), QLatin1String("headAnalysis")},
    {QLatin1String("logit_lens"), QLatin1String("logitLens")},
    {QLatin1String("what_if"), QLatin1String("whatIf")},
    {QLatin1String("qk"), QLatin1String("qkPage")},
    {QLatin1String("qk_map"), QLatin1String("qkMapPage")},
    {QLatin1String("corpus_search"), QLatin1String("corpusSearchPage")},
};

// The tab of the window's tab widget that holds widget, or −1.
int tabHolding(QTabWidget *tabs, const QWidget *widget) {
  for (int index = 0; index < tabs->count(); ++index) {
    if (tabs->widget(index) == widget || tabs->widget(index)->isAncestorOf(widget)) return index;
  }
  return -1;
}

}  // namespace

ViewStateApplier::ViewStateApplier(const TeachingContext &context, ClassroomPanel *classroom, QObject *parent)
    : QObject(parent), m_context(context), m_classroom(classroom) {
  connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
    if (now == m_context.wordGraph) m_lastAttentionView = QStringLiteral("graph");
    else if (now == m_context.heatmap) m_lastAttentionView = QStringLiteral("heatmap");
  });
}

QString ViewStateApplier::currentViewName() const {
  QWidget *current = m_context.tabs->currentWidget();
  if (current == m_classroom) {
    switch (m_classroom->currentPage()) {
      case ClassroomPanel::Page::Walkthrough: return QStringLiteral("walkthrough");
      case ClassroomPanel::Page::Positional: return QStringLiteral("pe");
      case ClassroomPanel::Page::Sandbox: return QStringLiteral("sandbox");
      case ClassroomPanel::Page::LayerInspector: return QStringLiteral("layer_inspector");
      case ClassroomPanel::Page::Diagram: return QStringLiteral("diagram");
    }
  }
  if (current && (current == m_context.overview || current->isAncestorOf(m_context.overview))) {
    return QStringLiteral("grid");
  }
  for (const TabView &tab : tabViews) {
    if (current && current->objectName() == tab.page) return tab.view;
  }
  return m_lastAttentionView;
}

core::ViewState ViewStateApplier::capture() const {
  const ViewState &shown = *m_context.state;
  core::ViewState state;
  state.model = modelReference(shown.modelFolder()).toStdString();
  state.text = shown.sourceText().toStdString();
  if (shown.isEncoderDecoder()) state.target = shown.targetText().toStdString();
  state.view = currentViewName().toStdString();
  const LayerStep step = shown.layerStep();
  state.attention = shown.model() ? core::to_string(step.kind) : "";
  state.layer = step.layer;
  state.head = std::max(shown.focusedHead(), 0);
  state.focus_token = shown.focusToken();
  state.page = m_classroom->walkthrough()->page();
  state.positional_encoding = shown.positionalEncoding();
  return state;
}

ViewStateApplier::Toggles ViewStateApplier::captureToggles() const {
  const ViewState &shown = *m_context.state;
  Toggles toggles;
  toggles[differenceToggle] = shown.peDifference();
  for (int head = 0; head < shown.headCount(); ++head) toggles[headToggle(head)] = shown.visibleHeads()[head];
  return toggles;
}

void ViewStateApplier::apply(const core::ViewState &state, const QString &baseFolder, std::optional<Toggles> toggles) {
  ViewState &shown = *m_context.state;
  const QString text = QString::fromStdString(state.text);
  const QString target = QString::fromStdString(state.target);
  const QString folder = resolveModelFolder(QString::fromStdString(state.model), baseFolder);
  if (!state.model.empty() && folder.isEmpty()) {
    m_context.window->statusBar()->showMessage(
        tr("Cannot find the model “%1”; staying with the open one.").arg(QString::fromStdString(state.model)), 8000);
  }
  const bool newModel = !folder.isEmpty() && !sameFolder(folder, shown.modelFolder());
  if (!newModel && !shown.model()) return;
  m_pending = Pending{state, std::move(toggles), newModel ? folder : QString()};
  // The new model's first computation reads these; the open model's reads them at once.
  if (!text.isEmpty()) shown.setSourceText(text);
  if (newModel || shown.isEncoderDecoder()) shown.setTargetText(target);
  shown.setPositionalEncoding(state.positional_encoding);
  if (newModel) {
    m_context.openModel(folder);
    return;  // continued by viewsUpdated once the model's attention is in
  }
  finishPending();
}

void ViewStateApplier::viewsUpdated() { finishPending(); }

void ViewStateApplier::modelLoadFailed() {
  // The window has said why; the step that needed the model stops here.
  m_pending.reset();
}

bool ViewStateApplier::analysisReady() const {
  const JobRunner &runner = *m_context.runner;
  if (runner.isBusy(JobLane::Model) || runner.isBusy(JobLane::Analysis)) return false;
  if (!m_pending->folder.isEmpty() && !sameFolder(m_pending->folder, m_context.state->modelFolder())) return false;
  return m_context.state->analysisMatchesInput();
}

void ViewStateApplier::finishPending() {
  if (!m_pending || !analysisReady()) return;
  // A model of a built-in task puts its sample in the fields when it opens (MainWindow::
  // showTaskSample): the step's own text wins, and the wait goes on for the analysis of it.
  if (restoreStepText()) return;
  const Pending pending = std::move(*m_pending);
  m_pending.reset();
  applyViewParts(pending.state);
  if (pending.toggles) applyToggles(*pending.toggles);
  emit applied();
}

bool ViewStateApplier::restoreStepText() {
  ViewState &shown = *m_context.state;
  const QString text = QString::fromStdString(m_pending->state.text);
  const QString target = QString::fromStdString(m_pending->state.target);
  const bool textDiffers = !text.isEmpty() && shown.sourceText() != text;
  const bool targetDiffers = shown.isEncoderDecoder() && shown.targetText() != target;
  if (!textDiffers && !targetDiffers) return false;
  if (textDiffers) shown.setSourceText(text);
  if (targetDiffers) shown.setTargetText(target);
  return true;
}

void ViewStateApplier::applyViewParts(const core::ViewState &state) {
  ViewState &shown = *m_context.state;
  if (!shown.model()) return;
  const core::ModelSpec &config = shown.model()->spec();
  const std::vector<core::AttentionKind> kinds = attentionKinds(config);
  core::AttentionKind kind = kinds.front();
  if (const auto named = attentionKindFromName(QString::fromStdString(state.attention))) {
    if (std::find(kinds.begin(), kinds.end(), *named) != kinds.end()) kind = *named;
  }
  const int layer = std::clamp(state.layer, 0, std::max(layerCount(config, kind) - 1, 0));
  const int head = std::clamp(state.head, 0, std::max(config.heads() - 1, 0));
  if (layer != state.layer || head != state.head) {
    m_context.window->statusBar()->showMessage(tr("This model has fewer layers or heads than the step names; showing "
                                                  "layer %1, head %2.").arg(layer + 1).arg(head + 1), 8000);
  }
  shown.setLayerStep({kind, layer});
  const QString view = QString::fromStdString(state.view);
  // The word graph shows the step's head alone; the other views show every head.
  QVector<bool> visible(shown.headCount(), view != QLatin1String("graph"));
  if (head < visible.size()) visible[head] = true;
  shown.setVisibleHeads(visible);
  shown.setFocusedHead(head);

  // The tab goes through the view state, which the window's tab widget follows.
  QTabWidget *tabs = m_context.tabs;
  const auto showTab = [&shown, tabs](int index) {
    if (QWidget *page = tabs->widget(std::max(index, 0))) shown.setCurrentTab(page->objectName());
  };
  const auto named = std::find_if(std::begin(tabViews), std::end(tabViews),
                                  [&view](const TabView &tab) { return view == tab.view; });
  if (view == QLatin1String("graph") || view == QLatin1String("heatmap")) {
    showTab(tabHolding(tabs, m_context.wordGraph));
    m_lastAttentionView = view;
    (view == QLatin1String("graph") ? static_cast<QWidget *>(m_context.wordGraph) : m_context.heatmap)->setFocus();
  } else if (view == QLatin1String("grid")) {
    m_context.overview->setCurrentKind(kind);
    showTab(tabHolding(tabs, m_context.overview));
  } else if (named != std::end(tabViews)) {
    shown.setCurrentTab(named->page);
  } else {
    showTab(tabs->indexOf(m_classroom));
    if (view == QLatin1String("walkthrough")) m_classroom->showPage(ClassroomPanel::Page::Walkthrough);
    else if (view == QLatin1String("pe") || view == QLatin1String("permutation"))
      m_classroom->showPage(ClassroomPanel::Page::Positional);
    else if (view == QLatin1String("sandbox")) m_classroom->showPage(ClassroomPanel::Page::Sandbox);
    else if (view == QLatin1String("diagram")) m_classroom->showPage(ClassroomPanel::Page::Diagram);
    else m_classroom->showPage(ClassroomPanel::Page::LayerInspector);
  }
  const int rows = m_context.wordGraph->slice().rows();
  shown.setFocusToken(state.focus_token < rows ? state.focus_token : -1);
  m_classroom->walkthrough()->showPage(state.page);
}

void ViewStateApplier::applyToggles(const Toggles &toggles) {
  ViewState &shown = *m_context.state;
  if (const auto found = toggles.find(differenceToggle); found != toggles.end()) shown.setPeDifference(found->second);
  QVector<bool> visible = shown.visibleHeads();
  for (int head = 0; head < visible.size(); ++head) {
    if (const auto found = toggles.find(headToggle(head)); found != toggles.end()) visible[head] = found->second;
  }
  shown.setVisibleHeads(visible);
}

}  // namespace ui
