// Reads the rows of a spreadsheet a person uploads: the first worksheet of an XLSX
// workbook, or a CSV file in UTF-8 or GBK/GB18030 (what Excel and WPS save on a
// Chinese Windows). Every cell reaches the caller as UTF-8 text, the way the
// spreadsheet program shows it, so that an import checks one representation only.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"

namespace shegong::importers {

struct TableInfo {
  std::string format; // "csv" or "xlsx"
  // Of the file as read. CSV: "UTF-8", "GB18030" (GBK is a subset), "Big5" when ICU
  // is sure of it, or "UTF-16" (with a byte order mark; then tab-separated, as Excel's
  // "Unicode text" is). XLSX: "UTF-8".
  std::string encoding;
};

// Called once per non-empty row, in order. `row_number` is the 1-based number a
// spreadsheet program shows beside the row (for CSV: the record number, counting the
// header and blank lines). `cells` are in column order; a skipped column is an empty
// string, empty trailing cells may be missing. The callee may move the strings out.
using RowFn = std::function<Result<void>(std::size_t row_number, std::vector<std::string>& cells)>;

// Detects the format by content (an XLSX file is a zip archive; anything else is
// read as CSV) and streams the rows to `row_fn`. An error returned by `row_fn` stops
// the read and is returned as is. Damage found late (a bad checksum at the end of a
// sheet, an unclosed quote) fails the read after earlier rows were delivered: a
// caller that must not act on half a file waits for the result.
//
// XLSX cells are written as a spreadsheet shows them: shared, inline and formula
// strings as they are; whole numbers as plain digits without exponent or ".0"
// (13812345678; an ID number stored as a number keeps only the digits the number
// holds, 411102194803021000); other numbers in the shortest form that reads back the
// same; date-formatted numbers as YYYY-MM-DD, time-only formats as HH:MM:SS; booleans
// as TRUE/FALSE; error values as their code (#N/A). The value of a merged range's
// top-left cell is copied into every cell of the range.
//
// Errors: empty or malformed file (invalid_field); a legacy .xls, an encrypted
// workbook or an OpenDocument file (unsupported_media_type); a part that inflates to
// more than 512 MiB, more than 1,048,576 rows or 16,384 columns (payload_too_large).
Result<TableInfo> read_table(std::string_view file_bytes, const RowFn& row_fn);

} // namespace shegong::importers
