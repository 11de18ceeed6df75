#include "codec.hpp"

#include "record_json.hpp"
#include "shegong/records/places.hpp"
#include "routes.hpp"

namespace shegong::http {

boost::json::object to_json(const Region& r, const boost::json::storage_ptr& sp) {
  auto parent = r.code.parent();
  boost::json::object o(sp);
  o.reserve(6);
  o["code"] = r.code.str();
  o["name"] = r.name;
  o["level"] = to_string(r.code.level());
  o["parent_code"] = parent ? boost::json::value(parent->str()) : boost::json::value(nullptr);
  o["has_children"] = r.has_children;
  return o;
}

boost::json::object to_json(const RegionDetail& d, const boost::json::storage_ptr& sp) {
  boost::json::object o = to_json(d.region, sp);
  boost::json::array anc(sp);
  anc.reserve(d.ancestors.size());
  for (const auto& a : d.ancestors)
    anc.push_back({{"code", a.code.str()}, {"name", a.name}, {"level", to_string(a.code.level())}});
  o["ancestors"] = std::move(anc);
  return o;
}

// Stations and grids are described once (records/places.hpp).
boost::json::object to_json(const Station& s) { return record_json(s); }

boost::json::object to_json(const Grid& g) { return record_json(g); }

boost::json::object to_json(const PlaceSummary& s, const std::optional<RegionCode>& region) {
  // Every kind, zero included: the console charts them all.
  boost::json::object stations;
  for (auto kind : kAllStationKinds) {
    auto n = s.stations.find(kind);
    stations[to_string(kind)] = n == s.stations.end() ? std::int64_t{0} : n->second;
  }
  return {{"region_code", region ? boost::json::value(region->str()) : boost::json::value(nullptr)},
          {"stations", std::move(stations)},
          {"grids", s.grids.grids},
          {"micro_grids", s.grids.micro_grids},
          {"households", s.grids.households},
          {"residents", s.grids.residents}};
}

boost::json::array to_json(const std::vector<Permission>& permissions) {
  boost::json::array out;
  out.reserve(permissions.size());
  for (const auto& p : permissions)
    out.push_back({{"action", to_string(p.action)}, {"resource", to_string(p.resource)}});
  return out;
}

boost::json::object to_json_user(const Actor& a, const std::string& region_name,
                                 const std::vector<Permission>& permissions) {
  return {{"id", a.user_id},
          {"username", a.username},
          {"display_name", a.display_name},
          {"role", to_string(a.role)},
          {"region_code", a.region_code ? boost::json::value(a.region_code->str()) : boost::json::value(nullptr)},
          {"region_name", region_name},
          {"must_change_password", a.must_change_password},
          {"must_enrol_totp", a.must_enrol_totp},
          {"permissions", to_json(permissions)}};
}

boost::json::object to_json(const AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", format_timestamp(e.at)},
          {"user_id", e.user_id},
          {"username", e.username},
          {"role", e.role},
          {"remote", e.remote},
          {"action", e.action},
          {"resource", e.resource},
          {"record_id", e.record_id},
          {"region_code", e.region_code},
          {"outcome", e.outcome},
          {"purpose", e.purpose},
          {"detail", e.detail},
          {"hash", e.hash}};
}

} // namespace shegong::http
