// `ffw doctor EXPERIMENT`: the cluster pre-flight, and the same check `ffw run` makes before it
// starts a run on several hosts (core/preflight.h).
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "cluster/launcher.h"
#include "core/error.h"
#include "core/preflight.h"
#include "core/run_directory.h"

namespace ffw::cli {
namespace fs = std::filesystem;
using nlohmann::json;

std::vector<PreflightLine> preflight(const Experiment& e, const fs::path& run_dir, bool on_every_host) {
  // This machine alone: its data is the loader's to report (exit 4, recorded in the run), so it is
  // not read here twice.
  const json here = host_report(e, run_dir, on_every_host);
  std::vector<json> nodes;
  if (!on_every_host || e.launcher == Launcher::InProcess) {
    nodes.assign(static_cast<std::size_t>(std::max(1, e.launcher == Launcher::InProcess ? 1 : e.nodes)), here);
    return preflight_lines(e, here, nodes);
  }
  // Every node through the experiment's own launcher (mpirun with its hostfile, the lab, local
  // workers): the worker reports its host, so a host without ffw-worker, with another build or
  // unable to start it at all shows here first.
  const fs::path dir = fs::temp_directory_path() / ("ffw-doctor-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const RunDirectory run = RunDirectory::create(dir, e);
  cluster::LaunchOptions options;
  options.doctor = true;
  cluster::LaunchOutcome outcome;
  try {
    outcome = cluster::launch_run(e, run, options);
  } catch (const Error& x) {
    fs::remove_all(dir);
    return {{std::string("the nodes could not be started: ") + x.what(), true}};
  }
  fs::remove_all(dir);
  if (outcome.status != cluster::LaunchStatus::Finished)
    return {{"the nodes could not be started: " + outcome.message, true}};
  for (int n = 0; n < e.nodes; ++n) {
    json r = outcome.summary["nodes"][static_cast<std::size_t>(n)];
    r["run_dir"] = run_dir.string();  // where the run will go, not the probe's temporary directory
    if (!r.contains("host")) r["host"] = "?";
    nodes.push_back(r);
  }
  // The workers measured free space at the temporary directory; the run goes to run_dir.
  for (auto& r : nodes)
    if (r.value("host", "") == here.value("host", "")) r["free_disk_mb"] = here["free_disk_mb"];
  return preflight_lines(e, here, nodes);
}

int doctor_command(const fs::path& file, const fs::path& runs) {
  const Experiment e = load_experiment(file);
  std::fprintf(stderr, "ffw doctor: %s on %d node%s (%s)\n", e.name.c_str(), e.nodes, e.nodes == 1 ? "" : "s",
               e.launcher == Launcher::Mpi ? (e.hostfile.empty() ? "Open MPI on this machine" : ("Open MPI, hostfile " + e.hostfile.string()).c_str())
               : e.launcher == Launcher::Lab ? "the network lab" : e.launcher == Launcher::Local ? "local workers" : "in process");
  bool ok = true;
  for (const auto& line : preflight(e, runs, true)) {
    std::printf("%s%s\n", line.problem ? "problem: " : "", line.text.c_str());
    ok = ok && !line.problem;
  }
  return ok ? kOk : kEnvironment;
}

}  // namespace ffw::cli
