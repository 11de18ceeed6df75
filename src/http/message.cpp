#include "shegong/http/message.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "shegong/domain/reasons.hpp"
#include "shegong/domain/text.hpp"
#include <boost/url/url_view.hpp>

namespace shegong::http {

std::optional<std::string_view> Request::param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

bool parse_target(Request& req) {
  auto parsed = boost::urls::parse_origin_form(req.target);
  if (!parsed) return false;
  const boost::urls::url_view& u = *parsed;
  req.path = std::string(u.path());
  // A decoded path must not smuggle NUL or a second query through percent-encoding.
  if (req.path.find('\0') != std::string::npos) return false;
  req.query.clear();
  for (auto p : u.params()) {
    // Decoded parameters reach SQL and the audit trail: only well-formed UTF-8 passes.
    if (!valid_utf8(p.key) || !valid_utf8(p.value)) return false;
    req.query.emplace_back(std::string(p.key), std::string(p.value));
  }
  return valid_utf8(req.path);
}

int http_status(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_request:
    case ErrorCode::invalid_json:
      return 400;
    case ErrorCode::unauthenticated:
    case ErrorCode::invalid_credentials:
    case ErrorCode::totp_required:
    case ErrorCode::invalid_totp:
      return 401;
    case ErrorCode::forbidden:
    case ErrorCode::password_change_required:
    case ErrorCode::totp_enrolment_required:
      return 403;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::method_not_allowed:
      return 405;
    case ErrorCode::version_conflict:
    case ErrorCode::conflict:
    case ErrorCode::duplicate_person:
    case ErrorCode::possible_duplicate:
      return 409;
    case ErrorCode::payload_too_large:
      return 413;
    case ErrorCode::unsupported_media_type:
      return 415;
    case ErrorCode::invalid_query:
    case ErrorCode::missing_field:
    case ErrorCode::invalid_field:
    case ErrorCode::invalid_region_code:
    case ErrorCode::unknown_region:
    case ErrorCode::region_level:
    case ErrorCode::invalid_transition:
      return 422;
    case ErrorCode::rate_limited:
    case ErrorCode::login_locked:
      return 429;
    case ErrorCode::header_too_large:
      return 431;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

Response error_response(const Error& e) {
  boost::json::object err;
  err["code"] = to_string(e.code);
  err["message"] = e.message;
  if (!e.field.empty()) err["field"] = e.field;
  // The rule's reason, worded by the one table in both languages, for a client to show.
  if (auto zh = word_reason(e.reason, e.params, Language::zh)) {
    boost::json::object params;
    for (const auto& [k, v] : e.params) params[k] = v;
    err["reason"] = boost::json::object{{"key", e.reason},
                                        {"params", std::move(params)},
                                        {"zh", *zh},
                                        {"en", word_reason(e.reason, e.params, Language::en).value_or("")}};
  }
  boost::json::object root;
  root["error"] = std::move(err);
  Response r;
  r.status = http_status(e.code);
  r.body = boost::json::serialize(root);
  if (e.code == ErrorCode::unauthenticated || e.code == ErrorCode::invalid_credentials)
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (e.retry_after_s > 0)
    r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_s));
  else if (e.code == ErrorCode::unavailable)
    r.headers.emplace_back("Retry-After", "1");
  return r;
}

} // namespace shegong::http
