#include "harness/network/namespace_sandbox.h"

#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace cldcert::network {
namespace fs = std::filesystem;

namespace {

// What the holder reports on its ready pipe: the stage that failed (kReady: none) and its errno, then,
// once ready, one errno per overlay (0: mounted).
enum Stage : int { kReady = 0, kUnshare, kPrivateMounts, kLoopback, kLocalRoute, kConfiguredAddress };

const char* stage_text(int stage) {
  switch (stage) {
    case kUnshare: return "unshare(CLONE_NEWNET|CLONE_NEWNS)";
    case kPrivateMounts: return "making mounts private";
    case kLoopback: return "setting loopback up";
    case kLocalRoute: return "adding the route 'local 0.0.0.0/0 dev lo'";
    case kConfiguredAddress: return "adding 169.254.0.1 to lo";
    default: return "sandbox set-up";
  }
}

// Everything below runs in the forked holder of a possibly multi-threaded cldcert: system calls and
// stack memory only (no allocation, no locks).

// `io(p, n)` (a read or a write) until all `size` bytes moved, EINTR retried; false on EOF or error.
template <typename Io>
bool move_all(Io io, char* p, std::size_t size) {
  while (size > 0) {
    ssize_t n = io(p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool write_all(int fd, const void* data, std::size_t size) {
  return move_all([fd](char* p, std::size_t n) { return ::write(fd, p, n); },
                  const_cast<char*>(static_cast<const char*>(data)), size);
}

int loopback_up() {
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return errno;
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  int err = 0;
  if (::ioctl(s, SIOCGIFFLAGS, &request) != 0) {
    err = errno;
  } else {
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP | IFF_RUNNING);
    if (::ioctl(s, SIOCSIFFLAGS, &request) != 0) err = errno;
  }
  ::close(s);
  return err;
}

// A request message with room for a few attributes after its fixed part.
struct NetlinkRequest {
  nlmsghdr header;
  char body[128];
};

void add_attribute(NetlinkRequest& request, unsigned short type, const void* data, unsigned short size) {
  auto* attribute =
      reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&request) + NLMSG_ALIGN(request.header.nlmsg_len));
  attribute->rta_type = type;
  attribute->rta_len = static_cast<unsigned short>(RTA_LENGTH(size));
  std::memcpy(RTA_DATA(attribute), data, size);
  request.header.nlmsg_len = NLMSG_ALIGN(request.header.nlmsg_len) + RTA_ALIGN(attribute->rta_len);
}

// A new object (route, address) of `type`, created only if absent; returns its fixed part to fill in.
template <typename Fixed>
Fixed* start_creating(NetlinkRequest& request, unsigned short type) {
  request.header.nlmsg_type = type;
  request.header.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
  request.header.nlmsg_len = NLMSG_LENGTH(sizeof(Fixed));
  return static_cast<Fixed*>(NLMSG_DATA(&request.header));
}

// Sends one rtnetlink request (acknowledged) and returns the kernel's answer: 0 or an errno.
int rtnetlink_request(NetlinkRequest& request) {
  request.header.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
  request.header.nlmsg_seq = 1;
  int s = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (s < 0) return errno;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  int err = 0;
  if (::sendto(s, &request, request.header.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0) {
    err = errno;
  } else {
    char reply[512];
    ssize_t n = ::recv(s, reply, sizeof reply, 0);
    if (n < 0) {
      err = errno;
    } else {
      auto* header = reinterpret_cast<nlmsghdr*>(reply);
      if (NLMSG_OK(header, static_cast<unsigned>(n)) && header->nlmsg_type == NLMSG_ERROR)
        err = -reinterpret_cast<nlmsgerr*>(NLMSG_DATA(header))->error;
    }
  }
  ::close(s);
  return err;
}

// `ip route add local 0.0.0.0/0 dev lo table local`: every IPv4 address is this namespace's own.
int add_local_default_route(std::uint32_t loopback_index) {
  NetlinkRequest request{};
  *start_creating<rtmsg>(request, RTM_NEWROUTE) = {.rtm_family = AF_INET,
                                                   .rtm_dst_len = 0,
                                                   .rtm_src_len = 0,
                                                   .rtm_tos = 0,
                                                   .rtm_table = RT_TABLE_LOCAL,
                                                   .rtm_protocol = RTPROT_BOOT,
                                                   .rtm_scope = RT_SCOPE_HOST,
                                                   .rtm_type = RTN_LOCAL,
                                                   .rtm_flags = 0};
  add_attribute(request, RTA_OIF, &loopback_index, sizeof loopback_index);
  return rtnetlink_request(request);
}

// `ip addr add 169.254.0.1/32 dev lo`: glibc's getaddrinfo with AI_ADDRCONFIG (getent, Node's lookup)
// returns no IPv4 address at all while 127.0.0.1 is the only one (sysdeps/unix/sysv/linux/check_pf.c
// counts every IPv4 address but INADDR_LOOPBACK); a link-local one on lo makes IPv4 "configured".
int add_configured_ipv4_address(std::uint32_t loopback_index) {
  NetlinkRequest request{};
  *start_creating<ifaddrmsg>(request, RTM_NEWADDR) = {.ifa_family = AF_INET,
                                                      .ifa_prefixlen = 32,
                                                      .ifa_flags = 0,
                                                      .ifa_scope = RT_SCOPE_HOST,
                                                      .ifa_index = loopback_index};
  const unsigned char link_local[4] = {169, 254, 0, 1};
  add_attribute(request, IFA_LOCAL, link_local, sizeof link_local);
  add_attribute(request, IFA_ADDRESS, link_local, sizeof link_local);
  return rtnetlink_request(request);
}

int bind_read_only(const char* source, const char* target) {
  if (::mount(source, target, nullptr, MS_BIND, nullptr) != 0) return errno;
  if (::mount(nullptr, target, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0) return errno;
  return 0;
}

[[noreturn]] void run_holder(int ready_fd, int hold_fd, const std::vector<const char*>& sources,
                             const std::vector<const char*>& targets) {
  int report[2] = {kReady, 0};
  auto fail = [&](int stage, int err) {
    report[0] = stage;
    report[1] = err;
    write_all(ready_fd, report, sizeof report);
    ::_exit(1);
  };
  if (::unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) fail(kUnshare, errno);
  // Private, so the overlays never reach the host's mount namespace.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) fail(kPrivateMounts, errno);
  if (int err = loopback_up()) fail(kLoopback, err);
  const std::uint32_t loopback_index = ::if_nametoindex("lo");
  if (int err = add_local_default_route(loopback_index)) fail(kLocalRoute, err);
  if (int err = add_configured_ipv4_address(loopback_index)) fail(kConfiguredAddress, err);
  if (!write_all(ready_fd, report, sizeof report)) ::_exit(1);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    int err = bind_read_only(sources[i], targets[i]);
    if (!write_all(ready_fd, &err, sizeof err)) ::_exit(1);
  }
  ::close(ready_fd);
  // Wait for EOF: the sandbox's destruction, or cldcert's death.
  char byte;
  for (;;) {
    ssize_t n = ::read(hold_fd, &byte, 1);
    if (n == 0 || (n < 0 && errno != EINTR)) break;
  }
  ::_exit(0);
}

bool read_all(int fd, void* data, std::size_t size) {
  return move_all([fd](char* p, std::size_t n) { return ::read(fd, p, n); }, static_cast<char*>(data), size);
}

std::string errno_words(int err) { return std::strerror(err); }

void end_holder(pid_t pid) {
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {}
}

}  // namespace

std::unique_ptr<NamespaceSandbox> NamespaceSandbox::create(const SandboxOptions& options, std::string& error) {
  std::vector<std::string> source_paths, target_paths;
  for (const FileOverlay& overlay : options.overlays) {
    source_paths.push_back(overlay.source.string());
    target_paths.push_back(overlay.target.string());
  }
  std::vector<const char*> sources, targets;
  for (std::size_t i = 0; i < source_paths.size(); ++i) {
    sources.push_back(source_paths[i].c_str());
    targets.push_back(target_paths[i].c_str());
  }

  int ready[2], hold[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) {
    error = "pipe: " + errno_words(errno);
    return nullptr;
  }
  if (::pipe2(hold, O_CLOEXEC) != 0) {
    error = "pipe: " + errno_words(errno);
    ::close(ready[0]);
    ::close(ready[1]);
    return nullptr;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(ready[0]);
    ::close(hold[1]);
    // Another thread's pipes and sockets inherited by this fork would stay open as long as the
    // holder lives; it keeps only its two pipe ends.
    int keep_low = ready[1] < hold[0] ? ready[1] : hold[0];
    int keep_high = ready[1] < hold[0] ? hold[0] : ready[1];
    ::syscall(SYS_close_range, 3u, static_cast<unsigned>(keep_low - 1), 0u);
    if (keep_high > keep_low + 1)
      ::syscall(SYS_close_range, static_cast<unsigned>(keep_low + 1), static_cast<unsigned>(keep_high - 1), 0u);
    ::syscall(SYS_close_range, static_cast<unsigned>(keep_high + 1), ~0u, 0u);
    run_holder(ready[1], hold[0], sources, targets);
  }
  ::close(ready[1]);
  ::close(hold[0]);
  if (pid < 0) {
    error = "fork: " + errno_words(errno);
    ::close(ready[0]);
    ::close(hold[1]);
    return nullptr;
  }

  std::unique_ptr<NamespaceSandbox> sandbox(new NamespaceSandbox());
  sandbox->holder_ = pid;
  sandbox->hold_fd_ = hold[1];
  int report[2];
  if (!read_all(ready[0], report, sizeof report)) {
    error = "the sandbox's holder process ended before it was ready";
    ::close(ready[0]);
    return nullptr;
  }
  if (report[0] != kReady) {
    error = std::string(stage_text(report[0])) + ": " + errno_words(report[1]);
    ::close(ready[0]);
    return nullptr;
  }
  for (const FileOverlay& overlay : options.overlays) {
    int err = 0;
    if (!read_all(ready[0], &err, sizeof err)) err = EPIPE;
    sandbox->overlays_.push_back({overlay, err == 0 ? "" : errno_words(err)});
  }
  ::close(ready[0]);

  const std::string proc = "/proc/" + std::to_string(pid) + "/ns/";
  sandbox->net_fd_ = ::open((proc + "net").c_str(), O_RDONLY | O_CLOEXEC);
  sandbox->mount_fd_ = ::open((proc + "mnt").c_str(), O_RDONLY | O_CLOEXEC);
  if (sandbox->net_fd_ < 0 || sandbox->mount_fd_ < 0) {
    error = "opening " + proc + ": " + errno_words(errno);
    return nullptr;
  }
  return sandbox;
}

NamespaceSandbox::~NamespaceSandbox() {
  for (int fd : {net_fd_, mount_fd_, hold_fd_})
    if (fd >= 0) ::close(fd);
  if (holder_ > 0) end_holder(holder_);
}

namespace {

// nsenter's absolute path (ProcessSpec::launcher wants one), or "" when it is not on PATH.
const std::string& nsenter_path() {
  static const std::string found = [] {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
      std::size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      std::string candidate = dirs.substr(start, end - start) + "/nsenter";
      if (candidate.front() == '/' && ::access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
    return std::string();
  }();
  return found;
}

std::optional<std::string> probe_unavailable_reason() {
  if (nsenter_path().empty()) return "nsenter (util-linux) is not on PATH";
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(::unshare(CLONE_NEWNET | CLONE_NEWNS) == 0 ? 0 : errno);
  if (pid < 0) return "fork: " + errno_words(errno);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return "waitpid: " + errno_words(errno);
  }
  int err = WIFEXITED(status) ? WEXITSTATUS(status) : EPERM;
  if (err == EPERM)
    return "no permission to create network namespaces (unshare(CLONE_NEWNET) needs root or CAP_SYS_ADMIN; "
           "unprivileged user namespaces are not used yet)";
  if (err == EINVAL || err == ENOSYS) return "this kernel has no network namespaces";
  if (err != 0) return "unshare(CLONE_NEWNET|CLONE_NEWNS): " + errno_words(err);
  return std::nullopt;
}

}  // namespace

std::vector<std::string> NamespaceSandbox::enter_prefix(const fs::path& cwd) const {
  const std::string ns = "/proc/" + std::to_string(holder_) + "/ns/";
  fs::path wd = cwd.empty() ? fs::current_path() : fs::absolute(cwd);
  return {nsenter_path(), "--net=" + ns + "net", "--mount=" + ns + "mnt", "--wd=" + wd.string(), "--"};
}

std::optional<std::string> sandbox_unavailable_reason() {
  static std::once_flag once;
  static std::optional<std::string> reason;
  std::call_once(once, [] { reason = probe_unavailable_reason(); });
  return reason;
}

std::string sandbox_refusal(const std::string& reason) {
  return "--network sandbox is not available on this machine: " + reason +
         ". Use --network proxy (clients that honour HTTPS_PROXY reach the mock through cldcert) or --network env.";
}

}  // namespace cldcert::network
