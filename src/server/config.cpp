#include "config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>

namespace shegong {
namespace {

Error bad(const std::string& key, const std::string& why) {
  return Error::make(ErrorCode::invalid_field, key + ": " + why, key);
}

Result<long> to_long(const std::string& key, std::string_view v, long lo, long hi) {
  long out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < lo || out > hi)
    return bad(key, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return out;
}

Result<bool> to_bool(const std::string& key, std::string_view v) {
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  return bad(key, "must be true or false");
}

// Applies one setting given as text (from the environment or the file).
Result<void> set(Config& c, const std::string& key, const std::string& v) {
  if (key == "address")
    c.server.address = v;
  else if (key == "port") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 0, 65535));
    c.server.port = static_cast<unsigned short>(n);
  } else if (key == "threads") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 1, 256));
    c.server.threads = static_cast<int>(n);
  } else if (key == "upload_limit") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 1024, 1L << 31));
    c.server.upload_limit = static_cast<std::size_t>(n);
  } else if (key == "body_limit") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 1024, 1L << 30));
    c.server.body_limit = static_cast<std::size_t>(n);
  } else if (key == "header_limit") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 1024, 1L << 20));
    c.server.header_limit = static_cast<std::size_t>(n);
  } else if (key == "read_timeout") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 1, 3600));
    c.server.read_timeout = std::chrono::seconds(n);
  } else if (key == "idle_timeout") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 1, 3600));
    c.server.idle_timeout = std::chrono::seconds(n);
  } else if (key == "drain_timeout") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 0, 3600));
    c.server.drain_timeout = std::chrono::seconds(n);
  } else if (key == "data_dir")
    c.data_dir = v;
  else if (key == "store")
    c.store = v;
  else if (key == "web_root")
    c.web_root = v;
  else if (key == "regions_source")
    c.regions_source = v;
  else if (key == "access_log") {
    SHEGONG_ASSIGN(c.access_log, to_bool(key, v));
  } else if (key == "log_level")
    c.log_level = v;
  else if (key == "store_connections") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 1, 1024));
    c.store_connections = static_cast<int>(n);
  } else if (key == "trusted_proxies") {
    c.server.trusted_proxies.clear();
    std::string_view rest = v;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string item(rest.substr(0, comma));
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) c.server.trusted_proxies.push_back(item);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  } else if (key == "keys_file")
    c.keys_file = v;
  else if (key == "audit_retention_days") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 183, 36500));
    c.audit_retention_days = static_cast<int>(n);
  } else if (key == "audit_witness")
    c.audit_witness = v;
  else if (key == "audit_witness_minutes") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 1, 1440));
    c.audit_witness_minutes = static_cast<int>(n);
  } else if (key == "require_totp") {
    SHEGONG_ASSIGN(bool b, to_bool(key, v));
    c.require_totp = b;
  } else if (key == "region_cache_seconds") {
    SHEGONG_ASSIGN(auto n, to_long(key, v, 0, 86400));
    c.region_cache_seconds = static_cast<int>(n);
  } else
    return bad(key, "is not a shegong setting");
  return ok();
}

constexpr const char* kKeys[] = {"address",
                                 "port",
                                 "threads",
                                 "body_limit",
                                 "upload_limit",
                                 "header_limit",
                                 "read_timeout",
                                 "idle_timeout",
                                 "drain_timeout",
                                 "data_dir",
                                 "store",
                                 "web_root",
                                 "regions_source",
                                 "access_log",
                                 "log_level",
                                 "store_connections",
                                 "region_cache_seconds",
                                 "trusted_proxies",
                                 "keys_file",
                                 "require_totp",
                                 "audit_retention_days",
                                 "audit_witness",
                                 "audit_witness_minutes"};

} // namespace

std::string Config::sqlite_path() const {
  if (store.empty()) return data_dir + "/shegong.db";
  if (store.starts_with("sqlite:")) return store.substr(7);
  return store;
}

bool Config::is_postgres() const { return store.starts_with("postgresql://") || store.starts_with("postgres://"); }

std::string Config::store_location() const { return is_postgres() ? store : "sqlite:" + sqlite_path(); }

Result<Config> load_config(const std::string& file) {
  Config c;
  if (!file.empty()) {
    toml::table t;
    try {
      t = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
      return Error::make(ErrorCode::invalid_field, "config " + file + ": " + std::string(e.description()));
    }
    for (const auto& [k, node] : t) {
      const std::string key(k.str());
      std::string text;
      if (auto s = node.value<std::string>())
        text = *s;
      else if (auto i = node.value<std::int64_t>())
        text = std::to_string(*i);
      else if (auto b = node.value<bool>())
        text = *b ? "true" : "false";
      else
        return bad(key, "must be a string, number or boolean");
      SHEGONG_TRY(set(c, key, text));
    }
  }
  for (const char* key : kKeys) {
    std::string env = "SHEGONG_";
    for (const char* p = key; *p; ++p) env.push_back(static_cast<char>(*p >= 'a' && *p <= 'z' ? *p - 32 : *p));
    if (const char* v = std::getenv(env.c_str()); v && *v) SHEGONG_TRY(set(c, key, v));
  }
  return c;
}

} // namespace shegong
