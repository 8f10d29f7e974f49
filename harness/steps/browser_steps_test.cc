#include "harness/steps/browser_steps.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/mock_test_support.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using namespace mock::testing_support;

StepRecord with_output(std::size_t index, const std::string& action, nlohmann::json output) {
  StepRecord s;
  s.index = index;
  s.action = action;
  s.last_json = std::move(output);
  return s;
}

TEST(PagesToBrowse, TakesTheMostRecentStepThatPrintedPages) {
  std::vector<StepRecord> steps = {
      with_output(0, "page", {{"pages", {{{"widget", "old"}, {"url", "file:///old.html"}}}}}),
      with_output(1, "page", {{"pages", {{{"widget", "media_library"}, {"url", "file:///ml.html"}}}}}),
      with_output(2, "upload", {{"public_id", "x"}})};
  std::string error;
  auto pages = pages_to_browse(steps, &error);
  ASSERT_TRUE(pages.is_array()) << error;
  EXPECT_EQ(pages[0]["url"], "file:///ml.html");
}

TEST(PagesToBrowse, NamesWhatIsMissingOrMalformed) {
  std::string error;
  EXPECT_TRUE(pages_to_browse({with_output(0, "upload", {{"public_id", "x"}})}, &error).is_null());
  EXPECT_THAT(error, HasSubstr("run the manifest's `page` action first"));
  EXPECT_TRUE(pages_to_browse({with_output(0, "page", {{"pages", {{{"widget", "ml"}}}}})}, &error).is_null());
  EXPECT_THAT(error, HasSubstr("page#1 printed \"pages\" but not as a non-empty array"));
}

class BrowseStep : public MockFixture {};

// Whatever stops the browser is the step's error (so the scenario ends as error, never pass).
TEST_F(BrowseStep, AMissingChromiumIsAnErrorNamingIt) {
  start_mock(5);
  Manifest manifest;
  PlaceholderValues values{{"workdir", ::testing::TempDir()}};
  std::vector<std::string> secrets;
  std::vector<StepRecord> steps = {
      with_output(0, "page", {{"pages", {{{"widget", "ml"}, {"url", "file:///ml.html"}}}}})};
  HarnessStepContext context{
      *mock_, mock_->accounts().accounts[0].clouds[0], "http://127.0.0.1:1", manifest, values, secrets, steps, nullptr};
  auto r = run_harness_step("cldcert.browse", {{"chromium", "/nonexistent/chromium"}}, context);
  EXPECT_THAT(r.error, HasSubstr("Chromium is not installed at /nonexistent/chromium"));
  steps.clear();
  EXPECT_THAT(run_harness_step("cldcert.browse", {}, context).error, HasSubstr("no earlier step printed"));
}

}  // namespace
}  // namespace cldcert
