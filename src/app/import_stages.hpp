// The stages an import's rows pass through, each handing the next what it made:
// read (the file's rows, kept compact) → resolve villages (the store, once per distinct
// cell) → check (the domain's row rules, the ID number's blind index and the sealing,
// on every core) → deduplicate (within the file and against the register) → write (the
// import service, which owns the transactions and the job's status).
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "shegong/app/person_ports.hpp"
#include "shegong/app/person_vault.hpp"
#include "shegong/app/ports.hpp"
#include "shegong/domain/person_import.hpp"

namespace shegong::import {

// A row as read: its cells joined by a unit separator, so that a million rows stay compact.
struct RawRow {
  std::int64_t number = 0; // as a spreadsheet program numbers it
  std::string joined;
};
std::vector<std::string> split_row(const std::string& joined);

// 1. Read: every row after the header row (the first, among the first ten, that names 姓名).
struct FileRows {
  std::vector<std::string> headers;
  std::array<int, col_count> col{}; // the file's column of each template column, -1 when it has none
  std::vector<RawRow> rows;
  std::string ignored; // the headings no column is known by, joined by 、

  std::string cell(const std::vector<std::string>& cells, ImportColumn f) const;
  // The file's own heading of a column (what the user will look for), or the template's.
  std::string header(ImportColumn f) const;
};
// `counted` is told the number of rows read now and then (progress of a long file).
Result<FileRows> read_rows(SpreadsheetReader& reader, std::string_view bytes,
                           const std::function<void(std::size_t)>& counted);

// 2. Resolve villages: a cell names a village by its 12-digit code or its name, inside
// the importer's area. Each distinct cell is looked up once.
class VillageResolver {
 public:
  explicit VillageResolver(Scope scope) : scope_(std::move(scope)) {}
  // The writing thread: looks a cell up in the store the first time it is seen.
  Result<RegionCode> resolve(Repositories& r, const std::string& raw);
  // A cell resolve() has seen; safe from several threads while resolve() is not running.
  Result<RegionCode> known(const std::string& raw) const;

 private:
  Result<RegionCode> refuse(const std::string& text, std::string why);
  Scope scope_;
  std::unordered_map<std::string, std::optional<RegionCode>> villages_; // nullopt: refused
  std::unordered_map<std::string, std::string> refusals_;
};

// 3. Check: one slice of the file, its rows made into sealed records or refusals.
struct RowError {
  std::string column, reason;
};
struct Prepared {
  PersonRecord record;
  PersonDetails details;
  std::vector<CategoryEntry> entries;
  std::string dedupe_key; // the ID number, or name|birth|village
  std::vector<std::string> id_indexes; // the ID number's blind index under every key
};
struct Chunk {
  std::size_t start = 0, size = 0;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::variant<Prepared, RowError>> rows;
  std::optional<Error> fatal; // a failure of the machinery (the store, the keys), not of a row
};

// Splits rows [start, start + size) and resolves their villages (the store's thread).
Chunk open_chunk(const FileRows& file, std::size_t start, std::size_t size, VillageResolver& villages, Store& store);

struct CheckRules {
  const FileRows& file;
  const VillageResolver& villages;
  const std::vector<Category>& categories;
  std::string today;
  PersonVault& vault;
};
// The row rules, blind indexes and sealing of every row, in parallel: pure work, done
// while the previous chunk is written.
void check_chunk(Chunk& c, const CheckRules& rules);

// 4. Deduplicate: a person already in the file or in the register is not created twice.
class Deduplicator {
 public:
  struct Outcome {
    std::vector<Prepared*> fresh; // to be created
    std::int64_t registered = 0; // rows whose person the register has already
  };
  // The chunk's rows that are new; its refused and repeated rows go to `errors`.
  Result<Outcome> sort(Repositories& r, Chunk& c, const FileRows& file, std::vector<ImportRowError>& errors);
  void clear() { first_row_.clear(); }

 private:
  std::unordered_map<std::string, std::int64_t> first_row_; // dedupe key -> the row it was first seen on
};

} // namespace shegong::import
