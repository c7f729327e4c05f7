#pragma once
// Shared by the ui tests: data paths, hand-made slices, settings isolation and pixel helpers.

#include <QImage>
#include <QString>

#include "attention_slice.h"

namespace ui {
class MainWindow;
}

namespace ui::test {

QString testData(const QString &relative);  // a path under tests/data
QString defaultTestModel();                 // tests/data/torch/encdec-post-relu

// Points QSettings at a fresh temporary folder, so tests neither read nor write the user's settings.
void isolateSettings();

// Copies the model folder `source` (files only) into the existing folder `target`, its config's
// max_position_embeddings set to `positions`. Empty on success, else what failed.
QString copyModelWithPositions(const QString &source, const QString &target, int positions);

// A one-layer slice over tokens "t0", "t1", …; heads[h] is rows × cols.
AttentionSlice makeTestSlice(const std::vector<core::RowMatrix> &heads, bool causal = false,
                             core::AttentionKind kind = core::AttentionKind::EncoderSelf);

// Waits until the Model overview's background fill (overview_fill.h) has put a thumbnail in every
// frame of its grid and stopped: true when it did within timeout ms.
bool waitForOverview(const MainWindow &window, int timeout = 30000);

// How far a pixel is from a colour (max channel difference, 0…255).
int colourDistance(QRgb pixel, const QColor &colour);
// Pixels in the vertical run at x, y ∈ [top, bottom], that differ from background by more than tolerance.
int inkPixels(const QImage &image, int x, int top, int bottom, const QColor &background, int tolerance = 12);
// The largest distance from background along that run: how opaque the darkest line is.
int strongestInk(const QImage &image, int x, int top, int bottom, const QColor &background);

}  // namespace ui::test
