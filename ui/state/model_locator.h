#pragma once
// Where the bundled default model is: the installed data folder first, then the source tree
// (running from a build folder), the trained default model before the small test model.

#include <QString>
#include <QStringList>

namespace ui {

// The folders searched for bundled models, most preferred first.
QStringList modelSearchFolders();
// The default model's folder, or an empty string when no bundled model is found.
QString defaultModelFolder();
// True when the folder looks like a model (has a config.json); loading decides the rest.
bool looksLikeModelFolder(const QString &folder);

}  // namespace ui
