// `shegong serve`: wire the store, services and API, then run the HTTP server.
#include <boost/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "audit_witness.hpp"
#include "shegong/core/periodic.hpp"
#include "commands.hpp"
#include "demo.hpp"
#include "shegong/http/api.hpp"
#include "shegong/http/server.hpp"
#include "wiring.hpp"

namespace shegong {

namespace {

int fail(const Error& e) {
  spdlog::error("{}", e.message);
  return 1;
}

// First start of a demo instance: the region codes and the demo data set.
Result<void> first_start(Services& s) {
  std::int64_t regions = 0, users = 0;
  SHEGONG_TRY(s.store->read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(regions, r.regions().count());
    SHEGONG_ASSIGN(users, r.users().count());
    return ok();
  }));
  if (regions == 0) {
    spdlog::info("first start: loading region codes from {}", s.config.regions_source);
    SHEGONG_ASSIGN(auto msg, import_regions(s, s.config.regions_source));
    spdlog::info("{}", msg);
  }
  if (users == 0) {
    spdlog::info("first start: loading the demo data set");
    SHEGONG_ASSIGN(auto report, load_demo(s));
    for (const auto& why : report.skipped) spdlog::warn("demo: skipped {}", why);
    spdlog::info("demo: {} users, {} stations, {} grids, {} people served", report.users, report.stations, report.grids,
                 report.persons);
  }
  return ok();
}

} // namespace

int cmd_serve(const Config& base, const ServeFlags& flags) {
  Config config = base;
  config.demo = flags.demo;
  auto wired = wire(config, true);
  if (!wired) return fail(wired.error());
  Services& s = **wired;
  if (!s.secrets->has_keys())
    return fail(
        Error::make(ErrorCode::unavailable,
                    "no encryption keys: set keys_file or SHEGONG_KEYS; make a key with `shegong keys generate` "
                    "into a file of mode 0600 (personal data is never stored unencrypted)"));
  if (flags.demo) {
    if (auto r = first_start(s); !r) return fail(r.error());
  }
  // A store from before the figures: its facts are counted once, before serving.
  if (auto counted = s.stats->count_if_uncounted(); !counted)
    return fail(counted.error());
  else if (*counted)
    spdlog::info("figures: counted the stored facts for the first time");
  auto web = http::StaticFiles::load(config.web_root);
  if (!web) {
    spdlog::warn("{}; serving the API only", web.error().message);
    web = http::StaticFiles{};
  }

  auto access = spdlog::stdout_logger_mt("access");
  access->set_pattern("%v");
  http::Metrics metrics;
  http::Api api({*s.store, *s.regions, *s.places, *s.auth, *s.audit, *s.accounts, *s.access, *s.persons, *s.households,
                 *s.categories, *s.imports, *s.outreach, *s.stats, s.spreadsheets, metrics, *web, "0.1.0",
                 [](const http::Request& req, const Error& e) {
                   spdlog::error("request {} {} {}: {}", req.request_id, req.method, req.path, e.message);
                 }});

  http::AccessLogger log_access;
  if (config.access_log) {
    log_access = [access, clock = &s.clock](const http::Request& req, const http::Response& res, double secs,
                                            std::size_t bytes) {
      // The query string is left out: searches can hold people's names.
      boost::json::object o{{"ts", format_timestamp(clock->now_ms())},
                            {"id", req.request_id},
                            {"remote", req.remote},
                            {"method", req.method},
                            {"path", req.path},
                            {"route", res.route},
                            {"status", res.status},
                            {"ms", static_cast<double>(static_cast<std::int64_t>(secs * 1e6)) / 1000.0},
                            {"bytes", bytes}};
      access->info(boost::json::serialize(o));
    };
  }
  const bool demo = flags.demo;
  // The signed head, written outside the database while the server runs and once more as it stops.
  std::optional<Periodic> witness;
  if (!config.audit_witness.empty())
    witness.emplace([&] { write_witness(*s.audit, config.audit_witness); },
                    std::chrono::minutes(config.audit_witness_minutes), true);
  // Imports a stopped server left unfinished (this one's, before a crash, or a peer's)
  // are put in a true final state, at start and every few seconds after.
  Periodic recovery(
      [&] {
        auto recovered = s.imports->recover();
        if (!recovered)
          spdlog::error("recovering imports: {}", recovered.error().message);
        else if (*recovered > 0)
          spdlog::info("{} import(s) cut off by a stopped server recovered", *recovered);
      },
      std::chrono::milliseconds(ImportService::kHeartbeatMs));
  return http::run_server(
      config.server, [&api](http::Request& r) { return api.handle(r); }, metrics, log_access,
      [&](unsigned short port) {
        spdlog::info("shegong is serving on http://{}:{} ({} threads, store {}, console {})", config.server.address,
                     port, config.server.threads, s.store->describe(),
                     web->size() ? config.web_root : std::string("not built"));
        if (demo)
          spdlog::info(
              "open http://{}:{} and log in as admin / {} (or auditor, security, luohe, deqing, weining, zhanzhang, "
              "sgwang, sgli with the same password)",
              config.server.address == "0.0.0.0" ? "127.0.0.1" : config.server.address, port, kDemoPassword);
      },
      [](const std::string& why) { spdlog::error("{}", why); });
}

} // namespace shegong
