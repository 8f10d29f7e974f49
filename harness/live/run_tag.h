// A live run's own id and the tag it puts on every asset it creates (`cldcert-<run id>`), so what a run
// left behind can be found and attributed to it later (`cldcert live-cleanup`), and nothing else can.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cldcert::live {

// Every cldcert run tag starts so; the Admin API's tag listing takes it as its prefix.
inline constexpr std::string_view kRunTagPrefix = "cldcert-";

// "20261203-225500-3f9a1c": the UTC second the run started and 6 random hex digits. Unique across runs,
// unlike report.json's run_id, which the seed fixes so that a run can be re-derived.
std::string live_run_id(std::int64_t unix_seconds, std::string_view random_hex);
// The same from the system clock and std::random_device.
std::string new_live_run_id();

// "cldcert-<run id>".
std::string run_tag(std::string_view run_id);

// Whether `id` has a live_run_id's shape.
bool is_live_run_id(std::string_view id);

// The run id in a tag cldcert wrote (kRunTagPrefix + a live_run_id), else "": a partner's own tag that
// happens to start with "cldcert-" does not make its assets cldcert's.
std::string run_id_of_tag(std::string_view tag);

}  // namespace cldcert::live
