#include "shegong/app/import_service.hpp"

#include "shegong/domain/vocabulary.hpp"
#include "shegong/domain/reasons.hpp"
#include "shegong/app/stats_service.hpp"

#include "shegong/app/outreach_service.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <memory>
#include <chrono>
#include <future>
#include <thread>
#include <map>
#include <unordered_map>

#include "shegong/domain/citizen_id.hpp"
#include "shegong/domain/person_import.hpp"
#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

constexpr char kSep = '\x1f';
constexpr std::string_view kCellsContext = "import.cells";

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

// Runs fn(i) for i in [0, n) on every core: the checks, pinyin and sealing of an
// import are independent per row. fn must only touch its own slot.
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

struct RawRow {
  std::int64_t number = 0;
  std::string joined; // cells joined by kSep, to keep a million rows compact
};

struct RowError {
  std::string column, reason;
};

struct Prepared {
  PersonRecord record;
  PersonDetails details;
  std::vector<CategoryEntry> entries;
  std::string dedupe_key; // the ID number, or name|birth|village
  std::vector<std::string> id_indexes; // the ID number's blind index under every key
};

// One slice of the file, checked and sealed off the writing thread.
struct Chunk {
  std::size_t start = 0, size = 0;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::variant<Prepared, RowError>> rows;
  std::optional<Error> fatal; // a failure of the machinery (keys), not of a row
};

} // namespace

std::span<const std::string_view> import_template_headers() {
  return {kImportTemplate.data(), kImportTemplate.size() - 1};
}

Result<ImportJob> ImportService::begin(const Actor& actor, const ImportRequest& req) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  if (!has_code(kImportModes, req.mode))
    return Error::make(ErrorCode::invalid_query, "mode must be all_or_nothing or valid_rows", "mode");
  if (req.bytes.empty()) return Error::make(ErrorCode::invalid_field, "the file is empty", "file");
  ImportJob job;
  job.id = new_uuid_v7(clock_, random_);
  job.region_code = actor.region_code;
  job.user_id = actor.user_id;
  job.username = actor.username;
  job.filename = trim_text(req.filename).empty() ? "import" : trim_text(req.filename);
  SHEGONG_TRY(check_text(job.filename, "filename", 200, true));
  job.mode = req.mode;
  job.started_at = clock_.now_ms();
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> { return r.imports().insert(job); }));
  return job;
}

Result<ImportJob> ImportService::start(const Actor& actor, ImportRequest req) {
  SHEGONG_ASSIGN(auto job, begin(actor, req));
  progress(job);
  auto bytes = std::make_shared<std::string>(std::move(req.bytes));
  if (!runner_.submit([this, actor, job, bytes]() { execute(actor, job, *bytes); })) {
    job.status = "failed";
    job.message = "too many imports are waiting; try again in a few minutes";
    job.finished_at = clock_.now_ms();
    (void)store_.write([&](Repositories& r) -> Result<void> { return r.imports().update(job); });
    progress(job);
    return Error::make(ErrorCode::rate_limited, "too many imports are waiting; try again in a few minutes", "file");
  }
  return job;
}

Result<ImportJob> ImportService::run(const Actor& actor, const ImportRequest& req) {
  SHEGONG_ASSIGN(auto job, begin(actor, req));
  execute(actor, job, req.bytes);
  return get(actor, job.id);
}

void ImportService::progress(const ImportJob& job) {
  std::lock_guard lock(mu_);
  if (job.finished_at)
    running_.erase(job.id);
  else
    running_[job.id] = job;
}

void ImportService::execute(const Actor& actor, ImportJob job, const std::string& bytes) {
  Result<void> result = ok();
  try {
    result = process(actor, job, bytes);
  } catch (const std::exception& e) {
    result = Error::make(ErrorCode::internal, std::string("the import stopped: ") + e.what());
  }
  if (!result) {
    job.status = "failed";
    job.committed = false;
    job.message = result.error().message;
  }
  job.finished_at = clock_.now_ms();
  (void)store_.write([&](Repositories& r) -> Result<void> { return r.imports().update(job); });
  progress(job);
}

Result<void> ImportService::process(const Actor& actor, ImportJob& job, const std::string& bytes) {
  // 1. Read every row; find the header row (the first that names 姓名) among the first ten.
  job.status = "reading";
  progress(job);
  std::vector<RawRow> rows;
  std::vector<std::string> headers;
  std::array<int, col_count> col{};
  col.fill(-1);
  std::string ignored;
  std::size_t seen = 0;
  // A small XLSX can unpack to gigabytes (one long shared string used everywhere):
  // what the rows hold is counted, and the import stops well before the memory does.
  constexpr std::size_t kMaxHeld = std::size_t{512} << 20;
  std::size_t held = 0;
  auto read = reader_.read(bytes, [&](std::size_t number, std::vector<std::string>& cells) -> Result<void> {
    if (headers.empty()) {
      if (++seen > 10) return Error::make(ErrorCode::invalid_field, "前十行中没有含“姓名”的表头行", "file");
      bool has_name = false;
      for (const auto& c : cells) has_name |= import_column_of(c) == col_name;
      if (!has_name) return ok();
      headers = cells;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        auto f = import_column_of(cells[i]);
        if (f && col[static_cast<std::size_t>(*f)] < 0)
          col[static_cast<std::size_t>(*f)] = static_cast<int>(i);
        else if (!trim_text(cells[i]).empty())
          ignored += (ignored.empty() ? "" : "、") + trim_text(cells[i]);
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
    rows.push_back(std::move(row));
    if (rows.size() % 50'000 == 0) {
      job.total_rows = static_cast<std::int64_t>(rows.size());
      progress(job);
    }
    return ok();
  });
  if (!read) return read.error();
  if (headers.empty()) return Error::make(ErrorCode::invalid_field, "文件中没有含“姓名”的表头行", "file");
  if (col[col_region] < 0) return Error::make(ErrorCode::invalid_field, "文件中没有“所属村(社区)”列", "file");
  job.total_rows = static_cast<std::int64_t>(rows.size());
  if (!ignored.empty()) job.message = "未识别的列已忽略：" + ignored;
  job.status = "checking";
  progress(job);

  const std::string today = china_date(clock_.now_ms());
  auto cell = [&](const std::vector<std::string>& cells, ImportColumn f) -> std::string {
    const int i = col[static_cast<std::size_t>(f)];
    if (i < 0 || static_cast<std::size_t>(i) >= cells.size()) return {};
    return trim_text(cells[static_cast<std::size_t>(i)]);
  };
  auto header = [&](ImportColumn f) -> std::string {
    const int i = col[static_cast<std::size_t>(f)];
    return i >= 0 ? trim_text(headers[static_cast<std::size_t>(i)])
                  : std::string(kImportTemplate[static_cast<std::size_t>(f)]);
  };
  std::vector<ImportRowError> errors;
  std::int64_t created = 0, unchanged = 0;
  std::vector<std::string> categorised; // new people with a category: they may join campaigns
  const bool all_or_nothing = job.mode == "all_or_nothing";
  bool rejected = false; // an all-or-nothing import with a bad row: the transaction is rolled back on purpose

  Result<void> work = ok();
  // No transaction spans the whole import: villages are resolved in short reads, and
  // rows are written chunk by chunk (valid_rows: each chunk commits on its own), or,
  // for all_or_nothing, only once a first pass found every row right, so that other
  // users' writes (every search writes its audit entry) wait for a chunk at most.
  std::vector<Category> categories;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(categories, r.categories().all());
    return ok();
  }));
  Repositories* rr = nullptr; // the read used to resolve villages, while open_chunk runs
  Repositories* wr = nullptr; // the unit of work a chunk is written (or checked) in
  bool dry = false; // the first pass of an all-or-nothing import writes nothing
  {
    std::unordered_map<std::string, std::optional<RegionCode>> regions; // cell -> village, or nullopt when unknown
    std::unordered_map<std::string, std::string> region_errors;
    std::unordered_map<std::string, std::int64_t> in_file; // dedupe key -> first row

    auto resolve_region = [&](const std::string& raw) -> Result<RegionCode> {
      const std::string text = trim_text(fold_width(raw));
      if (auto it = regions.find(text); it != regions.end()) {
        if (it->second) return *it->second;
        return Error::make(ErrorCode::invalid_field, region_errors[text], "region");
      }
      auto fail = [&](const std::string& why) -> Result<RegionCode> {
        regions[text] = std::nullopt;
        region_errors[text] = why;
        return Error::make(ErrorCode::invalid_field, why, "region");
      };
      if (text.empty()) return fail("所属村(社区)为空");
      std::optional<RegionCode> code;
      if (text.find_first_not_of("0123456789") == std::string::npos) {
        auto parsed = RegionCode::parse(text);
        if (!parsed) return fail("不是12位区划代码：" + text);
        SHEGONG_ASSIGN(auto found, rr->regions().find(*parsed));
        if (!found) return fail("没有区划代码为 " + text + " 的村(社区)");
        code = *parsed;
      } else {
        SHEGONG_ASSIGN(auto hits, rr->regions().search(text, actor.scope, PageRequest{1, 50, "", false}));
        std::vector<RegionCode> exact;
        for (const auto& h : hits.items)
          if (h.name == text && h.code.level() == RegionLevel::village) exact.push_back(h.code);
        if (exact.empty()) return fail("您的辖区内没有名为“" + text + "”的村(社区)");
        if (exact.size() > 1) return fail("辖区内有多个“" + text + "”，请填写12位区划代码");
        code = exact.front();
      }
      if (code->level() != RegionLevel::village) return fail(text + " 不是村(社区)一级的区划");
      if (!actor.scope.contains(*code)) return fail(text + " 不在您的辖区内");
      regions[text] = code;
      return *code;
    };

    // After resolve_region has seen a cell: a read that is safe from several threads.
    auto known_region = [&](const std::string& raw) -> Result<RegionCode> {
      const std::string text = trim_text(fold_width(raw));
      auto it = regions.find(text);
      if (it != regions.end() && it->second) return *it->second;
      auto why = region_errors.find(text);
      return Error::make(ErrorCode::invalid_field, why != region_errors.end() ? why->second : "unknown", "region");
    };

    // The row rules are the domain's (domain/person_import.hpp); here a refusal is
    // named by the file's own header.
    auto prepare = [&](const std::vector<std::string>& raw_cells) -> std::variant<Prepared, RowError> {
      ImportCells cells;
      for (int f = 0; f < col_count; ++f)
        cells[static_cast<std::size_t>(f)] = cell(raw_cells, static_cast<ImportColumn>(f));
      const auto region = known_region(cells[col_region]);
      auto checked = check_import_row(cells, region, categories, today);
      if (auto* no = std::get_if<ImportRefusal>(&checked))
        return RowError{no->column < col_count ? header(no->column) : no->field, std::move(no->reason)};
      auto& row = std::get<ImportedPerson>(checked);
      Prepared p;
      p.details = std::move(row.details);
      p.entries = std::move(row.entries);
      p.dedupe_key = std::move(row.dedupe_key);
      p.record.region_code = *region;
      return p;
    };

    constexpr std::size_t kChunk = 4000;
    // Reading the cells and resolving their villages touches the store: the writing thread does it.
    auto open_chunk = [&](std::size_t start) -> Chunk {
      Chunk c;
      c.start = start;
      c.size = std::min(kChunk, rows.size() - start);
      c.cells.resize(c.size);
      auto resolved = store_.read([&](Repositories& r) -> Result<void> {
        rr = &r;
        for (std::size_t k = 0; k < c.size; ++k) {
          c.cells[k] = split_row(rows[start + k].joined);
          (void)resolve_region(cell(c.cells[k], col_region)); // fills the cache the workers read
        }
        rr = nullptr;
        return ok();
      });
      if (!resolved) c.fatal = resolved.error();
      return c;
    };
    // Checking, indexing and sealing: pure work on every core, while the previous chunk is written.
    auto check_chunk = [&](Chunk c) -> Chunk {
      c.rows.resize(c.size);
      std::vector<std::optional<Error>> failed(c.size);
      parallel_for(c.size, [&](std::size_t k) {
        c.rows[k] = prepare(c.cells[k]);
        auto* p = std::get_if<Prepared>(&c.rows[k]);
        if (!p) return;
        if (!p->details.id_number.empty()) {
          auto idx = vault_.id_lookup(p->details.id_number);
          if (!idx) {
            failed[k] = idx.error();
            return;
          }
          p->id_indexes = std::move(*idx);
        }
        auto sealed = vault_.seal(p->details, p->record, p->id_indexes.empty() ? nullptr : &p->id_indexes.back());
        if (!sealed) failed[k] = sealed.error();
      });
      for (auto& f : failed)
        if (f) {
          c.fatal = f;
          break;
        }
      return c;
    };
    // Deduplicating against the file and the register, then writing: the store's thread.
    auto write_chunk = [&](Chunk& c) -> Result<void> {
      if (c.fatal) return *c.fatal;
      std::vector<Prepared*> batch;
      for (std::size_t k = 0; k < c.size; ++k) {
        const RawRow& raw = rows[c.start + k];
        if (auto* e = std::get_if<RowError>(&c.rows[k])) {
          errors.push_back(ImportRowError{raw.number, e->column, e->reason, raw.joined});
          continue;
        }
        auto& p = std::get<Prepared>(c.rows[k]);
        auto [it, fresh] = in_file.emplace(p.dedupe_key, raw.number);
        if (!fresh) {
          errors.push_back(ImportRowError{raw.number, p.details.id_number.empty() ? header(col_name) : header(col_id),
                                          "与本文件第 " + std::to_string(it->second) + " 行重复", raw.joined});
          continue;
        }
        batch.push_back(&p);
      }
      std::vector<std::string> lookup;
      for (auto* p : batch) lookup.insert(lookup.end(), p->id_indexes.begin(), p->id_indexes.end());
      SHEGONG_ASSIGN(auto known, wr->persons().ids_by_index(lookup));
      std::unordered_map<std::string, std::string> known_index(known.begin(), known.end());
      std::vector<PersonRecord> fresh;
      std::vector<CategoryEntry> entries;
      const TimestampMs now = clock_.now_ms();
      for (auto* p : batch) {
        bool exists = false;
        for (const auto& idx : p->id_indexes) exists |= known_index.contains(idx);
        if (!exists && p->details.id_number.empty()) {
          SHEGONG_ASSIGN(auto same, wr->persons().same_name_and_birth(Scope::under(p->record.region_code),
                                                                      p->details.name, p->details.birth_date, ""));
          exists = !same.empty();
        }
        if (exists) {
          ++unchanged;
          continue;
        }
        if (dry) {
          ++created; // would be created
          continue;
        }
        p->record.id = new_uuid_v7(clock_, random_);
        p->record.created_at = p->record.updated_at = now;
        p->record.created_by = actor.username;
        for (auto& e : p->entries) {
          e.id = new_uuid_v7(clock_, random_);
          e.person_id = p->record.id;
          e.created_at = now;
          e.created_by = actor.username;
          entries.push_back(std::move(e));
        }
        fresh.push_back(std::move(p->record));
      }
      if (!dry) {
        SHEGONG_TRY(wr->persons().insert_many(fresh));
        SHEGONG_TRY(wr->categories().insert_entries(entries));
        // Counted from what was written, in the same transaction: no read-back per person.
        std::map<std::string, std::size_t> at;
        std::vector<PersonFacts> counted;
        for (const auto& f : fresh) {
          at[f.id] = counted.size();
          counted.push_back(PersonFacts{f.id, f.region_code.str(), false, {}});
        }
        for (const auto& e : entries) {
          auto& facts = counted[at[e.person_id]];
          if (facts.spans.empty()) categorised.push_back(e.person_id);
          facts.spans.push_back(CategorySpan{e.category, e.start_date, e.end_date});
        }
        SHEGONG_TRY(count_new_people(*wr, counted));
        created += static_cast<std::int64_t>(fresh.size());
      }
      job.processed_rows = static_cast<std::int64_t>(c.start + c.size);
      job.failed_rows = static_cast<std::int64_t>(errors.size());
      job.created_rows = created;
      job.unchanged_rows = unchanged;
      job.status = dry ? "checking" : "writing";
      progress(job);
      return ok();
    };

    // Feeds the file through the pipeline chunk by chunk: the next chunk is being checked
    // while the caller writes the one it took. `restart` begins a pass (counts cleared);
    // `take` gives the next checked chunk or nothing at the end; `drain` waits for a check
    // still running when a pass stops early.
    std::future<Chunk> next;
    std::size_t fed = 0;
    auto restart = [&] {
      errors.clear();
      in_file.clear();
      created = unchanged = 0;
      categorised.clear();
      fed = 0;
      if (!rows.empty()) next = std::async(std::launch::async, check_chunk, open_chunk(0));
    };
    auto take = [&]() -> std::optional<Chunk> {
      if (fed >= rows.size()) return std::nullopt;
      Chunk c = next.get();
      fed += kChunk;
      if (fed < rows.size()) next = std::async(std::launch::async, check_chunk, open_chunk(fed));
      return c;
    };
    auto drain = [&] {
      if (next.valid()) next.wait();
    };
    // One pass over the whole file, `sink` running each chunk's unit of work.
    auto pipeline = [&](const std::function<Result<void>(Chunk&)>& sink) -> Result<void> {
      restart();
      while (auto c = take()) {
        auto done = c->fatal ? Result<void>(*c->fatal) : sink(*c);
        if (!done) {
          drain();
          return done;
        }
      }
      return ok();
    };
    auto chunk_audit = [&](Repositories& r, std::int64_t made, const std::string& outcome) {
      auto a = audit_entry(actor, "person.import", "person", job.id, actor.region_code ? actor.region_code->str() : "",
                           outcome);
      a.detail = job.filename + ": created=" + std::to_string(made) + " unchanged=" + std::to_string(unchanged) +
                 " failed=" + std::to_string(errors.size());
      return audit_.append(r, std::move(a));
    };

    if (!all_or_nothing) {
      // Chunks are written in transactions of about a second each, with their audit
      // entry: short enough that other users' writes barely wait, long enough that a
      // B-tree page touched by many rows goes to the WAL once, not once per chunk. An
      // interrupted import is resumed by running the file again.
      restart();
      for (bool more = !rows.empty(); more && work;) {
        work = store_.write([&](Repositories& r) -> Result<void> {
          wr = &r;
          const auto began = std::chrono::steady_clock::now();
          const std::int64_t before = created;
          while (std::chrono::steady_clock::now() - began < std::chrono::seconds(1)) {
            auto c = take();
            if (!c) {
              more = false;
              break;
            }
            if (c->fatal) return *c->fatal;
            SHEGONG_TRY(write_chunk(*c));
          }
          if (created > before) SHEGONG_TRY(chunk_audit(r, created - before, "ok"));
          return ok();
        });
      }
      drain(); // a failed write leaves the next chunk's check running
    } else {
      dry = true;
      work = pipeline([&](Chunk& c) -> Result<void> {
        return store_.read([&](Repositories& r) -> Result<void> {
          wr = &r;
          return write_chunk(c);
        });
      });
      dry = false;
      if (work && !errors.empty()) {
        rejected = true;
      } else if (work) {
        // Every row is right: now write them all in one transaction.
        work = store_.write([&](Repositories& r) -> Result<void> {
          wr = &r;
          SHEGONG_TRY(pipeline(write_chunk));
          if (!errors.empty()) {
            rejected = true; // the register changed between the passes
            return Error::make(ErrorCode::conflict, "some rows are wrong; nothing was imported", "file");
          }
          return chunk_audit(r, created, "ok");
        });
      }
    }
  }

  job.processed_rows = job.total_rows;
  job.failed_rows = static_cast<std::int64_t>(errors.size());
  job.unchanged_rows = unchanged;
  const bool rolled_back = rejected;
  if (!work && !rolled_back) return work.error();
  job.committed = !rolled_back;
  job.created_rows = rolled_back ? 0 : created;
  job.status = "done";
  if (!rolled_back) {
    // People imported into a category that an active campaign reaches join it, as one
    // granted a category by hand does: only their targets are touched, 500 people a
    // transaction, so that the writes of others go on in between.
    constexpr std::size_t kJoinChunk = 500;
    for (std::size_t at = 0; at < categorised.size(); at += kJoinChunk) {
      const std::vector<std::string> some(
          categorised.begin() + static_cast<std::ptrdiff_t>(at),
          categorised.begin() + static_cast<std::ptrdiff_t>(std::min(categorised.size(), at + kJoinChunk)));
      SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
        SHEGONG_TRY(join_active_campaigns(r, actor.scope, some, clock_.now_ms()));
        return ok();
      }));
    }
  }
  if (rolled_back) {
    job.message = "有 " + std::to_string(errors.size()) + " 行有误，按“全部正确才导入”未导入任何记录" +
                  (job.message.empty() ? "" : "；" + job.message);
    auto a = audit_entry(actor, "person.import", "person", job.id, actor.region_code ? actor.region_code->str() : "",
                         "rejected");
    a.detail = job.filename + ": failed=" + std::to_string(errors.size());
    SHEGONG_TRY(audit_.record(std::move(a)));
  }
  // The report keeps each failed row (at most 8 KiB of it) for the first 100,000
  // failures; a file that fails everywhere is a file to look at, not to list.
  constexpr std::size_t kMaxReported = 100'000;
  if (errors.size() > kMaxReported) {
    errors.resize(kMaxReported);
    job.message += (job.message.empty() ? "" : "；") + std::string("错误报告只列出前 100000 行");
  }
  for (auto& e : errors) {
    if (e.cells_sealed.size() > 8192) e.cells_sealed.resize(8192);
    while (!e.cells_sealed.empty() && (static_cast<unsigned char>(e.cells_sealed.back()) & 0xC0) == 0x80)
      e.cells_sealed.pop_back(); // cut at a character boundary
    if (!e.cells_sealed.empty() && static_cast<unsigned char>(e.cells_sealed.back()) >= 0xC0) e.cells_sealed.pop_back();
    SHEGONG_ASSIGN(e.cells_sealed, vault_.box().seal(e.cells_sealed, kCellsContext));
  }
  auto stored = store_.write([&](Repositories& r) -> Result<void> {
    for (std::size_t at = 0; at < errors.size(); at += 5000) {
      std::vector<ImportRowError> part(
          errors.begin() + static_cast<std::ptrdiff_t>(at),
          errors.begin() + static_cast<std::ptrdiff_t>(std::min(errors.size(), at + 5000)));
      SHEGONG_TRY(r.imports().add_errors(job.id, static_cast<std::int64_t>(at) + 1, part));
    }
    return ok();
  });
  // The rows are in already: a report that could not be kept does not undo them.
  if (!stored)
    job.message += (job.message.empty() ? "" : "；") + std::string("错误报告未能保存：") + stored.error().message;
  return ok();
}

Result<ImportJob> ImportService::get(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  std::optional<ImportJob> found;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(found, r.imports().find(id, actor.scope, 200));
    return ok();
  }));
  if (!found) return Error::make(ErrorCode::not_found, "no import has this id", "id");
  std::lock_guard lock(mu_);
  if (auto it = running_.find(found->id); it != running_.end() && !found->finished_at) {
    auto errors = std::move(found->errors);
    found = it->second;
    found->errors = std::move(errors);
  }
  return std::move(*found);
}

Result<Page<ImportJob>> ImportService::list(const Actor& actor, const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  Page<ImportJob> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.imports().list(actor.scope, page));
    return ok();
  }));
  std::lock_guard lock(mu_);
  for (auto& j : out.items)
    if (auto it = running_.find(j.id); it != running_.end() && !j.finished_at) j = it->second;
  return out;
}

Result<std::string> ImportService::errors_xlsx(const Actor& actor, std::string_view id, SpreadsheetWriter& writer) {
  // The report repeats the failed rows in full (ID numbers, phones): a full view.
  SHEGONG_TRY(access_.require(actor, Action::reveal, Resource::person));
  SHEGONG_ASSIGN(auto job, get(actor, id));
  std::vector<ImportRowError> errors;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(errors, r.imports().errors(job.id));
    return ok();
  }));
  std::vector<std::string> headers = {"行号", "列", "原因"};
  std::vector<std::vector<std::string>> rows;
  for (auto& e : errors) {
    std::vector<std::string> row = {std::to_string(e.row), e.column, e.reason};
    if (!e.cells_sealed.empty()) {
      SHEGONG_ASSIGN(auto joined, vault_.box().open(e.cells_sealed, kCellsContext));
      auto cells = split_row(joined);
      row.insert(row.end(), cells.begin(), cells.end());
    }
    rows.push_back(std::move(row));
  }
  SHEGONG_ASSIGN(auto bytes, writer.write("错误报告", headers, rows));
  auto e = audit_entry(actor, "person.import.report", "person", job.id, job.region_code ? job.region_code->str() : "");
  e.detail = std::to_string(rows.size()) + " rows";
  SHEGONG_TRY(audit_.record(std::move(e)));
  return bytes;
}

Result<std::int64_t> ImportService::rotate_keys() {
  std::int64_t changed = 0;
  std::string job;
  std::int64_t seq = 0;
  for (;;) {
    std::vector<ImportJobRepository::SealedCells> batch;
    SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
      SHEGONG_ASSIGN(batch, r.imports().cells_after(job, seq, 500));
      return ok();
    }));
    if (batch.empty()) break;
    job = batch.back().job_id;
    seq = batch.back().seq;
    std::vector<ImportJobRepository::SealedCells> next;
    for (auto& b : batch) {
      if (b.cells_sealed.empty() || !vault_.box().needs_rotation(b.cells_sealed)) continue;
      SHEGONG_ASSIGN(auto plain, vault_.box().open(b.cells_sealed, kCellsContext));
      SHEGONG_ASSIGN(b.cells_sealed, vault_.box().seal(plain, kCellsContext));
      next.push_back(std::move(b));
    }
    if (next.empty()) continue;
    // Stored failures are never edited, so no version guard is needed here.
    SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
      for (const auto& n : next) SHEGONG_TRY(r.imports().reseal_cells(n.job_id, n.seq, n.cells_sealed));
      AuditEntry e = audit_entry_unsigned("system", "", "keys.rotate", "import", "");
      e.detail = std::to_string(next.size()) + " failed import rows resealed";
      return audit_.append(r, std::move(e));
    }));
    changed += static_cast<std::int64_t>(next.size());
  }
  return changed;
}

Result<std::string> ImportService::template_xlsx(const Actor& actor, SpreadsheetWriter& writer) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  std::vector<std::string> headers;
  for (auto h : import_template_headers()) headers.emplace_back(h);
  return writer.write("人员信息", headers, {});
}

} // namespace shegong
