// Code lists: each code with its Chinese and English labels, written once. The server
// serves them all (GET /api/v1/vocabulary, domain/vocabulary.hpp) and the console takes
// its labels from there.
#pragma once

#include <string_view>

namespace shegong {

// One code of a code list with its labels: `label` in Chinese (also accepted in place of
// the code by an import), `en` in English.
struct CodeLabel {
  std::string_view code;
  std::string_view label;
  std::string_view en;
};

} // namespace shegong
