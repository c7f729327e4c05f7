// The What If tab (token edits, another sentence, another checkpoint, PE off; docs/methods.md)
// and the token menu it adds to the word graph's and heatmap's context menu.

#include <QMenu>
#include <QStatusBar>
#include <QTabWidget>

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
  m_whatIf = new WhatIfPanel(m_runner, m_tabs);
  m_whatIf->setObjectName(QStringLiteral("whatIf"));
  m_tabs->setTabToolTip(m_tabs->addTab(m_whatIf, tr("What If")),
                        tr("Mask, delete or replace tokens, or compare with another sentence, checkpoint or without "
                           "positional encoding: what changes in attention and in the prediction"));
  // The tab follows the result on show and its PE setting.
  const auto follow = [this] { m_whatIf->setAnalysis(m_state->analysis(), m_state->positionalEncoding()); };
  connect(m_state, &ViewState::analysisChanged, this, follow);
  connect(m_state, &ViewState::positionalEncodingChanged, this, follow);
  connect(m_whatIf, &WhatIfPanel::editMade, this, [this] { m_tabs->setCurrentWidget(m_whatIf); });
  connect(m_whatIf, &WhatIfPanel::messageShown, this,
          [this](const QString &message) { statusBar()->showMessage(message, 8000); });
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
}

}  // namespace ui
