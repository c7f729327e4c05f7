#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace ui {

namespace {

QPalette darkPalette() {
  QPalette palette;
  const QColor window(0x2b, 0x2d, 0x31);
  const QColor base(0x1e, 0x1f, 0x22);
  const QColor text(0xe6, 0xe6, 0xe6);
  const QColor disabled(0x80, 0x80, 0x80);
  palette.setColor(QPalette::Window, window);
  palette.setColor(QPalette::WindowText, text);
  palette.setColor(QPalette::Base, base);
  palette.setColor(QPalette::AlternateBase, QColor(0x3a, 0x3d, 0x42));
  palette.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
  palette.setColor(QPalette::ToolTipText, text);
  palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
  palette.setColor(QPalette::Text, text);
  palette.setColor(QPalette::Button, window);
  palette.setColor(QPalette::ButtonText, text);
  palette.setColor(QPalette::BrightText, Qt::red);
  palette.setColor(QPalette::Link, QColor(0x6a, 0xa9, 0xff));
  palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
  for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    palette.setColor(QPalette::Disabled, role, disabled);
  }
  return palette;
}

}  // namespace

void applyTheme(Theme theme) {
  static const QString platformStyle = QApplication::style()->name();
  switch (theme) {
    case Theme::System:
      QApplication::setStyle(QStyleFactory::create(platformStyle));
      QApplication::setPalette(QApplication::style()->standardPalette());
      break;
    case Theme::Light:
      QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
      QApplication::setPalette(QApplication::style()->standardPalette());
      break;
    case Theme::Dark:
      QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
      QApplication::setPalette(darkPalette());
      break;
  }
}

QString themeKey(Theme theme) {
  switch (theme) {
    case Theme::System: return QStringLiteral("system");
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
  }
  return {};
}

Theme themeFromKey(const QString &key) {
  if (key == QLatin1String("light")) return Theme::Light;
  if (key == QLatin1String("dark")) return Theme::Dark;
  return Theme::System;
}

}  // namespace ui
