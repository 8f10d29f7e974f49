#include "harness/live/admin_client.h"

#include "mocks/basic_auth.h"
#include "mocks/bounded_json.h"
#include "mocks/percent_encode.h"

namespace cldcert::live {

std::string AdminAnswer::message() const {
  const nlohmann::json::json_pointer at("/error/message");
  if (body.is_object() && body.contains(at) && body[at].is_string())
    return std::to_string(status) + " " + body[at].get<std::string>();
  return std::to_string(status);
}

AdminAnswer AdminClient::call(std::string method, std::string_view route, std::string_view query,
                              std::string_view form) const {
  std::string target = "/v1_1/" + mock::percent_encode(cloud_.cloud_name) + "/" + std::string(route);
  if (!query.empty()) target += "?" + std::string(query);
  const std::string authorization = mock::basic_authorization(cloud_.api_key, cloud_.api_secret);
  mock::HeaderList headers{
      {"Authorization", authorization}, {"User-Agent", kLiveUserAgent}, {"Accept", "application/json"}};
  if (!form.empty()) {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    headers.emplace_back("Content-Length", std::to_string(form.size()));
  }
  mock::HttpResponse response =
      upstream_.call(upstream_head(std::move(method), std::move(target), std::move(headers)), form);
  AdminAnswer answer;
  answer.status = response.status;
  mock::ParsedJson parsed = mock::parse_json_text(response.body);
  if (parsed.error.empty()) answer.body = std::move(parsed.doc);
  return answer;
}

}  // namespace cldcert::live
