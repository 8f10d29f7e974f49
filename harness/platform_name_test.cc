#include "harness/platform_name.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

TEST(PlatformName, DisplayNamesWithSpacesAreNames) {
  for (const char* ok : {"Magento", "Adobe Commerce", "Salesforce Commerce Cloud", "WordPress.com", "Craft_CMS-4"}) {
    EXPECT_TRUE(is_platform_name(ok)) << ok;
  }
  for (const char* bad : {"", " Adobe", "Adobe ", "Adobe  Commerce", "Adobe (Commerce)", "Adobe/Commerce", "Ado\tbe"}) {
    EXPECT_FALSE(is_platform_name(bad)) << bad;
  }
}

TEST(PlatformName, TheTokenLeavesTheSpacesOutAndTheCommentKeepsThem) {
  EXPECT_EQ(platform_token("Salesforce Commerce Cloud"), "SalesforceCommerceCloud");
  EXPECT_EQ(platform_token("Magento"), "Magento");
  EXPECT_EQ(expected_user_agent_prefix("Adobe Commerce", "2.4.6", "1.4.0"),
            "CloudinaryAdobeCommerce/1.4.0 (Adobe Commerce 2.4.6)");
}

TEST(PlatformName, AWidgetMayNameThePlatformEitherWayWithItsVersion) {
  EXPECT_TRUE(names_platform("Adobe Commerce 2.4.6", "Adobe Commerce", "2.4.6"));
  EXPECT_TRUE(names_platform("AdobeCommerce 2.4.6", "Adobe Commerce", "2.4.6"));
  EXPECT_FALSE(names_platform("Adobe Commerce", "Adobe Commerce", "2.4.6"));
  EXPECT_FALSE(names_platform("Magento 2.4.6", "Adobe Commerce", "2.4.6"));
}

}  // namespace
}  // namespace cldcert
