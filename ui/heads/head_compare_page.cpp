#include "head_compare_page.h"

#include <algorithm>
#include <optional>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include "attention_slice.h"
#include "head_labels.h"
#include "heatmap_widget.h"
#include "job_runner.h"
#include "word_graph_widget.h"

namespace ui {

namespace {

// One request's two sides, as built on the HeadCompare lane.
struct CompareSlices {
  std::array<core::HeadRef, 2> heads{};
  std::array<bool, 2> chosen{};  // the side's list had a current head
  // shared with the views that draw them: a long input's head is 64 MiB, not copied on the GUI thread
  std::array<std::shared_ptr<const AttentionSlice>, 2> slices{};
};

}  // namespace

HeadComparePage::HeadComparePage(JobRunner *runner, QWidget *parent) : QWidget(parent), m_runner(runner) {
  auto *layout = new QVBoxLayout(this);
  auto *bar = new QHBoxLayout;
  auto *extremes = new QPushButton(tr("Most Local vs Most Global"), this);
  extremes->setObjectName(QStringLiteral("mostLocalVsGlobal"));
  extremes->setToolTip(tr("The self-attention head with the smallest normalised distance beside the one with the "
                          "largest normalised entropy + distance"));
  connect(extremes, &QPushButton::clicked, this, &HeadComparePage::compareMostLocalAndGlobal);
  auto *sides = new QSplitter(Qt::Horizontal, this);
  for (std::size_t side = 0; side < 2; ++side) {
    auto *column = new QWidget(sides);
    auto *columnLayout = new QVBoxLayout(column);
    m_box[side] = new QComboBox(column);
    m_box[side]->setObjectName(QStringLiteral("compareHead%1").arg(side));
    m_metrics[side] = new QLabel(column);
    m_metrics[side]->setWordWrap(true);
    m_graph[side] = new WordGraphWidget(column);
    m_heatmap[side] = new HeatmapWidget(column);
    auto *views = new QSplitter(Qt::Vertical, column);
    // As in the Attention tab: a long sentence keeps its labels apart and scrolls.
    auto *graphScroll = new QScrollArea(views);
    graphScroll->setFrameShape(QFrame::NoFrame);
    graphScroll->setWidgetResizable(true);
    graphScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    graphScroll->setWidget(m_graph[side]);
    views->addWidget(graphScroll);
    views->addWidget(m_heatmap[side]);
    columnLayout->addWidget(m_box[side]);
    columnLayout->addWidget(m_metrics[side]);
    columnLayout->addWidget(views, 1);
    sides->addWidget(column);
    connect(m_box[side], &QComboBox::currentIndexChanged, this, &HeadComparePage::updateSides);
  }
  bar->addWidget(extremes);
  bar->addStretch(1);
  layout->addLayout(bar);
  layout->addWidget(sides, 1);
}

void HeadComparePage::showHeads(const HeadView &view) {
  m_view = view;
  const std::vector<core::HeadRef> heads = m_view.allHeads();
  for (std::size_t side = 0; side < 2; ++side) {
    QComboBox *box = m_box[side];
    const core::HeadRef previous = comparedHead(static_cast<int>(side));
    const bool had = box->count() > 0;
    {
      const QSignalBlocker blocker(box);
      box->clear();
      for (std::size_t i = 0; i < heads.size(); ++i) {
        box->addItem(tr("%1 · %2").arg(headLabel(heads[i]), headClassName(m_view.classOf(heads[i]))), static_cast<int>(i));
      }
      const auto found = std::find(heads.begin(), heads.end(), previous);
      if (had && found != heads.end()) box->setCurrentIndex(static_cast<int>(found - heads.begin()));
      else box->setCurrentIndex(std::min<int>(static_cast<int>(side), box->count() - 1));
    }
  }
  updateSides();
}

void HeadComparePage::showInput(const HeadView &view) {
  m_view = view;
  updateSides();
}

core::HeadRef HeadComparePage::comparedHead(int side) const {
  const std::vector<core::HeadRef> heads = m_view.allHeads();
  const int index = m_box[static_cast<std::size_t>(side)]->currentIndex();
  return index >= 0 && index < static_cast<int>(heads.size()) ? heads[static_cast<std::size_t>(index)] : core::HeadRef{};
}

void HeadComparePage::updateSides() {
  if (!m_view.shown || !m_view.analysis) {
    m_runner->supersede(JobLane::HeadCompare);  // a result still on its way is for an input no longer shown
    clearSide(0);
    clearSide(1);
    return;
  }
  CompareSlices request;
  for (std::size_t side = 0; side < 2; ++side) {
    request.chosen[side] = m_box[side]->currentIndex() >= 0;
    request.heads[side] = comparedHead(static_cast<int>(side));
  }
  SliceOptions options;
  options.positionalEncoding = m_view.positionalEncoding;
  // words and hidden tokens as the metrics beside it were measured (the views' Reading options)
  options.reading = m_view.inputReading();
  // a long input's α̂ on demand: only the compared head's is recomputed and read (the graph shows
  // it alone), not every head of its layer
  const core::AttentionTrace *trace = m_view.analysis->trace(m_view.positionalEncoding);
  const bool onDemand = trace != nullptr && !trace->is_dense();
  m_runner->submit(
      JobLane::HeadCompare, this,
      [analysis = m_view.analysis, request, options, onDemand](const JobContext &job) {
        CompareSlices built = request;
        for (std::size_t side = 0; side < 2 && !job.stopped(); ++side) {
          if (!built.chosen[side]) continue;
          const core::HeadRef &head = built.heads[side];
          SliceOptions one = options;
          if (onDemand) one.onlyHead = head.head;
          built.slices[side] = std::make_shared<const AttentionSlice>(makeSlice(*analysis, {head.kind, head.layer}, one));
        }
        return built;
      },
      [this](CompareSlices built) {
        for (std::size_t side = 0; side < 2; ++side) {
          if (built.chosen[side] && built.slices[side]) showSide(static_cast<int>(side), built.heads[side], built.slices[side]);
          else clearSide(static_cast<int>(side));
        }
        emit sidesShown();
      });
}

void HeadComparePage::clearSide(int side) {
  const auto s = static_cast<std::size_t>(side);
  m_graph[s]->setSlice({});
  m_heatmap[s]->setSlice({}, 0);
  m_metrics[s]->clear();
}

void HeadComparePage::showSide(int side, const core::HeadRef &head, const std::shared_ptr<const AttentionSlice> &shared) {
  const AttentionSlice &slice = *shared;
  const auto s = static_cast<std::size_t>(side);
  QVector<bool> visible(slice.headCount(), false);
  if (head.head < visible.size()) visible[head.head] = true;
  m_graph[s]->shareSlice(shared);
  m_graph[s]->setVisibleHeads(visible);
  m_heatmap[s]->shareSlice(shared, head.head);
  const core::HeadMetrics *m = m_view.metrics(head);
  if (!m) {
    m_metrics[s]->clear();
    return;
  }
  const core::HeadClass headClass = m_view.classOf(head);
  m_metrics[s]->setText(withMetrics(
      tr("<b>%1</b> · <span style='color:%2'>%3</span><br>entropy %4 nats (%5 of uniform) · mean distance %6 "
         "(%7 of uniform) · local mass %8<br>previous %9 · current %10 · next %11 · sink %12 · confidence %13%14")
          .arg(headLabel(head), headClassColour(headClass).name(), headClassName(headClass)),
      *m));
}

void HeadComparePage::compare(const core::HeadRef &first, const core::HeadRef &second) {
  const std::vector<core::HeadRef> heads = m_view.allHeads();
  const std::array<core::HeadRef, 2> wanted = {first, second};
  for (std::size_t side = 0; side < 2; ++side) {
    const auto found = std::find(heads.begin(), heads.end(), wanted[side]);
    if (found != heads.end()) m_box[side]->setCurrentIndex(static_cast<int>(found - heads.begin()));
  }
  emit comparing();
}

void HeadComparePage::compareMostLocalAndGlobal() {
  std::optional<core::HeadRef> local;
  std::optional<core::HeadRef> global;
  double localScore = 1e300;
  double globalScore = -1e300;
  for (const core::HeadRef &head : m_view.allHeads()) {
    const core::HeadMetrics *m = m_view.metrics(head);
    if (!m || !m->mean_distance_normalized) continue;  // self-attention heads only
    if (*m->mean_distance_normalized < localScore) {
      localScore = *m->mean_distance_normalized;
      local = head;
    }
    const double spread = m->entropy_normalized + *m->mean_distance_normalized;
    if (spread > globalScore) {
      globalScore = spread;
      global = head;
    }
  }
  if (local && global) compare(*local, *global);
}

}  // namespace ui
