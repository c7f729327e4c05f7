#include "overview_fill.h"

#include <QPointer>

#include "job_runner.h"
#include "thumbnails.h"

namespace ui {

OverviewFill::OverviewFill(JobRunner *runner, QObject *parent) : QObject(parent), m_runner(runner) {}

bool OverviewFill::isBusy() const { return m_runner->isBusy(JobLane::Overview); }

void OverviewFill::cancel() { m_runner->cancel(JobLane::Overview); }

void OverviewFill::stop() { m_runner->supersede(JobLane::Overview); }

void OverviewFill::start(OverviewRequest request) {
  const core::AttentionTrace *trace =
      request.options.methodTrace ? request.options.methodTrace
                                  : (request.analysis ? request.analysis->trace(request.options.positionalEncoding) : nullptr);
  const int layers = trace ? trace->layer_count(request.kind) : 0;
  const int heads = layers > 0 ? trace->head_count(request.kind, 0) : 0;
  // A dense trace's layer is sliced at once (held already; a norm-based layer coloured up to its
  // largest length), an on-demand one's head by head. A short input's thumbnails keep one pixel per
  // cell, as the other views draw it; a long input's are capped (thumbnails.h), a method's too.
  const bool dense = trace && trace->is_dense();
  const core::AttentionTrace *input = request.analysis ? request.analysis->trace(request.options.positionalEncoding) : nullptr;
  const int side = input && input->is_dense() ? 0 : kOverviewThumbnailSide;
  emit started(layers, heads);
  JobRunner *runner = m_runner;
  QPointer<const QObject> receiver(this);
  m_runner->submit(
      JobLane::Overview, this,
      [request = std::move(request), layers, heads, dense, side, runner, receiver, self = this,
       afterHead = m_afterHead](const JobContext &context) {
        const int total = layers * heads;
        int done = 0;
        const auto nothingToShow = [&] {
          runner->post(JobLane::Overview, context.id(), receiver, [self] { emit self->nothingToShow(); });
          return false;
        };
        for (int layer = 0; layer < layers; ++layer) {
          if (context.stopped()) return true;
          AttentionSlice slice;
          if (dense) {
            slice = makeSlice(*request.analysis, {request.kind, layer}, request.options);
            if (slice.empty()) return nothingToShow();
          }
          for (int head = 0; head < heads; ++head) {
            if (context.stopped()) return true;
            if (!dense) {
              // one head's α̂ (recomputed on demand), its thumbnail, and the α̂ dropped again
              SliceOptions options = request.options;
              options.onlyHead = head;
              slice = makeSlice(*request.analysis, {request.kind, layer}, options);
              if (slice.empty()) return nothingToShow();
            }
            OverviewTile tile{layer, head, headThumbnail(slice, head, false, false, side), std::this_thread::get_id()};
            ++done;
            runner->post(JobLane::Overview, context.id(), receiver, [self, tile = std::move(tile), done, total] {
              emit self->tileReady(tile);
              emit self->progressChanged(done, total);
            });
            if (afterHead) afterHead();
          }
        }
        return context.cancelled();
      },
      [this](bool cancelled) { emit finished(cancelled); });
}

}  // namespace ui
