// Reading a register import's rows: which column a spreadsheet's header names, the
// spellings people and spreadsheets use for dates and wide characters, and the rules a
// row must meet to become a person — pure functions, tested as tables
// (tests/unit/person_import_test.cpp); the import service reads the file, resolves the
// villages, deduplicates and writes.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/person.hpp"

namespace shegong {

enum ImportColumn : int {
  col_name,
  col_id,
  col_sex,
  col_birth,
  col_phone,
  col_registered,
  col_current,
  col_region,
  col_categories,
  col_category_date,
  col_document,
  col_living,
  col_risk,
  col_notes,
  col_health,
  col_count
};

// The template's headers first; then the other names bureaus use for the same column.
inline constexpr std::array<std::string_view, col_count> kImportTemplate = {
    "姓名",     "身份证号", "性别",     "出生日期", "联系电话", "户籍地址", "现居住地", "所属村(社区)",
    "人员类别", "认定日期", "认定文件", "居住状况", "风险等级", "备注",     "健康状况"};

// The column a header names (the template's words or another name bureaus use).
std::optional<ImportColumn> import_column_of(std::string_view header);
// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space folded to ASCII.
std::string fold_width(std::string_view s);
// What Excel shows for a long number it stored as a number: 4.11102E+17.
bool scientific(std::string_view s);
// Dates as spreadsheets and people write them: 2023-01-05, 2023/1/5, 2023.1.5, 20230105, 2023年1月5日.
std::optional<std::string> loose_date(std::string_view raw);

// A row's cells by column, each trimmed (empty when the file has no such column).
using ImportCells = std::array<std::string, col_count>;

// Why a row cannot be imported: the column to fix (col_count when the rule names a
// field no column holds, then `field`), in the words of those who fix the spreadsheet.
struct ImportRefusal {
  ImportColumn column = col_count;
  std::string field;
  std::string reason;
};

struct ImportedPerson {
  PersonDetails details;
  std::vector<CategoryEntry> entries; // ids, person and author left to the writer
  std::string dedupe_key; // the ID number, or name|birth|village
};

// The rules one row must meet. `region` is its village as the import resolved it (or
// why it could not be); `categories` the register's; `today` bounds the dates.
std::variant<ImportedPerson, ImportRefusal> check_import_row(const ImportCells& cells, const Result<RegionCode>& region,
                                                             std::span<const Category> categories,
                                                             std::string_view today);

} // namespace shegong
