#pragma once
// File ▸ Open from Hugging Face Cache…: the models already on this machine, one row each
// (HfCacheTable); Open (or a double-click) on a row that opens emits modelChosen. Nothing is
// downloaded: a model not in the cache is not listed.

#include <filesystem>
#include <memory>

#include <QDialog>

namespace Ui {
class HfCacheDialog;
}

class QTableView;

namespace ui {

class HfCacheTable;

class HfCacheDialog : public QDialog {
  Q_OBJECT

 public:
  // cache: core::hf_cache_root(...); empty when no cache folder is set.
  explicit HfCacheDialog(const std::filesystem::path &cache, QWidget *parent = nullptr);
  ~HfCacheDialog() override;

  HfCacheTable *table() const { return m_table; }
  QTableView *view() const;
  // Opens the selected row when it opens (as the Open button does).
  void openSelected();

 signals:
  void modelChosen(const QString &id, const QString &folder);

 private:
  int selectedRow() const;  // −1 when none
  void updateSelection();

  std::unique_ptr<Ui::HfCacheDialog> m_ui;
  HfCacheTable *m_table = nullptr;
};

}  // namespace ui
