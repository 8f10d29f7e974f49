// One scenario's network sandbox, whole: the namespaces with the resolver files and every CA store
// found overlaid, the DNS responder on its 127.0.0.1:53, and catch-all listeners (0.0.0.0:443 and :80)
// for the front to serve. Every step of the scenario runs inside through launcher().
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/network/ca_stores.h"
#include "harness/network/dns_responder.h"
#include "harness/network/namespace_sandbox.h"

namespace cldcert::network {

struct ScenarioSandboxOptions {
  std::filesystem::path folder;            // the generated resolver files go here
  std::filesystem::path ca_bundle;         // the run's bundle; empty: CA stores left as they are
  std::filesystem::path integration_root;  // searched for vendored CA stores
  std::filesystem::path java_truststore;   // mounted over the JDK's cacerts (java_truststore.h); empty: none
  std::vector<int> tcp_ports = {443, 80};
  LocalHostRule answers_locally;  // empty: is_cloudinary_host
  bool dns_over_tcp_only = false;
};

class ScenarioSandbox {
 public:
  // nullptr and `error` set when a part cannot be made (namespaces, a listener, the resolver files).
  static std::unique_ptr<ScenarioSandbox> create(const ScenarioSandboxOptions& options, std::string& error);
  ~ScenarioSandbox();

  // ProcessSpec::launcher for a step that runs in `cwd`.
  std::vector<std::string> launcher(const std::filesystem::path& cwd) const { return namespaces_->enter_prefix(cwd); }
  // The listening socket of `port`, now the caller's to serve and close; -1 when not made or already taken.
  int take_listener(int port);
  std::vector<DnsQuestion> refused_names() const { return dns_->refused(); }
  // What the sandbox covered: each CA store and resolver file (mounted, or why not), and the refused names.
  nlohmann::json evidence() const;

 private:
  ScenarioSandbox() = default;
  std::unique_ptr<NamespaceSandbox> namespaces_;
  std::unique_ptr<DnsResponder> dns_;
  std::map<int, int> listeners_;
  std::vector<CaStore> stores_;
};

}  // namespace cldcert::network
