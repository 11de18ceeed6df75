#include "shegong/exporters/xlsx.hpp"

#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "shegong/domain/text.hpp"

namespace shegong {

Result<std::string> XlsxWriter::write(std::string_view sheet_name, const std::vector<std::string>& headers,
                                      const std::vector<std::vector<std::string>>& rows) {
  // libxlsxwriter 1.1 writes to a file: a private temporary one, removed afterwards.
  std::random_device rd;
  const auto path = std::filesystem::temp_directory_path() /
                    ("shegong-" + std::to_string(rd()) + std::to_string(rd()) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Error::make(ErrorCode::unavailable, "cannot create a spreadsheet in the temporary folder");
  lxw_worksheet* ws = workbook_add_worksheet(wb, std::string(sheet_name).c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  std::vector<double> widths(headers.size(), 8);
  auto fit = [&](std::size_t col, const std::string& text) {
    // Chinese characters are about twice as wide as Latin ones.
    double w = 0;
    for (unsigned char ch : text) w += (ch & 0xC0) == 0x80 ? 0 : (ch >= 0xE0 ? 2.0 : 1.0);
    if (col < widths.size()) widths[col] = std::min(60.0, std::max(widths[col], w + 2));
  };
  for (std::size_t c = 0; c < headers.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), headers[c].c_str(), bold);
    fit(c, headers[c]);
  }
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), rows[r][c].c_str(), nullptr);
      fit(c, rows[r][c]);
    }
  for (std::size_t c = 0; c < widths.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
  worksheet_freeze_panes(ws, 1, 0);
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
