// The PFF schedules over the in-memory transport, every node a thread: equivalence with the
// in-process trainer, byte counts against the analytic counts, the Single-Layer wavefront, bubble
// figures from scripted clocks, Federated privacy, and stop + resume.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>
#include <optional>
#include <thread>

#include "cluster/gpipe.h"
#include "cluster/launcher.h"
#include "cluster/memory_transport.h"
#include "cluster/metrics_ring.h"
#include "cluster/schedule.h"
#include "cluster/shm_transport.h"
#include "cluster/threaded_run.h"
#include "core/gemm.h"
#include "core/schedule_simulator.h"
#include "core/trainer.h"
#include "synthetic.h"

using namespace ffw;
using namespace ffw::cluster;

namespace {

const DataSplit& data() {
  static const DataSplit d = test::synthetic_split(400, 100);
  return d;
}

Experiment experiment(Variant v, int nodes, int chapters = 4, Negatives n = Negatives::Random,
                      Classifier c = Classifier::Softmax) {
  return test::schedule_experiment(v, nodes, chapters, n, c);
}

using ClusterRun = ThreadedRun;
enum class Kind { Memory, SharedMemory };

// Runs every node of `e` as a thread over one in-memory hub or one shared-memory segment.
ClusterRun run_cluster(const Experiment& e, bool scripted, const ScheduleOptions& options = {},
                       Kind kind = Kind::Memory) {
  return run_nodes_as_threads(e, data(), scripted ? NodeClock::Scripted : NodeClock::Steady, options,
                              kind == Kind::SharedMemory ? ThreadTransport::SharedMemory : ThreadTransport::Memory);
}

std::vector<Matrix> parameters(Model& m) {
  std::vector<Matrix> out;
  m.for_each_param([&](const std::string&, Param& p) { out.push_back(p.value); });
  return out;
}

}  // namespace

class TestSchedules : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { gemm::set_threads(1); }

  // The rings' counters are alignas(64); Boost 1.83 hands out blocks aligned to 16 bytes only, and
  // rings placed there without rounding up crashed (a segfault on Ubuntu 24.04).
  void ringsStartOn64ByteBoundaries() {
    alignas(64) char block[256];
    for (int offset = 0; offset < 128; ++offset) {
      char* p = block + offset;
      char* a = align64(p);
      QVERIFY(reinterpret_cast<std::uintptr_t>(a) % 64 == 0);
      QVERIFY(a >= p && a - p < 64);
    }
  }

  // mpirun's arguments: never a shell; --oversubscribe and the run-as-root variables only where
  // they apply; a deeper send pipeline for large messages unless the user chose one.
  void mpirunCommandAddsOnlyWhatApplies() {
    Experiment e;
    e.nodes = 4;
    qunsetenv("OMPI_MCA_pml_ob1_send_pipeline_depth");
    MpirunCommand c = mpirun_command(e, "/w/ffw-worker", {"--run", "r"}, 16, false);
    QCOMPARE(c.argv, (std::vector<std::string>{"mpirun", "-np", "4", "--bind-to", "none", "--mca",
                                               "pml_ob1_send_pipeline_depth", "32", "/w/ffw-worker", "--run", "r"}));
    QVERIFY(c.environment.empty());
    QVERIFY(c.notes.empty());
    c = mpirun_command(e, "/w/ffw-worker", {}, 2, true);
    QCOMPARE(c.argv[3], std::string("--oversubscribe"));
    QCOMPARE(c.environment, (std::vector<std::string>{"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"}));
    QCOMPARE(c.notes.size(), std::size_t{2});
    qputenv("OMPI_MCA_pml_ob1_send_pipeline_depth", "8");
    c = mpirun_command(e, "/w/ffw-worker", {}, 16, false);
    qunsetenv("OMPI_MCA_pml_ob1_send_pipeline_depth");
    QVERIFY(std::find(c.argv.begin(), c.argv.end(), "pml_ob1_send_pipeline_depth") == c.argv.end());
    // oneDNN: its OpenMP threads sleep when idle, on every rank of every host, unless the user said otherwise.
    qunsetenv("OMP_WAIT_POLICY");
    e.gemm = gemm::Backend::OneDnn;
    c = mpirun_command(e, "/w/ffw-worker", {}, 16, false);
    const auto x = std::find(c.argv.begin(), c.argv.end(), "-x");
    QVERIFY(x != c.argv.end() && x + 1 != c.argv.end());
    QCOMPARE(*(x + 1), std::string("OMP_WAIT_POLICY=PASSIVE"));
    QCOMPARE(c.notes.size(), std::size_t{1});
    qputenv("OMP_WAIT_POLICY", "ACTIVE");
    c = mpirun_command(e, "/w/ffw-worker", {}, 16, false);
    qunsetenv("OMP_WAIT_POLICY");
    QVERIFY(std::find(c.argv.begin(), c.argv.end(), "-x") == c.argv.end());
  }

  void oneNodeEqualsInProcessTraining_data() {
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("negatives");
    QTest::newRow("sequential random") << int(Variant::Sequential) << int(Negatives::Random);
    QTest::newRow("all-layers adaptive") << int(Variant::AllLayers) << int(Negatives::Adaptive);
    QTest::newRow("single-layer fixed") << int(Variant::SingleLayer) << int(Negatives::Fixed);
  }
  void oneNodeEqualsInProcessTraining() {
    QFETCH(int, variant);
    QFETCH(int, negatives);
    Experiment sequential = experiment(Variant::Sequential, 1, 4, static_cast<Negatives>(negatives));
    TrainResult reference = train(sequential, data(), TrainOptions{});
    Experiment e = sequential;
    e.variant = static_cast<Variant>(variant);
    ClusterRun run = run_cluster(e, false);
    QVERIFY(run.results[0].holds_final_model);
    QVERIFY(parameters(*run.results[0].model) == parameters(reference.model));
    QCOMPARE(run.results[0].test_accuracy, reference.test_accuracy);
    QCOMPARE(run.results[0].traffic.sent_total(), std::int64_t{0});
  }

  void allLayersSendsEveryParameterOncePerChapter_data() {
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("kind");
    QTest::newRow("memory, 2 nodes") << 2 << int(Kind::Memory);
    QTest::newRow("memory, 4 nodes") << 4 << int(Kind::Memory);
    QTest::newRow("shared memory, 1 node") << 1 << int(Kind::SharedMemory);
    QTest::newRow("shared memory, 2 nodes") << 2 << int(Kind::SharedMemory);
    QTest::newRow("shared memory, 4 nodes") << 4 << int(Kind::SharedMemory);
  }
  // algorithm.wire_precision "bf16": weights travel in half the bytes, counted as such, and the
  // receiving node continues from the rounded weights (so the result differs from fp32's).
  void bf16WireHalvesTheWeightBytes() {
    Experiment e = experiment(Variant::AllLayers, 2, 4);
    ClusterRun fp32 = run_cluster(e, false);
    e.wire_precision = gemm::Precision::Bf16;
    ClusterRun bf16 = run_cluster(e, false);
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    std::int64_t sent32 = 0, sent16 = 0;
    for (const auto& r : fp32.results) sent32 += r.traffic.sent(Category::Weights);
    for (const auto& r : bf16.results) sent16 += r.traffic.sent(Category::Weights);
    QCOMPARE(sent16, analytic_weight_bytes(e, probe));
    QCOMPARE(2 * sent16, sent32);
    const auto holder = static_cast<std::size_t>(final_model_node(e));
    QVERIFY(parameters(*bf16.results[holder].model) != parameters(*fp32.results[holder].model));
    QVERIFY(std::abs(bf16.results[holder].test_accuracy.at("softmax") - fp32.results[holder].test_accuracy.at("softmax")) < 0.05);
  }

  void sharedMemoryEqualsInMemoryBitForBit() {
    const Experiment e = experiment(Variant::AllLayers, 2, 4);
    ClusterRun a = run_cluster(e, false, {}, Kind::Memory), b = run_cluster(e, false, {}, Kind::SharedMemory);
    const auto holder = static_cast<std::size_t>(final_model_node(e));
    QVERIFY(parameters(*a.results[holder].model) == parameters(*b.results[holder].model));
  }

  void allLayersSendsEveryParameterOncePerChapter() {
    QFETCH(int, nodes);
    QFETCH(int, kind);
    const Experiment e = experiment(Variant::AllLayers, nodes, 8);
    ClusterRun run = run_cluster(e, false, {}, static_cast<Kind>(kind));
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    // 3 layers 64x24, 24x24, 24x16 plus the head on 24+16 inputs, all float32.
    const std::int64_t per_chapter = 4 * ((64 * 24 + 24) + (24 * 24 + 24) + (24 * 16 + 16) + (40 * 10 + 10));
    QCOMPARE(analytic_weight_bytes(e, probe), nodes > 1 ? per_chapter * (e.chapters - 1) : 0);
    std::int64_t sent = 0, received = 0;
    for (int r = 0; r < nodes; ++r) {
      const auto& t = run.results[static_cast<std::size_t>(r)].traffic;
      sent += t.sent(Category::Weights);
      received += t.received(Category::Weights);
      // Only to the next node in the ring, and the next node counts exactly what was sent.
      for (int q = 0; q < nodes; ++q) {
        const auto sent_to_q = t.peers[static_cast<std::size_t>(q)].sent_bytes[0];
        const auto q_got = run.results[static_cast<std::size_t>(q)].traffic.peers[static_cast<std::size_t>(r)].received_bytes[0];
        QCOMPARE(sent_to_q, q_got);
        if (q != (r + 1) % nodes) QCOMPARE(sent_to_q, std::int64_t{0});
      }
      QCOMPARE(t.sent(Category::Data), std::int64_t{0});
    }
    QCOMPARE(sent, analytic_weight_bytes(e, probe));
    QCOMPARE(received, sent);
    int holders = 0;
    for (const auto& r : run.results) holders += r.holds_final_model;
    QCOMPARE(holders, 1);
    QVERIFY(run.results[static_cast<std::size_t>(final_model_node(e))].test_accuracy.at("softmax") > 0.5);
  }

  // With its optimizer state, a layer continues on the next node exactly as on one node: All-Layers
  // on N nodes computes what Sequential computes, bit for bit, where the negatives do not depend
  // on which node draws them (random and fixed; adaptive ones come from the node's own, older
  // network). Weights alone differ (each node's moments are N chapters old), at the analytic cost.
  void allLayersWithOptimizerStateEqualsSequential_data() {
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("negatives");
    QTest::addColumn<int>("classifier");
    QTest::addColumn<int>("optimizer");
    QTest::newRow("2 nodes, random, softmax, adam") << 2 << int(Negatives::Random) << int(Classifier::Softmax) << int(OptimizerKind::Adam);
    QTest::newRow("4 nodes, fixed, softmax, adam") << 4 << int(Negatives::Fixed) << int(Classifier::Softmax) << int(OptimizerKind::Adam);
    QTest::newRow("3 nodes, random, goodness, sgd") << 3 << int(Negatives::Random) << int(Classifier::Goodness) << int(OptimizerKind::Sgd);
    QTest::newRow("2 nodes, local heads, adam") << 2 << int(Negatives::None) << int(Classifier::LocalHeads) << int(OptimizerKind::Adam);
  }
  void allLayersWithOptimizerStateEqualsSequential() {
    QFETCH(int, nodes);
    QFETCH(int, negatives);
    QFETCH(int, classifier);
    QFETCH(int, optimizer);
    Experiment sequential = experiment(Variant::Sequential, 1, 6, static_cast<Negatives>(negatives),
                                       static_cast<Classifier>(classifier));
    sequential.optimizer.kind = static_cast<OptimizerKind>(optimizer);
    sequential.head_optimizer = sequential.optimizer;
    TrainResult reference = train(sequential, data(), TrainOptions{});
    Experiment e = sequential;
    e.variant = Variant::AllLayers;
    e.nodes = nodes;
    e.launcher = Launcher::Mpi;
    ClusterRun weights_only = run_cluster(e, false);
    e.send_optimizer_state = true;
    ClusterRun with_state = run_cluster(e, false);
    const auto holder = static_cast<std::size_t>(final_model_node(e));
    QVERIFY(parameters(*with_state.results[holder].model) == parameters(reference.model));
    QCOMPARE(with_state.results[holder].test_accuracy, reference.test_accuracy);
    QVERIFY(parameters(*weights_only.results[holder].model) != parameters(reference.model));
    // The bytes: values, first moment, second moment where Adam, and 8 bytes of step count per array.
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    std::int64_t values = 0, arrays = 0;
    const_cast<Model&>(probe).for_each_param([&](const std::string&, Param& p) {
      values += p.value.size();
      ++arrays;
    });
    const int copies = static_cast<OptimizerKind>(optimizer) == OptimizerKind::Adam ? 3 : 2;
    const std::int64_t per_chapter = values * 4 * copies + arrays * 8;
    QCOMPARE(analytic_weight_bytes(e, probe), per_chapter * (e.chapters - 1));
    std::int64_t sent = 0, received = 0;
    for (const auto& r : with_state.results) {
      sent += r.traffic.sent(Category::Weights);
      received += r.traffic.received(Category::Weights);
    }
    QCOMPARE(sent, analytic_weight_bytes(e, probe));
    QCOMPARE(received, sent);
  }

  // The emulation clock counts the thread's own CPU time: waiting is free, an arrival from later
  // moves it on, never back.
  void threadCpuClockCountsOnlyWorkAndArrivals() {
    ThreadCpuClock clock;
    const double t0 = clock.now();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const double slept = clock.now() - t0;
    QVERIFY2(slept < 0.05, qPrintable(QString::number(slept)));
    // Work moves it on, however loaded the machine: spin until it has counted 60 ms of this
    // thread's CPU (a minute of wall time at most, which only a clock that misses work reaches).
    volatile double x = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (clock.now() - t0 < 0.06 && std::chrono::steady_clock::now() < deadline) x = x + 1;
    QVERIFY(clock.now() - t0 > 0.05);
    const double before = clock.now();
    clock.arrived(before + 5.0);
    QVERIFY(clock.now() >= before + 5.0);
    clock.arrived(0.0);
    QVERIFY(clock.now() >= before + 5.0);
  }

  // A node that fails must not leave the others waiting for its messages.
  void anAbortedHubWakesEveryWaitingNode() {
    MemoryHub hub(2);
    MemoryTransport t(hub, 1);
    ScriptedClock clock;
    t.instrument(&clock, nullptr);
    bool stopped = false;
    std::thread waiting([&] {
      std::vector<float> v(4);
      try {
        t.recv_values<float>(0, 1, Category::Weights, v);
      } catch (const StopRequested&) {
        stopped = true;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    hub.abort();
    waiting.join();
    QVERIFY(stopped);
    bool barrier_stopped = false;
    try {
      t.barrier();
    } catch (const StopRequested&) {
      barrier_stopped = true;
    }
    QVERIFY(barrier_stopped);
  }

  // Emulated dedicated cores compute what the real schedule computes; the nodes' clocks meet at
  // the final barrier, and every node waited some of the time, never more than all of it. The
  // clocks agree within 10 % of the run: each node's last steps follow the barrier (about 0.1 ms of
  // CPU, more on a busy machine), while clocks that did not meet would differ by a node's idle
  // time (19-47 % of this run).
  void emulatedRunComputesTheSameAndEndsTogether() {
    const Experiment e = experiment(Variant::AllLayers, 4, 8);
    ClusterRun real = run_cluster(e, false);
    ClusterRun emulated = run_nodes_as_threads(e, data(), NodeClock::ThreadCpu);
    const auto holder = static_cast<std::size_t>(final_model_node(e));
    QVERIFY(parameters(*emulated.results[holder].model) == parameters(*real.results[holder].model));
    for (const auto& r : emulated.results)  // the barrier's latest clock, plus each node's few steps after it
      QVERIFY2(std::abs(r.train_seconds - emulated.seconds()) < 0.1 * emulated.seconds(),
               qPrintable(QString("node ended at %1 s, the run at %2 s").arg(r.train_seconds).arg(emulated.seconds())));
    QVERIFY(emulated.seconds() > 0);
    for (double idle : emulated.idle_fractions()) QVERIFY(idle >= 0 && idle < 1);
  }

  void singleLayerWavefrontRespectsItsDependencies() {
    const Experiment e = experiment(Variant::SingleLayer, 4, 5);  // 3 layers + head: one stage per node
    ClusterRun run = run_cluster(e, true);
    // end[(stage, chapter)] from each node's train segments.
    std::map<std::pair<int, int>, std::pair<double, double>> unit;
    for (const auto& tl : run.timelines)
      for (const auto& s : tl.segments)
        if (s.kind == SegmentKind::Train || s.kind == SegmentKind::Reforward) {
          auto [it, fresh] = unit.try_emplace({s.layer, s.chapter}, s.start_s, s.end_s);
          it->second = {std::min(it->second.first, s.start_s), std::max(it->second.second, s.end_s)};
        }
    QCOMPARE(unit.size(), std::size_t{4 * 5});
    for (const auto& [key, span] : unit) {
      const auto [stage, chapter] = key;
      if (stage > 1) QVERIFY(span.first >= unit.at({stage - 1, chapter}).second);
      if (chapter > 1) QVERIFY(span.first >= unit.at({stage, chapter - 1}).second);
      // With unit costs, the wavefront puts (stage, chapter) at time stage + chapter - 2.
      QCOMPARE(span.first, double(stage + chapter - 2));
    }
  }

  void singleLayerExchangesEveryKBatches() {
    Experiment e = experiment(Variant::SingleLayer, 4, 4);  // 8 batches per chapter
    ClusterRun per_chapter = run_cluster(e, false);
    // K = the chapter's batch count is the paper's schedule, bit for bit.
    e.exchange_every = 8;
    ClusterRun same = run_cluster(e, false);
    const auto last = static_cast<std::size_t>(final_model_node(e));
    QVERIFY(parameters(*same.results[last].model) == parameters(*per_chapter.results[last].model));
    // K = 2: four exchanges per chapter, four times the weight bytes; still learns.
    e.exchange_every = 2;
    ClusterRun often = run_cluster(e, false);
    for (std::size_t r = 0; r < 4; ++r)
      QCOMPARE(often.results[r].traffic.sent(Category::Weights), 4 * per_chapter.results[r].traffic.sent(Category::Weights));
    QVERIFY(often.results[last].test_accuracy.at("softmax") > 0.5);
    QVERIFY(parameters(*often.results[last].model) != parameters(*per_chapter.results[last].model));
  }

  void singleLayerFollowsAMappedPlacement() {
    // Where a stage trains changes who computes and who sends, never what is computed: 3 layers and
    // the head on 2 nodes, preset (node 1 takes every stage but the first) against node 0 taking two.
    Experiment e = experiment(Variant::SingleLayer, 2, 4);
    ClusterRun preset = run_cluster(e, false);
    e.stage_nodes = {0, 0, 1, 1};
    ClusterRun mapped = run_cluster(e, false);
    QVERIFY(parameters(*mapped.results[1].model) == parameters(*preset.results[1].model));
    // Node 0 now sends its two stages each chapter, node 1 nothing: the analytic count.
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    QCOMPARE(mapped.results[0].traffic.sent(Category::Weights) + mapped.results[1].traffic.sent(Category::Weights),
             analytic_weight_bytes(e, probe));
    QCOMPARE(mapped.results[1].traffic.sent(Category::Weights), std::int64_t{0});
    std::int64_t two_stages = 0;
    for (std::size_t l = 0; l < 2; ++l) two_stages += (probe.ff[l].weight.value.size() + probe.ff[l].bias.value.size()) * 4;
    QCOMPARE(mapped.results[0].traffic.sent(Category::Weights), two_stages * e.chapters);
    // Train segments on each node are the stages it was given.
    for (int n = 0; n < 2; ++n)
      for (const auto& s : mapped.timelines[static_cast<std::size_t>(n)].segments)
        if (s.kind == SegmentKind::Train) QCOMPARE(e.stage_nodes[static_cast<std::size_t>(s.layer - 1)], n);
  }

  void gpipeFollowsAMappedPartition() {
    // Layers 24, 24, 16 and the output layer: balanced over 2 nodes they split 1 + 3 (a 24-wide
    // boundary); mapped 3 + 1 the boundary is 16 wide. The arithmetic is the same as one stage
    // with the same m; the bytes follow the boundary.
    Experiment e = experiment(Variant::Bp, 1, 3, Negatives::None);
    e.variant = Variant::GpipeBp;
    e.micro_batches = 4;
    ClusterRun single = run_cluster(e, false);
    e.nodes = 2;
    e.launcher = Launcher::Mpi;
    e.stage_nodes = {0, 0, 0, 1};
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    const auto parts = gpipe_stages(e, bp_layer_params(*probe.bp));
    QCOMPARE(parts[0], (std::pair<std::size_t, std::size_t>{0, 3}));
    QCOMPARE(parts[1], (std::pair<std::size_t, std::size_t>{3, 4}));
    QCOMPARE(gpipe_partition(bp_layer_params(*probe.bp), 2)[0], (std::pair<std::size_t, std::size_t>{0, 1}));
    ClusterRun pipe = run_cluster(e, false);
    QVERIFY(parameters(*pipe.results[1].model) == parameters(*single.results[0].model));
    std::int64_t exchanged = 0;
    for (const auto& r : pipe.results) exchanged += r.traffic.sent(Category::Activations) + r.traffic.sent(Category::Gradients);
    QCOMPARE(exchanged, std::int64_t{2} * 400 * 16 * 4 * e.epochs);  // activations and gradients, 16 wide, float32
    QCOMPARE(exchanged, gpipe_bytes_per_epoch(*probe.bp, parts, 400) * e.epochs);
  }

  void measuredBubbleMatchesTheory_data() {
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("chapters");
    QTest::newRow("all-layers 2 nodes") << int(Variant::AllLayers) << 2 << 8;
    QTest::newRow("all-layers 4 nodes") << int(Variant::AllLayers) << 4 << 8;
    QTest::newRow("all-layers 3 nodes, 7 chapters") << int(Variant::AllLayers) << 3 << 7;
    QTest::newRow("all-layers 6 nodes > 4 stages") << int(Variant::AllLayers) << 6 << 8;
    QTest::newRow("federated 3 nodes") << int(Variant::Federated) << 3 << 5;
    QTest::newRow("single-layer 4 nodes") << int(Variant::SingleLayer) << 4 << 6;
    QTest::newRow("single-layer 2 nodes < 4 stages") << int(Variant::SingleLayer) << 2 << 6;
    QTest::newRow("single-layer 3 nodes < 4 stages") << int(Variant::SingleLayer) << 3 << 5;
  }
  void measuredBubbleMatchesTheory() {
    QFETCH(int, variant);
    QFETCH(int, nodes);
    QFETCH(int, chapters);
    const Experiment e = experiment(static_cast<Variant>(variant), nodes, chapters);
    ClusterRun run = run_cluster(e, true);
    double idle = 0;
    for (const auto& r : run.results) idle += r.traffic.wait_seconds;
    const double makespan = run.makespans[0];
    for (double m : run.makespans) QCOMPARE(m, makespan);  // the final barrier aligns every node
    const double measured = idle / (nodes * makespan);
    const double theory = theoretical_bubble(e);
    QVERIFY2(std::abs(measured - theory) < 1e-12, qPrintable(QString("measured %1, theory %2").arg(measured).arg(theory)));
  }

  // The simulator replays the streams the executor ran: on the scripted clock (one unit per stage
  // and chapter) the same makespan and the same waits per node, and always the same bytes to each
  // peer in each category.
  void simulatorReplaysTheExecutor_data() {
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("chapters");
    QTest::addColumn<int>("negatives");
    QTest::addColumn<int>("exchange");
    QTest::newRow("all-layers 3 nodes") << int(Variant::AllLayers) << 3 << 7 << int(Negatives::Random) << 0;
    QTest::newRow("all-layers 6 nodes") << int(Variant::AllLayers) << 6 << 8 << int(Negatives::Random) << 0;
    QTest::newRow("federated 2 nodes") << int(Variant::Federated) << 2 << 5 << int(Negatives::Random) << 0;
    QTest::newRow("single-layer adaptive") << int(Variant::SingleLayer) << 3 << 4 << int(Negatives::Adaptive) << 0;
    QTest::newRow("single-layer every 3 batches") << int(Variant::SingleLayer) << 2 << 3 << int(Negatives::Random) << 3;
    QTest::newRow("gpipe-bp 3 nodes") << int(Variant::GpipeBp) << 3 << 2 << int(Negatives::None) << 0;
    QTest::newRow("data-parallel-bp 3 nodes") << int(Variant::DataParallelBp) << 3 << 2 << int(Negatives::None) << 0;
  }
  void simulatorReplaysTheExecutor() {
    QFETCH(int, variant);
    QFETCH(int, nodes);
    QFETCH(int, chapters);
    QFETCH(int, negatives);
    QFETCH(int, exchange);
    Experiment e = experiment(static_cast<Variant>(variant), nodes, chapters, static_cast<Negatives>(negatives));
    e.exchange_every = exchange;
    const bool pff = !e.is_backprop();
    const ClusterRun run = run_cluster(e, pff);
    const Model m = Model::create(e, 64, 10, data().preprocess);
    const ProgramShapes shapes = program_shapes(e, m, static_cast<std::int64_t>(data().train.size()));
    class Unit final : public CostModel {
    public:
      double compute_seconds(int, const Instruction& i) const override {
        return i.op == Op::TrainStage ? static_cast<double>(i.samples) / full : 0;
      }
      bool allreduce_overlaps() const override { return false; }  // the in-memory ring runs within its start
      double full = 0;
    } costs;
    costs.full = static_cast<double>(e.epochs_per_chapter() * data().train.size());
    if (e.variant == Variant::Federated) costs.full /= nodes;  // 400 samples in 2 equal shards
    const Simulation sim = simulate(e, all_programs(e, shapes), costs);
    for (int r = 0; r < nodes; ++r) {
      const auto& executed = run.results[static_cast<std::size_t>(r)].traffic;
      const auto& simulated = sim.nodes[static_cast<std::size_t>(r)];
      for (int q = 0; q < nodes; ++q) {
        std::int64_t sent = 0;
        for (std::size_t c = 0; c < kCategories; ++c) sent += executed.peers[static_cast<std::size_t>(q)].sent_bytes[c];
        QCOMPARE(simulated.sent_bytes[static_cast<std::size_t>(q)], sent);
      }
      for (std::size_t c = 0; c < kCategories; ++c) QCOMPARE(simulated.sent_by_category[c], executed.sent(static_cast<Category>(c)));
      // The scripted clock charges a stage's unit as it ends, so it cannot time blocks within one.
      if (!pff || exchange > 0) continue;
      QCOMPARE(simulated.seconds, run.makespans[static_cast<std::size_t>(r)]);
      QVERIFY2(std::abs(simulated.wait_seconds - executed.wait_seconds) < 1e-9,
               qPrintable(QString("node %1 waited %2, simulated %3").arg(r).arg(executed.wait_seconds).arg(simulated.wait_seconds)));
    }
  }

  void federatedSendsNoData_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("memory") << int(Kind::Memory);
    QTest::newRow("shared memory") << int(Kind::SharedMemory);
  }
  void federatedSendsNoData() {
    QFETCH(int, kind);
    Experiment e = experiment(Variant::Federated, 2, 4);
    e.shards = ShardMode::LabelSkew;
    ClusterRun run = run_cluster(e, false, {}, static_cast<Kind>(kind));
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    std::int64_t weights = 0;
    for (const auto& r : run.results) {
      QCOMPARE(r.traffic.sent(Category::Data), std::int64_t{0});
      QCOMPARE(r.traffic.received(Category::Data), std::int64_t{0});
      QCOMPARE(r.traffic.sent(Category::Activations), std::int64_t{0});
      weights += r.traffic.sent(Category::Weights);
    }
    QCOMPARE(weights, analytic_weight_bytes(e, probe));
  }

  void adaptiveSingleLayerBroadcastsLabels_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("memory") << int(Kind::Memory);
    QTest::newRow("shared memory") << int(Kind::SharedMemory);
  }
  void adaptiveSingleLayerBroadcastsLabels() {
    QFETCH(int, kind);
    const Experiment e = experiment(Variant::SingleLayer, 2, 3, Negatives::Adaptive, Classifier::Goodness);
    ClusterRun run = run_cluster(e, false, {}, static_cast<Kind>(kind));
    // The last node sends one label per training sample to each other node, before chapters 2 and 3.
    QCOMPARE(run.results[1].traffic.sent(Category::Labels), std::int64_t{400 * 2});
    QCOMPARE(run.results[0].traffic.received(Category::Labels), std::int64_t{400 * 2});
  }

  // The ring allreduce over both thread transports, at 1-4 nodes: sums within float rounding of a
  // double-precision reference, the same bits on every node and from run to run, the ring's bytes.
  // Parts of odd sizes make chunks straddle parts; 3 floats on 4 nodes leave a chunk empty.
  void allreduceSumsLikeAReference_data() {
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("kind");
    for (int n = 1; n <= 4; ++n) {
      QTest::addRow("%d nodes, memory", n) << n << int(Kind::Memory);
      QTest::addRow("%d nodes, shared memory", n) << n << int(Kind::SharedMemory);
    }
  }
  void allreduceSumsLikeAReference() {
    QFETCH(int, nodes);
    QFETCH(int, kind);
    const std::vector<std::size_t> sizes = {1001, 7, 3};
    auto value = [](int node, std::size_t part, std::size_t i) {
      return static_cast<float>(std::sin(0.37 * static_cast<double>(i) + node + 0.1 * part) *
                                std::pow(10.0, static_cast<double>(i % 5) - 2.0));
    };
    using Buffers = std::vector<std::vector<std::vector<float>>>;  // node, part, element
    auto run = [&](Buffers& out, std::vector<TrafficCounters>& traffic) {
      out.assign(static_cast<std::size_t>(nodes), {});
      traffic.assign(static_cast<std::size_t>(nodes), {});
      MemoryHub hub(nodes);
      std::optional<ShmTransportSegment> segment;
      if (kind == int(Kind::SharedMemory)) segment.emplace(nodes, std::size_t{1} << 20);
      std::vector<std::thread> threads;
      for (int r = 0; r < nodes; ++r)
        threads.emplace_back([&, r] {
          std::unique_ptr<Transport> t;
          if (segment) t = std::make_unique<ShmTransport>(segment->name(), r);
          else t = std::make_unique<MemoryTransport>(hub, r);
          SteadyClock clock;
          t->instrument(&clock, nullptr);
          auto& mine = out[static_cast<std::size_t>(r)];
          for (std::size_t p = 0; p < sizes.size(); ++p) {
            mine.emplace_back(sizes[p]);
            for (std::size_t i = 0; i < sizes[p]; ++i) mine[p][i] = value(r, p, i);
          }
          const std::span<float> first[] = {mine[0], mine[1]};  // one bucket of two parts
          const std::span<float> second[] = {mine[2]};
          t->start_allreduce_sum(first, Category::Gradients);
          t->start_allreduce_sum(second, Category::Gradients);
          t->finish_allreduces();
          if (auto* shm = dynamic_cast<ShmTransport*>(t.get())) shm->flush();
          t->rendezvous();
          traffic[static_cast<std::size_t>(r)] = t->counters();
        });
      for (auto& th : threads) th.join();
    };
    Buffers a, b;
    std::vector<TrafficCounters> traffic, unused;
    run(a, traffic);
    run(b, unused);
    for (std::size_t p = 0; p < sizes.size(); ++p)
      for (std::size_t i = 0; i < sizes[p]; ++i) {
        double sum = 0, magnitude = 0;
        for (int r = 0; r < nodes; ++r) sum += value(r, p, i), magnitude += std::abs(value(r, p, i));
        const float got = a[0][p][i];
        QVERIFY2(std::abs(got - sum) <= nodes * 6e-8 * magnitude,
                 qPrintable(QString("part %1 [%2]: %3 against %4").arg(p).arg(i).arg(got).arg(sum)));
      }
    for (int r = 0; r < nodes; ++r) {
      QVERIFY2(a[static_cast<std::size_t>(r)] == a[0], qPrintable(QString("node %1 differs from node 0").arg(r)));
      QVERIFY(b[static_cast<std::size_t>(r)] == a[static_cast<std::size_t>(r)]);  // run to run
      const int left = (r + nodes - 1) % nodes;
      const auto& t = traffic[static_cast<std::size_t>(r)];
      QCOMPARE(t.sent(Category::Gradients),
               Transport::ring_allreduce_bytes(1008, r, nodes) + Transport::ring_allreduce_bytes(3, r, nodes));
      QCOMPARE(t.received(Category::Gradients),
               Transport::ring_allreduce_bytes(1008, left, nodes) + Transport::ring_allreduce_bytes(3, left, nodes));
    }
    // In all, each bucket crosses the ring 2 (N - 1) times.
    std::int64_t sent = 0;
    for (const auto& t : traffic) sent += t.sent(Category::Gradients);
    QCOMPARE(sent, std::int64_t{2 * (nodes - 1) * (1008 + 3) * 4});
  }

  // Deferred evaluation keeps every variant's chapter tests off the nodes' training path: no
  // Evaluate segment on any timeline, and the same network as with inline evaluation.
  void deferredEvaluationLeavesTheTrainingPath_data() {
    QTest::addColumn<int>("variant");
    for (Variant v : {Variant::AllLayers, Variant::SingleLayer, Variant::GpipeBp, Variant::DataParallelBp})
      QTest::newRow(to_string(v).c_str()) << int(v);
  }
  void deferredEvaluationLeavesTheTrainingPath() {
    QFETCH(int, variant);
    Experiment e = experiment(static_cast<Variant>(variant), 2, 4,
                              static_cast<Variant>(variant) == Variant::GpipeBp || static_cast<Variant>(variant) == Variant::DataParallelBp
                                  ? Negatives::None
                                  : Negatives::Random);
    auto evaluate_segments = [](const ClusterRun& run) {
      int n = 0;
      for (const auto& t : run.timelines)
        for (const auto& s : t.segments) n += s.kind == SegmentKind::Evaluate;
      return n;
    };
    ClusterRun inline_run = run_cluster(e, false);
    e.deferred_evaluation = true;
    ClusterRun deferred = run_cluster(e, false);
    QVERIFY(evaluate_segments(inline_run) > 0);
    QCOMPARE(evaluate_segments(deferred), 0);
    const auto holder = static_cast<std::size_t>(final_model_node(e));
    QVERIFY(parameters(*deferred.results[holder].model) == parameters(*inline_run.results[holder].model));
    double eval = 0;
    for (const auto& r : deferred.results) eval += r.timings.eval_seconds;
    QVERIFY(eval > 0);  // the chapters were tested, after training
  }

  void dataParallelBackpropAveragesGradients_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("memory") << int(Kind::Memory);
    QTest::newRow("shared memory") << int(Kind::SharedMemory);
  }
  void dataParallelBackpropAveragesGradients() {
    QFETCH(int, kind);
    Experiment bp = experiment(Variant::Bp, 1, 4, Negatives::None);
    // One node: the same as in-process backprop, bit for bit.
    TrainResult reference = train(bp, data(), TrainOptions{});
    Experiment e = bp;
    e.variant = Variant::DataParallelBp;
    ClusterRun one = run_cluster(e, false, {}, static_cast<Kind>(kind));
    QVERIFY(parameters(*one.results[0].model) == parameters(reference.model));
    // Two nodes, each on half of every batch: the averaged gradient keeps both replicas equal,
    // and the accuracy is that of backprop (well above the FF runs' bar).
    e.nodes = 2;
    e.launcher = Launcher::Mpi;
    ClusterRun two = run_cluster(e, false, {}, static_cast<Kind>(kind));
    QVERIFY(two.results[0].holds_final_model);
    QVERIFY(two.results[0].test_accuracy.at("backprop") > 0.8);
    // Per batch, each node sends half of every layer's gradients round the ring twice (reduce-
    // scatter, all-gather): as many bytes as the parameters. 400 samples in batches of 50.
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    std::int64_t params = 0;
    const_cast<Model&>(probe).for_each_param([&](const std::string&, Param& p) { params += p.value.size(); });
    const std::int64_t steps = 8 * e.epochs;
    QCOMPARE(two.results[1].traffic.sent(Category::Gradients), params * 4 * steps);
    QCOMPARE(two.results[0].traffic.sent(Category::Gradients), params * 4 * steps);
    QCOMPARE(two.results[0].traffic.sent(Category::Weights), std::int64_t{0});
  }

  // cluster.batch_shares: each node's part of every batch in proportion to its share, the gradients
  // weighed by the parts: equal shares compute what equal parts do, bit for bit; 3:1 keeps both
  // replicas equal and computes backprop's batch gradient (up to float rounding); the bytes do not
  // change; the simulator counts the same bytes.
  void dataParallelFollowsBatchShares() {
    Experiment e = experiment(Variant::DataParallelBp, 2, 4, Negatives::None);
    e.launcher = Launcher::Mpi;
    ClusterRun equal_parts = run_cluster(e, false);
    e.batch_shares = {5, 5};
    parse_experiment(to_json(e));
    ClusterRun equal_shares = run_cluster(e, false);
    QVERIFY(parameters(*equal_shares.results[0].model) == parameters(*equal_parts.results[0].model));
    e.batch_shares = {3, 1};
    ClusterRun skewed = run_cluster(e, false);
    QVERIFY(skewed.results[0].test_accuracy.at("backprop") > 0.8);
    Experiment bp = e;
    bp.variant = Variant::Bp;
    bp.nodes = 1;
    bp.batch_shares.clear();
    bp.launcher = Launcher::InProcess;
    TrainResult reference = train(bp, data(), TrainOptions{});
    const auto got = parameters(*skewed.results[0].model), want = parameters(reference.model);
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      const double diff = (got[i] - want[i]).cwiseAbs().maxCoeff(), scale = want[i].cwiseAbs().maxCoeff();
      QVERIFY2(diff <= 1e-3 * std::max(1.0, scale), qPrintable(QString("array %1 differs by %2").arg(i).arg(diff)));
    }
    for (int r = 0; r < 2; ++r)
      QCOMPARE(skewed.results[static_cast<std::size_t>(r)].traffic.sent(Category::Gradients),
               equal_parts.results[static_cast<std::size_t>(r)].traffic.sent(Category::Gradients));
    const Model m = Model::create(e, 64, 10, data().preprocess);
    const ProgramShapes shapes = program_shapes(e, m, static_cast<std::int64_t>(data().train.size()));
    class Unit final : public CostModel {
    public:
      double compute_seconds(int, const Instruction& i) const override { return 1e-6 * static_cast<double>(i.samples); }
    } costs;
    const Simulation sim = simulate(e, all_programs(e, shapes), costs);
    for (int r = 0; r < 2; ++r)
      QCOMPARE(sim.nodes[static_cast<std::size_t>(r)].sent_by_category[static_cast<std::size_t>(Category::Gradients)],
               skewed.results[static_cast<std::size_t>(r)].traffic.sent(Category::Gradients));
    // A batch of 50 in 3:1: 37 samples and 13 (batch_part's floor(50 * 3 / 4)).
    std::int64_t forward[2] = {0, 0};
    const auto programs = all_programs(e, shapes);
    for (int r = 0; r < 2; ++r)
      for (const auto& i : programs[static_cast<std::size_t>(r)].batch) if (i.op == Op::Forward) forward[r] += i.samples;
    QCOMPARE(forward[0], std::int64_t{37});
    QCOMPARE(forward[1], std::int64_t{13});
  }

  void gpipePartitionBalancesParameters() {
    // 784-500-500-500-500-10: two stages split after the first hidden layer pair's weight.
    const std::vector<int> params = {392500, 250500, 250500, 250500, 5010};
    const auto two = gpipe_partition(params, 2);
    QCOMPARE(two.size(), std::size_t{2});
    QCOMPARE(two[0].first, std::size_t{0});
    QCOMPARE(two[0].second, std::size_t{2});
    QCOMPARE(two[1].second, std::size_t{5});
    const auto five = gpipe_partition(params, 5);
    for (std::size_t k = 0; k < 5; ++k) QCOMPARE(five[k].second - five[k].first, std::size_t{1});
  }

  void gpipeBackpropMatchesInProcessBackprop_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("memory") << int(Kind::Memory);
    QTest::newRow("shared memory") << int(Kind::SharedMemory);
  }
  void gpipeBackpropMatchesInProcessBackprop() {
    QFETCH(int, kind);
    Experiment bp = experiment(Variant::Bp, 1, 4, Negatives::None);
    TrainResult reference = train(bp, data(), TrainOptions{});
    // One stage, one micro-batch: in-process backprop bit for bit.
    Experiment e = bp;
    e.variant = Variant::GpipeBp;
    e.micro_batches = 1;
    ClusterRun one = run_cluster(e, false, {}, static_cast<Kind>(kind));
    QVERIFY(parameters(*one.results[0].model) == parameters(reference.model));
    // One stage, 4 micro-batches: the same arithmetic any number of stages does.
    e.micro_batches = 4;
    ClusterRun single = run_cluster(e, false, {}, static_cast<Kind>(kind));
    for (int nodes : {2, 4}) {
      e.nodes = nodes;
      e.launcher = Launcher::Mpi;
      ClusterRun pipe = run_cluster(e, false, {}, static_cast<Kind>(kind));
      const auto last = static_cast<std::size_t>(nodes - 1);
      QVERIFY(pipe.results[last].holds_final_model);
      QVERIFY(parameters(*pipe.results[last].model) == parameters(*single.results[0].model));
      QVERIFY(pipe.results[last].test_accuracy.at("backprop") > 0.8);
      // Activations forward and gradients back, exactly the analytic count; the weights move
      // only for the per-chapter evaluation on the last node.
      const Model probe = Model::create(e, 64, 10, data().preprocess);
      const auto parts = gpipe_partition(bp_layer_params(*probe.bp), nodes);
      std::int64_t exchanged = 0, weights = 0;
      for (const auto& r : pipe.results) {
        exchanged += r.traffic.sent(Category::Activations) + r.traffic.sent(Category::Gradients);
        weights += r.traffic.sent(Category::Weights);
      }
      QCOMPARE(exchanged, gpipe_bytes_per_epoch(*probe.bp, parts, 400) * e.epochs);
      std::int64_t others = 0;
      for (std::size_t k = 0; k + 1 < parts.size(); ++k)
        for (std::size_t l = parts[k].first; l < parts[k].second; ++l)
          others += (probe.bp->weights[l].value.size() + probe.bp->biases[l].value.size()) * 4;
      QCOMPARE(weights, others * e.chapters);
    }
  }

  void gpipeBubbleFollowsTheFormula() {
    Experiment e = experiment(Variant::GpipeBp, 4, 4, Negatives::None);
    QCOMPARE(e.micro_batch_count(), 2);  // "auto": batch 50 in micro-batches of at least 25
    QCOMPARE(theoretical_bubble(e), 3.0 / 5.0);
    e.micro_batches = 0;  // the rule of runs from before "auto": 4 x nodes
    QCOMPARE(e.micro_batch_count(), 16);
    QCOMPARE(theoretical_bubble(e), 3.0 / 19.0);
    e.micro_batches = 8;
    QCOMPARE(theoretical_bubble(e), 3.0 / 11.0);
  }

  // cluster.chapter_nodes: chapters on the nodes given, not k mod N. The ring still computes
  // Sequential's weights bit for bit (with optimizer state), stages travel only where consecutive
  // chapters change node, the scripted clock's bubble is the layout's, the simulator replays it, and
  // a stop + resume ends with the same weights.
  void placedChaptersKeepEveryGuarantee_data() {
    QTest::addColumn<int>("variant");
    QTest::addColumn<QString>("placement");
    QTest::newRow("all-layers 0,0,1 x 2") << int(Variant::AllLayers) << "0,0,1,0,0,1";
    QTest::newRow("all-layers slow node 1 first") << int(Variant::AllLayers) << "1,0,0,0,1,0";
    QTest::newRow("all-layers 3 nodes") << int(Variant::AllLayers) << "0,1,0,2,0,1";
    QTest::newRow("federated 0,0,1") << int(Variant::Federated) << "0,0,1,0,0,1";
  }
  void placedChaptersKeepEveryGuarantee() {
    QFETCH(int, variant);
    QFETCH(QString, placement);
    std::vector<int> chapter_nodes;
    for (const QString& n : placement.split(',')) chapter_nodes.push_back(n.toInt());
    const int nodes = *std::max_element(chapter_nodes.begin(), chapter_nodes.end()) + 1;
    Experiment e = experiment(static_cast<Variant>(variant), nodes, static_cast<int>(chapter_nodes.size()));
    e.chapter_nodes = chapter_nodes;
    e.send_optimizer_state = true;
    parse_experiment(to_json(e));  // a valid placement
    QCOMPARE(final_model_node(e), chapter_nodes.back());
    const auto holder = static_cast<std::size_t>(final_model_node(e));
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    ClusterRun run = run_cluster(e, true);
    QVERIFY(run.results[holder].holds_final_model);
    if (e.variant == Variant::AllLayers) {
      Experiment sequential = e;
      sequential.variant = Variant::Sequential;
      sequential.nodes = 1;
      sequential.chapter_nodes.clear();
      TrainResult reference = train(sequential, data(), TrainOptions{});
      QVERIFY(parameters(*run.results[holder].model) == parameters(reference.model));
    }
    int handovers = 0;
    for (std::size_t k = 0; k + 1 < chapter_nodes.size(); ++k) handovers += chapter_nodes[k] != chapter_nodes[k + 1];
    std::int64_t sent = 0;
    for (const auto& r : run.results) sent += r.traffic.sent(Category::Weights);
    QCOMPARE(sent, analytic_weight_bytes(e, probe));
    QCOMPARE(analytic_weight_bytes(e, probe) % handovers, std::int64_t{0});
    double idle = 0;
    for (const auto& r : run.results) idle += r.traffic.wait_seconds;
    QVERIFY(std::abs(idle / (nodes * run.makespans[0]) - theoretical_bubble(e)) < 1e-12);
    // The simulator on the scripted clock's costs.
    const ProgramShapes shapes = program_shapes(e, probe, static_cast<std::int64_t>(data().train.size()));
    class Unit final : public CostModel {
    public:
      double compute_seconds(int, const Instruction& i) const override {
        return i.op == Op::TrainStage ? static_cast<double>(i.samples) / full : 0;
      }
      double full = 0;
    } costs;
    costs.full = static_cast<double>(e.epochs_per_chapter() * data().train.size());
    if (e.variant == Variant::Federated) costs.full /= nodes;
    const Simulation sim = simulate(e, all_programs(e, shapes), costs);
    for (int r = 0; r < nodes; ++r) QCOMPARE(sim.nodes[static_cast<std::size_t>(r)].seconds, run.makespans[static_cast<std::size_t>(r)]);
    // Stop after 3 chapters and resume.
    QTemporaryDir tmp;
    ScheduleOptions stopping;
    stopping.checkpoint_dir = tmp.path().toStdString();
    stopping.stop_after_chapters = 3;
    run_cluster(e, false, stopping);
    ScheduleOptions resuming;
    resuming.checkpoint_dir = stopping.checkpoint_dir;
    resuming.resume = true;
    ClusterRun second = run_cluster(e, false, resuming);
    QVERIFY(second.results[holder].model.has_value());
    QVERIFY(parameters(*second.results[holder].model) == parameters(*run.results[holder].model));
  }

  void stopAndResumeEqualsUninterrupted_data() {
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("optimizer_state");
    QTest::newRow("all-layers") << int(Variant::AllLayers) << int(Kind::Memory) << false;
    QTest::newRow("all-layers, optimizer state") << int(Variant::AllLayers) << int(Kind::Memory) << true;
    QTest::newRow("single-layer") << int(Variant::SingleLayer) << int(Kind::Memory) << false;
    QTest::newRow("all-layers, shared memory") << int(Variant::AllLayers) << int(Kind::SharedMemory) << false;
    QTest::newRow("gpipe-bp") << int(Variant::GpipeBp) << int(Kind::Memory) << false;
  }
  void stopAndResumeEqualsUninterrupted() {
    QFETCH(int, variant);
    QFETCH(int, kind);
    QFETCH(bool, optimizer_state);
    const auto v = static_cast<Variant>(variant);
    Experiment e = experiment(v, 2, 6, v == Variant::GpipeBp ? Negatives::None : Negatives::Adaptive);
    e.send_optimizer_state = optimizer_state;
    ClusterRun whole = run_cluster(e, false, {}, static_cast<Kind>(kind));
    QTemporaryDir tmp;
    ScheduleOptions stopping;
    stopping.checkpoint_dir = tmp.path().toStdString();
    stopping.stop_after_chapters = 3;
    ClusterRun first = run_cluster(e, false, stopping, static_cast<Kind>(kind));
    for (const auto& r : first.results) QCOMPARE(int(r.status), int(TrainStatus::Stopped));
    ScheduleOptions resuming;
    resuming.checkpoint_dir = stopping.checkpoint_dir;
    resuming.resume = true;
    ClusterRun second = run_cluster(e, false, resuming, static_cast<Kind>(kind));
    const auto holder = static_cast<std::size_t>(final_model_node(e));
    QVERIFY(second.results[holder].model.has_value());
    QVERIFY(parameters(*second.results[holder].model) == parameters(*whole.results[holder].model));
  }
  // The metrics stream as a run uses it: workers write their rings while the consumer drains them
  // (under ThreadSanitizer in installer/run-sanitizers.sh). Every record arrives once, in order, none
  // dropped below the ring's capacity, and the final figures are read only after the Finished state.
  void metricsStreamCarriesEveryRecordWhileTheConsumerDrains() {
    constexpr int kWorkers = 2, kRecords = 6000;  // below kRingCapacity: nothing may be dropped
    static_assert(kRecords < static_cast<int>(kRingCapacity));
    MetricsStreamOwner owner(kWorkers);
    std::vector<std::thread> workers;
    for (int w = 0; w < kWorkers; ++w)
      workers.emplace_back([&owner, w] {
        MetricsStreamWriter writer(owner.name(), w);
        writer.set_state(WorkerState::Running);
        for (int i = 0; i < kRecords; ++i) {
          MetricRecord r;
          r.node = w;
          r.batch = i;
          r.metric = Metric::Loss;
          r.value = 0.5 * i;
          writer.record(r);
          if (i % 1000 == 0) writer.beat();
        }
        writer.set_result("{\"node\": " + std::to_string(w) + "}");
        writer.set_state(WorkerState::Finished);
      });
    std::vector<std::int64_t> next(kWorkers, 0);
    int finished = 0;
    while (finished < kWorkers) {
      finished = 0;
      for (int w = 0; w < kWorkers; ++w) {
        WorkerSlot& slot = owner.slot(w);
        // The state first: a Finished worker has pushed everything, so draining after reading it
        // empties the ring for good.
        const bool done = slot.state.load(std::memory_order_acquire) == static_cast<std::int32_t>(WorkerState::Finished);
        StreamRecord r;
        while (slot.ring.pop(r)) {
          QCOMPARE(r.metric.node, w);
          QCOMPARE(r.metric.batch, next[static_cast<std::size_t>(w)]++);
          QCOMPARE(r.metric.value, 0.5 * static_cast<double>(r.metric.batch));
        }
        if (done) {
          ++finished;
          QCOMPARE(std::string(slot.result_json), "{\"node\": " + std::to_string(w) + "}");
        }
      }
      std::this_thread::yield();
    }
    for (auto& t : workers) t.join();
    for (int w = 0; w < kWorkers; ++w) {
      QCOMPARE(next[static_cast<std::size_t>(w)], std::int64_t{kRecords});
      QCOMPARE(owner.slot(w).dropped.load(), std::uint64_t{0});
      QVERIFY(owner.slot(w).heartbeat_ns.load() > 0);
    }
  }
};

QTEST_APPLESS_MAIN(TestSchedules)
#include "tst_schedules.moc"
