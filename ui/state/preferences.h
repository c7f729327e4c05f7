#pragma once
// What the Settings dialog edits: how the app computes (threads, precision, memory budget) and
// how it looks (language, theme, the views' defaults). A plain value, read from and written to
// QSettings in one place, so the dialog, the window and the tests agree on every key.

#include <QString>
#include <QStringList>

class QSettings;

namespace ui {

struct Preferences {
  int threads = 0;                      // worker threads for a forward pass; 0: as many as the cores
  QString precision = QStringLiteral("exact");  // "exact" or "fast": core::Precision (core/model/model.h)
  int memoryBudgetMb = 0;               // cap on a pass's memory in MiB; 0: half the available RAM
  QString language = QStringLiteral("system");  // "system", "en", "zh_TW" (used at the next start)
  QString theme = QStringLiteral("system");     // "system", "light", "dark"
  // The views' defaults, applied when the window opens.
  bool positionalEncoding = true;
  bool peDifference = false;
  double threshold = 0.05;              // word-graph lines below this weight are hidden
  // How the views read the tokens at the start (docs/reading.md); a session brings its own.
  bool words = false;                   // sub-word pieces merged into words
  bool hideSpecial = false;             // special tokens hidden, rows rescaled
  bool topPLines = false;               // the word graph draws each query's top-p keys, not a threshold
  double topP = 0.9;                    // that p, in [0.01, 1]

  bool operator==(const Preferences &) const = default;
};

QStringList precisionKeys();  // "exact", "fast"
int maximumThreads();         // the cores of this machine

// Reads the stored preferences; a value out of range or unknown falls back to its default.
Preferences loadPreferences(QSettings &settings);
// Writes them and syncs. QSettings writes its file through QSaveFile (temp file + rename), so a
// crash never leaves half a file. Returns an empty string, or what went wrong.
QString savePreferences(QSettings &settings, const Preferences &preferences);

}  // namespace ui
