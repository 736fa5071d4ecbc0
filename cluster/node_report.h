#pragma once
// A node's final figures as JSON: traffic per peer and category, waits, timings, peak memory and,
// on the node that holds the trained network, the accuracies.
#include <nlohmann/json.hpp>

#include "cluster/schedule.h"

namespace ffw::cluster {

nlohmann::json node_report(const NodeResult& r, const Experiment& e, int node);

// Ranks 0 and 1 bounce messages of 8 B to 16 MiB; rank 0 returns, per size, the one-way latency
// (half the median round trip) and the bandwidth it implies. Other ranks wait at the barrier.
nlohmann::json pingpong(Transport& transport);

}  // namespace ffw::cluster
