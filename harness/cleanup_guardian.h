// A tiny process forked at start that outlives cldcert, so scratch folders (mock credentials, GiBs of
// upload chunks) are removed even when cldcert dies in a way it cannot clean up after: SIGKILL, a crash.
#pragma once

namespace cldcert {

// Forks the guardian (call while cldcert has a single thread) and forwards it every folder tracked by
// mocks/owned_temp_folder and every process group run_process starts. When cldcert ends by any means
// the guardian's end of the socket reads EOF: it stops the groups still running and removes the
// folders still tracked (none of either after a clean exit), and exits. Once per process; a
// failure to fork only loses this safety net, so it is reported on stderr and the run goes on.
void start_cleanup_guardian();

}  // namespace cldcert
