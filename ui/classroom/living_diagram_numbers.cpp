#include "living_diagram_numbers.h"

namespace ui {

DiagramNumbers diagramNumbers(const core::Walkthrough &walkthrough, const QStringList &queryTokens,
                              const QStringList &keyTokens, const QString &layerName) {
  DiagramNumbers numbers;
  const core::QueryStep &step = walkthrough.step;
  numbers.queryTokens = queryTokens;
  numbers.keyTokens = keyTokens;
  numbers.layerName = layerName;
  numbers.query = walkthrough.request.query;
  numbers.head = walkthrough.request.head;
  numbers.heads = walkthrough.heads;
  numbers.dK = walkthrough.d_k;
  numbers.causalMask = walkthrough.causal_mask;
  numbers.crossAttention = walkthrough.cross_attention;
  numbers.aQ = walkthrough.a_q;
  numbers.aKv = walkthrough.a_kv;

  // The walkthrough keeps vectors as columns (the lecture's I = [a^1 … a^n]); the figure draws rows.
  numbers.q = step.q.transpose();
  numbers.k = step.k.transpose();
  numbers.v = step.v.transpose();
  numbers.visible = step.visible;
  numbers.alpha = step.alpha.transpose();
  numbers.alphaHat = step.alpha_hat.transpose();
  // α̂_{1,i} v^i: each value row scaled by its weight; the rows sum to b^1
  numbers.weighted = numbers.alphaHat.transpose().asDiagonal() * numbers.v;
  numbers.b = step.b.transpose();

  numbers.queries = walkthrough.matrix.q.transpose();
  // the walkthrough's A is (T_k, T_q), a column per query; the figure puts queries in rows
  numbers.scores = walkthrough.matrix.a.transpose();

  numbers.qAllHeads = walkthrough.q.row(numbers.query);
  for (const core::RowMatrix &head : walkthrough.head_outputs) numbers.headOutputs.push_back(head.row(numbers.query));
  numbers.concatenated = walkthrough.concatenated.row(numbers.query);
  numbers.output = walkthrough.output.row(numbers.query);
  return numbers;
}

}  // namespace ui
