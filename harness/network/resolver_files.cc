#include "harness/network/resolver_files.h"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "mocks/json_problems.h"
#include "mocks/text.h"

namespace cldcert::network {
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::string this_machines_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

}  // namespace

std::string nsswitch_with_files_then_dns(const std::string& nsswitch) {
  std::istringstream lines(nsswitch);
  std::string line, out;
  bool replaced = false;
  while (std::getline(lines, line)) {
    if (text::trim(line).starts_with("hosts:")) {
      if (!replaced) out += "hosts: files dns\n";
      replaced = true;
      continue;
    }
    out += line + "\n";
  }
  if (!replaced) out += "hosts: files dns\n";
  return out;
}

std::vector<FileOverlay> write_resolver_files(const fs::path& folder, ResolverOptions options) {
  fs::create_directories(folder);
  // The machine's own name stays resolvable without DNS: runtimes look it up at start (Java's
  // InetAddress.getLocalHost) and that is no attempt to reach another host.
  std::string hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
  if (std::string name = this_machines_name(); !name.empty() && name != "localhost")
    hosts += "127.0.1.1\t" + name + "\n";
  std::string resolv = "nameserver 127.0.0.1\noptions timeout:1 attempts:1";
  resolv += options.tcp_only ? " use-vc\n" : "\n";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"hosts", hosts},
      {"resolv.conf", resolv},
      {"nsswitch.conf", nsswitch_with_files_then_dns(mock::read_file_text("/etc/nsswitch.conf").text)},
  };
  std::vector<FileOverlay> overlays;
  for (const auto& [name, contents] : files) {
    write_file(folder / name, contents);
    overlays.push_back({fs::path("/etc") / name, folder / name});
  }
  return overlays;
}

}  // namespace cldcert::network
