#include "classroom_walkthrough_widget.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "classroom_job.h"
#include "classroom_walkthrough_pages.h"

namespace ui {

ClassroomWalkthroughWidget::ClassroomWalkthroughWidget(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_title(new QLabel(this)),
      m_text(new QTextBrowser(this)),
      m_back(new QPushButton(tr("Back"), this)),
      m_next(new QPushButton(tr("Next"), this)) {
  m_title->setObjectName(QStringLiteral("walkthroughTitle"));
  m_text->setObjectName(QStringLiteral("walkthroughText"));
  showTitleFont();
  m_title->setTextFormat(Qt::RichText);
  // Page Up/Down move through the pages from anywhere in the widget, as a presenter's clicker sends them.
  m_back->setShortcut(QKeySequence(Qt::Key_PageUp));
  m_next->setShortcut(QKeySequence(Qt::Key_PageDown));
  // The text takes no focus: a focused QTextBrowser would claim Page Up/Down for scrolling.
  m_text->setFocusPolicy(Qt::NoFocus);
  m_back->setToolTip(tr("Previous step (Page Up)"));
  m_next->setToolTip(tr("Next step (Page Down)"));

  auto *buttons = new QHBoxLayout;
  buttons->addWidget(m_back);
  buttons->addStretch();
  buttons->addWidget(m_next);
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(m_title);
  layout->addWidget(m_text, 1);
  layout->addLayout(buttons);

  connect(m_back, &QPushButton::clicked, this, &ClassroomWalkthroughWidget::previousPage);
  connect(m_next, &QPushButton::clicked, this, &ClassroomWalkthroughWidget::nextPage);
  render();
}

void ClassroomWalkthroughWidget::showTitleFont() {
  // The heading stays larger than the body when the body's font changes (presentation mode).
  QFont titleFont = font();
  if (titleFont.pointSizeF() > 0) titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
  else titleFont.setPixelSize(static_cast<int>(titleFont.pixelSize() * 1.3));
  titleFont.setBold(true);
  m_title->setFont(titleFont);
}

void ClassroomWalkthroughWidget::changeEvent(QEvent *event) {
  if (event->type() == QEvent::FontChange) showTitleFont();
  QWidget::changeEvent(event);
}

void ClassroomWalkthroughWidget::setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &source,
                                          const core::Tokenization &target, bool positionalEncoding,
                                          std::size_t memoryBudget) {
  m_model = std::move(model);
  m_source = source;
  m_target = target;
  m_positionalEncoding = positionalEncoding;
  m_memoryBudget = memoryBudget;
  recompute();
}

void ClassroomWalkthroughWidget::showAttention(core::AttentionKind kind, int layer) {
  m_request.kind = kind;
  m_request.layer = layer;
  recompute();
}

void ClassroomWalkthroughWidget::showHead(int head) {
  m_request.head = head;
  recompute();
}

void ClassroomWalkthroughWidget::showQuery(int query) {
  if (query == m_request.query) return;
  m_request.query = query;
  recompute();
  emit queryChanged(query);
}

void ClassroomWalkthroughWidget::showPage(int page) {
  const int clamped = std::clamp(page, 0, core::walkthrough_page_count - 1);
  if (clamped == m_page) return;
  m_page = clamped;
  render();
  emit pageChanged(m_page);
}

void ClassroomWalkthroughWidget::nextPage() { showPage(m_page + 1); }
void ClassroomWalkthroughWidget::previousPage() { showPage(m_page - 1); }

QString ClassroomWalkthroughWidget::pageText() const { return m_text->toPlainText(); }

void ClassroomWalkthroughWidget::recompute() {
  if (!m_model) {
    m_runner->supersede(JobLane::Walkthrough);
    m_walkthrough.reset();
    m_error.clear();
    render();
    return;
  }
  // The page keeps the numbers on show until the new ones arrive.
  runClassroomJob(
      m_runner, JobLane::Walkthrough, this,
      [model = m_model, source = m_source.ids, target = m_target.ids, request = m_request,
       positionalEncoding = m_positionalEncoding, budget = m_memoryBudget] {
        return core::walk_through(*model, source, target, request, positionalEncoding, budget);
      },
      [this](ClassroomOutcome<core::Walkthrough> outcome) {
        m_walkthrough = std::move(outcome.value);
        m_error = outcome.error;
        render();
        emit walkthroughShown();
      });
}

void ClassroomWalkthroughWidget::render() {
  const auto page = static_cast<core::WalkthroughPage>(m_page);
  m_title->setText(walkthroughPageTitle(page));
  // A button about to be disabled hands the keyboard focus to its partner first; left to Qt, the
  // focus would move on to the window's next widget (the source field, its text selected).
  const bool backEnabled = m_page > 0;
  const bool nextEnabled = m_page < core::walkthrough_page_count - 1;
  if (!nextEnabled && m_next->hasFocus()) m_back->setFocus(Qt::OtherFocusReason);
  if (!backEnabled && m_back->hasFocus()) m_next->setFocus(Qt::OtherFocusReason);
  m_back->setEnabled(backEnabled);
  m_next->setEnabled(nextEnabled);
  if (!m_walkthrough) {
    m_text->setPlainText(m_error.isEmpty() ? tr("Load a model and enter a sentence to walk through its attention.")
                                           : m_error);
    return;
  }
  const bool decoderQueries = m_request.kind != core::AttentionKind::EncoderSelf;
  const bool encoderKeys = m_request.kind != core::AttentionKind::DecoderSelf;
  const QStringList queries = tokenLabels(decoderQueries ? m_target : m_source);
  const QStringList keys = tokenLabels(encoderKeys ? m_source : m_target);
  m_text->setHtml(walkthroughPageHtml(*m_walkthrough, page, queries, keys));
}

}  // namespace ui
