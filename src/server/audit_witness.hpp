// The audit trail's witness: signed heads appended to a file the operator keeps outside
// the database, read back by `shegong audit verify --witness`, and written by the server
// every audit_witness_minutes while it runs.
#pragma once

#include <string>
#include <vector>

#include "shegong/app/audit_service.hpp"

namespace shegong {

// Every line of the file (none when `file` is empty); a malformed line is an error naming it.
Result<std::vector<WitnessMark>> read_witness_file(const std::string& file);
// Appends one line (the file is made 0600 when new) and flushes it to the disk.
Result<void> append_witness_line(const std::string& file, const WitnessMark& mark);

// Appends the signed head to `file` (for a Periodic: now, every audit_witness_minutes and
// once more at stop); a failure is logged and tried again next time (the trail itself is
// not affected).
void write_witness(AuditService& audit, const std::string& file);

} // namespace shegong
