#include "head_view.h"

#include "analysis/reading/read_report.h"

namespace ui {

core::HeadClass HeadView::classOf(const core::HeadRef &head) const {
  const core::HeadMetrics *m = metrics(head);
  return m ? core::classify_head(*m, thresholds) : core::HeadClass::Mixed;
}

std::vector<core::HeadRef> HeadView::allHeads() const {
  std::vector<core::HeadRef> heads;
  if (!shown) return heads;
  for (const core::KindHeads &kind : shown->report.kinds) {
    for (int layer = 0; layer < kind.layers; ++layer) {
      for (int head = 0; head < kind.heads; ++head) heads.push_back({kind.kind, layer, head});
    }
  }
  return heads;
}

core::ReadingOptions HeadView::inputReading() const {
  if (!input || !analysis || input->analysis != analysis) return {};
  return core::CorpusReading(input->reading).for_sentence(analysis->source, analysis->target);
}

}  // namespace ui
