#include "stepper_widget.h"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include "combo_width.h"

namespace ui {

StepperWidget::StepperWidget(const QString &title, QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(title, this)),
      m_previous(new QToolButton(this)),
      m_steps(new QComboBox(this)),
      m_next(new QToolButton(this)),
      m_play(new QToolButton(this)),
      m_timer(new QTimer(this)) {
  m_previous->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
  m_next->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
  m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  m_play->setCheckable(true);
  m_steps->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_steps->setMinimumContentsLength(18);
  keepWideEnoughForItems(m_steps);  // never squeezed below its longest step's label
  m_timer->setInterval(1200);

  auto *layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_title);
  layout->addWidget(m_previous);
  layout->addWidget(m_steps, 1);
  layout->addWidget(m_next);
  layout->addWidget(m_play);

  connect(m_previous, &QToolButton::clicked, this, &StepperWidget::previous);
  connect(m_next, &QToolButton::clicked, this, &StepperWidget::next);
  connect(m_play, &QToolButton::toggled, this, &StepperWidget::setPlaying);
  connect(m_timer, &QTimer::timeout, this, &StepperWidget::advance);
  connect(m_steps, &QComboBox::currentIndexChanged, this, [this](int index) {
    updateButtons();
    emit currentIndexChanged(index);
  });
  updateButtons();
}

void StepperWidget::setItems(const QStringList &items, int current) {
  setPlaying(false);
  {
    const QSignalBlocker blocker(m_steps);
    m_steps->clear();
    m_steps->addItems(items);
    m_steps->setCurrentIndex(std::clamp(current, 0, std::max(0, static_cast<int>(items.size()) - 1)));
  }
  updateButtons();
  emit currentIndexChanged(m_steps->currentIndex());
}

int StepperWidget::currentIndex() const { return m_steps->currentIndex(); }

int StepperWidget::count() const { return m_steps->count(); }

QString StepperWidget::itemText(int index) const { return m_steps->itemText(index); }

bool StepperWidget::isPlaying() const { return m_timer->isActive(); }

void StepperWidget::setInterval(int milliseconds) { m_timer->setInterval(milliseconds); }

void StepperWidget::setToolTips(const QString &previous, const QString &list, const QString &next, const QString &play) {
  m_previous->setToolTip(previous);
  m_steps->setToolTip(list);
  m_next->setToolTip(next);
  m_play->setToolTip(play);
}

void StepperWidget::setCurrentIndex(int index) {
  if (index >= 0 && index < count()) m_steps->setCurrentIndex(index);
}

void StepperWidget::next() { setCurrentIndex(currentIndex() + 1); }

void StepperWidget::previous() { setCurrentIndex(currentIndex() - 1); }

void StepperWidget::setPlaying(bool playing) {
  if (playing == isPlaying()) return;
  if (playing) {
    if (count() < 2) return;
    if (currentIndex() == count() - 1) setCurrentIndex(0);  // Play at the end starts over
    m_timer->start();
  } else {
    m_timer->stop();
  }
  const QSignalBlocker blocker(m_play);
  m_play->setChecked(playing);
  m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
  emit playingChanged(playing);
}

void StepperWidget::advance() {
  next();
  if (currentIndex() >= count() - 1) setPlaying(false);
}

void StepperWidget::updateButtons() {
  m_previous->setEnabled(currentIndex() > 0);
  m_next->setEnabled(currentIndex() >= 0 && currentIndex() < count() - 1);
  m_play->setEnabled(count() > 1);
}

}  // namespace ui
