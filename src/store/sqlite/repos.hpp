// SQLite implementations of the repositories, bound to one connection in a transaction.
#pragma once

#include "db.hpp"
#include "shegong/app/ports.hpp"

namespace shegong::sqlite {

// Escapes % _ and \ for LIKE ... ESCAPE '\' and wraps the text in %...%.
std::string like_contains(std::string_view q);

class SqliteRegions final : public RegionRepository {
 public:
  explicit SqliteRegions(Connection& c) : c_(c) {}
  Result<std::optional<Region>> find(const RegionCode& code) override;
  Result<std::vector<Region>> find_many(const std::vector<RegionCode>& codes) override;
  Result<std::vector<Region>> children(const std::optional<RegionCode>& parent) override;
  Result<Page<Region>> search(std::string_view q, const Scope& scope, const PageRequest& page) override;
  Result<std::int64_t> count() override;
  Result<UpsertCounts> upsert(std::span<const Region> regions) override;
 private:
  Connection& c_;
};

class SqliteStations final : public StationRepository {
 public:
  explicit SqliteStations(Connection& c) : c_(c) {}
  Result<std::optional<Station>> find(std::string_view id, const Scope& scope) override;
  Result<bool> exists(std::string_view id) override;
  Result<void> insert(const Station& s) override;
  Result<bool> update(const Station& s, std::int64_t expected_version) override;
  Result<Page<Station>> list(const StationFilter& f, const PageRequest& page) override;
  Result<std::map<StationKind, std::int64_t>> count_active_by_kind(const Scope& scope) override;
 private:
  Connection& c_;
};

class SqliteGrids final : public GridRepository {
 public:
  explicit SqliteGrids(Connection& c) : c_(c) {}
  Result<std::optional<Grid>> find(std::string_view id, const Scope& scope) override;
  Result<bool> exists(std::string_view id) override;
  Result<void> insert(const Grid& g) override;
  Result<bool> update(const Grid& g, std::int64_t expected_version) override;
  Result<Page<Grid>> list(const GridFilter& f, const PageRequest& page) override;
  Result<std::int64_t> count_active_children(std::string_view grid_id) override;
  Result<GridSummary> summary(const Scope& scope) override;
 private:
  Connection& c_;
};

class SqliteUsers final : public UserRepository {
 public:
  explicit SqliteUsers(Connection& c) : c_(c) {}
  Result<std::optional<User>> find_by_username(std::string_view username) override;
  Result<std::optional<User>> find_by_id(std::string_view id) override;
  Result<void> insert(const User& u) override;
  Result<void> set_password_hash(std::string_view id, std::string_view hash) override;
  Result<std::int64_t> count() override;
 private:
  Result<std::optional<User>> find_where(const std::string& column, std::string_view value);
  Connection& c_;
};

class SqliteSessions final : public SessionRepository {
 public:
  explicit SqliteSessions(Connection& c) : c_(c) {}
  Result<void> insert(const Session& s) override;
  Result<std::optional<Session>> find(std::string_view token_hash) override;
  Result<void> touch(std::string_view token_hash, TimestampMs at) override;
  Result<void> remove(std::string_view token_hash) override;
  Result<std::int64_t> remove_expired(TimestampMs now, TimestampMs idle_ms) override;
 private:
  Connection& c_;
};

class SqliteRepositories final : public Repositories {
 public:
  explicit SqliteRepositories(Connection& c)
      : regions_(c), stations_(c), grids_(c), users_(c), sessions_(c) {}
  RegionRepository& regions() override { return regions_; }
  StationRepository& stations() override { return stations_; }
  GridRepository& grids() override { return grids_; }
  UserRepository& users() override { return users_; }
  SessionRepository& sessions() override { return sessions_; }
 private:
  SqliteRegions regions_;
  SqliteStations stations_;
  SqliteGrids grids_;
  SqliteUsers users_;
  SqliteSessions sessions_;
};

} // namespace shegong::sqlite
