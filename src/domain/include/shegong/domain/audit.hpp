// The audit trail's rules: what an entry holds, its canonical bytes, and how a
// chain of entries is checked. Pure: the hash function is passed in.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shegong {

struct AuditEntry {
  std::int64_t seq = 0; // 1, 2, 3 ... without gaps
  std::int64_t at = 0; // ms since the epoch
  std::string user_id, username, role, remote;
  std::string action; // "login.success", "station.create", "person.view" ...
  std::string resource; // "station", "grid", "user", "session" ...
  std::string record_id;
  std::string region_code;
  std::string outcome; // "ok", "denied", "failed"
  std::string purpose; // why personal data was opened, when given
  std::string detail; // short, never a secret
  std::string prev_hash, hash;
};

// The bytes the hash covers: every field but the hashes, each length-prefixed so
// that no choice of values can make two different entries serialise alike.
std::string canonical(const AuditEntry& e);

inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

using ChainFn = std::function<std::string(std::string_view prev_hash, std::string_view canonical_entry)>;

struct ChainProblem {
  std::int64_t seq = 0; // the first entry that is wrong (or where one is missing)
  std::string reason;
};

// Walks entries in stored order and names the first that was edited, deleted,
// inserted or moved: a broken sequence, a prev_hash that is not the previous
// entry's hash, or a hash that does not match the entry's content. The head
// (kept apart from the entries) reveals a removed tail. Incremental, so that a
// trail of millions of entries is checked without holding it in memory.
class ChainVerifier {
 public:
  explicit ChainVerifier(ChainFn chain) : chain_(std::move(chain)) {}
  // A trail whose first `pruned_seq` entries were removed under the retention rule
  // starts after them, from the hash of the last removed one.
  ChainVerifier(ChainFn chain, std::int64_t pruned_seq, std::string pruned_hash)
      : chain_(std::move(chain)), prev_(std::move(pruned_hash)), expected_(pruned_seq + 1), start_(pruned_seq) {}
  // The first problem found so far; feeding stops mattering once there is one.
  const std::optional<ChainProblem>& feed(const AuditEntry& e);
  std::optional<ChainProblem> finish(std::int64_t head_seq, std::string_view head_hash);
  std::int64_t checked() const noexcept { return expected_ - 1 - start_; }

 private:
  ChainFn chain_;
  std::string prev_{kGenesisHash};
  std::int64_t expected_ = 1;
  std::int64_t start_ = 0;
  std::optional<ChainProblem> problem_;
};

std::optional<ChainProblem> verify_chain(const std::vector<AuditEntry>& entries, const ChainFn& chain,
                                         std::int64_t head_seq, std::string_view head_hash);

} // namespace shegong
