// Every code list the API speaks, with its labels, and the state machines over them as
// tables: what GET /api/v1/vocabulary serves and the console labels its codes with.
#pragma once

#include <span>
#include <string_view>

#include "shegong/domain/code_label.hpp"

namespace shegong {

// A change of state a record may make; `reason_required`: only with a stated reason.
struct Transition {
  std::string_view from, to;
  bool reason_required = false;
};

inline constexpr CodeLabel kCampaignStatuses[] = {
    {"draft", "草稿", "Draft"}, {"active", "进行中", "Active"}, {"ended", "已结束", "Ended"}};
inline constexpr Transition kCampaignTransitions[] = {{"draft", "active"}, {"active", "ended"}};

// A need moves forward only; resolved, referred and closed are final.
inline constexpr Transition kNeedTransitions[] = {
    {"raised", "linked"},         {"raised", "in_progress"},         {"linked", "in_progress"},
    {"linked", "resolved"},       {"in_progress", "resolved"},       {"raised", "referred", true},
    {"linked", "referred", true}, {"in_progress", "referred", true}, {"raised", "closed", true},
    {"linked", "closed", true},   {"in_progress", "closed", true},
};

inline constexpr CodeLabel kDueStates[] = {
    {"overdue", "已逾期", "Overdue"}, {"due", "即将到期", "Due soon"}, {"ok", "正常", "On track"}};

inline constexpr CodeLabel kImportModes[] = {{"all_or_nothing", "全部正确才导入", "Only if every row is valid"},
                                             {"valid_rows", "只导入正确的行", "Import the valid rows"}};
inline constexpr CodeLabel kImportStatuses[] = {
    {"queued", "排队中", "Queued"},     {"reading", "读取文件", "Reading the file"},
    {"checking", "校验中", "Checking"}, {"writing", "写入中", "Writing"},
    {"done", "完成", "Done"},           {"failed", "失败", "Failed"}};
// An import goes forward through its stages; one that could not go on is failed. An
// all-or-nothing import with a bad row is done (nothing committed) after checking.
inline constexpr Transition kImportTransitions[] = {
    {"queued", "reading"}, {"reading", "checking"}, {"checking", "writing"}, {"checking", "done"},  {"writing", "done"},
    {"queued", "failed"},  {"reading", "failed"},   {"checking", "failed"},  {"writing", "failed"},
};

// The transition from `from` to `to`, or null when the machine has none.
const Transition* find_transition(std::span<const Transition> machine, std::string_view from,
                                  std::string_view to) noexcept;
bool has_code(std::span<const CodeLabel> list, std::string_view code) noexcept;

// One list as served: its name is the OpenAPI schema of its codes.
struct CodeList {
  std::string_view name;
  std::span<const CodeLabel> codes;
  std::span<const Transition> transitions = {};
};

std::span<const CodeList> vocabulary() noexcept;

} // namespace shegong
