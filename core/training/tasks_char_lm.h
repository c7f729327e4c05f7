#pragma once
// char-lm: a character-level decoder-only language model over a text corpus, one document per
// line (for example the poems `attnscope-cli corpus` writes). Unlike the generated tasks it needs
// its corpus, so it is made here rather than by make_task(name).
//
// Split: a tenth of the documents (at least one) is held out, chosen by shuffling the document
// indices with a fixed seed, so every run on the same file holds out the same documents.
// Examples are windows of at most window_characters characters that start at a sentence start
// (the document's first character, or the one after 。？！；), read after <s>; every character
// is scored, and </s> too when the window reaches the document's end.
// Vocabulary: <pad> <unk> <s> </s>, then every character of the corpus (held-out documents
// included: the characters are known, only their statistics are held out), by code point.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "training/tasks.h"

namespace core {

inline constexpr std::uint64_t default_corpus_split_seed = 20240601;
inline constexpr int default_window_characters = 32;

// Throws InputError naming the file (and the line) when it cannot be read, a line is not valid
// UTF-8, or it has fewer than 2 documents (one to train on, one to hold out).
std::unique_ptr<Task> make_char_lm_task(const std::filesystem::path& corpus,
                                        std::uint64_t split_seed = default_corpus_split_seed,
                                        int window_characters = default_window_characters);

// The same over documents already in memory; corpus_name stands for the file in messages.
std::unique_ptr<Task> make_char_lm_task(std::vector<std::string> documents, const std::string& corpus_name,
                                        std::uint64_t split_seed = default_corpus_split_seed,
                                        int window_characters = default_window_characters);

// The indices of the held-out documents among document_count, ascending: round(document_count /
// 10) of them, at least 1, from a shuffle seeded with split_seed.
std::vector<int> held_out_documents(int document_count, std::uint64_t split_seed);

// A document cut into consecutive windows for evaluation: each at most window_characters
// characters, ending after the last sentence end (。？！；) that fits when there is one.
// Returns the windows' character offsets [begin, end) in code points.
std::vector<std::pair<int, int>> evaluation_windows(const std::u32string& document, int window_characters);

}  // namespace core
