// ffw-worker: one node of a distributed run. Started by `ffw run` through mpirun (or directly,
// one process per node, by the local launcher); never links Qt.
//
//   ffw-worker --experiment RUN/experiment.json --run-dir RUN --stream NAME --parent-pid PID [--resume]
//              [--local-rank R --transport NAME]   (local workers: no MPI, a shared-memory transport)
//   ffw-worker --version | --self-test              (this build; one batch of training here)
#include <mpi.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "cluster/forwarding.h"
#include "cluster/metrics_ring.h"
#include "cluster/mpi_transport.h"
#include "cluster/shm_transport.h"
#include "cluster/node_report.h"
#include "cluster/schedule.h"
#include "core/gemm.h"
#include "core/calibration.h"
#include "core/error.h"
#include "core/machine.h"
#include "core/model_file.h"
#include "core/preflight.h"
#include "core/run_directory.h"
#include "core/trainer.h"

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop(int) { g_stop.store(true); }

int ranks_on_this_host(const ffw::Experiment& e, bool local_workers) {
  const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  return local_workers ? e.nodes : local ? std::max(1, std::atoi(local)) : 1;
}

// The cores this process may run on: a lab host's own (taskset), or the machine's.
int cores_here() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int threads_per_worker(const ffw::Experiment& e, bool local_workers) {
  if (e.threads > 0) return e.threads;
  // The lab's launcher knows how its hosts share this machine's cores, which a rank does not.
  if (const char* lab = std::getenv("FFW_THREADS"); lab && std::atoi(lab) > 0) return std::atoi(lab);
  // Every core of this host shared among the ranks on it: workers x threads never exceed cores.
  return std::max(1, cores_here() / ranks_on_this_host(e, local_workers));
}

// Fast polling only where it costs no computing rank its core: a spare core per rank here.
int mpi_poll_max_us(const ffw::Experiment& e, int threads) {
  const int ranks = ranks_on_this_host(e, false);
  return cores_here() - ranks * threads >= ranks ? ffw::cluster::MpiTransport::kFastPollUs
                                                 : ffw::cluster::MpiTransport::kGentlePollUs;
}

}  // namespace

// `ffw-worker --self-test`: one batch of training on a small synthetic network, without MPI, a run
// directory or ffw: proves on a new host (or an emulated old CPU) that this binary and its
// libraries run here. One JSON line; exit 0.
int self_test() {
  using namespace ffw;
  Experiment e;
  e.name = "self-test";
  e.layers = {{64, {}, {}}, {64, {}, {}}};
  e.negatives = Negatives::Random;
  e.epochs = e.chapters = 1;
  e.batch_size = 100;
  e.checkpoints = false;
  DataSplit data;
  data.train.x = Matrix::Random(784, 100).cwiseAbs();
  data.train.labels.resize(100);
  for (std::size_t i = 0; i < 100; ++i) data.train.labels[i] = static_cast<std::uint8_t>(i % 10);
  data.test = data.train;
  gemm::set_threads(1);
  TrainOptions options;
  options.evaluate_each_chapter = false;
  const TrainResult r = train(e, data, options);
  const MachineInfo m = machine_info();
  std::printf("%s\n", nlohmann::json{{"self_test", "ok"},
                                     {"batches", 1},
                                     {"test_accuracy", r.test_accuracy.at(r.primary_readout)},
                                     {"gemm_backend", m.gemm_backend},
                                     {"gemm_kernel", m.gemm_kernel},
                                     {"cpu_model", m.cpu_model},
                                     {"build_target", m.build_target},
                                     {"build_version", m.build_version}}
                           .dump()
                           .c_str());
  return 0;
}

int main(int argc, char** argv) {
  using namespace ffw;
  for (int i = 1; i < argc; ++i) {  // before the required options of a node are asked for
    if (std::string(argv[i]) == "--version") {
      std::printf("ffw-worker %s (%s)\n", build_version().c_str(), build_target().c_str());
      return 0;
    }
    if (std::string(argv[i]) == "--self-test") return self_test();
  }
  std::filesystem::path experiment_file, run_dir;
  std::string stream_name;
  int parent_pid = 0;
  bool resume = false, no_stream = false;
  int local_rank = -1, stop_after_chapters = 0;
  std::string transport_name;
  CLI::App app{"ffw-worker: one node of a distributed FF run (started by ffw)"};
  app.add_option("--experiment", experiment_file)->required();
  app.add_option("--run-dir", run_dir)->required();
  app.add_option("--stream", stream_name)->required();
  app.add_option("--parent-pid", parent_pid)->required();
  app.add_flag("--resume", resume);
  app.add_option("--stop-after-chapters", stop_after_chapters, "Stop (resumably) once the run has done this many chapters");
  app.add_flag("--no-stream", no_stream, "Record no metrics (measures the stream's overhead)");
  app.add_option("--local-rank", local_rank, "This node's rank among local workers (no MPI)");
  app.add_option("--transport", transport_name, "The shared-memory transport of local workers");
  bool pingpong = false;
  app.add_flag("--pingpong", pingpong, "Measure the transport's latency and bandwidth between ranks 0 and 1");
  std::vector<std::size_t> pingpong_bytes;
  int pingpong_repeats = 0;
  app.add_option("--pingpong-bytes", pingpong_bytes, "Message sizes for --pingpong")->delimiter(',');
  app.add_option("--pingpong-repeats", pingpong_repeats, "Round trips per size for --pingpong");
  bool speed_probe = false;
  app.add_flag("--speed-probe", speed_probe, "Time the reference workload on this host instead of training (ffw probe --node-speeds)");
  bool doctor = false;
  app.add_flag("--doctor", doctor, "Report this host for the pre-flight (ffw doctor) instead of training");
  CLI11_PARSE(app, argc, argv);

  prctl(PR_SET_PDEATHSIG, SIGTERM);
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  const bool local_workers = local_rank >= 0;
  int rank = local_rank;
  if (!local_workers) {
    // Ranks on other hosts forward their metrics from a second thread.
    int provided = 0;
    cluster::pin_collectives();
    MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  }
  // Ends the whole run on a fatal error: MPI_Abort for ranks, a plain exit for local workers (ffw
  // notices and stops the others).
  auto abort_run = [&](int code) {
    if (!local_workers) MPI_Abort(MPI_COMM_WORLD, code);
    std::exit(code);
  };

  // The metrics stream: this node's slot in ffw's shared memory, or, on another host than ffw,
  // forwarding through MPI to rank 0. FFW_SIMULATE_REMOTE_RANKS=1 makes every rank but 0 forward
  // (tests of the multi-host path on one machine).
  std::unique_ptr<cluster::NodeStream> stream;
  std::string open_error;
  const bool simulate_remote = std::getenv("FFW_SIMULATE_REMOTE_RANKS") && rank > 0;
  if (!simulate_remote) {
    try {
      stream = std::make_unique<cluster::LocalNodeStream>(stream_name, rank);
    } catch (const Error& e) {
      open_error = e.what();
    }
  }
  MPI_Comm forward_comm = MPI_COMM_NULL;
  std::unique_ptr<cluster::ForwardCollector> collector;
  if (!local_workers) {
    int remote = stream ? 0 : 1, size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> remotes(static_cast<std::size_t>(size));
    MPI_Allgather(&remote, 1, MPI_INT, remotes.data(), 1, MPI_INT, MPI_COMM_WORLD);
    MPI_Comm_dup(MPI_COMM_WORLD, &forward_comm);
    if (remotes[0]) {
      if (rank == 0)
        std::fprintf(stderr, "ffw-worker 0: %s; rank 0 must run on ffw's host (put it first in the hostfile)\n",
                     open_error.c_str());
      abort_run(2);
    }
    std::vector<int> remote_ranks;
    for (int r = 0; r < size; ++r)
      if (remotes[static_cast<std::size_t>(r)]) remote_ranks.push_back(r);
    if (rank == 0) collector = std::make_unique<cluster::ForwardCollector>(forward_comm, stream_name, remote_ranks);
    if (!stream) stream = std::make_unique<cluster::ForwardingNodeStream>(forward_comm);
  } else if (!stream) {
    std::fprintf(stderr, "ffw-worker %d: %s\n", rank, open_error.c_str());
    abort_run(2);
  }
  const bool forwarding = dynamic_cast<cluster::ForwardingNodeStream*>(stream.get()) != nullptr;
  // The heartbeat, and the guard against orphans: when ffw is gone, so is every worker on its host
  // (a forwarding rank's ffw is on another host; mpirun's daemons end it).
  std::atomic<bool> done{false};
  std::thread heartbeat([&] {
    while (!done.load()) {
      stream->beat();
      if (!forwarding && parent_pid > 0 && kill(parent_pid, 0) != 0) {
        std::fprintf(stderr, "ffw-worker %d: ffw (pid %d) is gone; exiting\n", rank, parent_pid);
        std::_Exit(70);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });

  int code = 0;
  try {
    const Experiment e = load_experiment(experiment_file);
    const int threads = threads_per_worker(e, local_workers);
    gemm::set_threads(threads);
    stream->set_state(cluster::WorkerState::Running);
    std::unique_ptr<cluster::Transport> owned;
    if (local_workers)
      owned = std::make_unique<cluster::ShmTransport>(transport_name, rank, &g_stop);
    else
      owned = std::make_unique<cluster::MpiTransport>(MPI_COMM_WORLD, &g_stop, mpi_poll_max_us(e, threads));
    cluster::Transport& transport = *owned;
    if (pingpong || speed_probe || doctor) {
      SteadyClock clock;
      transport.instrument(&clock, nullptr);
      if (pingpong) {
        stream->set_result(cluster::pingpong(transport, pingpong_bytes, pingpong_repeats).dump());
      } else if (doctor) {
        nlohmann::json report = host_report(e, run_dir);
        if (!local_workers) {
          char version[MPI_MAX_LIBRARY_VERSION_STRING] = {};
          int length = 0;
          MPI_Get_library_version(version, &length);
          const std::string v(version, static_cast<std::size_t>(length));
          report["mpi_version"] = v.substr(0, v.find_first_of(",\n"));
        }
        stream->set_result(report.dump());
      } else {
        // Every node at once, as in a run: this host's data, the node's own slowdown.
        gemm::apply(e);
        const DataSplit data = load_data(e.data);
        char host[256] = {};
        gethostname(host, sizeof host - 1);
        const ReferenceTime seconds = reference_seconds_per_sample(e, data, e.slowdown_of(rank));
        transport.barrier();
        stream->set_result(nlohmann::json{{"host", host}, {"seconds_per_sample", seconds.cpu},
                                          {"wall_seconds_per_sample", seconds.wall}}.dump());
      }
      if (auto* shm = dynamic_cast<cluster::ShmTransport*>(owned.get())) shm->flush();
      stream->set_state(cluster::WorkerState::Finished);
      done.store(true);
      heartbeat.join();
      stream->close();
      collector.reset();
      owned.reset();  // its progress thread ends before MPI does
      if (!local_workers) MPI_Finalize();
      return 0;
    }
    // Every host reads its own copy, or rank 0 reads it and sends it (counted as data bytes).
    DataSplit data;
    if (e.data_source == DataSource::Local || rank == 0) data = load_data(e.data);
    // Reading the data from disk is not training (the in-process trainer's clock, Sequential's,
    // starts with the data in memory too): every rank's clock starts together once each has read
    // its copy. Sending it from rank 0 is part of the run, and timed.
    transport.rendezvous();
    SteadyClock clock;
    transport.instrument(&clock, static_cast<TimelineSink*>(stream.get()));
    cluster::distribute_data(e, transport, data);
    MetricsSink* sink = no_stream ? nullptr : static_cast<MetricsSink*>(stream.get());
    TimelineSink* timeline = no_stream ? nullptr : static_cast<TimelineSink*>(stream.get());
    NodeContext context{rank, sink, timeline, &clock, &g_stop, {}, e.slowdown_of(rank)};
    cluster::ScheduleOptions options;
    options.checkpoint_dir = run_dir / "checkpoints";
    options.resume = resume;
    options.stop_after_chapters = stop_after_chapters;
    // An elastic ring (cluster.on_node_failure "continue"): when ffw declares a node lost, every wait
    // ends with RingChanged; the survivors re-form and go on from the run's last complete chapter
    // whose node survives, in this process, from their checkpoints.
    Experiment ring = e;
    cluster::NodeResult result;
    for (;;) {
      try {
        result = cluster::run_node(ring, data, transport, context, options);
        break;
      } catch (const cluster::RingChanged&) {
        if (!transport.can_reform() || e.on_node_failure != OnNodeFailure::Continue)
          throw Error(ErrorKind::Environment, "a node was lost and this run's nodes cannot go on without it");
        const ReformedRing r = cluster::reform_after_loss(ring, transport, options.checkpoint_dir);
        std::fprintf(stderr, "ffw-worker %d: a node was lost; going on from chapter %d with nodes lost %s\n", rank,
                     r.continued_from + 2, nlohmann::json(r.experiment.lost_nodes).dump().c_str());
        ring = r.experiment;
        options.resume = true;
        options.reformed = true;
      }
    }
    try {
      if (auto* mpi = dynamic_cast<cluster::MpiTransport*>(owned.get())) mpi->flush();
      if (auto* shm = dynamic_cast<cluster::ShmTransport*>(owned.get())) shm->flush();
    } catch (const cluster::RingChanged&) {
      // A node lost after training ended: nothing this node sent is needed any more.
    }
    if (result.model) save_model(RunDirectory::open(run_dir).model_file(), *result.model);
    stream->set_result(cluster::node_report(result, ring, rank).dump());
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
  stream->close();     // a forwarding rank's last records and final state reach rank 0
  collector.reset();   // rank 0: every forwarding rank's final state is in its slot
  if (!local_workers) MPI_Finalize();
  return code;
}
