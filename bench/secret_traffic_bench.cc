// Times secret.traffic and the journal's redaction over a generated journal of SDK-like requests,
// the two places that look for every spelling of every secret in every field of every request.
// Usage: secret_traffic_bench [requests=10000] [repeats=3]. Prints the best wall time of each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness/checks/secret_traffic_check.h"
#include "harness/evidence_file.h"
#include "harness/manifest.h"
#include "harness/scenario_run.h"
#include "mocks/base64.h"
#include "mocks/digest.h"
#include "mocks/journal.h"

namespace {

using namespace cldcert;

// A mix like a scenario's journal: signed uploads (most), Admin API calls with Basic auth,
// deliveries with a transformation, and a form field that leaks the secret every 2,500 requests,
// so the check fails as it would on a real leak and reports each occurrence.
std::vector<mock::JournalEntry> make_journal(std::size_t requests, const mock::Cloud& cloud) {
  std::vector<mock::JournalEntry> journal;
  journal.reserve(requests);
  for (std::size_t i = 0; i < requests; ++i) {
    mock::JournalEntry e;
    e.id = i + 1;
    e.started_at = "2026-05-01T12:00:00.000Z";
    e.cloud = cloud.cloud_name;
    e.headers = {{"Host", "127.0.0.1:40123"},
                 {"User-Agent", "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0 (Node 20.11.1)"},
                 {"Accept", "application/json"},
                 {"Connection", "keep-alive"}};
    const std::string public_id = "shop/products/item-" + std::to_string(i);
    if (i % 10 == 7) {
      e.api = "admin";
      e.method = "GET";
      e.path = "/v1_1/" + cloud.cloud_name + "/resources/image/upload";
      e.query = "prefix=shop%2Fproducts&max_results=100&next_cursor=c" + std::to_string(i);
      e.query_params = {{"prefix", "shop/products"}, {"max_results", "100"}, {"next_cursor", "c" + std::to_string(i)}};
      e.headers.emplace_back("Authorization", "Basic " + mock::base64_encode(cloud.api_key + ":" + cloud.api_secret));
    } else if (i % 10 == 9) {
      e.api = "delivery";
      e.method = "GET";
      e.path = "/" + cloud.cloud_name + "/image/upload/c_fill,w_400,h_300/f_auto/q_auto/" + public_id + ".jpg";
    } else {
      e.api = "upload";
      e.method = "POST";
      e.path = "/v1_1/" + cloud.cloud_name + "/image/upload";
      const std::string timestamp = std::to_string(1777636800 + i);
      const std::string to_sign = "folder=shop&public_id=" + public_id + "&tags=sale,summer&timestamp=" + timestamp;
      e.headers.emplace_back("Content-Type", "multipart/form-data; boundary=----formdata-undici-0" + std::to_string(i));
      e.headers.emplace_back("Content-Length", "48213");
      e.fields = {
          mock::text_field("api_key", cloud.api_key),
          mock::text_field("folder", "shop"),
          mock::text_field("public_id", public_id),
          mock::text_field("tags", "sale,summer"),
          mock::text_field("context", "alt=Red shoe|caption=Summer sale, 20% off"),
          mock::text_field("timestamp", timestamp),
          mock::text_field("signature", mock::digest_hex(mock::DigestAlgorithm::kSha256, to_sign + cloud.api_secret)),
          mock::text_field("signature_algorithm", "sha256")};
      if (i % 2500 == 1234) e.fields.push_back(mock::text_field("api_secret", cloud.api_secret));
      e.fields.push_back({.name = "file",
                          .value = "",
                          .truncated = false,
                          .is_file = true,
                          .filename = "item.jpg",
                          .content_type = "image/jpeg",
                          .size = 48000,
                          .sha256 = mock::sha256_hex(public_id)});
      e.status = 200;
      e.response_body = R"({"public_id":")" + public_id + R"(","version":1777636800,"format":"jpg","bytes":48000})";
    }
    journal.push_back(std::move(e));
  }
  return journal;
}

template <class F>
double best_seconds(int repeats, F&& run) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    auto start = std::chrono::steady_clock::now();
    run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const long requests = argc > 1 ? std::atol(argv[1]) : 10000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  if (requests <= 0 || repeats <= 0) {
    std::fprintf(stderr, "usage: %s [requests=10000] [repeats=3]\n", argv[0]);
    return 2;
  }
  // The clouds and secrets a scenario run gets.
  const mock::Accounts accounts = scenario_accounts(42, "upload.signed");
  const mock::Cloud& cloud = accounts.accounts.at(0).clouds.at(0);
  const std::vector<mock::JournalEntry> journal = make_journal(static_cast<std::size_t>(requests), cloud);
  const std::vector<std::string> secrets = accounts.all_secrets();
  Manifest manifest;
  std::vector<StepRecord> steps;

  CheckResult result;
  const double check = best_seconds(repeats, [&] {
    result = check_secret_traffic(CheckInput{manifest, journal, steps, accounts, secrets});
  });
  std::size_t redacted_requests = 0;
  const double redaction =
      best_seconds(repeats, [&] { redacted_requests = redacted_journal(journal, secrets).size(); });

  const long leaks = (requests + 2500 - 1 - 1234) / 2500;  // requests with i % 2500 == 1234 (all uploads)
  const bool ok = result.verdict == Verdict::kFail && static_cast<long>(result.evidence.size()) == leaks &&
                  redacted_requests == journal.size();
  std::printf("secret.traffic over %ld requests, %zu secrets: %.3f s (best of %d), %zu leak(s) found\n", requests,
              secrets.size(), check, repeats, result.evidence.size());
  std::printf("journal redaction of %ld requests: %.3f s (best of %d)\n", requests, redaction, repeats);
  if (!ok) std::fprintf(stderr, "unexpected result: %s\n", result.message.c_str());
  return ok ? 0 : 1;
}
