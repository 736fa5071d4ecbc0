// The simulator on scripted costs: hand-computed makespans for each variant, the bubble formulas
// as special cases, bytes as the analytic counts, and streams that cannot finish reported.
#include <QtTest>
#include <cmath>

#include "core/error.h"
#include "core/model.h"
#include "core/schedule_layout.h"
#include "core/schedule_program.h"
#include "core/schedule_simulator.h"
#include "synthetic.h"

using namespace ffw;

namespace {

Experiment experiment(Variant v, int nodes, int chapters) { return test::schedule_experiment(v, nodes, chapters); }

constexpr std::int64_t kSamples = 400;

ProgramShapes shapes_of(const Experiment& e) {
  const Model m = Model::create(e, 64, 10, {});
  return program_shapes(e, m, kSamples);
}

// One unit per stage trained for one chapter (a part of it for a block), per GPipe micro-batch's
// forward and backward half a unit each, per data-parallel layer's forward or backward `layer`;
// links as given.
class ScriptedCosts final : public CostModel {
public:
  ScriptedCosts(const Experiment& e, const ProgramShapes& s) : e_(e), s_(s) {}
  double compute_seconds(int node, const Instruction& i) const override {
    switch (i.op) {
      case Op::TrainStage:
      case Op::TrainAllStages:
        return static_cast<double>(i.samples) /
               static_cast<double>(e_.epochs_per_chapter() * s_.node_samples[static_cast<std::size_t>(node)]);
      case Op::Forward:
      case Op::Backward: return e_.variant == Variant::GpipeBp ? 0.5 : layer;
      default: return 0;
    }
  }
  int host_of(int) const override { return 0; }  // one machine
  LinkCost local_link() const override { return link; }
  bool allreduce_overlaps() const override { return overlap; }
  LinkCost link;
  double layer = 1;
  bool overlap = true;

private:
  const Experiment& e_;
  const ProgramShapes& s_;
};

}  // namespace

class TestScheduleSimulator : public QObject {
  Q_OBJECT
private slots:
  void bubbleFormulasAreSpecialCases_data() {
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("chapters");
    QTest::addColumn<double>("makespan");
    // All-Layers, N <= L: chapter c = kN + r starts at kL + r (L = 4 stages with the head).
    QTest::newRow("all-layers 2 nodes") << int(Variant::AllLayers) << 2 << 8 << 3 * 4.0 + 1 + 4;
    QTest::newRow("all-layers 4 nodes") << int(Variant::AllLayers) << 4 << 8 << 1 * 4.0 + 3 + 4;
    QTest::newRow("all-layers 3 nodes, 7 chapters") << int(Variant::AllLayers) << 3 << 7 << 2 * 4.0 + 0 + 4;
    // N > L: limited by the first stage's chain, chapter c starts at c... node k N + r at k N + r.
    QTest::newRow("all-layers 6 nodes > 4 stages") << int(Variant::AllLayers) << 6 << 8 << 1 * 6.0 + 1 + 4;
    QTest::newRow("federated 3 nodes") << int(Variant::Federated) << 3 << 5 << 1 * 4.0 + 1 + 4;
    // Single-Layer: the last node, owning L - N + 1 stages, from N - 1 on.
    QTest::newRow("single-layer 4 nodes") << int(Variant::SingleLayer) << 4 << 6 << 3 + 6 * 1.0;
    QTest::newRow("single-layer 2 nodes < 4 stages") << int(Variant::SingleLayer) << 2 << 6 << 1 + 6 * 3.0;
    QTest::newRow("sequential") << int(Variant::Sequential) << 1 << 5 << 5 * 4.0;
  }
  void bubbleFormulasAreSpecialCases() {
    QFETCH(int, variant);
    QFETCH(int, nodes);
    QFETCH(int, chapters);
    QFETCH(double, makespan);
    const Experiment e = experiment(static_cast<Variant>(variant), nodes, chapters);
    const ProgramShapes s = shapes_of(e);
    const ScriptedCosts costs(e, s);
    const Simulation sim = simulate(e, all_programs(e, s), costs);
    QCOMPARE(sim.seconds, makespan);
    for (const auto& n : sim.nodes) QCOMPARE(n.seconds, makespan);  // the drain aligns every node
    QVERIFY2(std::abs(sim.bubble() - theoretical_bubble(e)) < 1e-12,
             qPrintable(QString("simulated %1, formula %2").arg(sim.bubble()).arg(theoretical_bubble(e))));
    const Model m = Model::create(e, 64, 10, {});
    QCOMPARE(sim.sent_bytes(), analytic_weight_bytes(e, m));
  }

  void gpipeFillDrainPerBatch_data() {
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("micro");
    QTest::newRow("2 nodes, m = 2") << 2 << 2;
    QTest::newRow("4 nodes, m = 2") << 4 << 2;  // 4 layers: one per node
    QTest::newRow("4 nodes, m = 5") << 4 << 5;
  }
  void gpipeFillDrainPerBatch() {
    QFETCH(int, nodes);
    QFETCH(int, micro);
    Experiment e = experiment(Variant::GpipeBp, nodes, 2);
    e.micro_batches = micro;
    const ProgramShapes s = shapes_of(e);
    const ScriptedCosts costs(e, s);
    const Simulation sim = simulate(e, all_programs(e, s), costs);
    // Each batch fills and drains the pipeline: m + N - 1 units, of which each node works m.
    const double batches = e.epochs * static_cast<double>(kSamples / e.batch_size);
    QCOMPARE(sim.seconds, batches * (micro + nodes - 1));
    QVERIFY(std::abs(sim.bubble() - theoretical_bubble(e)) < 1e-12);
    const Model m = Model::create(e, 64, 10, {});
    const auto parts = gpipe_stages(e, bp_layer_params(*m.bp));
    std::int64_t layers = 0;  // the last node gathers the others' layers after every chapter
    for (std::size_t k = 0; k + 1 < parts.size(); ++k) layers += s.gpipe_layer_bytes[k];
    QCOMPARE(sim.sent_bytes(), gpipe_bytes_per_epoch(*m.bp, parts, kSamples) * e.epochs + layers * e.chapters);
  }

  void dataParallelOverlapsTheAllreduce() {
    Experiment e = experiment(Variant::DataParallelBp, 2, 1);
    e.epochs = 1;
    const ProgramShapes s = shapes_of(e);
    ScriptedCosts costs(e, s);
    // Unlimited links: forward 1 + 4 layers' backward, every batch; no waiting.
    Simulation sim = simulate(e, all_programs(e, s), costs);
    const double batches = kSamples / e.batch_size;
    QCOMPARE(sim.seconds, batches * 5);
    QCOMPARE(sim.bubble(), 0.0);
    // Slow links: the ring of each bucket (2 (N-1) steps of half a bucket) overlaps the backward
    // of the layers below; the first layer's bucket (64 x 24 + 24 floats) is summed after the
    // backward, and its ring time is each batch's wait.
    const double first_bucket = (64 * 24 + 24) * 4.0;
    costs.link.bytes_per_second = first_bucket;  // one bucket per second: the ring takes 2 x 1/2
    sim = simulate(e, all_programs(e, s), costs);
    // Buckets 4, 3, 2 are small (their rings end before the next backward does); bucket 1's ring
    // starts at 5 and takes 1 s.
    const double ring = [&] {
      double t = 0;
      for (std::size_t l = s.bp_layer_floats.size(); l-- > 0;) {
        const double start = std::max(t, 1.0 + static_cast<double>(s.bp_layer_floats.size() - l));
        t = start + 2 * 0.5 * static_cast<double>(s.bp_layer_floats[l]) * 4 / first_bucket;
      }
      return t;
    }();
    QCOMPARE(sim.seconds, batches * ring);
    // Bytes: each node sends 2 (N-1)/N of every bucket to its successor, every batch.
    std::int64_t floats = 0;
    for (auto f : s.bp_layer_floats) floats += f;
    QCOMPARE(sim.sent_bytes(), static_cast<std::int64_t>(batches) * 2 * floats * 4);
    // Blocking allreduces (the ring over shared memory) cannot overlap: each bucket in turn.
    costs.overlap = false;
    sim = simulate(e, all_programs(e, s), costs);
    double blocking = 1;
    for (auto f : s.bp_layer_floats) blocking += 1 + static_cast<double>(f) * 4 / first_bucket;
    QCOMPARE(sim.seconds, batches * blocking);
  }

  void linksDelayTheRing() {
    // All-Layers on 2 hosts at 1 stage-worth of bytes per unit: every hand-over takes one more unit.
    Experiment e = experiment(Variant::AllLayers, 2, 4);
    const ProgramShapes s = shapes_of(e);
    class Hosts final : public CostModel {
    public:
      explicit Hosts(const ScriptedCosts& c) : c_(c) {}
      double compute_seconds(int node, const Instruction& i) const override { return c_.compute_seconds(node, i); }
      LinkCost host_link(int) const override { return {bytes_per_second, 0, 0}; }
      double bytes_per_second = 0;

    private:
      const ScriptedCosts& c_;
    };
    const ScriptedCosts scripted(e, s);
    Hosts costs(scripted);
    const double fast = simulate(e, all_programs(e, s), costs).seconds;
    QCOMPARE(fast, 1 * 4.0 + 1 + 4);
    costs.bytes_per_second = static_cast<double>(*std::max_element(s.stage_bytes.begin(), s.stage_bytes.end())) * 1e6;
    QVERIFY(simulate(e, all_programs(e, s), costs).seconds > fast);
  }

  void streamsThatCannotFinishAreReported() {
    const Experiment e = experiment(Variant::AllLayers, 2, 4);
    const ProgramShapes s = shapes_of(e);
    auto programs = all_programs(e, s);
    // Node 1 loses its first send: node 0 would wait for ever.
    auto& steps = programs[1].steps;
    steps.erase(std::find_if(steps.begin(), steps.end(), [](const Instruction& i) { return i.op == Op::SendStage; }));
    const ScriptedCosts costs(e, s);
    QVERIFY_THROWS_EXCEPTION(Error, simulate(e, programs, costs));
  }

  void everyVariantHasAStreamPerNode() {
    for (Variant v : {Variant::Sequential, Variant::AllLayers, Variant::SingleLayer, Variant::Federated, Variant::GpipeBp,
                      Variant::DataParallelBp}) {
      const int nodes = v == Variant::Sequential ? 1 : 3;
      const Experiment e = experiment(v, nodes, 3);
      const ProgramShapes s = shapes_of(e);
      const auto programs = all_programs(e, s);
      QCOMPARE(static_cast<int>(programs.size()), nodes);
      for (const auto& p : programs) QCOMPARE(p.steps.back().op, Op::Drain);
      const ScriptedCosts costs(e, s);
      QVERIFY(simulate(e, programs, costs).seconds > 0);
    }
  }
};

QTEST_GUILESS_MAIN(TestScheduleSimulator)
#include "tst_schedule_simulator.moc"
