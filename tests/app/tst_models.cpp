// The workbench's models, without widgets: every item model under QAbstractItemModelTester,
// the experiment document's undo and validation, incremental reading of a growing run
// directory, decimation and TensorBoard-compatible smoothing, and the KPI arithmetic.
#include <QAbstractItemModelTester>
#include <QFile>
#include <functional>
#include <QProcess>
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "app/models/experiment_document.h"
#include "app/models/kpi.h"
#include "app/models/layer_table_model.h"
#include "app/models/plan_table_model.h"
#include "app/models/run_list_model.h"
#include "app/models/run_store.h"
#include "app/models/series_math.h"
#include "run_fixture.h"
#include "synthetic.h"

using namespace ffw;
using namespace ffw::app;

class TestModels : public QObject {
  Q_OBJECT
private slots:
  void layerTableEditsInsertsRemovesAndMoves() {
    LayerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.set_layers({{500, {}, {}}, {300, 200.0, {}}}, 784);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.parameters(0), 784LL * 500 + 500);
    QCOMPARE(model.parameters(1), 500LL * 300 + 300);
    QVERIFY(model.setData(model.index(0, LayerTableModel::Width), 100));
    QCOMPARE(model.parameters(1), 100LL * 300 + 300);  // the next layer's fan-in followed
    QVERIFY(!model.setData(model.index(0, LayerTableModel::Width), 0));   // rejected, not stored
    QVERIFY(model.setData(model.index(1, LayerTableModel::Threshold), QString()));  // empty: default
    QVERIFY(!model.layers()[1].threshold);
    QVERIFY(model.setData(model.index(1, LayerTableModel::LearningRate), 0.01));
    QVERIFY(model.insertRows(1, 1));
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.moveRows({}, 2, 1, {}, 0));
    QCOMPARE(model.layers()[0].width, 300);
    QCOMPARE(*model.layers()[0].learning_rate, 0.01);
    QVERIFY(model.removeRows(0, 2));
    QCOMPARE(model.rowCount(), 1);
  }

  void runListReadsRunsAndKeepsTagsAndNotes() {
    QTemporaryDir root;
    test::write_fixture_run(root.filePath("a"));
    test::write_fixture_run(root.filePath("b"), 10, 1, "running");
    QDir().mkpath(root.filePath("not-a-run"));
    RunListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.set_root(root.path());
    QCOMPARE(model.rowCount(), 2);
    const int a = model.row_of(root.filePath("a"));
    QVERIFY(a >= 0);
    QCOMPARE(model.entry(a).accuracy, 0.81);
    QCOMPARE(model.data(model.index(a, RunListModel::Variant)).toString(), QString("All-Layers PFF"));
    QVERIFY(model.setData(model.index(a, RunListModel::Tags), "baseline, fmnist"));
    QVERIFY(model.setData(model.index(a, RunListModel::Notes), "for Monday"));
    model.rescan();  // from disk again
    const int again = model.row_of(root.filePath("a"));
    QCOMPARE(model.entry(again).tags, QStringList({"baseline", "fmnist"}));
    QCOMPARE(model.entry(again).notes, QString("for Monday"));
    QString error;
    QVERIFY(!model.remove_run(model.row_of(root.filePath("b")), &error));  // running: refused
    QVERIFY(error.contains("running"));
    QVERIFY(model.remove_run(again, &error));
    QVERIFY(!QDir(root.filePath("a")).exists());
    QCOMPARE(model.rowCount(), 1);
    // A run whose layers travelled with their optimizer state says so.
    test::write_fixture_run(root.filePath("c"));
    {
      std::ifstream in(root.filePath("c/experiment.json").toStdString());
      nlohmann::json doc = nlohmann::json::parse(in);
      doc["algorithm"]["send_optimizer_state"] = true;
      std::ofstream(root.filePath("c/experiment.json").toStdString()) << doc.dump();
    }
    model.rescan();
    QCOMPARE(model.data(model.index(model.row_of(root.filePath("c")), RunListModel::Variant)).toString(),
             QString("All-Layers PFF + optimizer state"));
  }

  void documentUndoesAndNamesProblemsByPath() {
    ExperimentDocument doc;
    QString error;
    QVERIFY(doc.load(QStringLiteral(FFW_SOURCE_DIR "/resources/experiments/quickstart.json"), &error));
    QVERIFY2(doc.problems().empty(), doc.problems().empty() ? "" : qPrintable(doc.problems().front().message));
    const int epochs = doc.value("/training/epochs").get<int>();
    doc.set("/training/chapters", 3);
    const auto problems = doc.problems();
    QCOMPARE(problems.size(), std::size_t{1});
    QCOMPARE(problems[0].path, QString("/training/chapters"));
    QVERIFY(problems[0].message.contains("does not divide"));
    doc.undo_stack()->undo();
    QVERIFY(doc.problems().empty());
    doc.set("/training/epochs", epochs + 10);
    doc.set("/training/epochs", epochs + 20);  // one field typed into: one undo step
    QCOMPARE(doc.undo_stack()->count(), 1);
    doc.undo_stack()->undo();
    QCOMPARE(doc.value("/training/epochs").get<int>(), epochs);
    doc.undo_stack()->redo();
    QCOMPARE(doc.value("/training/epochs").get<int>(), epochs + 20);
    QTemporaryDir tmp;
    QVERIFY(doc.save(tmp.filePath("e.json"), &error));
    ExperimentDocument copy;
    QVERIFY(copy.load(tmp.filePath("e.json"), &error));
    QCOMPARE(copy.document(), doc.document());
  }

  void runStoreReadsWhatIsAppendedOnly() {
    QTemporaryDir tmp;
    test::write_fixture_run(tmp.path(), 20);
    RunStore store;
    QVERIFY(store.open(tmp.path()));
    QCOMPARE(store.series({"test_accuracy", -1, -1}).size(), 20);
    QCOMPARE(store.series({"loss", 1, -1}).size(), 20);
    QCOMPARE(store.series({"loss", 1, 0}).size(), 10);  // per node
    QCOMPARE(store.chapters_done(), 4);
    QCOMPARE(store.segments().size(), std::size_t{12});
    // Traffic per link and category: node 0 -> 1 and 1 -> 0 carried weights, 2 MB each.
    const auto links = store.links();
    QCOMPARE(links.size(), std::size_t{2});
    QCOMPARE(links[0].from, 0);
    QCOMPARE(links[0].to, 1);
    QCOMPARE(links[0].category, 0);  // weights
    QCOMPARE(links[0].megabytes, 2.0);
    QCOMPARE(store.sent_megabytes(0, 1, 0).back().y(), 2.0);
    // A half-written line waits until it is complete.
    QFile m(tmp.filePath("metrics.csv"));
    QVERIFY(m.open(QIODevice::Append));
    m.write("9.5,0,4,99,-1,test_accuracy,0.9");
    m.flush();
    QVERIFY(store.poll());
    QCOMPARE(store.series({"test_accuracy", -1, -1}).size(), 20);
    m.write("1\n");
    m.close();
    QVERIFY(store.poll());
    QCOMPARE(store.series({"test_accuracy", -1, -1}).size(), 21);
    QCOMPARE(store.series({"test_accuracy", -1, -1}).back().y(), 0.91);
    QVERIFY(!store.poll());  // nothing new
    QVERIFY(!RunStore().open(tmp.filePath("missing")));
  }

  // The confusion matrix while a run goes: each evaluation's cells in metrics.csv (true class in
  // `layer`, predicted in `batch`); the latest evaluation wins, a chapter tested again replaces its
  // cells, and the finished run's summary has the last word. Classes are named from the data.
  void runStoreFollowsTheConfusionMatrix() {
    QTemporaryDir tmp;
    test::write_fixture_run(tmp.path(), 4, 2, "running");
    {  // a run still going has no final matrix yet
      std::ifstream in(tmp.filePath("summary.json").toStdString());
      nlohmann::json summary = nlohmann::json::parse(in);
      summary.erase("confusion_matrix");
      std::ofstream(tmp.filePath("summary.json").toStdString()) << summary.dump();
    }
    RunStore store;
    QVERIFY(store.open(tmp.path()));
    QVERIFY(store.confusion().counts.empty());
    QFile m(tmp.filePath("metrics.csv"));
    QVERIFY(m.open(QIODevice::Append));
    m.write("10.0,0,5,0,0,confusion,90\n10.0,0,5,1,0,confusion,10\n10.0,0,5,1,1,confusion,100\n");
    m.flush();
    QVERIFY(store.poll());
    RunStore::Confusion c = store.confusion();
    QCOMPARE(c.chapter, 5);
    QCOMPARE(c.counts.size(), std::size_t{10});  // every class gets its row, seen or not
    QCOMPARE(c.counts[0][0], std::int64_t{90});
    QCOMPARE(c.counts[0][1], std::int64_t{10});
    QCOMPARE(c.counts[1][1], std::int64_t{100});
    // The next chapter's evaluation replaces it whole (its cell 0,1 is 0, so not written).
    m.write("11.0,0,6,0,0,confusion,100\n11.0,0,6,1,1,confusion,100\n");
    m.flush();
    QVERIFY(store.poll());
    c = store.confusion();
    QCOMPARE(c.chapter, 6);
    QCOMPARE(c.counts[0][1], std::int64_t{0});
    QCOMPARE(store.series({"confusion", 0, -1}).size(), 0);  // cells are not a curve
    m.close();
    // The finished run's summary: the trained network's matrix.
    nlohmann::json summary = store.summary();
    summary["status"] = "finished";
    summary["confusion_matrix"] = {{3, 1}, {0, 4}};
    std::ofstream(tmp.filePath("summary.json").toStdString()) << summary.dump();
    QTest::qWait(20);
    store.poll();
    QVERIFY(store.open(tmp.path()));
    c = store.confusion();
    QCOMPARE(c.chapter, 0);
    QCOMPARE(c.counts, (std::vector<std::vector<std::int64_t>>{{3, 1}, {0, 4}}));
    // Names: Fashion-MNIST by its directory, MNIST's digits, CIFAR-10's, CSV's own or numbers.
    DataOptions d;
    d.path = "/usr/share/datasets/fashion-mnist";
    QCOMPARE(class_names(d, 10).front(), std::string("T-shirt/top"));
    QCOMPARE(class_names(d, 10).back(), std::string("Ankle boot"));
    d.path = "/data/mnist";
    QCOMPARE(class_names(d, 10)[7], std::string("7"));
    d.format = DataFormat::Cifar10;
    QCOMPARE(class_names(d, 10)[3], std::string("cat"));
    d.format = DataFormat::Csv;
    QCOMPARE(class_names(d, 3), (std::vector<std::string>{"0", "1", "2"}));
    d.class_names = {"low", "mid", "high"};
    QCOMPARE(class_names(d, 3)[2], std::string("high"));
  }

  void decimationKeepsExtremesAndBoundsPoints() {
    QVector<QPointF> pts;
    for (int i = 0; i < 100000; ++i) pts.push_back({i * 0.01, std::sin(i * 0.001)});
    pts[54321].setY(5.0);  // a spike
    const auto out = decimate_min_max(pts, 0, 1000, 400);
    QVERIFY(out.size() <= 800);
    QVERIFY(std::any_of(out.begin(), out.end(), [](const QPointF& p) { return p.y() == 5.0; }));
    QVERIFY(std::is_sorted(out.begin(), out.end(), [](auto& a, auto& b) { return a.x() < b.x(); }));
    QCOMPARE(decimate_min_max(pts.mid(0, 10), 0, 1000, 400).size(), 10);
  }

  void smoothingIsTensorBoards() {
    const QVector<QPointF> pts = {{0, 1}, {1, 3}, {2, 2}};
    const auto s = smooth_ema(pts, 0.5);
    // last = 0.5*last + 0.5*y; smoothed = last / (1 - 0.5^n)
    QCOMPARE(s[0].y(), 1.0);
    QCOMPARE(s[1].y(), (0.5 * 0.5 + 0.5 * 3) / 0.75);
    QCOMPARE(s[2].y(), (0.5 * (0.5 * 0.5 + 0.5 * 3) + 0.5 * 2) / 0.875);
    const QVector<QPointF> flat = {{0, 2}, {1, 2}};
    QCOMPARE(smooth_ema(flat, 0.9), flat);
    // The one-pass version a live chart uses is the same as smoothing, then decimating.
    QVector<QPointF> noisy;
    for (int i = 0; i < 20000; ++i) noisy.push_back({i * 0.05, std::sin(i * 0.01) + ((i * 7919) % 13) * 0.01});
    QCOMPARE(smooth_and_decimate(noisy, 0.8, 0, 1000, 300), decimate_min_max(smooth_ema(noisy, 0.8), 0, 1000, 300));
  }

  void incrementalDecimationEqualsOneShot() {
    // A series that grows by appends and by late points landing a little before the end (nodes'
    // records interleave), decimated every "frame": each result equals the one-shot functions'.
    QVector<QPointF> pts;
    IncrementalDecimator raw, smooth;
    qsizetype changed = 0;
    int frames = 0;
    for (int i = 0; i < 60000; ++i) {
      const double x = i * 0.01, y = std::sin(i * 0.003) + ((i * 7919) % 17) * 0.02;
      if (i % 7 == 3 && pts.size() > 10) {  // a late point, three places before the end
        const qsizetype at = pts.size() - 3;
        pts.insert(at, {(pts[at - 1].x() + pts[at].x()) / 2, y});
        changed = std::min(changed, at);
      } else {
        pts.push_back({x, y});
      }
      if (i % 997 == 0 || i == 59999) {
        // The range grows in steps, as a chart's axis does, on a grid of buckets that keeps its
        // width (work kept) until it doubles it (work redone).
        const double x1 = 100.0 * std::ceil((x + 1e-9) / 100.0), width = x1 <= 200 ? 0.5 : 1.0;
        const int buckets = static_cast<int>(x1 / width);
        QCOMPARE(raw.update(pts, changed, 0, x1, buckets, 0), decimate_min_max(pts, 0, x1, buckets));
        QCOMPARE(smooth.update(pts, changed, 0, x1, buckets, 0.6), smooth_and_decimate(pts, 0.6, 0, x1, buckets));
        changed = pts.size();
        ++frames;
      }
    }
    QVERIFY(frames > 50);
    QVERIFY(raw.result().size() <= 2 * 601);
    // Nothing changed: the same result; a change of weight or buckets starts over.
    QCOMPARE(smooth.update(pts, pts.size(), 0, 600, 225, 0.6), smooth_and_decimate(pts, 0.6, 0, 600, 225));
    QCOMPARE(smooth.update(pts, pts.size(), 0, 600, 300, 0.9), smooth_and_decimate(pts, 0.9, 0, 600, 300));
    // A change it was not told about is not seen; "0: unknown" redoes everything.
    pts[10].setY(100);
    QCOMPARE(smooth.update(pts, 0, 0, 600, 300, 0.9), smooth_and_decimate(pts, 0.9, 0, 600, 300));
    // A constant series is not smoothed (as smooth_and_decimate), a small one is returned whole.
    QVector<QPointF> flat;
    for (int i = 0; i < 5000; ++i) flat.push_back({i * 0.1, 2.0});
    IncrementalDecimator f;
    QCOMPARE(f.update(flat, 0, 0, 500, 100, 0.6), decimate_min_max(flat, 0, 500, 100));
    QCOMPARE(f.update(flat.mid(0, 50), 0, 0, 500, 100, 0.6), flat.mid(0, 50));
  }

  void runStoreTellsWhatChangedSinceAGeneration() {
    QTemporaryDir tmp;
    test::write_fixture_run(tmp.path(), 20);
    RunStore store;
    QVERIFY(store.open(tmp.path()));
    const SeriesKey loss{"loss", 1, -1};
    const auto seen = store.generation();
    QCOMPARE(store.first_changed(loss, seen), store.series(loss).size());  // nothing since
    QCOMPARE(store.first_changed(loss, 0), qsizetype{0});                 // before the open: unknown
    QFile m(tmp.filePath("metrics.csv"));
    QVERIFY(m.open(QIODevice::Append));
    const double last = store.series(loss).back().x();
    m.write(QByteArray::number(last + 1) + ",0,5,100,1,loss,0.5\n");  // appended
    m.flush();
    QVERIFY(store.poll());
    QCOMPARE(store.first_changed(loss, seen), qsizetype{20});
    const auto seen2 = store.generation();
    m.write(QByteArray::number(last - 0.001) + ",1,5,101,1,loss,0.4\n");  // late: lands before the last two
    m.flush();
    QVERIFY(store.poll());
    QCOMPARE(store.first_changed(loss, seen2), qsizetype{19});
    QCOMPARE(store.first_changed(loss, seen), qsizetype{19});
    QCOMPARE(store.first_changed({"test_accuracy", -1, -1}, seen), store.series({"test_accuracy", -1, -1}).size());
    // Reopened: every view starts over.
    QVERIFY(store.open(tmp.path()));
    QCOMPARE(store.first_changed(loss, seen2), qsizetype{0});
  }

  void kpisAgainstABaseline() {
    QTemporaryDir tmp;
    test::write_fixture_run(tmp.filePath("run"), 50);
    RunStore run;
    QVERIFY(run.open(tmp.filePath("run")));
    CostSettings cost{2.0, 100.0, 0.8};
    RunKpi k = compute_kpi(run, cost);
    QCOMPARE(k.train_seconds, 8.0);
    QCOMPARE(k.nodes, 2);
    QCOMPARE(k.accuracy, 0.81);
    QVERIFY(std::abs(k.idle_fraction - 0.15) < 1e-12);
    QCOMPARE(k.sent_megabytes, 8.0);
    QCOMPARE(k.cost, 2 * 8.0 / 3600 * 2.0);
    QCOMPARE(k.energy_wh, 2 * 8.0 / 3600 * 100.0);
    QVERIFY(k.time_to_target > 0 && k.time_to_target < 8.0);
    RunKpi slow = k;
    slow.train_seconds = 16;
    slow.nodes = 1;
    std::vector<RunKpi> runs = {slow, k};
    KpiTableModel table;
    QAbstractItemModelTester tester(&table, QAbstractItemModelTester::FailureReportingMode::QtTest);
    table.set_runs(runs, 0, 0.8);
    QCOMPARE(table.runs()[1].speedup, 2.0);
    QCOMPARE(table.runs()[1].efficiency, 1.0);
    QVERIFY(table.text(1, KpiTableModel::Speedup).startsWith("2.00"));
  }

  // The plan table under the model tester; measured runs of the same training become points with
  // their speed-up against the measured Sequential run (else against the prediction); the report's
  // outlook predicts the report's own run and says how far off that was.
  // Runs that differ only in their seed are one row of the Compare table: the median of each
  // figure, the seeds' count, and the min-max of time and accuracy.
  void seedsAreGroupedIntoMedianAndSpread() {
    Experiment a = test::fixture_experiment(2), b = a, other = a;
    b.seed = 7;
    b.name = "renamed";
    other.chapters = 2;
    QCOMPARE(seed_group_key(a), seed_group_key(b));
    QVERIFY(seed_group_key(a) != seed_group_key(other));
    std::vector<RunKpi> runs(4);
    const double times[] = {10, 14, 11, 50}, accuracies[] = {0.80, 0.84, 0.82, 0.70};
    for (int i = 0; i < 4; ++i) {
      runs[static_cast<std::size_t>(i)].name = QString("run%1").arg(i);
      runs[static_cast<std::size_t>(i)].train_seconds = times[i];
      runs[static_cast<std::size_t>(i)].accuracy = accuracies[i];
      runs[static_cast<std::size_t>(i)].time_to_target = i == 1 ? -1 : 5;
    }
    const auto grouped = group_seeds(runs, {seed_group_key(a), seed_group_key(b), seed_group_key(a), seed_group_key(other)});
    QCOMPARE(grouped.size(), std::size_t{2});
    QCOMPARE(grouped[0].seeds, 3);
    QCOMPARE(grouped[0].train_seconds, 11.0);
    QCOMPARE(grouped[0].train_min, 10.0);
    QCOMPARE(grouped[0].train_max, 14.0);
    QCOMPARE(grouped[0].accuracy, 0.82);
    QCOMPARE(grouped[0].time_to_target, 5.0);  // two of three reached it
    QVERIFY(grouped[0].name.contains("3 seeds"));
    QCOMPARE(grouped[1].seeds, 1);
    KpiTableModel table;
    table.set_runs(grouped, 1, 0.8);
    QVERIFY(table.text(0, KpiTableModel::Accuracy).contains("80.00"));  // the min of the spread
    QVERIFY(table.text(0, KpiTableModel::WallTime).contains("14.0"));
  }

  // The Compare chart's band: runs of several seeds taken evaluation by evaluation (median time,
  // median, least and greatest value), as long as the shortest run.
  void seedBandIsMedianAndSpreadPerEvaluation() {
    const std::vector<QVector<QPointF>> runs = {{{1.0, 50}, {2.0, 70}, {3.0, 80}},
                                                {{1.2, 54}, {2.4, 72}, {3.6, 78}, {4.8, 90}},
                                                {{0.9, 52}, {1.8, 66}, {2.7, 84}}};
    const SeedBand band = seed_band(runs);
    QCOMPARE(band.median.size(), 3);
    QCOMPARE(band.median[1], QPointF(2.0, 70));
    QCOMPARE(band.low[1], QPointF(2.0, 66));
    QCOMPARE(band.high[1], QPointF(2.0, 72));
    QCOMPARE(band.median[2], QPointF(3.0, 80));
    QCOMPARE(band.low[2].y(), 78.0);
    QCOMPARE(band.high[2].y(), 84.0);
    QVERIFY(seed_band({}).median.isEmpty());
  }

  void planTableMeasuredPointsAndOutlook() {
    const Experiment e = test::fixture_experiment(2);
    const Calibration c = test::flat_calibration(784, 400, 3);  // 2 layers and the softmax head
    PlanRequest request;
    request.nodes = {1, 2, 4};
    PlanTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.set_plan(make_plan(e, c, request));
    QVERIFY(model.rowCount() >= 8);
    QVERIFY(model.plan().recommended >= 0);
    const QModelIndex best = model.index(model.plan().recommended, PlanTableModel::Seconds);
    QVERIFY(model.data(best, Qt::FontRole).value<QFont>().bold());
    int skipped = 0;
    for (int r = 0; r < model.rowCount(); ++r)
      if (!model.row(r)->skipped.empty()) {
        ++skipped;  // 4 nodes of all-layers with 4 chapters is fine; gpipe-bp on 4 nodes needs 3 layers
        QVERIFY(model.data(model.index(r, PlanTableModel::Placement)).toString().contains(QString::fromStdString(model.row(r)->skipped)));
      }
    QVERIFY(skipped >= 1);

    QTemporaryDir root;
    test::write_fixture_run(root.filePath("all-layers"), 10, 2);  // 8 s of training
    RunListModel runs;
    runs.set_root(root.path());
    auto points = measured_points(runs, e, 16.0);
    QCOMPARE(points.size(), std::size_t{1});
    QVERIFY(points[0].against_prediction);
    QCOMPARE(points[0].speedup, 2.0);  // 16 s predicted / 8 s measured
    test::write_fixture_run(root.filePath("sequential"), 10, 1);  // also 8 s
    runs.rescan();
    points = measured_points(runs, e, 16.0);
    QCOMPARE(points.size(), std::size_t{2});
    for (const auto& p : points) {
      QVERIFY(!p.against_prediction);
      QCOMPARE(p.speedup, 1.0);
    }
    Experiment other = e;
    other.epochs = other.chapters = 2;
    QVERIFY(measured_points(runs, other, 16.0).empty());  // another training: no points

    const nlohmann::json summary = {{"nodes", {{{"train_seconds", 7.0}}, {{"train_seconds", 8.0}}}}};
    QCOMPARE(measured_train_seconds(summary), 8.0);
    const ScalingOutlook o = make_outlook(e, summary, c, request);
    QCOMPARE(o.run_measured_seconds, 8.0);
    QVERIFY(o.run_predicted_seconds > 0);
    QCOMPARE(o.error(), (o.run_predicted_seconds - 8.0) / 8.0);
    QVERIFY(o.conditions.contains("shared memory"));
    request.bandwidth_mbit = 100;
    request.slowdown = {1, 2};
    QVERIFY(plan_conditions(request).contains("100 Mbit/s") && plan_conditions(request).contains("1 node"));
    // Costs of another network (4 stages): every row says why it has no prediction, nothing throws.
    const Plan mismatched = make_plan(e, test::flat_calibration(784, 400, 4), request);
    for (const auto& row : mismatched.rows) QVERIFY(!row.skipped.empty());
    QVERIFY(mismatched.rows[0].skipped.find("ffw probe") != std::string::npos);  // sequential on one node
    QCOMPARE(mismatched.recommended, -1);
  }

  // One rulebook: every shipped example and every rule below gets the same verdict from `ffw
  // validate` and from the Designer's document (core's experiment_problems), and each problem the
  // Designer shows is one `ffw validate` names, by its path.
  void rulebookGivesTheSameVerdictInTheCliAndTheDesigner() {
    QTemporaryDir dir;
    QStringList files;
    for (const QFileInfo& f : QDir(QStringLiteral(FFW_SOURCE_DIR "/resources/experiments")).entryInfoList({"*.json"}))
      files << f.absoluteFilePath();
    QFile quick(QStringLiteral(FFW_SOURCE_DIR "/resources/experiments/quickstart.json"));
    QVERIFY(quick.open(QIODevice::ReadOnly));
    const nlohmann::json base = nlohmann::json::parse(quick.readAll().toStdString());
    const std::vector<std::pair<const char*, std::function<void(nlohmann::json&)>>> rules = {
        {"in-process all-layers", [](auto& d) { d["cluster"] = {{"launcher", "in-process"}, {"nodes", 1}}; }},
        {"local with a hostfile", [](auto& d) { d["cluster"]["hostfile"] = "hosts.txt"; }},
        {"lab with a hostfile", [](auto& d) { d["cluster"] = {{"launcher", "lab"}, {"nodes", 2}, {"hostfile", "hosts.txt"}}; }},
        {"chapters do not divide", [](auto& d) { d["training"]["chapters"] = 3; }},
        {"more nodes than chapters", [](auto& d) { d["cluster"]["nodes"] = 11; }},
        {"batch shares on all-layers", [](auto& d) { d["cluster"]["batch_shares"] = {1, 1}; }},
        {"chapter map too short", [](auto& d) { d["cluster"]["chapter_nodes"] = {0, 1}; }},
        {"no such data directory", [](auto& d) { d["data"]["path"] = "/nonexistent/fashion-mnist"; }},
        {"missing hostfile", [](auto& d) { d["cluster"] = {{"launcher", "mpi"}, {"nodes", 2}, {"hostfile", "missing-hosts.txt"}}; }},
        {"unknown key", [](auto& d) { d["training"]["epochz"] = 3; }},
        {"valid mapping", [](auto& d) { d["cluster"]["chapter_nodes"] = {0, 1, 0, 0, 1, 0, 0, 1, 0, 1}; }},
    };
    for (const auto& [name, change] : rules) {
      nlohmann::json d = base;
      change(d);
      const QString file = dir.filePath(QString(name).replace(' ', '-') + ".json");
      QFile out(file);
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write(QByteArray::fromStdString(d.dump(2)));
      files << file;
    }
    QFile hosts(dir.filePath("hosts.txt"));
    QVERIFY(hosts.open(QIODevice::WriteOnly));
    hosts.write("localhost slots=2\n");
    hosts.close();
    int valid = 0, invalid = 0;
    for (const QString& file : files) {
      ExperimentDocument doc;
      QString error;
      QVERIFY2(doc.load(file, &error), qPrintable(error));
      const auto problems = doc.problems();
      QProcess ffw;
      ffw.start(QStringLiteral(FFW_BINARY), {"validate", file});
      QVERIFY(ffw.waitForFinished(60000));
      const QString said = QString::fromLocal8Bit(ffw.readAllStandardError());
      const bool ok = !has_errors(problems);
      QCOMPARE(ffw.exitCode() == 0, ok);
      if (!ok) QCOMPARE(ffw.exitCode(), 3);
      // Errors and warnings alike, each with its path.
      for (const auto& p : problems) QVERIFY2(said.contains(p.path + ": "), qPrintable(file + ": " + p.path + " | " + said));
      (ok ? valid : invalid) += 1;
    }
    QVERIFY(valid >= 10);   // the shipped examples (but the MNIST template) and the valid mapping
    QVERIFY(invalid >= 10);
  }

  // Run directories kept from earlier versions (tests/fixtures/runs, see its README): each opens in
  // the workbench's readers, exports a chart, gets a report, and resumes (or says there is nothing
  // to resume), on a copy.
  void runDirectoriesFromEarlierVersionsKeepWorking_data() {
    QTest::addColumn<QString>("run");
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("chapters");
    QTest::newRow("sequential, finished") << "sequential-finished" << "finished" << 4;
    QTest::newRow("data-parallel-bp, finished") << "data-parallel-bp-finished" << "finished" << 4;
    QTest::newRow("all-layers, stopped") << "all-layers-stopped" << "stopped" << 4;
    QTest::newRow("all-layers, stopped, older format") << "all-layers-stopped-older-format" << "stopped" << 4;
    // An elastic ring that lost node 2 and was stopped later: the resume starts node 2 without
    // chapters, follows the re-formed placement, and keeps the loss on record.
    QTest::newRow("all-layers, elastic, lost a node, stopped") << "all-layers-elastic-stopped" << "stopped" << 12;
  }
  void runDirectoriesFromEarlierVersionsKeepWorking() {
    QFETCH(QString, run);
    QFETCH(QString, status);
    QFETCH(int, chapters);
    QTemporaryDir tmp;
    // The fixtures name their data relative to the run (../../data), so the tree is copied whole.
    QVERIFY(test::copy_tree(QStringLiteral(FFW_SOURCE_DIR "/tests/fixtures"), tmp.path()));
    const QString dir = tmp.filePath("runs/" + run);

    RunStore store;
    QVERIFY2(store.open(dir), qPrintable(store.error()));
    QCOMPARE(store.status(), status);
    QVERIFY(!store.keys(QStringLiteral("loss")).empty() || !store.keys(QStringLiteral("head_loss")).empty());
    QVERIFY(!store.series({"test_accuracy", -1, -1}).isEmpty());
    QVERIFY(store.chapters_done() >= 2);
    const RunKpi kpi = compute_kpi(store, CostSettings{});
    QVERIFY(kpi.accuracy > 0);
    QCOMPARE(RunListModel::read_entry(dir).status, status);

    const auto ffw = [](const QStringList& args) {
      QProcess p;
      p.start(QStringLiteral(FFW_BINARY), args);
      p.waitForFinished(120000);
      return std::make_pair(p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString(p.readAllStandardError()));
    };
    auto [code, err] = ffw({"export", dir, "--chart", "accuracy", "--format", "svg", "--output", tmp.filePath("accuracy.svg")});
    QVERIFY2(code == 0 && QFileInfo(tmp.filePath("accuracy.svg")).size() > 1000, qPrintable(err));
    std::tie(code, err) = ffw({"report", dir, "--output", tmp.filePath("report.pdf")});
    QVERIFY2(code == 0 && QFileInfo(tmp.filePath("report.pdf")).size() > 1000, qPrintable(err));
    std::tie(code, err) = ffw({"resume", dir});
    if (status == "finished") {
      QCOMPARE(code, 2);
      QVERIFY2(err.contains("already finished"), qPrintable(err));
    } else {
      QVERIFY2(code == 0, qPrintable(err));
      QVERIFY(store.open(dir));
      QCOMPARE(store.status(), QStringLiteral("finished"));
      QCOMPARE(store.chapters_done(), chapters);
      if (run.contains("elastic")) {
        QCOMPARE(store.summary()["node_losses"].size(), std::size_t{1});
        QCOMPARE(store.node_losses().size(), std::size_t{1});
        QCOMPARE(store.node_losses().front().node, 2);
      }
    }
  }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
