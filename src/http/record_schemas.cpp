#include "record_json.hpp"
#include "shegong/http/api.hpp"
#include "shegong/records/places.hpp"

namespace shegong::http {

boost::json::object described_schemas() {
  boost::json::object schemas;
  add_schemas<Station>(schemas);
  add_schemas<Grid>(schemas);
  return schemas;
}

std::string described_schemas_json() { return boost::json::serialize(described_schemas()); }

} // namespace shegong::http
