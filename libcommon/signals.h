// SIGINT/SIGTERM request a clean stop: the driver finishes the record at
// hand, flushes, checkpoints and exits. A second signal stops at once.
#pragma once

namespace sp {

void install_stop_handlers();
bool stop_requested();
int stop_signal();  // the signal that asked for the stop, 0 if none

}  // namespace sp
