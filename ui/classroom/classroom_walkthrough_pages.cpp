#include "classroom_walkthrough_pages.h"

#include <cmath>

#include <QObject>

#include "colour_scales.h"
#include "formula.h"

namespace ui {

namespace {

using core::WalkthroughPage;

// Vectors longer than this show their first entries only: a slide cannot hold d_model = 512 numbers.
constexpr Eigen::Index shownValues = 8;

// Every formula goes through the one notation renderer (formula.h); sup/sub fill a translated
// sentence's %1 with a script, the rest are written in the markup.
QString sup(const QString &text) { return formulaHtml(QStringLiteral("x^{%1}").arg(text)).mid(1); }
QString sub(const QString &text) { return formulaHtml(QStringLiteral("x_{%1}").arg(text)).mid(1); }
QString formula(const QString &markup) { return formulaHtml(markup); }
QString position(Eigen::Index index) { return QString::number(index + 1); }

QString vector(const Eigen::Ref<const core::RowVector> &values) {
  QStringList parts;
  for (Eigen::Index n = 0; n < std::min(values.size(), shownValues); ++n) parts << formatNumber(values(n));
  if (values.size() > shownValues) parts << QObject::tr("… (%1 values)").arg(values.size());
  return QStringLiteral("[") + parts.join(QStringLiteral(", ")) + QStringLiteral("]");
}

QString token(const QStringList &tokens, Eigen::Index index) {
  return index < tokens.size() ? tokens[index].toHtmlEscaped() : QString();
}

QString row(const QStringList &cells) {
  return QStringLiteral("<tr><td>") + cells.join(QStringLiteral("</td><td>")) + QStringLiteral("</td></tr>");
}

QString table(const QStringList &header, const QStringList &rows) {
  return QStringLiteral("<table border='1' cellspacing='0' cellpadding='4'><tr><th>") +
         header.join(QStringLiteral("</th><th>")) + QStringLiteral("</th></tr>") + rows.join(QString()) +
         QStringLiteral("</table>");
}

// A matrix as a table with coloured cells: weights on the α̂ scale, others on the diverging one.
QString matrix(const QString &name, const Eigen::Ref<const core::ColumnMatrix> &m, bool weights) {
  float extent = 1e-6f;
  for (Eigen::Index n = 0; n < m.size(); ++n) {
    if (std::isfinite(m.data()[n])) extent = std::max(extent, std::abs(m.data()[n]));
  }
  QString html = QStringLiteral("<p><b>%1</b> (%2 × %3)</p><table cellspacing='1' cellpadding='3'>")
                     .arg(name).arg(m.rows()).arg(m.cols());
  for (Eigen::Index i = 0; i < std::min(m.rows(), shownValues); ++i) {
    html += QStringLiteral("<tr>");
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      const float value = m(i, j);
      const QColor colour = std::isinf(value) ? maskColour() : weights ? weightColour(value) : differenceColour(value, extent);
      const QColor ink = colour.lightnessF() > 0.55 ? Qt::black : Qt::white;
      html += QStringLiteral("<td bgcolor='%1' style='color:%2'>%3</td>")
                  .arg(colour.name(), ink.name(), formatNumber(value));
    }
    html += QStringLiteral("</tr>");
  }
  if (m.rows() > shownValues) html += QStringLiteral("<tr><td>⋮</td></tr>");
  return html + QStringLiteral("</table>");
}

QString inputsPage(const core::Walkthrough &w, const QStringList &queryTokens, const QStringList &keyTokens) {
  QString html = QObject::tr("<p>Each token x%1 has become a vector a%1 = W x%1 (plus its position vector e%1).</p>")
                     .arg(sup("i"));
  if (w.normalised_inputs) {
    html += QObject::tr("<p>This model normalises before attention (pre-LN): the a%1 here are LayerNorm(x%1).</p>")
                .arg(sup("i"));
  }
  const auto rows = [&](const core::RowMatrix &a, const QStringList &tokens) {
    QStringList lines;
    for (Eigen::Index i = 0; i < a.rows(); ++i) lines << row({"a" + sup(position(i)), token(tokens, i), vector(a.row(i))});
    return table({QObject::tr("vector"), QObject::tr("token"), QObject::tr("values")}, lines);
  };
  if (w.cross_attention) {
    html += QObject::tr("<p>Cross-attention: the queries come from the decoder…</p>") + rows(w.a_q, queryTokens) +
            QObject::tr("<p>…the keys and values from the encoder's output.</p>") + rows(w.a_kv, keyTokens);
  } else {
    html += rows(w.a_q, queryTokens);
  }
  return html;
}

QString queryKeyValuePage(const core::Walkthrough &w, const QStringList &queryTokens, const QStringList &keyTokens) {
  QStringList projections;
  for (const QString &name : {QStringLiteral("q"), QStringLiteral("k"), QStringLiteral("v")}) {
    const QString bias = w.has_bias ? QStringLiteral(" + b^%1").arg(name) : QString();
    projections << formula(QStringLiteral("%1^i = W^%1 a^i%2").arg(name, bias));
  }
  QString html = QStringLiteral("<p>") + projections.join(QStringLiteral(", &nbsp; ")) + QStringLiteral("</p>");
  if (w.has_bias) {
    html += QObject::tr("<p>This model has biases: b%1 = %2</p>").arg(sup("q"), vector(w.b_q));
  }
  html += QObject::tr("<p>Head %1 uses values %2–%3 of each vector (d = %4):</p>")
              .arg(w.request.head + 1).arg(w.request.head * w.d_k + 1).arg((w.request.head + 1) * w.d_k).arg(w.d_k);
  const Eigen::Index offset = static_cast<Eigen::Index>(w.request.head) * w.d_k;
  QStringList lines;
  for (Eigen::Index i = 0; i < w.q.rows(); ++i) {
    lines << row({token(queryTokens, i), "q" + sup(position(i)) + " = " + vector(w.q.row(i).segment(offset, w.d_k))});
  }
  for (Eigen::Index i = 0; i < w.k.rows(); ++i) {
    lines << row({token(keyTokens, i), "k" + sup(position(i)) + " = " + vector(w.k.row(i).segment(offset, w.d_k)) +
                                           "<br>v" + sup(position(i)) + " = " + vector(w.v.row(i).segment(offset, w.d_k))});
  }
  return html + table({QObject::tr("token"), QObject::tr("vectors")}, lines);
}

QString query(const core::Walkthrough &w) { return position(w.request.query); }

QString scoresPage(const core::Walkthrough &w, const QStringList &keyTokens) {
  const core::QueryStep &s = w.step;
  QString html = QStringLiteral("<p>%1, &nbsp; d = %2</p>")
                     .arg(formula(QStringLiteral("α_{%1,i} = q^{%1} · k^i / √d").arg(query(w))))
                     .arg(w.d_k);
  QStringList lines;
  for (Eigen::Index i = 0; i < s.alpha_raw.size(); ++i) {
    lines << row({token(keyTokens, i), formatNumber(s.q.dot(s.k.col(i))), formatNumber(s.alpha_raw(i))});
  }
  return html + table({QObject::tr("key"), formula(QStringLiteral("q^{%1} · k^i").arg(query(w))),
                      formula(QStringLiteral("α_{%1,i}").arg(query(w)))},
                     lines);
}

QString maskPage(const core::Walkthrough &w, const QStringList &keyTokens) {
  if (!w.causal_mask) {
    return QObject::tr("<p>No mask here: in %1 every query may look at every key.</p>")
        .arg(w.cross_attention ? QObject::tr("cross-attention") : QObject::tr("the encoder's self-attention"));
  }
  const core::QueryStep &s = w.step;
  QString html = QObject::tr("<p>Masked self-attention: the decoder may only attend to what it has already "
                             "generated, so α%1 = −∞ for every key after position %2; softmax turns −∞ into 0.</p>")
                     .arg(sub(query(w) + ",i"), query(w));
  QStringList lines;
  for (Eigen::Index i = 0; i < s.alpha.size(); ++i) {
    lines << row({token(keyTokens, i), formatNumber(s.alpha_raw(i)),
                  s.visible[i] ? QObject::tr("visible") : QObject::tr("hidden"), formatNumber(s.alpha(i))});
  }
  return html + table({QObject::tr("key"), QObject::tr("before"), QObject::tr("mask"), QObject::tr("after")}, lines);
}

QString softmaxPage(const core::Walkthrough &w, const QStringList &keyTokens) {
  const core::QueryStep &s = w.step;
  const QString a = formula(QStringLiteral("α_{%1,i}").arg(query(w)));
  QString html = QStringLiteral("<p>%1</p>")
                     .arg(formula(QStringLiteral("\\hat{α}_{%1,i} = exp(α_{%1,i}) / Σ_j exp(α_{%1,j})").arg(query(w))));
  QStringList lines;
  for (Eigen::Index i = 0; i < s.alpha.size(); ++i) {
    lines << row({token(keyTokens, i), formatNumber(s.alpha(i)), formatNumber(s.alpha_hat(i))});
  }
  html += table({QObject::tr("key"), a, formula(QStringLiteral("\\hat{α}_{%1,i}").arg(query(w)))}, lines);
  return html + QObject::tr("<p>The weights sum to %1.</p>").arg(formatNumber(s.alpha_hat.sum()));
}

QString weightedSumPage(const core::Walkthrough &w, const QStringList &keyTokens) {
  const core::QueryStep &s = w.step;
  QString html =
      QStringLiteral("<p>%1</p>").arg(formula(QStringLiteral("b^{%1} = Σ_i \\hat{α}_{%1,i} v^i").arg(query(w))));
  QStringList lines;
  for (Eigen::Index i = 0; i < s.alpha_hat.size(); ++i) {
    lines << row({token(keyTokens, i), formatNumber(s.alpha_hat(i)), vector((s.alpha_hat(i) * s.v.col(i)).transpose())});
  }
  html += table({QObject::tr("key"), formula(QStringLiteral("\\hat{α}_{%1,i}").arg(query(w))),
                 formula(QStringLiteral("\\hat{α}_{%1,i} v^i").arg(query(w)))},
                lines);
  return html + QStringLiteral("<p><b>b%1 = %2</b></p>").arg(sup(query(w)), vector(s.b.transpose()));
}

QString matrixFormPage(const core::Walkthrough &w) {
  const core::MatrixForm &m = w.matrix;
  QString html = QObject::tr("<p>All queries at once. The a%1 are the columns of I: Q = W%2 I, K = W%3 I, V = W%4 I, "
                             "A = K%5 Q / √d, Â = softmax(A) per column, O = V Â. (Code usually keeps tokens as "
                             "rows instead: softmax(Q K%5 / √d) V.)</p>")
                     .arg(sup("i"), sup("q"), sup("k"), sup("v"), sup("T"));
  html += matrix("Q", m.q, false) + matrix("K", m.k, false) + matrix("V", m.v, false);
  html += matrix(QStringLiteral("A = K%1 Q / √d").arg(sup("T")), m.a, false);
  html += matrix(QStringLiteral("Â = softmax(A)"), m.a_hat, true);
  return html + matrix(QStringLiteral("O = V Â"), m.o, false);
}

QString multiHeadPage(const core::Walkthrough &w) {
  const Eigen::Index i = w.request.query;
  QString html = QObject::tr("<p>Each of the %1 heads matches q%2 only with k%3 and gives b%4; the heads are "
                             "concatenated and multiplied by W%5.</p>")
                     .arg(w.heads)
                     .arg(sup("i,h"), sup("j,h"), sup("i,h"), sup("O"));
  QStringList lines;
  for (int h = 0; h < w.heads; ++h) {
    lines << row({QObject::tr("head %1").arg(h + 1), "b" + sup(query(w) + "," + QString::number(h + 1)) + " = " +
                                                        vector(w.head_outputs[h].row(i))});
  }
  html += table({QObject::tr("head"), QObject::tr("output")}, lines);
  html += QObject::tr("<p>Concatenated: %1</p>").arg(vector(w.concatenated.row(i)));
  const QString bias = w.b_o.size() > 0 ? QStringLiteral(" + b%1").arg(sup("O")) : QString();
  return html + QStringLiteral("<p><b>b%1 = W%2 [b%3; …; b%4]%5 = %6</b></p>")
                    .arg(sup(query(w)), sup("O"), sup(query(w) + ",1"), sup(query(w) + "," + QString::number(w.heads)),
                         bias, vector(w.output.row(i)));
}

}  // namespace

QString formatNumber(float value) {
  if (std::isinf(value)) return value < 0 ? QStringLiteral("−∞") : QStringLiteral("∞");
  return QString::number(value, 'f', 3);
}

QString walkthroughPageTitle(WalkthroughPage page) {
  switch (page) {
    case WalkthroughPage::Inputs: return formula(QObject::tr("1. The inputs a^i"));
    case WalkthroughPage::QueryKeyValue: return formula(QObject::tr("2. Query, key and value"));
    case WalkthroughPage::Scores: return formula(QObject::tr("3. Scaled dot products α"));
    case WalkthroughPage::Mask: return formula(QObject::tr("4. The mask"));
    case WalkthroughPage::Softmax: return formula(QObject::tr("5. Softmax α̂"));
    case WalkthroughPage::WeightedSum: return formula(QObject::tr("6. The weighted sum b"));
    case WalkthroughPage::MatrixForm: return formula(QObject::tr("7. Matrix form"));
    case WalkthroughPage::MultiHead: break;
  }
  return formula(QObject::tr("8. Multi-head: concatenation and W^O"));
}

QString walkthroughPageHtml(const core::Walkthrough &w, WalkthroughPage page, const QStringList &queryTokens,
                            const QStringList &keyTokens) {
  switch (page) {
    case WalkthroughPage::Inputs: return inputsPage(w, queryTokens, keyTokens);
    case WalkthroughPage::QueryKeyValue: return queryKeyValuePage(w, queryTokens, keyTokens);
    case WalkthroughPage::Scores: return scoresPage(w, keyTokens);
    case WalkthroughPage::Mask: return maskPage(w, keyTokens);
    case WalkthroughPage::Softmax: return softmaxPage(w, keyTokens);
    case WalkthroughPage::WeightedSum: return weightedSumPage(w, keyTokens);
    case WalkthroughPage::MatrixForm: return matrixFormPage(w);
    case WalkthroughPage::MultiHead: break;
  }
  return multiHeadPage(w);
}

QStringList tokenLabels(const core::Tokenization &tokens) {
  QStringList list;
  for (const std::string &token : tokens.tokens) list << QString::fromStdString(token);
  return list;
}

}  // namespace ui
