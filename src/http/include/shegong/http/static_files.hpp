// The built web console, loaded into memory at start so that serving it never
// touches the file system (and no request path can reach outside the folder).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "shegong/core/result.hpp"
#include "shegong/http/message.hpp"

namespace shegong::http {

class StaticFiles {
 public:
  // Loads every file under `root` (e.g. web/dist). An empty `root` serves nothing.
  static Result<StaticFiles> load(const std::string& root);

  // The response for a GET/HEAD of a console path, or nullopt when the path is not
  // the console's. Hashed assets are cached for a year; index.html is revalidated.
  // Paths without a file extension fall back to index.html (client-side routes).
  std::optional<Response> serve(const Request& req) const;
  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string body, content_type, etag, cache_control;
  };
  std::unordered_map<std::string, File> files_;
};

} // namespace shegong::http
