#include "figure_export.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QLabel>
#include <QPainter>
#include <QPointer>
#include <QSvgGenerator>
#include <QWidget>

#include <utility>
#include <vector>

#include "formula.h"
#include "io/atomic_file.h"

namespace ui {

namespace {

constexpr double screenDpi = 96.0;

// While alive, every label in the figure (the widget itself included) whose rich text sets a hat
// in a run of its own for the screen holds its SVG form instead: QSvgGenerator writes one <text>
// element per glyph run, and the raster's form would leave the hat in an element after its α's.
// The labels get their own text back at the end, before anything repaints them.
class SvgLabelTexts {
 public:
  explicit SvgLabelTexts(QWidget *widget) {
    QList<QLabel *> labels = widget->findChildren<QLabel *>();
    if (auto *self = qobject_cast<QLabel *>(widget)) labels.prepend(self);
    for (QLabel *label : labels) {
      const QString text = label->text();
      const QString svg = svgFormulaHtml(text);
      if (svg == text) continue;
      m_saved.emplace_back(label, text);
      label->setText(svg);
    }
  }
  ~SvgLabelTexts() {
    for (const auto &[label, text] : m_saved) {
      if (label) label->setText(text);
    }
  }
  SvgLabelTexts(const SvgLabelTexts &) = delete;
  SvgLabelTexts &operator=(const SvgLabelTexts &) = delete;

 private:
  std::vector<std::pair<QPointer<QLabel>, QString>> m_saved;
};

}  // namespace

QImage renderFigure(QWidget *widget, double dpi) {
  const double scale = dpi / screenDpi;
  QImage image(widget->size() * scale, QImage::Format_ARGB32_Premultiplied);
  // The DPI goes into the file too, so a slide or paper places the figure at its intended size.
  const int dotsPerMeter = static_cast<int>(dpi / 0.0254 + 0.5);
  image.setDotsPerMeterX(dotsPerMeter);
  image.setDotsPerMeterY(dotsPerMeter);
  image.fill(widget->palette().color(QPalette::Window));
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.scale(scale, scale);
  widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  return image;
}

QString writeFileAtomically(const QString &path, const QByteArray &bytes) {
  const std::string target = path.toStdString();
  try {
    core::write_file_atomically(target, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
  } catch (const core::WriteError &error) {
    // error.what() is "<path>: cannot create …: Permission denied"; the path is already in the message
    std::string reason = error.what();
    if (reason.starts_with(target + ": ")) reason.erase(0, target.size() + 2);
    return QObject::tr("Cannot write %1: %2").arg(path, QString::fromStdString(reason));
  }
  return {};
}

QString exportPng(QWidget *widget, const QString &path, double dpi) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!renderFigure(widget, dpi).save(&buffer, "PNG")) return QObject::tr("Cannot encode %1 as PNG").arg(path);
  return writeFileAtomically(path, bytes);
}

QString exportSvg(QWidget *widget, const QString &path, const QString &title) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  {
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(widget->size());
    generator.setViewBox(QRect(QPoint(), widget->size()));
    // The physical size a slide program reads from width/height follows the screen's DPI.
    generator.setResolution(widget->logicalDpiX());
    generator.setTitle(formulaText(title));  // plain text: the SVG <title> holds no markup
    generator.setDescription(QObject::tr("Drawn by AttentionScope"));
    const SvgLabelTexts svgLabels(widget);
    QPainter painter(&generator);
    widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  }  // the painter ends here and the generator writes the closing tags
  return writeFileAtomically(path, bytes);
}

void copyFigureToClipboard(QWidget *widget, double dpi) {
  QApplication::clipboard()->setImage(renderFigure(widget, dpi));
}

QImage renderFigure(QWidget *widget, const FigureDecor &decor, double dpi) {
  const double scale = dpi / screenDpi;
  const QSize size = framedFigureSize(widget->size(), decor, widget->font());
  QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
  const int dotsPerMeter = static_cast<int>(dpi / 0.0254 + 0.5);
  image.setDotsPerMeterX(dotsPerMeter);
  image.setDotsPerMeterY(dotsPerMeter);
  image.fill(widget->palette().color(QPalette::Window));
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.scale(scale, scale);
  paintFramedFigure(painter, widget, decor);
  return image;
}

QString exportPng(QWidget *widget, const FigureDecor &decor, const QString &path, double dpi) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!renderFigure(widget, decor, dpi).save(&buffer, "PNG")) return QObject::tr("Cannot encode %1 as PNG").arg(path);
  return writeFileAtomically(path, bytes);
}

QString exportSvg(QWidget *widget, const FigureDecor &decor, const QString &path) {
  const QSize size = framedFigureSize(widget->size(), decor, widget->font());
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  {
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(), size));
    generator.setResolution(widget->logicalDpiX());
    // QSvgGenerator writes the title as given: "Add & Norm" would break the XML
    generator.setTitle(formulaText(decor.title).toHtmlEscaped());
    generator.setDescription(QObject::tr("Drawn by AttentionScope"));
    const SvgLabelTexts svgLabels(widget);
    QPainter painter(&generator);
    paintFramedFigure(painter, widget, decor);
  }
  return writeFileAtomically(path, bytes);
}

void copyFigureToClipboard(QWidget *widget, const FigureDecor &decor, double dpi) {
  QApplication::clipboard()->setImage(renderFigure(widget, decor, dpi));
}

}  // namespace ui
