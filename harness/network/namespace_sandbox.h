// A Linux network + mount namespace a scenario's steps run in (--network sandbox): only loopback, every
// IPv4 address local to it, and chosen files (resolver files, CA stores) bind-mounted over the system's.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cldcert::network {

// `source` is bind-mounted (read-only) over `target`, seen only inside the sandbox's mount namespace.
struct FileOverlay {
  std::filesystem::path target;
  std::filesystem::path source;
};

struct SandboxOptions {
  std::vector<FileOverlay> overlays;
};

// One overlay as it went: mounted, or why not (the target does not exist, a mount error).
struct OverlayOutcome {
  FileOverlay overlay;
  std::string error;  // empty: mounted
};

// Held by a holder process that does nothing but keep the namespaces alive: it unshares them, sets
// loopback up, adds a `local 0.0.0.0/0 dev lo` route (so a connection to any literal IPv4 address
// reaches a listener bound to 0.0.0.0 there, which sees the address the client asked for), gives lo
// 169.254.0.1 too (so resolvers asked with AI_ADDRCONFIG still see IPv4 as configured), makes
// mounts private and mounts the overlays, then waits. Destroying the sandbox kills the holder; if
// cldcert dies first, the holder sees its pipe close and exits too. IPv6 is loopback only: a client
// connecting to a literal IPv6 address is refused (ENETUNREACH) but not recorded.
class NamespaceSandbox {
 public:
  // nullptr and `error` set when the namespaces cannot be made (see sandbox_unavailable_reason).
  static std::unique_ptr<NamespaceSandbox> create(const SandboxOptions& options, std::string& error);
  ~NamespaceSandbox();
  NamespaceSandbox(const NamespaceSandbox&) = delete;
  NamespaceSandbox& operator=(const NamespaceSandbox&) = delete;

  pid_t holder_pid() const { return holder_; }
  // Descriptors of the holder's namespaces (O_CLOEXEC), for setns.
  int net_namespace_fd() const { return net_fd_; }
  int mount_namespace_fd() const { return mount_fd_; }
  const std::vector<OverlayOutcome>& overlays() const { return overlays_; }

  // The argv prefix that runs a command inside both namespaces with `cwd` as its working directory
  // (util-linux nsenter: joining a mount namespace resets the working directory to its root).
  std::vector<std::string> enter_prefix(const std::filesystem::path& cwd) const;

 private:
  NamespaceSandbox() = default;
  pid_t holder_ = -1;
  int hold_fd_ = -1;  // write end of the pipe the holder waits on
  int net_fd_ = -1, mount_fd_ = -1;
  std::vector<OverlayOutcome> overlays_;
};

// nullopt when this process can make the sandbox; else why not, in words a user can act on.
std::optional<std::string> sandbox_unavailable_reason();

// What `--network sandbox` stops with (exit 2) when the sandbox cannot be made: the reason and the way out.
std::string sandbox_refusal(const std::string& reason);

}  // namespace cldcert::network
