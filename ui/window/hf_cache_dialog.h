#pragma once
// File ▸ Open from Hugging Face Cache…: the models already on this machine, one row each
// (HfCacheTable); Open (or a double-click) on a row that opens emits modelChosen. Nothing is
// downloaded: a model not in the cache is not listed. The window reads the cache off the GUI
// thread (HfCacheTable::scan on a JobRunner lane) and hands the rows to showRows; until then the
// dialog says it is reading.

#include <filesystem>
#include <memory>

#include <QDialog>

#include "hf_cache_table.h"

namespace Ui {
class HfCacheDialog;
}

class QTableView;

namespace ui {

class HfCacheDialog : public QDialog {
  Q_OBJECT

 public:
  // cache: core::hf_cache_root(...); empty when no cache folder is set.
  explicit HfCacheDialog(const std::filesystem::path &cache, QWidget *parent = nullptr);
  ~HfCacheDialog() override;

  HfCacheTable *table() const { return m_table; }
  bool isListed() const { return m_listed; }
  // The cache's rows, read off the GUI thread; fills the table and says what it found.
  void showRows(std::vector<HfCacheTable::Row> rows);
  QTableView *view() const;
  // Opens the selected row when it opens (as the Open button does).
  void openSelected();

 signals:
  void modelChosen(const QString &id, const QString &folder);
  void listed();  // showRows has filled the table

 private:
  int selectedRow() const;  // −1 when none
  void updateSelection();

  std::unique_ptr<Ui::HfCacheDialog> m_ui;
  HfCacheTable *m_table = nullptr;
  std::filesystem::path m_cache;
  bool m_listed = false;
};

}  // namespace ui
