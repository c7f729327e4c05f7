// The What If tab (token edits, another sentence, another checkpoint, PE off; docs/methods.md),
// the token menu it adds to the word graph's and heatmap's context menu, and the banner that says
// over every tab which token edits the views show.

#include <QLabel>
#include <QMenu>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "edits_banner.h"
#include "export_menu.h"
#include "heatmap_widget.h"
#include "main_window.h"
#include "teaching_tools.h"
#include "token_edit_menu.h"
#include "view_state.h"
#include "whatif_panel.h"
#include "word_graph_widget.h"

namespace ui {

void MainWindow::createWhatIf() {
  m_whatIf = new WhatIfPanel(m_runner, m_state, m_tabs);
  m_whatIf->setObjectName(QStringLiteral("whatIf"));
  m_tabs->setTabToolTip(m_tabs->addTab(m_whatIf, tr("What If")),
                        tr("Mask, delete or replace tokens, or compare with another sentence, checkpoint or without "
                           "positional encoding: what changes in attention and in the prediction"));
  // The tab follows the result on show and its PE setting.
  const auto follow = [this] { m_whatIf->setAnalysis(m_state->analysis(), m_state->positionalEncoding()); };
  connect(m_state, &ViewState::analysisChanged, this, follow);
  connect(m_state, &ViewState::positionalEncodingChanged, this, follow);
  connect(m_whatIf, &WhatIfPanel::messageShown, this,
          [this](const QString &message) { statusBar()->showMessage(message, 8000); });
  // The PE Difference toggle is the tab's "positional encoding off" comparison: one difference
  // view for every comparison.
  const auto followDifference = [this](bool on) {
    if (on) m_whatIf->setMode(WhatIfMode::PositionalEncoding);
    else if (m_whatIf->mode() == WhatIfMode::PositionalEncoding) m_whatIf->setMode(WhatIfMode::TokenEdits);
  };
  connect(m_state, &ViewState::peDifferenceChanged, this, followDifference);
  connect(m_whatIf, &WhatIfPanel::modeChanged, m_state,
          [this](WhatIfMode mode) { m_state->setPeDifference(mode == WhatIfMode::PositionalEncoding); });
  if (m_state->peDifference()) followDifference(true);

  // Token edits live in the view state: every view recomputes from the edited ids.
  connect(m_state, &ViewState::tokenEditsChanged, this, &MainWindow::requestAnalysis);
  m_editsBanner = new EditsBanner(centralWidget());
  if (auto *layout = qobject_cast<QVBoxLayout *>(centralWidget()->layout())) {
    layout->insertWidget(layout->indexOf(m_peOffBanner) + 1, m_editsBanner);
  }
  const auto showEdits = [this] {
    const std::shared_ptr<const Analysis> analysis = m_state->analysis();
    m_editsBanner->showEdits(analysis ? describeEdits(*analysis, m_state->tokenEdits()) : QString());
  };
  connect(m_state, &ViewState::tokenEditsChanged, this, showEdits);
  connect(m_state, &ViewState::analysisChanged, this, showEdits);
  connect(m_editsBanner, &EditsBanner::clearRequested, m_state, &ViewState::clearTokenEdits);
  connect(m_editsBanner, &EditsBanner::differenceRequested, this, [this] {
    m_whatIf->setMode(WhatIfMode::TokenEdits);
    m_tabs->setCurrentWidget(m_whatIf);
  });

  // One export for every comparison: the difference heatmap and grid as figures, B − A as data.
  m_teaching->exports()->addDifferenceView(m_whatIf->view());

  // Right-click a token label: its edits above the view's export actions.
  connect(m_teaching->exports(), &ExportMenu::figureMenuAboutToShow, this,
          [this](QWidget *figure, const QPoint &position, QMenu *menu) {
            std::optional<TokenAtLabel> token;
            if (figure == m_wordGraph)
              token = tokenAtLabel(m_wordGraph->slice(), m_wordGraph->currentLayout().tokenAt(position));
            if (figure == m_heatmap) token = tokenAtLabel(m_heatmap->slice(), m_heatmap->labelAt(position));
            if (token) addTokenEditActions(menu, m_whatIf, *token);
          });
  follow();
  showEdits();
}

}  // namespace ui
