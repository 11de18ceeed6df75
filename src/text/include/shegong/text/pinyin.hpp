// Names as pinyin letters for search (张丽丽 → zhanglili, zll), by ICU's transliterator
// for personal names, which reads surnames as surnames (单 shan, 曾 zeng, 尉迟 yuchi).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "shegong/app/person_ports.hpp"

namespace shegong {

class IcuNameIndexer final : public NameIndexer {
 public:
  static Result<std::unique_ptr<IcuNameIndexer>> create();
  ~IcuNameIndexer() override;
  // Thread-safe: a transliterator is not, so each call borrows one from a small pool.
  NameKeys keys(std::string_view name) override;

 private:
  IcuNameIndexer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace shegong
