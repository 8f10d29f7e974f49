// The resolver files a sandbox sees: /etc/hosts (localhost and this machine's name only),
// /etc/resolv.conf (the sandbox's DNS responder on 127.0.0.1) and /etc/nsswitch.conf (hosts from
// files, then DNS: no mDNS or systemd-resolved module to bypass the responder).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/network/namespace_sandbox.h"

namespace cldcert::network {

struct ResolverOptions {
  // resolv.conf's `options use-vc`: every lookup over TCP (tests pin the responder's TCP side with it).
  bool tcp_only = false;
};

// Writes the three files into `folder` (created if missing) and returns them as overlays of the
// system's. Throws std::runtime_error when a file cannot be written.
std::vector<FileOverlay> write_resolver_files(const std::filesystem::path& folder, ResolverOptions options = {});

// `nsswitch` with its `hosts:` line made "files dns" (a missing one added); every other database kept.
std::string nsswitch_with_files_then_dns(const std::string& nsswitch);

}  // namespace cldcert::network
