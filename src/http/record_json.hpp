// The HTTP side of a record description (records/record.hpp): a record as JSON, field
// by field, in the order the description lists them.
#pragma once

#include <boost/json.hpp>

#include "shegong/core/clock.hpp"
#include "shegong/records/record.hpp"

namespace shegong::http {

namespace detail {

template <class F, class M>
boost::json::value json_value(const F& f, const M& v) {
  if constexpr (std::is_same_v<M, std::string>) {
    if (f.has(records::empty_is_null) && v.empty()) return nullptr;
    return boost::json::value(v);
  } else if constexpr (std::is_same_v<M, std::optional<std::string>>) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  } else if constexpr (std::is_same_v<M, bool>) {
    return boost::json::value(v);
  } else if constexpr (std::is_same_v<M, std::int64_t>) {
    if (f.has(records::timestamp)) return boost::json::value(format_timestamp(v));
    return boost::json::value(v);
  } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
    if (!v) return nullptr;
    if (f.has(records::timestamp)) return boost::json::value(format_timestamp(*v));
    return boost::json::value(*v);
  } else if constexpr (std::is_same_v<M, RegionCode>) {
    return boost::json::value(v.str());
  } else if constexpr (records::Coded<M>) {
    return boost::json::value(records::Enum<M>::text(v));
  } else {
    static_assert(sizeof(M) == 0, "no JSON mapping for this field type");
  }
}

} // namespace detail

template <class R>
boost::json::object record_json(const R& r) {
  boost::json::object o;
  o.reserve(std::tuple_size_v<std::decay_t<decltype(records::Record<R>::fields)>>);
  records::each_field<R>([&](const auto& f) { o[f.name] = detail::json_value(f, f.of(r)); });
  return o;
}

} // namespace shegong::http
