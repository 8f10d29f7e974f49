#include "harness/network/scenario_sandbox.h"

#include <unistd.h>

#include <stdexcept>

#include "harness/network/java_truststore.h"
#include "harness/network/namespace_listener.h"
#include "harness/network/resolver_files.h"
#include "harness/network/cloudinary_hosts.h"

namespace cldcert::network {

std::unique_ptr<ScenarioSandbox> ScenarioSandbox::create(const ScenarioSandboxOptions& options, std::string& error) {
  std::unique_ptr<ScenarioSandbox> sandbox(new ScenarioSandbox());
  SandboxOptions namespaces;
  try {
    namespaces.overlays = write_resolver_files(options.folder, {.tcp_only = options.dns_over_tcp_only});
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
  if (!options.ca_bundle.empty()) {
    sandbox->stores_ = find_ca_stores(machine_ca_store_search(options.integration_root));
    for (const FileOverlay& overlay : overlays_of(sandbox->stores_, options.ca_bundle))
      namespaces.overlays.push_back(overlay);
  }
  if (!options.java_truststore.empty()) {
    for (const auto& store : java_cacerts_stores()) {
      sandbox->stores_.push_back({store, "java-cacerts"});
      namespaces.overlays.push_back({store, options.java_truststore});
    }
  }
  sandbox->namespaces_ = NamespaceSandbox::create(namespaces, error);
  if (!sandbox->namespaces_) return nullptr;

  const int net = sandbox->namespaces_->net_namespace_fd();
  int udp = listen_in_namespace(net, "127.0.0.1", 53, SocketKind::kUdp, error);
  int tcp = udp < 0 ? -1 : listen_in_namespace(net, "127.0.0.1", 53, SocketKind::kTcp, error);
  if (tcp < 0) {
    if (udp >= 0) ::close(udp);
    return nullptr;
  }
  sandbox->dns_ = std::make_unique<DnsResponder>(
      udp, tcp, options.answers_locally ? options.answers_locally : LocalHostRule(is_cloudinary_host));
  for (int port : options.tcp_ports) {
    int fd = listen_in_namespace(net, "0.0.0.0", port, SocketKind::kTcp, error);
    if (fd < 0) return nullptr;
    sandbox->listeners_[port] = fd;
  }
  return sandbox;
}

ScenarioSandbox::~ScenarioSandbox() {
  for (const auto& [port, fd] : listeners_)
    if (fd >= 0) ::close(fd);
}

int ScenarioSandbox::take_listener(int port) {
  auto found = listeners_.find(port);
  if (found == listeners_.end()) return -1;
  int fd = found->second;
  found->second = -1;
  return fd;
}

nlohmann::json ScenarioSandbox::evidence() const {
  nlohmann::json out = {{"ca_stores", nlohmann::json::array()},
                        {"resolver_files", nlohmann::json::array()},
                        {"refused_names", nlohmann::json::array()}};
  for (const OverlayOutcome& outcome : namespaces_->overlays()) {
    nlohmann::json entry = {{"path", outcome.overlay.target.string()}, {"covered", outcome.error.empty()}};
    if (!outcome.error.empty()) entry["error"] = outcome.error;
    bool is_store = false;
    for (const CaStore& store : stores_) {
      if (store.path == outcome.overlay.target) {
        entry["kind"] = store.kind;
        is_store = true;
      }
    }
    out[is_store ? "ca_stores" : "resolver_files"].push_back(entry);
  }
  for (const DnsQuestion& question : dns_->refused())
    out["refused_names"].push_back({{"name", question.name}, {"type", question.type}});
  return out;
}

}  // namespace cldcert::network
