#include "figure_render.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <QFileInfo>
#include <QWidget>

#include "analysis.h"
#include "attention_methods.h"
#include "attention_slice.h"
#include "classroom_matrix_view.h"
#include "families/load_model.h"
#include "tensor/errors.h"
#include "figure_export.h"
#include "heatmap_widget.h"
#include "layer_steps.h"
#include "classroom/position_bias_explorer.h"
#include "classroom/position_kind.h"
#include "classroom/positional_explorer.h"
#include "classroom/rotary_explorer.h"
#include "classroom_rotary_planes.h"
#include "colour_scales.h"
#include "figure_frame.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"
#include "word_graph_widget.h"

namespace ui {

namespace {

// As the positional-encoding explorer shows them.
constexpr int shownPositions = 32;
constexpr int shownDistances = 24;

// Messages for the command line, in English like all of its messages.
QString message(const char *text) { return QString::fromUtf8(text); }

// A figure widget with its title, axis titles and legend (figure_frame.h).
struct Figure {
  std::unique_ptr<QWidget> widget;
  FigureDecor decor;
};

QString modelName(const core::Model &model) { return QString::fromStdString(model.spec().name); }

// The explored side's position term, drawn as the PE explorer draws it.
Figure positionFigure(const core::Model &model, QString &error) {
  const core::InputSide side = core::explored_side(model);
  const core::PositionKind kind = core::position_kind(model, side);
  Figure figure;
  figure.decor.title = message("%1 — positional encoding: %2").arg(modelName(model), QLatin1String(core::to_string(kind)));
  try {
    if (kind == core::PositionKind::Rotary) {
      auto planes = std::make_unique<ClassroomRotaryPlanes>();
      planes->setPlanes(core::rotary_planes(model, side, shownPositions));
      figure.decor.title = message("%1 — rotary positional encoding: pair n turned by p · ω_n").arg(modelName(model));
      figure.decor.xAxis = message("first dim of the pair (cos p ω_n), one plane per frequency pair");
      figure.decor.yAxis = message("second dim (sin p ω_n)");
      figure.decor.legend = {{QColor::fromHslF(0.6, 0.7, 0.8), message("position 0")},
                             {QColor::fromHslF(0.6, 0.7, 0.25), message("position %1").arg(shownPositions - 1)}};
      figure.widget = std::move(planes);
      return figure;
    }
    auto matrix = std::make_unique<ClassroomMatrixView>();
    matrix->setShowNumbers(false);
    if (kind == core::PositionKind::Alibi || kind == core::PositionKind::RelativeBias) {
      QStringList heads;
      QStringList distances;
      core::RowMatrix bias;
      if (kind == core::PositionKind::Alibi) {
        const core::AlibiView view = core::alibi_view(model, side, shownDistances);
        bias = view.bias;
        for (const int d : view.distances) distances << QString::number(d);
        figure.decor.title = message("%1 — ALiBi bias −m_h · (i − j)").arg(modelName(model));
      } else {
        const core::RelativeBiasView view = core::relative_bias_view(model, side, shownDistances);
        bias = view.bias;
        for (const int d : view.distances) distances << QString::number(d);
        figure.decor.title = message("%1 — T5 relative bias b_h[bucket(j − i)]").arg(modelName(model));
      }
      for (Eigen::Index h = 0; h < bias.rows(); ++h) heads << message("head %1").arg(h + 1);
      matrix->setAxisTitles(message("head h"), message("distance i − j (query i, key j)"));
      matrix->setLegendTitle(message("bias"));
      matrix->setMatrix(bias, ClassroomMatrixView::Scale::Diverging, heads, distances);
    } else {
      matrix->setAxisTitles(message("position p"), message("dimension"));
      matrix->setLegendTitle(message("e^p value"));
      figure.decor.title = message("%1 — position vectors e^p (%2)").arg(modelName(model), QLatin1String(core::to_string(kind)));
      matrix->setMatrix(core::positional_table(model, side, std::min(shownPositions, model.spec().max_positions)),
                        ClassroomMatrixView::Scale::Diverging);
    }
    figure.widget = std::move(matrix);
  } catch (const core::InputError &e) {
    error = QString::fromStdString(e.what());
  }
  return figure;
}

// The widget for the request, with its decor, or a message.
Figure buildFigure(const FigureRequest &request, const std::shared_ptr<const core::Model> &model, QString &error) {
  const core::ModelSpec &config = model->spec();
  if (request.view == QLatin1String("pe")) return positionFigure(*model, error);

  AnalysisRequest analysisRequest;
  analysisRequest.model = model;
  analysisRequest.source = request.text.toStdString();
  analysisRequest.target = request.target.toStdString();
  analysisRequest.sourcePair = request.textPair.toStdString();
  analysisRequest.positionalEncoding = request.positionalEncoding;
  analysisRequest.memoryBudget = request.memoryBudget;
  const auto shared = std::make_shared<const Analysis>(runAnalysis(analysisRequest));
  const Analysis &analysis = *shared;
  if (!analysis.error.isEmpty()) {
    error = analysis.error;
    return {};
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
    return {};
  }
  const std::vector<core::AttentionKind> kinds = attentionKinds(config);
  const core::AttentionKind kind = request.kind.value_or(kinds.front());
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    error = message("this model has no %1").arg(QString::fromLatin1(core::to_string(kind)));
    return {};
  }
  const int layers = layerCount(config, kind);
  if (request.view != QLatin1String("grid") && (request.layer < 0 || request.layer >= layers)) {
    error = message("layer %1 is out of range: %2 has layers 0 to %3")
                .arg(request.layer)
                .arg(QString::fromLatin1(core::to_string(kind)))
                .arg(layers - 1);
    return {};
  }
  if (request.head < 0 || request.head >= config.heads()) {
    error = message("head %1 is out of range: the model has heads 0 to %2").arg(request.head).arg(config.heads() - 1);
    return {};
  }
  const core::AttentionMethod method = request.method;
  const bool raw = method == core::AttentionMethod::Raw;
  const bool perLayer = !core::is_per_head(method);
  const QString methodLabel = QString::fromLatin1(core::to_string(method));
  if (perLayer && request.head != 0) {
    error = message("--method %1 has one matrix per layer (all heads): --head %2 does not apply")
                .arg(methodLabel)
                .arg(request.head);
    return {};
  }
  if (!core::method_covers(method, kind)) {
    error = message("--method %1 follows one stack's self-attention: it has no %2 matrices")
                .arg(methodLabel, QString::fromLatin1(core::to_string(kind)));
    return {};
  }
  // the method's matrices, computed from the same pass as the app's Method lane computes them
  MethodTrace methodTrace;
  SliceOptions options;
  options.positionalEncoding = request.positionalEncoding;
  options.reading = request.reading;
  if (!raw) {
    methodTrace = computeMethod(shared, method, request.positionalEncoding);
    if (!methodTrace.error.isEmpty()) {
      error = methodTrace.error;
      return {};
    }
    options.methodTrace = &methodTrace.trace;
    options.method = method;
    options.methodNote = sampleCaption(methodTrace.queries, methodTrace.queryRows);
  }
  // what a cell holds, for titles and legends: "attention weights α̂", "norm-based attention", …
  const QString value = raw ? message("attention weights α̂") : methodName(method);
  const QString where = message("%1, layer %2").arg(describeKind(kind)).arg(request.layer + 1);
  const QString which = perLayer ? message("all heads") : message("head %1").arg(request.head + 1);
  const QString noPe = request.positionalEncoding ? QString() : message(" (positional encoding off)");
  Figure figure;
  if (request.view == QLatin1String("graph")) {
    auto graph = std::make_unique<WordGraphWidget>();
    graph->setTopP(static_cast<float>(request.topP));
    const AttentionSlice slice = makeSlice(analysis, {kind, request.layer}, options);
    QVector<bool> visible(slice.headCount(), false);
    if (!visible.isEmpty()) visible[perLayer ? 0 : request.head] = true;
    graph->setSlice(slice);
    graph->setVisibleHeads(visible);
    figure.decor.title = message("%1 — word graph%2, %3, %4%5")
                             .arg(modelName(*model), raw ? QString() : QStringLiteral(", ") + value, where, which, noPe);
    figure.decor.xAxis = message("queries i (left) → keys j (right)");
    figure.decor.yAxis = message("token position (first at the top)");
    figure.decor.legend = {{headColour(request.head), message("%1: one line per pair (i, j)").arg(which)},
                           {headColour(request.head).lighter(150),
                            raw ? message("wider, darker line: larger α̂_{i,j}")
                                : message("wider, darker line: larger %1").arg(value)}};
    figure.widget = std::move(graph);
    return figure;
  }
  if (request.view == QLatin1String("heatmap")) {
    auto heatmap = std::make_unique<HeatmapWidget>();
    heatmap->setSlice(makeSlice(analysis, {kind, request.layer}, options), perLayer ? 0 : request.head);
    figure.decor.title = message("%1 — %2, %3, %4%5").arg(modelName(*model), value, where, which, noPe);
    figure.decor.xAxis = message("key j");
    figure.decor.yAxis = message("query i");
    // the heatmap draws its own colour bar (α̂ from 0 to 1) beside the matrix
    figure.widget = std::move(heatmap);
    return figure;
  }
  // grid: the thumbnails alone, no kind chooser and no hint
  auto grid = std::make_unique<ThumbnailGrid>();
  grid->setMaximumThumbnailSize(std::max(request.size.width(), request.size.height()));
  QVector<Thumbnail> thumbnails;
  QStringList rows;
  QStringList columns;
  for (int layer = 0; layer < layers; ++layer) {
    const AttentionSlice slice = makeSlice(analysis, {kind, layer}, options);
    thumbnails += headThumbnails(slice, {}, -1);
    rows << message("Layer %1").arg(layer + 1);
  }
  if (perLayer) {
    columns << message("All heads");
  } else {
    for (int head = 0; head < config.heads(); ++head) columns << message("Head %1").arg(head + 1);
  }
  grid->setThumbnails(thumbnails, rows, columns);
  figure.decor.title = raw ? message("%1 — %2, every layer and head%3").arg(modelName(*model), describeKind(kind), noPe)
                           : message("%1 — %2, %3, every layer%4")
                                 .arg(modelName(*model), value, describeKind(kind), noPe);
  figure.decor.xAxis = message("head (each thumbnail: queries i down, keys j across)");
  figure.decor.yAxis = message("layer");
  figure.decor.colourBar = FigureColourBar::Weights;
  // norm-based lengths: each layer's thumbnails are coloured up to that layer's largest length
  figure.decor.colourLabel = raw                                     ? message("α̂")
                             : method == core::AttentionMethod::Norm ? message("%1 ÷ the layer's largest").arg(value)
                                                                     : value;
  figure.widget = std::move(grid);
  return figure;
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
    model = std::make_shared<const core::Model>(core::load_model(request.model.toStdString(), request.memoryBudget));
  } catch (const std::exception &e) {
    return QString::fromStdString(e.what());
  }
  QString error;
  Figure figure = buildFigure(request, model, error);
  if (!figure.widget) return error;
  // The frame takes its share of the requested size; the figure gets the rest.
  const QSize frame = framedFigureSize(QSize(0, 0), figure.decor, figure.widget->font());
  const QSize content = (request.size - frame).expandedTo(QSize(40, 40));
  // Laid out and polished as on screen, but never shown on one.
  figure.widget->setAttribute(Qt::WA_DontShowOnScreen);
  figure.widget->resize(content);
  figure.widget->show();
  QCoreApplication::processEvents();
  // a long text's heatmap draws tiles, aggregated here: no event loop runs to deliver them
  if (auto *heatmap = qobject_cast<HeatmapWidget *>(figure.widget.get())) heatmap->computeTilesHere();
  return suffix == QLatin1String("png") ? exportPng(figure.widget.get(), figure.decor, path, request.dpi)
                                        : exportSvg(figure.widget.get(), figure.decor, path);
}

}  // namespace ui
