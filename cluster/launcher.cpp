#include "cluster/launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "cluster/lab.h"
#include "cluster/metrics_ring.h"
#include "cluster/schedule.h"
#include "cluster/shm_transport.h"
#include "cluster/transport.h"
#include "core/error.h"
#include "core/file_replace.h"
#include "core/schedule_layout.h"
#include "core/hostfile.h"
#include "core/metrics.h"

extern char** environ;

namespace ffw::cluster {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", s);
  return text;
}

std::string read_tail(const fs::path& file, std::size_t max_lines) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::string out;
  for (std::size_t i = lines.size() > max_lines ? lines.size() - max_lines : 0; i < lines.size(); ++i)
    out += (out.empty() ? "" : " / ") + lines[i];
  return out;
}

// mpirun names the first rank that failed ("... process rank 1 with PID ... exited on signal 9"),
// or, where a host went away, its address ("Peer host: 198.18.7.2", "Remote daemon: ... on node
// 198.18.7.2"): on the lab, host k is 198.18.X.(k+1), and its first node is k x nodes per host.
int mpirun_named_rank(const fs::path& log, int lab_nodes_per_host = 0) {
  std::ifstream in(log);
  int from_address = -1;
  for (std::string line; std::getline(in, line);) {
    if (const auto at = line.find("process rank "); at != std::string::npos) return std::atoi(line.c_str() + at + 13);
    if (lab_nodes_per_host <= 0 || from_address >= 0) continue;
    for (const char* mark : {"Peer host:", "Remote daemon:", "Remote host:"})
      if (line.find(mark) != std::string::npos)
        if (const auto ip = line.find("198.1"); ip != std::string::npos) {
          const auto last = line.find_last_of('.', line.find_first_not_of("0123456789.", ip) - 1);
          const int host = std::atoi(line.c_str() + last + 1) - 1;
          if (host > 0) from_address = host * lab_nodes_per_host;  // host 0 is the one that noticed
        }
  }
  return from_address;
}

bool alive(pid_t pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

class TimelineCsv {
public:
  TimelineCsv(const fs::path& file, bool append) : out_(file, append ? std::ios::app : std::ios::trunc) {
    if (!out_) throw Error(ErrorKind::Io, file.string() + ": cannot be written");
    if (!append || fs::file_size(file) == 0) out_ << kTimelineCsvHeader << '\n';
  }
  void write(const Segment& s) { out_ << timeline_csv_line(s); }
  void flush() { out_.flush(); }

private:
  std::ofstream out_;
};

}  // namespace

std::string find_worker_executable() {
  if (const char* env = std::getenv("FFW_WORKER")) return env;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  for (const fs::path& candidate : {self.parent_path() / "ffw-worker", self.parent_path() / "../../cluster/ffw-worker",
                                    self.parent_path() / "../cluster/ffw-worker"})
    if (fs::exists(candidate)) return fs::weakly_canonical(candidate).string();
  throw Error(ErrorKind::Io, "ffw-worker was not found next to ffw (" + self.parent_path().string() +
                                 "); set FFW_WORKER to its path");
}

std::vector<std::string> openmp_environment(const Experiment& e) {
  // oneDNN's threads are OpenMP's. Each worker sets its exact count itself (gemm::set_threads); what
  // only the environment can set is that a thread with nothing to do sleeps, rather than spinning on
  // a core another node computes on. A value the user set is kept.
  if (e.gemm != gemm::Backend::OneDnn || std::getenv("OMP_WAIT_POLICY")) return {};
  return {"OMP_WAIT_POLICY=PASSIVE"};
}

MpirunCommand mpirun_command(const Experiment& e, const std::string& worker, const std::vector<std::string>& worker_args,
                             int cores, bool root) {
  MpirunCommand c;
  c.argv = {"mpirun", "-np", std::to_string(e.nodes)};
  if (!e.hostfile.empty()) {
    c.argv.insert(c.argv.end(), {"--hostfile", e.hostfile.string()});
  } else if (e.nodes > cores) {
    c.argv.push_back("--oversubscribe");
    c.notes.push_back("added --oversubscribe: " + std::to_string(e.nodes) + " ranks on " + std::to_string(cores) +
                      " cores");
  }
  // Workers size their own OpenBLAS thread pools; binding each rank to one core would squeeze them.
  c.argv.insert(c.argv.end(), {"--bind-to", "none"});
  // Where the kernel's single-copy (CMA) is unavailable (many VMs and containers) and between hosts
  // over TCP, a large message moves in fragments, only three at a time (ob1's default) between two
  // MPI calls of its sender: a 1 MiB layer took 13 ms instead of 0.3 ms. Thirty-two in flight let a
  // layer through at once; with CMA nothing changes. A value the user set is kept.
  if (!std::getenv("OMPI_MCA_pml_ob1_send_pipeline_depth"))
    c.argv.insert(c.argv.end(), {"--mca", "pml_ob1_send_pipeline_depth", "32"});
  for (const std::string& variable : openmp_environment(e)) {  // -x: to every rank, on every host
    c.argv.insert(c.argv.end(), {"-x", variable});
    c.notes.push_back("oneDNN's OpenMP threads: " + variable + " for every rank (-x), so idle threads sleep");
  }
  if (root) {
    c.environment = {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"};
    c.notes.push_back("running as root: set OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 for mpirun");
  }
  c.argv.push_back(worker);
  c.argv.insert(c.argv.end(), worker_args.begin(), worker_args.end());
  return c;
}

void write_chrome_trace(const RunDirectory& run) {
  std::ifstream in(run.path() / "timeline.csv");
  if (!in) return;
  json events = json::array();
  for (const Segment& s : read_timeline_csv(in)) {
    const std::string kind(segment_name(s.kind));
    events.push_back({{"name", kind + (s.layer != 0 ? " L" + std::to_string(s.layer) : "")},
                      {"cat", kind},
                      {"ph", s.kind == SegmentKind::Lost ? "i" : "X"},
                      {"pid", 0},
                      {"tid", s.node},
                      {"ts", s.start_s * 1e6},
                      {"dur", (s.end_s - s.start_s) * 1e6},
                      {"args", {{"chapter", s.chapter}, {"bytes", s.bytes}, {"peer", s.peer}}}});
  }
  std::ofstream out(run.path() / "trace.json", std::ios::trunc);
  out << json{{"traceEvents", events}, {"displayTimeUnit", "ms"}}.dump() << '\n';
}

namespace {

// What was started: the processes to reap, and the process group to signal.
struct Spawned {
  std::vector<pid_t> pids;
  pid_t group = 0;
  std::string log;  // where their output goes, for error messages
  // The network lab's processes live in a PID namespace of their own: the pids the workers report
  // mean nothing here, so only heartbeats and mpirun's end tell, and ending the lab ends them all.
  bool worker_pids_visible = true;
  int nodes_per_host = 0;  // lab: for naming the node behind an address mpirun names
};

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& extra_env, const std::string& log,
            pid_t group) {
  std::vector<std::string> env_strings;
  for (char** p = environ; *p; ++p) env_strings.emplace_back(*p);
  env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings = args;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, group);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0)
    throw Error(ErrorKind::Io, "cannot start " + args[0] + " (" + std::strerror(spawned) + ")" +
                                   (args[0] == "mpirun" ? "; install openmpi-bin or use the local launcher" : ""));
  return pid;
}

std::vector<std::string> worker_arguments(const RunDirectory& run, const MetricsStreamOwner& stream,
                                          const LaunchOptions& o) {
  std::vector<std::string> args = {"--experiment", run.experiment_file().string(), "--run-dir", run.path().string(),
                                   "--stream", stream.name(), "--parent-pid", std::to_string(getpid())};
  if (o.resume) args.push_back("--resume");
  if (o.stop_after_chapters > 0) args.insert(args.end(), {"--stop-after-chapters", std::to_string(o.stop_after_chapters)});
  if (!o.stream_metrics) args.push_back("--no-stream");
  if (o.pingpong) args.push_back("--pingpong");
  if (o.speed_probe) args.push_back("--speed-probe");
  if (o.doctor) args.push_back("--doctor");
  if (o.pingpong && !o.pingpong_bytes.empty()) {
    std::string sizes;
    for (std::size_t b : o.pingpong_bytes) {
      if (!sizes.empty()) sizes += ',';
      sizes += std::to_string(b);
    }
    args.insert(args.end(), {"--pingpong-bytes", sizes});
  }
  if (o.pingpong && o.pingpong_repeats > 0) args.insert(args.end(), {"--pingpong-repeats", std::to_string(o.pingpong_repeats)});
  return args;
}

LaunchOutcome follow_run(const Experiment& e, const RunDirectory& run, const LaunchOptions& o,
                         MetricsStreamOwner& stream, Spawned spawned, ShmTransportSegment* ring = nullptr);

// The network lab: ffw-lab builds the hosts and links, and runs mpirun on host 0 with this
// command; every rank's traffic then crosses the shaped links over TCP.
LaunchOutcome launch_lab(const Experiment& e, const RunDirectory& run, const LaunchOptions& o,
                         MetricsStreamOwner& stream, const std::string& worker, std::vector<std::string> args,
                         int cores) {
  // The lab's PID namespace hides ffw from the workers: the lab itself ends with ffw instead.
  if (auto at = std::find(args.begin(), args.end(), "--parent-pid"); at != args.end() && at + 1 != args.end())
    *(at + 1) = "0";
  auto say = [&](const std::string& m) {
    if (o.say) o.say(m);
  };
  const std::string lab = find_lab_script(worker);
  std::string why;
  const std::string mode = lab_mode(lab, &why);
  if (mode.empty()) throw Error(ErrorKind::Environment, why);
  if (mode == "root")
    say("lab: this machine forbids user namespaces; building the lab's namespaces as root instead");
  const LabPlan plan = plan_lab(e, cores);
  for (const auto& note : plan.notes) say(note);
  // The lab's processes live in its own PID-less namespaces but this machine's process table:
  // ffw follows rank 0 by pid as ever. Inside a user namespace they run as its uid 0, which
  // Open MPI refuses unless told; the variables apply to the lab's mpirun only.
  Experiment shown = e;
  shown.hostfile.clear();
  MpirunCommand command = mpirun_command(shown, worker, {}, cores, true);
  command.argv.pop_back();  // the worker: it goes after the lab's options
  std::erase(command.argv, std::string("--oversubscribe"));
  command.notes.erase(std::remove_if(command.notes.begin(), command.notes.end(),
                                     [](const std::string& n) { return n.rfind("added --oversubscribe", 0) == 0; }),
                      command.notes.end());
  // TCP between every pair of ranks, over the lab's links only: ob1 with the tcp and self BTLs
  // (Debian's Open MPI also has UCX, which would take shared memory or loopback).
  command.argv.insert(command.argv.end(), {"--mca", "pml", "ob1", "--mca", "btl", "tcp,self", "--mca", "osc", "^ucx",
                                           "--mca", "plm_rsh_no_tree_spawn", "1"});
  command.argv.insert(command.argv.end(), {"-x", "FFW_THREADS=" + std::to_string(plan.threads_per_node)});
  command.argv.push_back(worker);
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  for (const auto& note : command.notes)
    if (note.rfind("running as root", 0) != 0) say(note);
  if (geteuid() != 0) say("lab: mpirun runs as uid 0 of the lab's user namespace (OMPI_ALLOW_RUN_AS_ROOT set for it only)");
  else say("running as root: set OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 for the lab's mpirun");
  std::string bandwidth, cores_arg;
  for (int h = 0; h < plan.hosts; ++h) {
    std::ostringstream b;
    b << plan.bandwidth_mbit[static_cast<std::size_t>(h)];
    bandwidth += (h ? "," : "") + b.str();
    cores_arg += (h ? " " : "") + plan.cores[static_cast<std::size_t>(h)];
  }
  const std::string prefix = "ffw" + std::to_string(getpid() % 100000);
  const fs::path logs = run.path() / "logs";
  std::vector<std::string> argv = {lab, "run", "--hosts", std::to_string(plan.hosts), "--prefix", prefix,
                                   "--bandwidth-mbit", bandwidth, "--cores", cores_arg, "--links-dir", logs.string(), "--"};
  argv.insert(argv.end(), command.argv.begin(), command.argv.end());
  std::vector<std::string> environment = command.environment;
  environment.push_back("FFW_LAB_SLOTS=" + std::to_string(plan.nodes_per_host));
  Spawned spawned;
  spawned.log = (logs / "mpirun.log").string();
  spawned.worker_pids_visible = false;
  spawned.nodes_per_host = plan.nodes_per_host;
  const pid_t pid = spawn(argv, environment, spawned.log, 0);
  spawned.pids = {pid};
  spawned.group = pid;
  LaunchOptions lab_options = o;
  lab_options.heartbeat_timeout_seconds = std::max(o.heartbeat_timeout_seconds, plan.heartbeat_timeout_seconds);
  LaunchOutcome outcome = follow_run(e, run, lab_options, stream, std::move(spawned));
  outcome.summary["launcher"] = "lab";
  outcome.summary["network"] = network_description(e);
  outcome.summary["mpirun"] = command.argv;
  outcome.summary["lab"] = {{"hosts", plan.hosts},
                            {"nodes_per_host", plan.nodes_per_host},
                            {"cores", plan.cores},
                            {"pinned", plan.pinned},
                            {"threads_per_node", plan.threads_per_node},
                            {"bandwidth_mbit", plan.bandwidth_mbit},
                            {"links", lab_links(logs, prefix, plan, outcome.summary.value("nodes", json::array()))}};
  return outcome;
}

}  // namespace

LaunchOutcome launch_run(const Experiment& e, const RunDirectory& run, const LaunchOptions& given) {
  LaunchOptions o = given;
  // cluster.heartbeat_timeout_s: a heavily loaded machine is not mistaken for a dead one.
  if (e.heartbeat_timeout_s > 0) o.heartbeat_timeout_seconds = e.heartbeat_timeout_s;
  auto say = [&](const std::string& m) {
    if (o.say) o.say(m);
  };
  // A bad hostfile line is refused here with its number, not by mpirun's FORCE-TERMINATE.
  if (e.launcher == Launcher::Mpi && !e.hostfile.empty()) read_hostfile(e.hostfile);
  MetricsStreamOwner stream(e.nodes);
  const std::string worker = o.worker_path.empty() ? find_worker_executable() : o.worker_path;
  const std::vector<std::string> args = worker_arguments(run, stream, o);
  Spawned spawned;
  if (e.launcher == Launcher::Local) {
    // N workers started here, exchanging through a shared-memory segment this process owns.
    ShmTransportSegment transport(e.nodes, o.transport_budget_bytes);
    say("local workers: " + std::to_string(e.nodes) + " processes over shared memory (" +
        std::to_string(transport.ring_bytes() >> 10) + " KiB per link)");
    const std::vector<std::string> openmp = openmp_environment(e);
    for (const std::string& variable : openmp)
      say("oneDNN's OpenMP threads: " + variable + " for every worker, so idle threads sleep");
    for (int r = 0; r < e.nodes; ++r) {
      std::vector<std::string> argv = {worker, "--local-rank", std::to_string(r), "--transport", transport.name()};
      argv.insert(argv.end(), args.begin(), args.end());
      const pid_t pid = spawn(argv, openmp, run.log_file(r).string(), spawned.group);
      if (spawned.group == 0) spawned.group = pid;
      spawned.pids.push_back(pid);
    }
    spawned.log = (run.path() / "logs").string();
    LaunchOutcome outcome = follow_run(e, run, o, stream, std::move(spawned), &transport);
    outcome.summary["launcher"] = "local";
    outcome.summary["network"] = network_description(e);
    return outcome;
  }
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (e.launcher == Launcher::Lab) return launch_lab(e, run, o, stream, worker, args, cores);
  const MpirunCommand command = mpirun_command(e, worker, args, cores, geteuid() == 0);
  for (const auto& note : command.notes) say(note);
  spawned.log = (run.path() / "logs" / "mpirun.log").string();
  const pid_t mpirun = spawn(command.argv, command.environment, spawned.log, 0);
  spawned.pids = {mpirun};
  spawned.group = mpirun;
  LaunchOutcome outcome = follow_run(e, run, o, stream, std::move(spawned));
  outcome.summary["launcher"] = "mpi";
  outcome.summary["network"] = network_description(e);
  outcome.summary["mpirun"] = command.argv;
  return outcome;
}

namespace {

LaunchOutcome follow_run(const Experiment& e, const RunDirectory& run, const LaunchOptions& o,
                         MetricsStreamOwner& stream, Spawned spawned, ShmTransportSegment* ring) {
  auto say = [&](const std::string& m) {
    if (o.say) o.say(m);
  };
  const std::string& log = spawned.log;
  // A worker has this long for its first heartbeat (exec, libraries, MPI_Init, ssh to its host);
  // one that never beats (stopped or stuck before it opened the stream) fails the run, never hangs it.
  const bool local_processes = e.launcher == Launcher::Local;
  const double startup_timeout = std::max(o.heartbeat_timeout_seconds, local_processes ? 10.0 : 60.0);
  const std::int64_t launched_ns = monotonic_ns();
  CsvMetricsSink metrics(run.metrics_file(), o.resume);
  TimelineCsv timeline(run.path() / "timeline.csv", o.resume);
  LaunchOutcome outcome;
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  // Records reach the files at once and the files reach the disk every 100 ms, so whoever follows
  // the run directory (the workbench) sees a point within a fraction of a second of its making.
  bool unflushed = false;
  double latest_s = 0;  // the latest time on the nodes' clocks seen so far
  auto last_flush = std::chrono::steady_clock::now();
  auto drain = [&] {
    StreamRecord r;
    for (int w = 0; w < e.nodes; ++w) {
      auto& slot = stream.slot(w);
      while (slot.ring.pop(r)) {
        unflushed = true;
        if (r.type == StreamRecord::Type::Metric) {
          metrics.record(r.metric);
          if (r.metric.metric == Metric::TestAccuracy && o.on_chapter)
            o.on_chapter(r.metric.chapter, r.metric.value, elapsed());
        } else {
          timeline.write(r.segment);
          latest_s = std::max(latest_s, r.segment.end_s);
        }
      }
    }
    if (unflushed && std::chrono::steady_clock::now() - last_flush > std::chrono::milliseconds(100)) {
      metrics.flush();
      timeline.flush();
      unflushed = false;
      last_flush = std::chrono::steady_clock::now();
    }
  };
  std::vector<bool> reaped(spawned.pids.size(), false);
  std::string signalled;  // "mpirun (pid 123) was killed by signal 9": a process ended by someone else
  auto reap = [&] {
    bool all = true;
    for (std::size_t i = 0; i < spawned.pids.size(); ++i) {
      int status = 0;
      if (!reaped[i] && waitpid(spawned.pids[i], &status, WNOHANG) == spawned.pids[i]) {
        reaped[i] = true;
        if (WIFSIGNALED(status) && signalled.empty())
          signalled = (spawned.worker_pids_visible && e.launcher == Launcher::Local ? "node " + std::to_string(i) : std::string("mpirun")) +
                      " (pid " + std::to_string(spawned.pids[i]) + ") was killed by signal " + std::to_string(WTERMSIG(status));
      }
      all = all && reaped[i];
    }
    return all;
  };
  auto kill_everything = [&] {
    kill(-spawned.group, SIGTERM);
    for (int w = 0; w < e.nodes && spawned.worker_pids_visible; ++w)
      if (const pid_t p = stream.slot(w).pid.load(); p > 0) kill(p, SIGKILL);  // a stopped process ignores SIGTERM
    for (int i = 0; i < 40; ++i) {
      if (reap()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(-spawned.group, SIGKILL);
    for (std::size_t i = 0; i < spawned.pids.size(); ++i)
      if (!reaped[i]) waitpid(spawned.pids[i], nullptr, 0);
  };
  auto fail = [&](int node, const std::string& message) {
    outcome.status = LaunchStatus::Failed;
    outcome.failed_node = node;
    outcome.message = message;
  };

  // An elastic ring (cluster.on_node_failure "continue", local workers): a node that dies or hangs
  // is killed, reaped and declared lost; the survivors re-form and go on. Reported errors still end
  // the run: they would recur on the survivors.
  const bool elastic = ring && e.on_node_failure == OnNodeFailure::Continue && spawned.worker_pids_visible &&
                       spawned.pids.size() == static_cast<std::size_t>(e.nodes);
  // This session's losses. Nodes lost before a resume (cluster.lost_nodes) run again, without
  // chapters, and are followed like the others: the survivors' barriers count them.
  std::vector<bool> lost(static_cast<std::size_t>(e.nodes), false);
  Experiment current = e;
  json losses = json::array();
  int awaited_epoch = 0, epoch = 0;
  auto lost_since = std::chrono::steady_clock::now();  // the latest loss, on this process's clock
  auto survivors = [&] {
    int n = 0;
    for (int w = 0; w < e.nodes; ++w)
      n += lost[static_cast<std::size_t>(w)] ||
                   std::find(current.lost_nodes.begin(), current.lost_nodes.end(), w) != current.lost_nodes.end()
               ? 0
               : 1;
    return n;
  };
  // Returns true when the loss was absorbed (the others go on), false when it ends the run.
  auto lose = [&](int w, const std::string& cause) {
    if (!elastic || epoch + 1 >= e.nodes || epoch + 1 >= 64) return false;
    bool training = false;
    for (int v = 0; v < e.nodes; ++v)
      training |= v != w && !lost[static_cast<std::size_t>(v)] &&
                  static_cast<WorkerState>(stream.slot(v).state.load()) == WorkerState::Running;
    if (!training) return false;  // the others have finished: nothing is left to continue
    const pid_t pid = spawned.pids[static_cast<std::size_t>(w)];
    kill(pid, SIGKILL);  // dead already, or hung (a stopped process still takes SIGKILL)
    if (!reaped[static_cast<std::size_t>(w)]) {
      waitpid(pid, nullptr, 0);  // gone for good before anyone re-forms without it
      reaped[static_cast<std::size_t>(w)] = true;
    }
    drain();
    lost[static_cast<std::size_t>(w)] = true;
    epoch = ring->lose(w);
    lost_since = std::chrono::steady_clock::now();
    const double at = latest_s;
    Segment marker{};
    marker.node = w;
    marker.kind = SegmentKind::Lost;
    marker.start_s = marker.end_s = at;
    marker.peer = -1;
    marker.category = -1;
    timeline.write(marker);
    timeline.flush();
    losses.push_back({{"node", w}, {"at_s", at}, {"cause", cause}, {"nodes_after", survivors()}});
    const int minutes = static_cast<int>(at) / 60, seconds = static_cast<int>(at) % 60;
    char when[32];
    std::snprintf(when, sizeof when, "%d:%02d", minutes, seconds);
    say("node " + std::to_string(w) + " lost at " + when + " (" + cause + "), continuing on " + std::to_string(survivors()) +
        " nodes (cluster.on_node_failure \"continue\")");
    return true;
  };
  // Once the survivors report where they go on from: the run's experiment.json gets the re-formed
  // chapter placement and the lost nodes (a resume follows them), and the loss what was redone.
  auto note_reformed = [&] {
    if (awaited_epoch >= epoch) return;
    const auto reported = ring->reformed(epoch);
    if (!reported) return;
    std::vector<int> now_lost;
    for (int w = 0; w < e.nodes; ++w)
      if (lost[static_cast<std::size_t>(w)]) now_lost.push_back(w);
    const ReformedRing r = reform_ring(current, now_lost, reported->first);
    current = r.experiment;
    replace_file(run.experiment_file(), to_json(current).dump(2) + "\n", Durability::Synced);
    json& loss = losses.back();
    loss["continued_after_chapter"] = r.continued_from + 1;
    json redone = json::array();
    for (int c : r.redone) redone.push_back(c + 1);
    loss["redone_chapters"] = redone;
    loss["chapter_nodes"] = current.chapter_nodes;
    say("the ring re-formed: chapters " + std::to_string(r.continued_from + 2) + " to " + std::to_string(e.chapters) +
        " go on on the " + std::to_string(survivors()) + " remaining nodes" +
        (r.redone.empty() ? std::string() : ", " + std::to_string(r.redone.size()) + " finished chapter" +
                                                 (r.redone.size() == 1 ? "" : "s") + " redone"));
    awaited_epoch = epoch;
  };

  bool stop_sent = false, launcher_done = false;
  for (;;) {
    drain();
    if (!launcher_done && reap()) launcher_done = true;
    if (o.stop && o.stop->load() && !stop_sent) {
      say("stopping: asking every node to stop at its next batch");
      kill(-spawned.group, SIGTERM);
      stop_sent = true;
    }
    if (stop_sent && launcher_done && !spawned.worker_pids_visible) {
      // The lab ends at once with its namespace; a resume starts from the last chapter's checkpoint.
      outcome.status = LaunchStatus::Stopped;
      break;
    }
    // A failed or silent worker ends the run.
    const std::int64_t now = monotonic_ns();
    bool faulted = false;
    if (elastic) note_reformed();
    for (int w = 0; w < e.nodes && !faulted; ++w) {
      if (lost[static_cast<std::size_t>(w)]) continue;
      auto& slot = stream.slot(w);
      const auto state = static_cast<WorkerState>(slot.state.load(std::memory_order_acquire));
      const std::int64_t beat = slot.heartbeat_ns.load();
      if (state == WorkerState::Failed) {
        fail(w, "node " + std::to_string(w) + " failed: " + slot.error);
        faulted = true;
      } else if (state == WorkerState::Starting && beat == 0 && static_cast<double>(now - launched_ns) / 1e9 > startup_timeout) {
        fail(w, "node " + std::to_string(w) + " did not start: no first heartbeat within " + seconds_text(startup_timeout) +
                    " s" + (local_processes ? "; see " + log : "; mpirun said: " + read_tail(log, 3)));
        faulted = true;
      } else if ((state == WorkerState::Starting || state == WorkerState::Running) && beat != 0) {
        const pid_t pid = slot.pid.load();
        // On another host (or in the lab's PID namespace): only its (forwarded) heartbeat tells.
        const bool remote = pid < 0 || !spawned.worker_pids_visible;
        if (!remote && !alive(pid)) {
          if (lose(w, "pid " + std::to_string(pid) + " died")) continue;  // an elastic ring goes on without it
          // Under mpirun a node that dies may only be the first mpirun ended after another failed:
          // mpirun names the rank (or the host's daemon) that failed first, once it has ended.
          const bool mpi = e.launcher == Launcher::Mpi || e.launcher == Launcher::Lab;
          for (int i = 0; mpi && i < 60 && !reap(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
          const int named = mpi ? mpirun_named_rank(log, spawned.nodes_per_host) : -1;
          const int node = named >= 0 && named < e.nodes ? named : w;
          fail(node, "node " + std::to_string(node) +
                         (node == w ? " (pid " + std::to_string(pid) + ") died without finishing"
                                    : " died without finishing; mpirun said: " + read_tail(log, 3)));
          faulted = true;
        } else if (launcher_done && state != WorkerState::Finished) {
          // mpirun ended the job: it names the rank (or the host's daemon) that failed first.
          const bool mpi = e.launcher == Launcher::Mpi || e.launcher == Launcher::Lab;
          const int named = mpi ? mpirun_named_rank(log, spawned.nodes_per_host) : -1;
          const int node = named >= 0 && named < e.nodes ? named : w;
          fail(node, "node " + std::to_string(node) + " died without finishing" +
                         (mpi ? "; mpirun said: " + read_tail(log, 3) : ""));
          faulted = true;
        } else if (static_cast<double>(now - beat) / 1e9 > o.heartbeat_timeout_seconds) {
          if (lose(w, "pid " + std::to_string(pid) + " sent no heartbeat for " + seconds_text(o.heartbeat_timeout_seconds) + " s"))
            continue;
          // Several may be silent (a lost host silences the nodes whose beats came through it, and
          // mpirun ends the rest): the one silent longest went first.
          int first = w;
          for (int v = w + 1; v < e.nodes; ++v) {
            const std::int64_t b = stream.slot(v).heartbeat_ns.load();
            const auto s = static_cast<WorkerState>(stream.slot(v).state.load());
            if (b != 0 && b < stream.slot(first).heartbeat_ns.load() &&
                (s == WorkerState::Starting || s == WorkerState::Running))
              first = v;
          }
          const pid_t first_pid = stream.slot(first).pid.load();
          fail(first, "node " + std::to_string(first) +
                          (spawned.worker_pids_visible ? " (pid " + std::to_string(first_pid) + ")" : std::string()) +
                          " stopped responding: no heartbeat for " + seconds_text(o.heartbeat_timeout_seconds) +
                          " s (cluster.heartbeat_timeout_s)");
          faulted = true;
        }
      }
    }
    // A loss that no survivor can act on: some survivors had ended (their last wait was behind
    // them) while others wait to re-form with them. Never a hang: the run fails, resumably.
    if (!faulted && elastic && awaited_epoch < epoch &&
        std::chrono::steady_clock::now() - lost_since > std::chrono::duration<double>(std::max(5.0, 2 * o.heartbeat_timeout_seconds))) {
      std::string ended;
      for (int w = 0; w < e.nodes; ++w) {
        const auto state = static_cast<WorkerState>(stream.slot(w).state.load());
        if (!lost[static_cast<std::size_t>(w)] && state != WorkerState::Running && state != WorkerState::Starting)
          ended += (ended.empty() ? "" : ", ") + std::to_string(w);
      }
      if (!ended.empty()) {
        fail(losses.back().value("node", -1), "node " + std::to_string(losses.back().value("node", -1)) +
                                                  " was lost as the run was ending, and the ring could not re-form: node" +
                                                  (ended.find(',') == std::string::npos ? " " : "s ") + ended +
                                                  " had already ended; resume the run to finish it");
        faulted = true;
      }
    }
    if (faulted) {
      kill_everything();
      break;
    }
    if (launcher_done) {
      if (elastic) note_reformed();  // the survivors may have reported as they ended
      bool all_done = true;
      for (int w = 0; w < e.nodes; ++w) {
        if (lost[static_cast<std::size_t>(w)]) continue;
        const auto state = static_cast<WorkerState>(stream.slot(w).state.load());
        all_done = all_done && (state == WorkerState::Finished || state == WorkerState::Stopped);
      }
      bool stopped = false;
      for (int w = 0; w < e.nodes; ++w)
        stopped |= !lost[static_cast<std::size_t>(w)] && static_cast<WorkerState>(stream.slot(w).state.load()) == WorkerState::Stopped;
      const bool asked = stop_sent || (o.stop && o.stop->load()) || o.stop_after_chapters > 0;
      if (all_done && stopped && !asked) {
        // Nodes stop gracefully on SIGTERM, which they also get when mpirun dies under them: a stop
        // nobody asked for is a failure (resumable all the same).
        fail(-1, signalled.empty() ? std::string("the nodes were stopped before the run finished, but not by ffw")
                                   : signalled + "; the nodes stopped before the run finished");
      } else if (all_done && elastic && awaited_epoch < epoch && !stopped &&
                 lost[static_cast<std::size_t>(final_model_node(current))]) {
        // Lost once training was over, before the node that held the trained network saved it.
        const int holder = final_model_node(current);
        fail(holder, "node " + std::to_string(holder) + " was lost after training ended, before it saved the trained "
                     "network; every chapter is checkpointed: resume the run to save and test it");
      } else if (all_done) {
        if (elastic && awaited_epoch < epoch) losses.back()["after_training"] = true;  // nobody needed it any more
        outcome.status = stopped ? LaunchStatus::Stopped : LaunchStatus::Finished;
      } else {
        int node = -1;
        for (int w = 0; w < e.nodes && node < 0; ++w)
          if (!lost[static_cast<std::size_t>(w)] && stream.slot(w).heartbeat_ns.load() == 0) node = w;
        const bool mpi = e.launcher == Launcher::Mpi || e.launcher == Launcher::Lab;
        if (node >= 0) {
          fail(node, "node " + std::to_string(node) + " never started" +
                         (mpi ? "; mpirun said: " + read_tail(log, 3) : "; see " + log));
        } else if (const int ended = mpi ? mpirun_named_rank(log, spawned.nodes_per_host) : -1; ended >= 0 && ended < e.nodes) {
          fail(ended, "node " + std::to_string(ended) + " ended without finishing; mpirun said: " + read_tail(log, 3));
        } else {
          fail(-1, "the workers ended before every node finished" + (mpi ? "; mpirun said: " + read_tail(log, 3) : "; see " + log));
        }
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  drain();
  metrics.flush();
  timeline.flush();

  json nodes = json::array();
  double wait_total = 0, wall = 0, eval = 0;
  for (int w = 0; w < e.nodes; ++w) {
    const std::string text = stream.slot(w).result_json;
    json report = text.empty() ? json{{"node", w}} : json::parse(text, nullptr, false);
    if (report.is_discarded()) report = json{{"node", w}};
    if (!report.is_object()) report = json{{"node", w}, {"result", report}};
    report["dropped_records"] = stream.slot(w).dropped.load();
    if (lost[static_cast<std::size_t>(w)] ||
        std::find(current.lost_nodes.begin(), current.lost_nodes.end(), w) != current.lost_nodes.end())
      report["lost"] = true;
    wait_total += report.value("wait_seconds", 0.0);
    wall = std::max(wall, report.value("train_seconds", 0.0));
    if (report.contains("timings")) eval = std::max(eval, report["timings"].value("eval_seconds", 0.0));
    if (report.value("holds_final_model", false) && report.contains("test_accuracy")) {
      outcome.summary["classifier"] = report["classifier"];
      outcome.summary["test_accuracy"] = report["test_accuracy"];
      outcome.summary["test_accuracy_by_classifier"] = report["test_accuracy_by_classifier"];
      if (report.contains("confusion_matrix")) outcome.summary["confusion_matrix"] = report["confusion_matrix"];
    }
    nodes.push_back(report);
  }
  outcome.summary["nodes"] = nodes;
  if (!losses.empty()) outcome.summary["node_losses"] = losses;
  outcome.summary["train_seconds"] = wall;
  outcome.summary["eval_seconds"] = eval;
  if (wall > 0) outcome.summary["measured_bubble"] = wait_total / (wall * e.nodes);
  (void)say;
  return outcome;
}

}  // namespace

}  // namespace ffw::cluster
