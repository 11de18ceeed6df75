#include "audit_witness.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <fstream>

namespace shegong {

Result<std::vector<WitnessMark>> read_witness_file(const std::string& file) {
  std::vector<WitnessMark> out;
  if (file.empty()) return out;
  std::ifstream in(file);
  if (!in) return Error::make(ErrorCode::unavailable, "cannot read the witness file " + file, "witness");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.front() == '#') continue;
    auto mark = read_witness_line(line);
    if (!mark)
      return Error::make(ErrorCode::invalid_field,
                         file + " line " + std::to_string(number) + ": not a witness line (seq hash at key signature)",
                         "witness");
    out.push_back(std::move(*mark));
  }
  return out;
}

Result<void> append_witness_line(const std::string& file, const WitnessMark& mark) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Error::make(ErrorCode::unavailable, "cannot open the witness file " + file, "audit_witness");
  const std::string line = witness_line(mark) + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Error::make(ErrorCode::unavailable, "cannot write the witness file " + file, "audit_witness");
  return ok();
}

void write_witness(AuditService& audit, const std::string& file) {
  auto mark = audit.witness();
  Result<void> written = mark ? append_witness_line(file, *mark) : Result<void>(mark.error());
  if (!written) spdlog::error("audit witness: {}", written.error().message);
}

} // namespace shegong
