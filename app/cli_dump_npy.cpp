#include "cli_dump_npy.h"

#include "cli_files.h"
#include "io/atomic_file.h"
#include "io/npy.h"

namespace cli {

void write_npy_dump(const std::filesystem::path& folder, const core::AttentionTrace& trace, const core::ModelSpec& spec,
                    const core::TraceSelection& selection, nlohmann::json index, const core::AttentionTrace* summed) {
  write_folder_atomically(folder, [&](const std::filesystem::path& partial) {
    nlohmann::json files = nlohmann::json::array();
    for (const core::AttentionKind kind :
         {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
      if (trace.layer_count(kind) == 0) continue;  // a method without this kind of attention
      for (const int l : core::selected_indices(selection.layers, spec.layers(kind))) {
        const std::vector<int> heads = core::selected_indices(selection.heads, trace.head_count(kind, l));
        const int queries = trace.query_count(kind, l);
        const int keys = trace.key_count(kind, l);
        const std::string name = std::string(core::to_string(kind)) + "_layer_" + std::to_string(l) + ".npy";
        // one head at a time: an on-demand trace computes only the heads asked for, and never holds
        // more than one α̂ (T_q, T_k) of the layer
        core::write_file_atomically(partial / name, [&](std::ostream& stream) {
          stream << core::npy_float32_header(heads.size(), queries, keys);
          for (const int h : heads) {
            const core::RowMatrix alpha_hat = trace.attention(kind, l, h);
            // RowMatrix is row-major: its storage is already C order
            stream.write(reinterpret_cast<const char*>(alpha_hat.data()),
                         static_cast<std::streamsize>(alpha_hat.size() * static_cast<Eigen::Index>(sizeof(float))));
          }
        });
        files.push_back({{"file", name},
                         {"kind", core::to_string(kind)},
                         {"layer", l},
                         {"heads", heads},
                         {"shape", nlohmann::json::array({static_cast<int>(heads.size()), queries, keys})}});
        if (summed != nullptr) {
          const core::RowMatrix& sum = summed->layers(kind).at(static_cast<std::size_t>(l)).heads.at(0);
          const std::string summed_name = std::string(core::to_string(kind)) + "_layer_" + std::to_string(l) + "_summed.npy";
          core::write_file_atomically(partial / summed_name, core::npy_float32({sum}));
          files.push_back({{"file", summed_name},
                           {"kind", core::to_string(kind)},
                           {"layer", l},
                           {"summed_over_heads", true},
                           {"shape", nlohmann::json::array({1, sum.rows(), sum.cols()})}});
        }
      }
    }
    index["files"] = std::move(files);
    core::write_file_atomically(partial / "index.json", index.dump(2) + '\n');
  });
}

}  // namespace cli
