#pragma once
// Open MPI hostfiles, read before mpirun sees them: "host [slots=N] [max_slots=N]" a line, "#"
// comments. A line that looks like an option, carries shell characters or anything else is
// refused with its line number, instead of mpirun's raw FORCE-TERMINATE.
#include <filesystem>
#include <string>
#include <vector>

namespace ffw {

struct HostfileEntry {
  std::string host;
  int slot_count = 1;  // slots=N (not "slots": a Qt keyword)
  int line = 0;  // 1-based
};

// Throws Error(Experiment) "FILE:LINE: why" for the first bad line, Error(Io) when unreadable.
std::vector<HostfileEntry> read_hostfile(const std::filesystem::path& file);
// The same for text already read (`where` names it in messages).
std::vector<HostfileEntry> parse_hostfile(const std::string& text, const std::string& where);

}  // namespace ffw
