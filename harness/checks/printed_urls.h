// The URLs an integration printed (its steps' last-line JSON, srcsets split into candidates),
// and those on Cloudinary hosts parsed as delivery URLs: what the delivery and transformation checks read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/checks/check.h"
#include "mocks/transformation.h"

namespace cldcert {

struct PrintedUrl {
  const StepRecord* step = nullptr;
  std::string field;
  std::string url;
};

// Every http(s) URL in the steps' last_json, walking nested objects and arrays, in step order.
std::vector<PrintedUrl> printed_urls(const std::vector<StepRecord>& steps);

// A printed URL on a Cloudinary host that parses as a delivery URL (others are R1's business).
struct CloudinaryUrl {
  PrintedUrl printed;
  mock::DeliveryUrl parsed;
};
std::vector<CloudinaryUrl> cloudinary_urls(const std::vector<StepRecord>& steps);

struct UrlParts {
  std::string scheme;  // "https"
  std::string host;    // lower case, without the port
  std::string path;    // from the first '/', without query and fragment; "/" when empty
};
UrlParts split_url(std::string_view url);

// What a GET of `url` asks of res.cloudinary.com (path and query, no fragment), when `url` is an http(s)
// URL on that host; nullopt for any other. The harness's own delivery requests (cldcert.get, a live run's
// HEAD of a signed URL) go there.
std::optional<std::string> delivery_host_target(std::string_view url);

bool is_http_url(std::string_view s);
bool is_cloudinary_host(const std::string& host);

// The steps whose URLs reach a visitor: what the integration built to deliver, not Cloudinary's
// own upload response that an upload step echoes.
bool delivering_step(const StepRecord& step);

Evidence url_evidence(const PrintedUrl& p, const std::string& why = "");

// "<scheme>://<host>/[<cloud>/]<rt>/<type>/s--…--/<transformation>/<extra>/v<version>/<public_id>.<format>":
// a parsed URL written back, with `extra` chained after its own transformation; a near miss.
std::string delivery_url_with(const std::string& scheme, const std::string& host, const mock::DeliveryUrl& u,
                              const std::string& extra);

}  // namespace cldcert
