// `ffw sweep SWEEP.json`: every combination of a sweep (core/sweep.h) as a run, one after another
// (so their times stay comparable), each through `ffw run` or, after a crash or a stop, `ffw
// resume`. The state is RUNS/NAME.sweep-state.json: running the same command again goes on.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/ffw_child.h"
#include "core/error.h"
#include "core/experiment.h"
#include "core/gemm.h"
#include "core/machine.h"
#include "core/run_directory.h"
#include "core/sweep.h"

namespace ffw::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::atomic<int> g_sweep_signal{0};
void on_sweep_signal(int s) { g_sweep_signal.store(s); }

// A run's summary.json as the readers take it; empty when it is missing or not JSON.
json run_summary(const fs::path& run_dir) {
  std::ifstream in(run_dir / "summary.json");
  return conform_summary(json::parse(in, nullptr, false));
}

// training.gemm "auto" is resolved once for the whole sweep per network shape and thread count (not
// once per run, where two backends within noise of each other would split runs that differ only in
// their seed into two kinds), kept in the state so a resumed sweep multiplies alike.
void pin_gemm(Sweep& sweep, SweepItem& item, const fs::path& runs) {
  const json chosen = item.experiment.value("/training/gemm"_json_pointer, json("auto"));
  if (chosen != "auto") return;
  Experiment e = parse_experiment(item.experiment, sweep.file.parent_path());
  if (e.gemm) return;
  json shape = {{"threads", gemm_threads_per_node(e)}, {"batch", e.batch_size}, {"precision", gemm::to_string(e.precision)},
                {"format", to_string(e.data.format)}, {"widths", json::array()}};
  for (const auto& layer : e.layers) shape["widths"].push_back(layer.width);
  const std::string key = shape.dump();
  if (!sweep.choices.value("gemm", json::object()).contains(key)) {
    resolve_gemm_backend(e);  // measured here, as `ffw run` would, and said on the terminal
    sweep.choices["gemm"][key] = gemm::to_string(*e.gemm);
    save_sweep_state(sweep, runs);
  }
  item.experiment["training"]["gemm"] = sweep.choices["gemm"][key];
}

}  // namespace

int sweep_command(const fs::path& file, const fs::path& runs) {
  Sweep sweep = load_sweep(file);  // every combination checked before anything starts
  fs::create_directories(runs);
  merge_sweep_state(sweep, runs);
  if (const long long other = running_sweep_pid(sweep_state_file(sweep, runs)); other > 0 && other != getpid())
    throw Error(ErrorKind::Usage, "sweep " + sweep.name + " is already going on (ffw pid " + std::to_string(other) +
                                      "); stop it (kill -INT " + std::to_string(other) + ") or let it finish");
  sweep.pid = getpid();
  save_sweep_state(sweep, runs);  // this process goes through it now
  const fs::path logs = runs / (sweep.name + ".sweep");
  fs::create_directories(logs);
  const int cores = machine_info().cores;
  std::size_t done = 0;
  for (const SweepItem& i : sweep.items) done += i.status == "finished";
  std::fprintf(stderr, "sweep %s: %zu runs, %zu finished before; one at a time; state in %s\n", sweep.name.c_str(),
               sweep.items.size(), done, sweep_state_file(sweep, runs).c_str());
  struct sigaction sa {};
  sa.sa_handler = on_sweep_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  int failed = 0, first_failure = kOk;
  for (SweepItem& item : sweep.items) {
    if (item.status == "finished") continue;
    const int nodes = item.experiment.value("/cluster/nodes"_json_pointer, 1);
    if (nodes > cores)
      std::fprintf(stderr, "sweep %s: item %d runs %d nodes on %d cores: its time is not a cluster's\n", sweep.name.c_str(),
                   item.index + 1, nodes, cores);
    std::vector<std::string> args;
    if (!item.run_dir.empty() && fs::exists(fs::path(item.run_dir) / "experiment.json")) {
      // A sweep that died leaves its run going (it has a process group of its own): wait for it.
      for (bool said = false;; said = true) {
        const json s = run_summary(item.run_dir);
        const long long pid = s.value("pid", 0LL);
        if (s.value("status", std::string()) != "running" || pid <= 0 || kill(static_cast<pid_t>(pid), 0) != 0) break;
        if (!said) std::fprintf(stderr, "sweep %s: %d is still running from before (ffw pid %lld); waiting for it\n",
                                sweep.name.c_str(), item.index + 1, pid);
        if (g_sweep_signal.load()) {
          sweep.pid = 0;
          save_sweep_state(sweep, runs);
          return kStopped;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
      if (run_summary(item.run_dir).value("status", std::string()) == "finished") {
        item.status = "finished";
        save_sweep_state(sweep, runs);
        continue;
      }
      args = {"resume", item.run_dir};  // stopped, failed, or cut off with the sweep: from its checkpoints
    } else {
      pin_gemm(sweep, item, runs);
      const fs::path experiment = logs / (item.experiment.value("name", std::string("item")) + ".json");
      std::ofstream(experiment) << item.experiment.dump(2) << '\n';
      if (item.run_dir.empty())
        item.run_dir = RunDirectory::fresh_path(runs, item.experiment.value("name", std::string("item"))).string();
      args = {"run", experiment.string(), "--out", item.run_dir};
    }
    item.status = "running";
    save_sweep_state(sweep, runs);  // before the run: a crash leaves its directory named, to resume
    std::fprintf(stderr, "sweep %s: %d of %zu %s: %s %s\n", sweep.name.c_str(), item.index + 1, sweep.items.size(),
                 item.values.dump().c_str(), args[0].c_str(), item.run_dir.c_str());
    const fs::path log = logs / ("item-" + std::to_string(item.index + 1) + ".log");
    const pid_t child = spawn_ffw(args, log);
    std::optional<int> code;
    bool forwarded = false;
    while (!(code = wait_exit(child, 0.1))) {
      if (g_sweep_signal.load() && !forwarded) {  // the child has a group of its own: pass the stop on
        kill(-child, SIGINT);
        forwarded = true;
      }
    }
    const json ended = run_summary(item.run_dir);
    const double accuracy = ended.value("test_accuracy", -1.0);
    const std::string status = ended.value("status", std::string());
    if (*code == kOk) {
      item.status = "finished";
      std::fprintf(stderr, "sweep %s: %d finished, test accuracy %.2f%%\n", sweep.name.c_str(), item.index + 1, 100 * accuracy);
    } else if (*code == kStopped || g_sweep_signal.load()) {
      item.status = "stopped";
    } else {
      item.status = "failed";
      ++failed;
      if (first_failure == kOk) first_failure = *code > 0 && *code < 128 ? *code : kTrainingFailed;
      std::fprintf(stderr, "sweep %s: %d failed (exit %d, status %s); see %s\n", sweep.name.c_str(), item.index + 1, *code,
                   status.empty() ? "none" : status.c_str(), log.c_str());
    }
    if (g_sweep_signal.load()) sweep.pid = 0;
    save_sweep_state(sweep, runs);
    if (g_sweep_signal.load()) {
      std::fprintf(stderr, "sweep %s: stopped; the same command goes on from here\n", sweep.name.c_str());
      return kStopped;
    }
  }
  sweep.pid = 0;  // done: nobody goes through it
  save_sweep_state(sweep, runs);
  json summary = {{"sweep", sweep.name}, {"runs", json::array()}, {"failed", failed}};
  for (const SweepItem& i : sweep.items)
    summary["runs"].push_back({{"item", i.index + 1}, {"values", i.values}, {"run_dir", i.run_dir}, {"status", i.status}});
  std::printf("%s\n", summary.dump().c_str());
  std::fprintf(stderr, "sweep %s: %zu runs, %d failed\n", sweep.name.c_str(), sweep.items.size(), failed);
  return failed ? first_failure : kOk;
}

}  // namespace ffw::cli
