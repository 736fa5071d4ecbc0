#include "core/schedule_layout.h"

#include <algorithm>
#include <limits>

namespace ffw {

int single_layer_owner(const Experiment& e, std::size_t stage) {
  if (stage < e.stage_nodes.size()) return e.stage_nodes[stage];
  return std::min(static_cast<int>(stage), e.nodes - 1);
}

int chapter_node(const Experiment& e, int chapter) {
  if (static_cast<std::size_t>(chapter) < e.chapter_nodes.size()) return e.chapter_nodes[static_cast<std::size_t>(chapter)];
  return e.nodes > 0 ? chapter % e.nodes : 0;
}

int next_own_chapter(const Experiment& e, int node, int after) {
  for (int c = std::max(after + 1, 0); c < e.chapters; ++c)
    if (chapter_node(e, c) == node) return c;
  return e.chapters;
}

ReformedRing reform_ring(const Experiment& e, const std::vector<int>& lost, int last_complete) {
  ReformedRing r;
  r.experiment = e;
  Experiment& out = r.experiment;
  for (int n : lost)
    if (std::find(out.lost_nodes.begin(), out.lost_nodes.end(), n) == out.lost_nodes.end()) out.lost_nodes.push_back(n);
  std::sort(out.lost_nodes.begin(), out.lost_nodes.end());
  auto survives = [&](int node) { return !std::binary_search(out.lost_nodes.begin(), out.lost_nodes.end(), node); };
  r.continued_from = std::min(last_complete, e.chapters - 1);
  while (r.continued_from >= 0 && !survives(chapter_node(e, r.continued_from))) --r.continued_from;
  for (int c = r.continued_from + 1; c <= last_complete; ++c) r.redone.push_back(c);
  // The chapters after it go round the survivors by smooth weighted round robin, each weighted by
  // the chapters the placement gave it (the preset: equal), ties in ring order from the node after
  // the kept chapter's: a round robin stays a round robin of the survivors, a placement that gave a
  // slow node fewer chapters still does.
  std::vector<int> weight(static_cast<std::size_t>(e.nodes), 0);
  for (int c = 0; c < e.chapters; ++c) ++weight[static_cast<std::size_t>(chapter_node(e, c))];
  const int after = r.continued_from >= 0 ? chapter_node(e, r.continued_from) : -1;
  std::vector<int> ring;  // survivors in ring order from the node after `after`
  for (int k = 1; k <= e.nodes; ++k)
    if (const int n = (after + k + e.nodes) % e.nodes; survives(n)) ring.push_back(n);
  long total = 0;
  for (int n : ring) total += std::max(weight[static_cast<std::size_t>(n)], 1);
  std::vector<long> current(static_cast<std::size_t>(e.nodes), 0);
  std::vector<int> order;
  for (int c = r.continued_from + 1; c < e.chapters && !ring.empty(); ++c) {
    int pick = ring.front();
    for (int n : ring) {
      current[static_cast<std::size_t>(n)] += std::max(weight[static_cast<std::size_t>(n)], 1);
      if (current[static_cast<std::size_t>(n)] > current[static_cast<std::size_t>(pick)]) pick = n;
    }
    current[static_cast<std::size_t>(pick)] -= total;
    order.push_back(pick);
  }
  if (order.empty()) order.push_back(0);
  out.chapter_nodes.resize(static_cast<std::size_t>(e.chapters));
  for (int c = 0; c < e.chapters; ++c)
    out.chapter_nodes[static_cast<std::size_t>(c)] =
        c <= r.continued_from ? chapter_node(e, c) : order[static_cast<std::size_t>(c - r.continued_from - 1) % order.size()];
  return r;
}

std::pair<std::int64_t, std::int64_t> batch_part(const Experiment& e, int node, std::int64_t n) {
  if (e.batch_shares.size() != static_cast<std::size_t>(e.nodes)) {
    const std::int64_t nodes = std::max(e.nodes, 1);
    return {node * n / nodes, (node + 1) * n / nodes};
  }
  std::int64_t total = 0, before = 0;
  for (std::size_t k = 0; k < e.batch_shares.size(); ++k) {
    total += e.batch_shares[k];
    if (static_cast<int>(k) < node) before += e.batch_shares[k];
  }
  const std::int64_t mine = e.batch_shares[static_cast<std::size_t>(node)];
  return {n * before / total, n * (before + mine) / total};
}

int final_model_node(const Experiment& e) {
  if (e.variant == Variant::SingleLayer) return e.nodes - 1;
  if (e.variant == Variant::DataParallelBp) return 0;
  if (e.variant == Variant::GpipeBp) return e.nodes - 1;
  return chapter_node(e, e.chapters - 1);
}

std::vector<int> bp_layer_params(const BpMlp& mlp) {
  std::vector<int> p;
  for (std::size_t l = 0; l < mlp.weights.size(); ++l)
    p.push_back(static_cast<int>(mlp.weights[l].value.size() + mlp.biases[l].value.size()));
  return p;
}

std::vector<std::pair<std::size_t, std::size_t>> gpipe_partition(const std::vector<int>& layer_params, int stages) {
  const std::size_t n = layer_params.size(), p = static_cast<std::size_t>(stages);
  // best[k][i]: the smallest possible largest stage when layers [0, i) form k stages.
  constexpr long long kInf = std::numeric_limits<long long>::max();
  std::vector<std::vector<long long>> best(p + 1, std::vector<long long>(n + 1, kInf));
  std::vector<std::vector<std::size_t>> cut(p + 1, std::vector<std::size_t>(n + 1, 0));
  best[0][0] = 0;
  for (std::size_t k = 1; k <= p; ++k)
    for (std::size_t i = k; i <= n; ++i)
      for (std::size_t j = k - 1; j < i; ++j) {
        if (best[k - 1][j] == kInf) continue;
        long long sum = 0;
        for (std::size_t l = j; l < i; ++l) sum += layer_params[l];
        const long long worst = std::max(best[k - 1][j], sum);
        if (worst < best[k][i]) best[k][i] = worst, cut[k][i] = j;
      }
  std::vector<std::pair<std::size_t, std::size_t>> parts(p);
  std::size_t end = n;
  for (std::size_t k = p; k >= 1; --k) {
    parts[k - 1] = {cut[k][end], end};
    end = cut[k][end];
  }
  return parts;
}

std::vector<std::pair<std::size_t, std::size_t>> gpipe_stages(const Experiment& e, const std::vector<int>& layer_params) {
  if (e.stage_nodes.size() != layer_params.size()) return gpipe_partition(layer_params, e.nodes);
  std::vector<std::pair<std::size_t, std::size_t>> parts(static_cast<std::size_t>(e.nodes), {0, 0});
  for (std::size_t l = 0; l < layer_params.size(); ++l) {  // validated: contiguous, in order, every node
    auto& part = parts[static_cast<std::size_t>(e.stage_nodes[l])];
    if (part.first == part.second) part.first = l;
    part.second = l + 1;
  }
  return parts;
}

std::int64_t gpipe_bytes_per_epoch(const BpMlp& mlp, const std::vector<std::pair<std::size_t, std::size_t>>& parts,
                                   std::int64_t samples) {
  std::int64_t bytes = 0;
  for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
    const auto width = mlp.weights[parts[k].second - 1].value.rows();  // the boundary's width
    bytes += 2 * samples * width * static_cast<std::int64_t>(sizeof(Scalar));  // activations + gradients
  }
  return bytes;
}

std::vector<std::vector<Param*>> published_stage_params(Model& m) {
  std::vector<std::vector<Param*>> stages;
  if (m.kind == ModelKind::ForwardForward) {
    for (auto& l : m.ff) stages.push_back({&l.weight, &l.bias});
    if (m.head) stages.push_back({&m.head->weight, &m.head->bias});
  } else if (m.kind == ModelKind::LocalHeads) {
    for (auto& l : m.local) stages.push_back({&l.weight, &l.bias, &l.head.weight, &l.head.bias});
  }
  return stages;
}

bool ships_second_moment(const Experiment& e) {
  return e.optimizer.kind == OptimizerKind::Adam || e.head_optimizer.kind == OptimizerKind::Adam;
}

std::size_t stage_bytes(const Experiment& e, const std::vector<Param*>& params) {
  std::size_t n = 0;
  for (const Param* p : params) {
    const auto size = static_cast<std::size_t>(p->value.size());
    n += size * ((e.wire_precision == gemm::Precision::Bf16) ? sizeof(std::uint16_t) : sizeof(Scalar));
    if (e.send_optimizer_state)
      n += size * (ships_second_moment(e) ? 2 : 1) * sizeof(Scalar) + sizeof(std::int64_t);
  }
  return n;
}

std::int64_t analytic_weight_bytes(const Experiment& e, const Model& model) {
  const auto stages = published_stage_params(const_cast<Model&>(model));
  std::vector<std::int64_t> per_stage;
  for (const auto& params : stages) per_stage.push_back(static_cast<std::int64_t>(stage_bytes(e, params)));
  std::int64_t total = 0;
  if (e.nodes <= 1) return 0;
  if (e.variant == Variant::SingleLayer) {
    // Each chapter, stage s goes from its owner to every later node that owns a stage.
    for (std::size_t s = 0; s < per_stage.size(); ++s) {
      const int owner = single_layer_owner(e, s);
      total += per_stage[s] * (e.nodes - 1 - owner) * e.chapters;
    }
    return total;
  }
  // Ring: every stage at each chapter boundary where the chapter changes node.
  int handovers = 0;
  for (int k = 0; k + 1 < e.chapters; ++k) handovers += chapter_node(e, k) != chapter_node(e, k + 1) ? 1 : 0;
  for (auto b : per_stage) total += b * handovers;
  return total;
}

double theoretical_bubble(const Experiment& e) {
  const double n = e.nodes, s = e.chapters, l = static_cast<double>(e.trained_stages());
  if (e.nodes <= 1 || e.variant == Variant::DataParallelBp) return 0.0;
  if (e.variant == Variant::GpipeBp) {  // in units of one micro-batch's forward and backward on one stage
    const double m = e.micro_batch_count();
    return (n - 1) / (m + n - 1);
  }
  // Busy units are S * L (every stage once per chapter); the bubble is 1 - S L / (N T) for the
  // makespan T of the schedule.
  double t = 0;
  if (e.variant == Variant::SingleLayer) {
    // Nodes 0 .. N-2 own one stage each and N-1 owns the last L-N+1: node r starts chapter c at
    // c + r, and the last node, the bottleneck, runs its chapters back to back from N-1 on.
    // At N = L this is (L-1)/(S+L-1).
    t = (n - 1) + s * (l - n + 1);
  } else {
    // The ring (All-Layers, Federated): a node trains its chapters in order, each chapter's stages in
    // order, and stage j of chapter c starts once chapter c-1 has trained it. With chapter c on node
    // c mod N this gives chapter c = kN + r starting at k * max(N, L) + r (at N | S and N <= L a
    // bubble of (N-1)/(SL/N + N-1)); cluster.chapter_nodes may place chapters otherwise.
    const auto stages = e.trained_stages();
    std::vector<double> done(stages, 0.0), node_free(static_cast<std::size_t>(e.nodes), 0.0);
    for (int c = 0; c < e.chapters; ++c) {
      double& free = node_free[static_cast<std::size_t>(chapter_node(e, c))];
      double at = free;
      for (std::size_t j = 0; j < stages; ++j) {
        at = std::max(at, done[j]) + 1;
        done[j] = at;
      }
      free = at;
      t = std::max(t, at);
    }
  }
  return 1.0 - s * l / (n * t);
}

}  // namespace ffw
