// The HTTP API: routes a Request to a use case and renders the Response.
// Thread-safe: handle() may run on many threads at once.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "shegong/app/account_service.hpp"
#include "shegong/app/auth_service.hpp"
#include "shegong/app/household_service.hpp"
#include "shegong/app/import_service.hpp"
#include "shegong/app/outreach_service.hpp"
#include "shegong/app/person_service.hpp"
#include "shegong/app/place_service.hpp"
#include "shegong/app/region_service.hpp"
#include "shegong/app/stats_service.hpp"
#include "shegong/http/message.hpp"
#include "shegong/http/metrics.hpp"
#include "shegong/http/static_files.hpp"

namespace shegong::http {

struct ApiDeps {
  Store& store;
  RegionService& regions;
  PlaceService& places;
  AuthService& auth;
  AuditService& audit;
  AccountService& accounts;
  AccessControl& access;
  PersonService& persons;
  HouseholdService& households;
  CategoryService& categories;
  ImportService& imports;
  OutreachService& outreach;
  StatsService& stats;
  SpreadsheetWriter& spreadsheets;
  Metrics& metrics;
  const StaticFiles& web;
  std::string version;
  // Reports an internal error (a bug or an environment fault) to the operator's log.
  std::function<void(const Request&, const Error&)> log_internal;
};

struct RouteInfo {
  std::string method, pattern;
  bool authenticated = true;
};
// Every route the API serves, in matching order (for `shegong routes` and the access-matrix test).
std::vector<RouteInfo> route_table();
// The component schemas docs/openapi.json takes from the record descriptions, as JSON
// text (for `shegong openapi-schemas`, which `make api` writes into the document).
std::string described_schemas_json();
// Every code list with its labels and state machines, as GET /api/v1/vocabulary answers
// (for `shegong vocabulary`, which `make api` writes into the console).
std::string vocabulary_json_text();

class Api {
 public:
  explicit Api(ApiDeps deps);
  ~Api();
  Response handle(Request& req);

 private:
  struct Routes;
  ApiDeps d_;
  std::unique_ptr<Routes> routes_;
};

} // namespace shegong::http
