#include "hf_cache_table.h"

#include <QLocale>

namespace ui {

HfCacheTable::HfCacheTable(QObject *parent) : QAbstractTableModel(parent) {}

std::vector<HfCacheTable::Row> HfCacheTable::scan(const std::filesystem::path &cache) {
  std::vector<Row> rows;
  for (core::CachedModel &model : core::list_cached_models(cache)) {
    core::FolderProbe probe;
    if (!model.snapshot.empty()) probe = core::probe_model_folder(model.snapshot);
    rows.push_back(Row{std::move(model), std::move(probe)});
  }
  return rows;
}

void HfCacheTable::setRows(std::vector<Row> rows) {
  beginResetModel();
  m_rows = std::move(rows);
  endResetModel();
}

int HfCacheTable::rowCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int HfCacheTable::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString HfCacheTable::id(int row) const { return QString::fromStdString(m_rows.at(static_cast<std::size_t>(row)).model.id); }

QString HfCacheTable::folder(int row) const {
  return QString::fromStdString(m_rows.at(static_cast<std::size_t>(row)).model.snapshot.string());
}

QString HfCacheTable::problem(int row) const {
  const Row &entry = m_rows.at(static_cast<std::size_t>(row));
  // The cache's own problem first (no snapshot, a missing blob), then the loader's.
  return QString::fromStdString(entry.model.problem.empty() ? entry.probe.problem : entry.model.problem);
}

QVariant HfCacheTable::data(const QModelIndex &index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
  const Row &entry = m_rows[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case IdColumn: return id(index.row());
      case ArchitectureColumn: return QString::fromStdString(entry.probe.architecture);
      case SizeColumn: return QLocale().formattedDataSize(static_cast<qint64>(entry.model.size_on_disk));
      case StatusColumn: return opens(index.row()) ? tr("Opens") : tr("Cannot open: %1").arg(problem(index.row()));
      default: return {};
    }
  }
  if (role == Qt::ToolTipRole) {
    if (index.column() == StatusColumn && !opens(index.row())) return problem(index.row());
    if (index.column() == IdColumn) return folder(index.row());
    return {};
  }
  if (role == Qt::TextAlignmentRole && index.column() == SizeColumn) {
    return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
  }
  return {};
}

QVariant HfCacheTable::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case IdColumn: return tr("Model");
    case ArchitectureColumn: return tr("Architecture");
    case SizeColumn: return tr("Size on disk");
    case StatusColumn: return tr("Status");
    default: return {};
  }
}

}  // namespace ui
