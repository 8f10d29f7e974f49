#include "harness/network/dns_responder.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "mocks/text.h"

namespace cldcert::network {

namespace {

// RFC 1035 §4.1.1: the header's fields and flags.
constexpr std::size_t kHeaderSize = 12;
constexpr std::uint16_t kResponse = 0x8000, kAuthoritative = 0x0400, kRecursionDesired = 0x0100,
                        kRecursionAvailable = 0x0080;
constexpr int kFormatError = 1, kNameError = 3, kNotImplemented = 4;
constexpr std::uint16_t kTypeA = 1, kTypeAny = 255, kClassIn = 1;

std::uint16_t u16_at(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) |
                                    static_cast<unsigned char>(bytes[at + 1]));
}

void put_u16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xff));
}

std::string type_name(std::uint16_t type) {
  switch (type) {
    case 1: return "A";
    case 2: return "NS";
    case 5: return "CNAME";
    case 6: return "SOA";
    case 12: return "PTR";
    case 15: return "MX";
    case 16: return "TXT";
    case 28: return "AAAA";
    case 33: return "SRV";
    case 64: return "SVCB";
    case 65: return "HTTPS";
    case 255: return "ANY";
    default: return "TYPE" + std::to_string(type);
  }
}

struct Question {
  std::string name;     // lower case, no trailing dot
  std::size_t end = 0;  // offset just past QTYPE and QCLASS
  std::uint16_t type = 0, klass = 0;
};

// The question at offset 12 (uncompressed, as every query is), or false if it is malformed.
bool parse_question(std::string_view query, Question& question) {
  std::size_t at = kHeaderSize;
  std::size_t wire_length = 0;
  for (;;) {
    if (at >= query.size()) return false;
    const auto label_length = static_cast<unsigned char>(query[at++]);
    if (label_length == 0) break;
    if (label_length > 63 || at + label_length > query.size()) return false;  // 0xC0: a pointer, not in a query
    wire_length += label_length + 1;
    if (wire_length > 255) return false;
    if (!question.name.empty()) question.name.push_back('.');
    question.name += text::lower(query.substr(at, label_length));
    at += label_length;
  }
  if (at + 4 > query.size()) return false;
  question.type = u16_at(query, at);
  question.klass = u16_at(query, at + 2);
  question.end = at + 4;
  return true;
}

std::string header(std::string_view query, int rcode, std::uint16_t questions, std::uint16_t answers,
                   bool authoritative) {
  std::string out(query.substr(0, 2));  // the id
  const std::uint16_t asked = u16_at(query, 2);
  std::uint16_t flags = kResponse | (asked & 0x7800) | (asked & kRecursionDesired) | kRecursionAvailable;
  if (authoritative) flags |= kAuthoritative;
  put_u16(out, static_cast<std::uint16_t>(flags | rcode));
  put_u16(out, questions);
  put_u16(out, answers);
  put_u16(out, 0);
  put_u16(out, 0);
  return out;
}

bool is_reverse_lookup(std::string_view name) { return name.ends_with(".arpa") || name == "arpa"; }

}  // namespace

std::string dns_answer(std::string_view query, const LocalHostRule& answers_locally,
                       const std::function<void(DnsQuestion)>& refused) {
  if (query.size() < kHeaderSize || (u16_at(query, 2) & kResponse)) return "";
  const int opcode = (u16_at(query, 2) >> 11) & 0xf;
  if (opcode != 0) return header(query, kNotImplemented, 0, 0, false);
  Question question;
  if (u16_at(query, 4) != 1 || !parse_question(query, question)) return header(query, kFormatError, 0, 0, false);

  const std::string_view asked = query.substr(kHeaderSize, question.end - kHeaderSize);
  const bool local = question.name == "localhost" || answers_locally(question.name);
  if (!local) {
    // A reverse lookup asks about an address, it reaches no one: not an egress attempt.
    if (!is_reverse_lookup(question.name)) refused({question.name, type_name(question.type)});
    return header(query, kNameError, 1, 0, true) + std::string(asked);
  }
  const bool address = (question.type == kTypeA || question.type == kTypeAny) && question.klass == kClassIn;
  std::string out = header(query, 0, 1, address ? 1 : 0, true) + std::string(asked);
  if (address) {
    put_u16(out, 0xc000 | kHeaderSize);  // the name: a pointer to the question's
    put_u16(out, kTypeA);
    put_u16(out, kClassIn);
    out += std::string("\0\0\0\x3c", 4);  // TTL 60 s
    put_u16(out, 4);
    out += std::string("\x7f\0\0\x01", 4);  // 127.0.0.1
  }
  return out;
}

DnsResponder::DnsResponder(int udp_fd, int tcp_fd, LocalHostRule answers_locally)
    : udp_fd_(udp_fd), tcp_fd_(tcp_fd), answers_locally_(std::move(answers_locally)) {
  if (::pipe2(wake_, O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
  if (tcp_fd_ >= 0) ::fcntl(tcp_fd_, F_SETFL, ::fcntl(tcp_fd_, F_GETFL) | O_NONBLOCK);
  thread_ = std::thread([this] { serve(); });
}

DnsResponder::~DnsResponder() {
  if (wake_[1] >= 0) ::close(wake_[1]);  // EOF on wake_[0] ends serve()
  thread_.join();
  for (int fd : {wake_[0], udp_fd_, tcp_fd_})
    if (fd >= 0) ::close(fd);
}

std::vector<DnsQuestion> DnsResponder::refused() const {
  std::lock_guard lock(mu_);
  return refused_;
}

void DnsResponder::record(DnsQuestion question) {
  std::lock_guard lock(mu_);
  for (const DnsQuestion& seen : refused_)
    if (seen == question) return;
  refused_.push_back(std::move(question));
}

void DnsResponder::serve() {
  for (;;) {
    pollfd fds[3] = {{wake_[0], POLLIN, 0}, {udp_fd_, POLLIN, 0}, {tcp_fd_, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents) return;
    if (fds[1].revents & POLLIN) answer_udp();
    if (fds[2].revents & POLLIN) answer_tcp();
  }
}

void DnsResponder::answer_udp() {
  char buffer[4096];
  sockaddr_storage from{};
  socklen_t from_size = sizeof from;
  ssize_t n = ::recvfrom(udp_fd_, buffer, sizeof buffer, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &from_size);
  if (n <= 0) return;
  std::string reply = dns_answer(std::string_view(buffer, static_cast<std::size_t>(n)), answers_locally_,
                                 [this](DnsQuestion q) { record(std::move(q)); });
  if (!reply.empty())
    ::sendto(udp_fd_, reply.data(), reply.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), from_size);
}

namespace {

bool read_exactly(int fd, char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::recv(fd, data, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

// RFC 1035 §4.2.2: each message prefixed by its two-byte length; a client may send several.
void DnsResponder::answer_tcp() {
  int connection = ::accept4(tcp_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (connection < 0) return;
  // Answered on the serving thread: a client that stalls holds it up at most this long.
  timeval timeout{1, 0};
  ::setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  char length_bytes[2];
  while (read_exactly(connection, length_bytes, 2)) {
    std::string query(u16_at(std::string_view(length_bytes, 2), 0), '\0');
    if (!read_exactly(connection, query.data(), query.size())) break;
    std::string reply = dns_answer(query, answers_locally_, [this](DnsQuestion q) { record(std::move(q)); });
    if (reply.empty()) break;
    std::string framed;
    put_u16(framed, static_cast<std::uint16_t>(reply.size()));
    framed += reply;
    if (::send(connection, framed.data(), framed.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(framed.size())) break;
  }
  ::close(connection);
}

}  // namespace cldcert::network
