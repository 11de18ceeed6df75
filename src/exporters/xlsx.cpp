#include "shegong/exporters/xlsx.hpp"

#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "shegong/domain/text.hpp"

namespace shegong {

Result<std::string> XlsxWriter::write(std::string_view sheet_name, const std::vector<std::string>& headers,
                                      const std::vector<std::vector<std::string>>& rows) {
  return write_book({SheetData{std::string(sheet_name), headers, rows, {}}});
}

Result<std::string> XlsxWriter::write_book(const std::vector<SheetData>& sheets) {
  // libxlsxwriter 1.1 writes to a file: a private temporary one, removed afterwards.
  std::random_device rd;
  const auto path =
      std::filesystem::temp_directory_path() / ("shegong-" + std::to_string(rd()) + std::to_string(rd()) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Error::make(ErrorCode::unavailable, "cannot create a spreadsheet in the temporary folder");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (const auto& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
    std::vector<double> widths(sheet.headers.size(), 8);
    auto fit = [&](std::size_t col, const std::string& text) {
      // Chinese characters are about twice as wide as Latin ones.
      double w = 0;
      for (unsigned char ch : text) w += (ch & 0xC0) == 0x80 ? 0 : (ch >= 0xE0 ? 2.0 : 1.0);
      if (col < widths.size()) widths[col] = std::min(60.0, std::max(widths[col], w + 2));
    };
    for (std::size_t c = 0; c < sheet.headers.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.headers[c].c_str(), bold);
      fit(c, sheet.headers[c]);
    }
    for (std::size_t r = 0; r < sheet.rows.size(); ++r)
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const auto& cell = sheet.rows[r][c];
        const auto row = static_cast<lxw_row_t>(r + 1);
        const auto col = static_cast<lxw_col_t>(c);
        char* end = nullptr;
        const double number = cell.empty() ? 0 : std::strtod(cell.c_str(), &end);
        if (c < sheet.numeric.size() && sheet.numeric[c] && !cell.empty() && end && *end == '\0')
          worksheet_write_number(ws, row, col, number, nullptr);
        else
          worksheet_write_string(ws, row, col, cell.c_str(), nullptr);
        fit(c, cell);
      }
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
    worksheet_freeze_panes(ws, 1, 0);
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::filesystem::remove(path);
    return Error::make(ErrorCode::internal, std::string("cannot write the spreadsheet: ") + lxw_strerror(err));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return buf.str();
}

} // namespace shegong
