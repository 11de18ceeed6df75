// The audit trail's rules: what an entry holds, its canonical bytes, and how a
// chain of entries is checked. Pure: the keyed hash is passed in.
//
// Each entry's hash is a keyed link (HMAC under a key of the key ring, named by the
// entry's key_id) over the previous hash and the entry, so that recomputing the chain
// after an edit needs a key the database does not hold. Entries made before the chain
// was keyed have no key_id (plain SM3); none may follow a keyed one. Removing the front
// of the trail under the retention rule is stated by a keyed `audit.prune` entry, so a
// forged prune marker is found too. What no chain can show by itself — its tail cut and
// its head moved back — a witness kept elsewhere shows (`witness_line`).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  std::string key_id; // the key ring's key the link is under; empty: plain SM3 (before keys)
  std::string prev_hash, hash;
};

// The bytes the hash covers: every field but the hashes, each length-prefixed so
// that no choice of values can make two different entries serialise alike.
std::string canonical(const AuditEntry& e);

inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// The link of an entry under `key_id` ("" for plain SM3); nullopt when that key is not at hand.
using ChainFn = std::function<std::optional<std::string>(std::string_view key_id, std::string_view prev_hash,
                                                         std::string_view canonical_entry)>;

inline constexpr std::string_view kPruneAction = "audit.prune";
// What a prune entry's detail says of where the kept trail starts: "… ; kept from #N+1 after <hash>".
std::string prune_statement(std::int64_t pruned_seq, std::string_view pruned_hash);
// The (pruned_seq, pruned_hash) a prune entry's detail states, if it states one.
std::optional<std::pair<std::int64_t, std::string>> read_prune_statement(std::string_view detail);

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
      : chain_(std::move(chain)),
        prev_(pruned_hash),
        expected_(pruned_seq + 1),
        start_(pruned_seq),
        start_hash_(std::move(pruned_hash)) {}
  // The first problem found so far; feeding stops mattering once there is one.
  const std::optional<ChainProblem>& feed(const AuditEntry& e);
  std::optional<ChainProblem> finish(std::int64_t head_seq, std::string_view head_hash);
  std::int64_t checked() const noexcept { return expected_ - 1 - start_; }
  // The hash of entry `seq` if it was fed (for the witness's check), else nullopt.
  // Only the entries named by want() are kept.
  void want(std::int64_t seq) { wanted_.emplace_back(seq, std::string()); }
  std::optional<std::string> hash_of(std::int64_t seq) const;

 private:
  ChainFn chain_;
  std::string prev_{kGenesisHash};
  std::int64_t expected_ = 1;
  std::int64_t start_ = 0;
  std::string start_hash_{kGenesisHash};
  bool keyed_ = false; // a keyed entry was seen: every later one must be keyed
  std::optional<std::pair<std::int64_t, std::string>> last_prune_; // what the last keyed prune entry stated
  std::vector<std::pair<std::int64_t, std::string>> wanted_;
  std::optional<ChainProblem> problem_;
};

// A witness line: the head's sequence, hash and time, signed, for an operator to keep
// outside the database (a file on another disk, syslog). "seq hash at key_id signature".
struct WitnessMark {
  std::int64_t seq = 0;
  std::string hash;
  std::int64_t at = 0;
  std::string key_id, signature;
};
// The bytes the head row's signature covers.
std::string head_text(std::int64_t seq, std::string_view hash, std::int64_t pruned_seq, std::string_view pruned_hash);
// The bytes a witness signature covers.
std::string witness_text(std::int64_t seq, std::string_view hash, std::int64_t at);
std::string witness_line(const WitnessMark& m);
std::optional<WitnessMark> read_witness_line(std::string_view line);

std::optional<ChainProblem> verify_chain(const std::vector<AuditEntry>& entries, const ChainFn& chain,
                                         std::int64_t head_seq, std::string_view head_hash);

} // namespace shegong
