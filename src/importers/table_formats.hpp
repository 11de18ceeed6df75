// The two readers behind read_table, each told the format by content already.
#pragma once

#include <string_view>

#include "shegong/importers/table_reader.hpp"

namespace shegong::importers::detail {

Result<TableInfo> read_csv_table(std::string_view bytes, const RowFn& row_fn);
Result<TableInfo> read_xlsx_table(std::string_view bytes, const RowFn& row_fn);

} // namespace shegong::importers::detail
