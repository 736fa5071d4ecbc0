#pragma once
// The PFF schedules (pff-algorithm.md 2.2-2.4) over a Transport: Sequential (N = 1), Single-Layer
// (node i trains stage i; a wavefront over chapters), All-Layers (chapters round a ring of N
// nodes) and Federated (All-Layers on per-node shards; raw data never leave a node). One call runs
// one node's share; every node of a run calls it with its own rank's transport.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cluster/transport.h"
#include "core/dataset.h"
#include "core/experiment.h"
#include "core/node_trainer.h"
#include "core/schedule_layout.h"
#include "core/trainer.h"

namespace ffw::cluster {

struct ScheduleOptions {
  std::filesystem::path checkpoint_dir;  // empty: no checkpoints
  bool evaluate_each_chapter = true;
  bool resume = false;                   // continue from the checkpoints in checkpoint_dir
  int stop_after_chapters = 0;           // > 0: stop once the run has done this many chapters
  bool final_evaluation = true;
  bool reformed = false;                 // an elastic ring re-formed: the negatives are drawn for the node's new chapters
};

struct NodeResult {
  TrainStatus status = TrainStatus::Finished;
  int chapters_done = 0;                    // chapters of the run this node completed
  double wall_seconds = 0;
  double train_seconds = 0;  // when every node had finished training (after the drain), before the final evaluation
  TrafficCounters traffic;
  TrainTimings timings;
  bool holds_final_model = false;           // this node ends with the trained network
  std::optional<Model> model;               // when it does
  std::map<std::string, double> test_accuracy;  // when it does
  Eigen::MatrixXi confusion;
  std::string primary_readout;
};

// Runs node `transport.rank()` of the experiment. `data` is the full data set; a federated node
// trains on its shard only.
NodeResult run_node(const Experiment& e, const DataSplit& data, Transport& transport, NodeContext context,
                    const ScheduleOptions& options);

// cluster.data_source "rank0": rank 0 (which has loaded `data`) sends every other rank the
// training, validation and test sets and the preprocessing, counted as data bytes; the other ranks
// fill `data`. Does nothing for "local" (every host reads its own copy).
void distribute_data(const Experiment& e, Transport& transport, DataSplit& data);

std::filesystem::path node_checkpoint(const std::filesystem::path& dir, int node, int chapter);
// A ring run (All-Layers, Federated) from its nodes' checkpoints in `dir`: the last chapter up to
// which every chapter is done (0-based; -1: none).
int ring_last_complete(const Experiment& e, const std::filesystem::path& dir);
// An elastic ring after RingChanged: re-forms the transport over the survivors, finds the run's
// last complete chapter from every node's checkpoints (a survivor's checkpoints are on the shared
// disk of local workers, and the dead node's are whole: they are written atomically), reports what
// the survivors go on from (the lowest survivor), and returns the ring they go on with.
ReformedRing reform_after_loss(const Experiment& e, Transport& transport, const std::filesystem::path& checkpoint_dir);
// A damaged checkpoint renamed to FILE.damaged (kept, never read again); returns the new name.
std::filesystem::path set_aside(const std::filesystem::path& checkpoint);
// Before a resume: each node's newest checkpoint in `dir` that does not load is set aside, until
// its newest one loads (or none is left), so that the run resumes from the last chapter every
// node has intact. One note for the user per file set aside.
std::vector<std::string> set_aside_damaged_checkpoints(const std::filesystem::path& dir, int nodes, int chapters);

}  // namespace ffw::cluster
