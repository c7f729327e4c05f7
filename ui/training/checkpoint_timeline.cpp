#include "checkpoint_timeline.h"

#include <algorithm>
#include <exception>
#include <utility>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QLabel>
#include <QPointer>
#include <QRegularExpression>
#include <QSlider>
#include <QTextStream>
#include <QVBoxLayout>

#include "job_runner.h"
#include "model_locator.h"
#include "families/load_model.h"

namespace ui {

namespace {

// At most this many step labels under the slider; the rest would overlap.
constexpr int kMaxTickLabels = 8;
// The property of a step label that names its checkpoint.
const char *const kCheckpointIndex = "checkpointIndex";

QStringList tableCells(const QString &line) {
  QStringList cells = line.trimmed().split(QLatin1Char('|'));
  if (!cells.isEmpty() && cells.front().trimmed().isEmpty()) cells.removeFirst();
  if (!cells.isEmpty() && cells.back().trimmed().isEmpty()) cells.removeLast();
  for (QString &cell : cells) cell = cell.trimmed();
  return cells;
}

// step-NNNNNN → note, from the first Markdown table whose rows name checkpoints.
std::map<QString, QString> readmeNotes(const QString &series) {
  std::map<QString, QString> notes;
  QFile file(series + QStringLiteral("/README.md"));
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return notes;
  QTextStream in(&file);
  QStringList header;
  static const QRegularExpression stepName(QStringLiteral("^step-\\d+$"));
  while (!in.atEnd()) {
    const QString line = in.readLine();
    if (!line.trimmed().startsWith(QLatin1Char('|'))) {
      header.clear();
      continue;
    }
    const QStringList cells = tableCells(line);
    if (cells.isEmpty() || cells.front().startsWith(QLatin1Char('-'))) continue;  // the |---| rule
    if (!stepName.match(cells.front()).hasMatch()) {
      header = cells;
      continue;
    }
    QStringList parts;
    for (int column = 1; column < cells.size(); ++column) {
      const QString name = column < header.size() ? header[column] : QString();
      parts << (name.isEmpty() ? cells[column] : name + QStringLiteral(": ") + cells[column]);
    }
    notes[cells.front()] = parts.join(QStringLiteral(" · "));
  }
  return notes;
}

}  // namespace

std::vector<Checkpoint> findCheckpoints(const QString &series) {
  std::vector<Checkpoint> found;
  const std::map<QString, QString> notes = readmeNotes(series);
  static const QRegularExpression stepName(QStringLiteral("^step-(\\d+)$"));
  const QDir dir(series);
  for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
    const QRegularExpressionMatch match = stepName.match(name);
    const QString folder = dir.filePath(name);
    if (!match.hasMatch() || !looksLikeModelFolder(folder)) continue;
    const auto note = notes.find(name);
    found.push_back({match.captured(1).toInt(), folder, note == notes.end() ? QString() : note->second});
  }
  std::sort(found.begin(), found.end(), [](const Checkpoint &a, const Checkpoint &b) { return a.step < b.step; });
  return found;
}

CheckpointTimeline::CheckpointTimeline(QWidget *parent) : QWidget(parent) {
  m_title = new QLabel(tr("No checkpoint series open"), this);
  m_title->setObjectName(QStringLiteral("seriesTitle"));
  m_slider = new QSlider(Qt::Horizontal, this);
  m_slider->setObjectName(QStringLiteral("checkpointSlider"));
  m_slider->setTickPosition(QSlider::TicksBelow);
  m_slider->setTickInterval(1);
  m_slider->setPageStep(1);
  m_slider->setEnabled(false);
  m_slider->setFocusPolicy(Qt::StrongFocus);
  m_slider->setToolTip(tr("Scrub through training: each position shows that checkpoint in every view "
                          "(←/→ one checkpoint, Home/End first/last, when the slider has focus)"));
  m_slider->installEventFilter(this);
  m_stepLabel = new QLabel(this);
  m_stepLabel->setObjectName(QStringLiteral("checkpointLabel"));
  m_stepLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

  m_ticks = new QHBoxLayout;
  m_ticks->setContentsMargins(0, 0, 0, 0);
  auto *top = new QHBoxLayout;
  top->addWidget(m_title);
  top->addStretch(1);
  top->addWidget(m_stepLabel);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(m_slider);
  layout->addLayout(m_ticks);
  layout->addStretch(1);

  connect(m_slider, &QSlider::valueChanged, this, &CheckpointTimeline::showCheckpoint);
}

JobRunner *CheckpointTimeline::runner() {
  if (m_runner == nullptr) m_runner = new JobRunner(this);  // a timeline of its own (a test's)
  return m_runner;
}

bool CheckpointTimeline::openSeries(const QString &folder, QString *error) {
  std::vector<Checkpoint> found = findCheckpoints(folder);
  if (found.empty()) {
    if (error) {
      *error = tr("%1 holds no checkpoints: expected model folders named step-000100, step-000200, …")
                   .arg(QDir::toNativeSeparators(folder));
    }
    return false;
  }
  ++m_seriesId;
  m_series = folder;
  m_checkpoints = std::move(found);
  m_cache.clear();
  m_failed.clear();
  m_title->setText(tr("Checkpoints: <b>%1</b>").arg(QFileInfo(folder).fileName().toHtmlEscaped()));
  m_title->setToolTip(QDir::toNativeSeparators(folder));
  {
    const QSignalBlocker blocker(m_slider);
    m_slider->setRange(0, static_cast<int>(m_checkpoints.size()) - 1);
    m_slider->setValue(0);
  }
  m_slider->setEnabled(true);
  rebuildTickLabels();
  showCheckpoint(0);  // loads the first, then the rest in the background so scrubbing is instant
  return true;
}

int CheckpointTimeline::currentIndex() const { return m_checkpoints.empty() ? -1 : m_slider->value(); }

void CheckpointTimeline::showCheckpoint(int index) {
  if (index < 0 || index >= static_cast<int>(m_checkpoints.size())) return;
  if (m_slider->value() != index) {
    m_slider->setValue(index);  // comes back here through valueChanged
    return;
  }
  updateLabel();
  const auto cached = m_cache.find(index);
  m_pendingShow = cached == m_cache.end() ? index : -1;
  if (cached != m_cache.end()) {
    const Checkpoint &checkpoint = m_checkpoints[static_cast<std::size_t>(index)];
    emit checkpointShown(cached->second,
                         QFileInfo(m_series).fileName() + QLatin1Char('/') + QFileInfo(checkpoint.folder).fileName());
  } else {
    loadFrom(index);
  }
}

void CheckpointTimeline::loadFrom(int index) {
  // index first, then the others from there on (wrapping round), cached and failed ones left out
  std::vector<std::pair<int, QString>> order;
  const int count = static_cast<int>(m_checkpoints.size());
  for (int n = 0; n < count; ++n) {
    const int next = (index + n) % count;
    if (m_cache.count(next) > 0 || (next != index && m_failed.count(next) > 0)) continue;
    order.emplace_back(next, m_checkpoints[static_cast<std::size_t>(next)].folder);
  }
  if (order.empty()) return;
  JobRunner *jobs = runner();
  const QPointer<const QObject> receiver(this);
  jobs->submit(
      JobLane::Checkpoints, this,
      [jobs, receiver, self = this, series = m_seriesId, budget = m_memoryBudget,
       order = std::move(order)](const JobContext &context) {
        for (const auto &[position, folder] : order) {
          if (context.stopped()) break;
          const int next = position;  // a plain variable: clang 14 cannot capture a structured binding
          std::shared_ptr<const core::Model> model;
          QString error;
          try {
            model = std::make_shared<const core::Model>(core::load_model(folder.toStdString(), budget));
          } catch (const std::exception &e) {
            error = QString::fromStdString(e.what());
          }
          // runs on the GUI thread while this job is the lane's newest and the timeline exists
          jobs->post(JobLane::Checkpoints, context.id(), receiver,
                     [self, series, next, model, error] { self->receive(series, next, model, error); });
        }
        return true;
      },
      [](bool) {});
}

void CheckpointTimeline::receive(quint64 series, int index, std::shared_ptr<const core::Model> model,
                                 const QString &error) {
  if (series != m_seriesId) return;
  const bool shown = index == m_pendingShow && index == m_slider->value();
  if (!model) {
    m_failed.insert(index);  // not again in the background; a later visit tries again
    if (index == m_slider->value()) {
      m_stepLabel->setText(tr("step %1 · could not load").arg(m_checkpoints[static_cast<std::size_t>(index)].step));
    }
    if (shown) {
      m_pendingShow = -1;
      emit checkpointLoadFailed(m_checkpoints[static_cast<std::size_t>(index)].folder, error);
    }
    return;
  }
  m_failed.erase(index);
  m_cache[index] = std::move(model);
  // Only the position the user is on now, unless another model was asked for since.
  if (shown) {
    showCheckpoint(index);
  } else if (index == m_slider->value()) {
    updateLabel();  // no longer "loading…"
  }
}

void CheckpointTimeline::updateLabel() {
  const int index = m_slider->value();
  const Checkpoint &checkpoint = m_checkpoints[static_cast<std::size_t>(index)];
  QString text = tr("step %1").arg(checkpoint.step);
  if (!checkpoint.note.isEmpty()) text += QStringLiteral(" · ") + checkpoint.note;
  if (!isCached(index)) text += tr(" · loading…");
  m_stepLabel->setText(text);
}

void CheckpointTimeline::rebuildTickLabels() {
  while (QLayoutItem *item = m_ticks->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  const int count = static_cast<int>(m_checkpoints.size());
  const int every = std::max(1, (count + kMaxTickLabels - 1) / kMaxTickLabels);
  for (int index = 0; index < count; ++index) {
    if (index % every != 0 && index != count - 1) continue;
    if (m_ticks->count() > 0) m_ticks->addStretch(1);
    auto *label = new QLabel(QString::number(m_checkpoints[static_cast<std::size_t>(index)].step), this);
    label->setObjectName(QStringLiteral("tickLabel"));
    // A step label is a button for its checkpoint: clicking "3000" shows step 3000.
    label->setProperty(kCheckpointIndex, index);
    label->setCursor(Qt::PointingHandCursor);
    label->setToolTip(tr("Show the checkpoint at step %1").arg(label->text()));
    label->installEventFilter(this);
    m_ticks->addWidget(label);
  }
}

bool CheckpointTimeline::eventFilter(QObject *watched, QEvent *event) {
  if (event->type() == QEvent::MouseButtonPress && static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton) {
    const QVariant index = watched->property(kCheckpointIndex);
    if (index.isValid()) {
      showCheckpoint(index.toInt());
      return true;
    }
    if (watched == m_slider && m_slider->isEnabled()) {
      // A click on the groove goes to the checkpoint under the pointer, not one page step towards it.
      QStyleOptionSlider option;
      option.initFrom(m_slider);
      option.orientation = m_slider->orientation();
      option.minimum = m_slider->minimum();
      option.maximum = m_slider->maximum();
      option.sliderPosition = m_slider->sliderPosition();
      option.sliderValue = m_slider->value();
      const QRect handle = m_slider->style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderHandle, m_slider);
      const QPoint position = static_cast<QMouseEvent *>(event)->position().toPoint();
      if (!handle.contains(position)) {
        const int span = m_slider->width() - handle.width();
        const int value = QStyle::sliderValueFromPosition(m_slider->minimum(), m_slider->maximum(),
                                                          position.x() - handle.width() / 2, span);
        showCheckpoint(value);
        return true;
      }
    }
  }
  // The window binds ←/→ to layers; while the slider has focus they move through the checkpoints.
  if (watched == m_slider && event->type() == QEvent::ShortcutOverride) {
    const auto *key = static_cast<QKeyEvent *>(event);
    if ((key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier &&
        (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right || key->key() == Qt::Key_Home ||
         key->key() == Qt::Key_End || key->key() == Qt::Key_PageUp || key->key() == Qt::Key_PageDown)) {
      event->accept();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace ui
