#include "shegong/app/person_vault.hpp"

#include "shegong/domain/masking.hpp"

namespace shegong {
namespace {

constexpr std::string_view kPhone = "person.phone";
constexpr std::string_view kHealth = "person.health_notes";
constexpr std::string_view kGuardians = "person.guardians";

// Contacts as one text: the separators are control characters, which no checked text holds.
std::string encode(const std::vector<Contact>& contacts) {
  std::string out;
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    if (i) out.push_back('\x1e');
    out += contacts[i].name + '\x1f' + contacts[i].relation + '\x1f' + contacts[i].phone;
  }
  return out;
}

std::vector<Contact> decode(std::string_view s) {
  std::vector<Contact> out;
  while (!s.empty()) {
    const auto end = s.find('\x1e');
    std::string_view one = s.substr(0, end);
    Contact c;
    const auto a = one.find('\x1f');
    const auto b = a == std::string_view::npos ? a : one.find('\x1f', a + 1);
    c.name = std::string(one.substr(0, a));
    if (a != std::string_view::npos)
      c.relation = std::string(one.substr(a + 1, b == std::string_view::npos ? b : b - a - 1));
    if (b != std::string_view::npos) c.phone = std::string(one.substr(b + 1));
    out.push_back(std::move(c));
    if (end == std::string_view::npos) break;
    s.remove_prefix(end + 1);
  }
  return out;
}

Result<std::string> seal_or_empty(SecretBox& box, std::string_view value, std::string_view context) {
  if (value.empty()) return std::string();
  return box.seal(value, context);
}

Result<std::string> open_or_empty(SecretBox& box, std::string_view sealed, std::string_view context) {
  if (sealed.empty()) return std::string();
  return box.open(sealed, context);
}

} // namespace

Result<void> PersonVault::seal(const PersonDetails& d, PersonRecord& r, const std::string* id_index) {
  r.name = d.name;
  const NameKeys keys = names_.keys(d.name);
  r.name_pinyin = keys.pinyin;
  r.name_initials = keys.initials;
  SHEGONG_ASSIGN(r.id_sealed, seal_or_empty(box_, d.id_number, kIdNumberPurpose));
  r.id_masked = mask_id_number(d.id_number);
  if (d.id_number.empty()) {
    r.id_index.reset();
  } else if (id_index) {
    r.id_index = *id_index;
  } else {
    SHEGONG_ASSIGN(auto idx, index_.index(d.id_number, kIdNumberPurpose));
    r.id_index = std::move(idx);
  }
  r.sex = d.sex;
  r.birth_date = d.birth_date;
  SHEGONG_ASSIGN(r.phone_sealed, seal_or_empty(box_, d.phone, kPhone));
  r.phone_masked = mask_phone(d.phone);
  SHEGONG_ASSIGN(r.health_sealed, seal_or_empty(box_, d.health_notes, kHealth));
  SHEGONG_ASSIGN(r.guardians_sealed, seal_contacts(d.guardians, kGuardians));
  r.registered_address = d.registered_address;
  r.current_address = d.current_address;
  r.living_situation = d.living_situation;
  r.risk_level = d.risk_level;
  r.cadre_contact = d.cadre_contact;
  r.notes = d.notes;
  r.grid_id = d.grid_id;
  r.worker_id = d.worker_id;
  r.household_id = d.household_id;
  r.relation = d.relation;
  return ok();
}

Result<PersonDetails> PersonVault::open(const PersonRecord& r) {
  PersonDetails d;
  d.name = r.name;
  SHEGONG_ASSIGN(d.id_number, open_or_empty(box_, r.id_sealed, kIdNumberPurpose));
  d.sex = r.sex;
  d.birth_date = r.birth_date;
  SHEGONG_ASSIGN(d.phone, open_or_empty(box_, r.phone_sealed, kPhone));
  SHEGONG_ASSIGN(d.health_notes, open_or_empty(box_, r.health_sealed, kHealth));
  SHEGONG_ASSIGN(d.guardians, open_contacts(r.guardians_sealed, kGuardians));
  d.registered_address = r.registered_address;
  d.current_address = r.current_address;
  d.living_situation = r.living_situation;
  d.risk_level = r.risk_level;
  d.cadre_contact = r.cadre_contact;
  d.notes = r.notes;
  d.grid_id = r.grid_id;
  d.worker_id = r.worker_id;
  d.household_id = r.household_id;
  d.relation = r.relation;
  return d;
}

Result<std::vector<std::string>> PersonVault::id_lookup(std::string_view id) {
  return index_.all_indexes(id, kIdNumberPurpose);
}

Result<std::string> PersonVault::id_index(std::string_view id) { return index_.index(id, kIdNumberPurpose); }

Result<std::string> PersonVault::seal_contacts(const std::vector<Contact>& contacts, std::string_view context) {
  if (contacts.empty()) return std::string();
  return box_.seal(encode(contacts), context);
}

Result<std::vector<Contact>> PersonVault::open_contacts(std::string_view sealed, std::string_view context) {
  if (sealed.empty()) return std::vector<Contact>{};
  SHEGONG_ASSIGN(auto text, box_.open(sealed, context));
  return decode(text);
}

std::vector<Contact> PersonVault::masked(std::vector<Contact> contacts) {
  for (auto& c : contacts) c.phone = mask_phone(c.phone);
  return contacts;
}

} // namespace shegong
