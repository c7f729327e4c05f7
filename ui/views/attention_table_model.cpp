#include "attention_table_model.h"

#include "formula.h"

#include "attention_methods.h"

namespace ui {

AttentionTableModel::AttentionTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void AttentionTableModel::setSlice(std::shared_ptr<const AttentionSlice> slice, int head) {
  beginResetModel();
  m_slice = slice ? std::move(slice) : std::make_shared<const AttentionSlice>();
  m_head = head;
  endResetModel();
}

bool AttentionTableModel::hasHead() const { return !m_slice->empty() && m_head >= 0 && m_head < m_slice->headCount(); }

int AttentionTableModel::rowCount(const QModelIndex &parent) const {
  return parent.isValid() || !hasHead() ? 0 : m_slice->rows();
}

int AttentionTableModel::columnCount(const QModelIndex &parent) const {
  return parent.isValid() || !hasHead() ? 0 : m_slice->cols();
}

QVariant AttentionTableModel::data(const QModelIndex &index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  const int query = index.row();
  const int key = index.column();
  const bool masked = m_slice->isMasked(query, key);
  const float value = m_slice->heads[static_cast<std::size_t>(m_head)](query, key);
  const bool difference = m_slice->scale == ValueScale::Difference;
  switch (role) {
    case Qt::DisplayRole:
      return masked ? tr("masked") : QString::number(value, 'f', difference ? 4 : 3);
    case Qt::ToolTipRole: {
      const QString who = m_slice->perLayer() ? tr("%1, %2").arg(methodName(m_slice->method), methodHeadsLabel(m_slice->methodHeads))
                                             : tr("Head %1").arg(m_head + 1);
      const QString pair = tr("%1: query “%2” (%3) → key “%4” (%5)")
                               .arg(who)
                               .arg(m_slice->queries.tokens[query].text)
                               .arg(query + 1)
                               .arg(m_slice->keys.tokens[key].text)
                               .arg(key + 1);
      if (m_slice->isOutsideWindow(query, key)) {
        return pair + '\n' +
               tr("Masked by the sliding window: a query sees only the last %n key(s), itself included.", nullptr,
                  m_slice->window);
      }
      if (masked) return pair + '\n' + tr("Masked: a decoder token never attends to a later token.");
      // α̂'s hat stays on its α in any font (formula.h).
      // a comparison's B − A (DifferenceView), named by the slice ("B − A (edited − as typed)")
      if (difference) {
        return plainToolTip(pair + '\n' +
                            QStringLiteral("Δα̂ = %1 · %2").arg(value, 0, 'f', 4).arg(m_slice->differenceName));
      }
      return plainToolTip(pair + '\n' + tr("α̂ = %1").arg(value, 0, 'f', 4));
    }
    case ValueRole:
      return masked ? QVariant() : QVariant(value);
    case MaskedRole:
      return masked;
    default:
      return {};
  }
}

QVariant AttentionTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  const TokenSequence &tokens = orientation == Qt::Vertical ? m_slice->queries : m_slice->keys;
  if (!hasHead() || section < 0 || section >= tokens.tokens.size()) return {};
  const TokenLabel &token = tokens.tokens[section];
  switch (role) {
    case Qt::DisplayRole: return token.text;
    case UnknownTokenRole: return token.unknown;
    case Qt::ToolTipRole:
      return token.unknown ? tr("“%1”: not in the model's vocabulary").arg(token.text) : token.text;
    default: return {};
  }
}

}  // namespace ui
