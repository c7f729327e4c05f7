#include "export_menu.h"

#include <algorithm>

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>

#include "analysis/attention_export.h"
#include "attention_methods.h"
#include "classroom_layer_inspector_widget.h"
#include "classroom_panel.h"
#include "classroom_positional_widget.h"
#include "classroom_sandbox_widget.h"
#include "classroom_walkthrough_widget.h"
#include "colour_scales.h"
#include "difference_view.h"
#include "figure_export.h"
#include "heatmap_widget.h"
#include "job_runner.h"
#include "layer_steps.h"
#include "living_diagram_canvas.h"
#include "living_diagram_widget.h"
#include "model_overview_widget.h"
#include "teaching_files.h"
#include "tensor/errors.h"
#include "thumbnail_grid.h"
#include "view_state.h"
#include "view_state_applier.h"
#include "word_graph_widget.h"

namespace ui {

namespace {

const char *const dpiKey = "export/dpi";

struct ExportResult {
  QString path;
  QString error;
};

// Formats and writes on the Export lane.
ExportResult writeAttention(const core::AttentionExport &attention, const QString &path, const QString &suffix) {
  ExportResult result{path, {}};
  std::string bytes;
  try {
    if (suffix == QLatin1String("csv")) bytes = core::attention_csv(attention);
    else if (suffix == QLatin1String("json")) bytes = core::attention_json(attention);
    else bytes = core::attention_npy(attention);
  } catch (const core::InputError &e) {
    result.error = QString::fromStdString(e.what());
    return result;
  }
  result.error = writeFileAtomically(path, QByteArray::fromStdString(bytes));
  return result;
}

}  // namespace

ExportMenu::ExportMenu(const TeachingContext &context, ClassroomPanel *classroom, const ViewStateApplier *applier,
                       QObject *parent)
    : QObject(parent),
      m_context(context),
      m_classroom(classroom),
      m_applier(applier),
      m_exportPng(teachingAction(this, tr("Figure as &PNG…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                                 tr("Save the view on screen as a PNG at a chosen resolution (Ctrl+Shift+E)"))),
      m_exportSvg(teachingAction(this, tr("Figure as &SVG…"), {}, tr("Save the view on screen as a scalable SVG drawing"))),
      m_copyFigure(teachingAction(this, tr("&Copy Figure"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                                  tr("Copy the view on screen to the clipboard as an image (Ctrl+Shift+C)"))),
      m_exportCsv(teachingAction(this, tr("Attention as &CSV…"), {},
                                 tr("The current layer's α̂ for every head, one row per query"))),
      m_exportJson(teachingAction(this, tr("Attention as &JSON…"), {}, tr("The current layer's α̂ with its tokens, as JSON"))),
      m_exportNpy(teachingAction(this, tr("Attention as &NumPy .npy…"), {},
                                 tr("The current layer's α̂ as a float32 array of shape (heads, queries, keys)"))) {
  connect(m_exportPng, &QAction::triggered, this, [this] { chooseFigureFile(currentFigure(), QStringLiteral("png")); });
  connect(m_exportSvg, &QAction::triggered, this, [this] { chooseFigureFile(currentFigure(), QStringLiteral("svg")); });
  connect(m_copyFigure, &QAction::triggered, this, [this] { copyFigure(currentFigure()); });
  connect(m_exportCsv, &QAction::triggered, this, [this] { chooseAttentionFile(QStringLiteral("csv")); });
  connect(m_exportJson, &QAction::triggered, this, [this] { chooseAttentionFile(QStringLiteral("json")); });
  connect(m_exportNpy, &QAction::triggered, this, [this] { chooseAttentionFile(QStringLiteral("npy")); });

  // Every view offers its own figure on right-click.
  const QList<QWidget *> figures = {m_context.wordGraph,        m_context.heatmap,         m_context.overview->grid(),
                                    m_context.smallMultiples,   m_classroom->walkthrough(), m_classroom->positional(),
                                    m_classroom->sandbox(),     m_classroom->layerInspector(),
                                    m_classroom->diagram()->canvas()};
  for (QWidget *figure : figures) {
    figure->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(figure, &QWidget::customContextMenuRequested, this,
            [this, figure](const QPoint &position) { showFigureMenu(figure, position); });
  }

  // The living diagram's own Export button: the frame on show, as File ▸ Export writes it.
  LivingDiagramWidget *diagram = m_classroom->diagram();
  connect(diagram, &LivingDiagramWidget::exportRequested, this, [this, diagram](const QString &format) {
    if (!m_exportPng->isEnabled()) return;
    if (format == QLatin1String("clipboard")) copyFigure(diagram->canvas());
    else chooseFigureFile(diagram->canvas(), format);
  });
  // while exports are off (the workshop's locked mode: no files), so is the button
  connect(m_exportPng, &QAction::enabledChanged, diagram->exportButton(), &QWidget::setVisible);
}

void ExportMenu::addDifferenceView(DifferenceView *view) {
  m_difference = view;
  for (QWidget *figure : {static_cast<QWidget *>(view->heatmap()), static_cast<QWidget *>(view->grid())}) {
    figure->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(figure, &QWidget::customContextMenuRequested, this,
            [this, figure](const QPoint &position) { showFigureMenu(figure, position); });
  }
}

QMenu *ExportMenu::createMenu(QWidget *parent) const {
  auto *menu = new QMenu(tr("&Export"), parent);
  menu->addActions({m_exportPng, m_exportSvg, m_copyFigure});
  menu->addSeparator();
  menu->addActions({m_exportCsv, m_exportJson, m_exportNpy});
  return menu;
}

QString ExportMenu::fail(const QString &message) {
  showTeachingError(m_context.window, tr("Cannot Export"), message);
  emit messageShown(message);
  return message;
}

QWidget *ExportMenu::currentFigure() const {
  if (m_difference && m_context.tabs->currentWidget()->isAncestorOf(m_difference)) return m_difference->heatmap();
  const QString view = m_applier->currentViewName();
  if (view == QLatin1String("graph")) return m_context.wordGraph;
  if (view == QLatin1String("heatmap")) return m_context.heatmap;
  if (view == QLatin1String("grid")) return m_context.overview->grid();
  if (m_context.tabs->currentWidget() == m_classroom) {
    switch (m_classroom->currentPage()) {
      case ClassroomPanel::Page::Walkthrough: return m_classroom->walkthrough();
      case ClassroomPanel::Page::Positional: return m_classroom->positional();
      case ClassroomPanel::Page::Sandbox: return m_classroom->sandbox();
      case ClassroomPanel::Page::LayerInspector: return m_classroom->layerInspector();
      case ClassroomPanel::Page::Diagram: return m_classroom->diagram()->canvas();
    }
  }
  return m_context.tabs->currentWidget();
}

FigureDecor ExportMenu::figureDecor(QWidget *figure) const {
  FigureDecor decor;
  const QString model = m_context.window->windowTitle();
  // What the attention views draw: α̂, or the toolbar's method's matrices (docs/methods.md). The
  // heatmap's title names the method (and, per layer, "all heads"); the legends say what it is.
  const core::AttentionMethod method = m_context.heatmap->slice().method;
  const bool raw = method == core::AttentionMethod::Raw;
  if (figure == m_context.wordGraph) {
    decor.title = tr("Word graph · %1 · %2").arg(m_context.heatmap->title(), model);
    decor.xAxis = tr("queries i (left) → keys j (right)");
    decor.yAxis = tr("token position (first at the top)");
    decor.legend = {{headColour(m_context.heatmap->head()), tr("head colour: one line per pair (i, j)")},
                    {headColour(m_context.heatmap->head()).lighter(150),
                     raw ? tr("wider, darker line: larger α̂_{i,j}")
                         : tr("wider, darker line: larger %1").arg(methodName(method))}};
  } else if (figure == m_context.heatmap) {
    decor.title = raw ? tr("Attention weights α̂ · %1").arg(model) : tr("%1 · %2").arg(m_context.heatmap->title(), model);
    decor.xAxis = tr("key j");
    decor.yAxis = tr("query i");
    // the heatmap draws its own colour bar beside the matrix
  } else if (m_difference && figure == m_difference->heatmap()) {
    // a comparison's B − A (the heatmap draws its diverging colour bar beside the matrix)
    decor.title = tr("Difference of attention · %1 · %2").arg(m_difference->heatmap()->slice().differenceName, model);
    decor.xAxis = tr("key j (the tokens A and B share)");
    decor.yAxis = tr("query i (the tokens A and B share)");
  } else if (m_difference && figure == m_difference->grid()) {
    const float extent = m_difference->result() && m_difference->result()->comparison
                             ? m_difference->result()->comparison->difference.largest
                             : 1.0f;
    decor.title = tr("Difference of attention · %1 · %2").arg(m_difference->currentSlice().differenceName, model);
    decor.xAxis = tr("head (each thumbnail: queries i down, keys j across)");
    decor.yAxis = tr("layer");
    decor.colourBar = FigureColourBar::Diverging;
    decor.colourLow = -std::max(extent, 1e-6f);
    decor.colourHigh = std::max(extent, 1e-6f);
    const core::AttentionMethod method = m_difference->result() && m_difference->result()->comparison
                                             ? m_difference->result()->comparison->method
                                             : core::AttentionMethod::Raw;
    decor.colourLabel = method == core::AttentionMethod::Raw ? tr("Δα̂") : tr("Δ %1").arg(methodName(method));
  } else if (figure == m_classroom->diagram()->canvas()) {
    decor = m_classroom->diagram()->figureDecor(model);  // the frame on show, with its stage's axes
  } else if (figure == m_context.overview->grid() || figure == m_context.smallMultiples) {
    decor.title = tr("Model overview · %1 · %2").arg(describeKind(m_context.overview->currentKind()), model);
    decor.xAxis = tr("head (each thumbnail: queries i down, keys j across)");
    decor.yAxis = figure == m_context.smallMultiples ? tr("this layer") : tr("layer");
    decor.colourBar = FigureColourBar::Weights;
    // norm-based lengths: each layer's thumbnails are coloured up to that layer's largest length
    decor.colourLabel = raw                                   ? tr("α̂")
                        : method == core::AttentionMethod::Norm ? tr("%1 ÷ the layer's largest").arg(methodName(method))
                                                                : methodName(method);
  } else {
    // a Classroom page or another tab: its own matrices carry their token labels
    const int index = m_context.tabs->indexOf(m_context.tabs->currentWidget());
    QString page = m_context.tabs->tabText(index);
    if (m_context.tabs->currentWidget() == m_classroom) page = m_classroom->tabText(m_classroom->currentIndex());
    // a tab's mnemonic '&' goes, an escaped "&&" stays one '&' ("Add && Norm")
    page.replace(QStringLiteral("&&"), QStringLiteral("\u0001")).remove(QLatin1Char('&'));
    page.replace(QChar(0x0001), QLatin1Char('&'));
    decor.title = tr("%1 · %2").arg(page, model);
    decor.xAxis = tr("columns: key j (or dimension)");
    decor.yAxis = tr("rows: query i (or position)");
    decor.colourBar = FigureColourBar::Weights;
    decor.colourLabel = tr("α̂");
  }
  return decor;
}

QString ExportMenu::exportFigure(QWidget *figure, const QString &path, double dpi) {
  if (!figure) return fail(tr("There is no view to export."));
  if (const QString busy = stillFilling(figure); !busy.isEmpty()) return fail(busy);
  const QString suffix = QFileInfo(path).suffix().toLower();
  QString error;
  const FigureDecor decor = figureDecor(figure);
  if (suffix == QLatin1String("svg")) error = exportSvg(figure, decor, path);
  else if (suffix == QLatin1String("png")) error = exportPng(figure, decor, path, dpi);
  else error = tr("Cannot tell the format of %1: name it .png or .svg.").arg(path);
  if (!error.isEmpty()) return fail(error);
  m_context.window->statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
  return {};
}

QString ExportMenu::exportAttention(const QString &path) {
  const bool difference = m_difference && m_context.tabs->currentWidget()->isAncestorOf(m_difference);
  if (difference && m_difference->isComputing()) {
    // the matrix on show is the previous request's until the newest is drawn
    return fail(tr("The difference view is still computing its figure; export it once it is drawn."));
  }
  const AttentionSlice &slice = difference ? m_difference->heatmap()->slice() : m_context.wordGraph->slice();
  if (slice.empty()) return fail(tr("There is no attention to export yet."));
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix != QLatin1String("csv") && suffix != QLatin1String("json") && suffix != QLatin1String("npy")) {
    return fail(tr("Cannot tell the format of %1: name it .csv, .json or .npy.").arg(path));
  }
  // The lane keeps only its newest job, so a second export waits for the first rather than replace it.
  if (m_context.runner->isBusy(JobLane::Export)) {
    return fail(tr("The previous export is still being written; try again in a moment."));
  }
  core::AttentionExport attention;
  // A CSV header names columns: "3:the" tells the two "the" of a sentence apart (position from 0,
  // as rows and columns count in the JSON and NPY exports). JSON and NPY keep the plain tokens.
  const bool csv = suffix == QLatin1String("csv");
  const auto label = [csv](const TokenLabel &token, int position) {
    return (csv ? QStringLiteral("%1:%2").arg(position).arg(token.text) : token.text).toStdString();
  };
  for (int i = 0; i < slice.queries.tokens.size(); ++i) attention.query_tokens.push_back(label(slice.queries.tokens[i], i));
  for (int i = 0; i < slice.keys.tokens.size(); ++i) attention.key_tokens.push_back(label(slice.keys.tokens[i], i));
  attention.heads = slice.heads;
  // A long text's slice holds one head's matrix (view_slices.h): the others are recomputed in the
  // job, one α̂ each.
  std::vector<int> dropped;
  for (int head = 0; head < slice.headCount(); ++head) {
    if (!slice.hasMatrix(head) && slice.recompute) dropped.push_back(head);
  }
  m_context.runner->submit(
      JobLane::Export, this,
      [attention = std::move(attention), dropped, recompute = slice.recompute, path, suffix](const JobContext &) mutable {
        for (const int head : dropped) attention.heads[static_cast<std::size_t>(head)] = recompute(head);
        return writeAttention(attention, path, suffix);
      },
      [this](const ExportResult &result) {
        if (!result.error.isEmpty()) {
          fail(result.error);
        } else {
          m_context.window->statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(result.path)), 4000);
        }
        emit attentionExported(result.path, result.error);
      });
  return {};
}

void ExportMenu::chooseFigureFile(QWidget *figure, const QString &format) {
  if (!figure) return;
  const bool png = format == QLatin1String("png");
  const QString path = QFileDialog::getSaveFileName(
      m_context.window, png ? tr("Export Figure as PNG") : tr("Export Figure as SVG"),
      suggestedFileName(*m_context.state, QStringLiteral("figure"), format),
      png ? tr("PNG images (*.png)") : tr("SVG drawings (*.svg)"));
  if (path.isEmpty()) return;
  double dpi = 96;
  if (png) {
    bool ok = false;
    const int chosen = QInputDialog::getInt(m_context.window, tr("Export Figure as PNG"),
                                            tr("Resolution in dots per inch (96 is the screen's; 300 for print):"),
                                            QSettings().value(dpiKey, 192).toInt(), 72, 1200, 24, &ok);
    if (!ok) return;
    QSettings().setValue(dpiKey, chosen);
    dpi = chosen;
  }
  rememberSaveFolder(path);
  exportFigure(figure, path, dpi);
}

void ExportMenu::chooseAttentionFile(const QString &format) {
  const QString filter = format == QLatin1String("csv")    ? tr("CSV tables (*.csv)")
                         : format == QLatin1String("json") ? tr("JSON files (*.json)")
                                                           : tr("NumPy arrays (*.npy)");
  const QString path = QFileDialog::getSaveFileName(m_context.window, tr("Export Attention"),
                                                    suggestedFileName(*m_context.state, QStringLiteral("attention"), format),
                                                    filter);
  if (path.isEmpty()) return;
  rememberSaveFolder(path);
  exportAttention(path);
}

QString ExportMenu::stillFilling(QWidget *figure) const {
  const ModelOverviewWidget *overview = m_context.overview;
  if (figure == overview->grid() && overview->isFilling()) {
    return tr("The model overview is still computing its thumbnails (%1 of %2 heads); export it once they are all "
              "drawn.")
        .arg(overview->fillDone())
        .arg(overview->fillTotal());
  }
  // The What If tab's figure and the Heads tab's ablation thumbnails are built on their lanes:
  // until the newest is drawn the one on show is the previous request's.
  // A part the figure draws: the figure itself, or a child shown in it (a page of a tab widget
  // that is not on show is not drawn, so its state does not hold the export back).
  const auto shows = [figure](const QWidget *part) {
    return part && (figure == part || (figure->isAncestorOf(part) && part->isVisibleTo(figure)));
  };
  if (m_difference && m_difference->isComputing() && (shows(m_difference->heatmap()) || shows(m_difference->grid()))) {
    return tr("The difference view is still computing its figure; export it once it is drawn.");
  }
  const auto *ablationGrid = figure->objectName() == QLatin1String("ablationGrid")
                                 ? figure
                                 : figure->findChild<ThumbnailGrid *>(QStringLiteral("ablationGrid"));
  if (m_context.runner && m_context.runner->isBusy(JobLane::AblationSlices) && shows(ablationGrid)) {
    return tr("The ablation view is still computing its thumbnails; export it once they are drawn.");
  }
  return {};
}

void ExportMenu::copyFigure(QWidget *figure) {
  if (!figure) return;
  if (const QString busy = stillFilling(figure); !busy.isEmpty()) {
    m_context.window->statusBar()->showMessage(busy, 6000);
    return;
  }
  copyFigureToClipboard(figure, figureDecor(figure), QSettings().value(dpiKey, 192).toDouble());
  m_context.window->statusBar()->showMessage(tr("Copied the figure to the clipboard"), 3000);
}

void ExportMenu::showFigureMenu(QWidget *figure, const QPoint &position) {
  QMenu menu(m_context.window);
  emit figureMenuAboutToShow(figure, position, &menu);
  menu.addAction(tr("Export as PNG…"), this, [this, figure] { chooseFigureFile(figure, QStringLiteral("png")); });
  menu.addAction(tr("Export as SVG…"), this, [this, figure] { chooseFigureFile(figure, QStringLiteral("svg")); });
  menu.addAction(tr("Copy Image"), this, [this, figure] { copyFigure(figure); });
  menu.exec(figure->mapToGlobal(position));
}

}  // namespace ui
