// Benchmark, not a test (ctest does not run it): the memory a long text's Attention-tab slices
// hold (issue 15). One pass over a text of about TOKENS tokens with α̂ on demand, then the view
// slices of layer 1 built as the window builds them, either keeping every head's matrix (`all`,
// buildViewSlices: what the window held before) or the focused head's only, with each other
// head's word-graph lines (`one`, buildLongViewSlices). Prints the resident set (VmRSS, from
// /proc/self/status) before and after building, with the slices still held, the bytes of the
// matrices held, and the peak (VmHWM). Run each mode in its own process, so the peaks do not mix:
//   build/tests/ui/bench_slice_memory MODEL_DIR TOKENS all|one
// A Llama-3.2-1B-shaped layer (32 heads of 64): tests/bench/make_llama_1b /tmp/llama-1b-l1 --layers 1

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include <QGuiApplication>

#include "analysis.h"
#include "families/load_model.h"
#include "view_slices.h"

namespace {

// A line of /proc/self/status ("VmRSS:", "VmHWM:") in MiB.
double statusMiB(const std::string &field) {
  std::ifstream status("/proc/self/status");
  std::string name;
  while (status >> name) {
    if (name == field) {
      double kib = 0;
      status >> kib;
      return kib / 1024.0;
    }
    status.ignore(1 << 12, '\n');
  }
  return -1;
}

}  // namespace

int main(int argc, char **argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  if (argc != 4 || (std::string(argv[3]) != "all" && std::string(argv[3]) != "one")) {
    std::fprintf(stderr, "usage: bench_slice_memory MODEL_DIR TOKENS all|one\n");
    return 2;
  }
  const bool keepAll = std::string(argv[3]) == "all";
  const int tokens = std::atoi(argv[2]);
  ui::AnalysisRequest request;
  request.model = std::make_shared<const core::Model>(core::load_model(argv[1]));
  // words the Llama 3 tokenizer reads as one token each (with their leading space)
  static const char *const words[] = {"the", "cat", "sat", "on", "a", "mat"};
  for (int w = 0; w + 1 < tokens; ++w) request.source += std::string(w > 0 ? " " : "") + words[w % 6];
  request.attention = core::AttentionStorage::OnDemand;
  const auto passStart = std::chrono::steady_clock::now();
  const auto analysis = std::make_shared<const ui::Analysis>(ui::runAnalysis(request));
  const double passSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - passStart).count();
  if (!analysis->error.isEmpty()) {
    std::fprintf(stderr, "%s\n", qPrintable(analysis->error));
    return 1;
  }
  const ui::LayerStep step{request.model->spec().has_encoder() ? core::AttentionKind::EncoderSelf
                                                               : core::AttentionKind::DecoderSelf,
                           0};
  const double before = statusMiB("VmRSS:");
  const auto buildStart = std::chrono::steady_clock::now();
  ui::LongTextViews longText;
  longText.keepHead = 0;
  longText.lineKeys = 5;     // the window's kTopKeysOfLongText
  longText.linesFrom = 256;  // and kAllKeysUpTo
  const ui::ViewSlices slices = keepAll ? ui::buildViewSlices(*analysis, step, {}, 128)
                                        : ui::buildLongViewSlices(analysis, step, {}, 128, longText);
  const double buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - buildStart).count();
  const double after = statusMiB("VmRSS:");
  double held = 0;
  for (const core::RowMatrix &matrix : slices.weights.heads) held += double(matrix.size()) * sizeof(float);
  std::printf("%s: %d tokens, %d heads; pass %.1f s, slices built in %.1f s\n", keepAll ? "all" : "one",
              slices.weights.rows(), slices.weights.headCount(), passSeconds, buildSeconds);
  std::printf("  VmRSS before %.0f MiB, after %.0f MiB (+%.0f MiB); matrices held %.0f MiB; VmHWM %.0f MiB\n", before,
              after, after - before, held / (1024.0 * 1024.0), statusMiB("VmHWM:"));
  return 0;
}
