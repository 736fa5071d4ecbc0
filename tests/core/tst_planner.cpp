// The planner on a synthetic calibration: the placement search finds the known best placement of
// small cases, and a plan's rows are complete and its recommendation the fastest row.
#include <QtTest>

#include "core/calibration.h"
#include "core/error.h"
#include "core/planner.h"
#include "synthetic.h"

using namespace ffw;

namespace {

Experiment experiment(Variant v, int nodes) {
  Experiment e;
  e.layers = {{24, {}, {}}, {24, {}, {}}, {16, {}, {}}};
  e.variant = v;
  e.nodes = nodes;
  e.epochs = e.chapters = 4;
  e.batch_size = 50;
  e.launcher = nodes > 1 ? Launcher::Local : Launcher::InProcess;
  e.negatives = e.is_backprop() ? Negatives::None : Negatives::Random;
  e.checkpoints = false;
  e.deferred_evaluation = true;
  return e;
}

Calibration flat() { return test::flat_calibration(); }

}  // namespace

class TestPlanner : public QObject {
  Q_OBJECT
private slots:
  void placementGivesTheSlowNodeLess_data() {
    QTest::addColumn<int>("variant");
    QTest::newRow("single-layer") << int(Variant::SingleLayer);
    QTest::newRow("gpipe-bp") << int(Variant::GpipeBp);
  }
  void placementGivesTheSlowNodeLess() {
    QFETCH(int, variant);
    const Experiment e = experiment(static_cast<Variant>(variant), 2);
    const Calibration c = flat();
    PlanRequest r;
    r.slowdown = {1, 3};  // node 1 three times slower: it should take one stage of four, node 0 three
    const PlacementChoice choice = choose_placement(e, c, r);
    QCOMPARE(choice.candidates, 3);  // [0,1,1,1], [0,0,1,1], [0,0,0,1]
    QCOMPARE(choice.stage_nodes, (std::vector<int>{0, 0, 0, 1}));
    QVERIFY(choice.predicted_seconds < choice.preset_seconds);
    // Equal nodes: the preset is as good as any placement (Single-Layer's preset puts 3 stages on
    // the last node, GPipe balances 2 and 2), and the search never predicts worse than it.
    r.slowdown = {};
    const PlacementChoice even = choose_placement(e, c, r);
    QVERIFY(even.predicted_seconds <= even.preset_seconds + 1e-12);
  }

  // All-Layers' chapters: with node 1 twice as slow, four chapters of four equal stages. By hand
  // (a stage of chapter k starts once chapter k-1 has trained it and the node has finished its
  // previous work): the preset 0,1,0,1 takes 17 stage-units, 0,1,0,0 and 0,0,1,0 take 14, the best
  // of all 14 sequences; all on node 0 would take 16. Chapter shares beyond the exhaustive limit
  // come from node speeds, spread evenly.
  void placementGivesTheSlowNodeFewerChapters() {
    Experiment e = experiment(Variant::AllLayers, 2);
    const Calibration c = flat();
    PlanRequest r;
    r.slowdown = {1, 2};
    const PlacementChoice choice = choose_placement(e, c, r);
    QCOMPARE(choice.candidates, 14);
    QVERIFY(choice.stage_nodes.empty());
    QVERIFY2(choice.chapter_nodes == (std::vector<int>{0, 1, 0, 0}) || choice.chapter_nodes == (std::vector<int>{0, 0, 1, 0}),
             placement_text(choice.chapter_nodes).c_str());
    const double unit = 1e-3 * 400;  // a stage, one chapter's epoch of 400 samples, on node 0
    QVERIFY2(std::abs(choice.preset_seconds - 17 * unit) < 1e-9, std::to_string(choice.preset_seconds).c_str());
    QVERIFY2(std::abs(choice.predicted_seconds - 14 * unit) < 1e-9, std::to_string(choice.predicted_seconds).c_str());
    e.chapters = e.epochs = 20;  // 2^20 sequences: shares by speed
    const PlacementChoice shared = choose_placement(e, c, r);
    QVERIFY(shared.candidates > 1 && shared.candidates < 20);
    QCOMPARE(shared.chapter_nodes.size(), std::size_t{20});
    QVERIFY(shared.predicted_seconds < shared.preset_seconds);
    QCOMPARE(spread_chapters({2, 1}), (std::vector<int>{0, 1, 0}));
    QCOMPARE(spread_chapters({3, 2}), (std::vector<int>{0, 1, 0, 1, 0}));
    QCOMPARE(spread_chapters({1, 1, 2}), (std::vector<int>{2, 0, 1, 2}));
  }

  // Data-parallel batch shares: with node 1 three times slower the search gives node 0 the larger
  // share, and predicts it faster than equal parts.
  void placementGivesTheSlowNodeASmallerBatchShare() {
    const Experiment e = experiment(Variant::DataParallelBp, 2);
    PlanRequest r;
    r.slowdown = {1, 3};
    const PlacementChoice choice = choose_placement(e, flat(), r);
    QCOMPARE(choice.key(), "batch_shares");
    QCOMPARE(choice.batch_shares.size(), std::size_t{2});
    QCOMPARE(choice.batch_shares[0] + choice.batch_shares[1], e.batch_size);
    QVERIFY(choice.batch_shares[0] > 2 * choice.batch_shares[1]);
    QVERIFY(choice.predicted_seconds < choice.preset_seconds);
    r.slowdown = {};
    const PlacementChoice even = choose_placement(e, flat(), r);
    QVERIFY(even.preset_kept);
    QCOMPARE(even.batch_shares, (std::vector<int>{1, 1}));
  }

  void planRowsAndRecommendation() {
    const Experiment e = experiment(Variant::AllLayers, 2);
    PlanRequest r;
    r.nodes = {1, 2, 4};
    const Plan plan = make_plan(e, flat(), r);
    int predicted = 0;
    double fastest = 1e30;
    for (const auto& row : plan.rows) {
      if (!row.skipped.empty()) continue;
      ++predicted;
      QVERIFY(row.seconds > 0);
      QCOMPARE(static_cast<int>(row.idle.size()), row.nodes);
      if (row.variant == Variant::Sequential) QCOMPARE(row.speedup_vs_sequential, 1.0);
      if (row.variant != Variant::Federated) fastest = std::min(fastest, row.seconds);
    }
    QVERIFY(predicted >= 8);
    QVERIFY(plan.recommended >= 0);
    QCOMPARE(plan.rows[static_cast<std::size_t>(plan.recommended)].seconds, fastest);
    QVERIFY(!plan.recommendation.empty());
    // GPipe on 4 nodes has 4 layers: fine; Single-Layer on 4 nodes has 4 stages: fine. On 8 they skip.
    r.nodes = {8};
    for (const auto& row : make_plan(e, flat(), r).rows)
      if (row.nodes == 8 && (row.variant == Variant::SingleLayer || row.variant == Variant::GpipeBp))
        QVERIFY2(!row.skipped.empty(), to_string(row.variant).c_str());
  }

  void calibrationRoundTripsAndRejectsGarbage() {
    const Calibration c = flat();
    const Calibration back = Calibration::from_json(c.to_json(), "memory");
    QCOMPARE(back.train_stage, c.train_stage);
    QCOMPARE(back.bp_widths, c.bp_widths);
    QCOMPARE(back.train_samples, c.train_samples);
    QVERIFY_THROWS_EXCEPTION(Error, Calibration::from_json(nlohmann::json{{"schema", "other"}}, "x.json"));
    auto j = c.to_json();
    j["backprop"]["widths"] = nlohmann::json::array();
    QVERIFY_THROWS_EXCEPTION(Error, Calibration::from_json(j, "x.json"));
  }
};

QTEST_GUILESS_MAIN(TestPlanner)
#include "tst_planner.moc"
