#include "shegong/importers/table_reader.hpp"

#include "table_formats.hpp"

namespace shegong::importers {

Result<TableInfo> read_table(std::string_view file_bytes, const RowFn& row_fn) {
  if (file_bytes.empty()) return Error::make(ErrorCode::invalid_field, "the file is empty");
  if (file_bytes.starts_with(std::string_view("PK\x03\x04", 4))) return detail::read_xlsx_table(file_bytes, row_fn);
  // An OLE2 compound file is an Excel 97-2003 workbook, or an XLSX that Excel
  // encrypted with a password (it wraps those in OLE2 too); neither is read here.
  if (file_bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
    return Error::make(ErrorCode::unsupported_media_type,
                       "this is an Excel 97-2003 workbook (.xls) or a password-protected workbook; "
                       "remove the password and save it as .xlsx (Excel workbook) or CSV");
  return detail::read_csv_table(file_bytes, row_fn);
}

} // namespace shegong::importers
