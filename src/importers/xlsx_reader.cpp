// The first worksheet of an Office Open XML workbook (.xlsx), read the way Excel,
// WPS and LibreOffice write it: the package is unzipped from memory with minizip and
// every part is parsed with expat as it inflates, so a large sheet is never held whole.
#include <expat.h>
#include <minizip/unzip.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "table_formats.hpp"

namespace shegong::importers::detail {
namespace {

// A 64 MiB upload of repetitive XML may inflate a thousandfold; no honest part of a
// register comes near this.
constexpr std::uint64_t kMaxPartBytes = std::uint64_t{512} << 20;
// Excel's own limits: a sheet claiming more was not made by a spreadsheet program.
constexpr std::size_t kMaxRows = 1'048'576;
constexpr std::size_t kMaxColumns = 16'384;
// Merged ranges are copied cell by cell; a range over the whole sheet must not
// turn a small file into billions of cells.
constexpr std::uint64_t kMaxMergedCells = std::uint64_t{1} << 24;

Error malformed(const std::string& what) {
  return Error::make(ErrorCode::invalid_field, "the XLSX file is damaged or not a workbook: " + what);
}

// ---------------------------------------------------------------------------
// The zip archive, read from memory through minizip's file-function hooks.

struct MemFile {
  std::string_view bytes;
  std::uint64_t pos = 0;
};

extern "C" voidpf mem_open(voidpf opaque, const void*, int) {
  static_cast<MemFile*>(opaque)->pos = 0;
  return opaque;
}
extern "C" uLong mem_read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<MemFile*>(stream);
  const std::uint64_t left = f->bytes.size() - std::min<std::uint64_t>(f->pos, f->bytes.size());
  const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size, left));
  if (n > 0) std::memcpy(buf, f->bytes.data() + f->pos, n);
  f->pos += n;
  return static_cast<uLong>(n);
}
extern "C" uLong mem_write(voidpf, voidpf, const void*, uLong) { return 0; }
extern "C" ZPOS64_T mem_tell(voidpf, voidpf stream) { return static_cast<MemFile*>(stream)->pos; }
extern "C" long mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<MemFile*>(stream);
  std::uint64_t base = 0;
  if (origin == ZLIB_FILEFUNC_SEEK_CUR)
    base = f->pos;
  else if (origin == ZLIB_FILEFUNC_SEEK_END)
    base = f->bytes.size();
  else if (origin != ZLIB_FILEFUNC_SEEK_SET)
    return -1;
  if (offset > f->bytes.size() || base + offset > f->bytes.size()) return -1;
  f->pos = base + offset;
  return 0;
}
extern "C" int mem_close(voidpf, voidpf) { return 0; }
extern "C" int mem_error(voidpf, voidpf) { return 0; }

using ChunkFn = std::function<Result<void>(std::string_view chunk)>;

class Zip {
 public:
  static Result<std::unique_ptr<Zip>> open(std::string_view bytes) {
    auto zip = std::unique_ptr<Zip>(new Zip(bytes));
    zlib_filefunc64_def io{mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &zip->file_};
    zip->handle_ = unzOpen2_64("", &io);
    if (zip->handle_ == nullptr) return malformed("the zip archive is truncated or corrupt");
    return zip;
  }
  ~Zip() {
    if (handle_ != nullptr) unzClose(handle_);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;

  bool has(const std::string& part) { return unzLocateFile(handle_, part.c_str(), 2) == UNZ_OK; }

  // Streams the inflated bytes of `part` to `fn`; false when the archive lacks it.
  // OPC part names are case-insensitive, hence the lookup mode 2.
  Result<bool> stream(const std::string& part, const ChunkFn& fn) {
    if (unzLocateFile(handle_, part.c_str(), 2) != UNZ_OK) return false;
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(handle_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
      return malformed(part + " cannot be read");
    if (info.uncompressed_size > kMaxPartBytes) return too_large(part);
    if (unzOpenCurrentFile(handle_) != UNZ_OK) return malformed(part + " cannot be read");
    Result<void> status;
    std::uint64_t total = 0;
    for (;;) {
      const int n = unzReadCurrentFile(handle_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
      if (n < 0) {
        status = malformed(part + " is truncated or corrupt");
        break;
      }
      if (n == 0) break;
      // The size in the header is only a claim; count what really comes out.
      total += static_cast<std::uint64_t>(n);
      if (total > kMaxPartBytes) {
        status = too_large(part);
        break;
      }
      status = fn(std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
      if (!status) break;
    }
    const int closed = unzCloseCurrentFile(handle_);
    if (!status) return std::move(status).error();
    if (closed != UNZ_OK) return malformed(part + " is corrupt (checksum mismatch)");
    return true;
  }

  Result<std::optional<std::string>> read(const std::string& part) {
    std::string out;
    SHEGONG_ASSIGN(bool found, stream(part, [&](std::string_view chunk) {
                     out.append(chunk);
                     return ok();
                   }));
    if (!found) return std::optional<std::string>();
    return std::optional<std::string>(std::move(out));
  }

 private:
  explicit Zip(std::string_view bytes) : file_{bytes, 0} {}
  static Error too_large(const std::string& part) {
    return Error::make(ErrorCode::payload_too_large, part + " inflates to more than 512 MiB");
  }

  MemFile file_;
  unzFile handle_ = nullptr;
  std::array<char, 1 << 16> buffer_{};
};

// ---------------------------------------------------------------------------
// XML parts, parsed with expat. Namespaces are not resolved: element and attribute
// names are compared without their prefix, which writers choose freely (x:c, c).

std::string_view local_name(const XML_Char* name) {
  const XML_Char* local = name;
  const XML_Char* p = name;
  for (; *p != '\0'; ++p)
    if (*p == ':') local = p + 1;
  return std::string_view(local, static_cast<std::size_t>(p - local));
}

std::string_view attribute(const XML_Char** attrs, std::string_view name) {
  for (; attrs[0] != nullptr; attrs += 2)
    if (local_name(attrs[0]) == name) return attrs[1];
  return {};
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}

  // Stops the parse; the first failure is the one reported.
  void fail(Error e) {
    if (status_) status_ = std::move(e);
    XML_StopParser(parser_, XML_FALSE);
  }
  bool failed() const { return !status_; }

 private:
  friend Result<bool> parse_part(Zip&, const std::string&, XmlHandler&);
  XML_Parser parser_ = nullptr;
  Result<void> status_;
};

extern "C" void xml_start(void* ctx, const XML_Char* name, const XML_Char** attrs) {
  auto* h = static_cast<XmlHandler*>(ctx);
  if (!h->failed()) h->start(local_name(name), attrs);
}
extern "C" void xml_end(void* ctx, const XML_Char* name) {
  auto* h = static_cast<XmlHandler*>(ctx);
  if (!h->failed()) h->end(local_name(name));
}
extern "C" void xml_text(void* ctx, const XML_Char* s, int len) {
  auto* h = static_cast<XmlHandler*>(ctx);
  if (!h->failed()) h->text(std::string_view(s, static_cast<std::size_t>(len)));
}
// OOXML parts never declare a DTD; one that does is refused before it can define entities.
extern "C" void xml_doctype(void* ctx, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<XmlHandler*>(ctx)->fail(malformed("a part declares a DTD"));
}

struct ParserFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

// Parses `part` as it inflates; false when the archive lacks it.
Result<bool> parse_part(Zip& zip, const std::string& part, XmlHandler& handler) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser(XML_ParserCreate(nullptr));
  if (!parser) return Error::make(ErrorCode::internal, "cannot create an XML parser");
  handler.parser_ = parser.get();
  handler.status_ = ok();
  XML_SetUserData(parser.get(), &handler);
  XML_SetElementHandler(parser.get(), xml_start, xml_end);
  XML_SetCharacterDataHandler(parser.get(), xml_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), xml_doctype);
  auto feed = [&](std::string_view chunk, bool last) -> Result<void> {
    const auto status = XML_Parse(parser.get(), chunk.data(), static_cast<int>(chunk.size()), last ? 1 : 0);
    if (handler.failed()) return handler.status_.error();
    if (status != XML_STATUS_OK)
      return malformed(part + " line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                       XML_ErrorString(XML_GetErrorCode(parser.get())));
    return ok();
  };
  SHEGONG_ASSIGN(bool found, zip.stream(part, [&](std::string_view chunk) { return feed(chunk, false); }));
  if (!found) return false;
  SHEGONG_TRY(feed({}, true));
  return true;
}

// ---------------------------------------------------------------------------
// Package structure: relationships lead from the package to the workbook, and from
// the workbook to its sheets, shared strings and styles.

struct Relationship {
  std::string id, type, target; // target resolved to a part name
};

std::string directory_of(const std::string& part) {
  const auto slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

// A relationship target is relative to the source part's folder, or absolute from
// the package root; ".." segments are folded.
std::string resolve(const std::string& source_part, std::string_view target) {
  std::string path =
      target.starts_with('/') ? std::string(target.substr(1)) : directory_of(source_part) + std::string(target);
  std::vector<std::string> segments;
  std::size_t at = 0;
  while (at <= path.size()) {
    const auto slash = std::min(path.find('/', at), path.size());
    std::string seg = path.substr(at, slash - at);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(std::move(seg));
    }
    at = slash + 1;
  }
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

std::string rels_part_of(const std::string& part) {
  const auto dir = directory_of(part);
  return dir + "_rels/" + part.substr(dir.size()) + ".rels";
}

// Relationship types differ between transitional and strict OOXML only before the last '/'.
bool type_is(const Relationship& r, std::string_view kind) {
  return r.type.size() > kind.size() && std::string_view(r.type).ends_with(kind) &&
         r.type[r.type.size() - kind.size() - 1] == '/';
}

class RelsHandler final : public XmlHandler {
 public:
  explicit RelsHandler(std::string source) : source_(std::move(source)) {}
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship" || attribute(attrs, "TargetMode") == "External") return;
    rels.push_back({std::string(attribute(attrs, "Id")), std::string(attribute(attrs, "Type")),
                    resolve(source_, attribute(attrs, "Target"))});
  }
  void end(std::string_view) override {}
  std::vector<Relationship> rels;

 private:
  std::string source_;
};

Result<std::vector<Relationship>> read_rels(Zip& zip, const std::string& source_part) {
  RelsHandler h(source_part);
  SHEGONG_TRY(parse_part(zip, rels_part_of(source_part), h));
  return std::move(h.rels);
}

struct SheetRef {
  std::string rid;
  bool hidden = false;
};

class WorkbookHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "sheet") {
      const auto state = attribute(attrs, "state");
      sheets.push_back({std::string(attribute(attrs, "id")), state == "hidden" || state == "veryHidden"});
    } else if (name == "workbookPr") {
      const auto v = attribute(attrs, "date1904");
      date1904 = v == "1" || v == "true";
    }
  }
  void end(std::string_view) override {}
  std::vector<SheetRef> sheets;
  bool date1904 = false;
};

// ---------------------------------------------------------------------------
// Cell text helpers.

// OOXML writes characters XML cannot carry as _xHHHH_ (Excel: a CR in a cell is
// "_x000D_"), and a literal "_x" as "_x005F_x".
void decode_escapes(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int unit = 0;
      bool valid = true;
      for (std::size_t k = 2; k < 6 && valid; ++k) {
        const int d = hex(s[i + k]);
        valid = d >= 0;
        unit = unit * 16 + d;
      }
      if (valid && (unit < 0xD800 || unit > 0xDFFF)) {
        const auto u = static_cast<unsigned>(unit);
        if (u < 0x80) {
          out += static_cast<char>(u);
        } else if (u < 0x800) {
          out += static_cast<char>(0xC0 | (u >> 6));
          out += static_cast<char>(0x80 | (u & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (u >> 12));
          out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (u & 0x3F));
        }
        i += 7;
        continue;
      }
    }
    out += s[i++];
  }
  s = std::move(out);
}

class SharedStringsHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si")
      current_.clear();
    else if (name == "t")
      in_t_ = true;
    else if (name == "rPh")
      ++in_phonetic_; // reading aids, not part of the text
  }
  void end(std::string_view name) override {
    if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      --in_phonetic_;
    } else if (name == "si") {
      decode_escapes(current_);
      pool_ += current_;
      ends_.push_back(pool_.size());
    }
  }
  void text(std::string_view s) override {
    if (in_t_ && in_phonetic_ == 0) current_.append(s);
  }
  std::size_t size() const { return ends_.size(); }
  std::string get(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return pool_.substr(begin, ends_[i] - begin);
  }

 private:
  // One buffer for all strings: a large sheet has millions, and a std::string each
  // would cost more than the text.
  std::string pool_;
  std::vector<std::size_t> ends_;
  std::string current_;
  bool in_t_ = false;
  int in_phonetic_ = 0;
};

enum class NumberKind : std::uint8_t { number, date, time };

// Built-in number formats (ECMA-376 18.8.30) that show a date or a time, including
// the ids a Chinese Excel uses for 年月日 and 时分秒 without writing their codes.
NumberKind builtin_kind(long id) {
  switch (id) {
    case 14:
    case 15:
    case 16:
    case 17:
    case 22:
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
      return NumberKind::date;
    case 18:
    case 19:
    case 20:
    case 21:
    case 45:
    case 46:
    case 47:
    case 32:
    case 33:
    case 34:
    case 35:
    case 55:
    case 56:
      return NumberKind::time;
    default:
      return NumberKind::number;
  }
}

// A custom format shows a date when its first section has a year, day or month
// part; 'm' next to hours or seconds is minutes. Quoted text, escaped characters and
// [..] tags (colours, locales, conditions) do not count; [h] [m] [s] are elapsed time.
NumberKind custom_kind(std::string_view code) {
  bool date = false, month_or_minute = false, time = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      const auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      const auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const auto tag = code.substr(i + 1, close - i - 1);
      if (!tag.empty() && tag.find_first_not_of("hHmMsS") == std::string_view::npos) time = true;
      i = close;
    } else if (code.substr(i, 5) == "AM/PM" || code.substr(i, 5) == "am/pm") {
      time = true;
      i += 4;
    } else if (code.substr(i, 3) == "A/P" || code.substr(i, 3) == "a/p") {
      time = true;
      i += 2;
    } else {
      switch (c) {
        case 'y':
        case 'Y':
        case 'd':
        case 'D':
          date = true;
          break;
        case 'm':
        case 'M':
          month_or_minute = true;
          break;
        case 'h':
        case 'H':
        case 's':
        case 'S':
          time = true;
          break;
        default:
          break;
      }
    }
  }
  if (date || (month_or_minute && !time)) return NumberKind::date;
  if (time) return NumberKind::time;
  return NumberKind::number;
}

class StylesHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmts") {
      in_num_fmts_ = true;
    } else if (name == "numFmt" && in_num_fmts_) { // not those of conditional formats (dxf)
      custom_[parse_id(attribute(attrs, "numFmtId"))] = std::string(attribute(attrs, "formatCode"));
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      xf_formats_.push_back(parse_id(attribute(attrs, "numFmtId")));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
    if (name == "numFmts") in_num_fmts_ = false;
  }
  // The kind of number each cell style (the s attribute of a cell) shows.
  std::vector<NumberKind> kinds() const {
    std::vector<NumberKind> out;
    out.reserve(xf_formats_.size());
    for (const long id : xf_formats_) {
      const auto it = custom_.find(id);
      out.push_back(it != custom_.end() ? custom_kind(it->second) : builtin_kind(id));
    }
    return out;
  }

 private:
  static long parse_id(std::string_view s) {
    long v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
  }
  std::unordered_map<long, std::string> custom_;
  std::vector<long> xf_formats_;
  bool in_num_fmts_ = false;
  bool in_cell_xfs_ = false;
};

// "B3" → column 2; 0 when the reference has no column letters.
std::size_t column_of(std::string_view ref) {
  std::size_t col = 0;
  for (const char c : ref) {
    if (c >= 'A' && c <= 'Z')
      col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
    else if (c >= 'a' && c <= 'z')
      col = col * 26 + static_cast<std::size_t>(c - 'a' + 1);
    else
      break;
    if (col > kMaxColumns) return kMaxColumns + 1;
  }
  return col;
}

// "B3" → row 3; 0 when the reference has no row digits.
std::size_t row_of(std::string_view ref) {
  const auto digits = ref.find_first_of("0123456789");
  if (digits == std::string_view::npos) return 0;
  std::size_t row = 0;
  const auto [p, ec] = std::from_chars(ref.data() + digits, ref.data() + ref.size(), row);
  if (ec != std::errc()) return kMaxRows + 1;
  return row;
}

std::string format_number(double v) {
  std::array<char, 64> buf;
  if (v == 0) return "0"; // not "-0"
  if (!std::isfinite(v) || v != std::trunc(v)) {
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    return ec == std::errc() ? std::string(buf.data(), end) : std::string();
  }
  // A whole number is written in plain digits: a phone number stays 13812345678, and
  // an ID number stored as a number shows the digits it kept, 4.11102194803021E+17 as
  // 411102194803021000 (as Excel shows it), not 411102194803020992 (the double's exact
  // value) nor 4.11102194803021e+17. So: the shortest digits that read back as the
  // same number, then zeros up to the decimal point.
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
  if (ec != std::errc()) return {};
  const std::string_view sci(buf.data(), static_cast<std::size_t>(end - buf.data()));
  const auto e = sci.find('e');
  int exponent = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
  std::string out;
  for (const char c : sci.substr(0, e))
    if (c != '.') out += c;
  const std::size_t digits = out.size() - (v < 0 ? 1 : 0);
  // A whole number's exact digits always read back, so the shortest has no more.
  out.append(static_cast<std::size_t>(exponent) + 1 - digits, '0');
  return out;
}

// Excel counts days from 1900-01-01 = 1 and, as Lotus 1-2-3 did, takes 1900 for a
// leap year: serial 60 is 1900-02-29, a day that never was. The 1904 system (old
// Mac workbooks) counts from 1904-01-01 = 0.
std::string format_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return format_number(serial);
  // Excel rounds to the millisecond before it shows a date: 45000.9999999999 is the next day.
  const auto day_count = static_cast<long>(std::floor(std::round(serial * 86'400'000.0) / 86'400'000.0));
  using namespace std::chrono;
  sys_days base;
  if (date1904) {
    base = sys_days{year{1904} / January / 1};
  } else if (day_count == 60) {
    return "1900-02-29";
  } else if (day_count == 0) {
    return "1900-01-00"; // what Excel shows for serial 0
  } else {
    base = day_count < 60 ? sys_days{year{1899} / December / 31} : sys_days{year{1899} / December / 30};
  }
  const year_month_day ymd{base + days{day_count}};
  std::array<char, 16> buf;
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf.data();
}

std::string format_time(double serial) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return format_number(serial);
  const auto seconds = static_cast<long long>(std::llround(serial * 86'400.0)) % 86'400;
  std::array<char, 16> buf;
  std::snprintf(buf.data(), buf.size(), "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return buf.data();
}

// ---------------------------------------------------------------------------
// The worksheet.

struct Merge {
  std::size_t r1, c1, r2, c2; // 1-based, inclusive
  std::string value;
};

Result<Merge> parse_merge(std::string_view ref) {
  const auto colon = ref.find(':');
  const auto a = ref.substr(0, colon);
  const auto b = colon == std::string_view::npos ? a : ref.substr(colon + 1);
  Merge m{row_of(a), column_of(a), row_of(b), column_of(b), {}};
  if (m.r1 > kMaxRows || m.r2 > kMaxRows || m.c1 > kMaxColumns || m.c2 > kMaxColumns)
    return Error::make(ErrorCode::payload_too_large, "a merged range lies beyond row 1,048,576 or column XFD");
  if (m.r1 == 0 || m.c1 == 0 || m.r2 < m.r1 || m.c2 < m.c1)
    return malformed("the merged range \"" + std::string(ref) + "\" is not a cell range");
  return m;
}

// First pass over the sheet: the merged ranges, which OOXML writes after the rows.
class MergesHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "mergeCell") return;
    auto m = parse_merge(attribute(attrs, "ref"));
    if (!m) return fail(std::move(m).error());
    cells_ += std::uint64_t{m->r2 - m->r1 + 1} * (m->c2 - m->c1 + 1);
    if (cells_ > kMaxMergedCells)
      return fail(Error::make(ErrorCode::payload_too_large, "the merged ranges cover more than 16 million cells"));
    merges.push_back(std::move(*m));
  }
  void end(std::string_view) override {}
  std::vector<Merge> merges;

 private:
  std::uint64_t cells_ = 0;
};

enum class CellType : std::uint8_t { number, shared, inline_string, formula_string, boolean, error, date };

class SheetHandler final : public XmlHandler {
 public:
  SheetHandler(const SharedStringsHandler& strings, std::vector<NumberKind> kinds, bool date1904,
               std::vector<Merge> merges, const RowFn& row_fn)
      : strings_(strings), kinds_(std::move(kinds)), date1904_(date1904), merges_(std::move(merges)), row_fn_(row_fn) {
    std::stable_sort(merges_.begin(), merges_.end(), [](const Merge& a, const Merge& b) { return a.r1 < b.r1; });
  }

  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "row") {
      const auto r = attribute(attrs, "r");
      std::size_t row = last_row_ + 1;
      if (!r.empty()) std::from_chars(r.data(), r.data() + r.size(), row);
      if (row > kMaxRows)
        return fail(Error::make(ErrorCode::payload_too_large, "the sheet has more than 1,048,576 rows"));
      if (row <= last_row_)
        return fail(malformed("row " + std::to_string(row) + " comes after row " + std::to_string(last_row_)));
      emit_merged_rows_before(row);
      if (failed()) return;
      row_ = row;
      cells_.clear();
      column_ = 0;
    } else if (name == "c") {
      const auto r = attribute(attrs, "r");
      const std::size_t col = r.empty() ? column_ + 1 : column_of(r);
      if (col > kMaxColumns)
        return fail(Error::make(ErrorCode::payload_too_large, "the sheet has more than 16,384 columns"));
      if (col == 0) return fail(malformed("a cell reference \"" + std::string(r) + "\" has no column"));
      column_ = col;
      type_ = cell_type(attribute(attrs, "t"));
      const auto s = attribute(attrs, "s");
      style_ = 0;
      if (!s.empty()) std::from_chars(s.data(), s.data() + s.size(), style_);
      value_.clear();
    } else if (name == "v") {
      in_v_ = true;
    } else if (name == "is") {
      in_is_ = true;
    } else if (name == "t") {
      in_t_ = in_is_;
    } else if (name == "rPh") {
      ++in_phonetic_;
    }
  }

  void end(std::string_view name) override {
    if (name == "v") {
      in_v_ = false;
    } else if (name == "t") {
      in_t_ = false;
    } else if (name == "is") {
      in_is_ = false;
    } else if (name == "rPh") {
      --in_phonetic_;
    } else if (name == "c") {
      place_cell();
    } else if (name == "row") {
      finish_row();
    } else if (name == "sheetData") {
      emit_merged_rows_before(kMaxRows + 1);
    }
  }

  void text(std::string_view s) override {
    if (in_v_ || (in_t_ && in_phonetic_ == 0)) value_.append(s);
  }

 private:
  static CellType cell_type(std::string_view t) {
    if (t == "s") return CellType::shared;
    if (t == "inlineStr") return CellType::inline_string;
    if (t == "str") return CellType::formula_string;
    if (t == "b") return CellType::boolean;
    if (t == "e") return CellType::error;
    if (t == "d") return CellType::date;
    return CellType::number;
  }

  void place_cell() {
    std::string text;
    switch (type_) {
      case CellType::shared: {
        std::size_t index = 0;
        const auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
        if (value_.empty()) break;
        if (ec != std::errc() || index >= strings_.size())
          return fail(malformed("a cell refers to shared string " + value_ + ", which does not exist"));
        text = strings_.get(index);
        break;
      }
      case CellType::inline_string:
      case CellType::formula_string:
        decode_escapes(value_);
        text = std::move(value_);
        break;
      case CellType::boolean:
        text = value_.empty() ? "" : value_ == "0" ? "FALSE" : "TRUE";
        break;
      case CellType::error:
        text = std::move(value_);
        break;
      case CellType::date: // ISO 8601, as LibreOffice may write it
        text = value_.size() >= 10 && value_[4] == '-' ? value_.substr(0, 10) : std::move(value_);
        break;
      case CellType::number:
        text = number_text();
        break;
    }
    value_.clear();
    if (text.empty()) return;
    if (cells_.size() < column_) cells_.resize(column_);
    cells_[column_ - 1] = std::move(text);
  }

  std::string number_text() const {
    if (value_.empty()) return {};
    double v = 0;
    const auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), v);
    if (ec != std::errc() || p != value_.data() + value_.size()) return value_;
    const NumberKind kind = style_ < kinds_.size() ? kinds_[style_] : NumberKind::number;
    if (kind == NumberKind::date) return format_date(v, date1904_);
    if (kind == NumberKind::time) return format_time(v);
    return format_number(v);
  }

  // Copies each merged range's top-left value over the range's cells in this row.
  void apply_merges(std::size_t row) {
    while (next_merge_ < merges_.size() && merges_[next_merge_].r1 <= row) {
      Merge& m = merges_[next_merge_++];
      // The top-left cell is read from this row; a range whose first row has no
      // <row> element at all starts empty, as it shows.
      if (m.r1 == row && m.c1 <= cells_.size()) m.value = cells_[m.c1 - 1];
      active_.push_back(&m);
    }
    for (const Merge* m : active_) {
      if (m->value.empty()) {
        for (std::size_t c = m->c1; c <= m->c2 && c <= cells_.size(); ++c) cells_[c - 1].clear();
        continue;
      }
      if (cells_.size() < m->c2) cells_.resize(m->c2);
      for (std::size_t c = m->c1; c <= m->c2; ++c) cells_[c - 1] = m->value;
    }
    std::erase_if(active_, [row](const Merge* m) { return m->r2 <= row; });
  }

  void finish_row() {
    apply_merges(row_);
    last_row_ = row_;
    emit(row_);
  }

  // Rows inside a vertical merged range may have no <row> element of their own;
  // rows that no range covers are passed over in one step.
  void emit_merged_rows_before(std::size_t row) {
    std::size_t r = last_row_ + 1;
    while (r < row && !failed()) {
      if (active_.empty()) {
        if (next_merge_ == merges_.size()) return;
        r = std::max(r, merges_[next_merge_].r1);
        if (r >= row) return;
      }
      cells_.clear();
      apply_merges(r);
      last_row_ = r;
      emit(r);
      ++r;
    }
  }

  void emit(std::size_t row) {
    while (!cells_.empty() && cells_.back().empty()) cells_.pop_back();
    if (cells_.empty()) return;
    if (auto r = row_fn_(row, cells_); !r) fail(std::move(r).error());
  }

  const SharedStringsHandler& strings_;
  const std::vector<NumberKind> kinds_;
  const bool date1904_;
  std::vector<Merge> merges_;
  std::size_t next_merge_ = 0; // merges_[next_merge_..] have not started yet
  std::vector<Merge*> active_; // ranges covering the current row
  const RowFn& row_fn_;

  std::vector<std::string> cells_;
  std::size_t row_ = 0, last_row_ = 0, column_ = 0, style_ = 0;
  CellType type_ = CellType::number;
  std::string value_;
  bool in_v_ = false, in_is_ = false, in_t_ = false;
  int in_phonetic_ = 0;
};

// Whether the inflated `part` holds `needle`; false also when the part is missing.
Result<bool> contains(Zip& zip, const std::string& part, std::string_view needle) {
  bool seen = false;
  std::string carry; // the end of the previous chunk, for a needle split between two
  SHEGONG_TRY(zip.stream(part, [&](std::string_view chunk) -> Result<void> {
    if (seen) return ok();
    carry.append(chunk.substr(0, needle.size()));
    seen = carry.find(needle) != std::string::npos || chunk.find(needle) != std::string_view::npos;
    carry.assign(chunk.substr(chunk.size() - std::min(chunk.size(), needle.size() - 1)));
    return ok();
  }));
  return seen;
}

// The workbook part, from the package relationships; an archive without one is
// some other zip-based format.
Result<std::string> find_workbook(Zip& zip) {
  SHEGONG_ASSIGN(auto rels, read_rels(zip, ""));
  for (const auto& r : rels)
    if (type_is(r, "officeDocument") && zip.has(r.target)) return r.target;
  if (zip.has("xl/workbook.xml")) return std::string("xl/workbook.xml");
  SHEGONG_ASSIGN(auto mimetype, zip.read("mimetype"));
  if (mimetype && mimetype->starts_with("application/vnd.oasis.opendocument.spreadsheet"))
    return Error::make(ErrorCode::unsupported_media_type,
                       "this is an OpenDocument spreadsheet (.ods); save it as .xlsx (Excel workbook) or CSV");
  return Error::make(ErrorCode::unsupported_media_type,
                     "this zip archive is not an Excel workbook; save the spreadsheet as .xlsx or CSV");
}

} // namespace

Result<TableInfo> read_xlsx_table(std::string_view bytes, const RowFn& row_fn) {
  SHEGONG_ASSIGN(auto zip, Zip::open(bytes));
  SHEGONG_ASSIGN(const std::string workbook_part, find_workbook(*zip));

  WorkbookHandler workbook;
  SHEGONG_TRY(parse_part(*zip, workbook_part, workbook));
  SHEGONG_ASSIGN(const auto rels, read_rels(*zip, workbook_part));
  auto rel = [&](auto&& pred) -> const Relationship* {
    const auto it = std::find_if(rels.begin(), rels.end(), pred);
    return it == rels.end() ? nullptr : &*it;
  };

  // The first sheet a person sees: hidden sheets and chart sheets are passed over.
  const Relationship* sheet = nullptr;
  for (const auto& s : workbook.sheets) {
    if (s.hidden) continue;
    sheet = rel([&](const Relationship& r) { return r.id == s.rid && type_is(r, "worksheet"); });
    if (sheet) break;
  }
  if (!sheet) return malformed("the workbook has no visible worksheet");

  SharedStringsHandler strings;
  if (const auto* r = rel([](const Relationship& x) { return type_is(x, "sharedStrings"); }))
    SHEGONG_TRY(parse_part(*zip, r->target, strings));

  StylesHandler styles;
  if (const auto* r = rel([](const Relationship& x) { return type_is(x, "styles"); }))
    SHEGONG_TRY(parse_part(*zip, r->target, styles));

  // Merged ranges are listed after the rows, so the sheet is read twice: once for
  // them, once for the rows; memory stays flat however many rows there are. Most
  // sheets have none, which a search of the bytes tells faster than expat.
  MergesHandler merges;
  SHEGONG_ASSIGN(const bool has_merges, contains(*zip, sheet->target, "mergeCell"));
  if (has_merges) SHEGONG_TRY(parse_part(*zip, sheet->target, merges));

  SheetHandler sheet_handler(strings, styles.kinds(), workbook.date1904, std::move(merges.merges), row_fn);
  SHEGONG_ASSIGN(const bool found, parse_part(*zip, sheet->target, sheet_handler));
  if (!found) return malformed(sheet->target + " is missing");
  return TableInfo{"xlsx", "UTF-8"};
}

} // namespace shegong::importers::detail
