#include "colour_scales.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace ui {

namespace {

int mix(int x, int y, float t) { return static_cast<int>(std::lround(x + (y - x) * t)); }

QColor interpolate(const QColor& a, const QColor& b, float t) {
  return QColor(mix(a.red(), b.red(), t), mix(a.green(), b.green(), t), mix(a.blue(), b.blue(), t));
}

bool highContrast = false;

}  // namespace

void setHighContrastColours(bool on) { highContrast = on; }
bool highContrastColours() { return highContrast; }

QColor headColour(int head) {
  // Okabe & Ito (2008), most distinct first; yellow last, as it is faint on white.
  static const std::array<QColor, 8> okabeIto = {
      QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73), QColor(0xd5, 0x5e, 0x00),
      QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0x00, 0x00, 0x00), QColor(0xf0, 0xe4, 0x42)};
  if (highContrast) return okabeIto[static_cast<std::size_t>(std::max(head, 0)) % okabeIto.size()];
  static const std::array<QColor, 10> colours = {
      QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0xe1, 0x57, 0x59), QColor(0x76, 0xb7, 0xb2),
      QColor(0x59, 0xa1, 0x4f), QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7),
      QColor(0x9c, 0x75, 0x5f), QColor(0xba, 0xb0, 0xac)};
  return colours[static_cast<std::size_t>(std::max(head, 0)) % colours.size()];
}

namespace {

// Five viridis stops (cividis in high contrast); linear in between.
const std::array<QColor, 5>& weightStops() {
  static const std::array<QColor, 5> viridis = {QColor(0x44, 0x01, 0x54), QColor(0x3b, 0x52, 0x8b),
                                                QColor(0x21, 0x90, 0x8d), QColor(0x5d, 0xc8, 0x63),
                                                QColor(0xfd, 0xe7, 0x25)};
  static const std::array<QColor, 5> cividis = {QColor(0x00, 0x20, 0x4d), QColor(0x41, 0x4d, 0x6b),
                                                QColor(0x7c, 0x7b, 0x78), QColor(0xbc, 0xaf, 0x6f),
                                                QColor(0xff, 0xea, 0x46)};
  return highContrast ? cividis : viridis;
}

// Where weight falls between the stops: the lower stop's index and the fraction towards the next.
std::pair<std::size_t, float> weightPosition(float weight) {
  constexpr std::size_t stops = 5;
  const float t = std::clamp(std::isfinite(weight) ? weight : 0.0f, 0.0f, 1.0f) * (stops - 1);
  const auto index = std::min(static_cast<std::size_t>(t), stops - 2);
  return {index, t - static_cast<float>(index)};
}

}  // namespace

QColor weightColour(float weight) {
  const std::array<QColor, 5>& stops = weightStops();
  const auto [index, fraction] = weightPosition(weight);
  return interpolate(stops[index], stops[index + 1], fraction);
}

QColor differenceColour(float value, float extent) {
  const QColor negative(0x21, 0x66, 0xac);
  const QColor zero(0xf7, 0xf7, 0xf7);
  const QColor positive(0xb2, 0x18, 0x2b);
  const float t = std::clamp(std::isfinite(value) ? value / std::max(extent, 1e-9f) : 0.0f, -1.0f, 1.0f);
  return t < 0 ? interpolate(zero, negative, -t) : interpolate(zero, positive, t);
}

QColor valueColour(float value, ValueScale scale, float extent) {
  switch (scale) {
    case ValueScale::Weights: return weightColour(value);
    case ValueScale::Magnitude: return weightColour(value / std::max(extent, 1e-9f));
    case ValueScale::Difference: break;
  }
  return differenceColour(value, extent);
}

QColor sinkMarkerColour() { return QColor(0x94, 0x67, 0xbd); }

QColor maskColour() { return QColor(0x9a, 0x9a, 0x9a); }

QColor maskHatchColour() { return QColor(0x7a, 0x7a, 0x7a); }

QBrush maskHatchBrush() { return QBrush(maskHatchColour(), Qt::BDiagPattern); }

QImage matrixImage(const AttentionSlice& slice, int head) {
  if (slice.empty() || head < 0 || head >= slice.headCount()) return {};
  QImage image(slice.cols(), slice.rows(), QImage::Format_RGB32);
  const core::RowMatrix& values = slice.heads[static_cast<std::size_t>(head)];
  if (slice.scale == ValueScale::Weights) {
    // weightColour's arithmetic without a QColor per cell: the overview builds 144 of these.
    std::array<std::array<int, 3>, 5> stops{};
    for (std::size_t i = 0; i < stops.size(); ++i) {
      const QColor& stop = weightStops()[i];
      stops[i] = {stop.red(), stop.green(), stop.blue()};
    }
    const QRgb mask = maskColour().rgb();
    for (int q = 0; q < slice.rows(); ++q) {
      auto* line = reinterpret_cast<QRgb*>(image.scanLine(q));
      for (int k = 0; k < slice.cols(); ++k) {
        if (slice.isMasked(q, k)) {
          line[k] = mask;
          continue;
        }
        const auto [index, t] = weightPosition(values(q, k));
        const auto& a = stops[index];
        const auto& b = stops[index + 1];
        line[k] = qRgb(mix(a[0], b[0], t), mix(a[1], b[1], t), mix(a[2], b[2], t));
      }
    }
    return image;
  }
  for (int q = 0; q < slice.rows(); ++q) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(q));
    for (int k = 0; k < slice.cols(); ++k) {
      line[k] = slice.isMasked(q, k) ? maskColour().rgb() : valueColour(values(q, k), slice.scale, slice.extent).rgb();
    }
  }
  return image;
}

}  // namespace ui
