#pragma once
// Edit ▸ Settings: the preferences other parts of the app hang their options on (threads,
// precision, memory budget, language, theme, the views' defaults). It edits a Preferences value;
// the window stores it (savePreferences) and hands it to the view state.

#include <memory>

#include <QDialog>

#include "preferences.h"

namespace Ui {
class SettingsDialog;
}

namespace ui {

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit SettingsDialog(const Preferences &preferences, QWidget *parent = nullptr);
  ~SettingsDialog() override;

  Preferences preferences() const;  // what the form shows
  void showPreferences(const Preferences &preferences);

 private:
  std::unique_ptr<Ui::SettingsDialog> m_ui;
};

}  // namespace ui
