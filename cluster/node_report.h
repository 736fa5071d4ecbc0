#pragma once
// A node's final figures as JSON: traffic per peer and category, waits, timings, peak memory and,
// on the node that holds the trained network, the accuracies.
#include <nlohmann/json.hpp>

#include "cluster/schedule.h"

namespace ffw::cluster {

nlohmann::json node_report(const NodeResult& r, const Experiment& e, int node);

}  // namespace ffw::cluster
