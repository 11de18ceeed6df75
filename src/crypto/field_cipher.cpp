#include "shegong/crypto/field_cipher.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <vector>

#include "openssl_util.hpp"

namespace shegong {

namespace cd = crypto_detail;

namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::string_view kAlgSm4 = "sm4ctr-hmacsm3";
constexpr std::string_view kAlgGcm = "aes256gcm";
constexpr std::size_t kSm4KeyLen = 16, kSm4IvLen = 16, kSm3TagLen = 32, kMacKeyLen = 32;
constexpr std::size_t kGcmKeyLen = 32, kGcmIvLen = 12, kGcmTagLen = 16;
constexpr std::size_t kMaxContext = 4096;

struct KeySet {
  std::string id;
  SecretBytes sm4_key;
  SecretBytes mac_key;
  SecretBytes aes_key;
};

// 8-byte big-endian length.
std::array<std::uint8_t, 8> be64(std::size_t n) {
  std::array<std::uint8_t, 8> out{};
  auto v = static_cast<std::uint64_t>(n);
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v & 0xff);
    v >>= 8;
  }
  return out;
}

// Short lowercase tokens are echoed in errors; anything else is just "malformed".
bool is_token(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

Error decrypt_error(std::string_view what) {
  return Error::make(ErrorCode::internal, "cannot decrypt: " + std::string(what));
}

struct Parsed {
  std::string_view header; // "v1.<id>.<alg>"
  std::string_view version, key_id, alg, payload;
};

// Splits "v1.<id>.<alg>.<payload>" without judging the parts' content.
std::optional<Parsed> split(std::string_view text) {
  Parsed p;
  std::array<std::string_view*, 3> heads{&p.version, &p.key_id, &p.alg};
  std::size_t pos = 0;
  for (std::string_view* part : heads) {
    const std::size_t dot = text.find('.', pos);
    if (dot == std::string_view::npos) return std::nullopt;
    *part = text.substr(pos, dot - pos);
    pos = dot + 1;
  }
  p.header = text.substr(0, pos - 1);
  p.payload = text.substr(pos);
  if (p.payload.find('.') != std::string_view::npos) return std::nullopt;
  return p;
}

} // namespace

std::string_view to_string(FieldAlgorithm alg) noexcept {
  return alg == FieldAlgorithm::aes_256_gcm ? kAlgGcm : kAlgSm4;
}

struct FieldCipher::Impl {
  FieldAlgorithm algorithm = FieldAlgorithm::sm4_ctr_hmac_sm3;
  std::vector<KeySet> keys; // ring order; the current key last
  cd::CipherPtr sm4_ctr;
  cd::CipherPtr aes_gcm;
  cd::MacPtr hmac;

  const KeySet* find(std::string_view id) const {
    for (const KeySet& k : keys)
      if (k.id == id) return &k;
    return nullptr;
  }

  Result<std::size_t> sm4_tag(const KeySet& k, std::string_view header, std::string_view context, cd::Bytes iv,
                              cd::Bytes ct, std::span<std::uint8_t> out) const {
    const auto lh = be64(header.size()), lc = be64(context.size()), li = be64(iv.size()), lt = be64(ct.size());
    return cd::hmac(hmac.get(), "SM3", k.mac_key.span(),
                    {lh, cd::as_bytes(header), lc, cd::as_bytes(context), li, iv, lt, ct}, out);
  }

  static std::vector<std::uint8_t> gcm_aad(std::string_view header, std::string_view context) {
    std::vector<std::uint8_t> aad;
    aad.reserve(16 + header.size() + context.size());
    const auto lh = be64(header.size()), lc = be64(context.size());
    aad.insert(aad.end(), lh.begin(), lh.end());
    aad.insert(aad.end(), header.begin(), header.end());
    aad.insert(aad.end(), lc.begin(), lc.end());
    aad.insert(aad.end(), context.begin(), context.end());
    return aad;
  }

  Result<std::string> encrypt_sm4(const KeySet& k, std::string_view header, std::string_view plaintext,
                                  std::string_view context) const {
    std::vector<std::uint8_t> payload(kSm4IvLen + plaintext.size() + kSm3TagLen);
    const std::span<std::uint8_t> iv(payload.data(), kSm4IvLen);
    const std::span<std::uint8_t> ct(payload.data() + kSm4IvLen, plaintext.size());
    SHEGONG_TRY(cd::random_bytes(iv));
    cd::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return cd::openssl_error("EVP_CIPHER_CTX_new failed");
    if (EVP_EncryptInit_ex2(ctx.get(), sm4_ctr.get(), k.sm4_key.span().data(), iv.data(), nullptr) != 1)
      return cd::openssl_error("SM4-CTR init failed");
    int len = 0;
    if (!plaintext.empty() && (EVP_EncryptUpdate(ctx.get(), ct.data(), &len, cd::as_bytes(plaintext).data(),
                                                 static_cast<int>(plaintext.size())) != 1 ||
                               static_cast<std::size_t>(len) != plaintext.size()))
      return cd::openssl_error("SM4-CTR encrypt failed");
    int fin = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), ct.data() + plaintext.size(), &fin) != 1 || fin != 0)
      return cd::openssl_error("SM4-CTR final failed");
    SHEGONG_TRY(sm4_tag(k, header, context, iv, ct, std::span(payload).last(kSm3TagLen)));
    return std::string(header) + "." + cd::encode_base64url(payload);
  }

  Result<std::string> encrypt_gcm(const KeySet& k, std::string_view header, std::string_view plaintext,
                                  std::string_view context) const {
    std::vector<std::uint8_t> payload(kGcmIvLen + plaintext.size() + kGcmTagLen);
    const std::span<std::uint8_t> iv(payload.data(), kGcmIvLen);
    const std::span<std::uint8_t> ct(payload.data() + kGcmIvLen, plaintext.size());
    SHEGONG_TRY(cd::random_bytes(iv));
    cd::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return cd::openssl_error("EVP_CIPHER_CTX_new failed");
    // The default GCM IV length is 12 bytes.
    if (EVP_EncryptInit_ex2(ctx.get(), aes_gcm.get(), k.aes_key.span().data(), iv.data(), nullptr) != 1)
      return cd::openssl_error("AES-256-GCM init failed");
    const std::vector<std::uint8_t> aad = gcm_aad(header, context);
    int len = 0;
    if (EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
      return cd::openssl_error("AES-256-GCM AAD failed");
    if (!plaintext.empty() && (EVP_EncryptUpdate(ctx.get(), ct.data(), &len, cd::as_bytes(plaintext).data(),
                                                 static_cast<int>(plaintext.size())) != 1 ||
                               static_cast<std::size_t>(len) != plaintext.size()))
      return cd::openssl_error("AES-256-GCM encrypt failed");
    int fin = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), ct.data() + plaintext.size(), &fin) != 1 || fin != 0)
      return cd::openssl_error("AES-256-GCM final failed");
    std::span<std::uint8_t> tag = std::span(payload).last(kGcmTagLen);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kGcmTagLen), tag.data()) != 1)
      return cd::openssl_error("AES-256-GCM tag failed");
    return std::string(header) + "." + cd::encode_base64url(payload);
  }

  Result<std::string> decrypt_sm4(const KeySet& k, std::string_view header, const std::vector<std::uint8_t>& payload,
                                  std::string_view context) const {
    if (payload.size() < kSm4IvLen + kSm3TagLen) return decrypt_error("malformed value");
    const cd::Bytes all(payload);
    const cd::Bytes iv = all.first(kSm4IvLen);
    const cd::Bytes ct = all.subspan(kSm4IvLen, payload.size() - kSm4IvLen - kSm3TagLen);
    const cd::Bytes tag = all.last(kSm3TagLen);
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> expected{};
    SHEGONG_ASSIGN(const std::size_t n, sm4_tag(k, header, context, iv, ct, expected));
    if (n != kSm3TagLen || CRYPTO_memcmp(expected.data(), tag.data(), kSm3TagLen) != 0)
      return decrypt_error("authentication failed");

    std::string out(ct.size(), '\0');
    cd::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return cd::openssl_error("EVP_CIPHER_CTX_new failed");
    if (EVP_DecryptInit_ex2(ctx.get(), sm4_ctr.get(), k.sm4_key.span().data(), iv.data(), nullptr) != 1)
      return cd::openssl_error("SM4-CTR init failed");
    int len = 0;
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    if (!ct.empty() && (EVP_DecryptUpdate(ctx.get(), dst, &len, ct.data(), static_cast<int>(ct.size())) != 1 ||
                        static_cast<std::size_t>(len) != ct.size())) {
      cd::wipe(out);
      return cd::openssl_error("SM4-CTR decrypt failed");
    }
    int fin = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), dst + ct.size(), &fin) != 1 || fin != 0) {
      cd::wipe(out);
      return cd::openssl_error("SM4-CTR final failed");
    }
    return out;
  }

  Result<std::string> decrypt_gcm(const KeySet& k, std::string_view header, const std::vector<std::uint8_t>& payload,
                                  std::string_view context) const {
    if (payload.size() < kGcmIvLen + kGcmTagLen) return decrypt_error("malformed value");
    const cd::Bytes all(payload);
    const cd::Bytes iv = all.first(kGcmIvLen);
    const cd::Bytes ct = all.subspan(kGcmIvLen, payload.size() - kGcmIvLen - kGcmTagLen);
    std::array<std::uint8_t, kGcmTagLen> tag{};
    std::memcpy(tag.data(), all.last(kGcmTagLen).data(), kGcmTagLen);

    cd::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return cd::openssl_error("EVP_CIPHER_CTX_new failed");
    if (EVP_DecryptInit_ex2(ctx.get(), aes_gcm.get(), k.aes_key.span().data(), iv.data(), nullptr) != 1)
      return cd::openssl_error("AES-256-GCM init failed");
    const std::vector<std::uint8_t> aad = gcm_aad(header, context);
    int len = 0;
    if (EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
      return cd::openssl_error("AES-256-GCM AAD failed");
    std::string out(ct.size(), '\0');
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    if (!ct.empty() && (EVP_DecryptUpdate(ctx.get(), dst, &len, ct.data(), static_cast<int>(ct.size())) != 1 ||
                        static_cast<std::size_t>(len) != ct.size())) {
      cd::wipe(out);
      return cd::openssl_error("AES-256-GCM decrypt failed");
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kGcmTagLen), tag.data()) != 1) {
      cd::wipe(out);
      return cd::openssl_error("AES-256-GCM set tag failed");
    }
    int fin = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), dst + ct.size(), &fin) != 1) {
      cd::wipe(out);
      ERR_clear_error(); // the failed tag check leaves an entry in this thread's error queue
      return decrypt_error("authentication failed");
    }
    return out;
  }
};

FieldCipher::FieldCipher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FieldCipher::FieldCipher(FieldCipher&&) noexcept = default;
FieldCipher& FieldCipher::operator=(FieldCipher&&) noexcept = default;
FieldCipher::~FieldCipher() = default;

Result<FieldCipher> FieldCipher::create(const KeyRing& ring, FieldAlgorithm algorithm) {
  auto impl = std::make_unique<Impl>();
  impl->algorithm = algorithm;
  SHEGONG_ASSIGN(impl->sm4_ctr, cd::fetch_cipher("SM4-CTR"));
  SHEGONG_ASSIGN(impl->aes_gcm, cd::fetch_cipher("AES-256-GCM"));
  SHEGONG_ASSIGN(impl->hmac, cd::fetch_mac("HMAC"));
  for (const std::string& id : ring.key_ids()) {
    KeySet k;
    k.id = id;
    SHEGONG_ASSIGN(k.sm4_key, ring.derive(id, kInfoFieldEnc, KdfDigest::sm3, kSm4KeyLen));
    SHEGONG_ASSIGN(k.mac_key, ring.derive(id, kInfoFieldMac, KdfDigest::sm3, kMacKeyLen));
    SHEGONG_ASSIGN(k.aes_key, ring.derive(id, kInfoFieldEnc, KdfDigest::sha256, kGcmKeyLen));
    impl->keys.push_back(std::move(k));
  }
  return FieldCipher(std::move(impl));
}

Result<std::string> FieldCipher::encrypt(std::string_view plaintext, std::string_view context) const {
  if (plaintext.size() > max_plaintext)
    return Error::make(ErrorCode::payload_too_large, "value too large to encrypt (more than 16 MiB)");
  if (context.size() > kMaxContext) return Error::make(ErrorCode::internal, "encryption context too long");
  const KeySet& k = impl_->keys.back();
  std::string header(kVersion);
  header += '.';
  header += k.id;
  header += '.';
  header += to_string(impl_->algorithm);
  if (impl_->algorithm == FieldAlgorithm::aes_256_gcm) return impl_->encrypt_gcm(k, header, plaintext, context);
  return impl_->encrypt_sm4(k, header, plaintext, context);
}

Result<std::string> FieldCipher::decrypt(std::string_view text, std::string_view context) const {
  // base64url of the largest payload, plus a generous header.
  constexpr std::size_t max_text = (max_plaintext + 64) / 3 * 4 + 64;
  if (text.size() > max_text || context.size() > kMaxContext) return decrypt_error("malformed value");
  const auto parts = split(text);
  if (!parts) return decrypt_error("malformed value");
  if (parts->version != kVersion) {
    if (is_token(parts->version, 8)) return decrypt_error("unsupported version " + std::string(parts->version));
    return decrypt_error("malformed value");
  }
  if (!cd::valid_key_id(parts->key_id)) return decrypt_error("malformed value");
  if (parts->alg != kAlgSm4 && parts->alg != kAlgGcm) {
    if (is_token(parts->alg, 32)) return decrypt_error("unknown algorithm " + std::string(parts->alg));
    return decrypt_error("malformed value");
  }
  const KeySet* k = impl_->find(parts->key_id);
  if (k == nullptr) return decrypt_error("unknown key id " + std::string(parts->key_id));
  const auto payload = cd::decode_base64url(parts->payload);
  if (!payload) return decrypt_error("malformed value");
  if (parts->alg == kAlgGcm) return impl_->decrypt_gcm(*k, parts->header, *payload, context);
  return impl_->decrypt_sm4(*k, parts->header, *payload, context);
}

bool FieldCipher::needs_rotation(std::string_view text) const {
  const auto parts = split(text);
  if (!parts || parts->version != kVersion) return true;
  return parts->key_id != impl_->keys.back().id || parts->alg != to_string(impl_->algorithm);
}

bool FieldCipher::looks_encrypted(std::string_view text) noexcept { return text.starts_with("v1."); }

FieldAlgorithm FieldCipher::algorithm() const noexcept { return impl_->algorithm; }

const std::string& FieldCipher::current_key_id() const noexcept { return impl_->keys.back().id; }

} // namespace shegong
