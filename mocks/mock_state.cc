#include "mocks/mock_state.h"

#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include "mocks/utc_time.h"
#include "mocks/owned_temp_folder.h"

namespace cldcert::mock {
namespace {

std::filesystem::path resolve_data_dir(const MockOptions& options, bool& owned) {
  owned = options.data_dir.empty();
  return owned ? make_owned_temp_folder("cldcert-mock-") : options.data_dir;
}

}  // namespace

MockState::MockState(MockOptions opts)
    : options(std::move(opts)),
      data_dir(resolve_data_dir(options, owns_data_dir)),
      store(options.accounts, data_dir),
      chunks(
          data_dir / "chunks", [this] { return now_unix(); }, options.chunk_session_idle_seconds),
      ids(options.seed),
      admin_rate_limits(options.admin_rate_limit_per_hour) {}

MockState::~MockState() {
  if (owns_data_dir) remove_owned_temp_folder(data_dir);
}

std::int64_t MockState::now_unix() const {
  if (options.clock) return options.clock();
  return unix_seconds_now();
}

std::int64_t MockState::now_unix_ms() const {
  if (options.clock) return options.clock() * 1000;
  return unix_ms_now();
}

}  // namespace cldcert::mock
