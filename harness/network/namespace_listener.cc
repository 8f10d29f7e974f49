#include "harness/network/namespace_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace cldcert::network {

namespace {

int bound_socket(const std::string& address, int port, SocketKind kind, std::string& error) {
  sockaddr_in where{};
  where.sin_family = AF_INET;
  where.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, address.c_str(), &where.sin_addr) != 1) {
    error = "not an IPv4 address: " + address;
    return -1;
  }
  int type = kind == SocketKind::kTcp ? SOCK_STREAM : SOCK_DGRAM;
  int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  const char* failed = nullptr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&where), sizeof where) != 0)
    failed = "bind";
  else if (kind == SocketKind::kTcp && ::listen(fd, SOMAXCONN) != 0)
    failed = "listen";
  if (failed) {
    error = std::string(failed) + " " + address + ":" + std::to_string(port) + ": " + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

int listen_in_namespace(int net_namespace_fd, const std::string& address, int port, SocketKind kind,
                        std::string& error) {
  int fd = -1;
  // setns(CLONE_NEWNET) changes only the calling thread; this one ends right after.
  std::thread joiner([&] {
    if (::setns(net_namespace_fd, CLONE_NEWNET) != 0) {
      error = std::string("setns(CLONE_NEWNET): ") + std::strerror(errno);
      return;
    }
    fd = bound_socket(address, port, kind, error);
  });
  joiner.join();
  return fd;
}

}  // namespace cldcert::network
