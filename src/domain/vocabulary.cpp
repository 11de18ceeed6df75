#include "shegong/domain/vocabulary.hpp"

#include <algorithm>

#include "shegong/domain/access.hpp"
#include "shegong/domain/grid.hpp"
#include "shegong/domain/outreach.hpp"
#include "shegong/domain/person.hpp"
#include "shegong/domain/station.hpp"

namespace shegong {
namespace {

constexpr CodeList kVocabulary[] = {
    {"StationKind", kStationKinds},
    {"GridKind", kGridKinds},
    {"Role", kRoles},
    {"Sex", kSexes},
    {"LivingSituation", kLivingSituations},
    {"RiskLevel", kRiskLevels},
    {"Relation", kRelations},
    {"BuiltinCategory", kBuiltinCategories},
    {"CampaignStatus", kCampaignStatuses, kCampaignTransitions},
    {"DueState", kDueStates},
    {"VisitMode", kVisitModes},
    {"VisitCheck", kVisitChecks},
    {"CheckValue", kCheckValues},
    {"NeedCategory", kNeedCategories},
    {"NeedUrgency", kUrgencies},
    {"NeedState", kNeedStates, kNeedTransitions},
    {"ResourceKind", kResourceKinds},
    {"ImportMode", kImportModes},
    {"ImportStatus", kImportStatuses, kImportTransitions},
};

} // namespace

const Transition* find_transition(std::span<const Transition> machine, std::string_view from,
                                  std::string_view to) noexcept {
  auto t =
      std::find_if(machine.begin(), machine.end(), [&](const Transition& x) { return x.from == from && x.to == to; });
  return t == machine.end() ? nullptr : &*t;
}

bool has_code(std::span<const CodeLabel> list, std::string_view code) noexcept {
  return std::any_of(list.begin(), list.end(), [&](const CodeLabel& c) { return c.code == code; });
}

std::span<const CodeList> vocabulary() noexcept { return kVocabulary; }

} // namespace shegong
