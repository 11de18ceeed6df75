#include "shegong/text/pinyin.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace shegong {

struct IcuNameIndexer::Impl {
  std::mutex mu;
  std::vector<std::unique_ptr<icu::Transliterator>> idle;
  // Names repeat (a county has many 王秀英): transliterating is the costly part of an
  // import, so the keys of recent names are kept. Bounded; cleared whole when full.
  std::unordered_map<std::string, NameKeys> memo;
  static constexpr std::size_t kMemoLimit = 200'000;

  std::unique_ptr<icu::Transliterator> borrow() {
    {
      std::lock_guard lock(mu);
      if (!idle.empty()) {
        auto t = std::move(idle.back());
        idle.pop_back();
        return t;
      }
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Han-Latin/Names; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) return nullptr;
    return t;
  }
  void give_back(std::unique_ptr<icu::Transliterator> t) {
    std::lock_guard lock(mu);
    idle.push_back(std::move(t));
  }
};

Result<std::unique_ptr<IcuNameIndexer>> IcuNameIndexer::create() {
  std::unique_ptr<IcuNameIndexer> out(new IcuNameIndexer());
  out->impl_ = std::make_unique<Impl>();
  auto t = out->impl_->borrow();
  if (!t) return Error::make(ErrorCode::internal, "ICU has no Han-Latin/Names transliterator");
  out->impl_->give_back(std::move(t));
  return out;
}

IcuNameIndexer::~IcuNameIndexer() = default;

NameKeys IcuNameIndexer::keys(std::string_view name) {
  {
    std::lock_guard lock(impl_->mu);
    if (auto it = impl_->memo.find(std::string(name)); it != impl_->memo.end()) return it->second;
  }
  NameKeys out;
  auto t = impl_->borrow();
  if (!t) return out;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  t->transliterate(u);
  std::string latin;
  u.toUTF8String(latin);
  impl_->give_back(std::move(t));
  // Syllables come separated by spaces: "zhang li li". Keep letters only; the first
  // letter of each syllable makes the initials.
  bool start = true;
  for (char c : latin) {
    if (c >= 'a' && c <= 'z') {
      out.pinyin.push_back(c);
      if (start) out.initials.push_back(c);
      start = false;
    } else {
      start = true;
    }
  }
  std::lock_guard lock(impl_->mu);
  if (impl_->memo.size() >= Impl::kMemoLimit) impl_->memo.clear();
  impl_->memo.emplace(std::string(name), out);
  return out;
}

} // namespace shegong
