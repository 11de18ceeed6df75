#include "shegong/core/error.hpp"

namespace shegong {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::header_too_large:
      return "header_too_large";
    case ErrorCode::invalid_json:
      return "invalid_json";
    case ErrorCode::invalid_query:
      return "invalid_query";
    case ErrorCode::missing_field:
      return "missing_field";
    case ErrorCode::invalid_field:
      return "invalid_field";
    case ErrorCode::invalid_region_code:
      return "invalid_region_code";
    case ErrorCode::unknown_region:
      return "unknown_region";
    case ErrorCode::region_level:
      return "region_level";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::unauthenticated:
      return "unauthenticated";
    case ErrorCode::invalid_credentials:
      return "invalid_credentials";
    case ErrorCode::login_locked:
      return "login_locked";
    case ErrorCode::password_change_required:
      return "password_change_required";
    case ErrorCode::totp_required:
      return "totp_required";
    case ErrorCode::invalid_totp:
      return "invalid_totp";
    case ErrorCode::totp_enrolment_required:
      return "totp_enrolment_required";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::version_conflict:
      return "version_conflict";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::invalid_transition:
      return "invalid_transition";
    case ErrorCode::duplicate_person:
      return "duplicate_person";
    case ErrorCode::possible_duplicate:
      return "possible_duplicate";
    case ErrorCode::payload_too_large:
      return "payload_too_large";
    case ErrorCode::unsupported_media_type:
      return "unsupported_media_type";
    case ErrorCode::method_not_allowed:
      return "method_not_allowed";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

} // namespace shegong
