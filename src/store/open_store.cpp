#include "shegong/store/postgres_store.hpp"
#include "shegong/store/sqlite_store.hpp"

namespace shegong {

Result<std::unique_ptr<SqlStore>> open_store(const std::string& location, int max_connections) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    SHEGONG_ASSIGN(auto pg, PostgresStore::open({location, max_connections, {}}));
    return std::unique_ptr<SqlStore>(std::move(pg));
  }
  std::string path = location.starts_with("sqlite:") ? location.substr(7) : location;
  if (path.empty()) return Error::make(ErrorCode::invalid_field, "the store location is empty", "store");
  SHEGONG_ASSIGN(auto lite, SqliteStore::open({path, max_connections}));
  return std::unique_ptr<SqlStore>(std::move(lite));
}

} // namespace shegong
