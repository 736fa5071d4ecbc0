#pragma once
// `ffw plan` and the workbench's Plan page: for each variant and node count, the simulated run of
// the experiment on the calibrated costs (core/schedule_simulator.h): training time, speed-up,
// idle per node, bytes per link, cost and energy, and a recommendation.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calibration.h"
#include "core/experiment.h"

namespace ffw {

enum class PlanGoal { Fastest, Cheapest };

struct PlanRequest {
  std::vector<Variant> variants;             // empty: every distributed variant and both baselines
  std::vector<int> nodes = {1, 2, 4, 8, 16};
  double bandwidth_mbit = 0;                 // > 0: one host per node joined by links of this rate
  double latency_ms = 0;                     // per message (not validated: the lab cannot emulate it)
  std::vector<double> slowdown;              // per node (1 for the rest)
  bool mpi = false;                          // nodes of one machine exchange through Open MPI
  bool lab = false;                          // the links are the network lab's (on this machine)
  double price_per_node_hour = 0.5;
  double watts_per_node = 150;
  PlanGoal goal = PlanGoal::Fastest;
  bool auto_placement = false;               // rows with a placement to choose (choose_placement): the best one
  bool record_timeline = false;              // keep each row's predicted timeline (timeline.csv's segments)
};

// cluster.placement "auto": the placements the variant allows, simulated; the one with the least
// predicted time, and the preset's time beside it.
// - Single-Layer, GPipe: every placement of the pipeline's stages on the nodes (contiguous runs, in
//   order, each node at least one stage) -> stage_nodes.
// - All-Layers, Federated: which node takes each chapter -> chapter_nodes. Every sequence (each node
//   at least one chapter) where there are at most kExhaustiveChapterPlacements of them; beyond
//   that, chapter shares in proportion to node speed^a (a = 0, 0.5, 1, 1.5, 2, 3; and the fastest
//   node's share one more or one less), each spread evenly over the run.
// - data-parallel BP: each node's share of a batch -> batch_shares, in samples of a full batch in
//   proportion to node speed^a (a = 0, 0.25, ..., 2).
// A placement replaces the preset only where it is predicted more than 0.5 % faster; else the
// choice is the preset itself, written out (preset_kept).
struct PlacementChoice {
  std::vector<int> stage_nodes, chapter_nodes, batch_shares;  // one of them
  double predicted_seconds = 0, preset_seconds = 0;
  int candidates = 0;
  bool preset_kept = false;
  bool empty() const { return stage_nodes.empty() && chapter_nodes.empty() && batch_shares.empty(); }
  void apply_to(Experiment& e) const {
    if (!stage_nodes.empty()) e.stage_nodes = stage_nodes;
    if (!chapter_nodes.empty()) e.chapter_nodes = chapter_nodes;
    if (!batch_shares.empty()) e.batch_shares = batch_shares;
  }
  // The experiment key it sets (cluster.KEY) and its values.
  const char* key() const {
    return !stage_nodes.empty() ? "stage_nodes" : !chapter_nodes.empty() ? "chapter_nodes" : "batch_shares";
  }
  const std::vector<int>& values() const {
    return !stage_nodes.empty() ? stage_nodes : !chapter_nodes.empty() ? chapter_nodes : batch_shares;
  }
};
constexpr int kExhaustiveChapterPlacements = 1024;

struct PlanRow {
  Variant variant = Variant::Sequential;
  int nodes = 1;
  std::string skipped;   // why there is no prediction (the variant cannot run so), else empty
  double seconds = 0;    // predicted training time
  double speedup_vs_sequential = 0, speedup_vs_bp = 0;
  double bubble = 0;
  std::vector<double> idle;                       // per node
  std::vector<std::vector<std::int64_t>> bytes;   // [from][to]
  std::int64_t total_bytes = 0;
  double cost = 0;       // nodes x hours x price
  double energy_wh = 0;  // nodes x watts x hours
  PlacementChoice placement;     // with auto placement: the chosen one, and the preset's predicted time
  std::vector<Segment> timeline;  // with record_timeline: every node's predicted segments
};

struct Plan {
  std::vector<PlanRow> rows;
  int recommended = -1;  // index into rows
  std::string recommendation;  // in words
};

Plan make_plan(const Experiment& e, const Calibration& c, const PlanRequest& request);

PlacementChoice choose_placement(const Experiment& e, const Calibration& c, const PlanRequest& request);
// A placement in words: "0,0,1,1,1".
std::string placement_text(const std::vector<int>& nodes);
// Chapters spread over nodes in the given shares (each >= 0, summing to the chapters), evenly:
// smooth weighted round robin, the node furthest behind its share next (ties to the lower node).
std::vector<int> spread_chapters(const std::vector<int>& shares);
// The experiment a plan row predicts: `v` on `nodes` nodes (planned_experiment) with the request's
// slow nodes and a launcher for them; its placement is the preset (plan_row chooses one).
Experiment plan_experiment(const Experiment& e, const PlanRequest& request, Variant v, int nodes);
// One row of make_plan: plan_experiment, placed where the request asks for auto placement.
PlanRow plan_row(const Experiment& e, const Calibration& c, const PlanRequest& request, Variant v, int nodes);
// One prediction: the experiment as given.
PlanRow predict(const Experiment& e, const Calibration& c, const PlanRequest& request);
nlohmann::json to_json(const PlanRow& row);

}  // namespace ffw
