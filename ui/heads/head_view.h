#pragma once
// What the pages of the Heads tab draw from: the metrics on show, the input they belong to, and
// the tab's choices (attention kind, class thresholds, selected head). The tab builds one after
// each change and hands it to its pages; a page keeps its copy for hover and click handlers.

#include <memory>
#include <vector>

#include "analysis.h"
#include "head_analysis_controller.h"

namespace ui {

struct HeadView {
  std::shared_ptr<const HeadAnalysisResult> shown;  // a corpus's while one is shown, else this input's; null: none yet
  std::shared_ptr<const HeadAnalysisResult> input;  // this input's, for the pages that draw its attention
  std::shared_ptr<const Analysis> analysis;
  bool positionalEncoding = true;
  core::AttentionKind kind = core::AttentionKind::EncoderSelf;
  core::HeadThresholds thresholds;
  core::HeadRef selected;

  const core::KindHeads *heads() const { return shown ? shown->report.find(kind) : nullptr; }  // the kind's metrics
  const core::HeadMetrics *metrics(const core::HeadRef &head) const { return shown ? shown->report.find(head) : nullptr; }
  core::HeadClass classOf(const core::HeadRef &head) const;  // Mixed without metrics
  std::vector<core::HeadRef> allHeads() const;              // every head with metrics, kind by kind
  // How the pages that draw this input's attention (Compare, Rollout) read it: as its metrics were
  // measured (HeadAnalysisResult::reading, the views' Words and hidden tokens; only the tokens to
  // hide that the input holds; a long input's too), every token when there are none.
  core::ReadingOptions inputReading() const;
};

}  // namespace ui
