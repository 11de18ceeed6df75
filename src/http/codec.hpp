// JSON views of the domain's records, as the API returns them.
#pragma once

#include <boost/json.hpp>

#include "shegong/app/audit_service.hpp"
#include "shegong/app/place_service.hpp"
#include "shegong/app/region_service.hpp"

namespace shegong::http {

// `sp` lets a hot handler build the value in a stack buffer (monotonic_resource).
boost::json::object to_json(const Region& r, const boost::json::storage_ptr& sp = {});
boost::json::object to_json(const RegionDetail& d, const boost::json::storage_ptr& sp = {});
boost::json::object to_json(const Station& s);
boost::json::object to_json(const Grid& g);
boost::json::object to_json(const PlaceSummary& s, const std::optional<RegionCode>& region);
boost::json::array to_json(const std::vector<Permission>& permissions);
// The signed-in user with what their role may do now, so a console shows only that.
boost::json::object to_json_user(const Actor& a, const std::string& region_name,
                                 const std::vector<Permission>& permissions);
boost::json::object to_json(const AuditEntry& e);

template <typename T, typename Fn>
boost::json::object page_json(const Page<T>& p, Fn&& fn) {
  boost::json::array items;
  items.reserve(p.items.size());
  for (const auto& item : p.items) items.push_back(fn(item));
  return {{"items", std::move(items)},
          {"total", p.total},
          {"total_exact", p.total_exact},
          {"page", p.page},
          {"page_size", p.page_size}};
}

} // namespace shegong::http
