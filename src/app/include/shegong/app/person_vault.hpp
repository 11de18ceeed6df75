// Turns what people enter about a person into the stored record and back: seals the
// ID number, phone, health notes and contacts, keeps their masked forms for lists,
// indexes the ID number for exact search and the name for pinyin search.
#pragma once

#include "shegong/app/ports.hpp"

namespace shegong {

inline constexpr std::string_view kIdNumberPurpose = "person.id_number";

class PersonVault {
 public:
  PersonVault(SecretBox& box, BlindIndex& index, NameIndexer& names) : box_(box), index_(index), names_(names) {}

  // Fills every stored field of `r` from `d` (already normalised); identity and
  // bookkeeping fields of `r` are left as they are.
  // `id_index`, when given, is the ID number's index under the current key (already computed).
  Result<void> seal(const PersonDetails& d, PersonRecord& r, const std::string* id_index = nullptr);
  // The plain details of a stored person (for edits and reveals; never for lists).
  Result<PersonDetails> open(const PersonRecord& r);

  // The ID number's index under every key (lookups), and under the current key (stores).
  Result<std::vector<std::string>> id_lookup(std::string_view normalised_id);
  Result<std::string> id_index(std::string_view normalised_id);

  Result<std::string> seal_contacts(const std::vector<Contact>& contacts, std::string_view context);
  Result<std::vector<Contact>> open_contacts(std::string_view sealed, std::string_view context);
  // Contacts with their phones masked, for display.
  static std::vector<Contact> masked(std::vector<Contact> contacts);

  NameKeys name_keys(std::string_view name) { return names_.keys(name); }
  SecretBox& box() { return box_; }

 private:
  SecretBox& box_;
  BlindIndex& index_;
  NameIndexer& names_;
};

} // namespace shegong
