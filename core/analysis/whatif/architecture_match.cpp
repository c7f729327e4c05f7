#include "analysis/whatif/architecture_match.h"

#include <string>

#include "tensor/errors.h"

namespace core {

void check_same_architecture(const ModelSpec& a, const ModelSpec& b, std::string_view a_name, std::string_view b_name) {
  const std::string prefix = "cannot compare checkpoints " + std::string(a_name) + " and " + std::string(b_name) + ": ";
  // "<what> differ(s): <value> in A, <value> in B"
  const auto differ = [&](const std::string& what, const std::string& in_a, const std::string& in_b) {
    throw InputError(prefix + what + " " + in_a + " in " + std::string(a_name) + ", " + in_b + " in " +
                     std::string(b_name));
  };
  if (a.architecture != b.architecture)
    differ("architecture differs:", to_string(a.architecture), to_string(b.architecture));
  if (a.family != b.family) differ("family differs:", "\"" + a.family + "\"", "\"" + b.family + "\"");
  if (a.d_model != b.d_model) differ("d_model differs:", std::to_string(a.d_model), std::to_string(b.d_model));
  if (a.encoder_layers() != b.encoder_layers())
    differ("encoder layers differ:", std::to_string(a.encoder_layers()), std::to_string(b.encoder_layers()));
  if (a.decoder_layers() != b.decoder_layers())
    differ("decoder layers differ:", std::to_string(a.decoder_layers()), std::to_string(b.decoder_layers()));
  for (const AttentionKind kind :
       {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::DecoderCross}) {
    for (int layer = 0; layer < a.layers(kind); ++layer) {
      const AttentionSpec& x = a.attention(kind, layer);
      const AttentionSpec& y = b.attention(kind, layer);
      const std::string where = std::string(to_string(kind)) + " layer " + std::to_string(layer);
      if (x.heads != y.heads)
        differ("heads in " + where + " differ:", std::to_string(x.heads), std::to_string(y.heads));
      if (x.kv_heads != y.kv_heads)
        differ("key/value heads in " + where + " differ:", std::to_string(x.kv_heads), std::to_string(y.kv_heads));
      if (x.head_dim != y.head_dim)
        differ("head size in " + where + " differs:", std::to_string(x.head_dim), std::to_string(y.head_dim));
    }
  }
  if (a.source_vocab_size != b.source_vocab_size)
    differ("source vocabulary size differs:", std::to_string(a.source_vocab_size), std::to_string(b.source_vocab_size));
  if (a.target_vocab_size != b.target_vocab_size)
    differ("target vocabulary size differs:", std::to_string(a.target_vocab_size), std::to_string(b.target_vocab_size));
}

}  // namespace core
