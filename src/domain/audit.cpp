#include "shegong/domain/audit.hpp"

namespace shegong {

std::string canonical(const AuditEntry& e) {
  std::string out;
  auto field = [&](std::string_view v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
    out += ';';
  };
  field(std::to_string(e.seq));
  field(std::to_string(e.at));
  for (const std::string* f : {&e.user_id, &e.username, &e.role, &e.remote, &e.action, &e.resource, &e.record_id,
                               &e.region_code, &e.outcome, &e.purpose, &e.detail})
    field(*f);
  return out;
}

const std::optional<ChainProblem>& ChainVerifier::feed(const AuditEntry& e) {
  if (problem_) return problem_;
  if (e.seq != expected_) {
    problem_ = ChainProblem{expected_, e.seq > expected_ ? "entry " + std::to_string(expected_) + " is missing"
                                                         : "entry " + std::to_string(e.seq) + " is out of place"};
  } else if (e.prev_hash != prev_) {
    problem_ = ChainProblem{e.seq, "its previous-hash does not match the entry before it"};
  } else if (chain_(e.prev_hash, canonical(e)) != e.hash) {
    problem_ = ChainProblem{e.seq, "its content does not match its hash"};
  } else {
    prev_ = e.hash;
    ++expected_;
  }
  return problem_;
}

std::optional<ChainProblem> ChainVerifier::finish(std::int64_t head_seq, std::string_view head_hash) {
  if (problem_) return problem_;
  if (expected_ - 1 != head_seq || prev_ != head_hash)
    return ChainProblem{
        expected_ - 1 < head_seq ? expected_ : head_seq + 1,
        "the trail ends at entry " + std::to_string(expected_ - 1) + " but its head says " + std::to_string(head_seq)};
  return std::nullopt;
}

std::optional<ChainProblem> verify_chain(const std::vector<AuditEntry>& entries, const ChainFn& chain,
                                         std::int64_t head_seq, std::string_view head_hash) {
  ChainVerifier v(chain);
  for (const auto& e : entries)
    if (v.feed(e)) break;
  return v.finish(head_seq, head_hash);
}

} // namespace shegong
