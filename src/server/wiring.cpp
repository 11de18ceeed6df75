#include "wiring.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "shegong/crypto/keyring.hpp"
#include "shegong/importers/table_reader.hpp"
#include "shegong/crypto/self_test.hpp"

namespace shegong {
namespace {

// The app's spreadsheet port over the importers' reader.
class TableSpreadsheetReader final : public SpreadsheetReader {
 public:
  Result<std::string> read(std::string_view bytes, const RowFn& fn) override {
    SHEGONG_ASSIGN(auto info, importers::read_table(bytes, fn));
    return info.format + " " + info.encoding;
  }
};

std::unique_ptr<SpreadsheetReader> make_spreadsheet_reader() { return std::make_unique<TableSpreadsheetReader>(); }

} // namespace

Result<std::optional<KeyRing>> load_keys(const Config& config) {
  if (const char* env = std::getenv("SHEGONG_KEYS"); env && *env) {
    SHEGONG_ASSIGN(auto ring, KeyRing::from_env("SHEGONG_KEYS"));
    return std::optional<KeyRing>(std::move(ring));
  }
  const std::string file = config.keys_file.empty() ? config.data_dir + "/keys" : config.keys_file;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    if (!config.demo) return std::optional<KeyRing>{};
    // A demo instance makes its own key, readable by its owner only.
    SHEGONG_ASSIGN(auto line, KeyRing::generate("demo1"));
    std::filesystem::create_directories(std::filesystem::path(file).parent_path().empty()
                                            ? std::filesystem::path(".")
                                            : std::filesystem::path(file).parent_path(),
                                        ec);
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return Error::make(ErrorCode::unavailable, "cannot create the key file " + file);
    const std::string text = "# shegong demo key, made on first start\n" + line + "\n";
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!written) return Error::make(ErrorCode::unavailable, "cannot write the key file " + file);
  }
  SHEGONG_ASSIGN(auto ring, KeyRing::load_file(file));
  return std::optional<KeyRing>(std::move(ring));
}

Result<std::unique_ptr<Services>> wire(const Config& config, bool migrate) {
  if (!init_sodium()) return Error::make(ErrorCode::internal, "libsodium failed to start");
  // Known-answer tests of SM3, SM4 and HMAC before any record depends on them.
  SHEGONG_TRY(crypto_self_test());
  auto s = std::make_unique<Services>();
  s->config = config;
  const int conns = config.store_connections > 0 ? config.store_connections : config.server.threads + 2;
  if (!config.is_postgres()) {
    const std::string path = config.sqlite_path();
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return Error::make(ErrorCode::unavailable, "cannot create " + parent.string() + ": " + ec.message());
  }
  SHEGONG_ASSIGN(s->store, open_store(config.store_location(), conns));
  if (migrate) SHEGONG_TRY(s->store->migrate());
  s->regions = std::make_unique<RegionService>(*s->store, s->clock, config.region_cache_seconds * 1000L);
  SHEGONG_ASSIGN(auto ring, load_keys(config));
  std::optional<FieldCipher> cipher;
  std::optional<BlindIndexer> indexer;
  if (ring) {
    SHEGONG_ASSIGN(auto c, FieldCipher::create(*ring));
    cipher.emplace(std::move(c));
    SHEGONG_ASSIGN(auto b, BlindIndexer::create(*ring));
    indexer.emplace(std::move(b));
  }
  s->secrets = std::make_unique<FieldSecretBox>(std::move(cipher));
  s->blind = std::make_unique<KeyedBlindIndex>(std::move(indexer));
  SHEGONG_ASSIGN(s->names, IcuNameIndexer::create());
  SessionPolicy policy;
  policy.require_totp_for_admins = config.require_totp.value_or(!config.demo);
  SHEGONG_ASSIGN(s->chain, KeyedChainHasher::create(ring ? &*ring : nullptr));
  s->audit = std::make_unique<AuditService>(*s->store, s->clock, *s->chain);
  if (migrate) SHEGONG_TRY(s->audit->key_chain());
  s->access = std::make_unique<AccessControl>(*s->store, s->clock);
  s->places = std::make_unique<PlaceService>(*s->store, s->clock, s->random, *s->audit, *s->access);
  s->auth = std::make_unique<AuthService>(*s->store, s->clock, s->random, s->hasher, s->tokens, *s->audit, *s->secrets,
                                          s->codes, policy);
  s->accounts = std::make_unique<AccountService>(*s->store, s->clock, *s->auth, *s->audit, *s->access);
  s->reader = make_spreadsheet_reader();
  s->vault = std::make_unique<PersonVault>(*s->secrets, *s->blind, *s->names);
  s->persons = std::make_unique<PersonService>(*s->store, s->clock, s->random, *s->audit, *s->access, *s->vault);
  s->households = std::make_unique<HouseholdService>(*s->store, s->clock, s->random, *s->audit, *s->access, *s->vault);
  s->categories = std::make_unique<CategoryService>(*s->store, *s->audit, *s->access);
  s->outreach = std::make_unique<OutreachService>(*s->store, s->clock, s->random, *s->audit, *s->access, *s->secrets);
  s->stats = std::make_unique<StatsService>(*s->store, s->clock, *s->access);
  s->jobs = std::make_unique<ThreadJobRunner>();
  s->imports = std::make_unique<ImportService>(*s->store, s->clock, s->random, *s->audit, *s->access, *s->vault,
                                               *s->reader, *s->jobs);
  return s;
}

Actor system_actor() {
  Actor a;
  a.user_id = "system";
  a.username = "system";
  a.display_name = "system";
  a.role = Role::sysadmin;
  a.scope = Scope::national();
  return a;
}

} // namespace shegong
