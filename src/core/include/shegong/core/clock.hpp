// Time and randomness are injected so that tests can fix them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <optional>

namespace shegong {

// Milliseconds since the Unix epoch, UTC.
using TimestampMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimestampMs now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimestampMs now_ms() const override;
};

// A clock that tests move by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimestampMs start) : now_(start) {}
  TimestampMs now_ms() const override { return now_; }
  void advance_ms(TimestampMs d) { now_ += d; }

 private:
  TimestampMs now_;
};

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;
};

// ISO 8601 UTC with milliseconds: 2026-11-29T10:45:33.123Z
std::string format_timestamp(TimestampMs ms);
// A calendar date (YYYY-MM-DD), stored as text; nullopt when malformed or impossible (2023-02-30).
std::optional<std::string> parse_date(std::string_view s);
// An ISO 8601 time with a zone ("2024-01-05T10:30:00Z", "…+08:00", fractions allowed) as
// milliseconds since the epoch; nullopt when malformed or without a zone.
std::optional<TimestampMs> parse_timestamp(std::string_view s);
// The date `n` days after `date` (YYYY-MM-DD, already valid); n may be negative.
std::string add_days(std::string_view date, int n);

// UUIDv7 (RFC 9562): 48-bit millisecond time, then random bits; sorts by creation time.
std::string new_uuid_v7(const Clock& clock, Random& random);
// Accepts any RFC 9562 UUID in canonical lowercase or uppercase hex form; returns it lowercased.
std::optional<std::string> parse_uuid(std::string_view s);

} // namespace shegong
