#pragma once
// `ffw` starting itself as a child (the fault campaign, the elastic benchmark, sweeps): in a
// process group of its own, so a signal to the terminal's group does not reach it uninvited.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ffw::cli {

// `ffw ARGS...` as a child, its stdout and stderr appended to `log`. Throws Error(Io) when it
// cannot be started.
pid_t spawn_ffw(const std::vector<std::string>& args, const std::filesystem::path& log);
// Waits up to `limit` seconds; the exit code (128 + signal when killed), or nullopt on timeout.
std::optional<int> wait_exit(pid_t pid, double limit);

}  // namespace ffw::cli
