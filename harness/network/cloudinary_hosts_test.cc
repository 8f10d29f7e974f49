#include "harness/network/cloudinary_hosts.h"

#include <gtest/gtest.h>

namespace cldcert::network {
namespace {

TEST(CloudinaryHosts, ApiDeliveryShardsPrivateCdnAndWidgetHostsAreCloudinarys) {
  for (const char* host :
       {"api.cloudinary.com", "API.Cloudinary.com", "api-eu.cloudinary.com", "res.cloudinary.com",
        "res-1.cloudinary.com", "res-5.cloudinary.com", "demo-res.cloudinary.com", "my_cloud-res-3.cloudinary.com",
        "media-library.cloudinary.com", "upload-widget.cloudinary.com", "widget.cloudinary.com",
        "product-gallery.cloudinary.com", "unpkg.com", "cdn.jsdelivr.net"}) {
    EXPECT_TRUE(is_cloudinary_host(host)) << host;
  }
}

TEST(CloudinaryHosts, OtherHostsLookalikesAndAddressesAreNot) {
  for (const char* host : {"example.com", "cloudinary.com", "www.cloudinary.com", "evil.com.cloudinary.com.evil.com",
                           "api.cloudinary.com.evil.com", "a.res.cloudinary.com", "-res.cloudinary.com",
                           "res-x.cloudinary.com", "127.0.0.1", "", "api.cloudinary.co", "xapi.cloudinary.com"}) {
    EXPECT_FALSE(is_cloudinary_host(host)) << host;
  }
}

TEST(CloudinaryHosts, HostnameOfDropsPortBracketsTrailingDotAndCase) {
  const std::pair<const char*, const char*> kCases[] = {{"API.cloudinary.com:443", "api.cloudinary.com"},
                                                        {"res.cloudinary.com.", "res.cloudinary.com"},
                                                        {"[::1]:8080", "::1"},
                                                        {"::1", "::1"},
                                                        {"example.com", "example.com"}};
  for (const auto& [authority, host] : kCases) EXPECT_EQ(hostname_of(authority), host) << authority;
}

}  // namespace
}  // namespace cldcert::network
