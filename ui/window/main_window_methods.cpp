// The method switch (raw | norm | value zeroing | rollout | flow, docs/methods.md) in the main
// toolbar, and the Logit lens tab. The MethodController computes a method's matrices on the
// JobRunner's Method lane; refreshViews draws them once ViewState::methodTrace has them.

#include <algorithm>

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>

#include "attention_methods.h"
#include "combo_width.h"
#include "heatmap_widget.h"
#include "logit_lens_page.h"
#include "main_window.h"

#include "formula.h"
#include "method_controller.h"
#include "model/model.h"
#include "word_graph_widget.h"

namespace ui {

void MainWindow::createMethods() {
  m_methods = new MethodController(m_runner, m_state, this);
  m_methodSelector = new QComboBox(this);
  m_methodSelector->setObjectName(QStringLiteral("methodSelector"));
  for (const core::AttentionMethod method : kAttentionMethods) {
    m_methodSelector->addItem(methodName(method), static_cast<int>(method));
    m_methodSelector->setItemData(m_methodSelector->count() - 1, plainToolTip(formulaText(methodToolTip(method))),
                                      Qt::ToolTipRole);
  }
  keepWideEnoughForItems(m_methodSelector);  // a toolbar squeezed it to "Raw attentio" at 800 px
  m_methodSelector->setToolTip(tr("What every attention view shows: raw weights, or a method that reads the same "
                                  "forward pass another way. Norm-based is per head; value zeroing, rollout and "
                                  "flow have one matrix per layer (all heads)."));
  m_cancelMethod = new QAction(tr("Cancel Method"), this);
  m_cancelMethod->setObjectName(QStringLiteral("cancelMethodAction"));
  m_cancelMethod->setToolTip(tr("Stop computing the chosen method (value zeroing and flow are slow on long inputs)"));
  m_cancelMethod->setEnabled(false);
  // Rollout and flow average the heads of a layer; this chooses which (docs/methods.md).
  m_methodHeadsButton = new QToolButton(this);
  m_methodHeadsButton->setObjectName(QStringLiteral("methodHeadsButton"));
  m_methodHeadsButton->setPopupMode(QToolButton::InstantPopup);
  // (rich text: α̂'s hat in its letter's font, formula.h)
  m_methodHeadsButton->setToolTip(plainToolTip(formulaText(tr("The heads rollout and flow average in each layer: Â = the "
                                                              "mean of the chosen heads' α̂ (every head by default)"))));
  m_methodHeadsButton->setMenu(new QMenu(m_methodHeadsButton));
  if (auto *toolbar = findChild<QToolBar *>(QStringLiteral("mainToolBar"))) {
    toolbar->addSeparator();
    auto *label = new QLabel(tr("Method:"), toolbar);
    label->setToolTip(m_methodSelector->toolTip());
    toolbar->addWidget(label);
    toolbar->addWidget(m_methodSelector);
    toolbar->addWidget(m_methodHeadsButton);
    toolbar->addAction(m_cancelMethod);
  }

  m_lens = new LogitLensPage(m_runner, m_tabs);
  m_lens->setObjectName(QStringLiteral("logitLens"));
  m_tabs->setTabToolTip(m_tabs->addTab(m_lens, tr("Logit Lens")),
                        tr("The prediction read out after every layer: top token and probability per layer and position"));

  // Selector → state → selector, views and the job.
  connect(m_methodSelector, &QComboBox::currentIndexChanged, this, [this](int index) {
    m_state->setMethod(static_cast<core::AttentionMethod>(m_methodSelector->itemData(index).toInt()));
  });
  connect(m_state, &ViewState::methodChanged, this, [this](core::AttentionMethod method) {
    const QSignalBlocker blocker(m_methodSelector);
    m_methodSelector->setCurrentIndex(m_methodSelector->findData(static_cast<int>(method)));
    updateMethodHeadsMenu();
    refreshViews();
  });
  connect(m_state, &ViewState::methodHeadsChanged, this, [this] {
    updateMethodHeadsMenu();
    refreshViews();  // the method's matrices for the old choice are no longer shown
  });
  connect(m_state, &ViewState::modelChanged, this, &MainWindow::rebuildMethodHeadsMenu);
  rebuildMethodHeadsMenu();
  connect(m_state, &ViewState::methodTraceChanged, this, &MainWindow::refreshViews);
  connect(m_methods, &MethodController::busyChanged, m_cancelMethod, &QAction::setEnabled);
  connect(m_cancelMethod, &QAction::triggered, m_methods, &MethodController::cancel);
  connect(m_methods, &MethodController::progressChanged, this, [this](double fraction) {
    m_methodProgress = fraction;
    if (m_state->method() == core::AttentionMethod::Raw || m_state->methodTrace()) return;
    m_heatmap->setPlaceholder(methodPlaceholder());
    m_wordGraph->setPlaceholder(methodPlaceholder());
  });
  // The lens follows the result on show; it computes only while its tab is open.
  const auto showLens = [this] { m_lens->setAnalysis(m_state->analysis(), m_state->positionalEncoding()); };
  connect(m_state, &ViewState::analysisChanged, this, showLens);
  connect(m_state, &ViewState::positionalEncodingChanged, this, showLens);
}

void MainWindow::rebuildMethodHeadsMenu() {
  QMenu *menu = m_methodHeadsButton->menu();
  menu->clear();
  // data: the head (from 0), −1 for every head
  QAction *all = menu->addAction(tr("All Heads"));
  all->setObjectName(QStringLiteral("methodHeadsAll"));
  all->setCheckable(true);
  all->setData(-1);
  connect(all, &QAction::triggered, this, [this] {
    m_state->setMethodHeads({});
    updateMethodHeadsMenu();  // checked again when every head was chosen already
  });
  menu->addSeparator();
  const int heads = m_state->model() ? m_state->model()->spec().heads() : 0;
  for (int head = 0; head < heads; ++head) {
    QAction *action = menu->addAction(tr("Head %1").arg(head + 1));
    action->setObjectName(QStringLiteral("methodHead%1").arg(head));
    action->setCheckable(true);
    action->setData(head);
    // a click adds the head to the choice or takes it out; none left is every head again
    connect(action, &QAction::triggered, this, [this, head](bool on) {
      std::vector<int> next = m_state->methodHeads();
      if (on) next.push_back(head);
      else std::erase(next, head);
      m_state->setMethodHeads(std::move(next));
      updateMethodHeadsMenu();
    });
  }
  updateMethodHeadsMenu();
}

void MainWindow::updateMethodHeadsMenu() {
  const std::vector<int> &chosen = m_state->methodHeads();
  m_methodHeadsButton->setText(methodHeadsLabel(chosen));  // "all heads", "heads 1, 3"
  m_methodHeadsButton->setEnabled(averagesHeads(m_state->method()));
  for (QAction *action : m_methodHeadsButton->menu()->actions()) {
    if (action->isSeparator()) continue;
    const int head = action->data().toInt();
    action->setChecked(head < 0 ? chosen.empty() : std::find(chosen.begin(), chosen.end(), head) != chosen.end());
  }
}

QString MainWindow::methodPlaceholder() const {
  const core::AttentionMethod method = m_state->method();
  const std::shared_ptr<const MethodTrace> trace = m_state->methodTrace();
  if (trace && !trace->error.isEmpty()) return tr("%1: %2").arg(methodName(method), trace->error);
  if (!core::method_covers(method, m_state->layerStep().kind)) {
    return tr("%1 follows one stack's self-attention: cross-attention has no %1 matrix.").arg(methodName(method));
  }
  return tr("Computing %1… %2%").arg(methodName(method)).arg(static_cast<int>(m_methodProgress * 100));
}

}  // namespace ui
