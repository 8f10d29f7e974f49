#include "harness/network/resolver_files.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/scratch_dir_test_support.h"

namespace cldcert::network {
namespace {

std::string contents(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ResolverFiles, HostsComeFromFilesThenDnsOtherDatabasesKept) {
  EXPECT_EQ(nsswitch_with_files_then_dns("passwd: files systemd\nhosts: files mdns4_minimal [NOTFOUND=return] dns\n"
                                         "networks: files\n"),
            "passwd: files systemd\nhosts: files dns\nnetworks: files\n");
  EXPECT_EQ(nsswitch_with_files_then_dns("passwd: files\n"), "passwd: files\nhosts: files dns\n");
}

TEST(ResolverFiles, ResolvConfNamesTheSandboxResponderOnly) {
  ScratchDir dir("resolver-files");
  auto overlays = write_resolver_files(dir.path());
  ASSERT_EQ(overlays.size(), 3u);
  EXPECT_EQ(overlays[1].target, "/etc/resolv.conf");
  EXPECT_EQ(contents(overlays[1].source), "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
  EXPECT_EQ(contents(write_resolver_files(dir.path(), {.tcp_only = true})[1].source),
            "nameserver 127.0.0.1\noptions timeout:1 attempts:1 use-vc\n");
  EXPECT_EQ(overlays[0].target, "/etc/hosts");
  EXPECT_TRUE(contents(overlays[0].source).starts_with("127.0.0.1\tlocalhost\n"));
  EXPECT_EQ(contents(overlays[0].source).find("cloudinary"), std::string::npos);
}

}  // namespace
}  // namespace cldcert::network
