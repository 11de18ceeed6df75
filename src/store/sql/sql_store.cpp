#include "shegong/store/sql_store.hpp"

#include "migrator.hpp"
#include "pool.hpp"

namespace shegong {

SqlStore::SqlStore(std::unique_ptr<sql::Pool> pool, const char* begin_read, const char* begin_write)
    : pool_(std::move(pool)), begin_read_(begin_read), begin_write_(begin_write) {}

SqlStore::~SqlStore() = default;

Result<void> SqlStore::read(const Work& fn) { return pool_->transact(fn, begin_read_); }
Result<void> SqlStore::write(const Work& fn) { return pool_->transact(fn, begin_write_); }

Result<void> SqlStore::ping() {
  return pool_->with<void>([](sql::Connection& c) { return c.exec_script("SELECT 1"); });
}

Result<int> SqlStore::schema_version() {
  return pool_->with<int>([](sql::Connection& c) { return sql::schema_version(c); });
}

Result<std::vector<int>> SqlStore::migrate() {
  return pool_->with<std::vector<int>>([this](sql::Connection& c) { return sql::migrate(c, begin_write_); });
}

} // namespace shegong
