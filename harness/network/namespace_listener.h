// Listening sockets made inside another network namespace (a sandbox's), served from this one: the
// socket keeps the namespace it was created in, so the front and DNS responder need not live there.
#pragma once

#include <string>

namespace cldcert::network {

enum class SocketKind { kTcp, kUdp };

// A socket bound to `address`:`port` inside the network namespace `net_namespace_fd` refers to
// (listening, for TCP; O_CLOEXEC, blocking), or -1 with `error` set. A short-lived thread joins the
// namespace to create it, so the calling thread's namespace never changes. Needs CAP_SYS_ADMIN.
int listen_in_namespace(int net_namespace_fd, const std::string& address, int port, SocketKind kind,
                        std::string& error);

}  // namespace cldcert::network
