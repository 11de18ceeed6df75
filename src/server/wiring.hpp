// The composition root: builds the object graph from a Config. Nothing else in
// shegong constructs adapters or services.
#pragma once

#include <memory>

#include "config.hpp"
#include "shegong/app/account_service.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/auth_service.hpp"
#include "shegong/app/household_service.hpp"
#include "shegong/app/import_service.hpp"
#include "shegong/app/outreach_service.hpp"
#include "shegong/app/person_service.hpp"
#include "shegong/app/place_service.hpp"
#include "shegong/app/stats_service.hpp"
#include "shegong/app/region_service.hpp"
#include "shegong/crypto/secrets.hpp"
#include "shegong/exporters/xlsx.hpp"
#include "shegong/crypto/audit_chain.hpp"
#include "shegong/crypto/sodium.hpp"
#include "shegong/store/sql_store.hpp"
#include "shegong/text/pinyin.hpp"
#include "job_runner.hpp"

namespace shegong {

struct Services {
  Config config;
  SystemClock clock;
  SodiumRandom random;
  Argon2PasswordHasher hasher;
  SodiumTokenService tokens;
  std::unique_ptr<KeyedChainHasher> chain;
  TotpCodes codes;
  XlsxWriter spreadsheets;
  std::unique_ptr<FieldSecretBox> secrets;
  std::unique_ptr<SqlStore> store;
  std::unique_ptr<AuditService> audit;
  std::unique_ptr<AccessControl> access;
  std::unique_ptr<RegionService> regions;
  std::unique_ptr<PlaceService> places;
  std::unique_ptr<AuthService> auth;
  std::unique_ptr<AccountService> accounts;
  std::unique_ptr<KeyedBlindIndex> blind;
  std::unique_ptr<IcuNameIndexer> names;
  std::unique_ptr<SpreadsheetReader> reader;
  std::unique_ptr<PersonVault> vault;
  std::unique_ptr<PersonService> persons;
  std::unique_ptr<HouseholdService> households;
  std::unique_ptr<CategoryService> categories;
  std::unique_ptr<ImportService> imports;
  std::unique_ptr<OutreachService> outreach;
  std::unique_ptr<StatsService> stats;
  // Last, so it is destroyed first: queued imports finish while the services exist.
  std::unique_ptr<ThreadJobRunner> jobs;
};

// Opens the store (creating the data folder) and migrates it when `migrate` is set.
Result<std::unique_ptr<Services>> wire(const Config& config, bool migrate);

// The key ring from SHEGONG_KEYS or the keys file; nullopt when neither exists (a
// demo instance creates its file instead).
Result<std::optional<KeyRing>> load_keys(const Config& config);

// The actor the command line acts as: a national system administrator.
Actor system_actor();

} // namespace shegong
