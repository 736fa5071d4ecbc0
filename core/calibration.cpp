#include "core/calibration.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <numeric>
#include <functional>
#include <memory>
#include <random>
#include <thread>

#include "core/bp_mlp.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/evaluate.h"
#include "core/gemm.h"
#include "core/machine.h"
#include "core/model_file.h"
#include "core/node_trainer.h"
#include "core/optimizer.h"
#include "core/schedule_layout.h"
#include "core/softmax_head.h"
#include "core/timeline.h"
#include <map>
#include <tuple>

namespace ffw {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The least time of `f` over enough calls to fill about 20 ms, five times: per call.
template <class F>
double time_of(F&& f) {
  f();  // warm
  auto t = std::chrono::steady_clock::now();
  f();
  const double once = std::max(seconds_since(t), 1e-7);
  const int repeats = std::clamp(static_cast<int>(0.02 / once), 1, 10000);
  double best = 1e30;
  for (int k = 0; k < 5; ++k) {
    t = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i) f();
    best = std::min(best, seconds_since(t) / repeats);
  }
  return best;
}

json link_json(const LinkCost& l) {
  return {{"bytes_per_second", l.bytes_per_second}, {"seconds_per_message", l.seconds_per_message}};
}

// The experiment as one node of `variant` (sequential FF or the backprop baseline), `chapters`
// chapters of one epoch each, tested only when asked.
Experiment one_node(const Experiment& e, Variant variant, int chapters) {
  Experiment p = planned_experiment(e, variant, 1);
  p.launcher = Launcher::InProcess;
  p.slowdown.clear();
  p.epochs = p.chapters = chapters;
  p.deferred_evaluation = false;
  p.evaluate_every_chapters = 0;
  return p;
}

void probe_forward_forward(const Experiment& e, const DataSplit& data, const Dataset& subset, Calibration& c) {
  const Experiment p = one_node(e, Variant::Sequential, 3);
  SteadyClock clock;
  NodeContext context;
  context.clock = &clock;
  context.input_cache_bytes = e.input_cache_mb * double(1 << 20);
  Model model = Model::create(p, static_cast<int>(subset.dim()), subset.classes, data.preprocess);
  auto negatives = random_negatives(subset, p.seed, 0);
  NodeTrainer node(p, subset, data.test, data.validation, std::move(model), std::move(negatives), context);
  const auto n = static_cast<double>(subset.size());
  const std::size_t stages = node.stages();
  c.train_stage.assign(stages, 1e30);
  c.prepare_stage.assign(stages, 1e30);
  c.prepare_stage_first.assign(stages, 0);
  std::vector<double> first(stages, 0);
  c.train_all_stages = c.negatives = 1e30;
  // Chapter 0 warms up; chapters 1 and 2 are measured, the lesser of the two kept. A stage's input
  // cache is built apart (prepare_stage), as a ring node does while the stage is on its way.
  for (int chapter = 0; chapter < p.chapters; ++chapter) {
    if (node.trains_per_batch()) {
      const auto t = std::chrono::steady_clock::now();
      node.train_all_stages(chapter);
      if (chapter > 0) c.train_all_stages = std::min(c.train_all_stages, seconds_since(t) / n);
    } else {
      for (std::size_t s = 0; s < stages; ++s) {
        auto t = std::chrono::steady_clock::now();
        if (chapter > 0) node.prepare_stage(chapter, s);
        const double prepare = seconds_since(t);
        t = std::chrono::steady_clock::now();
        node.train_stage(chapter, s);
        if (chapter == 0) first[s] = seconds_since(t) / n;
        if (chapter > 0) {
          c.prepare_stage[s] = std::min(c.prepare_stage[s], prepare / n);
          c.train_stage[s] = std::min(c.train_stage[s], seconds_since(t) / n);
        }
      }
    }
    const auto t = std::chrono::steady_clock::now();
    node.refresh_negatives(chapter + 1);
    if (chapter > 0) c.negatives = std::min(c.negatives, seconds_since(t) / n);
    if (chapter + 1 < p.chapters) node.finish_chapter(chapter, false);
  }
  if (node.trains_per_batch()) {
    c.train_stage.assign(stages, 0), c.prepare_stage.assign(stages, 0);
  } else {
    c.train_all_stages = 0;
    // Chapter 0 built each cache inline, the first time: what that took beyond training.
    for (std::size_t s = 0; s < stages; ++s) c.prepare_stage_first[s] = std::max(c.prepare_stage[s], first[s] - c.train_stage[s]);
  }
  auto t = std::chrono::steady_clock::now();
  node.finish_chapter(p.chapters - 1, true);  // an inline evaluation on the test set
  c.evaluate_seconds = seconds_since(t);
  const fs::path file = fs::temp_directory_path() / ("ffw-probe-" + std::to_string(::getpid()) + ".ffwc");
  Checkpoint checkpoint{std::move(node.model()), p.chapters, 0.0, node.negatives()};
  t = std::chrono::steady_clock::now();
  save_checkpoint(file, checkpoint);
  c.checkpoint_seconds = seconds_since(t);
  std::error_code ec;
  fs::remove(file, ec);
}

void probe_backprop(const Experiment& e, const DataSplit& data, const Dataset& subset, Calibration& c) {
  Experiment p = one_node(e, Variant::Bp, 2);
  Model model = Model::create(p, static_cast<int>(subset.dim()), subset.classes, data.preprocess);
  BpMlp& bp = *model.bp;
  const std::size_t layers = bp.layers();
  const int b = e.batch_size;
  c.bp_widths.clear();
  for (int w = b; w >= 1; w = w > 1 ? (w + 1) / 2 : 0) {
    c.bp_widths.push_back(w);
    if (w == 1 || c.bp_widths.size() >= 7) break;
  }
  std::mt19937_64 rng(e.seed);
  std::uniform_int_distribution<int> pick(0, static_cast<int>(subset.size()) - 1);
  auto batch = [&](int w) {
    Matrix x(subset.dim(), w);
    for (int j = 0; j < w; ++j) x.col(j) = subset.x.col(pick(rng));
    return x;
  };
  c.bp_forward.assign(c.bp_widths.size(), std::vector<double>(layers, 0));
  c.bp_deltas = c.bp_forward;
  for (std::size_t k = 0; k < c.bp_widths.size(); ++k) {
    const int w = c.bp_widths[k];
    Matrix in = batch(w);
    for (std::size_t l = 0; l < layers; ++l) {
      std::vector<Matrix> acts, deltas;
      c.bp_forward[k][l] = time_of([&] { bp.forward_layers(l, l + 1, in, acts); }) / w;
      Matrix top = Matrix::Constant(acts.back().rows(), w, 1e-3f), delta_in;
      c.bp_deltas[k][l] = time_of([&] { bp.layer_deltas(l, l + 1, in, acts, top, deltas, l > 0 ? &delta_in : nullptr); }) / w;
      in = acts.back();
    }
  }
  // At the full batch: weight gradients, the loss, the update; the rest of a batch (gathering it,
  // the trainer's bookkeeping) from one whole epoch of the real trainer against the parts.
  c.bp_weight_gradients.assign(layers, 0);
  c.bp_update.assign(layers, 0);
  {
    Matrix in = batch(b);
    for (std::size_t l = 0; l < layers; ++l) {
      std::vector<Matrix> acts;
      bp.forward_layers(l, l + 1, in, acts);
      Matrix delta = Matrix::Constant(acts.back().rows(), b, 1e-3f);
      c.bp_weight_gradients[l] = time_of([&] { bp.weight_gradients(l, delta, in); }) / b;
      const Optimizer optimizer(e.optimizer);
      c.bp_update[l] = time_of([&] { bp.update_layers(l, l + 1, optimizer, 1e-9); });
      in = acts.back();
    }
    Matrix logits(subset.classes, b);
    std::vector<std::uint8_t> labels(static_cast<std::size_t>(b), 0);
    c.bp_loss = time_of([&] {
                  logits.setConstant(0.1f);
                  softmax_cross_entropy(logits, labels);
                }) / b;
  }
  SteadyClock clock;
  NodeContext context;
  context.clock = &clock;
  NodeTrainer node(p, subset, data.test, data.validation, std::move(model), {}, context);
  double epoch = 1e30;
  for (int chapter = 0; chapter < 2; ++chapter) {
    const auto t = std::chrono::steady_clock::now();
    node.train_all_stages(chapter);
    epoch = std::min(epoch, seconds_since(t));
  }
  c.bp_step = epoch / static_cast<double>(subset.size());
  double parts = c.bp_loss;
  for (std::size_t l = 0; l < layers; ++l)
    parts += c.bp_forward[0][l] + c.bp_deltas[0][l] + c.bp_weight_gradients[l] + c.bp_update[l] / b;
  c.bp_batch_overhead = std::max(0.0, c.bp_step - parts);
  // An allreduce's reduction: one array summed into another, both larger than the caches.
  std::vector<float> mine(std::size_t{1} << 21, 1.0f), theirs(mine.size(), 2.0f);
  const double sum = time_of([&] {
    for (std::size_t k = 0; k < mine.size(); ++k) mine[k] += theirs[k];
  });
  c.reduce_bytes_per_second = static_cast<double>(mine.size() * sizeof(float)) / sum;
}

// How much slower `work` runs on two threads at once than alone (1 on a one-core machine): the
// lesser of three tries each way. With one GEMM thread per node, in the threads' own CPU time, so
// that another process on the machine (which takes turns on the cores) does not pass for the two
// nodes slowing each other through the caches and the memory bus; with more, in wall time.
double co_run_factor(const std::function<void(int)>& work) {
  if (std::thread::hardware_concurrency() < 2) return 1.0;
  const int threads = gemm::threads();
  const auto now = [threads] {
    return threads == 1 ? thread_cpu_seconds()
                        : std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  };
  double alone = 1e30, together = 1e30;
  for (int k = 0; k < 3; ++k) {
    double t = now();
    work(0);
    alone = std::min(alone, now() - t);
    double other_cpu = 0;
    std::thread other([&] {
      gemm::set_threads(threads);
      const double t1 = now();
      work(1);
      other_cpu = now() - t1;
    });
    t = now();
    work(2);
    const double mine = now() - t;
    other.join();
    together = std::min(together, std::max(other_cpu, mine));
  }
  return std::max(1.0, together / alone);
}

void probe_contention(const Experiment& e, const DataSplit& data, const Dataset& subset, Calibration& c) {
  std::vector<int> some(static_cast<std::size_t>(std::min<std::int64_t>(5000, static_cast<std::int64_t>(subset.size()))));
  std::iota(some.begin(), some.end(), 0);
  const Dataset small = subset.subset(some);
  for (Variant v : {Variant::Sequential, Variant::Bp}) {
    const Experiment p = one_node(e, v, 1);
    // Three trainers (one alone, two together), each on its own copy of the network.
    std::vector<std::unique_ptr<NodeTrainer>> trainers;
    std::vector<SteadyClock> clocks(3);
    for (int k = 0; k < 3; ++k) {
      NodeContext context;
      context.clock = &clocks[static_cast<std::size_t>(k)];
      Model model = Model::create(p, static_cast<int>(small.dim()), small.classes, data.preprocess);
      auto negatives = v == Variant::Bp ? std::vector<std::uint8_t>{} : random_negatives(small, p.seed, 0);
      trainers.push_back(std::make_unique<NodeTrainer>(p, small, data.test, data.validation, std::move(model),
                                                       std::move(negatives), context));
    }
    const double f = co_run_factor([&](int k) {
      auto& node = *trainers[static_cast<std::size_t>(k)];
      if (v == Variant::Bp) node.train_all_stages(0);
      else node.train_stage(0, 1);  // a hidden layer's stage: its input cache, then its training
    });
    (v == Variant::Bp ? c.contention_bp : c.contention_ff) = f;
  }
}

}  // namespace

Calibration probe_compute(const Experiment& e, const DataSplit& data, std::int64_t samples) {
  gemm::apply(e);
  Calibration c;
  c.machine = to_json(machine_info());
  c.source = "probe";
  c.batch_size = e.batch_size;
  c.threads = gemm::threads();
  const auto n = std::min<std::int64_t>(samples, static_cast<std::int64_t>(data.train.size()));
  std::vector<int> first(static_cast<std::size_t>(n));
  std::iota(first.begin(), first.end(), 0);
  const Dataset subset = data.train.subset(first);
  c.probe_samples = n;
  c.input_dim = static_cast<int>(data.train.dim());
  c.classes = data.train.classes;
  c.train_samples = static_cast<std::int64_t>(data.train.size());
  c.test_samples = static_cast<std::int64_t>(data.test.size());
  probe_forward_forward(e, data, subset, c);
  probe_backprop(e, data, subset, c);
  probe_contention(e, data, subset, c);
  return c;
}

ReferenceTime reference_seconds_per_sample(const Experiment& e, const DataSplit& data, double slowdown) {
  std::vector<int> some(static_cast<std::size_t>(std::min<std::int64_t>(2000, static_cast<std::int64_t>(data.train.size()))));
  std::iota(some.begin(), some.end(), 0);
  const Dataset small = data.train.subset(some);
  Experiment p = one_node(e, Variant::Sequential, 1);
  p.threads = 1;
  const int threads_before = gemm::threads();
  gemm::set_threads(1);  // the calling thread does all the work, so its CPU time is the node's
  ThreadCpuClock clock;
  NodeContext context;
  context.clock = &clock;
  context.slowdown = slowdown;
  Model model = Model::create(p, static_cast<int>(small.dim()), small.classes, data.preprocess);
  NodeTrainer node(p, small, data.test, data.validation, std::move(model), random_negatives(small, p.seed, 0), context);
  const std::size_t stage = std::min<std::size_t>(1, p.trained_stages() - 1);
  ReferenceTime best{1e30, 1e30};
  for (int k = 0; k < 3; ++k) {
    const auto t = std::chrono::steady_clock::now();
    const double c = clock.now();
    node.train_stage(0, stage);
    best.cpu = std::min(best.cpu, clock.now() - c);
    best.wall = std::min(best.wall, seconds_since(t));
  }
  gemm::set_threads(threads_before);
  const double n = static_cast<double>(std::max<std::size_t>(small.size(), 1));
  return {best.cpu / n, best.wall / n};
}

Calibration calibration_from_run(const fs::path& dir) {
  const Experiment e = load_experiment(dir / "experiment.json");
  if (e.is_backprop())
    throw Error(ErrorKind::Data, dir.string() + ": a backprop run's timeline holds whole chapters, not its layers; "
                                                "make a calibration with `ffw probe` instead");
  std::ifstream timeline(dir / "timeline.csv");
  if (!timeline) throw Error(ErrorKind::Io, (dir / "timeline.csv").string() + ": cannot be read");
  const auto segments = read_timeline_csv(timeline);
  std::ifstream summary_file(dir / "summary.json");
  const json summary = json::parse(summary_file, nullptr, false);
  if (summary.is_discarded() || summary.value("status", "") != "finished")
    throw Error(ErrorKind::Data, (dir / "summary.json").string() + ": the run did not finish; a calibration needs a finished run");
  const DataSplit data = load_data(e.data);
  Calibration c;
  c.machine = summary.value("machine", json::object());
  c.source = dir.string();
  c.batch_size = e.batch_size;
  c.threads = e.threads > 0 ? e.threads : 1;
  c.input_dim = static_cast<int>(data.train.dim());
  c.classes = data.train.classes;
  c.train_samples = static_cast<std::int64_t>(data.train.size());
  c.test_samples = static_cast<std::int64_t>(data.test.size());
  const Model model = Model::create(e, c.input_dim, c.classes, data.preprocess);
  const ProgramShapes shapes = program_shapes(e, model, c.train_samples);
  const std::size_t stages = e.trained_stages();
  // Per node, chapter and stage: the train and reforward seconds.
  std::map<std::tuple<int, int, int>, std::pair<double, double>> work;
  std::map<int, int> first_chapter;
  std::vector<double> negatives, evaluations;
  for (const Segment& s : segments) {
    const double d = s.end_s - s.start_s;
    const double n = static_cast<double>(shapes.node_samples[static_cast<std::size_t>(std::clamp(s.node, 0, e.nodes - 1))]);
    if (s.kind == SegmentKind::Negatives) negatives.push_back(d / n);
    if (s.kind == SegmentKind::Evaluate) evaluations.push_back(d);
    if (s.kind != SegmentKind::Train && s.kind != SegmentKind::Reforward) continue;
    auto& [train, reforward] = work[{s.node, s.chapter, s.layer}];
    (s.kind == SegmentKind::Train ? train : reforward) += d;
    auto [it, fresh] = first_chapter.emplace(s.node, s.chapter);
    if (!fresh) it->second = std::min(it->second, s.chapter);
  }
  std::vector<std::vector<double>> train(stages), prepare(stages), prepare_first(stages);
  std::vector<double> all_stages;
  for (const auto& [key, value] : work) {
    const auto [node, chapter, layer] = key;
    const double n = static_cast<double>(shapes.node_samples[static_cast<std::size_t>(std::clamp(node, 0, e.nodes - 1))]);
    const double slow = e.slowdown_of(node);
    if (layer == 0) {
      all_stages.push_back(value.first / (e.epochs_per_chapter() * n) / slow);
      continue;
    }
    const auto s = static_cast<std::size_t>(layer - 1);
    if (s >= stages) continue;
    if (chapter == first_chapter[node]) {
      prepare_first[s].push_back(value.second / n);
    } else {
      train[s].push_back(value.first / (e.epochs_per_chapter() * n) / slow);
      prepare[s].push_back(value.second / n);
    }
  }
  auto middle = [](std::vector<double> v) {
    if (v.empty()) return -1.0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  if (!all_stages.empty()) {
    c.train_all_stages = middle(all_stages);
    c.train_stage.assign(stages, 0), c.prepare_stage.assign(stages, 0), c.prepare_stage_first.assign(stages, 0);
  } else {
    for (std::size_t s = 0; s < stages; ++s) {
      const double t = middle(train[s]);
      if (t < 0)
        throw Error(ErrorKind::Data, (dir / "timeline.csv").string() + ": stage " + std::to_string(s + 1) +
                                         " was never trained after a node's first chapter; a calibration needs a run "
                                         "with more chapters than nodes");
      c.train_stage.push_back(t);
      c.prepare_stage.push_back(std::max(0.0, middle(prepare[s])));
      c.prepare_stage_first.push_back(std::max(c.prepare_stage.back(), middle(prepare_first[s])));
    }
  }
  c.negatives = std::max(0.0, middle(negatives));
  c.evaluate_seconds = std::max(0.0, middle(evaluations));
  return c;
}

json Calibration::to_json() const {
  return {{"schema", "ffw-calibration-1"},
          {"machine", machine},
          {"source", source},
          {"batch_size", batch_size},
          {"threads", threads},
          {"probe_samples", probe_samples},
          {"data", {{"input_dim", input_dim}, {"classes", classes}, {"train_samples", train_samples}, {"test_samples", test_samples}}},
          {"forward_forward",
           {{"train_stage_s_per_sample", train_stage},
            {"prepare_stage_s_per_sample", prepare_stage},
            {"prepare_stage_first_s_per_sample", prepare_stage_first},
            {"train_all_stages_s_per_sample", train_all_stages},
            {"negatives_s_per_sample", negatives},
            {"evaluate_s", evaluate_seconds},
            {"checkpoint_s", checkpoint_seconds}}},
          {"backprop",
           {{"widths", bp_widths},
            {"forward_s_per_sample", bp_forward},
            {"deltas_s_per_sample", bp_deltas},
            {"weight_gradients_s_per_sample", bp_weight_gradients},
            {"update_s", bp_update},
            {"loss_s_per_sample", bp_loss},
            {"batch_overhead_s_per_sample", bp_batch_overhead},
            {"step_s_per_sample", bp_step}}},
          {"transfers",
           {{"shared_memory", link_json(shared_memory)},
            {"shared_memory_allreduce_bytes_per_second", shared_memory_allreduce_bytes_per_second},
            {"mpi", mpi_measured ? link_json(mpi) : json(nullptr)},
            {"lab_payload_share", lab_payload_share},
            {"lab_measured", lab_measured},
            {"reduce_bytes_per_second", reduce_bytes_per_second}}},
          {"contention", {{"forward_forward", contention_ff}, {"backprop", contention_bp}}},
          {"node_speeds",
           {{"reference_s_per_sample", reference_seconds_per_sample}, {"slowdown", node_slowdown}, {"hosts", node_hosts}}}};
}

Calibration Calibration::from_json(const json& j, const std::string& where) {
  Calibration c;
  try {
    if (!j.is_object() || j.value("schema", "") != "ffw-calibration-1")
      throw Error(ErrorKind::Data, where + ": not a calibration file (no \"schema\": \"ffw-calibration-1\"); make one with `ffw probe`");
    c.machine = j.value("machine", json::object());
    c.source = j.value("source", "");
    c.batch_size = j.at("batch_size").get<int>();
    c.threads = j.value("threads", 1);
    c.probe_samples = j.value("probe_samples", std::int64_t{0});
    const json& d = j.at("data");
    c.input_dim = d.at("input_dim").get<int>();
    c.classes = d.at("classes").get<int>();
    c.train_samples = d.at("train_samples").get<std::int64_t>();
    c.test_samples = d.value("test_samples", std::int64_t{0});
    const json& ff = j.at("forward_forward");
    c.train_stage = ff.at("train_stage_s_per_sample").get<std::vector<double>>();
    c.prepare_stage = ff.at("prepare_stage_s_per_sample").get<std::vector<double>>();
    c.prepare_stage_first = ff.value("prepare_stage_first_s_per_sample", c.prepare_stage);
    c.train_all_stages = ff.at("train_all_stages_s_per_sample").get<double>();
    c.negatives = ff.at("negatives_s_per_sample").get<double>();
    c.evaluate_seconds = ff.at("evaluate_s").get<double>();
    c.checkpoint_seconds = ff.at("checkpoint_s").get<double>();
    const json& bp = j.at("backprop");
    c.bp_widths = bp.at("widths").get<std::vector<int>>();
    c.bp_forward = bp.at("forward_s_per_sample").get<std::vector<std::vector<double>>>();
    c.bp_deltas = bp.at("deltas_s_per_sample").get<std::vector<std::vector<double>>>();
    c.bp_weight_gradients = bp.at("weight_gradients_s_per_sample").get<std::vector<double>>();
    c.bp_update = bp.at("update_s").get<std::vector<double>>();
    c.bp_loss = bp.at("loss_s_per_sample").get<double>();
    c.bp_batch_overhead = bp.at("batch_overhead_s_per_sample").get<double>();
    c.bp_step = bp.value("step_s_per_sample", 0.0);
    const json& t = j.at("transfers");
    c.shared_memory = {t.at("shared_memory").at("bytes_per_second").get<double>(),
                       t.at("shared_memory").at("seconds_per_message").get<double>(), 0};
    if (t.contains("mpi") && t["mpi"].is_object()) {
      c.mpi = {t["mpi"].at("bytes_per_second").get<double>(), t["mpi"].at("seconds_per_message").get<double>(), 0};
      c.mpi_measured = true;
    }
    c.lab_payload_share = t.value("lab_payload_share", 0.95);
    c.shared_memory_allreduce_bytes_per_second = t.value("shared_memory_allreduce_bytes_per_second", 0.0);
    c.lab_measured = t.value("lab_measured", false);
    c.reduce_bytes_per_second = t.value("reduce_bytes_per_second", 0.0);
    if (j.contains("contention")) {
      c.contention_ff = j["contention"].value("forward_forward", 1.0);
      c.contention_bp = j["contention"].value("backprop", 1.0);
    }
    if (j.contains("node_speeds") && j["node_speeds"].is_object()) {
      const json& n = j["node_speeds"];
      c.reference_seconds_per_sample = n.value("reference_s_per_sample", 0.0);
      c.node_slowdown = n.value("slowdown", std::vector<double>{});
      c.node_hosts = n.value("hosts", std::vector<std::string>{});
      for (double f : c.node_slowdown)
        if (!(f > 0)) throw Error(ErrorKind::Data, where + ": /node_speeds/slowdown: every factor must be > 0");
    }
  } catch (const json::exception& x) {
    throw Error(ErrorKind::Data, where + ": " + x.what());
  }
  if (c.bp_forward.size() != c.bp_widths.size() || c.bp_deltas.size() != c.bp_widths.size() || c.batch_size <= 0 || c.input_dim <= 0 || c.classes <= 1 || c.train_samples <= 0)
    throw Error(ErrorKind::Data, where + ": the backprop tables do not match their widths");
  return c;
}

Calibration Calibration::load(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw Error(ErrorKind::Io, file.string() + ": cannot be read");
  const json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(ErrorKind::Data, file.string() + ": is not JSON");
  return from_json(j, file.string());
}

void Calibration::save(const fs::path& file) const {
  std::ofstream out(file, std::ios::trunc);
  if (!out) throw Error(ErrorKind::Io, file.string() + ": cannot be written");
  out << to_json().dump(2) << '\n';
}

// --- the cost model -------------------------------------------------------------------------

CalibratedCosts::CalibratedCosts(const Experiment& e, const ProgramShapes& shapes, const Calibration& c, const PlanNetwork& n)
    : e_(e), s_(shapes), c_(c), n_(n) {
  if (n_.hosts > 0) nodes_per_host_ = (e.nodes + n_.hosts - 1) / n_.hosts;
  if (!e.is_backprop() && !c.has_forward_forward())
    throw Error(ErrorKind::Data, "the calibration has no Forward-Forward costs (" + c.source + "): probe this experiment (`ffw probe`)");
  if (e.is_backprop() && !c.has_backprop())
    throw Error(ErrorKind::Data, "the calibration has no backprop costs (it comes from " + c.source +
                                     "): `ffw probe` measures them");
  if (!e.is_backprop() && c.train_stage.size() != e.trained_stages())
    throw Error(ErrorKind::Data, "the calibration has " + std::to_string(c.train_stage.size()) + " stages, the experiment " +
                                     std::to_string(e.trained_stages()) + ": probe this experiment (`ffw probe`)");
  if (e.is_backprop() && c.bp_weight_gradients.size() != s_.bp_layer_floats.size())
    throw Error(ErrorKind::Data, "the calibration's backprop network has " + std::to_string(c.bp_weight_gradients.size()) +
                                     " layers, the experiment's " + std::to_string(s_.bp_layer_floats.size()) +
                                     ": probe this experiment (`ffw probe`)");
}

void CalibratedCosts::set_programs(const std::vector<NodeProgram>& programs) {
  first_chapter_.assign(programs.size(), -1);
  for (std::size_t r = 0; r < programs.size(); ++r)
    for (const auto& i : programs[r].steps)
      if (i.op == Op::TrainStage || i.op == Op::TrainAllStages) {
        first_chapter_[r] = i.chapter;
        break;
      }
}

// The per-layer backprop costs, measured one layer at a time, scaled so that one node's whole
// step adds up to the measured fused step: what the parts leave out (gathering the batch, the
// trainer's bookkeeping) is spread over the layers in proportion, not put on the first node.
double CalibratedCosts::bp_scale() const {
  if (c_.bp_step <= 0) return 1.0;
  double parts = c_.bp_loss;
  for (std::size_t l = 0; l < c_.bp_weight_gradients.size(); ++l)
    parts += c_.bp_forward[0][l] + c_.bp_deltas[0][l] + c_.bp_weight_gradients[l] + c_.bp_update[l] / c_.batch_size;
  return parts > 0 ? c_.bp_step / parts : 1.0;
}

double CalibratedCosts::reduce_seconds(std::int64_t bytes) const {
  return c_.reduce_bytes_per_second > 0 ? static_cast<double>(bytes) / c_.reduce_bytes_per_second : 0;
}

double CalibratedCosts::slowdown(int node) const {
  return static_cast<std::size_t>(node) < n_.slowdown.size() ? n_.slowdown[static_cast<std::size_t>(node)] : 1.0;
}

// Per sample at `width`: linear in log(width) between the two measured widths around it.
double CalibratedCosts::per_sample(const std::vector<std::vector<double>>& table, std::size_t layer, std::int64_t width) const {
  const auto& w = c_.bp_widths;  // descending
  if (width >= w.front()) return table.front()[layer];
  if (width <= w.back()) return table.back()[layer];
  for (std::size_t k = 0; k + 1 < w.size(); ++k)
    if (width <= w[k] && width >= w[k + 1]) {
      const double a = std::log(static_cast<double>(w[k])), b = std::log(static_cast<double>(w[k + 1]));
      const double f = (std::log(static_cast<double>(width)) - b) / (a - b);
      return f * table[k][layer] + (1 - f) * table[k + 1][layer];
    }
  return table.back()[layer];
}

double CalibratedCosts::compute_seconds(int node, const Instruction& i) const {
  const auto samples = static_cast<double>(i.samples);
  const double node_samples = static_cast<double>(s_.node_samples[static_cast<std::size_t>(node)]);
  const auto stage = static_cast<std::size_t>(std::max(i.stage, 0));
  // Layers a backprop instruction covers: GPipe's own, or every layer.
  std::size_t first = 0, last = s_.bp_layer_floats.size();
  if (e_.variant == Variant::GpipeBp && !s_.gpipe_parts.empty())
    std::tie(first, last) = s_.gpipe_parts[static_cast<std::size_t>(node)];
  // cluster.slowdown stretches the computing of every training batch, a stage's input cache built
  // inside its first batch included (not an explicit preparation, negatives, evaluation or
  // waiting), as the runner does.
  const double slow = slowdown(node);
  const bool first_chapter = static_cast<std::size_t>(node) < first_chapter_.size() && first_chapter_[static_cast<std::size_t>(node)] == i.chapter;
  const auto& prepare = first_chapter ? c_.prepare_stage_first : c_.prepare_stage;
  double t = 0;
  switch (i.op) {
    case Op::TrainStage:
      // A cache built inside the stage's first batch is part of that batch's computing: slowed too.
      t = slow * (samples * c_.train_stage[stage] + (i.prepared ? 0 : node_samples * prepare[stage]));
      break;
    case Op::PrepareStage: t = samples * prepare[stage]; break;
    case Op::TrainAllStages:
      if (!e_.is_backprop()) {
        t = slow * samples * c_.train_all_stages;
      } else {  // one node's whole backprop network, batch by batch
        double per = c_.bp_loss;
        for (std::size_t l = 0; l < s_.bp_layer_floats.size(); ++l)
          per += c_.bp_forward[0][l] + c_.bp_deltas[0][l] + c_.bp_weight_gradients[l] + c_.bp_update[l] / e_.batch_size;
        t = slow * samples * per;
      }
      break;
    case Op::RefreshNegatives: t = samples * c_.negatives; break;
    case Op::FinishChapter: t = i.evaluate && !e_.deferred_evaluation ? c_.evaluate_seconds : 0; break;
    case Op::Checkpoint: t = e_.checkpoints ? c_.checkpoint_seconds : 0; break;
    case Op::Forward:
      for (std::size_t l = first; l < last; ++l) t += per_sample(c_.bp_forward, l, i.samples) * samples;
      break;
    case Op::Backward:
      if (e_.variant == Variant::DataParallelBp) {
        t = (per_sample(c_.bp_deltas, stage, i.samples) + c_.bp_weight_gradients[stage]) * samples;
        if (stage + 1 == s_.bp_layer_floats.size()) t += c_.bp_loss * samples;
      } else {
        for (std::size_t l = first; l < last; ++l) t += per_sample(c_.bp_deltas, l, i.samples) * samples;
        if (last == s_.bp_layer_floats.size()) t += c_.bp_loss * samples;
      }
      break;
    case Op::WeightGradients:
      for (std::size_t l = first; l < last; ++l) t += c_.bp_weight_gradients[l] * samples;
      break;
    case Op::Update:
      for (std::size_t l = first; l < last; ++l) t += c_.bp_update[l];
      break;
    default: break;
  }
  const bool batch_work = i.op == Op::Forward || i.op == Op::Backward || i.op == Op::WeightGradients || i.op == Op::Update;
  if (e_.is_backprop() && (batch_work || i.op == Op::TrainAllStages)) t *= bp_scale();
  // Nodes that share this machine compute more slowly side by side.
  if (n_.shared_machine && e_.nodes > 1) t *= e_.is_backprop() ? c_.contention_bp : c_.contention_ff;
  return batch_work ? t * slow : t;
}

int CalibratedCosts::host_of(int node) const { return n_.hosts > 0 ? node / nodes_per_host_ : 0; }

LinkCost CalibratedCosts::local_link() const {
  return n_.mpi && c_.mpi_measured ? c_.mpi : c_.shared_memory;
}

LinkCost CalibratedCosts::host_link(int /*host*/) const {
  LinkCost l;
  l.bytes_per_second = n_.bandwidth_mbit > 0 ? n_.bandwidth_mbit * 1e6 / 8 * c_.lab_payload_share : 0;
  l.seconds_per_message = (c_.mpi_measured ? c_.mpi : c_.shared_memory).seconds_per_message;
  l.latency_seconds = n_.latency_ms / 1000.0;
  // The lab's tbf holds 4 ms at the rate, at least two full frames (cluster/ffw-lab).
  if (n_.lab && l.bytes_per_second > 0) l.burst_bytes = std::max(3200.0, n_.bandwidth_mbit * 1e6 / 8 / 250);
  return l;
}

// Open MPI's TCP transport sends up to 64 KiB eagerly; its shared-memory one 4 KiB. Larger messages
// move once the receive is posted. The shared-memory transport of local workers never waits so.
// Measured between two nodes; a ring over N moves 2 (N-1)/N of the bucket each way, against 1 at N = 2.
double CalibratedCosts::blocking_allreduce_seconds(std::int64_t bytes, int nodes) const {
  if (c_.shared_memory_allreduce_bytes_per_second <= 0 || nodes < 2) return -1;
  return static_cast<double>(bytes) / c_.shared_memory_allreduce_bytes_per_second * (2.0 * (nodes - 1) / nodes);
}

std::int64_t CalibratedCosts::eager_limit_bytes() const {
  if (n_.hosts > 0) return 64 * 1024;
  return n_.mpi ? 4 * 1024 : -1;
}

bool CalibratedCosts::allreduce_overlaps() const { return n_.hosts > 0 || n_.mpi; }

Experiment planned_experiment(const Experiment& e, Variant variant, int nodes) {
  Experiment p = e;
  p.variant = variant;
  p.nodes = nodes;
  if (variant == Variant::Sequential || variant == Variant::Bp) p.nodes = 1;
  if (p.nodes != e.nodes || variant != e.variant) p.stage_nodes.clear();
  if (p.slowdown.size() > static_cast<std::size_t>(p.nodes)) p.slowdown.resize(static_cast<std::size_t>(p.nodes));
  if (variant == Variant::GpipeBp && e.variant != Variant::GpipeBp) p.micro_batches = Experiment::kAutoMicroBatches;
  if (variant != Variant::GpipeBp) p.micro_batches = Experiment::kAutoMicroBatches;
  if (variant != Variant::SingleLayer) p.exchange_every = 0;
  if (p.is_backprop()) {  // backprop has a softmax output and no negatives
    p.negatives = Negatives::None;
    p.classifier = Classifier::Softmax;
  } else if (e.is_backprop()) {
    p.negatives = Negatives::Random;
  }
  if (variant != Variant::AllLayers && variant != Variant::Federated) p.send_optimizer_state = false;
  return p;
}

}  // namespace ffw
