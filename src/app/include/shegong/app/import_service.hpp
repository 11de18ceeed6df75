// Spreadsheet imports of persons: the bureaus' registers of every vintage, read row by
// row, checked, deduplicated against the register and within the file, and written
// all together or (as the user chooses) the good rows only. Every failing row is
// reported with its number, column and reason.
#pragma once

#include <map>
#include <mutex>

#include "shegong/app/access_control.hpp"
#include "shegong/app/actor.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/person_vault.hpp"
#include "shegong/app/ports.hpp"

namespace shegong {

struct ImportRequest {
  std::string filename;
  std::string mode = "all_or_nothing"; // or valid_rows
  std::string bytes;
};

// The column names of the template, in order.
std::span<const std::string_view> import_template_headers();

class ImportService {
 public:
  ImportService(Store& store, const Clock& clock, Random& random, AuditService& audit, AccessControl& access,
                PersonVault& vault, SpreadsheetReader& reader, JobRunner& runner)
      : store_(store),
        clock_(clock),
        random_(random),
        audit_(audit),
        access_(access),
        vault_(vault),
        reader_(reader),
        runner_(runner) {}

  // Records the job and runs it on the job runner; returns the queued job.
  Result<ImportJob> start(const Actor& actor, ImportRequest req);
  // Runs an import to the end on the calling thread (the command line).
  Result<ImportJob> run(const Actor& actor, const ImportRequest& req);
  Result<ImportJob> get(const Actor& actor, std::string_view id);
  Result<Page<ImportJob>> list(const Actor& actor, const PageRequest& page);
  Result<std::string> errors_xlsx(const Actor& actor, std::string_view id, SpreadsheetWriter& writer);
  Result<std::string> template_xlsx(const Actor& actor, SpreadsheetWriter& writer);
  // A job its runner stopped showing signs of life for (a server killed mid-import) is
  // put in a true final state: an all-or-nothing import whose write committed is done,
  // any other is failed, its counts those its committed rows gave it. Returns how many.
  Result<int> recover();
  // How often a running job shows it is alive; silent three times as long, it is recovered.
  static constexpr TimestampMs kHeartbeatMs = 5'000;

  // Seals the kept failed rows again under the current key (`shegong keys rotate`), so an
  // old key can be retired without losing error reports; returns how many.
  Result<std::int64_t> rotate_keys();

 private:
  Result<ImportJob> begin(const Actor& actor, const ImportRequest& req);
  void execute(const Actor& actor, ImportJob job, const std::string& bytes);
  // Moves a job to its next status (domain/vocabulary.hpp), stored with who and when.
  Result<void> advance(ImportJob& job, std::string_view to, std::string_view by = {});
  void progress(const ImportJob& job);
  class Run;

  Store& store_;
  const Clock& clock_;
  Random& random_;
  AuditService& audit_;
  AccessControl& access_;
  PersonVault& vault_;
  SpreadsheetReader& reader_;
  JobRunner& runner_;
  std::mutex mu_;
  std::map<std::string, ImportJob> running_; // progress of the jobs this process runs
};

} // namespace shegong
