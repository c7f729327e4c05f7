#include "word_graph_widget.h"

#include "analysis/methods/top_p.h"

#include "attention_methods.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPen>
#include <QStringList>
#include <QToolTip>
#include <QtMath>

#include "analysis/methods/top_p.h"
#include "attention_geometry.h"
#include "colour_scales.h"

namespace ui {

namespace {

constexpr double kMargin = 10.0;
constexpr double kHeaderHeight = 24.0;
constexpr double kFooterHeight = 20.0;
constexpr double kDotRadius = 3.5;
// Up to this many tokens a column keeps one label height per token and the graph grows taller
// (the window scrolls it); beyond, tokens squeeze together (labels elided) so the picture stays bounded.
constexpr int kMaxSpacedTokens = 512;

QColor warningColour() { return QColor(0xd6, 0x27, 0x28); }

// colour at the given opacity over background.
QColor blend(const QColor &background, const QColor &colour, double opacity) {
  const auto mix = [opacity](int under, int over) { return int(under + (over - under) * opacity + 0.5); };
  return QColor(mix(background.red(), colour.red()), mix(background.green(), colour.green()),
                mix(background.blue(), colour.blue()));
}

QString columnTitle(core::AttentionKind kind, TokenSide side) {
  const bool query = side == TokenSide::Query;
  switch (kind) {
    case core::AttentionKind::EncoderSelf:
      return query ? WordGraphWidget::tr("Queries (source)") : WordGraphWidget::tr("Keys (source)");
    case core::AttentionKind::DecoderSelf:
      return query ? WordGraphWidget::tr("Queries (target)") : WordGraphWidget::tr("Keys (earlier target)");
    case core::AttentionKind::DecoderCross:
      return query ? WordGraphWidget::tr("Queries (target)") : WordGraphWidget::tr("Keys (source)");
  }
  return {};
}

// Whether a token row (its label box, or a weight pill, and the anchor dot) can show in exposed.
bool rowExposed(const QRectF &row, const QRectF &exposed) {
  return row.bottom() + kDotRadius >= exposed.top() && row.top() - kDotRadius <= exposed.bottom();
}

double widestLabel(const QFontMetricsF &metrics, const TokenSequence &tokens) {
  double widest = 0;
  for (const TokenLabel &token : tokens.tokens) widest = std::max(widest, metrics.horizontalAdvance(token.shown()));
  return widest + 6;
}

}  // namespace

WordGraphWidget::WordGraphWidget(QWidget *parent) : QWidget(parent), m_placeholder(tr("No attention to show yet.")) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setToolTip(tr("Each line joins a query token (left) to a key token (right); thicker and darker means more "
                "attention. Hover or click a token to see only its lines and every head's weight."));
}

void WordGraphWidget::setSlice(const AttentionSlice &slice) { shareSlice(std::make_shared<const AttentionSlice>(slice)); }

void WordGraphWidget::shareSlice(std::shared_ptr<const AttentionSlice> shared) {
  if (!shared) shared = std::make_shared<const AttentionSlice>();
  const AttentionSlice &slice = *shared;
  const bool sameTokens = slice.rows() == m_slice->rows() && slice.cols() == m_slice->cols();
  m_slice = std::move(shared);
  if (!sameTokens) updateGeometry();  // a longer sentence needs more height
  // A pinned token survives a new result for the same tokens (the user is stepping layers).
  if (!sameTokens) {
    m_pinned = {};
    m_hovered = {};
  }
  invalidate();
}

void WordGraphWidget::setVisibleHeads(const QVector<bool> &visible) {
  m_visibleHeads = visible;
  invalidate();
}

void WordGraphWidget::setThreshold(float threshold) {
  m_threshold = threshold;
  invalidate();
}

void WordGraphWidget::setTopP(float p) {
  m_topP = std::clamp(p, 0.0f, 1.0f);
  invalidate();
}

void WordGraphWidget::setTopKeys(int k) {
  if (std::max(k, 0) == m_topKeys) return;
  m_topKeys = std::max(k, 0);
  invalidate();
}

void WordGraphWidget::setPlaceholder(const QString &text) {
  m_placeholder = text;
  invalidate();
}

void WordGraphWidget::setPinnedToken(TokenRef token) {
  const int count = token.side == TokenSide::Query ? m_slice->rows() : m_slice->cols();
  if (token.index >= count) token = {};
  if (token == m_pinned) return;
  m_pinned = token;
  emit tokenFocused(focusedToken());
  invalidate();
}

TokenRef WordGraphWidget::focusedToken() const { return m_hovered.valid() ? m_hovered : m_pinned; }

bool WordGraphWidget::headVisible(int head) const {
  return head >= m_visibleHeads.size() || m_visibleHeads[head];
}

std::vector<WordGraphWidget::Line> WordGraphWidget::linesToDraw() const {
  std::vector<Line> lines;
  if (m_slice->empty() || m_slice->scale == ValueScale::Difference) return lines;
  // Norm-based lengths are drawn relative to the layer's largest, as the heatmap colours them.
  const float scale = m_slice->scale == ValueScale::Magnitude ? 1.0f / m_slice->extent : 1.0f;
  const TokenRef focus = focusedToken();
  const bool keyFocused = focus.valid() && focus.side == TokenSide::Key;
  std::vector<Line> row;
  for (int head = 0; head < m_slice->headCount(); ++head) {
    if (!headVisible(head)) continue;
    if (!m_slice->hasMatrix(head)) {
      appendHeadLines(head, lines);
      continue;
    }
    const core::RowMatrix &weights = m_slice->heads[static_cast<std::size_t>(head)];
    for (int q = 0; q < m_slice->rows(); ++q) {
      if (focus.valid() && focus.side == TokenSide::Query && focus.index != q) continue;
      row.clear();
      // top-p: the keys of this row that together hold a share p of it (no negative mass: a
      // rounding error below 0 counts as 0)
      std::vector<bool> kept;
      if (m_topP > 0.0f) {
        kept.assign(static_cast<std::size_t>(m_slice->cols()), false);
        const core::RowVector positive = weights.row(q).cwiseMax(0.0f);
        for (const int k : core::top_p_keys(positive, m_topP)) kept[static_cast<std::size_t>(k)] = true;
      }
      for (int k = 0; k < m_slice->cols(); ++k) {
        if (keyFocused && m_topKeys == 0 && focus.index != k) continue;
        // A decoder token never sees later tokens: such pairs are not lines of weight 0, they do not exist.
        if (m_slice->isMasked(q, k)) continue;
        const float weight = weights(q, k) * scale;
        if (weight <= 0.0f) continue;
        if (kept.empty() ? weight < m_threshold : !kept[static_cast<std::size_t>(k)]) continue;
        row.push_back({head, q, k, weight});
      }
      // The query's k heaviest keys (ties: the earlier key), then the focused key among them.
      if (m_topKeys > 0 && static_cast<int>(row.size()) > m_topKeys) {
        std::nth_element(row.begin(), row.begin() + m_topKeys, row.end(), [](const Line &a, const Line &b) {
          return a.weight > b.weight || (a.weight == b.weight && a.key < b.key);
        });
        row.resize(static_cast<std::size_t>(m_topKeys));
      }
      for (const Line &line : row) {
        if (!keyFocused || line.key == focus.index) lines.push_back(line);
      }
    }
  }
  // Light lines first, so heavy ones stay on top (equal weights in a fixed order: the picture does
  // not depend on the order the lines were found in).
  std::sort(lines.begin(), lines.end(), [](const Line &a, const Line &b) {
    return std::tie(a.weight, a.head, a.query, a.key) < std::tie(b.weight, b.head, b.query, b.key);
  });
  return lines;
}

void WordGraphWidget::appendHeadLines(int head, std::vector<Line> &lines) const {
  // A long text's head without its matrix: its lines were chosen when the slice was built
  // (AttentionSlice::lines), the same keys as the loop of linesToDraw; the threshold and the
  // focus apply here as there.
  if (static_cast<std::size_t>(head) >= m_slice->lines.size()) return;
  const HeadLines &candidates = m_slice->lines[static_cast<std::size_t>(head)];
  const TokenRef focus = focusedToken();
  const bool keyFocused = focus.valid() && focus.side == TokenSide::Key;
  for (int q = 0; q < static_cast<int>(candidates.counts.size()); ++q) {
    if (focus.valid() && focus.side == TokenSide::Query && focus.index != q) continue;
    const std::size_t first = static_cast<std::size_t>(q) * static_cast<std::size_t>(candidates.perQuery);
    int drawn = 0;
    for (int n = 0; n < candidates.counts[static_cast<std::size_t>(q)]; ++n) {
      const int key = candidates.keys[first + static_cast<std::size_t>(n)];
      const float weight = candidates.weights[first + static_cast<std::size_t>(n)];
      if (m_topP <= 0.0f && weight < m_threshold) break;  // heaviest first: the rest are lighter
      if (m_topKeys > 0 && drawn == m_topKeys) break;
      ++drawn;
      if (!keyFocused || key == focus.index) lines.push_back({head, q, key, weight});
    }
  }
}

int WordGraphWidget::visibleLineCount() const { return static_cast<int>(linesToDraw().size()); }

QRectF WordGraphWidget::graphArea() const {
  return QRectF(rect()).adjusted(kMargin, kMargin + kHeaderHeight, -kMargin, -kMargin - kFooterHeight);
}

WordGraphLayout WordGraphWidget::currentLayout() const {
  const QFontMetricsF metrics(font());
  return layoutWordGraph(graphArea(), m_slice->rows(), m_slice->cols(), widestLabel(metrics, m_slice->queries),
                         widestLabel(metrics, m_slice->keys), labelPitch());
}

QSize WordGraphWidget::sizeHint() const { return {460, 420}; }

double WordGraphWidget::labelPitch() const {
  const int most = std::max(m_slice->rows(), m_slice->cols());
  return most <= kMaxSpacedTokens ? QFontMetricsF(font()).height() + 2 : 8.0;
}

QSize WordGraphWidget::minimumSizeHint() const {
  // Tall enough that no two labels overlap: in a scroll area, a long sentence scrolls.
  const int most = std::max(m_slice->rows(), m_slice->cols());
  const double graph = most * labelPitch() + 2 * kMargin + kHeaderHeight + kFooterHeight;
  return {220, std::max(160, static_cast<int>(std::ceil(graph)))};
}

bool WordGraphWidget::labelDimmed(TokenRef token) const { return dimmedLabels().contains(token); }

QSet<TokenRef> WordGraphWidget::dimmedLabels() const {
  // Hovering (or pinning) a token dims every label but the token and the ones its lines reach,
  // as BertViz's head view does.
  QSet<TokenRef> dimmed;
  const TokenRef focus = focusedToken();
  if (!focus.valid()) return dimmed;
  const TokenSide other = focus.side == TokenSide::Query ? TokenSide::Key : TokenSide::Query;
  QSet<int> reached;
  for (const Line &line : linesToDraw()) reached.insert(other == TokenSide::Query ? line.query : line.key);
  for (int i = 0; i < m_slice->rows(); ++i) {
    const TokenRef token{TokenSide::Query, i};
    if (token != focus && (other != TokenSide::Query || !reached.contains(i))) dimmed.insert(token);
  }
  for (int i = 0; i < m_slice->cols(); ++i) {
    const TokenRef token{TokenSide::Key, i};
    if (token != focus && (other != TokenSide::Key || !reached.contains(i))) dimmed.insert(token);
  }
  return dimmed;
}

void WordGraphWidget::setWholeCacheHeight(int pixels) {
  m_wholeCacheHeight = pixels;
  invalidate();
}

void WordGraphWidget::invalidate() {
  m_cacheValid = false;
  update();
}

void WordGraphWidget::changeEvent(QEvent *event) {
  switch (event->type()) {
    case QEvent::PaletteChange:
    case QEvent::FontChange:
    case QEvent::StyleChange:
    case QEvent::LayoutDirectionChange:
    case QEvent::EnabledChange:
    case QEvent::ActivationChange:  // the palette's colour group (active, inactive, disabled) changes
      m_cacheValid = false;
      break;
    default:
      break;
  }
  QWidget::changeEvent(event);
}

void WordGraphWidget::paintEvent(QPaintEvent *event) {
  if (focusedToken().valid()) {
    // Hovering: the picture changes with every move, so draw only what is exposed, directly.
    QPainter painter(this);
    paintGraph(painter, event->rect());
    return;
  }
  const qreal ratio = devicePixelRatioF();
  const QRect area = cacheArea(event->rect());
  const QSize pixels(qCeil(area.width() * ratio), qCeil(area.height() * ratio));
  if (!m_cacheValid || m_cacheWidgetSize != size() || !m_cacheArea.contains(event->rect()) || m_cache.size() != pixels ||
      m_cache.devicePixelRatio() != ratio || m_cacheHighContrast != highContrastColours()) {
    const bool opaque = palette().color(QPalette::Base).alpha() == 255;
    m_cache = QImage(pixels, opaque ? QImage::Format_RGB32 : QImage::Format_ARGB32_Premultiplied);
    m_cache.setDevicePixelRatio(ratio);
    // Text sizes follow the widget's DPI, as when drawn on the widget.
    m_cache.setDotsPerMeterX(qRound(logicalDpiX() / 0.0254));
    m_cache.setDotsPerMeterY(qRound(logicalDpiY() / 0.0254));
    if (!opaque) m_cache.fill(Qt::transparent);
    QPainter cachePainter(&m_cache);
    cachePainter.translate(-area.topLeft());
    cachePainter.setFont(font());
    cachePainter.setPen(palette().color(foregroundRole()));
    cachePainter.setBrush(palette().brush(backgroundRole()));
    cachePainter.setLayoutDirection(layoutDirection());
    paintGraph(cachePainter, QRectF(area));
    m_cacheArea = area;
    m_cacheWidgetSize = size();
    m_cacheValid = true;
    m_cacheHighContrast = highContrastColours();
  }
  QPainter painter(this);
  const QRect exposed = event->rect();
  const QPoint from = exposed.topLeft() - m_cacheArea.topLeft();
  painter.drawImage(exposed, m_cache, QRectF(from.x() * ratio, from.y() * ratio, exposed.width() * ratio, exposed.height() * ratio));
}

QRect WordGraphWidget::cacheArea(const QRect &exposed) const {
  // A graph up to a few screens tall is cached whole, so scrolling only blits. A long text's graph
  // (8 px a token: 32,768 px at 4,096 tokens) is cached for the part in view and a screen above and
  // below: drawing and holding every label and line of it took ~0.4 s and ~90 MB per change.
  if (height() <= m_wholeCacheHeight) return rect();
  const QRect visible = visibleRegion().boundingRect().united(exposed);
  return visible.adjusted(0, -visible.height(), 0, visible.height()).intersected(rect());
}

void WordGraphWidget::paintGraph(QPainter &painter, const QRectF &exposed) const {
  painter.fillRect(rect(), palette().base());
  painter.setRenderHint(QPainter::Antialiasing);
  if (m_slice->empty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    return;
  }
  const WordGraphLayout layout = currentLayout();

  QFont headerFont = font();
  headerFont.setBold(true);
  painter.setFont(headerFont);
  painter.setPen(palette().color(QPalette::Text));
  const QRectF header(kMargin, kMargin, width() - 2 * kMargin, kHeaderHeight);
  painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, columnTitle(m_slice->step.kind, TokenSide::Query));
  painter.drawText(header, Qt::AlignRight | Qt::AlignVCenter, columnTitle(m_slice->step.kind, TokenSide::Key));
  painter.setFont(font());

  // Which method the lines show (a per-layer method's lines are the whole layer's), how the
  // tokens are read, and which lines are kept.
  QStringList notes;
  if (m_slice->method != core::AttentionMethod::Raw) {
    notes << (m_slice->perLayer() ? perLayerName(m_slice->method, m_slice->methodHeads) : methodName(m_slice->method));
  }
  if (!m_slice->methodNote.isEmpty()) notes << m_slice->methodNote;
  if (const QString reading = readingCaption(m_slice->reading); !reading.isEmpty()) notes << reading;
  if (m_topP > 0.0f) notes << tr("top-p %1 per query").arg(m_topP, 0, 'f', 2);
  if (m_topKeys > 0) notes << tr("top %n key(s) per query", nullptr, m_topKeys);
  if (!notes.isEmpty()) {
    const double side = std::max(QFontMetricsF(headerFont).horizontalAdvance(columnTitle(m_slice->step.kind, TokenSide::Query)),
                                 QFontMetricsF(headerFont).horizontalAdvance(columnTitle(m_slice->step.kind, TokenSide::Key)));
    const QRectF middle = header.adjusted(side + 8, 0, -side - 8, 0);
    painter.drawText(middle, Qt::AlignHCenter | Qt::AlignVCenter,
                     painter.fontMetrics().elidedText(notes.join(QStringLiteral(" · ")), Qt::ElideRight, int(middle.width())));
  }
  if (m_slice->scale == ValueScale::Difference) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(graphArea(), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Lines show attention weights; the difference view is drawn in the heatmap."));
  }
  const QColor background = palette().color(QPalette::Base);
  for (const Line &line : linesToDraw()) {
    const QPointF from = layout.queryAnchor(line.query);
    const QPointF to = layout.keyAnchor(line.key);
    // A long text's graph is drawn a band at a time: lines that do not come within a stroke's
    // width of the band are skipped.
    const double reach = geometry::lineWidth(line.weight) + 1;
    if (std::max(from.y(), to.y()) < exposed.top() - reach || std::min(from.y(), to.y()) > exposed.bottom() + reach) continue;
    // Opacity as a colour mixed over the background, drawn opaque: antialiased translucent lines
    // cost the raster engine ten times more, and the heaviest lines come last, on top.
    const QColor colour = blend(background, headColour(line.head), geometry::lineOpacity(line.weight));
    painter.setPen(QPen(colour, geometry::lineWidth(line.weight), Qt::SolidLine, Qt::FlatCap));
    painter.drawLine(from, to);
  }
  paintLabels(painter, layout, exposed);
  const TokenRef focus = focusedToken();
  if (focus.valid()) paintWeights(painter, layout, focus, exposed);
}

void WordGraphWidget::paintLabels(QPainter &painter, const WordGraphLayout &layout, const QRectF &exposed) const {
  const TokenRef focus = focusedToken();
  const QColor text = palette().color(QPalette::Text);
  const QColor background = palette().color(QPalette::Base);
  const QSet<TokenRef> dimmed = dimmedLabels();
  QColor highlight = palette().color(QPalette::Highlight);
  highlight.setAlpha(70);
  for (const TokenSide side : {TokenSide::Query, TokenSide::Key}) {
    const bool query = side == TokenSide::Query;
    const TokenSequence &tokens = query ? m_slice->queries : m_slice->keys;
    for (int i = 0; i < tokens.tokens.size(); ++i) {
      const TokenRef token{side, i};
      const QRectF box = layout.labelRect(token);
      if (!rowExposed(box, exposed)) continue;
      const bool newest = query && i == m_slice->newestQuery;
      if (token == focus || newest) painter.fillRect(box.adjusted(-2, 1, 2, -1), highlight);
      const TokenLabel &label = tokens.tokens[i];
      const QColor ink = label.unknown ? warningColour() : text;
      painter.setPen(dimmed.contains(token) ? blend(background, ink, 0.3) : ink);
      QFont labelFont = font();
      labelFont.setBold(token == focus || newest);
      labelFont.setUnderline(label.unknown);
      painter.setFont(labelFont);
      const Qt::Alignment align = (query ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter;
      painter.drawText(box.adjusted(2, 0, -2, 0), align,
                       painter.fontMetrics().elidedText(label.shown(), Qt::ElideMiddle, int(box.width()) - 4));
      painter.setPen(Qt::NoPen);
      painter.setBrush(text);
      painter.drawEllipse(query ? layout.queryAnchor(i) : layout.keyAnchor(i), kDotRadius, kDotRadius);
      if (!query && label.sink) {
        // the sink marker: a ring around the key's dot (first and special tokens)
        painter.setPen(QPen(sinkMarkerColour(), 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(layout.keyAnchor(i), kDotRadius + 3, kDotRadius + 3);
      }
    }
  }
  painter.setFont(font());
  painter.setPen(warningColour());
  for (const CutNotice &notice : cutNotices()) {
    painter.drawText(notice.rect, notice.alignment | Qt::AlignVCenter,
                     painter.fontMetrics().elidedText(notice.text, Qt::ElideRight, int(notice.rect.width())));
  }
}

std::vector<WordGraphWidget::CutNotice> WordGraphWidget::cutNotices() const {
  std::vector<CutNotice> notices;
  const auto notice = [](int dropped) {
    return tr("✂ %n more token(s) cut at the maximum length", nullptr, dropped);
  };
  const double top = height() - kMargin - kFooterHeight;
  const double full = width() - 2 * kMargin;
  // Self-attention: both columns are the same cut sequence, so one notice across the footer.
  if (m_slice->step.kind != core::AttentionKind::DecoderCross) {
    const int dropped = std::max(m_slice->queries.droppedCount, m_slice->keys.droppedCount);
    if (dropped > 0) notices.push_back({QRectF(kMargin, top, full, kFooterHeight), Qt::AlignHCenter, notice(dropped)});
    return notices;
  }
  // Cross-attention: each column says what was cut of its own sequence, in its own half.
  const double half = full / 2 - kMargin / 2;
  if (m_slice->queries.droppedCount > 0) {
    notices.push_back({QRectF(kMargin, top, half, kFooterHeight), Qt::AlignLeft, notice(m_slice->queries.droppedCount)});
  }
  if (m_slice->keys.droppedCount > 0) {
    notices.push_back({QRectF(width() - kMargin - half, top, half, kFooterHeight), Qt::AlignRight,
                       notice(m_slice->keys.droppedCount)});
  }
  return notices;
}

double WordGraphWidget::weightPillWidth() const {
  // Wide enough for "0.00" and "—" in the pill's font at any font size (presentation mode).
  return QFontMetricsF(weightFont()).horizontalAdvance(QStringLiteral("0.00")) + 8;
}

QFont WordGraphWidget::weightFont() const {
  QFont small = font();
  if (small.pointSizeF() > 0) small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.85));
  small.setBold(true);
  return small;
}

QRectF WordGraphWidget::weightPillRect(const WordGraphLayout &layout, TokenRef focus, int other, int slot,
                                       int slotCount) const {
  // Head 1 comes first from left to right on both sides, as the chips do.
  const bool focusIsQuery = focus.side == TokenSide::Query;
  const QPointF anchor = focusIsQuery ? layout.keyAnchor(other) : layout.queryAnchor(other);
  const double width = weightPillWidth();
  const double x = focusIsQuery ? anchor.x() - kDotRadius - 4 - (slotCount - slot) * width
                                : anchor.x() + kDotRadius + 4 + slot * width;
  return {x, anchor.y() - layout.pitch * 0.42, width - 2, layout.pitch * 0.84};
}

void WordGraphWidget::paintWeights(QPainter &painter, const WordGraphLayout &layout, TokenRef focus,
                                   const QRectF &exposed) const {
  // Next to every token of the other column: each visible head's weight for the pair, in the head's colour.
  const bool focusIsQuery = focus.side == TokenSide::Query;
  const int others = focusIsQuery ? m_slice->cols() : m_slice->rows();
  painter.setFont(weightFont());
  QColor background = palette().color(QPalette::Base);
  background.setAlpha(225);
  int slotCount = 0;
  for (int head = 0; head < m_slice->headCount(); ++head) slotCount += headVisible(head) ? 1 : 0;
  for (int other = 0; other < others; ++other) {
    const int q = focusIsQuery ? focus.index : other;
    const int k = focusIsQuery ? other : focus.index;
    if (!rowExposed(weightPillRect(layout, focus, other, 0, slotCount), exposed)) continue;
    int slot = 0;
    for (int head = 0; head < m_slice->headCount(); ++head) {
      if (!headVisible(head)) continue;
      // (a long text's head without its matrix knows the weights of its lines only: "·" elsewhere)
      const float *known = m_slice->hasMatrix(head) ? &m_slice->heads[static_cast<std::size_t>(head)](q, k)
                           : static_cast<std::size_t>(head) < m_slice->lines.size()
                               ? m_slice->lines[static_cast<std::size_t>(head)].weight(q, k)
                               : nullptr;
      const QString value = m_slice->isMasked(q, k) ? QStringLiteral("—")
                            : known != nullptr     ? QString::number(*known, 'f', 2)
                                                   : QStringLiteral("·");
      const QRectF pill = weightPillRect(layout, focus, other, slot, slotCount);
      painter.setPen(Qt::NoPen);
      painter.setBrush(background);
      painter.drawRoundedRect(pill, 3, 3);
      painter.setPen(headColour(head).darker(m_slice->isMasked(q, k) ? 100 : 115));
      painter.drawText(pill, Qt::AlignCenter, value);
      ++slot;
    }
  }
  painter.setFont(font());
}

void WordGraphWidget::setHovered(TokenRef token) {
  if (token == m_hovered) return;
  m_hovered = token;
  emit tokenFocused(focusedToken());
  invalidate();
}

void WordGraphWidget::mouseMoveEvent(QMouseEvent *event) {
  setHovered(m_slice->empty() ? TokenRef{} : currentLayout().tokenAt(event->position()));
}

void WordGraphWidget::mousePressEvent(QMouseEvent *event) {
  if (event->button() != Qt::LeftButton) return;
  const TokenRef token = m_slice->empty() ? TokenRef{} : currentLayout().tokenAt(event->position());
  // Clicking the pinned token (or empty space) unpins it.
  m_pinned = token == m_pinned ? TokenRef{} : token;
  emit tokenFocused(focusedToken());
  invalidate();
}

void WordGraphWidget::leaveEvent(QEvent *) { setHovered({}); }

bool WordGraphWidget::event(QEvent *event) {
  if (event->type() == QEvent::ToolTip && !m_slice->empty()) {
    auto *help = static_cast<QHelpEvent *>(event);
    const TokenRef token = currentLayout().tokenAt(help->pos());
    if (token.valid()) {
      const bool query = token.side == TokenSide::Query;
      const TokenLabel &label = (query ? m_slice->queries : m_slice->keys).tokens[token.index];
      QString text = (query ? tr("Query %1: “%2”") : tr("Key %1: “%2”")).arg(token.index + 1).arg(label.shown());
      if (label.shown() != label.text) text += '\n' + tr("Vocabulary entry: “%1”").arg(label.text);
      if (label.unknown) text += '\n' + tr("Not in the model's vocabulary: the model sees its unknown token.");
      text += '\n' + tr("Click to keep only this token's lines; click again to release.");
      QToolTip::showText(help->globalPos(), text, this);
      return true;
    }
  }
  return QWidget::event(event);
}

}  // namespace ui
