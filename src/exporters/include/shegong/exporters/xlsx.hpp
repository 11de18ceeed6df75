// Spreadsheets for the bureaus, with libxlsxwriter.
#pragma once

#include "shegong/app/ports.hpp"

namespace shegong {

// A header row in bold, then the rows as text (so ID numbers and codes keep their
// digits) unless a column is numeric, column widths fitted to the content.
// Thread-safe (no shared state).
class XlsxWriter final : public SpreadsheetWriter {
 public:
  Result<std::string> write(std::string_view sheet_name, const std::vector<std::string>& headers,
                            const std::vector<std::vector<std::string>>& rows) override;
  Result<std::string> write_book(const std::vector<SheetData>& sheets) override;
};

} // namespace shegong
