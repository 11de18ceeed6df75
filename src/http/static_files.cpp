#include "shegong/http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace shegong::http {
namespace {

std::string mime_type(const std::string& ext) {
  static const std::unordered_map<std::string, std::string> types = {{".html", "text/html; charset=utf-8"},
                                                                     {".js", "text/javascript; charset=utf-8"},
                                                                     {".mjs", "text/javascript; charset=utf-8"},
                                                                     {".css", "text/css; charset=utf-8"},
                                                                     {".json", "application/json; charset=utf-8"},
                                                                     {".svg", "image/svg+xml"},
                                                                     {".png", "image/png"},
                                                                     {".jpg", "image/jpeg"},
                                                                     {".ico", "image/x-icon"},
                                                                     {".woff2", "font/woff2"},
                                                                     {".woff", "font/woff"},
                                                                     {".ttf", "font/ttf"},
                                                                     {".txt", "text/plain; charset=utf-8"},
                                                                     {".webmanifest", "application/manifest+json"},
                                                                     {".map", "application/json"}};
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

// FNV-1a: a cheap, stable content fingerprint for the ETag.
std::uint64_t fingerprint(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

} // namespace

Result<StaticFiles> StaticFiles::load(const std::string& root) {
  StaticFiles out;
  if (root.empty()) return out;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    return Error::make(ErrorCode::internal, "web root " + root + " is not a folder; build the console first");
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    File f;
    f.body = buf.str();
    f.content_type = mime_type(it->path().extension().string());
    f.etag = fmt::format("\"{:016x}\"", fingerprint(f.body));
    const std::string rel = "/" + fs::relative(it->path(), root).generic_string();
    f.cache_control = rel.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    out.files_.emplace(rel, std::move(f));
  }
  if (ec) return Error::make(ErrorCode::internal, "cannot read web root " + root + ": " + ec.message());
  return out;
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  if (files_.empty() || (req.method != "GET" && req.method != "HEAD")) return std::nullopt;
  std::string path = req.path.empty() ? "/" : req.path;
  auto it = files_.find(path == "/" ? "/index.html" : path);
  if (it == files_.end()) {
    const auto slash = path.rfind('/');
    const bool has_ext = path.find('.', slash) != std::string::npos;
    if (has_ext || path.starts_with("/assets/")) return std::nullopt;
    it = files_.find("/index.html");
    if (it == files_.end()) return std::nullopt;
  }
  const File& f = it->second;
  Response r;
  r.route = "static";
  r.content_type = f.content_type;
  r.headers.emplace_back("ETag", f.etag);
  r.headers.emplace_back("Cache-Control", f.cache_control);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (!req.if_none_match.empty() && req.if_none_match == f.etag) {
    r.status = 304;
    return r;
  }
  r.body = f.body; // for HEAD the server sends the length without the body
  return r;
}

} // namespace shegong::http
