#pragma once
// The bodies of the libFuzzer targets, as plain functions: each tests/fuzz/*_fuzzer.cpp is a
// one-line LLVMFuzzerTestOneInput around one of them, and tests/core/fuzz_corpus_test.cpp runs
// the same functions over the committed seed corpus and every crash found so far
// (tests/fuzz/corpus/<target>/, tests/fuzz/regressions/<target>/), so each finding stays a
// regression test in the ordinary (and the sanitizer) build.
//
// A target feeds its input to one reader and catches only the errors the reader documents
// (core::LoadError for files, core::InputError for text and ids). Anything else escaping, a
// sanitizer report, or a broken invariant (checked with fuzz::check, which aborts) is a finding.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace fuzz {

using Input = std::span<const std::uint8_t>;

// Every target, by the name of its corpus folder.
struct Target {
  const char* name;
  void (*run)(Input);
};
const std::vector<Target>& targets();

// model.safetensors: the bytes are the whole file. Opens it and converts every float tensor.
void safetensors(Input input);
// data.pkl of a PyTorch checkpoint: the bytes are the pickle, read by the restricted unpickler.
void torch_pickle(Input input);
// pytorch_model.bin: the bytes are the whole file (a zip archive as torch.save writes it). Opens
// it and converts every float tensor.
void torch_zip(Input input);
// model.gguf: the bytes are the whole file. Opens it, dequantises every tensor of a type it reads
// (checking the value count), then opens it as a model and, when that works, runs a short text.
void gguf(Input input);
// config.json next to the weights and tokenizer of a test model: the first byte picks the model
// (see config_bases in fuzz_targets.cpp), the rest is the file. Loads the folder and, when it
// loads, runs a forward pass over a short text.
void config(Input input);
// One tokenizer file in a folder that is otherwise valid: the first byte picks the file and the
// loader (vocab.txt native or BERT, vocab.json, merges.txt, tokenizer_config.json), the rest is the
// file. A tokenizer that loads then encodes and decodes a fixed text.
void tokenizer_files(Input input);
// tokenizer.json alone in a folder, loaded as BERT (WordPiece), GPT-2 and BART (BPE).
void tokenizer_json(Input input);
// source.spm of a Marian folder (SentencePiece's model protobuf).
void sentencepiece(Input input);
// Text: encoded by every test tokenizer (native word and char, BERT, GPT-2, BART, Marian source
// and target, the tokenizer.json variants), decoded back, truncated, and run through two models.
void encode(Input input);

// A session file and a lesson file (text). Reading never throws; a file that reads must survive
// writing and reading back unchanged.
void session(Input input);
void lesson(Input input);

// model.safetensors.index.json next to the two shards of a Llama checkpoint: opens the sharded
// checkpoint, looks up every tensor of every shard, and loads the folder with a forward pass.
void safetensors_index(Input input);
// config.json of one of the HuggingFace families (Llama and its rope scalings, Mistral, Qwen2,
// Gemma, Gemma 2, GPT-NeoX, BLOOM, T5, BERT, RoBERTa, DistilBERT, XLM-R): the first byte picks
// the model whose weights and tokenizer it sits next to (family_config_bases in
// fuzz_targets.cpp), the rest is the file. The family registry maps it to a spec, the loader
// binds the weights, and a model that loads runs a forward pass.
void family_config(Input input);
// Text through real tokenizer.json files (tests/data/tokenizers: GPT-2, Mistral and an NFKC
// one): encode, token(), decode, truncate; the input's bytes as ids.
void tokenizer_json_encode(Input input);
// Text through the SentencePiece tokenizers of Llama, Gemma, T5 and XLM-R (tests/data/hf-cases),
// the same checks, and tokenize_input's truncation to each model's positions.
void sentencepiece_encode(Input input);

// Aborts with a message when an invariant does not hold: libFuzzer records the input as a crash.
void check(bool condition, const std::string& what);

}  // namespace fuzz
