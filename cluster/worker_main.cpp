// ffw-worker: one node of a distributed run. Started by `ffw run` through mpirun (or directly,
// one process per node, by the local launcher); never links Qt.
//
//   ffw-worker --experiment RUN/experiment.json --run-dir RUN --stream NAME --parent-pid PID [--resume]
//              [--local-rank R --transport NAME]   (local workers: no MPI, a shared-memory transport)
#include <mpi.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "cluster/metrics_ring.h"
#include "cluster/mpi_transport.h"
#include "cluster/shm_transport.h"
#include "cluster/node_report.h"
#include "cluster/schedule.h"
#include "core/blas.h"
#include "core/error.h"
#include "core/machine.h"
#include "core/model_file.h"
#include "core/run_directory.h"

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop(int) { g_stop.store(true); }

int threads_per_worker(const ffw::Experiment& e, bool local_workers) {
  if (e.threads > 0) return e.threads;
  // Every core of this host shared among the ranks on it: workers x threads never exceed cores.
  const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  const int ranks_here = local_workers ? e.nodes : local ? std::max(1, std::atoi(local)) : 1;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / ranks_here);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ffw;
  std::filesystem::path experiment_file, run_dir;
  std::string stream_name;
  int parent_pid = 0;
  bool resume = false, no_stream = false;
  int local_rank = -1;
  std::string transport_name;
  CLI::App app{"ffw-worker: one node of a distributed FF run (started by ffw)"};
  app.add_option("--experiment", experiment_file)->required();
  app.add_option("--run-dir", run_dir)->required();
  app.add_option("--stream", stream_name)->required();
  app.add_option("--parent-pid", parent_pid)->required();
  app.add_flag("--resume", resume);
  app.add_flag("--no-stream", no_stream, "Record no metrics (measures the stream's overhead)");
  app.add_option("--local-rank", local_rank, "This node's rank among local workers (no MPI)");
  app.add_option("--transport", transport_name, "The shared-memory transport of local workers");
  bool pingpong = false;
  app.add_flag("--pingpong", pingpong, "Measure the transport's latency and bandwidth between ranks 0 and 1");
  CLI11_PARSE(app, argc, argv);

  prctl(PR_SET_PDEATHSIG, SIGTERM);
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  const bool local_workers = local_rank >= 0;
  int rank = local_rank;
  if (!local_workers) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  }
  // Ends the whole run on a fatal error: MPI_Abort for ranks, a plain exit for local workers (ffw
  // notices and stops the others).
  auto abort_run = [&](int code) {
    if (!local_workers) MPI_Abort(MPI_COMM_WORLD, code);
    std::exit(code);
  };

  std::unique_ptr<cluster::MetricsStreamWriter> stream;
  try {
    stream = std::make_unique<cluster::MetricsStreamWriter>(stream_name, rank);
  } catch (const Error& e) {
    char host[256] = "?";
    gethostname(host, sizeof host);
    std::fprintf(stderr,
                 "ffw-worker %d on %s: %s; a node on another host than ffw cannot reach its metrics stream "
                 "(forwarding records through MPI is not implemented yet): run ffw on the host of rank 0\n",
                 rank, host, e.what());
    abort_run(2);
  }
  // The heartbeat, and the guard against orphans: when ffw is gone, so is every worker.
  std::atomic<bool> done{false};
  std::thread heartbeat([&] {
    while (!done.load()) {
      stream->beat();
      if (parent_pid > 0 && kill(parent_pid, 0) != 0) {
        std::fprintf(stderr, "ffw-worker %d: ffw (pid %d) is gone; exiting\n", rank, parent_pid);
        std::_Exit(70);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });

  int code = 0;
  try {
    const Experiment e = load_experiment(experiment_file);
    blas::set_threads(threads_per_worker(e, local_workers));
    stream->set_state(cluster::WorkerState::Running);
    std::unique_ptr<cluster::Transport> owned;
    if (local_workers)
      owned = std::make_unique<cluster::ShmTransport>(transport_name, rank, &g_stop);
    else
      owned = std::make_unique<cluster::MpiTransport>(MPI_COMM_WORLD, &g_stop);
    cluster::Transport& transport = *owned;
    SteadyClock clock;
    if (pingpong) {
      transport.instrument(&clock, nullptr);
      stream->set_result(cluster::pingpong(transport).dump());
      if (auto* shm = dynamic_cast<cluster::ShmTransport*>(owned.get())) shm->flush();
      stream->set_state(cluster::WorkerState::Finished);
      done.store(true);
      heartbeat.join();
      if (!local_workers) MPI_Finalize();
      return 0;
    }
    // Every host reads its own copy, or rank 0 reads it and sends it (counted as data bytes).
    DataSplit data;
    if (e.data_source == DataSource::Local || rank == 0) data = load_data(e.data);
    transport.instrument(&clock, stream.get());
    cluster::distribute_data(e, transport, data);
    MetricsSink* sink = no_stream ? nullptr : stream.get();
    TimelineSink* timeline = no_stream ? nullptr : stream.get();
    NodeContext context{rank, sink, timeline, &clock, &g_stop, {}, e.slowdown_of(rank)};
    cluster::ScheduleOptions options;
    options.checkpoint_dir = run_dir / "checkpoints";
    options.resume = resume;
    cluster::NodeResult result = cluster::run_node(e, data, transport, context, options);
    if (auto* mpi = dynamic_cast<cluster::MpiTransport*>(owned.get())) mpi->flush();
    if (auto* shm = dynamic_cast<cluster::ShmTransport*>(owned.get())) shm->flush();
    if (result.model) save_model(RunDirectory::open(run_dir).model_file(), *result.model);
    stream->set_result(cluster::node_report(result, e, rank).dump());
    stream->set_state(result.status == TrainStatus::Finished ? cluster::WorkerState::Finished
                                                             : cluster::WorkerState::Stopped);
  } catch (const Error& ex) {
    stream->set_state(cluster::WorkerState::Failed, ex.what());
    code = 1;
  } catch (const StopRequested&) {
    stream->set_state(cluster::WorkerState::Stopped);
  } catch (const std::exception& ex) {
    stream->set_state(cluster::WorkerState::Failed, std::string("internal error: ") + ex.what());
    code = 1;
  }
  done.store(true);
  heartbeat.join();
  if (code != 0) abort_run(code);  // peers may be waiting on this node
  if (!local_workers) MPI_Finalize();
  return code;
}
