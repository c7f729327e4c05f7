#pragma once
// One edit to a serialized SentencePiece ModelProto without its generated protobuf classes
// (Debian's libsentencepiece-dev does not ship sentencepiece_model.pb.h): turning off the dummy
// prefix, as HF's LlamaTokenizer and T5Tokenizer do with legacy=false.
//   ModelProto field 3 = normalizer_spec (a message); NormalizerSpec field 3 = add_dummy_prefix (bool)

#include <optional>
#include <string>
#include <string_view>

namespace core {

// The model with normalizer_spec.add_dummy_prefix set to value, or nothing when the bytes are not
// a well-formed protobuf message.
std::optional<std::string> with_add_dummy_prefix(std::string_view model_proto, bool value);

}  // namespace core
