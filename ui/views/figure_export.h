#pragma once
// Figures out of any view: PNG at a chosen DPI, SVG through Qt SVG, and an image on the clipboard.
// Files are written atomically (QSaveFile), so a failed export never leaves half a figure behind.

#include <QByteArray>
#include <QImage>
#include <QString>

#include "figure_frame.h"

class QWidget;

namespace ui {

// The widget as it looks on screen, drawn at dpi (96 is one pixel per logical pixel).
QImage renderFigure(QWidget *widget, double dpi);

// Each returns an empty string on success, else a message naming the file.
QString exportPng(QWidget *widget, const QString &path, double dpi);
QString exportSvg(QWidget *widget, const QString &path, const QString &title);
// Through core::write_file_atomically (core/io/atomic_file.h): on failure the old file stays.
QString writeFileAtomically(const QString &path, const QByteArray &bytes);

void copyFigureToClipboard(QWidget *widget, double dpi);

// The same with the figure rules (figure_frame.h): the widget drawn inside its title, axis titles
// and legend. The SVG's <title> is the decor's title.
QImage renderFigure(QWidget *widget, const FigureDecor &decor, double dpi);
QString exportPng(QWidget *widget, const FigureDecor &decor, const QString &path, double dpi);
QString exportSvg(QWidget *widget, const FigureDecor &decor, const QString &path);
void copyFigureToClipboard(QWidget *widget, const FigureDecor &decor, double dpi);

}  // namespace ui
