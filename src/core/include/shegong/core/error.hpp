// The one catalogue of expected failures. Every layer reports what went wrong
// with an ErrorCode; only the HTTP adapter decides which status it becomes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shegong {

enum class ErrorCode {
  bad_request, // the HTTP message itself is malformed
  header_too_large, // request line and headers exceed the limit
  invalid_json, // the body is not JSON or not the expected shape
  invalid_query, // a query-string parameter is malformed
  missing_field, // a required field is absent
  invalid_field, // a field has the wrong type, length or value
  invalid_region_code, // a region code is not 2/4/6/9/12 digits of a valid shape
  unknown_region, // a region code in a request body does not exist
  region_level, // the region exists but is of the wrong level for this record
  not_found, // the addressed record does not exist (or lies outside the caller's scope)
  unauthenticated, // no valid session
  invalid_credentials, // login failed
  login_locked, // too many failed sign-ins for the account or the address; wait
  password_change_required, // the password must be changed before anything else
  totp_required, // the account has a second factor: send totp_code
  invalid_totp, // the one-time code is wrong or was already used
  totp_enrolment_required, // an administrator must set up a second factor first
  forbidden, // authenticated but not allowed
  version_conflict, // an update was based on a stale version
  conflict, // the write contradicts existing data (duplicate id with other content, ...)
  duplicate_person, // another person has the same ID number
  possible_duplicate, // a person of the same name and birth date lives in the same county
  invalid_transition, // a state machine does not allow this move from the record's state
  payload_too_large,
  unsupported_media_type,
  method_not_allowed,
  rate_limited,
  unavailable, // the store is unreachable; retry later
  internal, // a programming or environment error; never caused by input
};

// The stable, machine-readable name sent to clients ("invalid_field").
std::string_view to_string(ErrorCode code) noexcept;

// The values a reason quotes ({"max", "200"}), in the order the wording uses them.
using ReasonParams = std::vector<std::pair<std::string, std::string>>;

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message; // English, for people reading logs and API responses; may be reworded
  std::string field; // the offending field or parameter, empty when not about one
  std::int64_t retry_after_s = 0; // for a refusal that passes: how many seconds to wait
  // Why, as a stable key ("citizen_id.check_character") and the values it quotes: what an
  // import report or a console words in its own language (domain/reasons.hpp). Empty
  // when no rule has named one.
  std::string reason;
  ReasonParams params;

  static Error make(ErrorCode c, std::string msg, std::string fld = {}) {
    return Error{c, std::move(msg), std::move(fld), 0, {}, {}};
  }
  // Names the rule that refused: Error::make(...).because("text.too_long", {{"max", "200"}}).
  Error because(std::string key, ReasonParams values = {}) && {
    reason = std::move(key);
    params = std::move(values);
    return std::move(*this);
  }
};

} // namespace shegong
