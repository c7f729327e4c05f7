#include "startup_screenshot.h"

#include <utility>

#include <QBuffer>
#include <QTimer>

#include "analysis.h"
#include "difference_view.h"
#include "figure_export.h"
#include "head_analysis_widget.h"
#include "input_panel.h"
#include "main_window.h"
#include "overview_fill.h"
#include "whatif_panel.h"

namespace ui {

void showStartupInput(MainWindow &window, const StartupInput &input) {
  // setSourceText/setTargetText settle at once: the view state holds the text before the model
  // has loaded, and the model's first computation reads it.
  if (input.text) window.inputPanel()->setSourceText(*input.text);
  if (input.target) window.inputPanel()->setTargetText(*input.target);
}

StartupScreenshot::StartupScreenshot(MainWindow *window, QString file, StartupInput input)
    : QObject(window), m_window(window), m_file(std::move(file)), m_input(std::move(input)) {
  connect(m_window, &MainWindow::viewsUpdated, this, &StartupScreenshot::viewsUpdated);
  connect(m_window, &MainWindow::modelLoadFailed, this, [this](const QString &, const QString &message) {
    if (m_taken) return;
    m_taken = true;
    emit finished(message);
  });
}

bool StartupScreenshot::isResultOfInput(const Analysis &analysis) const {
  if (m_input.text && analysis.sourceText != m_input.text->toStdString()) return false;
  const bool readsTarget = analysis.model && analysis.model->spec().has_encoder() && analysis.model->spec().has_decoder();
  return !(readsTarget && m_input.target && analysis.targetText != m_input.target->toStdString());
}

void StartupScreenshot::viewsUpdated() {
  const std::shared_ptr<const Analysis> analysis = m_window->analysis();
  // Not the "computing" placeholder, and not a result for other text (the one remembered).
  if (m_taken || !analysis || !isResultOfInput(*analysis)) return;
  m_taken = true;
  if (m_size.isValid()) m_window->resize(m_size);
  // One more turn of the event loop lets every view finish its pending repaint.
  QTimer::singleShot(200, this, &StartupScreenshot::save);
}

void StartupScreenshot::save() {
  // The Model overview, when it is on show, fills in the background: the picture waits for its
  // last thumbnail (a fill started since, for another result, is waited for in turn).
  if (OverviewFill *fill = m_window->overviewFill(); fill && fill->isBusy()) {
    connect(fill, &OverviewFill::finished, this, &StartupScreenshot::save, Qt::SingleShotConnection);
    return;
  }
  // So do the What If tab's difference figure and the Heads tab's ablation thumbnails, built on
  // their lanes: each request ends with its signal (a figure drawn, or a message drawn at once).
  if (DifferenceView *difference = m_window->whatIf()->view(); difference->isComputing()) {
    connect(difference, &DifferenceView::figureShown, this, &StartupScreenshot::save, Qt::SingleShotConnection);
    return;
  }
  if (HeadAnalysisWidget *heads = m_window->headAnalysis(); heads->isAblationComputing()) {
    connect(heads, &HeadAnalysisWidget::ablationShown, this, &StartupScreenshot::save, Qt::SingleShotConnection);
    return;
  }
  if (m_size.isValid() && m_window->size() != m_size) {
    emit finished(QStringLiteral("the window cannot be %1 × %2 (--size): it is %3 × %4, its minimum %5 × %6; %7 not written")
                      .arg(m_size.width())
                      .arg(m_size.height())
                      .arg(m_window->width())
                      .arg(m_window->height())
                      .arg(m_window->minimumSizeHint().width())
                      .arg(m_window->minimumSizeHint().height())
                      .arg(m_file));
    return;
  }
  // Encoded in memory, then written as every other file is (temporary + rename): a failed write
  // leaves the previous screenshot, and the message says why.
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  const QString error = m_window->grab().save(&buffer, "PNG") ? writeFileAtomically(m_file, png)
                                                              : QStringLiteral("cannot encode %1 as PNG").arg(m_file);
  emit finished(error);
}

}  // namespace ui
