#pragma once
// The rows of File ▸ Open from Hugging Face Cache…: every model repository already in the cache
// (core/hub/hf_cache.h), with its architecture (config.json), size on disk and whether it opens —
// the loader's reason when not (core/hub/model_probe.h: no weight is read).

#include <filesystem>
#include <vector>

#include <QAbstractTableModel>

#include "hub/hf_cache.h"
#include "hub/model_probe.h"

namespace ui {

class HfCacheTable : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { IdColumn, ArchitectureColumn, SizeColumn, StatusColumn, ColumnCount };

  // One cached repository and what the loader says of its snapshot.
  struct Row {
    core::CachedModel model;
    core::FolderProbe probe;  // of model.snapshot; empty when there is none
  };

  explicit HfCacheTable(QObject *parent = nullptr);

  // Lists cache and checks each snapshot (reads every config.json and tokenizer file: run it off
  // the GUI thread); an absent cache gives no rows. Thread-safe: touches no table.
  static std::vector<Row> scan(const std::filesystem::path &cache);
  void setRows(std::vector<Row> rows);

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  bool opens(int row) const { return problem(row).isEmpty(); }
  QString id(int row) const;
  QString folder(int row) const;   // the snapshot to open; empty when none can be chosen
  QString problem(int row) const;  // why it does not open; empty when it does

 private:
  std::vector<Row> m_rows;
};

}  // namespace ui
