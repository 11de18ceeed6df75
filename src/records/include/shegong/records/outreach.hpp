// Outreach's records, described once: campaigns (read and written by their description),
// visits and needs, and the campaign targets' read model. Visits, needs and targets are
// written by the outreach repository's own statements (a visit with its versions and
// counters, a need with its transitions, targets joined and counted in bulk); their
// descriptions give their select lists and read their rows by column name.
#pragma once

#include "shegong/app/outreach_ports.hpp"
#include "shegong/records/record.hpp"

namespace shegong::records {

// A list of codes or ids stored as one text, comma-separated ("dibao,tekun").
struct CommaList {
  static std::string to_text(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
    return out;
  }
  static std::vector<std::string> from_text(std::string_view s) {
    std::vector<std::string> out;
    while (!s.empty()) {
      const auto comma = s.find(',');
      out.emplace_back(s.substr(0, comma));
      if (comma == std::string_view::npos) break;
      s.remove_prefix(comma + 1);
    }
    return out;
  }
};

// A visit's checks stored as "health=ok,heating=concern".
struct CheckList {
  static std::string to_text(const std::vector<VisitCheck>& checks) {
    std::vector<std::string> parts;
    parts.reserve(checks.size());
    for (const auto& c : checks) parts.push_back(c.item + "=" + c.value);
    return CommaList::to_text(parts);
  }
  static std::vector<VisitCheck> from_text(std::string_view s) {
    std::vector<VisitCheck> out;
    for (const auto& part : CommaList::from_text(s)) {
      const auto eq = part.find('=');
      if (eq != std::string::npos) out.push_back({part.substr(0, eq), part.substr(eq + 1)});
    }
    return out;
  }
};

template <>
struct Record<Campaign> {
  static constexpr std::string_view table = "campaigns", alias = "c";
  static constexpr std::string_view from = "campaigns c LEFT JOIN regions r ON r.code = c.region_code";
  static constexpr auto fields = std::make_tuple(
      field("id", &Campaign::id, key | uuid), field("name", &Campaign::name),
      field("region_code", &Campaign::region_code, fixed),
      field("region_name", &Campaign::region_name, read_model, "COALESCE(r.name, '')"),
      // A campaign's first day is its own; an edit may move only the last.
      field("starts_on", &Campaign::starts_on, fixed | date), field("ends_on", &Campaign::ends_on, date),
      coded<CommaList>("categories", &Campaign::categories), nested("rule_high", &Campaign::rule, &VisitRule::high),
      nested("rule_medium", &Campaign::rule, &VisitRule::medium), nested("rule_low", &Campaign::rule, &VisitRule::low),
      field("status", &Campaign::status), field("version", &Campaign::version),
      field("created_at", &Campaign::created_at, fixed | timestamp),
      field("updated_at", &Campaign::updated_at, timestamp), field("started_at", &Campaign::started_at, timestamp),
      field("ended_at", &Campaign::ended_at, timestamp), field("created_by", &Campaign::created_by, fixed),
      field("started_by", &Campaign::started_by), field("ended_by", &Campaign::ended_by),
      // Counted by the statements that join targets: an update never writes a stale count.
      field("targets", &Campaign::targets, fixed));
};

template <>
struct Record<VisitRecord> {
  static constexpr std::string_view table = "visits", alias = "v";
  static constexpr std::string_view from =
      "visits v LEFT JOIN users u ON u.id = v.worker_id LEFT JOIN regions r ON r.code = v.region_code "
      "LEFT JOIN households h ON v.kind = 'household' AND h.id = v.target_id "
      "LEFT JOIN persons p ON v.kind = 'person' AND p.id = v.target_id";
  static constexpr auto fields = std::make_tuple(
      field("id", &VisitRecord::id, key | uuid), field("campaign_id", &VisitRecord::campaign_id, fixed | uuid),
      field("target_id", &VisitRecord::target_id, fixed | uuid), field("kind", &VisitRecord::kind, fixed),
      field("region_code", &VisitRecord::region_code, fixed), field("worker_id", &VisitRecord::worker_id, fixed | uuid),
      nested("visited_at", &VisitRecord::content, &VisitContent::visited_at, timestamp),
      field("visited_on", &VisitRecord::visited_on, date), nested("mode", &VisitRecord::content, &VisitContent::mode),
      nested_coded<CommaList>("persons_seen", &VisitRecord::content, &VisitContent::persons_seen),
      nested_coded<CheckList>("checks", &VisitRecord::content, &VisitContent::checks),
      nested("notes", &VisitRecord::content, &VisitContent::notes),
      field("location_sealed", &VisitRecord::location_sealed), field("version", &VisitRecord::version),
      field("created_at", &VisitRecord::created_at, fixed | timestamp),
      field("updated_at", &VisitRecord::updated_at, timestamp),
      field("worker_name", &VisitRecord::worker_name, read_model, "COALESCE(u.display_name, '')"),
      field("region_name", &VisitRecord::region_name, read_model, "COALESCE(r.name, '')"),
      field("address", &VisitRecord::address, read_model, "COALESCE(h.address, p.current_address, '')"),
      field("updated_by", &VisitRecord::updated_by, read_model,
            "COALESCE((SELECT a.display_name FROM visit_versions vv JOIN users a ON a.id = vv.recorded_by "
            "WHERE vv.visit_id = v.id AND vv.version = v.version), '')"));
};

template <>
struct Record<NeedRecord> {
  static constexpr std::string_view table = "needs", alias = "n";
  static constexpr std::string_view from =
      "needs n LEFT JOIN regions r ON r.code = n.region_code "
      "LEFT JOIN households h ON h.id = n.target_id LEFT JOIN persons p ON p.id = n.target_id "
      "LEFT JOIN users u ON u.id = n.worker_id LEFT JOIN persons pp ON pp.id = n.person_id";
  static constexpr auto fields = std::make_tuple(
      field("id", &NeedRecord::id, key | uuid), field("visit_id", &NeedRecord::visit_id, fixed | uuid),
      field("campaign_id", &NeedRecord::campaign_id, fixed | uuid),
      field("target_id", &NeedRecord::target_id, fixed | uuid),
      field("person_id", &NeedRecord::person_id, fixed | uuid), field("region_code", &NeedRecord::region_code, fixed),
      field("worker_id", &NeedRecord::worker_id, fixed | uuid), field("category", &NeedRecord::category, fixed),
      field("urgency", &NeedRecord::urgency, fixed), field("description", &NeedRecord::description, fixed),
      field("due_on", &NeedRecord::due_on, fixed | date), field("state", &NeedRecord::state),
      field("value_fen", &NeedRecord::value_fen), field("raised_at", &NeedRecord::raised_at, fixed | timestamp),
      field("closed_at", &NeedRecord::closed_at, timestamp), field("version", &NeedRecord::version),
      field("updated_at", &NeedRecord::updated_at, timestamp),
      field("region_name", &NeedRecord::region_name, read_model, "COALESCE(r.name, '')"),
      field("address", &NeedRecord::address, read_model, "COALESCE(h.address, p.current_address, '')"),
      field("worker_name", &NeedRecord::worker_name, read_model, "COALESCE(u.display_name, '')"),
      field("person_name", &NeedRecord::person_name, read_model, "COALESCE(pp.name, '')"));
};

template <>
struct Record<NeedTransition> {
  static constexpr std::string_view table = "need_transitions", alias = "t";
  static constexpr std::string_view from = "need_transitions t LEFT JOIN users u ON u.id = t.by_user";
  static constexpr auto fields = std::make_tuple(
      field("id", &NeedTransition::id, key | uuid), field("need_id", &NeedTransition::need_id, fixed | uuid),
      field("from_state", &NeedTransition::from, fixed), field("to_state", &NeedTransition::to, fixed),
      field("reason", &NeedTransition::reason, fixed), field("at", &NeedTransition::at, fixed | timestamp),
      field("by_user", &NeedTransition::by, fixed | uuid),
      field("by_name", &NeedTransition::by_name, read_model, "COALESCE(u.display_name, '')"));
};

template <>
struct Record<NeedResource> {
  static constexpr std::string_view table = "need_resources", alias = "r";
  static constexpr std::string_view from = "need_resources r LEFT JOIN users u ON u.id = r.by_user";
  static constexpr auto fields = std::make_tuple(
      field("id", &NeedResource::id, key | uuid), field("need_id", &NeedResource::need_id, fixed | uuid),
      field("kind", &NeedResource::kind, fixed), field("provider", &NeedResource::provider, fixed),
      field("description", &NeedResource::description, fixed), field("value_fen", &NeedResource::value_fen, fixed),
      field("at", &NeedResource::at, fixed | timestamp), field("by_user", &NeedResource::by, fixed | uuid),
      field("by_name", &NeedResource::by_name, read_model, "COALESCE(u.display_name, '')"));
};

template <>
struct Record<CampaignTarget> {
  static constexpr std::string_view table = "campaign_targets", alias = "t";
  static constexpr std::string_view from =
      "campaign_targets t JOIN campaigns c ON c.id = t.campaign_id "
      "LEFT JOIN households h ON t.kind = 'household' AND h.id = t.target_id "
      "LEFT JOIN persons p ON t.kind = 'person' AND p.id = t.target_id "
      "LEFT JOIN regions r ON r.code = t.region_code LEFT JOIN grids g ON g.id = t.grid_id "
      "LEFT JOIN users u ON u.id = t.worker_id";
  static constexpr auto fields = std::make_tuple(
      field("campaign_id", &CampaignTarget::campaign_id, key | uuid),
      field("target_id", &CampaignTarget::target_id, key | uuid), field("kind", &CampaignTarget::kind, fixed),
      field("region_code", &CampaignTarget::region_code, fixed), field("grid_id", &CampaignTarget::grid_id, uuid),
      field("risk_level", &CampaignTarget::risk_level), field("worker_id", &CampaignTarget::worker_id, uuid),
      field("joined_at", &CampaignTarget::joined_at, fixed | timestamp), field("visits", &CampaignTarget::visits),
      field("first_visit_at", &CampaignTarget::first_visit_at, timestamp),
      field("last_visit_at", &CampaignTarget::last_visit_at, timestamp),
      field("last_visit_on", &CampaignTarget::last_visit_on, date),
      field("next_due_on", &CampaignTarget::next_due_on, date),
      field("address", &CampaignTarget::address, read_model, "COALESCE(h.address, p.current_address, '')"),
      field("region_name", &CampaignTarget::region_name, read_model, "COALESCE(r.name, '')"),
      field("grid_name", &CampaignTarget::grid_name, read_model, "COALESCE(g.name, '')"),
      field("worker_name", &CampaignTarget::worker_name, read_model, "COALESCE(u.display_name, '')"),
      field("campaign_name", &CampaignTarget::campaign_name, read_model, "c.name"),
      field("open_needs", &CampaignTarget::open_needs, read_model,
            "(SELECT COUNT(*) FROM needs n WHERE n.target_id = t.target_id AND n.campaign_id = t.campaign_id "
            "AND n.state IN ('raised', 'linked', 'in_progress'))"));
};

} // namespace shegong::records
