#include "harness/evidence_file.h"

#include "mocks/utf8.h"

namespace cldcert {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

nlohmann::json store_to_json(const StoreSnapshot& store) {
  nlohmann::json assets = nlohmann::json::array(), named = nlohmann::json::array();
  for (const auto& a : store.assets) {
    assets.push_back({{"cloud", a.cloud},
                      {"resource_type", a.resource_type},
                      {"type", a.type},
                      {"public_id", a.public_id},
                      {"bytes", a.bytes},
                      {"sha256", a.sha256}});
  }
  for (const auto& n : store.named_transformations) {
    named.push_back({{"cloud", n.cloud}, {"name", n.name}, {"definition", n.definition}});
  }
  return {{"assets", assets}, {"named_transformations", named}};
}

StoreSnapshot store_from_json(const nlohmann::json& j) {
  StoreSnapshot out;
  for (const auto& a : j.at("assets")) {
    out.assets.push_back(
        {a.at("cloud"), a.at("resource_type"), a.at("type"), a.at("public_id"), a.at("bytes"), a.at("sha256")});
  }
  for (const auto& n : j.at("named_transformations"))
    out.named_transformations.push_back({n.at("cloud"), n.at("name"), n.at("definition")});
  return out;
}

// A string as the bundle's JSON writer (error_handler_t::replace) will write it, so checks judge
// the bytes a re-derivation from the bundle reads back.
void as_written(nlohmann::json& node) {
  auto rewrite = [&node] { node = nlohmann::json::parse(node.dump(-1, ' ', false, kReplace)); };
  if (node.is_string() && !mock::is_valid_utf8(node.get_ref<const std::string&>())) return rewrite();
  if (!node.is_structured()) return;
  if (node.is_object()) {
    for (const auto& item : node.items()) {
      if (!mock::is_valid_utf8(item.key())) return rewrite();
    }
  }
  for (auto& child : node) as_written(child);
}

network::TlsProbe probe_from_json(const std::string& name) {
  auto probe = network::parse_tls_probe(name);
  if (!probe) throw std::runtime_error("a TLS probe named '" + name + "': expected unknown_issuer or wrong_host");
  return *probe;
}

}  // namespace

nlohmann::json output_leak_to_json(const OutputLeak& leak) {
  return {{"stream", leak.stream}, {"line", leak.line},       {"column", leak.column},
          {"rule", leak.rule},     {"excerpt", leak.excerpt}, {"fingerprint", leak.fingerprint},
          {"offset", leak.offset}};
}

nlohmann::json step_to_json(const StepRecord& s) {
  nlohmann::json leaks = nlohmann::json::array();
  for (const auto& leak : s.output_leaks) leaks.push_back(output_leak_to_json(leak));
  nlohmann::json out{{"output_leaks", leaks},
                     {"index", s.index},
                     {"action", s.action},
                     {"cloud", s.cloud},
                     {"args", s.args},
                     {"expect", step_expect_to_json(s.expect)},
                     {"exit_code", s.exit_code},
                     {"timed_out", s.timed_out},
                     {"term_signal", s.term_signal},
                     {"error", s.error},
                     {"skipped", s.skipped},
                     {"duration_ms", s.duration_ms},
                     {"stdout", s.stdout_text},
                     {"stderr", s.stderr_text},
                     {"result", s.last_json},
                     {"journal", {{"after", s.first_journal_id}, {"through", s.last_journal_id}}},
                     {"store_after", store_to_json(s.store_after)}};
  if (s.concurrent_group) out["concurrent_group"] = *s.concurrent_group;
  // Only where the network was watched: an env-mode bundle stays as it was.
  if (s.egress) {
    out["egress"] = nlohmann::json::array();
    for (const auto& a : *s.egress) {
      out["egress"].push_back({{"host", a.host}, {"port", a.port}, {"how", a.how}, {"unix_ms", a.unix_ms}});
    }
  }
  if (s.tls_probe != network::TlsProbe::kNone) out["tls_probe"] = network::tls_probe_name(s.tls_probe);
  if (s.tls) {
    out["tls"] = nlohmann::json::array();
    for (const auto& h : *s.tls) {
      out["tls"].push_back({{"host", h.host},
                            {"port", h.port},
                            {"probe", network::tls_probe_name(h.probe)},
                            {"accepted", h.accepted},
                            {"alert", h.alert},
                            {"unix_ms", h.unix_ms}});
    }
  }
  return out;
}

StepRecord step_from_json(const nlohmann::json& j) {
  StepRecord s;
  s.index = j.at("index");
  s.action = j.at("action");
  s.cloud = j.at("cloud");
  s.args = j.at("args").get<std::map<std::string, std::string>>();
  // Bundles of cldcert 0.2 say "expected_failure": true where later ones say "expect": "refusal".
  if (j.contains("expect")) {
    auto expect = step_expect_from_json(j["expect"]);
    if (!expect) throw std::runtime_error("step " + j.at("index").dump() + ": /expect: expected " + kStepExpectForms);
    s.expect = *expect;
  } else if (j.at("expected_failure").get<bool>()) {
    s.expect.kind = StepExpect::Kind::kRefusal;
  }
  s.exit_code = j.at("exit_code");
  s.timed_out = j.at("timed_out");
  s.term_signal = j.value("term_signal", 0);  // bundles of cldcert 0.2 stopped at any error anyway
  s.error = j.at("error");
  s.skipped = j.value("skipped", "");  // bundles of cldcert 0.2 have no optional steps
  s.duration_ms = j.at("duration_ms");
  s.stdout_text = j.at("stdout");
  s.stderr_text = j.at("stderr");
  s.last_json = j.at("result");
  s.first_journal_id = j.at("journal").at("after");
  s.last_journal_id = j.at("journal").at("through");
  s.store_after = store_from_json(j.at("store_after"));
  if (j.contains("concurrent_group")) s.concurrent_group = j["concurrent_group"].get<std::size_t>();
  if (j.contains("egress")) {
    s.egress.emplace();
    for (const auto& a : j["egress"]) s.egress->push_back({a.at("host"), a.at("port"), a.at("how"), a.at("unix_ms")});
  }
  s.tls_probe = probe_from_json(j.value("tls_probe", ""));
  if (j.contains("tls")) {
    s.tls.emplace();
    for (const auto& h : j["tls"]) {
      s.tls->push_back({h.at("host"), h.at("port"), probe_from_json(h.at("probe").get<std::string>()), h.at("accepted"),
                        h.at("alert"), h.at("unix_ms")});
    }
  }
  for (const auto& l : j.at("output_leaks")) {
    // Bundles written before offsets were recorded have none.
    s.output_leaks.push_back({l.at("stream"), l.at("line"), l.at("column"), l.at("rule"), l.at("excerpt"),
                              l.at("fingerprint"), l.value("offset", std::size_t{0})});
  }
  return s;
}

nlohmann::json evidence_to_json(const ScenarioEvidence& evidence) {
  nlohmann::json steps = nlohmann::json::array(), fixtures = nlohmann::json::object();
  for (const auto& s : evidence.steps) steps.push_back(step_to_json(s));
  for (const auto& [path, f] : evidence.fixtures) {
    fixtures[path] = {{"name", f.name}, {"size", f.size}, {"sha256", f.sha256}};
    if (!f.head_sha256.empty()) fixtures[path]["head_sha256"] = f.head_sha256;
    if (!f.tail_sha256.empty()) fixtures[path]["tail_sha256"] = f.tail_sha256;
  }
  nlohmann::json out = {{"schema", "cldcert/evidence/v1"},
                        {"run_id", evidence.run_id},
                        {"scenario", evidence.scenario},
                        {"journal_sha256", evidence.journal_sha256},
                        {"reason", evidence.reason},
                        {"steps", steps},
                        {"fixtures", fixtures}};
  if (!evidence.verified_with_secrets.empty())
    out["verified_with_secrets"] = secret_facts_to_json(evidence.verified_with_secrets);
  return out;
}

ScenarioEvidence evidence_from_json(const nlohmann::json& j) {
  ScenarioEvidence out;
  for (const auto& s : j.at("steps")) out.steps.push_back(step_from_json(s));
  for (const auto& [path, f] : j.at("fixtures").items())
    // head_sha256/tail_sha256: absent from a bundle written before live runs probed deliveries by range.
    out.fixtures[path] = FixtureFacts{f.at("name"), f.at("size"), f.at("sha256"), f.value("head_sha256", ""),
                                      f.value("tail_sha256", "")};
  out.run_id = j.at("run_id");
  out.scenario = j.at("scenario");
  out.journal_sha256 = j.at("journal_sha256");
  out.reason = j.at("reason");
  if (j.contains("verified_with_secrets"))
    out.verified_with_secrets = secret_facts_from_json(j["verified_with_secrets"]);
  return out;
}

std::vector<mock::JournalEntry> redacted_journal(const std::vector<mock::JournalEntry>& entries,
                                                 const mock::Redactor& redactor) {
  std::vector<mock::JournalEntry> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(redacted_json(e, redactor).get<mock::JournalEntry>());
  return out;
}

nlohmann::json redacted_json(nlohmann::json value, const mock::Redactor& redactor) {
  as_written(value);
  redactor.redact(value);
  return value;
}

}  // namespace cldcert
