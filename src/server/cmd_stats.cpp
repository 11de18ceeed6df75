// Commands over the figures: recount them from the facts, print a region's report.
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "wiring.hpp"

namespace shegong {
namespace {

int fail(const Error& e) {
  spdlog::error("{}", e.message);
  return e.code == ErrorCode::invalid_field || e.code == ErrorCode::invalid_query || e.code == ErrorCode::not_found ? 2
                                                                                                                    : 1;
}

// Whoever runs the command on the server reads the figures of the whole country.
Actor bureau() {
  Actor a = system_actor();
  a.role = Role::civil_affairs_admin;
  return a;
}

} // namespace

int cmd_stats_rebuild(const Config& config, bool fix) {
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  auto report = (*s)->stats->rebuild(fix);
  if (!report) return fail(report.error());
  for (const auto& d : report->differences) std::cout << d << "\n";
  std::cout << fmt::format(
      "stats rebuild: {} people, {} households, {} visits, {} needs, {} resources; "
      "{} live counters; {} differences{}\n",
      report->people, report->households, report->visits, report->needs, report->resources, report->counters,
      report->differences.size(), report->fixed ? ", fixed" : "");
  return report->differences.empty() || report->fixed ? 0 : 1;
}

int cmd_report(const Config& config, const std::string& region, const std::string& from, const std::string& to,
               const std::string& out) {
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  StatsQuery q;
  if (!region.empty()) {
    auto code = RegionCode::parse(region, "--region");
    if (!code) return fail(code.error());
    q.region = *code;
  }
  for (auto [text, slot, name] : {std::tuple{&from, &q.from, "--from"}, std::tuple{&to, &q.to, "--to"}}) {
    if (text->empty()) continue;
    auto m = parse_month(*text);
    if (!m) return fail(Error::make(ErrorCode::invalid_field, std::string(name) + " must be a month, YYYY-MM", name));
    *slot = *m;
  }
  auto d = (*s)->stats->dashboard(bureau(), q);
  if (!d) return fail(d.error());
  std::cout << d->summary << "\n";
  if (!out.empty()) {
    auto bytes = (*s)->stats->report_xlsx(bureau(), q, (*s)->spreadsheets);
    if (!bytes) return fail(bytes.error());
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    f.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    if (!f) return fail(Error::make(ErrorCode::unavailable, "cannot write " + out));
    spdlog::info("report: {} ({} {} – {}) written to {}", d->region_name, d->region_code, d->from, d->to, out);
  }
  return 0;
}

} // namespace shegong
