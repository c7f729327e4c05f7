#pragma once
// The three kinds of attention a Transformer has, which name a layer's attention everywhere
// (trace, recorder, views, files).

namespace core {

enum class AttentionKind { EncoderSelf, DecoderSelf, DecoderCross };

const char* to_string(AttentionKind kind);  // "encoder_self", "decoder_self", "decoder_cross"

}  // namespace core
