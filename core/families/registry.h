#pragma once
// The families by the model_type their config.json names.

#include <string>
#include <vector>

#include "families/model_families.h"

namespace core {

struct Family {
  const char* model_type;  // config.json "model_type"
  FamilyLoader load;
};

const std::vector<Family>& families();
// nullptr when no family reads this model_type.
const Family* find_family(const std::string& model_type);
// "bart, bert, …": for messages.
std::string supported_model_types();

}  // namespace core
