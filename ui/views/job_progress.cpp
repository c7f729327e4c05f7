#include "job_progress.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>

namespace ui {

namespace {

constexpr int kShowDelayMilliseconds = 300;  // issue 15: progress for anything longer than ~0.3 s

}  // namespace

JobProgress::JobProgress(QWidget *parent)
    : QWidget(parent),
      m_label(new QLabel(this)),
      m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this)),
      m_delay(new QTimer(this)) {
  setObjectName(QStringLiteral("jobProgress"));
  m_bar->setObjectName(QStringLiteral("jobProgressBar"));
  m_cancel->setObjectName(QStringLiteral("jobCancelButton"));
  m_bar->setMaximumWidth(160);
  m_bar->setTextVisible(true);
  m_cancel->setText(tr("Cancel"));
  m_cancel->setToolTip(tr("Stop this computation; the views keep what they showed"));
  m_delay->setSingleShot(true);
  m_delay->setInterval(kShowDelayMilliseconds);
  auto *layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_label);
  layout->addWidget(m_bar);
  layout->addWidget(m_cancel);
  hide();
  connect(m_delay, &QTimer::timeout, this, [this] {
    if (m_running) show();
  });
  connect(m_cancel, &QToolButton::clicked, this, &JobProgress::cancelRequested);
}

int JobProgress::showDelayMilliseconds() { return kShowDelayMilliseconds; }

void JobProgress::start(const QString &what) {
  m_label->setText(what);
  m_bar->setRange(0, 0);
  m_cancel->setEnabled(true);
  if (!m_running) m_delay->start();
  m_running = true;
}

void JobProgress::setProgress(int done, int total) {
  if (!m_running) return;
  m_bar->setRange(0, std::max(total, 0));
  m_bar->setValue(std::clamp(done, 0, std::max(total, 0)));
}

void JobProgress::finish() {
  m_running = false;
  m_delay->stop();
  hide();
}

}  // namespace ui
