#include "shegong/domain/audit.hpp"

#include <charconv>

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

std::string prune_statement(std::int64_t pruned_seq, std::string_view pruned_hash) {
  return "kept from #" + std::to_string(pruned_seq + 1) + " after " + std::string(pruned_hash);
}

std::optional<std::pair<std::int64_t, std::string>> read_prune_statement(std::string_view detail) {
  const auto at = detail.rfind("kept from #");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = detail.substr(at + 11);
  std::int64_t first = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), first);
  if (ec != std::errc() || first < 1) return std::nullopt;
  rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
  if (!rest.starts_with(" after ")) return std::nullopt;
  return std::pair<std::int64_t, std::string>(first - 1, std::string(rest.substr(7)));
}

const std::optional<ChainProblem>& ChainVerifier::feed(const AuditEntry& e) {
  if (problem_) return problem_;
  if (e.seq != expected_) {
    problem_ = ChainProblem{expected_, e.seq > expected_ ? "entry " + std::to_string(expected_) + " is missing"
                                                         : "entry " + std::to_string(e.seq) + " is out of place"};
    return problem_;
  }
  if (e.prev_hash != prev_) {
    problem_ = ChainProblem{e.seq, "its previous-hash does not match the entry before it"};
    return problem_;
  }
  if (keyed_ && e.key_id.empty()) {
    problem_ = ChainProblem{e.seq, "it is linked without a key after keyed entries (its link was recomputed)"};
    return problem_;
  }
  const auto link = chain_(e.key_id, e.prev_hash, canonical(e));
  if (!link) {
    problem_ = ChainProblem{e.seq, "it is linked under key " + e.key_id + ", which the key ring does not hold"};
    return problem_;
  }
  if (*link != e.hash) {
    problem_ = ChainProblem{e.seq, "its content does not match its hash"};
    return problem_;
  }
  if (!e.key_id.empty()) {
    keyed_ = true;
    if (e.action == kPruneAction) last_prune_ = read_prune_statement(e.detail);
  }
  for (auto& [seq, hash] : wanted_)
    if (seq == e.seq) hash = e.hash;
  prev_ = e.hash;
  ++expected_;
  return problem_;
}

std::optional<ChainProblem> ChainVerifier::finish(std::int64_t head_seq, std::string_view head_hash) {
  if (problem_) return problem_;
  if (expected_ - 1 != head_seq || prev_ != head_hash)
    return ChainProblem{
        expected_ - 1 < head_seq ? expected_ : head_seq + 1,
        "the trail ends at entry " + std::to_string(expected_ - 1) + " but its head says " + std::to_string(head_seq)};
  // A front removed under the retention rule is stated by the last keyed prune entry.
  // (A trail wholly from before keys has no statement to check; its witness is its guard.)
  if (start_ > 0 && keyed_ && (!last_prune_ || last_prune_->first != start_ || last_prune_->second != start_hash_))
    return ChainProblem{start_ + 1, "the trail is said to start after entry " + std::to_string(start_) +
                                        ", but no prune entry states it (a forged prune marker)"};
  return std::nullopt;
}

std::optional<std::string> ChainVerifier::hash_of(std::int64_t seq) const {
  for (const auto& [s, hash] : wanted_)
    if (s == seq && !hash.empty()) return hash;
  return std::nullopt;
}

std::string head_text(std::int64_t seq, std::string_view hash, std::int64_t pruned_seq, std::string_view pruned_hash) {
  return "shegong audit head row " + std::to_string(seq) + " " + std::string(hash) + " " + std::to_string(pruned_seq) +
         " " + std::string(pruned_hash);
}

std::string witness_text(std::int64_t seq, std::string_view hash, std::int64_t at) {
  return "shegong audit head " + std::to_string(seq) + " " + std::string(hash) + " " + std::to_string(at);
}

std::string witness_line(const WitnessMark& m) {
  return std::to_string(m.seq) + " " + m.hash + " " + std::to_string(m.at) + " " + m.key_id + " " + m.signature;
}

std::optional<WitnessMark> read_witness_line(std::string_view line) {
  std::vector<std::string_view> parts;
  while (!line.empty()) {
    const auto sp = line.find(' ');
    if (sp != 0) parts.push_back(line.substr(0, sp));
    if (sp == std::string_view::npos) break;
    line.remove_prefix(sp + 1);
  }
  if (parts.size() != 5) return std::nullopt;
  WitnessMark m;
  auto number = [](std::string_view s, std::int64_t& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
  };
  if (!number(parts[0], m.seq) || !number(parts[2], m.at)) return std::nullopt;
  m.hash = parts[1];
  m.key_id = parts[3];
  m.signature = parts[4];
  return m;
}

std::optional<ChainProblem> verify_chain(const std::vector<AuditEntry>& entries, const ChainFn& chain,
                                         std::int64_t head_seq, std::string_view head_hash) {
  ChainVerifier v(chain);
  for (const auto& e : entries)
    if (v.feed(e)) break;
  return v.finish(head_seq, head_hash);
}

} // namespace shegong
