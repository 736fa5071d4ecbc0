#include "core/planner.h"

#include <algorithm>
#include <cstdio>

#include "core/error.h"
#include "core/model.h"
#include "core/schedule_simulator.h"

namespace ffw {

PlanRow predict(const Experiment& e, const Calibration& c, const PlanRequest& request) {
  PlanRow row;
  row.variant = e.variant;
  row.nodes = e.nodes;
  try {
    parse_experiment(to_json(e));  // the variant's own rules (stages per node, micro-batches)
  } catch (const Error& x) {
    // "N problems in the experiment:\n  /path: why" -> the reasons, on one line.
    std::string why = x.what();
    if (const auto colon = why.find(":\n"); colon != std::string::npos) why = why.substr(colon + 2);
    for (std::size_t at; (at = why.find("\n")) != std::string::npos;) why.replace(at, 1, "; ");
    while (!why.empty() && why.front() == ' ') why.erase(0, 1);
    row.skipped = why;
    return row;
  }
  if (e.is_backprop() ? !c.has_backprop() : !c.has_forward_forward()) {
    row.skipped = std::string("the calibration has no ") + (e.is_backprop() ? "backprop" : "Forward-Forward") +
                  " costs (" + c.source + "); `ffw probe` measures them";
    return row;
  }
  if (e.variant == Variant::GpipeBp && static_cast<std::size_t>(e.nodes) > e.layers.size() + 1) {
    row.skipped = "gpipe-bp needs a layer per node";
    return row;
  }
  PlanNetwork network;
  network.hosts = request.bandwidth_mbit > 0 ? e.nodes : 0;
  network.bandwidth_mbit = request.bandwidth_mbit;
  network.latency_ms = request.latency_ms;
  network.slowdown = request.slowdown;
  network.mpi = request.mpi;
  network.lab = request.lab;
  // Local workers and the lab's hosts all compute on this one machine.
  network.shared_machine = request.bandwidth_mbit <= 0 || request.lab;
  const Model model = Model::create(e, c.input_dim, c.classes, {});
  const std::int64_t samples = e.data.limit_train > 0 ? std::min<std::int64_t>(e.data.limit_train, c.train_samples) : c.train_samples;
  const ProgramShapes shapes = program_shapes(e, model, samples);
  CalibratedCosts costs(e, shapes, c, network);
  const auto programs = all_programs(e, shapes);
  costs.set_programs(programs);
  const Simulation sim = simulate(e, programs, costs, request.record_timeline);
  row.seconds = sim.seconds;
  row.bubble = sim.bubble();
  for (const auto& n : sim.nodes) {
    row.idle.push_back(n.idle_fraction());
    row.bytes.push_back(n.sent_bytes);
    row.timeline.insert(row.timeline.end(), n.timeline.begin(), n.timeline.end());
  }
  row.total_bytes = sim.sent_bytes();
  const double hours = sim.seconds / 3600.0;
  row.cost = e.nodes * hours * request.price_per_node_hour;
  row.energy_wh = e.nodes * hours * request.watts_per_node;
  return row;
}

PlacementChoice choose_placement(const Experiment& e, const Calibration& c, const PlanRequest& request) {
  PlacementChoice best;
  Experiment p = e;
  p.placement = Placement::Preset;
  p.stage_nodes.clear();
  const PlanRow preset = predict(p, c, request);
  best.preset_seconds = preset.skipped.empty() ? preset.seconds : 0;
  best.predicted_seconds = best.preset_seconds;
  const auto stages = static_cast<int>(e.pipeline_stages());
  if (stages == 0 || e.nodes < 2 || e.nodes > stages) return best;
  // Cut points: node k ends at stage cut[k]; every composition of the stages into e.nodes runs.
  std::vector<int> owner(static_cast<std::size_t>(stages));
  std::vector<int> cut(static_cast<std::size_t>(e.nodes - 1));
  auto visit = [&](auto&& self, int k, int from) -> void {
    if (k == e.nodes - 1) {
      int node = 0;
      for (int s = 0; s < stages; ++s) {
        while (node < e.nodes - 1 && s >= cut[static_cast<std::size_t>(node)]) ++node;
        owner[static_cast<std::size_t>(s)] = node;
      }
      p.stage_nodes = owner;
      ++best.candidates;
      const PlanRow row = predict(p, c, request);
      if (row.skipped.empty() && (best.stage_nodes.empty() || row.seconds < best.predicted_seconds - 1e-12)) {
        best.stage_nodes = owner;
        best.predicted_seconds = row.seconds;
      }
      return;
    }
    for (int at = from + 1; at <= stages - (e.nodes - 1 - k); ++at) {
      cut[static_cast<std::size_t>(k)] = at;
      self(self, k + 1, at);
    }
  };
  visit(visit, 0, 0);
  return best;
}

std::string placement_text(const std::vector<int>& stage_nodes) {
  std::string out;
  for (int n : stage_nodes) {
    if (!out.empty()) out += ',';
    out += std::to_string(n);
  }
  return out;
}

Plan make_plan(const Experiment& e, const Calibration& c, const PlanRequest& request) {
  std::vector<Variant> variants = request.variants;
  if (variants.empty())
    variants = {Variant::Sequential, Variant::AllLayers, Variant::SingleLayer, Variant::Federated, Variant::Bp,
                Variant::GpipeBp, Variant::DataParallelBp};
  Plan plan;
  auto one = [&](Variant v, int nodes) {
    Experiment p = planned_experiment(e, v, nodes);
    p.slowdown = request.slowdown;
    if (p.slowdown.size() > static_cast<std::size_t>(p.nodes)) p.slowdown.resize(static_cast<std::size_t>(p.nodes));
    if (p.nodes > 1 && p.launcher == Launcher::InProcess) p.launcher = request.mpi ? Launcher::Mpi : Launcher::Local;
    if (p.nodes == 1) p.launcher = Launcher::InProcess;
    if (request.auto_placement && p.pipeline_stages() > 0 && p.nodes > 1) {
      const PlacementChoice choice = choose_placement(p, c, request);
      if (!choice.stage_nodes.empty()) {
        p.stage_nodes = choice.stage_nodes;
        PlanRow row = predict(p, c, request);
        row.stage_nodes = choice.stage_nodes;
        row.preset_seconds = choice.preset_seconds;
        return row;
      }
    }
    return predict(p, c, request);
  };
  const PlanRow sequential = one(Variant::Sequential, 1), bp = one(Variant::Bp, 1);
  for (Variant v : variants) {
    const bool single = v == Variant::Sequential || v == Variant::Bp;
    for (int n : request.nodes) {
      if (single && n != 1) continue;
      if (!single && n < 2) continue;  // one node: the baselines' rows
      PlanRow row = one(v, n);
      if (row.skipped.empty()) {
        row.speedup_vs_sequential = sequential.seconds > 0 ? sequential.seconds / row.seconds : 0;
        row.speedup_vs_bp = bp.seconds > 0 ? bp.seconds / row.seconds : 0;
      }
      plan.rows.push_back(std::move(row));
    }
    if (single && std::find(request.nodes.begin(), request.nodes.end(), 1) == request.nodes.end()) {
      PlanRow row = v == Variant::Sequential ? sequential : bp;
      row.speedup_vs_sequential = sequential.seconds / row.seconds;
      row.speedup_vs_bp = bp.seconds / row.seconds;
      plan.rows.push_back(std::move(row));
    }
  }
  // Federated trains each chapter on one node's shard only, so its time is not for the same
  // training: it is recommended only where the experiment is federated.
  for (std::size_t k = 0; k < plan.rows.size(); ++k) {
    const auto& r = plan.rows[k];
    if (!r.skipped.empty() || (r.variant == Variant::Federated && e.variant != Variant::Federated)) continue;
    if (plan.recommended < 0) {
      plan.recommended = static_cast<int>(k);
      continue;
    }
    const auto& best = plan.rows[static_cast<std::size_t>(plan.recommended)];
    const bool better = request.goal == PlanGoal::Fastest ? r.seconds < best.seconds : r.cost < best.cost;
    if (better) plan.recommended = static_cast<int>(k);
  }
  if (plan.recommended >= 0) {
    const auto& r = plan.rows[static_cast<std::size_t>(plan.recommended)];
    char line[400];
    std::snprintf(line, sizeof line, "%s: %s on %d node%s, %.1f s predicted (%.2fx Sequential FF on one node), cost %.4f, %.2f Wh",
                  request.goal == PlanGoal::Fastest ? "fastest" : "cheapest", to_string(r.variant).c_str(), r.nodes,
                  r.nodes == 1 ? "" : "s", r.seconds, r.speedup_vs_sequential, r.cost, r.energy_wh);
    plan.recommendation = line;
  }
  return plan;
}

nlohmann::json to_json(const PlanRow& r) {
  nlohmann::json j = {{"variant", to_string(r.variant)}, {"nodes", r.nodes}};
  if (!r.skipped.empty()) {
    j["skipped"] = r.skipped;
    return j;
  }
  j.update({{"predicted_seconds", r.seconds},
            {"speedup_vs_sequential", r.speedup_vs_sequential},
            {"speedup_vs_bp", r.speedup_vs_bp},
            {"bubble", r.bubble},
            {"idle_per_node", r.idle},
            {"bytes_per_link", r.bytes},
            {"bytes_total", r.total_bytes},
            {"cost", r.cost},
            {"energy_wh", r.energy_wh}});
  if (!r.stage_nodes.empty()) {
    j["stage_nodes"] = r.stage_nodes;
    j["preset_predicted_seconds"] = r.preset_seconds;
  }
  return j;
}

}  // namespace ffw
