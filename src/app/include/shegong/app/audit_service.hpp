// The audit trail: appended in the same transaction as the change it records, read
// by auditors, verified end to end. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>

#include "shegong/app/actor.hpp"
#include "shegong/app/ports.hpp"

namespace shegong {

// An entry about what `actor` did; the service fills time, sequence and hashes.
AuditEntry audit_entry(const Actor& actor, std::string action, std::string resource, std::string record_id,
                       std::string region_code, std::string outcome = "ok");

// An entry about someone who is not (or not yet) signed in: the command line, or a
// sign-in attempt under `username` from `remote`.
AuditEntry audit_entry_unsigned(std::string username, std::string remote, std::string action, std::string resource,
                                std::string record_id, std::string outcome = "ok");

class AuditService {
 public:
  AuditService(Store& store, const Clock& clock, ChainHasher& hasher) : store_(store), clock_(clock), hasher_(hasher) {}

  // Appends inside the caller's write transaction, so the change and its record
  // stand or fall together.
  Result<void> append(Repositories& r, AuditEntry e);
  // Appends in a transaction of its own (a refused sign-in changes nothing else).
  Result<void> record(AuditEntry e);

  // A refused request of a signed-in user (a permission the role lacks, a record outside
  // the area): `what` names the request, `record_id` what it reached for. At most
  // kDenialsPerMinute entries a user a minute, so probing cannot flood the trail; the
  // refusals beyond are counted in the user's next entry.
  static constexpr int kDenialsPerMinute = 20;
  Result<void> record_denial(const Actor& actor, std::string what, std::string record_id, std::string outcome);

  // The caller checks the actor may read the trail (AccessControl).
  Result<Page<AuditEntry>> list(const AuditFilter& filter, const PageRequest& page);

  // The filtered trail as a spreadsheet (at most `max_rows`, newest first); the export
  // is itself recorded. The caller checks the actor may read the trail.
  Result<std::string> export_xlsx(const Actor& actor, const AuditFilter& filter, SpreadsheetWriter& writer,
                                  std::int64_t max_rows = 100'000);

  struct Verification {
    std::int64_t checked = 0;
    std::int64_t witnessed = 0; // witness lines matched
    std::optional<ChainProblem> problem;
  };
  // Removes entries older than `retention_days` (at least 183: the six months the
  // Cybersecurity Law asks) from the front of the trail, and records that it did.
  Result<std::int64_t> prune(int retention_days);

  // Reads the whole trail in stored order and checks every link and the head, and that
  // every head a witness kept (signed, outside the database) is still in the trail.
  Result<Verification> verify(const std::vector<WitnessMark>& witness = {});

  // With a key ring, a trail whose head is not signed yet (made before keys) is keyed
  // from here on by an `audit.keyed` entry; true when one was appended.
  Result<bool> key_chain();

  // The head as it is now, signed, for the witness.
  Result<WitnessMark> witness();

 private:
  Store& store_;
  const Clock& clock_;
  ChainHasher& hasher_;
  struct DenialWindow {
    TimestampMs start = 0;
    int recorded = 0;
    std::int64_t unrecorded = 0;
  };
  std::mutex denials_mu_;
  std::map<std::string, DenialWindow> denials_; // by user id
};

} // namespace shegong
