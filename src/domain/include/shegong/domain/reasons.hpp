// Why a rule refused, in words: one table gives each reason key its Chinese and English
// wording, for the API's messages, an import's row report and the console. A rule names
// its reason (Error::because); the English message beside it is for logs and may be
// reworded without changing what anyone reads.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "shegong/core/error.hpp"

namespace shegong {

enum class Language { zh, en };

struct ReasonWording {
  std::string_view key;
  std::string_view zh; // "{max}" stands for the parameter of that name
  std::string_view en;
};

// Every reason a rule may name, in a stable order.
std::span<const ReasonWording> reason_wordings() noexcept;

// The wording of `key` with its parameters filled in; nullopt for a key the table lacks.
std::optional<std::string> word_reason(std::string_view key, const ReasonParams& params, Language lang);

// An error's reason worded, or `fallback` when it names none the table has.
std::string word_reason(const Error& e, Language lang, std::string_view fallback);

} // namespace shegong
