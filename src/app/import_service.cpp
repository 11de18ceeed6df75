#include "shegong/app/import_service.hpp"

#include <chrono>
#include <future>
#include <map>
#include <memory>

#include "import_stages.hpp"
#include "shegong/core/periodic.hpp"
#include "shegong/app/outreach_service.hpp"
#include "shegong/app/stats_service.hpp"
#include "shegong/domain/text.hpp"
#include "shegong/domain/vocabulary.hpp"

namespace shegong {
namespace {

constexpr std::string_view kCellsContext = "import.cells";

bool final_status(std::string_view status) { return status == "done" || status == "failed"; }

} // namespace

std::span<const std::string_view> import_template_headers() {
  return {kImportTemplate.data(), kImportTemplate.size() - 1};
}

// One run of an import: the stages (import_stages.hpp) wired together, with the counts,
// the failed rows and the job's progress. No transaction spans the whole import:
// villages are resolved in short reads, and rows are written chunk by chunk (valid_rows:
// each chunk commits on its own), or, for all_or_nothing, only once a first pass found
// every row right, so that other users' writes (every search writes its audit entry)
// wait for a chunk at most.
class ImportService::Run {
 public:
  Run(ImportService& service, const Actor& actor, ImportJob& job)
      : s_(service), actor_(actor), job_(job), villages_(actor.scope) {}

  Result<void> go(const std::string& bytes) {
    SHEGONG_TRY(s_.advance(job_, "reading"));
    SHEGONG_ASSIGN(file_, import::read_rows(s_.reader_, bytes, [&](std::size_t n) {
                     job_.total_rows = static_cast<std::int64_t>(n);
                     s_.progress(job_);
                   }));
    job_.total_rows = static_cast<std::int64_t>(file_.rows.size());
    if (!file_.ignored.empty()) job_.message = "未识别的列已忽略：" + file_.ignored;
    SHEGONG_TRY(s_.advance(job_, "checking"));
    SHEGONG_TRY(s_.store_.read([&](Repositories& r) -> Result<void> {
      SHEGONG_ASSIGN(categories_, r.categories().all());
      return ok();
    }));
    today_ = china_date(s_.clock_.now_ms());

    bool rejected = false; // all_or_nothing with a bad row: nothing written, on purpose
    Result<void> work = ok();
    if (job_.mode == "all_or_nothing") {
      auto written = write_all_or_nothing();
      if (written)
        rejected = !*written;
      else
        work = written.error();
    } else {
      work = write_valid_rows();
    }
    job_.processed_rows = job_.total_rows;
    job_.failed_rows = static_cast<std::int64_t>(errors_.size());
    job_.unchanged_rows = unchanged_;
    if (!work) return work.error();
    job_.committed = !rejected;
    job_.created_rows = rejected ? 0 : created_;
    if (rejected) {
      job_.message = "有 " + std::to_string(errors_.size()) + " 行有误，按“全部正确才导入”未导入任何记录" +
                     (job_.message.empty() ? "" : "；" + job_.message);
      auto a = audit_entry(actor_, "person.import", "person", job_.id, area(), "rejected");
      a.detail = job_.filename + ": failed=" + std::to_string(errors_.size());
      SHEGONG_TRY(s_.audit_.record(std::move(a)));
    } else {
      SHEGONG_TRY(join_campaigns());
    }
    return keep_report();
  }

 private:
  static constexpr std::size_t kChunk = 4000;

  std::string area() const { return actor_.region_code ? actor_.region_code->str() : ""; }

  // Feeding the file through the stages chunk by chunk: the next chunk is checked on
  // other threads while the caller writes the one it took. Its villages are resolved on
  // the caller's thread first, so that the checkers only read what the resolver knows.
  void restart() {
    errors_.clear();
    dedupe_.clear();
    created_ = unchanged_ = 0;
    categorised_.clear();
    fed_ = 0;
    if (!file_.rows.empty()) next_ = check_async(0);
  }
  std::future<import::Chunk> check_async(std::size_t start) {
    auto chunk = import::open_chunk(file_, start, std::min(kChunk, file_.rows.size() - start), villages_, s_.store_);
    return std::async(
        std::launch::async,
        [this](import::Chunk c) {
          import::check_chunk(c, import::CheckRules{file_, villages_, categories_, today_, s_.vault_});
          return c;
        },
        std::move(chunk));
  }
  std::optional<import::Chunk> take() {
    if (fed_ >= file_.rows.size()) return std::nullopt;
    import::Chunk c = next_.get();
    fed_ += kChunk;
    if (fed_ < file_.rows.size()) next_ = check_async(fed_);
    return c;
  }
  // Waits for a check still running when a pass stops early.
  void drain() {
    if (next_.valid()) next_.wait();
  }
  // One pass over the whole file, `sink` taking each checked chunk.
  Result<void> pass(const std::function<Result<void>(import::Chunk&)>& sink) {
    restart();
    while (auto c = take()) {
      auto done = c->fatal ? Result<void>(*c->fatal) : sink(*c);
      if (!done) {
        drain();
        return done;
      }
    }
    return ok();
  }

  // The stage after deduplication: the new people written with their categories and
  // counted, in the caller's transaction; `dry` only counts what would be created.
  Result<void> write_chunk(Repositories& r, import::Chunk& c, bool dry) {
    if (c.fatal) return *c.fatal;
    SHEGONG_ASSIGN(auto sorted, dedupe_.sort(r, c, file_, errors_));
    unchanged_ += sorted.registered;
    if (dry) {
      created_ += static_cast<std::int64_t>(sorted.fresh.size());
    } else {
      std::vector<PersonRecord> fresh;
      std::vector<CategoryEntry> entries;
      const TimestampMs now = s_.clock_.now_ms();
      for (auto* p : sorted.fresh) {
        p->record.id = new_uuid_v7(s_.clock_, s_.random_);
        p->record.created_at = p->record.updated_at = now;
        p->record.created_by = actor_.username;
        for (auto& e : p->entries) {
          e.id = new_uuid_v7(s_.clock_, s_.random_);
          e.person_id = p->record.id;
          e.created_at = now;
          e.created_by = actor_.username;
          entries.push_back(std::move(e));
        }
        fresh.push_back(std::move(p->record));
      }
      SHEGONG_TRY(r.persons().insert_many(fresh));
      SHEGONG_TRY(r.categories().insert_entries(entries));
      // Counted from what was written, in the same transaction: no read-back per person.
      std::map<std::string, std::size_t> at;
      std::vector<PersonFacts> counted;
      for (const auto& f : fresh) {
        at[f.id] = counted.size();
        counted.push_back(PersonFacts{f.id, f.region_code.str(), false, {}});
      }
      for (const auto& e : entries) {
        auto& facts = counted[at[e.person_id]];
        if (facts.spans.empty()) categorised_.push_back(e.person_id);
        facts.spans.push_back(CategorySpan{e.category, e.start_date, e.end_date});
      }
      SHEGONG_TRY(count_new_people(r, counted));
      created_ += static_cast<std::int64_t>(fresh.size());
    }
    job_.processed_rows = static_cast<std::int64_t>(c.start + c.size);
    job_.failed_rows = static_cast<std::int64_t>(errors_.size());
    job_.created_rows = created_;
    job_.unchanged_rows = unchanged_;
    s_.progress(job_);
    return ok();
  }

  Result<void> audit_chunk(Repositories& r, std::int64_t made) {
    auto a = audit_entry(actor_, "person.import", "person", job_.id, area(), "ok");
    a.detail = job_.filename + ": created=" + std::to_string(made) + " unchanged=" + std::to_string(unchanged_) +
               " failed=" + std::to_string(errors_.size());
    return s_.audit_.append(r, std::move(a));
  }

  // Chunks are written in transactions of about a second each, with their audit entry:
  // short enough that other users' writes barely wait, long enough that a B-tree page
  // touched by many rows goes to the WAL once, not once per chunk. An interrupted import
  // is resumed by running the file again.
  Result<void> write_valid_rows() {
    SHEGONG_TRY(s_.advance(job_, "writing"));
    restart();
    Result<void> work = ok();
    for (bool more = !file_.rows.empty(); more && work;) {
      work = s_.store_.write([&](Repositories& r) -> Result<void> {
        const auto began = std::chrono::steady_clock::now();
        const std::int64_t before = created_;
        while (std::chrono::steady_clock::now() - began < std::chrono::seconds(1)) {
          auto c = take();
          if (!c) {
            more = false;
            break;
          }
          SHEGONG_TRY(write_chunk(r, *c, false));
        }
        if (created_ > before) SHEGONG_TRY(audit_chunk(r, created_ - before));
        // The job's counts move with the rows they count: whatever stops the import, its
        // record agrees with the register.
        job_.committed = job_.committed || created_ > 0;
        job_.heartbeat_at = s_.clock_.now_ms();
        return r.imports().update(job_);
      });
    }
    drain(); // a failed write leaves the next chunk's check running
    return work;
  }

  // A first pass reads and checks every row and writes nothing; only when every row is
  // right, a second writes them all in one transaction. False: a row is wrong.
  Result<bool> write_all_or_nothing() {
    SHEGONG_TRY(pass([&](import::Chunk& c) -> Result<void> {
      return s_.store_.read([&](Repositories& r) -> Result<void> { return write_chunk(r, c, true); });
    }));
    if (!errors_.empty()) return false;
    SHEGONG_TRY(s_.advance(job_, "writing"));
    bool changed_between = false;
    auto written = s_.store_.write([&](Repositories& r) -> Result<void> {
      SHEGONG_TRY(pass([&](import::Chunk& c) { return write_chunk(r, c, false); }));
      if (!errors_.empty()) {
        changed_between = true; // the register changed between the passes: roll back
        return Error::make(ErrorCode::conflict, "some rows are wrong; nothing was imported", "file");
      }
      SHEGONG_TRY(audit_chunk(r, created_));
      // Committed with the rows it counts.
      job_.committed = true;
      job_.processed_rows = job_.total_rows;
      job_.created_rows = created_;
      job_.heartbeat_at = s_.clock_.now_ms();
      return r.imports().update(job_);
    });
    if (changed_between) return false;
    if (!written) return written.error();
    return true;
  }

  // People imported into a category that an active campaign reaches join it, as one
  // granted a category by hand does: only their targets are touched, 500 people a
  // transaction, so that the writes of others go on in between.
  Result<void> join_campaigns() {
    constexpr std::size_t kJoinChunk = 500;
    for (std::size_t at = 0; at < categorised_.size(); at += kJoinChunk) {
      const std::vector<std::string> some(
          categorised_.begin() + static_cast<std::ptrdiff_t>(at),
          categorised_.begin() + static_cast<std::ptrdiff_t>(std::min(categorised_.size(), at + kJoinChunk)));
      SHEGONG_TRY(s_.store_.write([&](Repositories& r) -> Result<void> {
        SHEGONG_TRY(join_active_campaigns(r, actor_.scope, some, s_.clock_.now_ms()));
        return ok();
      }));
    }
    return ok();
  }

  // The report keeps each failed row (at most 8 KiB of it, sealed: it may hold ID
  // numbers and phones) for the first 100,000 failures; a file that fails everywhere is
  // a file to look at, not to list.
  Result<void> keep_report() {
    constexpr std::size_t kMaxReported = 100'000;
    if (errors_.size() > kMaxReported) {
      errors_.resize(kMaxReported);
      job_.message += (job_.message.empty() ? "" : "；") + std::string("错误报告只列出前 100000 行");
    }
    for (auto& e : errors_) {
      if (e.cells_sealed.size() > 8192) e.cells_sealed.resize(8192);
      while (!e.cells_sealed.empty() && (static_cast<unsigned char>(e.cells_sealed.back()) & 0xC0) == 0x80)
        e.cells_sealed.pop_back(); // cut at a character boundary
      if (!e.cells_sealed.empty() && static_cast<unsigned char>(e.cells_sealed.back()) >= 0xC0)
        e.cells_sealed.pop_back();
      SHEGONG_ASSIGN(e.cells_sealed, s_.vault_.box().seal(e.cells_sealed, kCellsContext));
    }
    auto stored = s_.store_.write([&](Repositories& r) -> Result<void> {
      for (std::size_t at = 0; at < errors_.size(); at += 5000) {
        std::vector<ImportRowError> part(
            errors_.begin() + static_cast<std::ptrdiff_t>(at),
            errors_.begin() + static_cast<std::ptrdiff_t>(std::min(errors_.size(), at + 5000)));
        SHEGONG_TRY(r.imports().add_errors(job_.id, static_cast<std::int64_t>(at) + 1, part));
      }
      return ok();
    });
    // The rows are in already: a report that could not be kept does not undo them.
    if (!stored)
      job_.message += (job_.message.empty() ? "" : "；") + std::string("错误报告未能保存：") + stored.error().message;
    return ok();
  }

  ImportService& s_;
  const Actor& actor_;
  ImportJob& job_;
  import::FileRows file_;
  import::VillageResolver villages_;
  std::vector<Category> categories_;
  std::string today_;
  import::Deduplicator dedupe_;
  std::vector<ImportRowError> errors_;
  std::int64_t created_ = 0, unchanged_ = 0;
  std::vector<std::string> categorised_; // new people with a category: they may join campaigns
  std::future<import::Chunk> next_;
  std::size_t fed_ = 0;
};

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
  job.history.push_back(ImportStatusChange{job.id, 1, "", job.status, job.started_at, job.username});
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.imports().insert(job));
    return r.imports().add_transition(job.history.back());
  }));
  return job;
}

Result<void> ImportService::advance(ImportJob& job, std::string_view to, std::string_view by) {
  if (!find_transition(kImportTransitions, job.status, to))
    return Error::make(ErrorCode::internal, "an import cannot go from " + job.status + " to " + std::string(to));
  ImportJob next = job;
  ImportStatusChange change{job.id,          static_cast<std::int64_t>(job.history.size()) + 1,
                            job.status,      std::string(to),
                            clock_.now_ms(), by.empty() ? job.username : std::string(by)};
  next.status = change.to;
  next.heartbeat_at = change.at;
  if (final_status(change.to)) next.finished_at = change.at;
  next.history.push_back(change);
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.imports().update(next));
    return r.imports().add_transition(change);
  }));
  job = std::move(next);
  progress(job);
  return ok();
}

Result<ImportJob> ImportService::start(const Actor& actor, ImportRequest req) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  // A place in the queue first: an upload refused for want of one leaves no job behind.
  if (!runner_.reserve())
    return Error::make(ErrorCode::rate_limited, "too many imports are waiting; try again in a few minutes", "file");
  auto job = begin(actor, req);
  if (!job) {
    runner_.run_reserved({});
    return job.error();
  }
  progress(*job);
  auto bytes = std::make_shared<std::string>(std::move(req.bytes));
  runner_.run_reserved([this, actor, queued = *job, bytes]() { execute(actor, queued, *bytes); });
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
  // Signs of life while it runs, also through long reads and checks that write nothing.
  Periodic beat(
      [&, id = job.id] { (void)store_.write([&](Repositories& r) { return r.imports().touch(id, clock_.now_ms()); }); },
      std::chrono::milliseconds(kHeartbeatMs));
  Result<void> result = ok();
  try {
    result = Run(*this, actor, job).go(bytes);
  } catch (const std::exception& e) {
    result = Error::make(ErrorCode::internal, std::string("the import stopped: ") + e.what());
  }
  if (!result) {
    job.committed = false;
    job.message = result.error().message;
  }
  if (advance(job, result ? "done" : "failed")) return;
  // The store would not take the last change: keep what is known in memory at least.
  job.status = "failed";
  job.finished_at = clock_.now_ms();
  (void)store_.write([&](Repositories& r) -> Result<void> { return r.imports().update(job); });
  progress(job);
}

Result<int> ImportService::recover() {
  const TimestampMs now = clock_.now_ms();
  std::vector<ImportJob> silent;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(silent, r.imports().silent(now - 3 * kHeartbeatMs));
    return ok();
  }));
  int recovered = 0;
  for (auto& found : silent) {
    {
      std::lock_guard lock(mu_);
      if (running_.contains(found.id)) continue; // this process runs it
    }
    std::optional<ImportJob> job;
    SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
      SHEGONG_ASSIGN(job, r.imports().find(found.id, Scope::national(), 0));
      return ok();
    }));
    if (!job || final_status(job->status)) continue;
    // An all-or-nothing write that committed carries its counts: the rows are in.
    const bool written = job->mode == "all_or_nothing" && job->committed;
    const std::string counts = "已写入 " + std::to_string(job->created_rows) + " 人";
    job->message = written ? "全部写入后服务停止，导入已完成（" + counts + "）"
                   : job->mode == "all_or_nothing"
                       ? std::string("服务在导入过程中停止，未写入任何记录；请重新导入")
                       : "服务在导入过程中停止：" + counts +
                             "（逐块提交，已保留），其余行未导入；重新导入同一文件即可补齐，已登记的人员会跳过";
    if (!written) job->committed = job->created_rows > 0;
    SHEGONG_TRY(advance(*job, written ? "done" : "failed", "system"));
    auto e = audit_entry_unsigned("system", "", "person.import", "person", job->id, written ? "ok" : "interrupted");
    e.region_code = job->region_code ? job->region_code->str() : "";
    e.detail = job->filename + ": interrupted; created=" + std::to_string(job->created_rows) +
               " unchanged=" + std::to_string(job->unchanged_rows) + " failed=" + std::to_string(job->failed_rows);
    SHEGONG_TRY(audit_.record(std::move(e)));
    ++recovered;
  }
  return recovered;
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
      auto cells = import::split_row(joined);
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
