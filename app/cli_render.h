#pragma once
// `attnscope-cli render`: the app's figures without a window (word graph, heatmap, overview grid,
// position vectors) as PNG or SVG, for slides and papers. The only subcommand that uses Qt: it
// starts a QApplication on the offscreen platform and draws with the app's own widgets.

#include <ostream>
#include <string>
#include <vector>

namespace cli {

int run_render(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
