// Create, read and edit of a described record, the same for every record type whose use
// cases take the record, its id and an Edit<R>. `Uses` names them and the record's path:
//   static Result<Created<R>> create(Ctx&, R);
//   static Result<R> get(Ctx&, std::string_view id);
//   static Result<R> update(Ctx&, std::string_view id, std::int64_t version, const Edit<R>&);
//   static constexpr std::string_view path; // "/api/v1/stations/"
#pragma once

#include "record_json.hpp"
#include "routes.hpp"

namespace shegong::http {

template <class R, class Uses>
struct RecordRoutes {
  // 201 with its Location, or 200 when the same create (same client id) was replayed.
  static Result<Response> create(Ctx& c) {
    SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
    SHEGONG_ASSIGN(auto record, read_create<R>(body));
    SHEGONG_ASSIGN(auto created, Uses::create(c, std::move(record)));
    auto r = json_response(created.created ? 201 : 200, record_json(created.record));
    r.headers.emplace_back("Location", std::string(Uses::path) + created.record.id);
    return r;
  }

  static Result<Response> get(Ctx& c) {
    SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
    SHEGONG_ASSIGN(auto record, Uses::get(c, id));
    return json_response(200, record_json(record));
  }

  // A stale version answers 409 with the current record, for the client to merge with.
  static Result<Response> patch(Ctx& c) {
    SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
    SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
    SHEGONG_ASSIGN(auto edit, read_edit<R>(body));
    SHEGONG_ASSIGN(auto version, body.integer("version"));
    auto updated = Uses::update(c, id, version, edit);
    if (!updated)
      return with_current(updated.error(), [&]() -> std::optional<boost::json::object> {
        auto current = Uses::get(c, id);
        if (!current) return std::nullopt;
        return record_json(*current);
      });
    return json_response(200, record_json(*updated));
  }
};

} // namespace shegong::http
