#pragma once
// The network lab (`cluster.launcher: "lab"`): Open MPI ranks on emulated hosts of this machine,
// each a network, UTS and mount namespace joined to a bridge by a veth shaped with tbf, built by
// the `ffw-lab` script inside an unprivileged user namespace (docs/cluster.md, "The network lab").
// This file plans the lab (hosts, cores, threads), says whether it can be built here, and reads
// back what the kernel counted on every link.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/experiment.h"

namespace ffw::cluster {

struct LabPlan {
  int hosts = 1;
  int nodes_per_host = 1;              // ranks fill host 0 first (mpirun's slots)
  std::vector<std::string> cores;      // per host: "0", "2-3", or "-" where hosts share cores
  bool pinned = false;
  int threads_per_node = 1;
  std::vector<double> bandwidth_mbit;  // per host; 0: unshaped
  double heartbeat_timeout_seconds = 2.0;
  std::vector<std::string> notes;      // for the user: placement, shared cores
  int host_of(int node) const { return node / nodes_per_host; }
};

// `cores`: the cores this process may use.
LabPlan plan_lab(const Experiment& e, int cores);

// Where ffw-lab is: next to ffw-worker.
std::string find_lab_script(const std::string& worker);

// How a lab can be built here: "user-namespace" (unprivileged), "root" (user namespaces are
// forbidden, but this is root), or "" with `why` set to the reason and what to do, for the user,
// before anything starts.
std::string lab_mode(const std::string& lab_script, std::string* why);

// The kernel's byte counters of every host's link over the run (ffw-lab writes them to
// logs/lab-links-{before,after}.json), beside the payload the nodes counted across that link.
nlohmann::json lab_links(const std::filesystem::path& logs, const std::string& prefix, const LabPlan& plan,
                         const nlohmann::json& node_reports);

}  // namespace ffw::cluster
