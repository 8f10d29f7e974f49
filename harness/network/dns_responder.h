// The sandbox's resolver: a minimal DNS server (UDP and TCP, RFC 1035) on the namespace's 127.0.0.1:53
// that answers the hosts the mock stands in for with 127.0.0.1 and refuses every other name, recorded.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cldcert::network {

// A name the sandbox refused to resolve: an attempt to reach a host other than the mock's.
struct DnsQuestion {
  std::string name;  // lower case, without the trailing dot
  std::string type;  // "A", "AAAA", "HTTPS", … or the number ("TYPE99")
  bool operator==(const DnsQuestion&) const = default;
};

// `answers_locally(name)`: A → 127.0.0.1, any other type → no data (NOERROR, no answer: IPv4 only).
// Any other name → NXDOMAIN, recorded once per {name, type}. A malformed query gets FORMERR.
using LocalHostRule = std::function<bool(std::string_view name)>;

// The bytes of the answer to one query message; empty when `query` is too broken to answer at all.
// `refused` receives the question of a refused name.
std::string dns_answer(std::string_view query, const LocalHostRule& answers_locally,
                       const std::function<void(DnsQuestion)>& refused);

// Serves a UDP socket and a listening TCP socket it is handed (either may be -1) on a thread of its
// own until destroyed. Takes ownership of both descriptors.
class DnsResponder {
 public:
  DnsResponder(int udp_fd, int tcp_fd, LocalHostRule answers_locally);
  ~DnsResponder();
  DnsResponder(const DnsResponder&) = delete;
  DnsResponder& operator=(const DnsResponder&) = delete;

  // Refused questions so far, in the order first asked.
  std::vector<DnsQuestion> refused() const;

 private:
  void serve();
  void answer_udp();
  void answer_tcp();
  void record(DnsQuestion question);

  int udp_fd_, tcp_fd_;
  int wake_[2] = {-1, -1};
  LocalHostRule answers_locally_;
  mutable std::mutex mu_;
  std::vector<DnsQuestion> refused_;
  std::thread thread_;
};

}  // namespace cldcert::network
