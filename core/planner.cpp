#include "core/planner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "core/error.h"
#include "core/model.h"
#include "core/schedule_layout.h"
#include "core/schedule_simulator.h"

namespace ffw {

namespace {

// The model whose shapes a prediction needs. Its weights' values do not matter, and creating one
// draws every weight, which a placement search of a thousand candidates would repeat for nothing:
// the last one is kept, keyed by everything but the cluster section.
const Model& shape_model(const Experiment& e, const Calibration& c) {
  thread_local std::string key;
  thread_local std::optional<Model> model;
  nlohmann::json j = to_json(e);
  j.erase("cluster");
  j["input_dim"] = c.input_dim;
  j["classes"] = c.classes;
  std::string k = j.dump();
  if (!model || k != key) {
    model = Model::create(e, c.input_dim, c.classes, {});
    key = std::move(k);
  }
  return *model;
}

}  // namespace

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
  const Model& model = shape_model(e, c);
  const std::int64_t samples = e.data.limit_train > 0 ? std::min<std::int64_t>(e.data.limit_train, c.train_samples) : c.train_samples;
  const ProgramShapes shapes = program_shapes(e, model, samples);
  Simulation sim;
  try {
    CalibratedCosts costs(e, shapes, c, network);  // refuses costs of another network
    const auto programs = all_programs(e, shapes);
    costs.set_programs(programs);
    sim = simulate(e, programs, costs, request.record_timeline);
  } catch (const Error& x) {
    row.skipped = x.what();
    return row;
  }
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

std::vector<int> spread_chapters(const std::vector<int>& shares) {
  int total = 0;
  for (int c : shares) total += c;
  std::vector<int> out, credit(shares.size(), 0);
  for (int k = 0; k < total; ++k) {
    std::size_t best = 0;
    for (std::size_t n = 0; n < shares.size(); ++n) {
      credit[n] += shares[n];
      if (credit[n] > credit[best]) best = n;
    }
    credit[best] -= total;
    out.push_back(static_cast<int>(best));
  }
  return out;
}

namespace {

// `total` in shares in proportion to weights, each node at least one (largest remainder).
std::vector<int> shares_by(const std::vector<double>& weight, int total) {
  const auto n = weight.size();
  double sum = 0;
  for (double w : weight) sum += w;
  const int spare = total - static_cast<int>(n);
  std::vector<int> share(n, 1);
  std::vector<std::pair<double, std::size_t>> rest;
  int given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double exact = spare * weight[i] / sum;
    const int whole = static_cast<int>(exact);
    share[i] += whole;
    given += whole;
    rest.emplace_back(exact - whole, i);
  }
  std::stable_sort(rest.begin(), rest.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  for (int k = 0; k < spare - given; ++k) ++share[rest[static_cast<std::size_t>(k) % n].second];
  return share;
}

// Every candidate chapter placement for choose_placement (see planner.h).
std::vector<std::vector<int>> chapter_candidates(const Experiment& e) {
  const int nodes = e.nodes, chapters = e.chapters;
  std::vector<std::vector<int>> out;
  if (chapters < nodes) return out;
  double count = 1;
  for (int k = 0; k < chapters && count <= kExhaustiveChapterPlacements; ++k) count *= nodes;
  if (count <= kExhaustiveChapterPlacements) {
    std::vector<int> seq(static_cast<std::size_t>(chapters), 0);
    for (int code = 0; code < static_cast<int>(count); ++code) {
      std::vector<int> used(static_cast<std::size_t>(nodes), 0);
      for (int k = 0, c = code; k < chapters; ++k, c /= nodes) {
        seq[static_cast<std::size_t>(k)] = c % nodes;
        used[static_cast<std::size_t>(c % nodes)] = 1;
      }
      if (std::find(used.begin(), used.end(), 0) == used.end()) out.push_back(seq);
    }
    return out;
  }
  std::vector<std::vector<int>> shares;
  std::size_t fastest = 0;
  for (int n = 0; n < nodes; ++n)
    if (e.slowdown_of(n) < e.slowdown_of(static_cast<int>(fastest))) fastest = static_cast<std::size_t>(n);
  for (double a : {0.0, 0.5, 1.0, 1.5, 2.0, 3.0}) {
    std::vector<double> w;
    for (int n = 0; n < nodes; ++n) w.push_back(std::pow(1.0 / e.slowdown_of(n), a));
    const auto base = shares_by(w, chapters);
    shares.push_back(base);
    for (int step : {-1, 1}) {  // the fastest node one chapter more or fewer, from the slowest or to it
      auto v = base;
      std::size_t slowest = 0;
      for (std::size_t n = 0; n < v.size(); ++n)
        if (e.slowdown_of(static_cast<int>(n)) >= e.slowdown_of(static_cast<int>(slowest))) slowest = n;
      if (slowest == fastest || v[fastest] + step < 1 || v[slowest] - step < 1) continue;
      v[fastest] += step;
      v[slowest] -= step;
      shares.push_back(v);
    }
  }
  std::sort(shares.begin(), shares.end());
  shares.erase(std::unique(shares.begin(), shares.end()), shares.end());
  for (const auto& v : shares) out.push_back(spread_chapters(v));
  return out;
}

// Data-parallel batch shares: samples of a full batch in proportion to node speed^a.
std::vector<std::vector<int>> batch_candidates(const Experiment& e) {
  std::vector<std::vector<int>> out;
  if (e.batch_size < e.nodes) return out;
  for (double a : {0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0}) {
    std::vector<double> w;
    for (int n = 0; n < e.nodes; ++n) w.push_back(std::pow(1.0 / e.slowdown_of(n), a));
    out.push_back(shares_by(w, e.batch_size));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Every stage placement of Single-Layer and GPipe: cut points, node k ending at stage cut[k].
std::vector<std::vector<int>> stage_candidates(const Experiment& e) {
  std::vector<std::vector<int>> out;
  const auto stages = static_cast<int>(e.pipeline_stages());
  if (stages == 0 || e.nodes > stages) return out;
  std::vector<int> owner(static_cast<std::size_t>(stages));
  std::vector<int> cut(static_cast<std::size_t>(e.nodes - 1));
  auto visit = [&](auto&& self, int k, int from) -> void {
    if (k == e.nodes - 1) {
      int node = 0;
      for (int s = 0; s < stages; ++s) {
        while (node < e.nodes - 1 && s >= cut[static_cast<std::size_t>(node)]) ++node;
        owner[static_cast<std::size_t>(s)] = node;
      }
      out.push_back(owner);
      return;
    }
    for (int at = from + 1; at <= stages - (e.nodes - 1 - k); ++at) {
      cut[static_cast<std::size_t>(k)] = at;
      self(self, k + 1, at);
    }
  };
  visit(visit, 0, 0);
  return out;
}

}  // namespace

PlacementChoice choose_placement(const Experiment& e, const Calibration& c, const PlanRequest& request) {
  PlacementChoice best;
  Experiment p = e;
  p.placement = Placement::Preset;
  p.stage_nodes.clear();
  p.chapter_nodes.clear();
  p.batch_shares.clear();
  const PlanRow preset = predict(p, c, request);
  best.preset_seconds = preset.skipped.empty() ? preset.seconds : 0;
  best.predicted_seconds = best.preset_seconds;
  if (e.nodes < 2) return best;
  enum class Kind { Stages, Chapters, Batches };
  const Kind kind = e.chapters_placed() ? Kind::Chapters : e.variant == Variant::DataParallelBp ? Kind::Batches : Kind::Stages;
  // The node speeds the request simulates (plan_experiment copies them into the experiment too).
  Experiment speeds = e;
  if (!request.slowdown.empty()) speeds.slowdown = request.slowdown;
  const auto candidates = kind == Kind::Chapters ? chapter_candidates(speeds)
                          : kind == Kind::Batches ? batch_candidates(speeds)
                                                  : stage_candidates(speeds);
  auto slot = [&](PlacementChoice& x) -> std::vector<int>& {
    return kind == Kind::Chapters ? x.chapter_nodes : kind == Kind::Batches ? x.batch_shares : x.stage_nodes;
  };
  auto field = [&](Experiment& x) -> std::vector<int>& {
    return kind == Kind::Chapters ? x.chapter_nodes : kind == Kind::Batches ? x.batch_shares : x.stage_nodes;
  };
  std::vector<int> chosen, like_preset;
  for (const auto& placement : candidates) {
    field(p) = placement;
    ++best.candidates;
    const PlanRow row = predict(p, c, request);
    if (!row.skipped.empty()) continue;
    if (like_preset.empty() && row.seconds == best.preset_seconds) like_preset = placement;
    if (chosen.empty() || row.seconds < best.predicted_seconds) {
      chosen = placement;
      best.predicted_seconds = row.seconds;
    }
  }
  if (chosen.empty()) return best;
  // A placement must beat the preset by more than 0.5 % to replace it; else the preset stays, in
  // explicit form, so that a run still writes down what it ran.
  if (best.predicted_seconds > best.preset_seconds * 0.995) {
    best.preset_kept = true;
    best.predicted_seconds = best.preset_seconds;
    if (kind == Kind::Chapters) {
      chosen.clear();
      for (int k = 0; k < e.chapters; ++k) chosen.push_back(k % e.nodes);
    } else if (kind == Kind::Batches) {
      chosen.assign(static_cast<std::size_t>(e.nodes), 1);  // equal parts
    } else if (e.variant == Variant::SingleLayer) {
      chosen.clear();
      for (std::size_t s = 0; s < e.pipeline_stages(); ++s) chosen.push_back(single_layer_owner(p, s));
    } else if (!like_preset.empty()) {
      chosen = like_preset;  // GPipe's preset balances parameters: the candidate that simulates the same
    }
  }
  slot(best) = chosen;
  return best;
}

std::string placement_text(const std::vector<int>& nodes) {
  std::string out;
  for (int n : nodes) {
    if (!out.empty()) out += ',';
    out += std::to_string(n);
  }
  return out;
}

Experiment plan_experiment(const Experiment& e, const PlanRequest& request, Variant v, int nodes) {
  Experiment p = planned_experiment(e, v, nodes);
  p.slowdown = request.slowdown;
  if (p.slowdown.size() > static_cast<std::size_t>(p.nodes)) p.slowdown.resize(static_cast<std::size_t>(p.nodes));
  if (p.nodes > 1 && p.launcher == Launcher::InProcess) p.launcher = request.mpi ? Launcher::Mpi : Launcher::Local;
  if (p.nodes == 1) p.launcher = Launcher::InProcess;
  return p;
}

PlanRow plan_row(const Experiment& e, const Calibration& c, const PlanRequest& request, Variant v, int nodes) {
  Experiment p = plan_experiment(e, request, v, nodes);
  if (request.auto_placement && p.nodes > 1 &&
      (p.pipeline_stages() > 0 || p.chapters_placed() || p.variant == Variant::DataParallelBp)) {
    const PlacementChoice choice = choose_placement(p, c, request);
    if (!choice.empty() && !choice.preset_kept) {
      choice.apply_to(p);
      PlanRow row = predict(p, c, request);
      row.placement = choice;
      return row;
    }
  }
  return predict(p, c, request);
}

Plan make_plan(const Experiment& e, const Calibration& c, const PlanRequest& request) {
  std::vector<Variant> variants = request.variants;
  if (variants.empty())
    variants = {Variant::Sequential, Variant::AllLayers, Variant::SingleLayer, Variant::Federated, Variant::Bp,
                Variant::GpipeBp, Variant::DataParallelBp};
  Plan plan;
  auto one = [&](Variant v, int nodes) { return plan_row(e, c, request, v, nodes); };
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
  if (!r.placement.empty()) {
    j[r.placement.key()] = r.placement.values();
    j["preset_predicted_seconds"] = r.placement.preset_seconds;
  }
  return j;
}

}  // namespace ffw
