#include "logit_lens_page.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "colour_scales.h"
#include "job_runner.h"

namespace ui {

LogitLensPage::LogitLensPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_message(new QLabel(this)),
      m_table(new QTableWidget(this)),
      m_cellTitle(new QLabel(this)),
      m_topList(new QListWidget(this)) {
  m_message->setObjectName(QStringLiteral("lensMessage"));
  m_message->setWordWrap(true);
  m_message->setText(tr("The logit lens reads the model's prediction out of every layer: each cell is the token the "
                        "output head would predict from the residual stream there, coloured by its probability."));
  m_table->setObjectName(QStringLiteral("lensGrid"));
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setToolTip(tr("Rows: the embeddings, then the residual stream after each layer. Columns: the positions. "
                         "Click a cell for its top %1.")
                          .arg(kTopK));
  m_topList->setObjectName(QStringLiteral("lensTopList"));
  m_topList->setMaximumWidth(260);
  m_cellTitle->setWordWrap(true);
  m_cellTitle->setText(tr("Click a cell to list its top %1 tokens.").arg(kTopK));

  auto *side = new QVBoxLayout;
  side->addWidget(m_cellTitle);
  side->addWidget(m_topList, 1);
  auto *body = new QHBoxLayout;
  body->addWidget(m_table, 1);
  body->addLayout(side);
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(m_message);
  layout->addLayout(body, 1);
  connect(m_table, &QTableWidget::currentCellChanged, this,
          [this](int row, int column) { showCell(row, column); });
}

QString LogitLensPage::message() const { return m_message->text(); }

bool LogitLensPage::isBusy() const { return m_runner->isBusy(JobLane::Lens); }

void LogitLensPage::setAnalysis(std::shared_ptr<const Analysis> analysis, bool positionalEncoding) {
  m_analysis = std::move(analysis);
  m_positionalEncoding = positionalEncoding;
  if (isVisible()) request();
}

void LogitLensPage::showEvent(QShowEvent *event) {
  QWidget::showEvent(event);
  request();
}

void LogitLensPage::request() {
  if (!m_analysis || !m_analysis->error.isEmpty()) {
    m_runner->supersede(JobLane::Lens);
    m_requested = nullptr;
    return;
  }
  const bool shown = m_grid.analysis == m_analysis && m_requestedEncoding == m_positionalEncoding;
  if (m_requested == m_analysis.get() && m_requestedEncoding == m_positionalEncoding && (shown || isBusy())) return;
  m_requested = m_analysis.get();
  m_requestedEncoding = m_positionalEncoding;
  m_message->setText(tr("Computing the logit lens…"));
  m_table->setRowCount(0);  // the old grid is for other text
  m_topList->clear();
  m_runner->submit(
      JobLane::Lens, this,
      [analysis = m_analysis, encoding = m_positionalEncoding](const JobContext &context) {
        return computeLens(analysis, kTopK, encoding, [&context](double) { return !context.stopped(); });
      },
      [this](LensGrid grid) { showGrid(std::move(grid)); });
}

void LogitLensPage::showGrid(LensGrid grid) {
  m_grid = std::move(grid);
  m_table->clear();
  m_topList->clear();
  m_cellTitle->setText(tr("Click a cell to list its top %1 tokens.").arg(kTopK));
  if (m_grid.empty()) {
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_message->setText(m_grid.error.isEmpty() ? tr("No logit lens for this input.")
                                              : tr("No logit lens: %1").arg(m_grid.error));
    emit gridShown();
    return;
  }
  m_message->setText(tr("Each cell: the most likely token read out at that layer and position, and its probability. "
                        "The last row is the model's own prediction."));
  m_table->setRowCount(static_cast<int>(m_grid.rows.size()));
  m_table->setColumnCount(static_cast<int>(m_grid.positions.size()));
  m_table->setVerticalHeaderLabels(m_grid.rows);
  m_table->setHorizontalHeaderLabels(m_grid.positions);
  for (int row = 0; row < m_table->rowCount(); ++row) {
    for (int column = 0; column < m_table->columnCount(); ++column) {
      const std::vector<LensToken> &top = m_grid.at(row, column);
      if (top.empty()) continue;
      const LensToken &best = top.front();
      auto *item = new QTableWidgetItem(QStringLiteral("%1\n%2").arg(best.text).arg(best.probability, 0, 'f', 2));
      const QColor background = weightColour(static_cast<float>(best.probability));
      item->setBackground(background);
      // Dark text on the light end of the scale, light text on the dark end.
      item->setForeground(background.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white));
      item->setTextAlignment(Qt::AlignCenter);
      item->setToolTip(tr("%1 at “%2”: “%3”, p = %4")
                           .arg(m_grid.rows[row], m_grid.positions[column], best.text)
                           .arg(best.probability, 0, 'f', 4));
      m_table->setItem(row, column, item);
    }
  }
  m_table->resizeColumnsToContents();
  m_table->resizeRowsToContents();
  emit gridShown();
}

void LogitLensPage::showCell(int row, int column) {
  m_topList->clear();
  if (m_grid.empty() || row < 0 || column < 0 || row >= static_cast<int>(m_grid.rows.size()) ||
      column >= static_cast<int>(m_grid.positions.size())) {
    return;
  }
  m_cellTitle->setText(tr("%1, position %2 (“%3”): top %4")
                           .arg(m_grid.rows[row])
                           .arg(column + 1)
                           .arg(m_grid.positions[column])
                           .arg(kTopK));
  int rank = 1;
  for (const LensToken &token : m_grid.at(row, column)) {
    m_topList->addItem(tr("%1. “%2”  %3").arg(rank++).arg(token.text).arg(token.probability, 0, 'f', 4));
  }
}

}  // namespace ui
