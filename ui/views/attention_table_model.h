#pragma once
// One head of an attention slice as a table: row = query token, column = key token, the value is
// α̂ (or a comparison's B − A, DifferenceView). Feeds the heatmap's tooltips and any table view.

#include <memory>

#include <QAbstractTableModel>

#include "attention_slice.h"

namespace ui {

class AttentionTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Role {
    ValueRole = Qt::UserRole + 1,  // float; invalid for a masked cell
    MaskedRole,                    // bool: the query never attends to this key (causal mask, sliding window)
    UnknownTokenRole,              // headerData: bool, the token had no vocabulary entry
  };

  explicit AttentionTableModel(QObject *parent = nullptr);

  // Shares the slice (a long input's head is 64 MiB at 4,096 tokens: copying it on the GUI thread
  // faulted in a fresh block each time).
  void setSlice(std::shared_ptr<const AttentionSlice> slice, int head);
  int head() const { return m_head; }

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  bool hasHead() const;

  std::shared_ptr<const AttentionSlice> m_slice = std::make_shared<const AttentionSlice>();
  int m_head = 0;
};

}  // namespace ui
