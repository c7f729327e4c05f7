#include "cli_dump_npy.h"

#include "cli_files.h"
#include "io/atomic_file.h"
#include "io/npy.h"

namespace cli {

void write_npy_dump(const std::filesystem::path& folder, const core::AttentionTrace& trace, const core::ModelSpec& spec,
                    const core::TraceSelection& selection, nlohmann::json index) {
  write_folder_atomically(folder, [&](const std::filesystem::path& partial) {
    nlohmann::json files = nlohmann::json::array();
    for (const core::AttentionKind kind :
         {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
      for (const int l : core::selected_indices(selection.layers, spec.layers(kind))) {
        const core::LayerAttention& layer = trace.layers(kind).at(static_cast<std::size_t>(l));
        const std::vector<int> heads = core::selected_indices(selection.heads, static_cast<int>(layer.heads.size()));
        std::vector<core::RowMatrix> kept;
        for (const int h : heads) kept.push_back(layer.heads.at(static_cast<std::size_t>(h)));
        const std::string name = std::string(core::to_string(kind)) + "_layer_" + std::to_string(l) + ".npy";
        core::write_file_atomically(partial / name, core::npy_float32(kept));
        files.push_back({{"file", name},
                         {"kind", core::to_string(kind)},
                         {"layer", l},
                         {"heads", heads},
                         {"shape", nlohmann::json::array({static_cast<Eigen::Index>(kept.size()), kept.front().rows(),
                                                           kept.front().cols()})}});
      }
    }
    index["files"] = std::move(files);
    core::write_file_atomically(partial / "index.json", index.dump(2) + '\n');
  });
}

}  // namespace cli
