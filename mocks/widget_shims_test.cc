#include "mocks/widget_shims.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing_support::MockFixture;
using testing_support::request_head;

TEST(WidgetShims, EachWidgetsHostedScriptIsAnsweredByItsShimAfterTheRecorder) {
  struct Case {
    const char* url;
    const char* widget;
    const char* global;
  };
  for (const auto& c :
       {Case{"https://media-library.cloudinary.com/global/all.js", "media_library", "createMediaLibrary"},
        Case{"https://upload-widget.cloudinary.com/latest/global/all.js?v=3", "upload_widget", "createUploadWidget"},
        Case{"https://widget.cloudinary.com/v2.0/global/all.js", "upload_widget", "openUploadWidget"},
        Case{"https://product-gallery.cloudinary.com/latest/all.js", "product_gallery", "galleryWidget"},
        Case{"https://unpkg.com/cloudinary-video-player@2/dist/cld-video-player.min.js", "video_player",
             "videoPlayers"}}) {
    auto shim = widget_shim_for_url(c.url);
    ASSERT_TRUE(shim) << c.url;
    EXPECT_EQ(shim->widget, c.widget);
    EXPECT_EQ(shim->content_type, "application/javascript");
    EXPECT_THAT(shim->body, StartsWith("// cldcert widget shim: the recorder"));
    EXPECT_THAT(shim->body, HasSubstr(std::string("cloudinary.") + c.global + " = function"));
  }
}

TEST(WidgetShims, StylesheetsAreEmptyAndOtherUrlsHaveNoShim) {
  auto css = widget_shim_for_url("https://unpkg.com/cloudinary-video-player/dist/cld-video-player.min.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->content_type, "text/css");
  EXPECT_FALSE(widget_shim_for_url("https://unpkg.com/react/umd/react.production.min.js"));
  EXPECT_FALSE(widget_shim_for_url("https://media-library.cloudinary.com.evil.test/global/all.js"));
  EXPECT_FALSE(widget_shim_for_url("https://res.cloudinary.com/demo/image/upload/sample.jpg"));
  EXPECT_FALSE(widget_shim_for_url("media-library.cloudinary.com/global/all.js"));
}

class WidgetShimRoute : public MockFixture {};

TEST_F(WidgetShimRoute, TheControlApiServesShimsByTheirRealUrlWithoutJournaling) {
  start_mock(3);
  auto ok = mock_->handle(
      request_head("GET", "/__cldcert/widgets?url=https%3A%2F%2Fproduct-gallery.cloudinary.com%2Flatest%2Fall.js"), "");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.content_type, "application/javascript");
  EXPECT_EQ(header_value(ok.headers, "X-Cldcert-Widget"), "product_gallery");
  auto missing = mock_->handle(request_head("GET", "/__cldcert/widgets?url=https%3A%2F%2Fexample.com%2Fa.js"), "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(missing.body, HasSubstr("no widget shim for https://example.com/a.js"));
  EXPECT_EQ(mock_->journal().size(), 0u);
}

}  // namespace
}  // namespace cldcert::mock
