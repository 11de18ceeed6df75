// CSV as Excel, WPS and LibreOffice write it: comma-separated, fields quoted with
// '"' when they hold a comma, a quote or a line break, in UTF-8 (with or without the
// BOM Excel puts first) or, what a Chinese Windows saves by default, GBK/GB18030.
#include <csv.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "table_formats.hpp"

namespace shegong::importers::detail {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kNoError = std::string_view::npos;

// The offset of the first byte that is not part of well-formed UTF-8, or kNoError.
// Most bytes of a register are ASCII digits, so eight of them are passed at a time.
std::size_t invalid_utf8_at(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (n - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    std::int32_t j = 0;
    const auto len = static_cast<std::int32_t>(std::min<std::size_t>(n - i, 4));
    UChar32 c;
    U8_NEXT(p + i, j, len, c);
    if (c < 0) return i;
    i += static_cast<std::size_t>(j);
  }
  return kNoError;
}

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};
struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Text that is not UTF-8 is, in a Chinese office, nearly always GBK (a subset of
// GB18030). A UTF-16 byte order mark (Excel's "Unicode text") is certain; of ICU's
// guesses only a strong Big5 is taken, because its UTF-16 (without a mark),
// single-byte, Japanese and Korean guesses are what short GBK text is mistaken for.
std::string detect_charset(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return "UTF-16";
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return "GB18030";
  const std::string_view sample = bytes.substr(0, std::size_t{1} << 20);
  ucsdet_setText(detector.get(), sample.data(), static_cast<std::int32_t>(sample.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || match == nullptr) return "GB18030";
  const std::string_view name = ucsdet_getName(match, &status);
  const std::int32_t confidence = ucsdet_getConfidence(match, &status);
  if (U_SUCCESS(status) && name == "Big5" && confidence >= 60) return "Big5";
  return "GB18030";
}

// Converts the whole file at once: one pass through ICU costs less than converting
// a million rows one by one. Bytes that are not text in `charset` are refused rather
// than replaced, so a file in an unexpected encoding is not imported as gibberish.
Result<std::string> to_utf8(std::string_view bytes, const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> from(ucnv_open(charset.c_str(), &status));
  std::unique_ptr<UConverter, ConverterCloser> to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return Error::make(ErrorCode::internal, "ICU has no converter for " + charset);
  ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return Error::make(ErrorCode::internal, "cannot set up the ICU converter");

  // A GB18030 or Big5 character of two bytes becomes at most three in UTF-8, one of
  // four at most four, so the first estimate is enough; the loop is for safety.
  std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
  std::array<UChar, 4096> pivot;
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  char* target = out.data();
  const char* source = bytes.data();
  bool reset = true;
  for (;;) {
    ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source, bytes.data() + bytes.size(),
                   pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset, true, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
    const auto used = static_cast<std::size_t>(target - out.data());
    out.resize(out.size() * 2);
    target = out.data() + used;
    status = U_ZERO_ERROR;
    reset = false;
  }
  if (U_FAILURE(status))
    return Error::make(ErrorCode::invalid_field, "the file is neither UTF-8 nor " + charset + " text (near byte " +
                                                     std::to_string(source - bytes.data()) +
                                                     "); save it as CSV UTF-8 or as .xlsx");
  out.resize(static_cast<std::size_t>(target - out.data()));
  return out;
}

struct CsvState {
  const RowFn* row_fn = nullptr;
  std::vector<std::string> cells; // kept between rows so that their buffers are reused
  std::size_t width = 0; // cells of the current row
  std::size_t record = 0; // number of the last record ended
  int last_end = 0; // the character that ended it
  Result<void> status;
};

extern "C" void csv_on_field(void* data, size_t len, void* ctx) {
  auto* s = static_cast<CsvState*>(ctx);
  if (!s->status) return;
  const char* text = data ? static_cast<const char*>(data) : "";
  // A spreadsheet has at most 16,384 columns and 32,767 characters a cell: beyond
  // that a file is not a sheet, and reading on would only fill the memory.
  if (s->width >= 16'384 || len > 32'767 * 4) {
    s->status = Error::make(
        ErrorCode::payload_too_large,
        "record " + std::to_string(s->record + 1) +
            (len > 32'767 * 4 ? " has a cell longer than a spreadsheet allows" : " has more than 16,384 columns"),
        "file");
    return;
  }
  if (s->width < s->cells.size())
    s->cells[s->width].assign(text, len);
  else
    s->cells.emplace_back(text, len);
  ++s->width;
}

// With CSV_REPALL_NL libcsv reports every line end, blank lines included, so the
// record number stays the row number a spreadsheet shows; the LF of a CRLF arrives
// as a row of its own and is not counted.
extern "C" void csv_on_row(int end, void* ctx) {
  auto* s = static_cast<CsvState*>(ctx);
  if (!s->status) return;
  const bool crlf_tail = end == '\n' && s->width == 0 && s->last_end == '\r';
  s->last_end = crlf_tail ? 0 : end;
  if (crlf_tail) return;
  ++s->record;
  const std::size_t width = std::exchange(s->width, 0);
  const auto begin = s->cells.begin();
  if (std::all_of(begin, begin + static_cast<std::ptrdiff_t>(width), [](const std::string& c) { return c.empty(); }))
    return;
  s->cells.resize(width);
  s->status = (*s->row_fn)(s->record, s->cells);
}

} // namespace

Result<TableInfo> read_csv_table(std::string_view bytes, const RowFn& row_fn) {
  TableInfo info{"csv", "UTF-8"};
  std::string converted;
  std::string_view text = bytes;
  if (text.starts_with(kUtf8Bom)) {
    text.remove_prefix(kUtf8Bom.size());
    if (const auto bad = invalid_utf8_at(text); bad != kNoError)
      return Error::make(ErrorCode::invalid_field, "the file begins as UTF-8 but byte " +
                                                       std::to_string(bad + kUtf8Bom.size()) + " is not UTF-8 text");
  } else if (invalid_utf8_at(text) != kNoError) {
    info.encoding = detect_charset(bytes);
    SHEGONG_ASSIGN(converted, to_utf8(bytes, info.encoding));
    text = converted;
  }

  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
    return Error::make(ErrorCode::internal, "cannot start the CSV parser");
  // Excel's "Unicode text" is the one UTF-16 table it saves, and it separates with tabs.
  if (info.encoding == "UTF-16") csv_set_delim(&parser, CSV_TAB);
  CsvState state;
  state.row_fn = &row_fn;
  // Fed in slices so that an error from row_fn stops the read soon after it happens.
  constexpr std::size_t kSlice = std::size_t{1} << 20;
  bool malformed = false;
  for (std::size_t at = 0; at < text.size() && state.status && !malformed; at += kSlice) {
    const std::size_t n = std::min(kSlice, text.size() - at);
    malformed = csv_parse(&parser, text.data() + at, n, csv_on_field, csv_on_row, &state) != n;
  }
  if (state.status && !malformed) malformed = csv_fini(&parser, csv_on_field, csv_on_row, &state) != 0;
  csv_free(&parser);
  if (!state.status) return std::move(state.status).error();
  if (malformed)
    return Error::make(ErrorCode::invalid_field,
                       "the CSV is malformed in record " + std::to_string(state.record + 1) +
                           ": a quotation mark inside an unquoted field, text after a closing quotation mark, "
                           "or a quoted field that is never closed");
  return info;
}

} // namespace shegong::importers::detail
