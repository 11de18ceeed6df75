// The API's contract, docs/openapi.json, as built into the binary.
#pragma once

#include <string_view>

namespace shegong::http {

std::string_view openapi_document();

} // namespace shegong::http
