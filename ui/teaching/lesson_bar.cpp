#include "lesson_bar.h"

#include <algorithm>
#include <initializer_list>

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include "formula.h"
#include "language.h"

namespace ui {

LessonBar::LessonBar(QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_caption(new QLabel(this)),
      m_progress(new QLabel(this)),
      m_draft(new QLineEdit(this)),
      m_back(new QPushButton(tr("◀ Back"), this)),
      m_next(new QPushButton(tr("Next ▶"), this)),
      m_record(new QPushButton(tr("Record Step"), this)),
      m_close(new QPushButton(tr("Close Lesson"), this)) {
  setObjectName(QStringLiteral("lessonBar"));
  // The interface's language: Traditional Chinese when its translation is installed.
  if (!translationFile(QLocale()).isEmpty()) m_language = core::LessonLanguage::TraditionalChinese;
  m_caption->setObjectName(QStringLiteral("lessonCaption"));
  m_progress->setObjectName(QStringLiteral("lessonProgress"));
  QFont titleFont = m_title->font();
  titleFont.setBold(true);
  m_title->setFont(titleFont);
  showCaptionFont();
  m_caption->setWordWrap(true);
  m_caption->setTextFormat(Qt::RichText);  // captions are written in the notation markup (formula.h)
  m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_draft->setPlaceholderText(tr("Caption for the next recorded step…"));
  m_draft->setToolTip(tr("What the teacher says at the step that Record Step adds"));
  m_back->setToolTip(tr("Previous step of the lesson (Alt+←)"));
  m_next->setToolTip(tr("Next step of the lesson (Alt+→)"));
  m_record->setToolTip(tr("Add what the window shows now as the lesson's next step (Ctrl+Shift+R)"));
  // The buttons take no focus, so arrow keys keep stepping through layers, not buttons.
  for (QPushButton *button : {m_back, m_next, m_record, m_close}) button->setFocusPolicy(Qt::NoFocus);

  auto *top = new QHBoxLayout;
  top->addWidget(m_title);
  top->addStretch();
  top->addWidget(m_progress);
  top->addWidget(m_back);
  top->addWidget(m_next);
  auto *bottom = new QHBoxLayout;
  bottom->addWidget(m_draft, 1);
  bottom->addWidget(m_record);
  bottom->addWidget(m_close);
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 4, 6, 4);
  layout->addLayout(top);
  layout->addWidget(m_caption);
  layout->addLayout(bottom);

  connect(m_back, &QPushButton::clicked, this, &LessonBar::back);
  connect(m_next, &QPushButton::clicked, this, &LessonBar::next);
  connect(m_record, &QPushButton::clicked, this, &LessonBar::recordRequested);
  connect(m_close, &QPushButton::clicked, this, &LessonBar::closeRequested);
  updateLabels();
}

void LessonBar::showCaptionFont() {
  // A quarter larger than the bar's own font, also after the font changes (presentation mode).
  QFont captionFont = font();
  if (captionFont.pointSizeF() > 0) captionFont.setPointSizeF(captionFont.pointSizeF() * 1.25);
  else captionFont.setPixelSize(static_cast<int>(captionFont.pixelSize() * 1.25));
  m_caption->setFont(captionFont);
  reserveCaptionHeight();
}

void LessonBar::reserveCaptionHeight() {
  // The caption is as tall as the lesson's longest one at the current width, whatever step is
  // shown: the bar keeps its height, so Back and Next stay where the pointer is.
  const int width = std::max(m_caption->width(), 200);
  const QFontMetrics metrics(m_caption->font());
  int tallest = 2 * metrics.lineSpacing();
  const auto measure = [&](const QString &text) {
    tallest = std::max(tallest, metrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, text).height());
  };
  for (const core::LessonStep &step : m_lesson.steps) {
    measure(formulaText(QString::fromStdString(core::lesson_caption(step, m_language))));
  }
  measure(m_caption->text());
  if (m_caption->minimumHeight() != tallest || m_caption->maximumHeight() != tallest) m_caption->setFixedHeight(tallest);
}

void LessonBar::changeEvent(QEvent *event) {
  if (event->type() == QEvent::FontChange) showCaptionFont();
  QWidget::changeEvent(event);
}

void LessonBar::resizeEvent(QResizeEvent *event) {
  QWidget::resizeEvent(event);
  reserveCaptionHeight();
}

void LessonBar::setLesson(const core::Lesson &lesson) {
  m_lesson = lesson;
  m_step = -1;
  updateLabels();
}

void LessonBar::setLanguage(core::LessonLanguage language) {
  m_language = language;
  updateLabels();
}

void LessonBar::setLocked(bool locked) {
  m_locked = locked;
  for (QWidget *editing : std::initializer_list<QWidget *>{m_draft, m_record, m_close}) editing->setVisible(!locked);
}

void LessonBar::setTitle(const QString &title) {
  (m_language == core::LessonLanguage::TraditionalChinese ? m_lesson.title_zh_TW : m_lesson.title) =
      title.toStdString();
  updateLabels();
}

QString LessonBar::caption() const { return m_caption->text(); }
QString LessonBar::progressText() const { return m_progress->text(); }
QString LessonBar::draftCaption() const { return m_draft->text(); }

void LessonBar::appendStep(const core::LessonStep &step) {
  m_lesson.steps.push_back(step);
  m_step = stepCount() - 1;
  m_draft->clear();
  updateLabels();
}

void LessonBar::showStep(int index) {
  if (m_lesson.steps.empty()) return;
  m_step = std::clamp(index, 0, stepCount() - 1);
  updateLabels();
  emit stepChosen(m_step);
}

void LessonBar::next() {
  if (m_step + 1 < stepCount()) showStep(m_step + 1);
}

void LessonBar::back() {
  if (m_step > 0) showStep(m_step - 1);
}

void LessonBar::updateLabels() {
  const std::string &title = core::lesson_title(m_lesson, m_language);
  m_title->setText(title.empty() ? tr("Untitled lesson") : formulaText(QString::fromStdString(title)));
  const bool valid = m_step >= 0 && m_step < stepCount();
  const auto shownCaption = [this] {
    return QString::fromStdString(core::lesson_caption(m_lesson.steps[static_cast<std::size_t>(m_step)], m_language));
  };
  m_caption->setText(valid ? formulaHtml(shownCaption())
                           : stepCount() == 0 ? tr("No steps yet: set up a view and press Record Step.")
                                              : tr("Press Next to start."));
  m_progress->setText(tr("Step %1 of %2").arg(valid ? m_step + 1 : 0).arg(stepCount()));
  m_back->setEnabled(m_step > 0);
  m_next->setEnabled(m_step + 1 < stepCount());
  reserveCaptionHeight();
}

}  // namespace ui
