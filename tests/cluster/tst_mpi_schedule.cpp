// The schedules over Open MPI, registered at 1, 2 and 4 ranks: every rank runs this program.
// Byte counts agree at both ends and with the analytic count; the trained network is the one the
// in-memory transport produces for the same experiment.
#include <mpi.h>

#include <QtTest>
#include <chrono>
#include <cmath>

#include "cluster/gpipe.h"
#include "cluster/memory_transport.h"
#include "cluster/mpi_transport.h"
#include "cluster/schedule.h"
#include "core/gemm.h"
#include "synthetic.h"

using namespace ffw;
using namespace ffw::cluster;

namespace {

const DataSplit& data() {
  static const DataSplit d = test::synthetic_split(300, 100);
  return d;
}

Experiment experiment(Variant v, int nodes) {
  Experiment e;
  e.layers = {{24, {}, {}}, {24, {}, {}}, {16, {}, {}}};
  e.variant = v;
  e.nodes = nodes;
  e.epochs = 4;
  e.chapters = 4;
  e.batch_size = 50;
  e.seed = 3;
  e.optimizer.learning_rate = 3e-3;
  e.head_optimizer = e.optimizer;
  e.launcher = nodes > 1 ? Launcher::Mpi : Launcher::InProcess;
  return e;
}

std::vector<Matrix> parameters(Model& m) {
  std::vector<Matrix> out;
  m.for_each_param([&](const std::string&, Param& p) { out.push_back(p.value); });
  return out;
}

// The trained parameters of `e` on one node in this process.
std::vector<Matrix> one_node_parameters(Experiment e) {
  e.nodes = 1;
  MemoryHub hub(1);
  MemoryTransport alone(hub, 0);
  SteadyClock clock;
  NodeContext context{0, nullptr, nullptr, &clock, nullptr, {}, 1.0};
  NodeResult reference = run_node(e, data(), alone, context, ScheduleOptions{});
  return parameters(*reference.model);
}

int world_size() {
  int n = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

}  // namespace

class TestMpiSchedule : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { gemm::set_threads(1); }

  void bytesAgreeAtBothEndsAndWithTheAnalyticCount_data() {
    QTest::addColumn<int>("variant");
    QTest::newRow("all-layers") << int(Variant::AllLayers);
    QTest::newRow("single-layer") << int(Variant::SingleLayer);
    QTest::newRow("federated") << int(Variant::Federated);
  }
  void bytesAgreeAtBothEndsAndWithTheAnalyticCount() {
    QFETCH(int, variant);
    const int n = world_size();
    const Experiment e = experiment(static_cast<Variant>(variant), n);
    MpiTransport transport(MPI_COMM_WORLD);
    SteadyClock clock;
    NodeContext context{transport.rank(), nullptr, nullptr, &clock, nullptr, {}, 1.0};
    ScheduleOptions options;
    NodeResult r = run_node(e, data(), transport, context, options);
    transport.flush();
    // Gather every rank's per-peer sent and received weight bytes.
    std::vector<long long> sent(static_cast<std::size_t>(n)), got(static_cast<std::size_t>(n));
    for (int q = 0; q < n; ++q) {
      sent[static_cast<std::size_t>(q)] = r.traffic.peers[static_cast<std::size_t>(q)].sent_bytes[0];
      got[static_cast<std::size_t>(q)] = r.traffic.peers[static_cast<std::size_t>(q)].received_bytes[0];
    }
    std::vector<long long> all_sent(static_cast<std::size_t>(n * n)), all_got(static_cast<std::size_t>(n * n));
    MPI_Allgather(sent.data(), n, MPI_LONG_LONG, all_sent.data(), n, MPI_LONG_LONG, MPI_COMM_WORLD);
    MPI_Allgather(got.data(), n, MPI_LONG_LONG, all_got.data(), n, MPI_LONG_LONG, MPI_COMM_WORLD);
    long long total = 0;
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b) {
        // What a sent to b is what b received from a.
        QCOMPARE(all_sent[static_cast<std::size_t>(a * n + b)], all_got[static_cast<std::size_t>(b * n + a)]);
        total += all_sent[static_cast<std::size_t>(a * n + b)];
      }
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    QCOMPARE(total, static_cast<long long>(analytic_weight_bytes(e, probe)));
    QCOMPARE(r.traffic.sent(Category::Data), std::int64_t{0});
    // Well above chance (0.1); federated nodes see only their shard of 300 samples.
    if (r.holds_final_model) QVERIFY(r.test_accuracy.at("softmax") > (e.variant == Variant::Federated ? 0.3 : 0.5));
  }

  // Layers that travel with their optimizer state: the ring over Open MPI computes one node's
  // weights, bit for bit, and sends the analytic bytes (values and moments, 8 bytes of step count).
  void allLayersWithOptimizerStateMatchesOneNode() {
    const int n = world_size();
    Experiment e = experiment(Variant::AllLayers, n);
    e.send_optimizer_state = true;
    MpiTransport transport(MPI_COMM_WORLD);
    SteadyClock clock;
    NodeContext context{transport.rank(), nullptr, nullptr, &clock, nullptr, {}, 1.0};
    NodeResult r = run_node(e, data(), transport, context, ScheduleOptions{});
    transport.flush();
    long long mine = r.traffic.sent(Category::Weights), total = 0;
    MPI_Allreduce(&mine, &total, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    QCOMPARE(total, static_cast<long long>(analytic_weight_bytes(e, probe)));
    if (!r.holds_final_model) return;
    QVERIFY(parameters(*r.model) == one_node_parameters(e));
  }

  void gpipeOverOpenMpiMatchesOneStage() {
    // Up to 4 ranks = 4 stages of the 3 hidden layers and the output layer.
    const int n = world_size();
    Experiment e = experiment(Variant::GpipeBp, n);
    e.negatives = Negatives::None;
    e.micro_batches = 4;
    MpiTransport transport(MPI_COMM_WORLD);
    SteadyClock clock;
    NodeContext context{transport.rank(), nullptr, nullptr, &clock, nullptr, {}, 1.0};
    NodeResult r = run_node(e, data(), transport, context, ScheduleOptions{});
    transport.flush();
    const Model probe = Model::create(e, 64, 10, data().preprocess);
    const auto parts = gpipe_partition(bp_layer_params(*probe.bp), n);
    long long mine = r.traffic.sent(Category::Activations) + r.traffic.sent(Category::Gradients), total = 0;
    MPI_Allreduce(&mine, &total, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    QCOMPARE(total, static_cast<long long>(gpipe_bytes_per_epoch(*probe.bp, parts, data().train.size()) * e.epochs));
    if (!r.holds_final_model) return;
    // The same bits as one stage in this process.
    QVERIFY(parameters(*r.model) == one_node_parameters(e));
  }

  // A published layer reaches its receiver while the sender computes, with no MPI call of the
  // sender's. Registered a second time with the kernel's single-copy off (as in VMs and containers
  // without CMA), where a large message moves in fragments only when its sender progresses: there
  // it took a whole unit (the sender's next MPI call) until the transport's progress thread.
  void largeSendArrivesWhileTheSenderComputes() {
    if (world_size() < 2) QSKIP("needs two ranks");
    MpiTransport transport(MPI_COMM_WORLD);
    SteadyClock clock;
    transport.instrument(&clock, nullptr);
    std::vector<float> layer(400'000, 0.5f);  // 1.6 MB, far above every eager limit
    constexpr double kComputeSeconds = 1.5;
    MPI_Barrier(MPI_COMM_WORLD);
    if (transport.rank() == 0) {
      transport.send_values<const float>(1, 7, Category::Weights, layer);
      const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(kComputeSeconds);
      volatile double sink = 0;
      while (std::chrono::steady_clock::now() < until) sink = sink + 1.0;  // computing: no MPI call
    } else if (transport.rank() == 1) {
      std::vector<float> got(layer.size());
      const auto t = std::chrono::steady_clock::now();
      transport.recv_values<float>(0, 7, Category::Weights, got);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
      QVERIFY(got == layer);
      QVERIFY2(seconds < kComputeSeconds / 3, qPrintable(QString("received after %1 s").arg(seconds)));
    }
    transport.flush();
    MPI_Barrier(MPI_COMM_WORLD);
  }

  void rankZeroSendsTheData() {
    const int n = world_size();
    Experiment e = experiment(Variant::AllLayers, n);
    e.data_source = DataSource::Rank0;
    MpiTransport transport(MPI_COMM_WORLD);
    SteadyClock clock;
    transport.instrument(&clock, nullptr);
    DataSplit received;
    if (transport.rank() == 0) received = data();
    distribute_data(e, transport, received);
    transport.flush();
    QVERIFY(received.train.x == data().train.x);
    QVERIFY(received.train.labels == data().train.labels);
    QVERIFY(received.test.x == data().test.x);
    QVERIFY(received.preprocess.scale == data().preprocess.scale);
    // Rank 0 sends every other rank the three sets (floats and label bytes) and the preprocessing.
    const auto per_rank = [](const DataSplit& d) {
      std::int64_t b = 0;
      for (const Dataset* s : {&d.train, &d.validation, &d.test}) b += d.train.dim() * s->size() * 4 + s->size();
      return b + 2 * d.train.dim() * 4;
    }(data());
    if (transport.rank() == 0)
      QCOMPARE(transport.counters().sent(Category::Data), per_rank * (n - 1));
    else
      QCOMPARE(transport.counters().received(Category::Data), per_rank);
  }

  // Open MPI's non-blocking allreduce, pinned to the ring: sums within float rounding of a
  // double-precision reference, the same bits on every rank and from run to run, counted as the
  // ring moves them. Registered at 1, 2, 3 and 4 ranks.
  void allreduceSumsLikeAReference() {
    const int n = world_size();
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    auto value = [](int node, std::size_t i) {
      return static_cast<float>(std::sin(0.37 * static_cast<double>(i) + node) * std::pow(10.0, static_cast<double>(i % 5) - 2.0));
    };
    auto reduce = [&](std::vector<float>& big, std::vector<float>& small, TrafficCounters* traffic) {
      big.resize(1001);
      small.resize(3);
      for (std::size_t i = 0; i < big.size(); ++i) big[i] = value(rank, i);
      for (std::size_t i = 0; i < small.size(); ++i) small[i] = value(rank, i + 5000);
      MpiTransport t(MPI_COMM_WORLD);
      SteadyClock clock;
      t.instrument(&clock, nullptr);
      const std::span<float> parts[] = {big, small};
      t.start_allreduce_sum(parts, Category::Gradients);
      t.finish_allreduces();
      if (traffic) *traffic = t.counters();
    };
    std::vector<float> big, small, again_big, again_small;
    TrafficCounters traffic;
    reduce(big, small, &traffic);
    reduce(again_big, again_small, nullptr);
    QVERIFY(big == again_big && small == again_small);
    for (std::size_t i = 0; i < big.size(); ++i) {
      double sum = 0, magnitude = 0;
      for (int r = 0; r < n; ++r) sum += value(r, i), magnitude += std::abs(value(r, i));
      QVERIFY2(std::abs(big[i] - sum) <= n * 6e-8 * magnitude, qPrintable(QString("[%1]: %2 against %3").arg(i).arg(big[i]).arg(sum)));
    }
    // Rank 0's bits on every rank.
    std::vector<float> root = big;
    MPI_Bcast(root.data(), static_cast<int>(root.size()), MPI_FLOAT, 0, MPI_COMM_WORLD);
    QVERIFY(root == big);
    const int left = (rank + n - 1) % n;
    QCOMPARE(traffic.sent(Category::Gradients),
             Transport::ring_allreduce_bytes(1001, rank, n) + Transport::ring_allreduce_bytes(3, rank, n));
    QCOMPARE(traffic.received(Category::Gradients),
             Transport::ring_allreduce_bytes(1001, left, n) + Transport::ring_allreduce_bytes(3, left, n));
  }
};

int main(int argc, char** argv) {
  int provided = 0;  // as ffw-worker does: the transport's progress thread needs it, the ring pinned
  pin_collectives();
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  TestMpiSchedule test;
  // Only rank 0 prints; every rank checks.
  QStringList args;
  for (int i = 0; i < argc; ++i) args << argv[i];
  if (rank != 0) args << "-silent";
  const int failed = QTest::qExec(&test, args);
  int any_failed = 0;
  MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return any_failed;
}
#include "tst_mpi_schedule.moc"
