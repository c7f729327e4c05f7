#pragma once
// A settings file that no longer parses (a disk error, an editor's mistake, a crash of another
// program writing it) must not cost the user the rest of their settings, nor be silently replaced
// by defaults. recoverSettings keeps a copy of the damaged file beside it and writes back every value
// QSettings could still read; recoveryMessage names both files for the window to show (formatted
// later, once the translations that the recovered settings choose are installed).

#include <QString>

class QSettings;

namespace ui {

struct SettingsRecovery {
  QString file;         // the settings file; empty when it read cleanly (or does not exist yet)
  QString damagedCopy;  // where the damaged file was kept; empty when no copy could be written
  int keptValues = 0;   // the values read from it and written back

  bool needed() const { return !file.isEmpty(); }
};

// Checks settings.status() after reading; on a format or access error keeps the damaged file as
// "<file>.damaged-<yyyyMMdd-HHmmss>", then rewrites the file with the values that were readable.
// Without a copy the damaged file is left untouched and the defaults apply for this run.
SettingsRecovery recoverSettings(QSettings &settings);

// What happened, for the user: empty when nothing was needed.
QString recoveryMessage(const SettingsRecovery &recovery);

}  // namespace ui
