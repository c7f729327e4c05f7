#pragma once
// Where the bundled default model is: the installed data folder first, then the source tree
// (running from a build folder), the trained default model before the small test model.

#include <QString>
#include <QStringList>

namespace ui {

// The folders searched for bundled models, most preferred first: <applicationDir>/../share/attnscope/models
// (an installed tree: prefix/bin → prefix/share, wherever the prefix is), the data folders of
// QStandardPaths, then the source tree's models/ and tests/data/torch (a build-tree app).
QStringList modelSearchFolders(const QString &applicationDir);
// The same for this executable (QCoreApplication::applicationDirPath()).
QStringList modelSearchFolders();
// The default model's folder in folders (the trained default before the small test model), or an
// empty string when none of them holds one.
QString defaultModelFolder(const QStringList &folders);
QString defaultModelFolder();
// True when the folder looks like a model (has a config.json); loading decides the rest.
bool looksLikeModelFolder(const QString &folder);

}  // namespace ui
