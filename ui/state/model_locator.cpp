#include "model_locator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace ui {

namespace {

// The trained model the app opens first, then the test model it falls back to until that exists.
const char *const kPreferredModels[] = {"translate-en-zh", "encdec-post-relu"};

}  // namespace

QStringList modelSearchFolders(const QString &applicationDir) {
  QStringList folders;
  // Relative to the executable, so an installed tree works wherever it was installed (prefix/bin → prefix/share).
  folders << QDir::cleanPath(applicationDir + QStringLiteral("/../share/attnscope/models"));
  for (const QString &data : QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation)) {
    folders << QDir::cleanPath(data + QStringLiteral("/attnscope/models"));
  }
#ifdef ATTNSCOPE_SOURCE_DIR
  folders << QStringLiteral(ATTNSCOPE_SOURCE_DIR "/models") << QStringLiteral(ATTNSCOPE_SOURCE_DIR "/tests/data/torch");
#endif
  folders.removeDuplicates();
  return folders;
}

QStringList modelSearchFolders() { return modelSearchFolders(QCoreApplication::applicationDirPath()); }

QString defaultModelFolder(const QStringList &folders) {
  for (const char *name : kPreferredModels) {
    for (const QString &folder : folders) {
      const QString candidate = folder + '/' + QLatin1String(name);
      if (looksLikeModelFolder(candidate)) return candidate;
    }
  }
  return {};
}

QString defaultModelFolder() { return defaultModelFolder(modelSearchFolders()); }

bool looksLikeModelFolder(const QString &folder) {
  return QFileInfo(folder + QStringLiteral("/config.json")).isFile();
}

}  // namespace ui
