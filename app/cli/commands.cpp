#include "app/cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/exit_codes.h"
#include "app/cli/terminal_progress.h"
#include "cluster/launcher.h"
#include "cluster/schedule.h"
#include "core/gemm.h"
#include "core/hostfile.h"
#include "core/error.h"
#include "core/planner.h"
#include "core/evaluate.h"
#include "core/experiment.h"
#include "core/machine.h"
#include "core/model_file.h"
#include "core/run_directory.h"
#include "core/trainer.h"

namespace ffw::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::atomic<bool> g_stop{false};
// How this run's GEMM backend was chosen (summary.json's "gemm"): by measurement, or by the experiment.
json g_gemm_record = nullptr;
int g_stop_after_chapters = 0;  // ffw run/resume --stop-after-chapters

extern "C" void on_stop_signal(int) { g_stop.store(true); }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // Whoever reads our output may go away (the workbench crashed, `| head`): the run goes on, the
  // run directory keeps recording, writes to the closed pipe just fail.
  signal(SIGPIPE, SIG_IGN);
}

json base_summary(const Experiment& e, const std::string& status) {
  // pid: a reader can tell a run whose ffw is gone (killed, machine rebooted) from a live one.
  json summary = {{"status", status},         {"pid", static_cast<int>(getpid())},
                  {"name", e.name},            {"variant", to_string(e.variant)},
                  {"machine", to_json(machine_info())}, {"epochs_planned", e.epochs},
                  {"chapters_planned", e.chapters}};
  if (!g_gemm_record.is_null()) summary["gemm"] = g_gemm_record;
  return summary;
}

// The width of the network's input, for measuring GEMMs before the data is loaded (CSV: unknown
// until read, so the first layer's width stands in).
int input_width_hint(const Experiment& e) {
  switch (e.data.format) {
    case DataFormat::Idx: return 784;
    case DataFormat::Cifar10: return 3072;
    case DataFormat::Csv: break;
  }
  return e.layers.empty() ? 784 : e.layers.front().width;
}

// training.gemm "auto" becomes the backend that multiplies this experiment's shapes fastest on this
// machine, measured once at the thread count each node will use. The run's experiment.json keeps
// the answer, so every node and every resume multiplies alike; then the choice is applied here.
void resolve_gemm(Experiment& e) {
  const int threads = gemm_threads_per_node(e);
  if (e.gemm) {
    g_gemm_record = {{"backend", gemm::to_string(*e.gemm)}, {"chosen_by", "experiment"}};
  } else {
    const int was = gemm::threads();
    gemm::set_threads(threads);
    const gemm::Choice choice = gemm::choose_backend(e.precision, gemm::step_shapes(e, input_width_hint(e)));
    gemm::set_threads(was);
    e.gemm = choice.backend;
    json measured = json::object();
    std::string said;
    for (const auto& [backend, gflops] : choice.gflops) {
      measured[gemm::to_string(backend)] = gflops;
      said += (said.empty() ? "" : ", ") + gemm::to_string(backend) + " " + std::to_string(static_cast<int>(gflops)) + " GFLOP/s";
    }
    g_gemm_record = {{"backend", gemm::to_string(*e.gemm)}, {"chosen_by", "measurement"}, {"threads", threads},
                     {"precision", gemm::to_string(e.precision)}, {"measured_gflops", measured}};
    std::fprintf(stderr, "gemm: %s, the fastest at this experiment's shapes on %d thread%s here (%s)\n",
                 gemm::to_string(*e.gemm).c_str(), threads, threads == 1 ? "" : "s", said.c_str());
  }
  gemm::apply(e);  // refuses here, before anything starts, a backend or precision this machine lacks
}

// The rulebook's warnings: the experiment is valid, and this is what it will run into.
void print_warnings(const fs::path& file, const std::vector<ExperimentProblem>& problems) {
  for (const auto& p : problems)
    if (p.severity == Severity::Warning) std::fprintf(stderr, "%s: warning: %s: %s\n", file.c_str(), p.path.c_str(), p.message.c_str());
}

// The failure into summary.json; when that fails too (a full disk), the failure itself still
// reaches the user, and summary.json keeps its last good content.
void write_failure(const RunDirectory& run, const json& summary) {
  try {
    run.write_summary(summary);
  } catch (const Error& ex) {
    std::fprintf(stderr, "ffw: %s\n", ex.what());
  }
}

// A distributed run: mpirun or this process starts the workers, this process follows the metrics stream.
int train_cluster(const RunDirectory& run, const Experiment& e, bool resume) {
  const json previous = resume ? run.read_summary() : json::object();
  json summary = base_summary(e, "running");
  summary["nodes_planned"] = e.nodes;
  run.write_summary(summary);
  install_stop_handlers();
  cluster::LaunchOptions options;
  options.resume = resume;
  options.stop = &g_stop;
  options.stop_after_chapters = g_stop_after_chapters;
  options.say = [](const std::string& m) { std::fprintf(stderr, "%s\n", m.c_str()); };
  options.on_chapter = [&](int chapter, double accuracy, double elapsed) {
    const double eta = elapsed * (e.chapters - chapter) / std::max(chapter, 1);
    std::fprintf(stderr, "chapter %d/%d | test %.2f%% | %s elapsed, ETA %s\n", chapter, e.chapters, 100 * accuracy,
                 format_duration(elapsed).c_str(), format_duration(eta).c_str());
  };
  std::fprintf(stderr, "%s on %d nodes over %s (%s, %s negatives%s)\n", to_string(e.variant).c_str(), e.nodes,
               e.launcher == Launcher::Local ? "shared memory" : "Open MPI", to_string(e.classifier).c_str(),
               to_string(e.negatives).c_str(), e.send_optimizer_state ? "; layers travel with their optimizer state" : "");
  const auto started = std::chrono::steady_clock::now();
  cluster::LaunchOutcome outcome;
  try {
    outcome = cluster::launch_run(e, run, options);
  } catch (const Error& ex) {
    summary["status"] = "failed";
    summary["error"] = ex.what();
    write_failure(run, summary);
    throw;
  }
  cluster::write_chrome_trace(run);
  const double wall = previous.value("wall_seconds", 0.0) +
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  summary.update(outcome.summary);
  summary["wall_seconds"] = wall;
  summary["theoretical_bubble"] = theoretical_bubble(e);
  // An elastic ring's losses before a resume stay on record, ahead of this session's.
  if (previous.contains("node_losses") && previous["node_losses"].is_array()) {
    json losses = previous["node_losses"];
    for (const auto& l : summary.value("node_losses", json::array())) losses.push_back(l);
    summary["node_losses"] = losses;
  }
  int chapters_done = e.chapters;
  for (const auto& n : outcome.summary["nodes"])
    if (!n.value("lost", false)) chapters_done = std::min(chapters_done, n.value("chapters_done", 0));
  switch (outcome.status) {
    case cluster::LaunchStatus::Finished:
      summary["status"] = "finished";
      summary["chapters_done"] = e.chapters;
      summary["epochs_done"] = e.epochs;
      run.write_summary(summary);
      std::fprintf(stderr, "finished in %s: test accuracy %.2f%% (%s); measured bubble %.1f%% (theory %.1f%%)\n",
                   format_duration(wall).c_str(), 100 * summary.value("test_accuracy", 0.0),
                   summary.value("classifier", std::string("?")).c_str(), 100 * summary.value("measured_bubble", 0.0),
                   100 * summary["theoretical_bubble"].get<double>());
      std::fprintf(stderr, "results in %s (summary.json, metrics.csv, timeline.csv, trace.json, model.ffwm)\n",
                   run.path().c_str());
      return kOk;
    case cluster::LaunchStatus::Stopped:
      summary["status"] = "stopped";
      summary["chapters_done"] = chapters_done;
      summary["epochs_done"] = chapters_done * e.epochs_per_chapter();
      run.write_summary(summary);
      std::fprintf(stderr, "stopped; continue with: ffw resume %s\n", run.path().c_str());
      return kStopped;
    case cluster::LaunchStatus::Failed:
      break;
  }
  summary["status"] = "failed";
  summary["error"] = outcome.message;
  summary["failed_node"] = outcome.failed_node;
  run.write_summary(summary);
  std::fprintf(stderr, "ffw: the run failed: %s; everything recorded so far is in %s\n", outcome.message.c_str(),
               run.path().c_str());
  return kNodeFailed;
}

json accuracies_json(const TrainResult& r) {
  json a = json::object();
  for (const auto& [name, value] : r.test_accuracy) a[name] = value;
  return a;
}

json confusion_json(const Eigen::MatrixXi& m) {
  json rows = json::array();
  for (Index i = 0; i < m.rows(); ++i) {
    json row = json::array();
    for (Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
    rows.push_back(row);
  }
  return rows;
}


// Trains into `run`, keeping summary.json true at every exit.
int train_into(const RunDirectory& run, const Experiment& e, std::optional<Checkpoint> resume) {
  json summary = base_summary(e, "running");
  run.write_summary(summary);
  TerminalProgress progress(stderr);
  try {
    std::fprintf(stderr, "loading %s data from %s\n", to_string(e.data.format).c_str(), e.data.path.c_str());
    const DataSplit data = load_data(e.data);
    std::fprintf(stderr, "%lld training, %lld validation, %lld test samples; %d threads, GEMM %s (%s, %s); %s, %s\n",
                 static_cast<long long>(data.train.size()), static_cast<long long>(data.validation.size()),
                 static_cast<long long>(data.test.size()), gemm::threads(), gemm::to_string(gemm::backend()).c_str(),
                 gemm::kernel_name(gemm::backend()).c_str(), gemm::to_string(gemm::precision()).c_str(),
                 to_string(e.variant).c_str(), to_string(e.classifier).c_str());
    CsvMetricsSink sink(run.metrics_file(), resume.has_value());
    TrainOptions options;
    options.sink = &sink;
    options.progress = &progress;
    options.checkpoint_file = run.checkpoint_file();
    options.previous_checkpoint_file = run.previous_checkpoint_file();
    options.stop = &g_stop;
    options.stop_after_chapters = g_stop_after_chapters;
    install_stop_handlers();
    TrainResult result = train(e, data, options, std::move(resume));
    progress.finish_line();
    summary["chapters_done"] = result.chapters_done;
    summary["epochs_done"] = result.epochs_done;
    summary["wall_seconds"] = result.wall_seconds;
    summary["train_seconds"] = result.train_seconds;
    summary["eval_seconds"] = result.timings.eval_seconds;
    summary["timings"] = {{"ff_seconds", result.timings.ff_seconds},
                          {"head_seconds", result.timings.head_seconds},
                          {"negatives_seconds", result.timings.negatives_seconds},
                          {"eval_seconds", result.timings.eval_seconds}};
    summary["peak_rss_mb"] = peak_rss_mb();
    if (result.status == TrainStatus::Stopped) {
      summary["status"] = "stopped";
      run.write_summary(summary);
      std::fprintf(stderr, "stopped after %d of %d chapters; continue with: ffw resume %s\n", result.chapters_done,
                   e.chapters, run.path().c_str());
      return kStopped;
    }
    save_model(run.model_file(), result.model);
    summary["status"] = "finished";
    summary["classifier"] = result.primary_readout;
    summary["test_accuracy"] = result.test_accuracy.at(result.primary_readout);
    summary["test_accuracy_by_classifier"] = accuracies_json(result);
    summary["confusion_matrix"] = confusion_json(result.confusion);
    run.write_summary(summary);
    std::fprintf(stderr, "finished in %s: test accuracy %.2f%% (%s)", format_duration(result.wall_seconds).c_str(),
                 100 * result.test_accuracy.at(result.primary_readout), result.primary_readout.c_str());
    for (const auto& [name, value] : result.test_accuracy)
      if (name != result.primary_readout) std::fprintf(stderr, ", %.2f%% (%s)", 100 * value, name.c_str());
    std::fprintf(stderr, "\nresults in %s (summary.json, metrics.csv, model.ffwm)\n", run.path().c_str());
    return kOk;
  } catch (const Error& ex) {
    progress.finish_line();
    summary["status"] = "failed";
    summary["error"] = ex.what();
    write_failure(run, summary);
    throw;
  }
}

void set_threads(const Experiment& e, std::optional<int> threads) { gemm::set_threads(threads.value_or(e.threads)); }

}  // namespace

void resolve_gemm_backend(Experiment& e) { resolve_gemm(e); }

int gemm_threads_per_node(const Experiment& e) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return e.threads > 0 ? e.threads : e.launcher == Launcher::InProcess ? cores : std::max(1, cores / e.nodes);
}

// cluster.placement "auto": the stage placement with the least predicted time on this machine's
// costs (a short probe), written into the run's experiment.json so that every node and a resume
// use it as given.
void resolve_placement(Experiment& e) {
  if (e.placement != Placement::Auto || !e.stage_nodes.empty() || !e.chapter_nodes.empty() || !e.batch_shares.empty() ||
      e.nodes < 2 || (e.pipeline_stages() == 0 && !e.chapters_placed() && e.variant != Variant::DataParallelBp))
    return;
  const auto started = std::chrono::steady_clock::now();
  ProbeArgs probe;
  probe.samples = 4000;
  probe.transports = false;
  const Calibration c = probe_experiment(e, probe);
  PlanRequest r;
  r.slowdown = e.slowdown;
  r.mpi = e.launcher == Launcher::Mpi || e.launcher == Launcher::Lab;
  r.lab = e.launcher == Launcher::Lab;
  if (r.lab) r.bandwidth_mbit = e.lab.bandwidth_of(0);
  const PlacementChoice choice = choose_placement(e, c, r);
  if (choice.empty()) return;
  choice.apply_to(e);
  const std::string nodes = placement_text(choice.values());
  std::fprintf(stderr, "placement: auto: %s [%s]%s, predicted %.1f s against the preset's %.1f s (%d placements "
                       "simulated on costs probed here in %.0f s)\n",
               choice.key(), nodes.c_str(), choice.preset_kept ? " (the preset: nothing else is predicted faster)" : "",
               choice.predicted_seconds, choice.preset_seconds, choice.candidates,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

int run_command(const RunArgs& args) {
  g_stop_after_chapters = args.stop_after_chapters;
  Experiment e = load_experiment(args.experiment);
  {
    std::ifstream in(args.experiment);
    print_warnings(args.experiment, experiment_problems(json::parse(in), args.experiment.parent_path(), true));
  }
  if (e.launcher == Launcher::Mpi && !e.hostfile.empty()) read_hostfile(e.hostfile);  // before any run directory exists
  if (args.threads) e.threads = *args.threads;
  set_threads(e, std::nullopt);
  resolve_gemm(e);
  resolve_placement(e);
  // GPipe's "auto" m becomes a number in the run's experiment.json, so a resume keeps it.
  if (e.variant == Variant::GpipeBp && e.micro_batches == Experiment::kAutoMicroBatches) {
    e.micro_batches = e.micro_batch_count();
    std::fprintf(stderr, "micro-batches: %d of %d samples (\"auto\": at least %d samples each, up to 4 per node)\n",
                 e.micro_batches, e.batch_size / e.micro_batches, kMinMicroBatchSamples);
  }
  const fs::path out = args.out.empty() ? RunDirectory::fresh_path("runs", e.name) : args.out;
  // The pre-flight, before anything is written: every host of a hostfile (through mpirun), else
  // this machine's memory and disk. A failing one refuses the run (exit 8), as ffw doctor says.
  if (args.preflight) {
    std::string failed;
    for (const auto& line : preflight(e, out, e.launcher == Launcher::Mpi && !e.hostfile.empty()))
      if (line.problem) failed += "\n  " + line.text;
    if (!failed.empty())
      throw Error(ErrorKind::Environment, "the pre-flight failed; the run was not started:" + failed +
                                              "\n(ffw doctor " + args.experiment.string() + " checks again; --no-preflight runs anyway)");
  }
  const RunDirectory run = RunDirectory::create(out, e);
  std::fprintf(stderr, "run directory: %s\n", run.path().c_str());
  if (e.launcher != Launcher::InProcess) return train_cluster(run, e, false);
  return train_into(run, e, std::nullopt);
}

int resume_command(const fs::path& run_dir, std::optional<int> threads, int stop_after_chapters) {
  g_stop_after_chapters = stop_after_chapters;
  const RunDirectory run = RunDirectory::open(run_dir);
  Experiment e = load_experiment(run.experiment_file());
  set_threads(e, threads);
  const json previous = run.read_summary();
  if (!e.gemm) {
    // Written before training.gemm existed, when every product ran on OpenBLAS: it resumes on
    // OpenBLAS, and its experiment.json says so from now on (the workers read it).
    e.gemm = gemm::Backend::OpenBlas;
    std::ofstream(run.experiment_file(), std::ios::trunc) << to_json(e).dump(2) << '\n';
    std::fprintf(stderr, "%s predates training.gemm: it resumes on OpenBLAS, as it started\n", run.path().c_str());
  }
  if (e.negatives == Negatives::Adaptive && !e.adaptive_from) {
    // Written before algorithm.adaptive_from existed, when adaptive negatives always came from the
    // goodness pass: it resumes with that rule, and its experiment.json says so from now on.
    e.adaptive_from = AdaptiveFrom::Goodness;
    std::ofstream(run.experiment_file(), std::ios::trunc) << to_json(e).dump(2) << '\n';
    std::fprintf(stderr, "%s predates algorithm.adaptive_from: its negatives still come from the goodness pass\n",
                 run.path().c_str());
  }
  g_gemm_record = previous.contains("gemm") ? previous["gemm"] : json{{"backend", gemm::to_string(*e.gemm)},
                                                                     {"chosen_by", "experiment"}};
  gemm::apply(e);
  if (previous.value("status", "") == "finished")
    throw Error(ErrorKind::Usage, run_dir.string() + " has already finished; there is nothing to resume");
  if (e.launcher != Launcher::InProcess) {
    for (const auto& note : cluster::set_aside_damaged_checkpoints(run.path() / "checkpoints", e.nodes, e.chapters))
      std::fprintf(stderr, "ffw: %s\n", note.c_str());
    std::fprintf(stderr, "resuming %s from the last chapter every node finished\n", run.path().c_str());
    return train_cluster(run, e, true);
  }
  // The newest checkpoint, or the one before it when the newest is damaged (set aside, not deleted).
  std::optional<Checkpoint> c;
  fs::path from;
  for (const fs::path& f : {run.checkpoint_file(), run.previous_checkpoint_file()}) {
    if (!fs::exists(f)) continue;
    try {
      c = load_checkpoint(f);
      from = f;
      break;
    } catch (const Error& ex) {
      if (ex.kind() != ErrorKind::Model) throw;
      std::fprintf(stderr, "ffw: %s\n  set aside as %s; resuming from the checkpoint before it\n", ex.what(),
                   cluster::set_aside(f).filename().c_str());
    }
  }
  if (!c)
    throw Error(ErrorKind::Io, run_dir.string() + " has no usable checkpoint (checkpoints/last.ffwc); it stopped "
                                                  "before its first chapter ended, start it again with ffw run");
  check_checkpoint_fits(*c, e, from);
  std::fprintf(stderr, "resuming %s after chapter %d of %d\n", run.path().c_str(), c->chapters_done, e.chapters);
  return train_into(run, e, std::move(*c));
}

int validate_command(const fs::path& file) {
  const Experiment e = load_experiment(file);  // the rules (and JSON errors), with the file's name
  // The same rulebook the Designer shows, with this machine's files.
  std::ifstream in(file);
  const auto problems = experiment_problems(json::parse(in), file.parent_path(), true);
  if (has_errors(problems)) {
    std::string msg = file.string() + ": " + std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") +
                      " in the experiment:";
    for (const auto& p : problems)
      msg += "\n  " + std::string(p.severity == Severity::Warning ? "warning: " : "") + p.path + ": " + p.message;
    throw Error(ErrorKind::Experiment, msg);
  }
  print_warnings(file, problems);
  std::size_t params = 0;
  std::size_t fan_in = e.data.format == DataFormat::Cifar10 ? 3072 : 784;
  for (const auto& l : e.layers) {
    params += fan_in * static_cast<std::size_t>(l.width) + static_cast<std::size_t>(l.width);
    fan_in = static_cast<std::size_t>(l.width);
  }
  std::printf("%s: valid (%s, %zu layers, about %.2f M parameters, %d epochs in %d chapters)\n", file.c_str(),
              to_string(e.variant).c_str(), e.layers.size(), static_cast<double>(params) / 1e6, e.epochs, e.chapters);
  return kOk;
}

int eval_command(const EvalArgs& args) {
  const Model model = load_model(args.model);
  DataFormat format = model.experiment.data.format;
  if (!args.format.empty()) {
    auto f = data_format_from_string(args.format);
    if (!f) throw Error(ErrorKind::Usage, "--format must be idx, cifar10 or csv, not " + args.format);
    format = *f;
  }
  gemm::set_threads(0);
  gemm::use(gemm::fallback_backend(), gemm::Precision::Fp32);  // the fp32 reference, on any machine
  const Dataset test = load_test_data(format, args.data, model.classes, model.preprocess);
  json out = {{"model", args.model.string()}, {"data", args.data.string()}, {"samples", test.size()}};
  for (const auto& readout : available_readouts(model)) out["test_accuracy"][readout] = evaluate(model, test, readout).accuracy;
  out["classifier"] = primary_readout(model);
  std::printf("%s\n", out.dump().c_str());
  return kOk;
}

}  // namespace ffw::cli
