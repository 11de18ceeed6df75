#include "shegong/crypto/keyring.hpp"

#include <openssl/crypto.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "openssl_util.hpp"

namespace shegong {

namespace cd = crypto_detail;

// ---- SecretBytes ----

SecretBytes::SecretBytes(std::size_t size) : data_(size ? new std::uint8_t[size]() : nullptr), size_(size) {}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    release();
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

SecretBytes::~SecretBytes() { release(); }

void SecretBytes::release() noexcept {
  if (data_ != nullptr) {
    OPENSSL_cleanse(data_, size_);
    delete[] data_;
  }
  data_ = nullptr;
  size_ = 0;
}

// ---- KeyRing ----

namespace {

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

Error key_error(std::string_view source, std::size_t line, std::string_view what) {
  std::string msg(source);
  msg += " line ";
  msg += std::to_string(line);
  msg += ": ";
  msg += what;
  return Error::make(ErrorCode::invalid_field, std::move(msg), "keys");
}

const char* digest_name(KdfDigest d) { return d == KdfDigest::sm3 ? "SM3" : "SHA256"; }

} // namespace

Result<KeyRing> KeyRing::parse(std::string_view text, std::string_view source) {
  std::vector<Entry> entries;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = text.find_first_of(";\n", pos);
    const std::size_t stop = end == std::string_view::npos ? text.size() : end;
    const std::string_view line = trim(text.substr(pos, stop - pos));
    ++line_no;
    pos = stop + 1;
    if (line.empty() || line.front() == '#') continue;

    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return key_error(source, line_no, "expected <key_id>:<base64 key>");
    const std::string_view id = trim(line.substr(0, colon));
    const std::string_view b64 = trim(line.substr(colon + 1));
    if (!cd::valid_key_id(id)) return key_error(source, line_no, "key id must be 1-16 characters of a-z, 0-9 and -");
    for (const Entry& e : entries)
      if (e.id == id) return key_error(source, line_no, "duplicate key id " + std::string(id));

    auto decoded = cd::decode_base64(b64);
    if (!decoded || decoded->size() != key_size) {
      if (decoded) cd::wipe(*decoded);
      return key_error(source, line_no, "key must be base64 of 32 bytes");
    }
    SecretBytes key(key_size);
    std::memcpy(key.span().data(), decoded->data(), key_size);
    cd::wipe(*decoded);
    entries.push_back(Entry{std::string(id), std::move(key)});
  }
  if (entries.empty()) return Error::make(ErrorCode::invalid_field, std::string(source) + ": no keys", "keys");
  return KeyRing(std::move(entries));
}

Result<KeyRing> KeyRing::load_file(const std::filesystem::path& path) {
  // POSIX I/O straight into one buffer that is wiped afterwards (an ifstream keeps its own
  // buffer of the file, which nobody would wipe); fstat on the open descriptor, not the name.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Error::make(ErrorCode::unavailable, "cannot read keys file " + path.string() + ": " + std::strerror(errno),
                       "keys");
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return Error::make(ErrorCode::unavailable, "cannot read keys file " + path.string() + ": " + std::strerror(errno),
                       "keys");
  if ((st.st_mode & S_IRWXO) != 0) {
    std::array<char, 8> mode{};
    std::snprintf(mode.data(), mode.size(), "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Error::make(
        ErrorCode::invalid_field,
        "keys file " + path.string() + " is accessible to other users (mode " + mode.data() + "); chmod 600 it",
        "keys");
  }
  constexpr std::size_t max_size = std::size_t{1} << 20;
  const Error too_large =
      Error::make(ErrorCode::invalid_field, "keys file " + path.string() + " is larger than 1 MiB", "keys");
  if (st.st_size < 0 || static_cast<std::uintmax_t>(st.st_size) > max_size) return too_large;

  std::string text(max_size + 1, '\0'); // allocated once, never reallocated
  std::size_t used = 0;
  for (;;) {
    const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      cd::wipe(text);
      return Error::make(ErrorCode::unavailable, "cannot read keys file " + path.string() + ": " + std::strerror(errno),
                         "keys");
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
    if (used > max_size) {
      cd::wipe(text);
      return too_large;
    }
  }
  auto ring = parse(std::string_view(text.data(), used), path.string());
  cd::wipe(text);
  return ring;
}

Result<KeyRing> KeyRing::from_env(const char* variable) {
  const char* value = std::getenv(variable);
  if (value == nullptr || *value == '\0')
    return Error::make(ErrorCode::invalid_field, std::string(variable) + " is not set", "keys");
  return parse(value, variable);
}

Result<std::string> KeyRing::generate(std::string_view key_id) {
  if (!cd::valid_key_id(key_id))
    return Error::make(ErrorCode::invalid_field, "key id must be 1-16 characters of a-z, 0-9 and -", "key_id");
  SecretBytes key(key_size);
  SHEGONG_TRY(cd::random_bytes(key.span()));
  std::string b64 = cd::encode_base64(key.span());
  std::string line;
  line.reserve(key_id.size() + 1 + b64.size());
  line += key_id;
  line += ':';
  line += b64;
  cd::wipe(b64);
  return line;
}

bool KeyRing::contains(std::string_view key_id) const noexcept {
  for (const Entry& e : entries_)
    if (e.id == key_id) return true;
  return false;
}

std::vector<std::string> KeyRing::key_ids() const {
  std::vector<std::string> ids;
  ids.reserve(entries_.size());
  for (const Entry& e : entries_) ids.push_back(e.id);
  return ids;
}

Result<SecretBytes> KeyRing::derive(std::string_view key_id, std::string_view info, KdfDigest digest,
                                    std::size_t length) const {
  for (const Entry& e : entries_) {
    if (e.id != key_id) continue;
    SecretBytes out(length);
    SHEGONG_TRY(cd::hkdf(digest_name(digest), e.key.span(), info, out.span()));
    return out;
  }
  return Error::make(ErrorCode::internal, "unknown key id " + std::string(key_id));
}

} // namespace shegong
