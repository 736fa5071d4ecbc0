// `ffw bench faults`: the fault campaign (issue 16; expected outcomes in docs/cluster.md, "Faults"),
// and `ffw bench elastic`: the elastic ring against stopping and resuming.
// Each trial starts a real `ffw run` of a small 2-node experiment, and at a random moment of its
// training kills (SIGKILL) or stops (SIGSTOP) a random worker, `ffw` itself, or mpirun. It then
// checks the outcome written down for that case, that no process and no shared-memory segment of
// the run is left, that every metric recorded before the fault is still in metrics.csv, and that
// `ffw resume` ends with the weights of an uninterrupted run, byte for byte.
#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/cli/bench_runs.h"
#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/ffw_child.h"
#include "app/cli/statistics.h"
#include "core/error.h"
#include "core/experiment.h"
#include "core/machine.h"
#include "core/run_directory.h"


namespace ffw::cli {
namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::string read_file(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int run_ffw(const std::vector<std::string>& args, const fs::path& log, double limit = 600) {
  const pid_t pid = spawn_ffw(args, log);
  const auto code = wait_exit(pid, limit);
  if (!code) {
    kill(-pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
  }
  return *code;
}

std::vector<std::string> cmdline(pid_t pid) {
  const std::string raw = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::vector<std::string> args;
  std::string arg;
  std::istringstream in(raw);
  while (std::getline(in, arg, '\0')) args.push_back(arg);
  return args;
}

// The processes of one run: its workers (ffw-worker ... --run-dir DIR) and its mpirun.
struct RunProcess {
  pid_t pid;
  bool mpirun;
  int node;  // workers started by ffw name it (--local-rank); -1 otherwise
};
std::vector<RunProcess> run_processes(const fs::path& dir) {
  std::vector<RunProcess> out;
  DIR* proc = opendir("/proc");
  if (!proc) return out;
  while (const dirent* d = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atol(d->d_name));
    if (pid <= 0) continue;
    const auto args = cmdline(pid);
    if (args.empty()) continue;
    const std::string exe = fs::path(args[0]).filename().string();
    const bool mpirun = exe == "mpirun" || exe == "orterun" || exe == "mpiexec";
    if (exe != "ffw-worker" && !mpirun) continue;
    bool ours = false;
    int node = -1;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "--run-dir" && fs::path(args[i + 1]) == dir) ours = true;
      if (args[i] == "--local-rank") node = std::atoi(args[i + 1].c_str());
    }
    if (ours) out.push_back({pid, mpirun, node});
  }
  closedir(proc);
  return out;
}

// Shared-memory segments of the ffw with pid `owner` (metrics stream and transport).
int segments_of(pid_t owner) {
  int n = 0;
  const std::string prefix = "ffw-" + std::to_string(owner) + "-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/dev/shm", ec))
    n += entry.path().filename().string().rfind(prefix, 0) == 0;
  return n;
}

// Complete lines of metrics.csv.
std::string whole_lines(const std::string& text) { return text.substr(0, text.rfind('\n') + 1); }

// A run's summary.json as the readers take it; empty when it is missing or not JSON.
json run_summary(const fs::path& dir) { return conform_summary(json::parse(read_file(dir / "summary.json"), nullptr, false)); }

struct Case {
  Variant variant;
  Launcher launcher;
};

}  // namespace

int bench_faults_command(const BenchFaultsArgs& a) {
  std::vector<Case> cases;
  for (const auto& v : a.variants) {
    const auto variant = variant_from_string(v);
    if (!variant || (*variant != Variant::AllLayers && *variant != Variant::SingleLayer && *variant != Variant::GpipeBp &&
                     *variant != Variant::DataParallelBp))
      throw Error(ErrorKind::Usage, "--variants: " + v + " is not all-layers, single-layer, gpipe-bp or data-parallel-bp");
    for (const auto& l : a.launchers) cases.push_back({*variant, l == "mpi" ? Launcher::Mpi : Launcher::Local});
  }
  const fs::path work = a.out.empty() ? fs::temp_directory_path() / ("ffw-faults-" + std::to_string(getpid())) : a.out;
  fs::create_directories(work);
  std::fprintf(stderr, "fault campaign in %s: %d trials, seed %llu\n", work.c_str(), a.trials,
               static_cast<unsigned long long>(a.seed));

  // One uninterrupted reference run per case: its model and how long its training takes.
  struct Reference {
    fs::path experiment;
    std::string model;
    double seconds = 0;
  };
  std::map<std::pair<int, int>, Reference> references;
  auto reference = [&](const Case& c) -> const Reference& {
    const auto key = std::make_pair(static_cast<int>(c.variant), static_cast<int>(c.launcher));
    if (auto it = references.find(key); it != references.end()) return it->second;
    const std::string name = to_string(c.variant) + "-" + (c.launcher == Launcher::Mpi ? "mpi" : "local");
    Experiment e = bench_setting("faults-" + name, a.data, a.limit_train, a.chapters, 1);
    e.layers = {{200, {}, {}}, {200, {}, {}}, {200, {}, {}}};
    e.data.limit_test = 500;
    e.variant = c.variant;
    e.nodes = 2;
    e.launcher = c.launcher;
    e.checkpoints = true;
    e.gemm = gemm::Backend::OpenBlas;
    e.deferred_evaluation = false;
    if (c.variant == Variant::GpipeBp || c.variant == Variant::DataParallelBp) {
      e.classifier = Classifier::Softmax;
      e.negatives = Negatives::None;
    }
    Reference r;
    r.experiment = work / (name + ".json");
    std::ofstream(r.experiment) << to_json(e).dump(2);
    const fs::path dir = work / ("reference-" + name);
    fs::remove_all(dir);
    const auto started = Clock::now();
    const int code = run_ffw({"run", r.experiment.string(), "--out", dir.string()}, work / ("reference-" + name + ".log"));
    r.seconds = seconds_since(started);
    if (code != kOk)
      throw Error(ErrorKind::Training, "the reference run " + dir.string() + " did not finish (exit " + std::to_string(code) +
                                           "); see its log");
    r.model = read_file(dir / "model.ffwm");
    std::fprintf(stderr, "reference %s: %.1f s\n", name.c_str(), r.seconds);
    return references.emplace(key, std::move(r)).first->second;
  };

  const double heartbeat_timeout = 2.0;  // the launcher's default, which the campaign's runs keep
  constexpr double kSlackSeconds = 10;
  std::mt19937_64 rng(a.seed);
  int failures = 0, missed = 0;
  std::map<std::string, std::pair<int, int>> by_variant;  // trials, met
  for (int trial = 0; trial < a.trials; ++trial) {
    const Case c = cases[static_cast<std::size_t>(trial) % cases.size()];
    const Reference& ref = reference(c);
    std::vector<std::string> targets = {"worker", "ffw"};
    if (c.launcher == Launcher::Mpi) targets.push_back("mpirun");
    const std::string target = targets[std::uniform_int_distribution<std::size_t>(0, targets.size() - 1)(rng)];
    const bool stop = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    // Within the training: after the start-up (about a third of a short run), before the end.
    const double moment = std::uniform_real_distribution<double>(0.35, 0.8)(rng) * ref.seconds;
    const std::string name = "trial" + std::to_string(trial);
    const fs::path dir = work / name, log = work / (name + ".log");
    fs::remove_all(dir);
    fs::remove(log);

    json row = {{"trial", trial}, {"variant", to_string(c.variant)}, {"launcher", c.launcher == Launcher::Mpi ? "mpi" : "local"},
                {"target", target}, {"signal", stop ? "SIGSTOP" : "SIGKILL"}, {"at_s", moment}};
    std::vector<std::string> problems;
    const auto started = Clock::now();
    const pid_t ffw = spawn_ffw({"run", ref.experiment.string(), "--out", dir.string()}, log);
    std::optional<int> early;
    while (seconds_since(started) < moment && !(early = wait_exit(ffw, 0)))
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (early) {  // finished before the fault: nothing to test
      row["outcome"] = "missed (the run ended first)";
      ++missed;
      std::printf("%s\n", row.dump().c_str());
      std::fflush(stdout);
      continue;
    }
    // The victim.
    pid_t victim = ffw;
    int victim_node = -1;
    const auto procs = run_processes(dir);
    if (target != "ffw") {
      std::vector<RunProcess> candidates;
      for (const auto& p : procs)
        if (p.mpirun == (target == "mpirun")) candidates.push_back(p);
      if (candidates.empty()) {
        problems.push_back("no " + target + " process of the run was found at the fault moment");
      } else {
        const auto& p = candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng)];
        victim = p.pid;
        victim_node = p.node;
      }
    }
    const std::string before = whole_lines(read_file(dir / "metrics.csv"));
    const auto fault_at = Clock::now();
    kill(victim, stop ? SIGSTOP : SIGKILL);
    // ffw or mpirun stopped: continued after 3 s, and the run must go on as if nothing happened.
    const bool expect_finish = stop && target != "worker";
    if (expect_finish) {
      std::this_thread::sleep_for(std::chrono::seconds(3));
      kill(victim, SIGCONT);
    }
    const auto code = wait_exit(ffw, 120);
    const double ended_after = seconds_since(fault_at);
    row["ffw_exit"] = code ? json(*code) : json("hung");
    row["ended_after_s"] = ended_after;
    if (!code) {
      problems.push_back("ffw did not end within 120 s of the fault");
      kill(-ffw, SIGKILL);
      waitpid(ffw, nullptr, 0);
    }
    const std::string err = read_file(log);
    // The outcome written down for the case (docs/cluster.md, "Faults"). A fault after every node
    // had finished lets the run finish: missed, as long as nothing was lost (checked below).
    const bool late = code && *code == kOk && !expect_finish && target != "ffw";
    if (late) {
      row["outcome"] = "missed (the nodes had finished)";
      ++missed;
    } else if (target == "worker") {
      if (code && *code != kNodeFailed) problems.push_back("a lost worker should fail the run with exit 7");
      // Within the heartbeat timeout, or the start-up timeout for a worker caught before its first
      // heartbeat; the slack is for a loaded machine, the figure is in the row.
      const bool before_start = err.find("did not start") != std::string::npos;
      row["before_first_heartbeat"] = before_start;
      const double bound = before_start ? (c.launcher == Launcher::Local ? 10.0 : 60.0) : heartbeat_timeout;
      if (ended_after > bound + kSlackSeconds)
        problems.push_back("the run took " + std::to_string(ended_after) + " s to notice the lost worker");
      const bool named = (victim_node >= 0 && err.find("node " + std::to_string(victim_node)) != std::string::npos) ||
                         err.find("(pid " + std::to_string(victim) + ")") != std::string::npos;
      if (!named) problems.push_back("the failure does not name the lost node");
    } else if (target == "ffw" && !stop) {
      if (code && *code != 128 + SIGKILL) problems.push_back("ffw survived SIGKILL");
    } else if (target == "mpirun" && !stop) {
      if (code && *code != kNodeFailed) problems.push_back("a lost mpirun should fail the run with exit 7");
    } else if (code && *code != kOk) {
      problems.push_back("stopped and continued, the run should finish (exit 0), not " + std::to_string(*code));
    }
    // Nothing of the run may be left: processes within 10 s (workers notice a dead ffw themselves).
    std::vector<RunProcess> left;
    for (int i = 0; i < 100 && !(left = run_processes(dir)).empty(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!left.empty()) {
      problems.push_back(std::to_string(left.size()) + " processes of the run were left");
      for (const auto& p : left) kill(p.pid, SIGKILL);
    }
    // What was recorded before the fault is still there.
    if (read_file(dir / "metrics.csv").compare(0, before.size(), before) != 0)
      problems.push_back("metrics.csv lost records written before the fault");
    // Resume to the end; the weights must be those of the uninterrupted run.
    const bool finished = code && *code == kOk;
    if (!finished) {
      const int resumed = run_ffw({"resume", dir.string()}, log);
      row["resume_exit"] = resumed;
      if (resumed != kOk) problems.push_back("ffw resume ended with " + std::to_string(resumed));
    }
    if (read_file(dir / "model.ffwm") != ref.model) problems.push_back("the final weights differ from the uninterrupted run");
    // A killed ffw leaves its segments to the next ffw, which removes those of dead owners: the resume.
    if (const int segments = segments_of(ffw); segments > 0)
      problems.push_back(std::to_string(segments) + " shared-memory segments of the run were left");
    if (finished) {
      const json s = run_summary(dir);
      for (const auto& n : s.value("nodes", json::array()))
        if (n.value("dropped_records", 0) > 0) problems.push_back("node " + std::to_string(n.value("node", -1)) + " dropped records");
    }
    row["met"] = problems.empty();
    if (!problems.empty()) row["problems"] = problems;
    auto& tally = by_variant[to_string(c.variant)];
    if (!late || !problems.empty()) {
      ++tally.first;
      tally.second += problems.empty();
    }
    failures += !problems.empty();
    std::printf("%s\n", row.dump().c_str());
    std::fflush(stdout);
    if (problems.empty() && !a.keep) {
      fs::remove_all(dir);
      fs::remove(log);
    }
  }
  json summary = {{"summary", "faults"}, {"trials", a.trials}, {"missed", missed}, {"not_met", failures}, {"seed", a.seed}};
  for (const auto& [variant, t] : by_variant) summary["by_variant"][variant] = {{"trials", t.first}, {"met", t.second}};
  std::printf("%s\n", summary.dump().c_str());
  if (failures == 0 && !a.keep && a.out.empty()) fs::remove_all(work);
  else std::fprintf(stderr, "the runs and logs are in %s\n", work.c_str());
  return failures == 0 ? kOk : kTrainingFailed;
}

namespace {

// The newest chapter (1-based) any node of the run in `dir` has checkpointed; 0: none.
int newest_checkpoint(const fs::path& dir) {
  int newest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir / "checkpoints", ec)) {
    const std::string name = entry.path().filename().string();  // nodeR-chapterNNNNN.ffwc
    const auto at = name.find("-chapter");
    if (at != std::string::npos && name.size() >= at + 13 && entry.path().extension() == ".ffwc")
      newest = std::max(newest, std::atoi(name.substr(at + 8, 5).c_str()));
  }
  return newest;
}

struct Timed {
  double seconds = 0;
  int code = -1;
  bool killed = false;  // the node was killed before the run ended
};

// `ffw ARGS` with node `victim` of the run in `dir` killed (SIGKILL) once `chapter` is checkpointed;
// `victim` < 0: nobody is killed.
Timed timed_ffw(const std::vector<std::string>& args, const fs::path& dir, const fs::path& log, int victim, int chapter) {
  Timed t;
  const auto started = Clock::now();
  const pid_t ffw = spawn_ffw(args, log);
  for (;;) {
    int status = 0;
    if (waitpid(ffw, &status, WNOHANG) == ffw) {
      t.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (victim >= 0 && !t.killed && newest_checkpoint(dir) >= chapter)
      for (const RunProcess& p : run_processes(dir))
        if (p.node == victim) {
          kill(p.pid, SIGKILL);
          t.killed = true;
        }
    if (seconds_since(started) > 3600) {
      kill(-ffw, SIGKILL);
      waitpid(ffw, nullptr, 0);
      throw Error(ErrorKind::Environment, "a run of the elastic benchmark took more than an hour; see " + log.string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  t.seconds = seconds_since(started);
  return t;
}


}  // namespace

int bench_elastic_command(const BenchElasticArgs& a) {
  for (const auto& v : a.variants)
    if (v != "all-layers" && v != "federated")
      throw Error(ErrorKind::Usage, "--variants: " + v + " is not all-layers or federated (the ring variants)");
  if (a.chapters < a.nodes + 1)
    throw Error(ErrorKind::Usage, "--chapters: " + std::to_string(a.chapters) + " leaves node " + std::to_string(a.nodes / 2) +
                                      " no chapter after the loss; give at least nodes + 1");
  const fs::path work = a.out.empty() ? fs::temp_directory_path() / ("ffw-elastic-" + std::to_string(getpid())) : a.out;
  fs::create_directories(work);
  const MachineInfo machine = machine_info();
  const bool shared_cores = a.nodes > machine.cores;
  const int victim = a.nodes / 2;
  const int kill_chapter = std::max(1, static_cast<int>(std::lround(a.kill_at * a.chapters)));
  std::fprintf(stderr, "elastic ring on %d local workers, node %d killed once chapter %d of %d is checkpointed; %s, %d cores%s\n",
               a.nodes, victim, kill_chapter, a.chapters, machine.cpu_model.c_str(), machine.cores,
               shared_cores ? " (nodes share cores: the times are not a cluster's, the accuracies are)" : "");
  for (const auto& variant : a.variants) {
    std::vector<double> full_s, full_acc, elastic_s, elastic_acc, resume_s, resume_acc;
    for (int seed = 1; seed <= a.seeds; ++seed) {
      Experiment e = bench_setting("elastic-" + variant, a.data, a.limit_train, a.chapters, static_cast<std::uint64_t>(seed));
      e.variant = *variant_from_string(variant);
      e.nodes = a.nodes;
      e.checkpoints = true;
      e.gemm = gemm::Backend::OpenBlas;
      e.data.limit_test = a.limit_test;
      e.on_node_failure = OnNodeFailure::Continue;
      const std::string tag = variant + "-seed" + std::to_string(seed);
      const fs::path continuing = work / (tag + "-continue.json"), stopping = work / (tag + "-stop.json");
      std::ofstream(continuing) << to_json(e).dump(2);
      e.on_node_failure = OnNodeFailure::Stop;
      std::ofstream(stopping) << to_json(e).dump(2);
      auto run = [&](const fs::path& experiment, const std::string& what, int kill) {
        const fs::path dir = work / (tag + "-" + what);
        fs::remove_all(dir);
        return std::pair{timed_ffw({"run", experiment.string(), "--out", dir.string()}, dir, work / (tag + "-" + what + ".log"),
                                   kill, kill_chapter),
                         dir};
      };
      const auto [full, full_dir] = run(continuing, "uninterrupted", -1);
      if (full.code != kOk) throw Error(ErrorKind::Environment, "the uninterrupted run failed; see " + (work / (tag + "-uninterrupted.log")).string());
      const auto [elastic, elastic_dir] = run(continuing, "elastic", victim);
      const json es = run_summary(elastic_dir);
      if (elastic.code != kOk || !elastic.killed || !es.contains("node_losses"))
        throw Error(ErrorKind::Environment, "the elastic run " + std::string(elastic.killed ? "did not go on after the loss" : "ended before the kill") +
                                                "; see " + (work / (tag + "-elastic.log")).string());
      const auto [stopped, stopped_dir] = run(stopping, "stop-and-resume", victim);
      if (stopped.code != kNodeFailed)
        throw Error(ErrorKind::Environment, "the run that stops did not fail at the loss; see " + (work / (tag + "-stop-and-resume.log")).string());
      const Timed resumed = timed_ffw({"resume", stopped_dir.string()}, stopped_dir, work / (tag + "-stop-and-resume.log"), -1, 0);
      if (resumed.code != kOk) throw Error(ErrorKind::Environment, "the resume failed; see " + (work / (tag + "-stop-and-resume.log")).string());
      const json fs_ = run_summary(full_dir), rs = run_summary(stopped_dir);
      const json& loss = es["node_losses"][0];
      const json line = {{"bench", "elastic"}, {"variant", variant}, {"seed", seed}, {"nodes", a.nodes}, {"lost_node", victim},
                         {"uninterrupted", {{"seconds", full.seconds}, {"accuracy", fs_.value("test_accuracy", 0.0)}}},
                         {"elastic", {{"seconds", elastic.seconds}, {"accuracy", es.value("test_accuracy", 0.0)},
                                      {"continued_after_chapter", loss.value("continued_after_chapter", 0)},
                                      {"redone_chapters", loss.value("redone_chapters", json::array())}}},
                         {"stop_and_resume", {{"seconds", stopped.seconds + resumed.seconds}, {"failed_run_seconds", stopped.seconds},
                                              {"resume_seconds", resumed.seconds}, {"accuracy", rs.value("test_accuracy", 0.0)}}},
                         {"shared_cores", shared_cores}};
      std::printf("%s\n", line.dump().c_str());
      std::fflush(stdout);
      std::fprintf(stderr, "seed %d: uninterrupted %.1f s %.2f%%, elastic %.1f s %.2f%% (went on after chapter %d), stop and resume %.1f s %.2f%%\n",
                   seed, full.seconds, 100 * fs_.value("test_accuracy", 0.0), elastic.seconds, 100 * es.value("test_accuracy", 0.0),
                   loss.value("continued_after_chapter", 0), stopped.seconds + resumed.seconds, 100 * rs.value("test_accuracy", 0.0));
      full_s.push_back(full.seconds), full_acc.push_back(fs_.value("test_accuracy", 0.0));
      elastic_s.push_back(elastic.seconds), elastic_acc.push_back(es.value("test_accuracy", 0.0));
      resume_s.push_back(stopped.seconds + resumed.seconds), resume_acc.push_back(rs.value("test_accuracy", 0.0));
    }
    const double delta = 100 * (median(elastic_acc) - median(full_acc));
    const json summary = {{"summary", "elastic"}, {"variant", variant}, {"nodes", a.nodes}, {"seeds", a.seeds},
                          {"chapters", a.chapters}, {"train_samples", a.limit_train},
                          {"uninterrupted", {{"seconds", median(full_s)}, {"accuracy", median(full_acc)}}},
                          {"elastic", {{"seconds", median(elastic_s)}, {"accuracy", median(elastic_acc)}}},
                          {"stop_and_resume", {{"seconds", median(resume_s)}, {"accuracy", median(resume_acc)}}},
                          {"accuracy_delta_points", delta}, {"target_points", 0.3}, {"target_met", std::abs(delta) <= 0.3},
                          {"shared_cores", shared_cores}, {"machine", to_json(machine)}};
    std::printf("%s\n", summary.dump().c_str());
    std::fprintf(stderr, "%s, median of %d seeds: uninterrupted %.2f%% in %.1f s; elastic %.2f%% in %.1f s (%+.2f points: target 0.3 %s); "
                         "stop and resume %.2f%% in %.1f s (not counting the time until someone resumes it)%s\n",
                 variant.c_str(), a.seeds, 100 * median(full_acc), median(full_s), 100 * median(elastic_acc), median(elastic_s), delta,
                 std::abs(delta) <= 0.3 ? "met" : "NOT met", 100 * median(resume_acc), median(resume_s),
                 shared_cores ? "; nodes shared cores, so the times are not a cluster's" : "");
  }
  if (a.out.empty()) fs::remove_all(work);
  return kOk;
}

}  // namespace ffw::cli
