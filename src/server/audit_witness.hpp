// The audit trail's witness: signed heads appended to a file the operator keeps outside
// the database, read back by `shegong audit verify --witness`, and written by the server
// every audit_witness_minutes while it runs.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "shegong/app/audit_service.hpp"

namespace shegong {

// Every line of the file (none when `file` is empty); a malformed line is an error naming it.
Result<std::vector<WitnessMark>> read_witness_file(const std::string& file);
// Appends one line (the file is made 0600 when new) and flushes it to the disk.
Result<void> append_witness_line(const std::string& file, const WitnessMark& mark);

// Appends the head now, every `minutes`, and once more when it stops; a failure is
// logged and tried again next time (the trail itself is not affected).
class WitnessWriter {
 public:
  WitnessWriter(AuditService& audit, std::string file, int minutes);
  ~WitnessWriter();
  WitnessWriter(const WitnessWriter&) = delete;
  WitnessWriter& operator=(const WitnessWriter&) = delete;

 private:
  void write_once();
  AuditService& audit_;
  std::string file_;
  int minutes_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace shegong
