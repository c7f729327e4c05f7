#pragma once
// Every number the living diagram draws, taken from the core's walkthrough of one layer, head and
// query (core/classroom/walkthrough.h), arranged as the figure draws it: vectors as rows, one row
// per token. Built on the worker with the walkthrough; the painters only read it.
//   α_{1,i} = q^1 · k^i / √d          alpha (−∞ where the causal mask hides key i)
//   α̂_{1,i} = softmax(α_{1,·})_i      alphaHat
//   α̂_{1,i} v^i                        weighted, one row per key; their sum is b^1
//   A = Q K^T / √d                      scores, rows = queries

#include <vector>

#include <QStringList>

#include "classroom/walkthrough.h"
#include "tensor/tensor.h"

namespace ui {

struct DiagramNumbers {
  QStringList queryTokens;  // the rows of aQ, as labels show them
  QStringList keyTokens;    // the rows of aKv
  QString layerName;        // "Encoder layer 1 · self-attention"
  int query = 0;            // the query that plays the lecture's "1" (0-based row of aQ)
  int head = 0;             // 0-based
  int heads = 0;
  int dK = 0;
  bool causalMask = false;
  bool crossAttention = false;

  core::RowMatrix aQ;   // a^i where the queries come from: (T_q, d_model)
  core::RowMatrix aKv;  // a^i where keys and values come from: (T_k, d_model)
  // This head's vectors.
  core::RowVector q;    // q^1: (d_k)
  core::RowMatrix k;    // k^i as rows: (T_k, d_k)
  core::RowMatrix v;    // v^i as rows: (T_k, d_k)
  std::vector<bool> visible;  // false where the mask hides key i
  core::RowVector alpha;      // (T_k)
  core::RowVector alphaHat;   // (T_k), sums to 1
  core::RowMatrix weighted;   // α̂_{1,i} v^i as rows: (T_k, d_k)
  core::RowVector b;          // b^{1,h} = Σ_i α̂_{1,i} v^i: (d_k)
  // Matrix form, this head.
  core::RowMatrix queries;  // Q: (T_q, d_k)
  core::RowMatrix scores;   // A = Q K^T / √d: (T_q, T_k), −∞ where masked
  // Multi-head, this query.
  core::RowVector qAllHeads;              // q^1 of every head side by side: (d_model)
  std::vector<core::RowVector> headOutputs;  // b^{1,h}, one per head: (d_k) each
  core::RowVector concatenated;           // [b^{1,1}; …; b^{1,H}]: (d_model)
  core::RowVector output;                 // b^1 = W^O [ … ] + b^O: (d_model)

  bool empty() const { return alpha.size() == 0; }
};

// walkthrough → the figure's numbers; queryTokens and keyTokens label aQ's and aKv's rows.
DiagramNumbers diagramNumbers(const core::Walkthrough &walkthrough, const QStringList &queryTokens,
                              const QStringList &keyTokens, const QString &layerName);

}  // namespace ui
