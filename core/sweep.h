#pragma once
// A sweep: one base experiment, the values to vary (named by the JSON paths the rulebook reports),
// groups of values that change together, and seeds; every combination is one run. Its state is a
// file in the runs folder (NAME.sweep-state.json), so a sweep resumes after a crash or a stop.
//
//   {"schema": "ffw-sweep-1", "name": "pff-vs-sequential", "base": "quickstart.json",
//    "vary": [{"/training/chapters": [10, 20]},
//             [{"/algorithm/variant": "sequential", "/cluster/launcher": "in-process", "/cluster/nodes": 1},
//              {"/algorithm/variant": "all-layers", "/cluster/launcher": "local", "/cluster/nodes": 2}]],
//    "seeds": [1, 2, 3]}
//
// An object in "vary" varies each of its paths over its values (one axis per path); an array is a
// group: one axis whose alternatives each set several paths together. An item with more nodes
// than this machine has cores (local workers, the lab, MPI without a hostfile) is refused unless
// the sweep says "oversubscribe": true.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ffw {

struct SweepItem {
  int index = 0;
  nlohmann::json values = nlohmann::json::object();  // path -> value this item sets (with /training/seed)
  nlohmann::json experiment;                          // the base with those values, named NAME-INDEX
  std::string run_dir;                                // once started
  std::string status = "pending";                     // pending, running, finished, failed, stopped
};

struct Sweep {
  std::string name;
  std::filesystem::path file;
  std::vector<SweepItem> items;  // every combination, seeds innermost
  long long pid = 0;             // the `ffw sweep` going through it (saved in the state), 0: none
  // Automatic choices made once for the whole sweep, so its runs stay comparable (saved in the
  // state, reused on resume): e.g. the GEMM backend per network shape and thread count.
  nlohmann::json choices = nlohmann::json::object();
};

// Reads and expands a sweep file; checks every combination against the experiment rulebook before
// anything runs. Throws Error(Experiment) naming the item and its values and each problem, or
// Error(Io)/Error(Data) for a file that cannot be read or is not a sweep.
Sweep load_sweep(const std::filesystem::path& file);

// The state file of `sweep` in `runs`; its items, as saved, where one exists for the same sweep
// (same combinations), else the sweep's own.
std::filesystem::path sweep_state_file(const Sweep& sweep, const std::filesystem::path& runs);
void merge_sweep_state(Sweep& sweep, const std::filesystem::path& runs);
void save_sweep_state(const Sweep& sweep, const std::filesystem::path& runs);
// The pid of the `ffw sweep` process its state file names, where that process still lives and is
// a sweep (not a reused pid); 0 otherwise. Also for a state file alone (the workbench's queue).
long long running_sweep_pid(const std::filesystem::path& state_file);

}  // namespace ffw
