// ffw: train, validate, evaluate and benchmark Forward-Forward networks from the command line.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "core/error.h"
#include "core/machine.h"

int main(int argc, char** argv) {
  using namespace ffw::cli;
  CLI::App app{"ffw: distributed Forward-Forward training (FF Workbench)\n"
               "Exit codes: 0 ok, 1 training diverged, 2 usage, 3 invalid experiment, 4 data error,\n"
               "5 file error, 6 model file error, 7 a node failed, 130 stopped (resume with `ffw resume`)."};
  app.set_version_flag("--version", std::string("ffw ") + ffw::build_version());
  app.require_subcommand(1);

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Train an experiment and write its run directory");
  run_cmd->add_option("experiment", run.experiment, "Experiment file (JSON)")->required()->check(CLI::ExistingFile);
  run_cmd->add_option("--out", run.out, "Run directory (default: runs/<name>-<date>-<time>)");
  run_cmd->add_option("--threads", run.threads, "OpenBLAS threads (default: the experiment's; 0 = all cores)")
      ->check(CLI::NonNegativeNumber);
  run_cmd->add_flag("--no-preflight", [&run](std::int64_t) { run.preflight = false; },
                    "Start even when the pre-flight (ffw doctor) finds a problem, e.g. a disk estimate that is too cautious");
  run_cmd->add_option("--stop-after-chapters", run.stop_after_chapters,
                      "Stop once the run has done this many chapters (exit 130; continue with ffw resume)")
      ->check(CLI::PositiveNumber);

  std::filesystem::path resume_dir;
  std::optional<int> resume_threads;
  auto* resume_cmd = app.add_subcommand("resume", "Continue a stopped run from its last finished chapter");
  resume_cmd->add_option("run_dir", resume_dir, "Run directory")->required()->check(CLI::ExistingDirectory);
  resume_cmd->add_option("--threads", resume_threads, "OpenBLAS threads")->check(CLI::NonNegativeNumber);
  int resume_stop_after = 0;
  resume_cmd->add_option("--stop-after-chapters", resume_stop_after,
                         "Stop again once the run has done this many chapters in all")->check(CLI::PositiveNumber);

  std::filesystem::path validate_file;
  std::filesystem::path sweep_file, sweep_runs = "runs";
  auto* sweep_cmd = app.add_subcommand(
      "sweep", "Every combination of a sweep (a base experiment, values to vary, seeds) as a run, one after another; "
               "running it again goes on where it stopped");
  sweep_cmd->add_option("sweep", sweep_file, "Sweep file (JSON, docs/cli.md)")->required()->check(CLI::ExistingFile);
  sweep_cmd->add_option("--runs", sweep_runs, "Runs folder (default: runs); the sweep's state file goes here too");
  std::filesystem::path doctor_file, doctor_runs = "runs";
  auto* doctor_cmd = app.add_subcommand(
      "doctor", "The cluster pre-flight: on every host of the experiment, ffw-worker's build, the data files, memory and "
                "disk space (exit 8 when something is wrong)");
  doctor_cmd->add_option("experiment", doctor_file, "Experiment file (JSON)")->required()->check(CLI::ExistingFile);
  doctor_cmd->add_option("--runs", doctor_runs, "Where the run directory will go (default: runs)");
  auto* validate_cmd = app.add_subcommand("validate", "Check an experiment file and report every problem");
  validate_cmd->add_option("experiment", validate_file, "Experiment file (JSON)")->required()->check(CLI::ExistingFile);

  EvalArgs eval;
  auto* eval_cmd = app.add_subcommand("eval", "Evaluate a model file on a test set");
  eval_cmd->add_option("model", eval.model, "Model file (model.ffwm or a checkpoint)")->required()->check(CLI::ExistingFile);
  eval_cmd->add_option("--data", eval.data, "Directory with the test data")->required()->check(CLI::ExistingDirectory);
  eval_cmd->add_option("--format", eval.format, "idx, cifar10 or csv (default: the model's)");

  ProbeArgs probe;
  auto* probe_cmd = app.add_subcommand("probe", "Measure what each step of an experiment costs on this machine (a calibration for ffw plan)");
  probe_cmd->add_option("experiment", probe.experiment, "Experiment file (JSON)")->required()->check(CLI::ExistingFile);
  probe_cmd->add_option("--out", probe.out, "Calibration file (default: NAME.calibration.json)");
  probe_cmd->add_option("--threads", probe.threads, "GEMM threads per node (default: the experiment's, else 1)")
      ->check(CLI::NonNegativeNumber);
  probe_cmd->add_option("--samples", probe.samples, "Training samples to measure on (default 20000)")->check(CLI::Range(100, 10000000));
  probe_cmd->add_option("--lab-bandwidth-mbit", probe.lab_bandwidth_mbit, "Also measure the network lab's payload rate at this bandwidth")
      ->check(CLI::Range(0.1, 100000.0));
  bool probe_no_transports = false;
  probe_cmd->add_flag("--no-transports", probe_no_transports, "Measure compute only");
  probe_cmd->add_flag("--node-speeds", probe.node_speeds,
                      "Also time a reference workload on every node of the experiment's cluster (its launcher: mpirun with "
                      "the hostfile, the lab, local workers); ffw plan then uses those speeds unless --slowdown is given");

  PlanArgs plan;
  auto* plan_cmd = app.add_subcommand(
      "plan", "Predict training time, speed-up, idle, bytes, cost and energy per variant and node count (a simulation "
              "of the schedules on measured costs)");
  plan_cmd->add_option("experiment", plan.experiment, "Experiment file (JSON)")->required()->check(CLI::ExistingFile);
  plan_cmd->add_option("--calibration", plan.calibration, "From ffw probe (a file), or a finished FF run directory (its timeline); "
                                                          "default: probe now")
      ->check(CLI::ExistingPath);
  plan_cmd->add_option("--nodes", plan.nodes, "Node counts (default 1,2,4,8,16)")->delimiter(',')->check(CLI::Range(1, 1024));
  plan_cmd->add_option("--variants", plan.variants, "Subset of sequential,bp,all-layers,single-layer,federated,gpipe-bp,data-parallel-bp")
      ->delimiter(',');
  plan_cmd->add_option("--bandwidth-mbit", plan.bandwidth_mbit, "One host per node, links of this rate (default: one machine)")
      ->check(CLI::Range(0.001, 1000000.0));
  plan_cmd->add_option("--latency-ms", plan.latency_ms, "Per message on the links (a figure given; not validated)")
      ->check(CLI::NonNegativeNumber);
  plan_cmd->add_option("--slowdown", plan.slowdown, "Per node, e.g. 1,1,2 (older machines; default 1)")
      ->delimiter(',')
      ->check(CLI::Range(1.0, 1000.0));
  plan_cmd->add_option("--price-per-node-hour", plan.price_per_node_hour, "Cost of one node for an hour (default 0.50)")
      ->check(CLI::NonNegativeNumber);
  plan_cmd->add_option("--watts-per-node", plan.watts_per_node, "Power draw of one node (default 150)")->check(CLI::NonNegativeNumber);
  plan_cmd->add_flag("--auto-placement", plan.auto_placement,
                     "Single-Layer and GPipe: place the stages for the least predicted time (cluster.placement \"auto\")");
  plan_cmd->add_option("--timeline", plan.timeline,
                       "Write the recommended row's predicted timeline here (timeline.csv's format, per node)");
  plan_cmd->add_option("--goal", plan.goal, "fastest or cheapest (default fastest)")->check(CLI::IsMember({"fastest", "cheapest"}));

  auto* bench_cmd = app.add_subcommand("bench", "Benchmarks that print one JSON line per configuration");
  bench_cmd->require_subcommand(1);
  BenchCoreArgs core;
  core.data = FFW_DEFAULT_DATA;
  auto* core_cmd = bench_cmd->add_subcommand("core", "FF training speed and accuracy, 3 x 1000 at batch 100");
  core_cmd->add_option("--epochs", core.epochs, "Epochs per seed")->check(CLI::PositiveNumber);
  core_cmd->add_option("--threads", core.threads, "GEMM threads")->check(CLI::PositiveNumber);
  core_cmd->add_option("--seeds", core.seeds, "Seeds (accuracy is their median)")->check(CLI::PositiveNumber);
  core_cmd->add_flag("--bp", core.bp, "The backprop baseline with the same widths instead");
  core_cmd->add_option("--data", core.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);
  core_cmd->add_option("--limit", core.limit_train, "Use only the first N training samples");
  core_cmd->add_option("--limit-test", core.limit_test, "Use only the first N test samples");
  core_cmd->add_option("--gemm", core.gemm, "GEMM backend: auto (the fastest here, measured once), openblas, onednn")
      ->check(CLI::IsMember({"auto", "openblas", "onednn"}));
  core_cmd->add_option("--precision", core.precision, "GEMM inputs: fp32, or bf16 (oneDNN, CPUs with AVX512_BF16 or AMX)")
      ->check(CLI::IsMember({"fp32", "bf16"}));
  BenchMemoryArgs memory;
  memory.data = FFW_DEFAULT_DATA;
  auto* memory_cmd = bench_cmd->add_subcommand("memory", "Peak memory training [784, 2000 x 4] for one chapter");
  memory_cmd->add_option("--threads", memory.threads, "OpenBLAS threads (0 = all cores)");
  memory_cmd->add_option("--data", memory.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);
  memory_cmd->add_option("--limit", memory.limit_train, "Use only the first N training samples");

  BenchScalingArgs scaling;
  scaling.data = FFW_DEFAULT_DATA;
  auto* scaling_cmd = bench_cmd->add_subcommand("scaling", "PFF over Open MPI against Sequential, 4 x 500 (--layers) on Fashion-MNIST");
  scaling_cmd->add_option("--nodes", scaling.nodes, "Node counts, e.g. 1,2,4,8 (default: up to the cores here)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  scaling_cmd->add_option("--chapters", scaling.chapters, "Chapters (= epochs)")->check(CLI::PositiveNumber);
  scaling_cmd->add_option("--seeds", scaling.seeds, "Seeds (figures are medians)")->check(CLI::PositiveNumber);
  scaling_cmd->add_option("--variant", scaling.variant, "all-layers or single-layer")
      ->check(CLI::IsMember({"all-layers", "single-layer"}));
  scaling_cmd->add_option("--data", scaling.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);
  scaling_cmd->add_option("--limit", scaling.limit_train, "Training samples (default 20000; 0 = all)");
  scaling_cmd->add_option("--layers", scaling.layers,
                          "Hidden layers of 500 (default 4). All-Layers cannot run faster than its costliest "
                          "layer's chain through the chapters, so N nodes need N or more layers")
      ->check(CLI::Range(1, 64));
  scaling_cmd->add_option("--gemm", scaling.gemm, "GEMM backend of every run: auto (measured once), openblas, onednn")
      ->check(CLI::IsMember({"auto", "openblas", "onednn"}));
  scaling_cmd->add_option("--precision", scaling.precision, "GEMM inputs: fp32 or bf16")
      ->check(CLI::IsMember({"fp32", "bf16"}));
  scaling_cmd->add_option("--wire-precision", scaling.wire_precision,
                          "Weights between nodes: fp32, or bf16 (half the bytes; algorithm.wire_precision)")
      ->check(CLI::IsMember({"fp32", "bf16"}));
  scaling_cmd->add_option("--limit-test", scaling.limit_test,
                          "Test samples evaluated after every chapter (default 0 = all 10,000); keep evaluation in "
                          "proportion when many short chapters are run");
  scaling_cmd->add_flag("!--no-stream-overhead", scaling.stream_overhead,
                        "Skip the runs with the metrics stream off (halves the time; no stream_overhead figure)");
  scaling_cmd->add_flag("--send-optimizer-state", scaling.send_optimizer_state,
                        "All-Layers: each layer travels with its Adam moments and step count (3x the bytes), so the "
                        "nodes compute exactly what Sequential computes");
  scaling_cmd->add_flag("--emulate", scaling.emulate,
                        "Estimate instead of measure: every node a thread of this process whose clock counts only its "
                        "own CPU time (and waits for messages sent later), Sequential on the same clock; what N nodes "
                        "with a core each would take, on a machine with fewer cores. Shared caches and memory bus are "
                        "not modelled, messages cost only their copy. No metrics stream, no all-cores baseline");
  scaling_cmd->add_option("--launcher", scaling.launcher, "mpi (Open MPI ranks) or local (shared-memory workers)")
      ->check(CLI::IsMember({"mpi", "local"}));
  BenchPaperArgs paper;
  paper.data = FFW_DEFAULT_DATA;
  auto* paper_cmd = bench_cmd->add_subcommand(
      "paper", "The PFF paper's Tables 1-3 in structure: negatives x classifier x Sequential / Single-Layer / All-Layers");
  paper_cmd->add_option("--data", paper.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);
  paper_cmd->add_option("--limit", paper.limit_train, "Training samples (default 20000; 0 = all)");
  paper_cmd->add_option("--limit-test", paper.limit_test, "Test samples (default 0 = all 10,000)");
  paper_cmd->add_option("--epochs", paper.epochs, "Epochs, one chapter each as in the paper (default 10)")
      ->check(CLI::PositiveNumber);
  paper_cmd->add_option("--seeds", paper.seeds, "Seeds (figures are medians; default 3)")->check(CLI::PositiveNumber);
  paper_cmd->add_option("--nodes", paper.nodes, "All-Layers nodes (default 4); Single-Layer gets one per stage")
      ->check(CLI::PositiveNumber);
  paper_cmd->add_option("--negatives", paper.negatives, "Subset of adaptive,random,fixed")
      ->delimiter(',')
      ->check(CLI::IsMember({"adaptive", "random", "fixed"}));
  paper_cmd->add_option("--classifiers", paper.classifiers, "Subset of goodness,softmax")
      ->delimiter(',')
      ->check(CLI::IsMember({"goodness", "softmax"}));
  paper_cmd->add_option("--implementations", paper.implementations, "Subset of sequential,single-layer,all-layers")
      ->delimiter(',')
      ->check(CLI::IsMember({"sequential", "single-layer", "all-layers"}));
  paper_cmd->add_flag("!--no-real-runs", paper.real_runs,
                      "Take accuracies from the emulated runs instead of also running every distributed row for real "
                      "(worker processes); about halves the time");
  paper_cmd->add_option("--gemm", paper.gemm, "GEMM backend of every run: auto (measured once), openblas, onednn")
      ->check(CLI::IsMember({"auto", "openblas", "onednn"}));
  auto* transport_cmd =
      bench_cmd->add_subcommand("transport", "Latency and bandwidth of Open MPI and the shared-memory transport, 2 nodes");
  BenchTransportArgs transport;
  transport_cmd
      ->add_option("--lab-bandwidth-mbit", transport.lab_bandwidth_mbit,
                   "Measure Open MPI between 2 hosts of the network lab instead, at each of these link bandwidths "
                   "(Mbit/s; 0 = unshaped)")
      ->delimiter(',');
  transport_cmd->add_option("--bytes", transport.bytes, "Message sizes (default 8,1024,65536,1048576,16777216)")
      ->delimiter(',');
  transport_cmd->add_option("--repeats", transport.repeats, "Round trips per size (default 200 small, 20 large)")
      ->check(CLI::PositiveNumber);

  BenchNetworkArgs network;
  network.data = FFW_DEFAULT_DATA;
  auto* network_cmd = bench_cmd->add_subcommand(
      "network", "Time to a target accuracy against link bandwidth: All-Layers PFF, GPipe BP and data-parallel BP on "
                 "the network lab, Sequential FF on one host, and the crossover bandwidths");
  network_cmd->add_option("--bandwidth-mbit", network.bandwidth_mbit, "Link bandwidths (default 10000,3000,1000,300,100,30,10)")
      ->delimiter(',')
      ->check(CLI::Range(0.1, 100000.0));
  network_cmd->add_option("--variants", network.variants, "Subset of all-layers,gpipe-bp,data-parallel-bp")
      ->delimiter(',')
      ->check(CLI::IsMember({"all-layers", "gpipe-bp", "data-parallel-bp"}));
  network_cmd->add_option("--nodes", network.nodes, "Nodes, one per lab host (default 2)")->check(CLI::Range(2, 64));
  network_cmd->add_option("--seeds", network.seeds, "Seeds (figures are medians; default 3)")->check(CLI::PositiveNumber);
  network_cmd->add_option("--epochs", network.epochs, "Epochs of the epochs-to-target runs (default 8)")->check(CLI::PositiveNumber);
  network_cmd->add_option("--target", network.target_accuracy, "Target test accuracy (default 0.8, as bench compare)")
      ->check(CLI::Range(0.0, 1.0));
  network_cmd->add_option("--link-seconds", network.link_seconds,
                          "Link time a bounded measurement of a per-batch schedule aims at (default 8)")
      ->check(CLI::PositiveNumber);
  network_cmd->add_option("--data", network.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);
  network_cmd->add_option("--limit", network.limit_train, "Training samples (default 20000)");

  BenchPlanArgs bench_plan;
  bench_plan.data = FFW_DEFAULT_DATA;
  auto* bench_plan_cmd = bench_cmd->add_subcommand(
      "plan", "The planner's predictions against real runs: every variant on 1 and 2 local workers, slowed nodes, "
              "the network lab at 1000, 100 and 10 Mbit/s; predicted from a one-node calibration");
  bench_plan_cmd->add_option("--calibration", bench_plan.calibration, "Use this calibration instead of probing first")
      ->check(CLI::ExistingFile);
  bench_plan_cmd->add_option("--seeds", bench_plan.seeds, "Runs per case (the median is compared; default 3)")
      ->check(CLI::PositiveNumber);
  bench_plan_cmd->add_option("--epochs", bench_plan.epochs, "Epochs (= chapters) per run (default 4)")->check(CLI::PositiveNumber);
  bench_plan_cmd->add_option("--limit", bench_plan.limit_train, "Training samples (default 20000)")->check(CLI::PositiveNumber);
  bench_plan_cmd->add_option("--cases", bench_plan.cases, "Only the cases whose names start so, e.g. all-layers,gpipe-bp")
      ->delimiter(',');
  bench_plan_cmd->add_flag("--placement", bench_plan.placement,
                           "Instead: cluster.placement \"auto\" against the preset with slow nodes (speed and accuracy)");
  bench_plan_cmd->add_option("--data", bench_plan.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);

  BenchFaultsArgs faults;
  faults.data = FFW_DEFAULT_DATA;
  auto* faults_cmd = bench_cmd->add_subcommand(
      "faults", "The fault campaign: kill or stop a random worker, ffw or mpirun at a random moment of real 2-node runs, "
                "and check the outcome, the leftovers, the metrics and the resumed weights (docs/cluster.md, Faults)");
  faults_cmd->add_option("--trials", faults.trials, "Trials (default 8), spread over variants x launchers")->check(CLI::PositiveNumber);
  faults_cmd->add_option("--seed", faults.seed, "Seed of the campaign's choices (default 1)");
  faults_cmd->add_option("--variants", faults.variants, "all-layers,single-layer,gpipe-bp,data-parallel-bp (default all four)")
      ->delimiter(',');
  faults_cmd->add_option("--launchers", faults.launchers, "local,mpi (default both)")
      ->delimiter(',')
      ->check(CLI::IsMember({"mpi", "local"}));
  faults_cmd->add_option("--chapters", faults.chapters, "Chapters per run (default 8)")->check(CLI::PositiveNumber);
  faults_cmd->add_option("--limit", faults.limit_train, "Training samples (default 2000)")->check(CLI::PositiveNumber);
  faults_cmd->add_option("--data", faults.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);
  faults_cmd->add_option("--out", faults.out, "Keep the campaign's runs here (default: a temporary directory)");
  faults_cmd->add_flag("--keep", faults.keep, "Keep every trial's run directory and log");
  BenchElasticArgs elastic;
  elastic.data = FFW_DEFAULT_DATA;
  auto* elastic_cmd = bench_cmd->add_subcommand(
      "elastic", "The elastic ring against stopping and resuming: per seed, an uninterrupted run, a run that loses a node "
                 "midway and goes on (cluster.on_node_failure \"continue\"), and one that stops there and is resumed");
  elastic_cmd->add_option("--variants", elastic.variants, "all-layers,federated (default all-layers)")->delimiter(',');
  elastic_cmd->add_option("--nodes", elastic.nodes, "Local workers (default 4); node nodes/2 is the one lost")->check(CLI::Range(2, 64));
  elastic_cmd->add_option("--seeds", elastic.seeds, "Seeds (default 3); medians are reported")->check(CLI::PositiveNumber);
  elastic_cmd->add_option("--chapters", elastic.chapters, "Chapters of one epoch each (default 16)")->check(CLI::PositiveNumber);
  elastic_cmd->add_option("--limit", elastic.limit_train, "Training samples (default 20000)")->check(CLI::PositiveNumber);
  elastic_cmd->add_option("--limit-test", elastic.limit_test, "Test samples (default: all)")->check(CLI::NonNegativeNumber);
  elastic_cmd->add_option("--kill-at", elastic.kill_at, "Share of the chapters checkpointed when the node is killed (default 0.5)")
      ->check(CLI::Range(0.0, 1.0));
  elastic_cmd->add_option("--data", elastic.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);
  elastic_cmd->add_option("--out", elastic.out, "Keep the runs here (default: a temporary directory, removed)");

  BenchCompareArgs compare;
  compare.data = FFW_DEFAULT_DATA;
  auto* compare_cmd = bench_cmd->add_subcommand(
      "compare", "Every FF and backprop schedule on the same network and data, over Open MPI and shared memory");
  compare_cmd->add_option("--nodes", compare.nodes, "Nodes of the distributed schedules (default 2)")->check(CLI::PositiveNumber);
  compare_cmd->add_option("--chapters", compare.chapters, "Chapters (= epochs; default 8)")->check(CLI::PositiveNumber);
  compare_cmd->add_option("--seeds", compare.seeds, "Seeds (figures are medians; default 3)")->check(CLI::PositiveNumber);
  compare_cmd->add_option("--data", compare.data, "IDX directory (default: Fashion-MNIST)")->check(CLI::ExistingDirectory);
  compare_cmd->add_option("--limit", compare.limit_train, "Training samples (default 20000; 0 = all)");
  compare_cmd->add_option("--transports", compare.transports, "mpi,local (default both)")
      ->delimiter(',')
      ->check(CLI::IsMember({"mpi", "local"}));
  compare_cmd->add_option("--variants", compare.variants,
                          "Subset, e.g. bp,gpipe-bp (sequential, bp, bp-all-cores, single-layer, all-layers, federated-iid, "
                          "federated-label-skew, gpipe-bp, data-parallel-bp)")
      ->delimiter(',');
  compare_cmd->add_option("--target", compare.target_accuracy, "Accuracy for the time-to-accuracy column (default 0.8)");
  compare_cmd->add_option("--micro-batches", compare.micro_batches,
                          "gpipe-bp: sweep these micro-batch counts, e.g. 1,2,4,8 (default: the \"auto\" rule)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);

#ifdef FFW_WITH_QT
  ExportArgs exp;
  auto* export_cmd = app.add_subcommand("export", "Export a chart of a run: PNG (2x), SVG, PDF or its data as CSV");
  export_cmd->add_option("run_dir", exp.run_dir, "Run directory (for time-to-target: the output of ffw bench network)")
      ->required()
      ->check(CLI::ExistingPath);
  export_cmd->add_option("--chart", exp.chart, "goodness, loss, accuracy, traffic, idle, timeline, or time-to-target")
      ->check(CLI::IsMember({"goodness", "loss", "accuracy", "traffic", "idle", "timeline", "time-to-target"}));
  export_cmd->add_option("--format", exp.format, "png, svg, pdf or csv")->check(CLI::IsMember({"png", "svg", "pdf", "csv"}));
  export_cmd->add_option("--output", exp.output, "File (default: RUN_DIR/CHART.FORMAT)");
  export_cmd->add_option("--size", exp.width, "Width in pixels (default 1000)")->check(CLI::Range(200, 8000));
  export_cmd->add_option("--height", exp.height, "Height in pixels (default 600)")->check(CLI::Range(150, 8000));
  export_cmd->add_option("--smoothing", exp.smoothing, "EMA weight for goodness and loss, 0..0.99 (default 0.6)")
      ->check(CLI::Range(0.0, 0.99));
  export_cmd->add_flag("--log", exp.log_y, "Logarithmic y axis");
  export_cmd->add_option("--lang", exp.language, "en or ja (labels)")->check(CLI::IsMember({"en", "ja"}));
  ReportArgs rep;
  auto* report_cmd = app.add_subcommand("report", "Write the one-page-per-topic meeting report of a run (A4 PDF)");
  auto* report_run = report_cmd->add_option("run_dir", rep.run_dir, "Run directory")->check(CLI::ExistingDirectory);
  report_cmd->add_option("--sweep", rep.sweep_state, "A sweep's state file (RUNS/NAME.sweep-state.json): the report of its finished runs, seeds as medians with their spread")
      ->check(CLI::ExistingFile)
      ->excludes(report_run);
  report_cmd->add_option("--baseline", rep.baseline, "Run to compare with (speed-up is against it)")->check(CLI::ExistingDirectory);
  report_cmd->add_option("--lang", rep.language, "en or ja (default en)")->check(CLI::IsMember({"en", "ja"}));
  report_cmd->add_option("--price-per-node-hour", rep.price_per_node_hour, "Cost of one node for an hour (default 0.50)")
      ->check(CLI::NonNegativeNumber);
  report_cmd->add_option("--watts-per-node", rep.watts_per_node, "Power draw of one node (default 150)")->check(CLI::NonNegativeNumber);
  report_cmd->add_option("--target", rep.target_accuracy, "Accuracy for the time-to-accuracy column (default 0.8)");
  report_cmd->add_option("--output", rep.output, "PDF file (default: RUN_DIR/report-LANG.pdf, or RUNS/NAME.sweep/report-LANG.pdf)");
  report_cmd->add_option("--calibration", rep.calibration,
                         "Add the scaling outlook: the planner's predictions from this calibration (ffw probe) or run directory")
      ->check(CLI::ExistingPath);
  report_cmd->add_option("--outlook-nodes", rep.outlook_nodes, "Node counts of the scaling outlook (default 1,2,4,8)")
      ->delimiter(',')
      ->check(CLI::Range(1, 64));
  report_cmd->add_option("--bandwidth-mbit", rep.bandwidth_mbit,
                         "The outlook's network: one host per node on links of this rate (default: one machine)")
      ->check(CLI::NonNegativeNumber);
  BenchGuiArgs gui;
  gui.experiment = FFW_QUICKSTART;
  auto* gui_cmd = bench_cmd->add_subcommand(
      "gui", "Dashboard redraw time replaying an 8-worker run at 10x, and Run-to-first-point time of the quickstart");
  gui_cmd->add_option("--workers", gui.workers, "Workers in the recording (default 8)")->check(CLI::Range(1, 64));
  gui_cmd->add_option("--points", gui.points, "Points per series (default 100000)")->check(CLI::Range(1000, 10000000));
  gui_cmd->add_option("--speed", gui.speed, "Replay speed (default 10x)")->check(CLI::PositiveNumber);
  gui_cmd->add_option("--recorded-seconds", gui.recorded_seconds, "Length of the recorded run (default 300 s)")->check(CLI::PositiveNumber);
  gui_cmd->add_option("--experiment", gui.experiment, "Experiment for the first-point time (default: the quickstart; empty: skip)");
  gui_cmd->add_option("--screenshot", gui.screenshot, "Save the dashboard with every series full (PNG) to look at");
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }

  try {
    if (*run_cmd) return run_command(run);
    if (*resume_cmd) return resume_command(resume_dir, resume_threads, resume_stop_after);
    if (*validate_cmd) return validate_command(validate_file);
    if (*doctor_cmd) return doctor_command(doctor_file, doctor_runs);
    if (*sweep_cmd) return sweep_command(sweep_file, sweep_runs);
    if (*eval_cmd) return eval_command(eval);
    if (*probe_cmd) {
      probe.transports = !probe_no_transports;
      return probe_command(probe);
    }
    if (*plan_cmd) return plan_command(plan);
    if (*core_cmd) return bench_core_command(core);
    if (*memory_cmd) return bench_memory_command(memory);
    if (*scaling_cmd) return bench_scaling_command(scaling);
    if (*transport_cmd) return bench_transport_command(transport);
    if (*compare_cmd) return bench_compare_command(compare);
    if (*bench_plan_cmd) return bench_plan_command(bench_plan);
    if (*faults_cmd) return bench_faults_command(faults);
    if (*elastic_cmd) return bench_elastic_command(elastic);
    if (*network_cmd) return bench_network_command(network);
    if (*paper_cmd) return bench_paper_command(paper);
#ifdef FFW_WITH_QT
    if (*export_cmd) return export_command(exp);
    if (*report_cmd) return report_command(rep);
    if (*gui_cmd) return bench_gui_command(gui);
#endif
  } catch (const ffw::Error& e) {
    std::fprintf(stderr, "ffw: %s\n", e.what());
    return exit_code_for(e.kind());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "ffw: out of memory; use a smaller network, batch or data set\n");
    return kTrainingFailed;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ffw: internal error: %s\n", e.what());
    return kTrainingFailed;
  }
  return kUsage;
}
