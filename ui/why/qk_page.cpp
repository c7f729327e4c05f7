#include "qk_page.h"

#include <algorithm>
#include <cmath>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "colour_scales.h"
#include "formula.h"
#include "job_runner.h"
#include "tensor/errors.h"

namespace ui {

QkResult computeQk(const std::shared_ptr<const Analysis> &analysis, const core::QkRequest &request,
                   bool positionalEncoding) {
  QkResult result;
  result.analysis = analysis;
  if (!analysis || !analysis->model || !analysis->error.isEmpty()) return result;
  try {
    result.view = core::compute_qk_view(*analysis->model, analysis->source.ids, analysis->target.ids, request,
                                        analysis->forwardOptions(positionalEncoding));
    const core::AttentionKind kind = request.head.kind;
    const core::Tokenization &queries = kind == core::AttentionKind::EncoderSelf ? analysis->source : analysis->target;
    const core::Tokenization &keys = kind == core::AttentionKind::DecoderSelf ? analysis->target : analysis->source;
    result.queryToken = QString::fromStdString(queries.tokens[static_cast<std::size_t>(request.query)]);
    for (const std::string &token : keys.tokens) result.keyTokens << QString::fromStdString(token);
  } catch (const std::exception &error) {
    result.view.reset();
    result.error = QString::fromStdString(error.what());
  }
  return result;
}

QkPage::QkPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_formula(new QLabel(this)),
      m_message(new QLabel(this)),
      m_query(new QSpinBox(this)),
      m_table(new QTableWidget(this)) {
  m_formula->setObjectName(QStringLiteral("qkFormula"));
  m_formula->setTextFormat(Qt::RichText);
  m_formula->setText(formulaHtml(tr("α_{i,j} = scale · Σ_d (q^i ⊙ k^j)_d + bias_{i,j}     \\hat{α}_{i,j} = "
                                    "softmax_j(α_{i,j})")));
  m_message->setObjectName(QStringLiteral("qkMessage"));
  m_message->setWordWrap(true);
  m_message->setText(tr("Why the selected head attends where it does: its query q, every key k and their "
                        "products, dimension by dimension."));
  m_query->setObjectName(QStringLiteral("qkQuery"));
  m_query->setRange(1, 1);
  m_query->setToolTip(tr("The query position (from 1); clicking a token in the word graph picks it too"));
  m_table->setObjectName(QStringLiteral("qkTable"));
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

  auto *controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Query:"), this));
  controls->addWidget(m_query);
  controls->addWidget(m_formula, 1);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(m_message);
  layout->addWidget(m_table, 1);
  connect(m_query, &QSpinBox::valueChanged, this, [this] {
    if (isVisible()) request();
  });
}

QString QkPage::message() const { return m_message->text(); }

int QkPage::query() const { return m_query->value() - 1; }

void QkPage::setQuery(int query) { m_query->setValue(query + 1); }

void QkPage::setSelection(std::shared_ptr<const Analysis> analysis, const LayerStep &step, int head,
                          bool positionalEncoding) {
  m_analysis = std::move(analysis);
  m_step = step;
  m_head = head;
  m_positionalEncoding = positionalEncoding;
  // queries: the source for encoder self-attention, else the decoder's tokens
  int queries = 1;
  if (m_analysis && m_analysis->error.isEmpty()) {
    const core::Tokenization &side = step.kind == core::AttentionKind::EncoderSelf ? m_analysis->source : m_analysis->target;
    queries = std::max<int>(1, static_cast<int>(side.size()));
  }
  {
    const QSignalBlocker blocker(m_query);
    m_query->setRange(1, queries);
  }
  if (isVisible()) request();
}

void QkPage::showEvent(QShowEvent *event) {
  QWidget::showEvent(event);
  request();
}

void QkPage::request() {
  if (!m_analysis || !m_analysis->error.isEmpty()) {
    // Nothing to compute: the table of an earlier result must not stay under this one (an empty
    // text, a failed pass, another model still loading).
    m_runner->supersede(JobLane::WhyQk);
    QkResult none;
    none.analysis = m_analysis;
    if (m_analysis) none.error = m_analysis->error;
    showResult(std::move(none));
    return;
  }
  const core::QkRequest request{{m_step.kind, m_step.layer, m_head}, query()};
  m_message->setText(tr("Computing q·k…"));
  m_runner->submit(
      JobLane::WhyQk, this,
      [analysis = m_analysis, request, encoding = m_positionalEncoding](const JobContext &) {
        return computeQk(analysis, request, encoding);
      },
      [this](QkResult result) { showResult(std::move(result)); });
}

void QkPage::showResult(QkResult result) {
  m_result = std::move(result);
  m_table->clear();
  if (!m_result.view) {
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_message->setText(m_result.error.isEmpty() ? tr("No q·k view for this input.")
                                                : tr("No q·k view: %1").arg(m_result.error));
    emit viewShown();
    return;
  }
  const core::QkView &view = *m_result.view;
  // columns: the score's terms, α, α̂, then q ⊙ k per dimension
  QStringList columns{tr("content")};
  if (view.rotary()) columns << tr("without rotation") << tr("rotation");
  if (view.capped.size() > 0) columns << tr("capped");
  if (view.position_bias.size() > 0) columns << tr("position bias");
  columns << formulaText(QStringLiteral("α")) << formulaText(QStringLiteral("\\hat{α}"));
  const int firstDimension = static_cast<int>(columns.size());
  for (int d = 0; d < view.head_dim; ++d) columns << tr("d%1").arg(d + 1);
  const int queryRows = view.rotary() ? 2 : 1;
  m_table->setColumnCount(static_cast<int>(columns.size()));
  m_table->setHorizontalHeaderLabels(columns);
  m_table->setRowCount(queryRows + view.keys());
  QStringList rows{view.rotary() ? tr("q (before rotation)") : tr("q")};
  if (view.rotary()) rows << tr("q (rotated)");
  for (int j = 0; j < view.keys(); ++j) rows << tr("k%1 “%2”").arg(j + 1).arg(m_result.keyTokens.value(j));
  m_table->setVerticalHeaderLabels(rows);

  const auto cell = [this](int row, int column, double value, const QColor &background) {
    auto *item = new QTableWidgetItem(std::isinf(value) ? tr("masked") : QString::number(value, 'f', 3));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setToolTip(QString::number(value, 'g', 9));  // 9 digits: the float exactly
    if (background.isValid()) {
      item->setBackground(background);
      item->setForeground(background.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white));
    }
    m_table->setItem(row, column, item);
  };
  // q's own values, and the products, share one diverging scale each
  const float qExtent = std::max(view.q.cwiseAbs().maxCoeff(), 1e-12f);
  for (int d = 0; d < view.head_dim; ++d) {
    cell(0, firstDimension + d, view.q(d), differenceColour(view.q(d), qExtent));
    if (view.rotary()) cell(1, firstDimension + d, view.q_rotated(d), differenceColour(view.q_rotated(d), qExtent));
  }
  const float extent = std::max(view.products.cwiseAbs().maxCoeff(), 1e-12f);
  for (int j = 0; j < view.keys(); ++j) {
    const int row = queryRows + j;
    const bool masked = view.masked[static_cast<std::size_t>(j)];
    int column = 0;
    cell(row, column++, view.content(j), {});
    if (view.rotary()) {
      cell(row, column++, view.content_unrotated(j), {});
      cell(row, column++, view.content(j) - view.content_unrotated(j), {});
    }
    if (view.capped.size() > 0) cell(row, column++, view.capped(j), {});
    if (view.position_bias.size() > 0) cell(row, column++, view.position_bias(j), {});
    cell(row, column++, view.alpha(j), masked ? maskColour() : QColor());
    cell(row, column++, view.alpha_hat(j), masked ? maskColour() : weightColour(view.alpha_hat(j)));
    for (int d = 0; d < view.head_dim; ++d) {
      cell(row, firstDimension + d, view.products(j, d), differenceColour(view.products(j, d), extent));
    }
  }
  m_table->resizeColumnsToContents();
  m_message->setText(tr("%1, layer %2, head %3 (key/value head %4), query %5 “%6”: each row is one key; "
                        "d1…d%7 are q ⊙ k, whose sum times %8 is the content term.")
                         .arg(describeKind(view.request.head.kind))
                         .arg(view.request.head.layer + 1)
                         .arg(view.request.head.head + 1)
                         .arg(view.kv_head + 1)
                         .arg(view.request.query + 1)
                         .arg(m_result.queryToken)
                         .arg(view.head_dim)
                         .arg(static_cast<double>(view.scale), 0, 'g', 4));
  emit viewShown();
}

}  // namespace ui
