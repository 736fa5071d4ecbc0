#pragma once
// A node's final figures as JSON: traffic per peer and category, waits, timings, peak memory and,
// on the node that holds the trained network, the accuracies.
#include <nlohmann/json.hpp>

#include "cluster/schedule.h"

namespace ffw::cluster {

nlohmann::json node_report(const NodeResult& r, const Experiment& e, int node);

// Ranks 0 and 1 bounce messages of 8 B to 16 MiB; rank 0 returns, per size, the one-way latency
// (half the median round trip) and the bandwidth it implies. Other ranks wait at the barrier.
// Half the median round trip of each message size between nodes 0 and 1 (3 round trips to warm up,
// 1 where `repeats` is given); empty sizes: 8 B to 16 MiB, 0 repeats: 200 small, 20 large.
nlohmann::json pingpong(Transport& transport, const std::vector<std::size_t>& sizes = {}, int repeats = 0);

}  // namespace ffw::cluster
