#pragma once
// The q·k page: why one head's query attends where it does (core/analysis/why/qk_view.h). One
// row per key: its token, the score's terms (content q·k·scale; for rotary models the score
// without the rotation and the rotation's share; T5's or ALiBi's position bias; Gemma 2's cap),
// α and α̂, then q ⊙ k per dimension in a blue–white–red scale (BertViz's neuron view). The head
// and layer follow the view state; the query is the spin box (or the token clicked in a view).
// Computed on the JobRunner's WhyQk lane (latest-only).

#include <memory>
#include <optional>

#include <QString>
#include <QWidget>

#include "analysis.h"
#include "analysis/why/qk_view.h"
#include "layer_steps.h"

class QLabel;
class QSpinBox;
class QTableWidget;

namespace ui {

class JobRunner;

// What the page shows: the view, or the core's message, for one request.
struct QkResult {
  std::shared_ptr<const Analysis> analysis;  // the result it was computed for (null: none)
  std::optional<core::QkView> view;
  QStringList keyTokens;
  QString queryToken;
  QString error;
};

// The view for one analysis and request, never throwing: errors come back in QkResult::error.
QkResult computeQk(const std::shared_ptr<const Analysis> &analysis, const core::QkRequest &request,
                   bool positionalEncoding);

class QkPage : public QWidget {
  Q_OBJECT

 public:
  explicit QkPage(JobRunner *runner, QWidget *parent = nullptr);

  // The result, layer and head on show; computed when the page is (or next becomes) visible.
  void setSelection(std::shared_ptr<const Analysis> analysis, const LayerStep &step, int head, bool positionalEncoding);
  void setQuery(int query);  // a query position, from 0
  int query() const;

  const QkResult &result() const { return m_result; }
  QTableWidget *table() const { return m_table; }
  QString message() const;

 signals:
  void viewShown();  // a new view (or its error message) is on screen

 protected:
  void showEvent(QShowEvent *event) override;

 private:
  void request();
  void showResult(QkResult result);

  JobRunner *m_runner;
  std::shared_ptr<const Analysis> m_analysis;
  LayerStep m_step;
  int m_head = 0;
  bool m_positionalEncoding = true;
  QkResult m_result;
  QLabel *m_formula;
  QLabel *m_message;
  QSpinBox *m_query;
  QTableWidget *m_table;
};

}  // namespace ui
