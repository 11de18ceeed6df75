#pragma once

#include <span>
#include <string_view>

namespace shegong {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql; // portable statements separated by ';'
  std::string_view engine; // empty: both; "sqlite" or "postgres": that engine's version of the migration
};

// Every migration, in version order. Generated at configure time from src/store/migrations/*.sql.
std::span<const Migration> all_migrations();

} // namespace shegong
