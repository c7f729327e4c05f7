#pragma once
// Constructors of the built-in tasks, for make_task (tasks.cpp) only.

#include <memory>

#include "training/tasks.h"

namespace core {

std::unique_ptr<Task> make_reverse_task();
std::unique_ptr<Task> make_sort_task();
std::unique_ptr<Task> make_translate_en_zh_task();
std::unique_ptr<Task> make_induction_task();
std::unique_ptr<Task> make_coreference_task();

// <pad> <unk> <s> </s>: the special tokens every native vocabulary starts with (ids 0–3).
std::vector<std::string> special_vocabulary();

}  // namespace core
