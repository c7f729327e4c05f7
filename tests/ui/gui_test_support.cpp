#include "gui_test_support.h"

#include <algorithm>
#include <memory>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "main_window.h"
#include "model_overview_widget.h"
#include "overview_fill.h"
#include "thumbnail_grid.h"

namespace ui::test {

QString testData(const QString &relative) { return QStringLiteral(ATTNSCOPE_TEST_DATA "/") + relative; }

QString defaultTestModel() { return testData(QStringLiteral("torch/encdec-post-relu")); }

void isolateSettings() {
  static const auto folder = std::make_unique<QTemporaryDir>();
  QCoreApplication::setOrganizationName(QStringLiteral("AttentionScopeTests"));
  QCoreApplication::setApplicationName(QStringLiteral("attnscope-tests"));
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder->path());
  QSettings().clear();
}

AttentionSlice makeTestSlice(const std::vector<core::RowMatrix> &heads, bool causal, core::AttentionKind kind) {
  AttentionSlice slice;
  slice.step = {kind, 0};
  slice.heads = heads;
  slice.causal = causal;
  for (Eigen::Index q = 0; q < heads.front().rows(); ++q) slice.queries.tokens.push_back({QStringLiteral("q%1").arg(q), false});
  for (Eigen::Index k = 0; k < heads.front().cols(); ++k) slice.keys.tokens.push_back({QStringLiteral("k%1").arg(k), false});
  return slice;
}

int colourDistance(QRgb pixel, const QColor &colour) {
  return std::max({std::abs(qRed(pixel) - colour.red()), std::abs(qGreen(pixel) - colour.green()),
                   std::abs(qBlue(pixel) - colour.blue())});
}

int inkPixels(const QImage &image, int x, int top, int bottom, const QColor &background, int tolerance) {
  int count = 0;
  for (int y = std::max(top, 0); y <= std::min(bottom, image.height() - 1); ++y) {
    if (colourDistance(image.pixel(x, y), background) > tolerance) ++count;
  }
  return count;
}

int strongestInk(const QImage &image, int x, int top, int bottom, const QColor &background) {
  int strongest = 0;
  for (int y = std::max(top, 0); y <= std::min(bottom, image.height() - 1); ++y) {
    strongest = std::max(strongest, colourDistance(image.pixel(x, y), background));
  }
  return strongest;
}

bool waitForOverview(const MainWindow &window, int timeout) {
  return QTest::qWaitFor(
      [&] {
        const QVector<Thumbnail> &thumbnails = window.overview()->grid()->thumbnails();
        return !window.overviewFill()->isBusy() && !thumbnails.isEmpty() &&
               std::none_of(thumbnails.begin(), thumbnails.end(), [](const Thumbnail &t) { return t.image.isNull(); });
      },
      timeout);
}

QString copyModelWithPositions(const QString &source, const QString &target, int positions) {
  const QDir from(source);
  for (const QString &name : from.entryList(QDir::Files)) {
    if (!QFile::copy(from.filePath(name), QDir(target).filePath(name))) return QStringLiteral("cannot copy ") + name;
  }
  QFile config(QDir(target).filePath(QStringLiteral("config.json")));
  if (!config.open(QIODevice::ReadOnly)) return QStringLiteral("cannot read config.json");
  QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
  config.close();
  json[QStringLiteral("max_position_embeddings")] = positions;
  if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) return QStringLiteral("cannot write config.json");
  config.write(QJsonDocument(json).toJson());
  return {};
}

}  // namespace ui::test
