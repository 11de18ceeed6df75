// A change to a record, as the fields its author named. Whoever reads the request builds
// it (the HTTP adapter does so from the record's description); the service applies it to
// a copy of the stored record and checks the record's invariants as a whole, so an edit
// is all or nothing and a new field needs no new patch struct.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace shegong {

template <class T>
class Edit {
 public:
  template <class M, class V>
  Edit& set(M T::*member, V&& value) {
    steps_.push_back([member, v = M(std::forward<V>(value))](T& t) { t.*member = v; });
    return *this;
  }
  Edit& then(std::function<void(T&)> step) {
    steps_.push_back(std::move(step));
    return *this;
  }
  void apply_to(T& t) const {
    for (const auto& step : steps_) step(t);
  }
  bool empty() const noexcept { return steps_.empty(); }

 private:
  std::vector<std::function<void(T&)>> steps_;
};

} // namespace shegong
