#include "import_stages.hpp"

#include <algorithm>
#include <exception>
#include <thread>

#include "shegong/domain/text.hpp"

namespace shegong::import {
namespace {

constexpr char kSep = '\x1f';

// Runs fn(i) for i in [0, n) on every core. fn must only touch its own slot.
template <typename Fn>
void parallel_for(std::size_t n, Fn&& fn) {
  const std::size_t workers = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  if (n < 64 || workers == 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> thrown(workers);
  const std::size_t per = (n + workers - 1) / workers;
  auto run = [&](std::size_t w) {
    try {
      for (std::size_t i = w * per; i < std::min(n, (w + 1) * per); ++i) fn(i);
    } catch (...) {
      thrown[w] = std::current_exception(); // out of memory, say: the job fails, the server stays
    }
  };
  for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(run, w);
  run(0);
  for (auto& t : threads) t.join();
  for (auto& e : thrown)
    if (e) std::rethrow_exception(e);
}

} // namespace

std::vector<std::string> split_row(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto pos = joined.find(kSep, start);
    out.push_back(joined.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string FileRows::cell(const std::vector<std::string>& cells, ImportColumn f) const {
  const int i = col[static_cast<std::size_t>(f)];
  if (i < 0 || static_cast<std::size_t>(i) >= cells.size()) return {};
  return trim_text(cells[static_cast<std::size_t>(i)]);
}

std::string FileRows::header(ImportColumn f) const {
  const int i = col[static_cast<std::size_t>(f)];
  return i >= 0 ? trim_text(headers[static_cast<std::size_t>(i)])
                : std::string(kImportTemplate[static_cast<std::size_t>(f)]);
}

Result<FileRows> read_rows(SpreadsheetReader& reader, std::string_view bytes,
                           const std::function<void(std::size_t)>& counted) {
  FileRows file;
  file.col.fill(-1);
  std::size_t seen = 0;
  // A small XLSX can unpack to gigabytes (one long shared string used everywhere):
  // what the rows hold is counted, and the import stops well before the memory does.
  constexpr std::size_t kMaxHeld = std::size_t{512} << 20;
  std::size_t held = 0;
  auto read = reader.read(bytes, [&](std::size_t number, std::vector<std::string>& cells) -> Result<void> {
    if (file.headers.empty()) {
      if (++seen > 10) return Error::make(ErrorCode::invalid_field, "前十行中没有含“姓名”的表头行", "file");
      bool has_name = false;
      for (const auto& c : cells) has_name |= import_column_of(c) == col_name;
      if (!has_name) return ok();
      file.headers = cells;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        auto f = import_column_of(cells[i]);
        if (f && file.col[static_cast<std::size_t>(*f)] < 0)
          file.col[static_cast<std::size_t>(*f)] = static_cast<int>(i);
        else if (!trim_text(cells[i]).empty())
          file.ignored += (file.ignored.empty() ? "" : "、") + trim_text(cells[i]);
      }
      return ok();
    }
    RawRow row;
    row.number = static_cast<std::int64_t>(number);
    held += 64;
    for (const auto& c : cells) {
      held += c.size() + 1;
      if (c.size() > 32'767 * 4) // Excel's limit is 32,767 characters a cell
        return Error::make(ErrorCode::payload_too_large,
                           "第 " + std::to_string(number) + " 行有单元格超过 32767 个字符", "file");
    }
    if (held > kMaxHeld)
      return Error::make(ErrorCode::payload_too_large,
                         "文件展开后超过 " + std::to_string(kMaxHeld >> 20) + " MiB，请拆分成几个文件导入", "file");
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) row.joined.push_back(kSep);
      for (char c : cells[i]) row.joined.push_back(c == kSep ? ' ' : c);
    }
    file.rows.push_back(std::move(row));
    if (file.rows.size() % 50'000 == 0) counted(file.rows.size());
    return ok();
  });
  if (!read) return read.error();
  if (file.headers.empty()) return Error::make(ErrorCode::invalid_field, "文件中没有含“姓名”的表头行", "file");
  if (file.col[col_region] < 0) return Error::make(ErrorCode::invalid_field, "文件中没有“所属村(社区)”列", "file");
  return file;
}

Result<RegionCode> VillageResolver::refuse(const std::string& text, std::string why) {
  villages_[text] = std::nullopt;
  refusals_[text] = why;
  return Error::make(ErrorCode::invalid_field, std::move(why), "region");
}

Result<RegionCode> VillageResolver::resolve(Repositories& r, const std::string& raw) {
  const std::string text = trim_text(fold_width(raw));
  if (villages_.contains(text)) return known(raw);
  if (text.empty()) return refuse(text, "所属村(社区)为空");
  std::optional<RegionCode> code;
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    auto parsed = RegionCode::parse(text);
    if (!parsed) return refuse(text, "不是12位区划代码：" + text);
    SHEGONG_ASSIGN(auto found, r.regions().find(*parsed));
    if (!found) return refuse(text, "没有区划代码为 " + text + " 的村(社区)");
    code = *parsed;
  } else {
    SHEGONG_ASSIGN(auto hits, r.regions().search(text, scope_, PageRequest{1, 50, "", false}));
    std::vector<RegionCode> exact;
    for (const auto& h : hits.items)
      if (h.name == text && h.code.level() == RegionLevel::village) exact.push_back(h.code);
    if (exact.empty()) return refuse(text, "您的辖区内没有名为“" + text + "”的村(社区)");
    if (exact.size() > 1) return refuse(text, "辖区内有多个“" + text + "”，请填写12位区划代码");
    code = exact.front();
  }
  if (code->level() != RegionLevel::village) return refuse(text, text + " 不是村(社区)一级的区划");
  if (!scope_.contains(*code)) return refuse(text, text + " 不在您的辖区内");
  villages_[text] = code;
  return *code;
}

Result<RegionCode> VillageResolver::known(const std::string& raw) const {
  const std::string text = trim_text(fold_width(raw));
  auto it = villages_.find(text);
  if (it != villages_.end() && it->second) return *it->second;
  auto why = refusals_.find(text);
  return Error::make(ErrorCode::invalid_field, why != refusals_.end() ? why->second : "unknown", "region");
}

Chunk open_chunk(const FileRows& file, std::size_t start, std::size_t size, VillageResolver& villages, Store& store) {
  Chunk c;
  c.start = start;
  c.size = size;
  c.cells.resize(size);
  auto resolved = store.read([&](Repositories& r) -> Result<void> {
    for (std::size_t k = 0; k < size; ++k) {
      c.cells[k] = split_row(file.rows[start + k].joined);
      (void)villages.resolve(r, file.cell(c.cells[k], col_region)); // a refusal is the row's, found by known()
    }
    return ok();
  });
  if (!resolved) c.fatal = resolved.error();
  return c;
}

void check_chunk(Chunk& c, const CheckRules& rules) {
  if (c.fatal) return;
  c.rows.resize(c.size);
  std::vector<std::optional<Error>> failed(c.size);
  parallel_for(c.size, [&](std::size_t k) {
    ImportCells cells;
    for (int f = 0; f < col_count; ++f)
      cells[static_cast<std::size_t>(f)] = rules.file.cell(c.cells[k], static_cast<ImportColumn>(f));
    const auto region = rules.villages.known(cells[col_region]);
    // The rules are the domain's; here a refusal is named by the file's own heading.
    auto checked = check_import_row(cells, region, rules.categories, rules.today);
    if (auto* no = std::get_if<ImportRefusal>(&checked)) {
      c.rows[k] = RowError{no->column < col_count ? rules.file.header(no->column) : no->field, std::move(no->reason)};
      return;
    }
    auto& row = std::get<ImportedPerson>(checked);
    Prepared p;
    p.details = std::move(row.details);
    p.entries = std::move(row.entries);
    p.dedupe_key = std::move(row.dedupe_key);
    p.record.region_code = *region;
    if (!p.details.id_number.empty()) {
      auto idx = rules.vault.id_lookup(p.details.id_number);
      if (!idx) {
        failed[k] = idx.error();
        return;
      }
      p.id_indexes = std::move(*idx);
    }
    auto sealed = rules.vault.seal(p.details, p.record, p.id_indexes.empty() ? nullptr : &p.id_indexes.back());
    if (!sealed) failed[k] = sealed.error();
    c.rows[k] = std::move(p);
  });
  for (auto& f : failed)
    if (f) {
      c.fatal = f;
      break;
    }
}

Result<Deduplicator::Outcome> Deduplicator::sort(Repositories& r, Chunk& c, const FileRows& file,
                                                 std::vector<ImportRowError>& errors) {
  Outcome out;
  std::vector<Prepared*> candidates;
  for (std::size_t k = 0; k < c.size; ++k) {
    const RawRow& raw = file.rows[c.start + k];
    if (auto* e = std::get_if<RowError>(&c.rows[k])) {
      errors.push_back(ImportRowError{raw.number, e->column, e->reason, raw.joined});
      continue;
    }
    auto& p = std::get<Prepared>(c.rows[k]);
    auto [it, first] = first_row_.emplace(p.dedupe_key, raw.number);
    if (!first) {
      errors.push_back(ImportRowError{raw.number,
                                      p.details.id_number.empty() ? file.header(col_name) : file.header(col_id),
                                      "与本文件第 " + std::to_string(it->second) + " 行重复", raw.joined});
      continue;
    }
    candidates.push_back(&p);
  }
  std::vector<std::string> lookup;
  for (auto* p : candidates) lookup.insert(lookup.end(), p->id_indexes.begin(), p->id_indexes.end());
  SHEGONG_ASSIGN(auto known, r.persons().ids_by_index(lookup));
  std::unordered_map<std::string, std::string> known_index(known.begin(), known.end());
  for (auto* p : candidates) {
    bool exists = false;
    for (const auto& idx : p->id_indexes) exists |= known_index.contains(idx);
    if (!exists && p->details.id_number.empty()) {
      // Without an ID number a person is the same person by name, birth date and village.
      SHEGONG_ASSIGN(auto same, r.persons().same_name_and_birth(Scope::under(p->record.region_code), p->details.name,
                                                                p->details.birth_date, ""));
      exists = !same.empty();
    }
    if (exists)
      ++out.registered;
    else
      out.fresh.push_back(p);
  }
  return out;
}

} // namespace shegong::import
