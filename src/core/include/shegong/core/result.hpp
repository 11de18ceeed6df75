// Result<T>: a value or an Error. Expected failures travel as values; exceptions
// never cross a module boundary (adapters catch library exceptions and convert).
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "shegong/core/error.hpp"

namespace shegong {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {} // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {} // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), failed_(true) {} // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const& {
    assert(failed_);
    return err_;
  }
  Error&& error() && {
    assert(failed_);
    return std::move(err_);
  }

 private:
  Error err_;
  bool failed_ = false;
};

inline Result<void> ok() { return {}; }

} // namespace shegong

#define SHEGONG_CONCAT_INNER(a, b) a##b
#define SHEGONG_CONCAT(a, b) SHEGONG_CONCAT_INNER(a, b)

// `tmp` and `decl` name and declare variables: they cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
// Propagate an error from an expression returning Result<...>.
#define SHEGONG_TRY(expr) SHEGONG_TRY_IMPL(SHEGONG_CONCAT(shegong_try_, __COUNTER__), expr)
#define SHEGONG_TRY_IMPL(tmp, expr)               \
  do {                                            \
    auto&& tmp = (expr);                          \
    if (!tmp.ok()) return std::move(tmp).error(); \
  } while (0)

// Bind the value of a Result to `decl`, or return its error.
#define SHEGONG_ASSIGN(decl, expr) SHEGONG_ASSIGN_IMPL(SHEGONG_CONCAT(shegong_r_, __COUNTER__), decl, expr)
#define SHEGONG_ASSIGN_IMPL(tmp, decl, expr)    \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
