#pragma once
// The Logit lens page (docs/methods.md): a grid of rows (the embeddings, then each layer) ×
// positions, each cell the token the output head reads out of the residual stream there, coloured
// by its probability; clicking a cell lists its top 10. Computed on the JobRunner's Lens lane
// (latest-only) while the page is on screen; a model without an output head gets the core's message.

#include <memory>

#include <QWidget>

#include "analysis.h"
#include "logit_lens_grid.h"

class QLabel;
class QListWidget;
class QTableWidget;

namespace ui {

class JobRunner;

class LogitLensPage : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kTopK = 10;

  explicit LogitLensPage(JobRunner *runner, QWidget *parent = nullptr);

  // The result on show; the grid is computed for it when the page is (or next becomes) visible.
  void setAnalysis(std::shared_ptr<const Analysis> analysis, bool positionalEncoding);

  const LensGrid &grid() const { return m_grid; }
  QTableWidget *table() const { return m_table; }
  QListWidget *topList() const { return m_topList; }
  QString message() const;
  bool isBusy() const;

 signals:
  void gridShown();  // a new grid (or its error message) is on screen

 protected:
  void showEvent(QShowEvent *event) override;

 private:
  void request();
  void showGrid(LensGrid grid);
  void showCell(int row, int column);

  JobRunner *m_runner;
  std::shared_ptr<const Analysis> m_analysis;
  bool m_positionalEncoding = true;
  const Analysis *m_requested = nullptr;  // what the newest job is for (identity only)
  bool m_requestedEncoding = true;
  LensGrid m_grid;
  QLabel *m_message;
  QTableWidget *m_table;
  QLabel *m_cellTitle;
  QListWidget *m_topList;
};

}  // namespace ui
