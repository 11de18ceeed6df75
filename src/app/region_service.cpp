#include "shegong/app/region_service.hpp"

#include "shegong/domain/text.hpp"

namespace shegong {

Result<RegionDetail> RegionService::get(const Actor&, const RegionCode& code) {
  if (cache_ms_ <= 0) return load(code);
  const TimestampMs now = clock_.now_ms();
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(code.str()); it != cache_.end() && now - it->second.loaded_at < cache_ms_)
      return it->second.detail;
  }
  SHEGONG_ASSIGN(auto detail, load(code));
  std::lock_guard lock(mu_);
  if (cache_.size() >= 200'000) cache_.clear(); // bounded; a full tree is ~665,000 regions
  cache_[code.str()] = Cached{detail, now};
  return detail;
}

Result<RegionDetail> RegionService::load(const RegionCode& code) {
  RegionDetail out{Region{code, {}, false}, {}};
  bool found = false;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    std::vector<RegionCode> codes = code.ancestors();
    codes.push_back(code);
    SHEGONG_ASSIGN(auto regions, r.regions().find_many(codes));
    for (auto& reg : regions) {
      if (reg.code == code) {
        out.region = std::move(reg);
        found = true;
      } else {
        out.ancestors.push_back(std::move(reg));
      }
    }
    if (found && code.level() != RegionLevel::village) {
      SHEGONG_ASSIGN(auto kids, r.regions().children(code));
      out.region.has_children = !kids.empty();
    }
    return ok();
  }));
  if (!found) return Error::make(ErrorCode::not_found, "no region has code " + code.str(), "code");
  return out;
}

Result<std::vector<Region>> RegionService::children(const Actor&, const RegionCode& code) {
  std::vector<Region> out;
  bool exists = false;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto self, r.regions().find(code));
    exists = self.has_value();
    if (!exists) return ok();
    SHEGONG_ASSIGN(out, r.regions().children(code));
    return ok();
  }));
  if (!exists) return Error::make(ErrorCode::not_found, "no region has code " + code.str(), "code");
  return out;
}

Result<std::vector<Region>> RegionService::provinces(const Actor&) {
  std::vector<Region> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.regions().children(std::nullopt));
    return ok();
  }));
  return out;
}

Result<Page<RegionSearchHit>> RegionService::search(const Actor&, std::string_view q_raw,
                                                    const std::optional<RegionCode>& under, const PageRequest& page) {
  const std::string q = trim_text(q_raw);
  SHEGONG_TRY(check_text(q, "q", 50, true));
  const Scope scope = under ? Scope::under(*under) : Scope::national();
  Page<RegionSearchHit> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.regions().search(q, scope, page));
    out.total = found.total;
    out.total_exact = found.total_exact;
    out.page = found.page;
    out.page_size = found.page_size;
    for (auto& reg : found.items) {
      SHEGONG_ASSIGN(auto anc, r.regions().find_many(reg.code.ancestors()));
      std::string path;
      for (const auto& a : anc) path += a.name + "/";
      path += reg.name;
      out.items.push_back(RegionSearchHit{std::move(reg), std::move(path)});
    }
    return ok();
  }));
  return out;
}

} // namespace shegong
