#pragma once
// The cluster pre-flight (`ffw doctor`, and `ffw run` before it starts a run on several hosts):
// what each node's host has, gathered there by ffw-worker (host_report), and what ffw finds wrong
// comparing every host with itself (preflight_lines): one line per host and one per problem.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/experiment.h"

namespace ffw {

// This host: its name, the ffw build, the data files with their size and CRC-32 (or why they
// cannot be read), the memory available and the free space where `run_dir` lives. The MPI
// library's version is added by the caller that has MPI ("mpi_version"). Without `data`, the data
// files are left out (neither read nor checksummed).
nlohmann::json host_report(const Experiment& e, const std::filesystem::path& run_dir, bool data = true);

// Rough needs of a run, for the pre-flight: one node holds the network with its gradients and
// optimizer state, the data as float32 and its input cache; the run directory holds the
// checkpoints it keeps while writing the next (three in process and per ring node, one per chapter
// and node otherwise) and the records.
double node_memory_estimate_mb(const Experiment& e);
double run_disk_estimate_mb(const Experiment& e);

struct PreflightLine {
  std::string text;
  bool problem = false;
};
// `here` is ffw's own host_report; `nodes` one report per node (as its worker sent it), in node
// order. Nodes on one host are judged together (memory is shared).
std::vector<PreflightLine> preflight_lines(const Experiment& e, const nlohmann::json& here,
                                           const std::vector<nlohmann::json>& nodes);

}  // namespace ffw
