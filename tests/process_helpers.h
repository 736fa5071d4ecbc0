#pragma once
// What the end-to-end tests of `ffw run` read back: files of a run directory, and the processes
// a run left (by name and command line, from /proc).
#include <sys/types.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ffw::test {

inline nlohmann::json read_json(const std::filesystem::path& f) {
  std::ifstream in(f);
  return nlohmann::json::parse(in);
}

inline std::string read_file(const std::filesystem::path& f) {
  std::ifstream in(f);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Processes named `name` (any name if empty) whose command line mentions `needle`. A zombie has
// an empty command line and is gone for our purpose.
inline std::vector<pid_t> processes(const std::string& name, const std::string& needle) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string comm = read_file(entry.path() / "comm");
    if (!comm.empty() && comm.back() == '\n') comm.pop_back();
    if (!name.empty() && comm != name) continue;
    std::string cmdline = read_file(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (!cmdline.empty() && cmdline.find(needle) != std::string::npos) out.push_back(static_cast<pid_t>(std::stoi(pid)));
  }
  return out;
}

}  // namespace ffw::test
