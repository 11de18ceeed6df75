// Outreach's read models, described once. A target is written by the campaign's own
// statements (joining, assigning, counting visits in bulk); the description gives its
// select list and reads its rows by column name.
#pragma once

#include "shegong/app/outreach_ports.hpp"
#include "shegong/records/record.hpp"

namespace shegong::records {

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
      field("target_id", &CampaignTarget::target_id, key | uuid),
      field("kind", &CampaignTarget::kind, fixed),
      field("region_code", &CampaignTarget::region_code, fixed),
      field("grid_id", &CampaignTarget::grid_id, uuid),
      field("risk_level", &CampaignTarget::risk_level),
      field("worker_id", &CampaignTarget::worker_id, uuid),
      field("joined_at", &CampaignTarget::joined_at, fixed | timestamp),
      field("visits", &CampaignTarget::visits),
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
