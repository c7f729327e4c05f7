#include "figure_render.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <QFileInfo>
#include <QWidget>

#include "analysis.h"
#include "attention_slice.h"
#include "classroom_matrix_view.h"
#include "families/load_model.h"
#include "tensor/errors.h"
#include "figure_export.h"
#include "heatmap_widget.h"
#include "layer_steps.h"
#include "model_overview_widget.h"
#include "classroom/positional_explorer.h"
#include "word_graph_widget.h"

namespace ui {

namespace {

// As the positional-encoding explorer shows them.
constexpr int shownPositions = 32;

// Messages for the command line, in English like all of its messages.
QString message(const char *text) { return QString::fromUtf8(text); }

// The widget for the request, or a message.
std::unique_ptr<QWidget> buildFigure(const FigureRequest &request, const std::shared_ptr<const core::Model> &model,
                                     QString &error) {
  const core::ModelSpec &config = model->spec();
  if (request.view == QLatin1String("pe")) {
    const core::InputSide side = config.has_encoder() ? core::InputSide::Source : core::InputSide::Target;
    auto table = std::make_unique<ClassroomMatrixView>();
    table->setShowNumbers(false);
    table->setTitle(message("Position vectors e^p (rows: positions, columns: dimensions)"));
    try {
      table->setMatrix(core::positional_table(*model, side, std::min(shownPositions, config.max_positions)),
                       ClassroomMatrixView::Scale::Diverging);
    } catch (const core::InputError &e) {
      error = QString::fromStdString(e.what());
      return nullptr;
    }
    return table;
  }

  AnalysisRequest analysisRequest;
  analysisRequest.model = model;
  analysisRequest.source = request.text.toStdString();
  analysisRequest.target = request.target.toStdString();
  analysisRequest.sourcePair = request.textPair.toStdString();
  analysisRequest.positionalEncoding = request.positionalEncoding;
  const Analysis analysis = runAnalysis(analysisRequest);
  if (!analysis.error.isEmpty()) {
    error = analysis.error;
    return nullptr;
  }
  try {
    const std::vector<std::vector<std::string>> sequences = {analysis.source.tokens, analysis.target.tokens};
    core::check_hide_tokens(request.reading, sequences);
    const bool filter = request.reading.query_segment >= 0 || request.reading.key_segment >= 0;
    if (filter && analysis.source.sequence_ids.empty() && analysis.target.sequence_ids.empty()) {
      throw core::InputError("the A/B filter needs a text pair (text A and text B)");
    }
  } catch (const core::InputError &e) {
    error = QString::fromStdString(e.what());
    return nullptr;
  }
  const std::vector<core::AttentionKind> kinds = attentionKinds(config);
  const core::AttentionKind kind = request.kind.value_or(kinds.front());
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    error = message("this model has no %1").arg(QString::fromLatin1(core::to_string(kind)));
    return nullptr;
  }
  const int layers = layerCount(config, kind);
  if (request.view != QLatin1String("grid") && (request.layer < 0 || request.layer >= layers)) {
    error = message("layer %1 is out of range: %2 has layers 0 to %3")
                .arg(request.layer)
                .arg(QString::fromLatin1(core::to_string(kind)))
                .arg(layers - 1);
    return nullptr;
  }
  if (request.head < 0 || request.head >= config.heads()) {
    error = message("head %1 is out of range: the model has heads 0 to %2").arg(request.head).arg(config.heads() - 1);
    return nullptr;
  }
  SliceOptions options;
  options.positionalEncoding = request.positionalEncoding;
  options.reading = request.reading;
  if (request.view == QLatin1String("graph")) {
    auto graph = std::make_unique<WordGraphWidget>();
    graph->setTopP(static_cast<float>(request.topP));
    graph->setSlice(makeSlice(analysis, {kind, request.layer}, options));
    QVector<bool> visible(config.heads(), false);
    visible[request.head] = true;
    graph->setVisibleHeads(visible);
    return graph;
  }
  if (request.view == QLatin1String("heatmap")) {
    auto heatmap = std::make_unique<HeatmapWidget>();
    heatmap->setSlice(makeSlice(analysis, {kind, request.layer}, options), request.head);
    return heatmap;
  }
  auto overview = std::make_unique<ModelOverviewWidget>();
  overview->setKinds(kinds);
  overview->setCurrentKind(kind);
  std::vector<AttentionSlice> slices;
  for (int layer = 0; layer < layers; ++layer) slices.push_back(makeSlice(analysis, {kind, layer}, options));
  overview->setLayers(slices);
  return overview;
}

}  // namespace

QStringList figureViews() {
  return {QStringLiteral("graph"), QStringLiteral("heatmap"), QStringLiteral("grid"), QStringLiteral("pe")};
}

std::optional<core::AttentionKind> attentionKindFromName(const QString &name) {
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    if (name == QLatin1String(core::to_string(kind))) return kind;
  }
  return std::nullopt;
}

QString renderFigureFile(const FigureRequest &request, const QString &path) {
  if (!figureViews().contains(request.view)) {
    return message("unknown view '%1' (one of %2)").arg(request.view, figureViews().join(QStringLiteral(", ")));
  }
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")) {
    return message("cannot tell the format of %1: name it .png or .svg").arg(path);
  }
  if (request.dpi < 10 || request.dpi > 2400) return message("the DPI must be between 10 and 2400");
  std::shared_ptr<const core::Model> model;
  try {
    model = std::make_shared<const core::Model>(core::load_model(request.model.toStdString()));
  } catch (const std::exception &e) {
    return QString::fromStdString(e.what());
  }
  QString error;
  std::unique_ptr<QWidget> figure = buildFigure(request, model, error);
  if (!figure) return error;
  // Laid out and polished as on screen, but never shown on one.
  figure->setAttribute(Qt::WA_DontShowOnScreen);
  figure->resize(request.size);
  figure->show();
  QCoreApplication::processEvents();
  const QString title = QStringLiteral("AttentionScope: %1").arg(QString::fromStdString(model->spec().name));
  return suffix == QLatin1String("png") ? exportPng(figure.get(), path, request.dpi)
                                        : exportSvg(figure.get(), path, title);
}

}  // namespace ui
