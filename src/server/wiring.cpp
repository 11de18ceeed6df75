#include "wiring.hpp"

#include <filesystem>

#include "shegong/crypto/self_test.hpp"

namespace shegong {

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
  s->audit = std::make_unique<AuditService>(*s->store, s->clock, s->chain);
  s->places = std::make_unique<PlaceService>(*s->store, s->clock, s->random, *s->audit);
  s->auth = std::make_unique<AuthService>(*s->store, s->clock, s->random, s->hasher, s->tokens, *s->audit);
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
