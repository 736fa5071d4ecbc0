#pragma once
// Where each part of a distributed run lives and what it costs on the wire, from the experiment
// alone: which node owns which pipeline stage, which node ends with the trained network, the GPipe
// partition, the bytes a stage takes on the wire, and the theoretical bubble. The schedules
// (core/schedules/), the executor (cluster/), the planner and the workbench all read it here.
#include <cstdint>
#include <utility>
#include <vector>

#include "core/bp_mlp.h"
#include "core/experiment.h"
#include "core/model.h"

namespace ffw {

// Which node trains a stage in Single-Layer PFF: cluster.stage_nodes when given, else stage i on
// node i and the rest on the last node.
int single_layer_owner(const Experiment& e, std::size_t stage);
// Which node trains a chapter in All-Layers and Federated PFF: cluster.chapter_nodes when given,
// else chapter k on node k mod N.
int chapter_node(const Experiment& e, int chapter);
// The first chapter after `after` that `node` trains; e.chapters when none is left.
int next_own_chapter(const Experiment& e, int node, int after);
// An elastic ring (cluster.on_node_failure "continue") that has lost nodes, once the run is
// complete up to `last_complete`: the survivors go on from `continued_from`, the latest chapter up
// to it whose node survives (its checkpoint holds the network after it; -1: from the start), and
// train every chapter after it themselves, in the order of the run's chapter placement with the lost
// nodes left out. `experiment` has those chapter_nodes and every lost node in cluster.lost_nodes;
// `redone` are the chapters the run had completed that the survivors train again.
struct ReformedRing {
  Experiment experiment;
  int continued_from = -1;
  std::vector<int> redone;
};
ReformedRing reform_ring(const Experiment& e, const std::vector<int>& lost, int last_complete);
// Data-parallel backprop: node `node`'s part [begin, end) of a batch of `n` samples: contiguous
// parts in proportion to cluster.batch_shares, else equal parts (n * k / N boundaries).
std::pair<std::int64_t, std::int64_t> batch_part(const Experiment& e, int node, std::int64_t n);
// The node that ends with the whole trained network.
int final_model_node(const Experiment& e);

// GPipe: layer ranges [first, last) per stage, contiguous, balancing the parameter count (a
// stand-in for the FLOPs per sample) so the slowest stage is as fast as it can be.
std::vector<std::pair<std::size_t, std::size_t>> gpipe_partition(const std::vector<int>& layer_params, int stages);
std::vector<int> bp_layer_params(const BpMlp& mlp);
// The stages of a GPipe run: the experiment's cluster.stage_nodes when it maps them, else the
// balanced partition over its nodes.
std::vector<std::pair<std::size_t, std::size_t>> gpipe_stages(const Experiment& e, const std::vector<int>& layer_params);
// Bytes of activations plus gradients one epoch sends between GPipe stages, analytically.
std::int64_t gpipe_bytes_per_epoch(const BpMlp& mlp, const std::vector<std::pair<std::size_t, std::size_t>>& parts,
                                   std::int64_t samples);

// The arrays of each stage that a PFF node publishes to the next (weights and biases; local-head
// layers with their heads), stage by stage.
std::vector<std::vector<Param*>> published_stage_params(Model& m);
// What travels with a stage: each array's values in the wire's precision, and with
// algorithm.send_optimizer_state its optimizer state in fp32 (the first moment or SGD velocity,
// the second moment where an optimizer of the run is Adam) and 8 bytes of step count per array.
bool ships_second_moment(const Experiment& e);
std::size_t stage_bytes(const Experiment& e, const std::vector<Param*>& params);
// Bytes of stage parameters a run sends in total, analytically.
std::int64_t analytic_weight_bytes(const Experiment& e, const Model& m);

// Theoretical bubble (idle) fraction with one unit = one stage trained for one chapter (GPipe: one
// micro-batch's forward and backward on one node), for the experiment's nodes, chapters and stages.
double theoretical_bubble(const Experiment& e);

}  // namespace ffw
