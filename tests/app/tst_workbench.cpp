// The workbench end to end, offscreen: it opens on the quickstart; designer edits round-trip
// through the experiment JSON with undo and inline problems; a real 2-worker run started from the
// GUI delivers points to the charts and finishes; Stop leaves no process behind; killing the GUI
// mid-run loses no recorded point; under Japanese every visible text is translated. Screenshots
// of each main view during a live run are written into the build tree.
#include <signal.h>

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QChart>
#include <QChartView>
#include <QAreaSeries>
#include <QLineSeries>
#include <QValueAxis>
#include <QMenu>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDirIterator>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTranslator>
#include <QCheckBox>
#include <QPlainTextEdit>
#include <QtTest>
#include <fstream>

#include "app/models/experiment_document.h"
#include "app/models/layer_table_model.h"
#include "app/models/run_list_model.h"
#include "app/models/run_store.h"
#include "app/views/chart_panel.h"
#include "app/workbench/cluster_page.h"
#include "app/workbench/stage_map.h"
#include "app/workbench/compare_page.h"
#include "app/workbench/designer_page.h"
#include "app/workbench/main_window.h"
#include "app/workbench/plan_page.h"
#include "app/models/plan_table_model.h"
#include "app/views/timeline_view.h"
#include "app/workbench/run_controller.h"
#include "app/workbench/run_page.h"
#include "app/workbench/sweep_dialog.h"
#include "core/sweep.h"
#include "run_fixture.h"
#include "synthetic.h"

using namespace ffw;
using namespace ffw::app;
using nlohmann::json;

namespace {

int distinct_colours(const QImage& image) {
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 2)
    for (int x = 0; x < image.width(); x += 2) colours.insert(image.pixel(x, y));
  return colours.size();
}

// Processes whose command line mentions `needle` (a run directory).
QStringList processes_mentioning(const QString& needle) {
  QStringList found;
  QDirIterator it("/proc", QDir::Dirs | QDir::NoDotAndDotDot);
  while (it.hasNext()) {
    const QString dir = it.next();
    bool numeric = false;
    QFileInfo(dir).fileName().toInt(&numeric);
    if (!numeric) continue;
    QFile f(dir + "/cmdline");
    if (!f.open(QIODevice::ReadOnly)) continue;
    QByteArray cmd = f.readAll();
    cmd.replace('\0', ' ');
    if (cmd.contains(needle.toUtf8())) found << QFileInfo(dir).fileName() + ": " + QString::fromUtf8(cmd);
  }
  return found;
}

// Every text a person sees in `root`, in widget-creation order.
QStringList visible_texts(QWidget* root) {
  QStringList out;
  auto add = [&](const QString& s) {
    if (!s.trimmed().isEmpty()) out << s;
  };
  for (QWidget* w : root->findChildren<QWidget*>()) {
    if (!w->isVisibleTo(root)) continue;
    if (auto* l = qobject_cast<QLabel*>(w)) add(l->text());
    if (auto* b = qobject_cast<QAbstractButton*>(w)) add(b->text());
    if (auto* g = qobject_cast<QGroupBox*>(w)) add(g->title());
    if (auto* e = qobject_cast<QLineEdit*>(w)) add(e->placeholderText());
    if (auto* c = qobject_cast<QComboBox*>(w))
      for (int i = 0; i < c->count(); ++i) add(c->itemText(i));
    if (auto* t = qobject_cast<QTabWidget*>(w))
      for (int i = 0; i < t->count(); ++i) add(t->tabText(i));
    if (auto* v = qobject_cast<QTableView*>(w); v && v->model())
      for (int c = 0; c < v->model()->columnCount(); ++c) add(v->model()->headerData(c, Qt::Horizontal).toString());
  }
  if (auto* mw = qobject_cast<QMainWindow*>(root))
    for (QAction* a : mw->menuBar()->actions()) add(a->text());
  return out;
}

// True when `text` has words left once product and format names are taken out.
bool has_words(QString text) {
  static const QStringList names = {"Open MPI", "MPI", "PFF", "FF", "CSV", "PNG", "SVG", "PDF", "IDX", "CIFAR-10", "MNIST",
                                    "Fashion-MNIST", "GPipe", "Workbench", "ffw", "mpirun", "θ", "L1", "L2", "L3", "L4"};
  for (const QString& n : names) text.remove(n);
  return text.contains(QRegularExpression("[A-Za-z]{2,}"));
}

// The texts shown in English and Japanese alike that have words to translate.
QStringList untranslated(const QStringList& en, const QStringList& ja) {
  QStringList out;
  for (int i = 0; i < std::min(en.size(), ja.size()); ++i)
    if (en[i] == ja[i] && has_words(en[i])) out << en[i];
  return out;
}

}  // namespace

class TestWorkbench : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString data_, runs_, shots_;

  json small_experiment(int epochs) {
    return {{"schema_version", 1},
            {"name", "gui-test"},
            {"data", {{"format", "idx"}, {"path", data_.toStdString()}}},
            {"network", {{"layers", {{{"width", 32}}, {{"width", 32}}}}}},
            {"algorithm", {{"variant", "all-layers"}, {"negatives", "random"}, {"classifier", "softmax"}}},
            {"training", {{"epochs", epochs}, {"chapters", epochs}, {"batch_size", 20}, {"threads", 1}, {"metrics_every", 5},
                          {"optimizer", {{"name", "adam"}, {"learning_rate", 0.003}}}}},
            {"cluster", {{"launcher", "local"}, {"nodes", 2}}}};
  }

  void wait_for_points(MainWindow& w, int timeout_ms) {
    QTRY_VERIFY_WITH_TIMEOUT(!w.store()->series({"loss", 1, -1}).isEmpty(), timeout_ms);
  }

private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // Preferences and recent files away from the user's
    data_ = tmp_.filePath("data");
    runs_ = tmp_.filePath("runs");
    shots_ = QStringLiteral(FFW_SCREENSHOT_DIR);
    QDir().mkpath(data_);
    QDir().mkpath(shots_);
    const std::filesystem::path d = data_.toStdString();
    write_idx(test::synthetic_dataset(3000, 64, 1), d / "train-images-idx3-ubyte", d / "train-labels-idx1-ubyte", false);
    write_idx(test::synthetic_dataset(300, 64, 2), d / "t10k-images-idx3-ubyte", d / "t10k-labels-idx1-ubyte", false);
  }

  // Issue 17: every page is usable in a 1366 x 700 window (a 1366 x 768 laptop less its task bar):
  // the window takes that size on every page, the pages scroll instead of pushing it wider.
  void everyPageFitsA1366x700Window() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (int i = 0; i < w.tabs()->count(); ++i) {
      w.tabs()->setCurrentIndex(i);
      w.resize(1366, 700);
      QCoreApplication::processEvents();
      const QSize least = w.minimumSizeHint().expandedTo(w.minimumSize());
      QVERIFY2(least.width() <= 1366 && least.height() <= 700,
               qPrintable(QString("%1: at least %2 x %3").arg(w.tabs()->tabText(i)).arg(least.width()).arg(least.height())));
      QVERIFY2(w.width() <= 1366 && w.height() <= 700,
               qPrintable(QString("%1: %2 x %3").arg(w.tabs()->tabText(i)).arg(w.width()).arg(w.height())));
    }
    // The Run page's charts reflow: fewer columns on the laptop, three where there is room.
    w.show_page(w.run_page());
    w.resize(1366, 700);
    QTRY_VERIFY(w.run_page()->chart_columns() < 3);
    w.resize(1900, 1000);
    QTRY_COMPARE(w.run_page()->chart_columns(), 3);
  }

  // File > Examples lists every shipped experiment and opens it; saving one asks where (the
  // examples stay as shipped), and opening it adds nothing to the recent files.
  void examplesMenuListsTheShippedExperiments() {
    MainWindow w;
    auto* examples = w.menuBar()->findChild<QMenu*>("examples");
    QVERIFY(examples);
    QStringList names;
    for (QAction* a : examples->actions()) names << a->text();
    QVERIFY2(names.contains("quickstart") && names.contains("all-layers") && names.contains("mixed-hardware") && names.size() >= 10,
             qPrintable(names.join(", ")));
    for (QAction* a : examples->actions())
      if (a->text() == "federated") {
        QVERIFY(!a->toolTip().isEmpty());
        a->trigger();
      }
    QCOMPARE(w.document()->value("/algorithm/variant").get<std::string>(), std::string("federated"));
  }

  void opensOnTheQuickstart() {
    MainWindow w;
    QCOMPARE(w.document()->value("/name").get<std::string>(), std::string("quickstart"));
    QCOMPARE(w.designer()->layer_model()->rowCount(), 4);
    QVERIFY(w.designer()->problems_label()->text().contains("valid"));
  }

  void designerEditsRoundTripThroughTheJson() {
    MainWindow w;
    auto* epochs = qobject_cast<QSpinBox*>(w.designer()->field("/training/epochs"));
    QVERIFY(epochs);
    epochs->setValue(20);
    QCOMPARE(w.document()->value("/training/epochs").get<int>(), 20);
    auto* add = w.designer()->findChild<QPushButton*>("add_layer");
    QVERIFY(add);
    add->click();
    QCOMPARE(w.document()->value("/network/layers").size(), std::size_t{5});
    QVERIFY(w.designer()->layer_model()->setData(w.designer()->layer_model()->index(0, 0), 123));
    QCOMPARE(w.document()->value("/network/layers/0/width").get<int>(), 123);
    // A problem shows beside its field.
    auto* chapters = qobject_cast<QSpinBox*>(w.designer()->field("/training/chapters"));
    chapters->setValue(3);
    QVERIFY(w.designer()->problems_label()->text().contains("/training/chapters"));
    QVERIFY(chapters->styleSheet().contains("border"));
    QVERIFY(chapters->toolTip().contains("does not divide"));
    w.document()->undo_stack()->undo();
    QCOMPARE(chapters->value(), w.document()->value("/training/chapters").get<int>());
    QVERIFY(w.designer()->problems_label()->text().contains("valid"));
    // The saved file is what ffw reads.
    QString error;
    QVERIFY(w.document()->save(tmp_.filePath("designed.json"), &error));
    const Experiment e = load_experiment(tmp_.filePath("designed.json").toStdString());
    QCOMPARE(e.epochs, 20);
    QCOMPARE(e.layers.size(), std::size_t{5});
    QCOMPARE(e.layers[0].width, 123);
  }

  void clusterViewWarnsAndShowsTheMapping() {
    MainWindow w;
    w.document()->set("/cluster/launcher", "local");
    w.document()->set("/cluster/nodes", QThread::idealThreadCount() + 2);
    QVERIFY(w.cluster()->warning_label()->text().contains("oversubscribe"));
    w.document()->set("/cluster/nodes", 2);
    QVERIFY(w.cluster()->warning_label()->text().isEmpty());
    w.document()->set("/algorithm/variant", "single-layer");
    const QStringList mapping = node_roles(w.document()->document());
    QCOMPARE(mapping.size(), 2);
    QVERIFY(mapping[0].contains("L1"));
    QVERIFY(mapping[1].contains("softmax head"));
  }

  // "Check the hosts" runs ffw doctor on the experiment as edited and shows its lines.
  void clusterChecksTheHostsWithTheDoctor() {
    MainWindow w;
    w.document()->set("/cluster/launcher", "local");
    w.document()->set("/cluster/nodes", 2);
    auto* output = w.cluster()->findChild<QPlainTextEdit*>("preflight_output");
    QVERIFY(output);
    w.cluster()->test_connection();
    QTRY_VERIFY_WITH_TIMEOUT(output->toPlainText().contains(QString::fromUtf8("✔")) || output->toPlainText().contains(QString::fromUtf8("✘")), 60000);
    QVERIFY2(output->toPlainText().contains("(nodes 0, 1): ok: build") && output->toPlainText().contains(QString::fromUtf8("✔ every host is ready")),
             qPrintable(output->toPlainText()));
  }

  void clusterOffersTheNetworkLab() {
    MainWindow w;
    w.document()->set("/cluster/launcher", "local");
    w.document()->set("/cluster/nodes", 2);
    auto* launcher = w.cluster()->findChild<QComboBox*>("launcher");
    auto* bandwidth = w.cluster()->findChild<QDoubleSpinBox*>("lab_bandwidth");
    QVERIFY(launcher && bandwidth);
    launcher->setCurrentIndex(launcher->findData("lab"));
    QCOMPARE(w.document()->value("/cluster/launcher"), json("lab"));
    bandwidth->setValue(100);
    QCOMPARE(w.document()->value("/cluster/lab/bandwidth_mbit"), json(100.0));
    QVERIFY(w.document()->problems().empty());
    QCOMPARE(network_description(parse_experiment(w.document()->document())), std::string("lab: 2 hosts, 100 Mbit/s"));
    w.document()->undo_stack()->undo();  // the bandwidth
    QVERIFY(!w.document()->document()["cluster"].contains("lab") ||
            !w.document()->document()["cluster"]["lab"].contains("bandwidth_mbit"));
    w.document()->undo_stack()->redo();
    // Leaving the lab takes its settings along, in one step to undo.
    launcher->setCurrentIndex(launcher->findData("local"));
    QVERIFY(!w.document()->document()["cluster"].contains("lab"));
    QVERIFY(w.document()->problems().empty());
    w.document()->undo_stack()->undo();
    QCOMPARE(w.document()->value("/cluster/launcher"), json("lab"));
    QCOMPARE(w.document()->value("/cluster/lab/bandwidth_mbit"), json(100.0));
  }

  void clusterMapsLayersByDragAndDrop() {
    MainWindow w;
    w.resize(1500, 950);
    w.show();
    w.show_page(w.cluster());
    w.document()->set("/cluster/launcher", "local");
    w.document()->set("/cluster/nodes", 2);
    w.document()->set("/algorithm/variant", "single-layer");
    QCoreApplication::processEvents();
    StageMap* map = w.cluster()->stage_map();
    QVERIFY(map->editable());
    const int stages = static_cast<int>(w.document()->document()["network"]["layers"].size()) + 1;  // + softmax head
    QVERIFY(stages >= 3);
    // The preset: stage 0 on node 0, the rest on node 1; each chip sits in its node's box.
    QVERIFY(map->node_rect(0).contains(map->stage_rect(0)));
    QVERIFY(map->node_rect(1).contains(map->stage_rect(2)));
    // Drop layer 3 on node 0, as a drag does: layers 2 and 3 move (the stages keep node order).
    auto drop = [&](int stage, int node) {
      QMimeData mime;
      mime.setData(StageMap::kMime, QByteArray::number(stage));
      const QPoint at = map->node_rect(node).center();
      QDragEnterEvent enter(at, Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(map, &enter);
      QVERIFY(enter.isAccepted());
      QDragMoveEvent move(at, Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(map, &move);
      QDropEvent dropped(QPointF(at), Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(map, &dropped);
    };
    drop(2, 0);
    json expected = json::array();
    for (int s = 0; s < stages; ++s) expected.push_back(s <= 2 ? 0 : 1);
    QCOMPARE(w.document()->value("/cluster/stage_nodes"), expected);
    QVERIFY(w.document()->problems().empty());
    QCOMPARE(parse_experiment(w.document()->document()).stage_nodes, expected.get<std::vector<int>>());  // what ffw runs
    QVERIFY(map->node_rect(0).contains(map->stage_rect(2)));
    QVERIFY(w.cluster()->preset_button()->isEnabled());
    QCoreApplication::processEvents();
    QVERIFY(w.grab().toImage().save(shots_ + "/cluster-mapped.png"));
    // Undo, redo, the preset button.
    w.document()->undo_stack()->undo();
    QVERIFY(w.document()->value("/cluster/stage_nodes").is_null());
    w.document()->undo_stack()->redo();
    QCOMPARE(w.document()->value("/cluster/stage_nodes"), expected);
    w.cluster()->preset_button()->click();
    QVERIFY(w.document()->value("/cluster/stage_nodes").is_null());
    QVERIFY(!w.cluster()->preset_button()->isEnabled());
    // GPipe maps too; another node count drops the map (it was for 2 nodes).
    w.document()->set("/algorithm/variant", "gpipe-bp");
    drop(0, 1);
    QCOMPARE(w.document()->value("/cluster/stage_nodes").size(), std::size_t(stages));
    QVERIFY(w.document()->problems().empty() == false);  // node 0 left without a stage: said, not hidden
    w.cluster()->findChild<QSpinBox*>()->setValue(3);
    QVERIFY(w.document()->value("/cluster/stage_nodes").is_null());
    // The ring variants place layers by their own rule: nothing to drag.
    w.document()->set("/algorithm/variant", "all-layers");
    QVERIFY(!map->editable());
    // Where layers move between nodes, they may take their optimizer state along: one undoable edit.
    QCheckBox* state = w.cluster()->optimizer_state_box();
    QVERIFY(state->isVisible());
    QVERIFY(!state->isChecked());
    state->click();
    QCOMPARE(w.document()->value("/algorithm/send_optimizer_state"), json(true));
    QVERIFY(parse_experiment(w.document()->document()).send_optimizer_state);
    w.document()->undo_stack()->undo();
    QVERIFY(w.document()->value("/algorithm/send_optimizer_state").is_null());
    QVERIFY(!state->isChecked());
    w.document()->set("/algorithm/variant", "single-layer");
    QVERIFY(!state->isVisible());
  }

  void zoomShowsDetailFromFullResolution() {
    QTemporaryDir dir;
    test::write_fixture_run(dir.path(), 20000);
    RunStore store;
    QVERIFY(store.open(dir.path()));
    ChartPanel panel(ChartKind::Loss, &store);
    panel.resize(900, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.refresh();
    auto l1 = [&] {
      for (QAbstractSeries* s : panel.view()->chart()->series())
        if (s->name() == "L1") return static_cast<QLineSeries*>(s)->points();
      return QList<QPointF>{};
    };
    const QList<QPointF> whole = l1();
    QVERIFY(!whole.isEmpty() && whole.size() < 1000);  // decimated to the pixels
    // A rubber band over a tenth of the plot, as the mouse draws it.
    const QRectF plot = panel.view()->chart()->plotArea();
    QWidget* viewport = panel.view()->viewport();
    const QPoint from = panel.view()->mapFromScene(QPointF(plot.left() + 0.40 * plot.width(), plot.top() + 4));
    const QPoint to = panel.view()->mapFromScene(QPointF(plot.left() + 0.50 * plot.width(), plot.bottom() - 4));
    QTest::mousePress(viewport, Qt::LeftButton, {}, from);
    QTest::mouseMove(viewport, to);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    const auto window = panel.zoom_window();
    QVERIFY(window);
    QVERIFY(window->second - window->first < 0.2 * store.last_time());
    auto inside = [&](const QList<QPointF>& v) {
      return std::count_if(v.begin(), v.end(), [&](const QPointF& p) { return p.x() >= window->first && p.x() <= window->second; });
    };
    // The window is drawn from the full-resolution data, not stretched from the whole-run decimation.
    QVERIFY2(inside(l1()) > 5 * inside(whole), qPrintable(QString("%1 vs %2").arg(inside(l1())).arg(inside(whole))));
    // Live updates keep the window.
    panel.refresh();
    QCOMPARE(panel.zoom_window(), window);
  }

  void realRunFromTheGuiDeliversPointsAndFinishes() {
    MainWindow w;
    w.resize(1500, 950);
    w.show();
    w.set_runs_root(runs_);
    QVERIFY(w.statusBar()->currentMessage().contains(runs_));  // the folder runs go to, not the Preferences' one
    w.document()->replace(small_experiment(6), "test");
    QSignalSpy finished(w.controller(), &RunController::finished);
    w.run_page()->start_run();
    wait_for_points(w, 60000);
    // Screenshots of every main view while the run is live.
    const char* names[] = {"designer", "cluster", "run", "runs", "compare"};
    for (int i = 0; i < w.tabs()->count(); ++i) {
      w.tabs()->setCurrentIndex(i);
      w.run_page()->redraw();
      QCoreApplication::processEvents();
      const QImage shot = w.grab().toImage();
      const QString file = shots_ + "/" + names[i] + ".png";
      QVERIFY(shot.save(file));
      QVERIFY2(distinct_colours(shot) > 20, names[i]);
    }
    w.show_page(w.run_page());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 180000);
    QCOMPARE(finished.front().at(0).toInt(), 0);
    w.run_page()->redraw();
    QCOMPARE(w.store()->status(), QString("finished"));
    for (ChartPanel* c : w.run_page()->charts()) {
      QVERIFY2(c->point_count() > 0, qPrintable(chart_id(c->kind())));
      // One series per link and category, however often its live rate changed the name.
      if (c->kind() == ChartKind::Traffic)
        QCOMPARE(static_cast<std::size_t>(c->view()->chart()->series().size()), w.store()->links().size());
    }
    QVERIFY(w.run_page()->status_label()->text().contains("Finished"));
    QVERIFY(w.store()->final_accuracy() > 0.5);
    QVERIFY(w.grab().toImage().save(shots_ + "/run-finished.png"));
    QVERIFY(processes_mentioning(w.store()->dir()).isEmpty());
  }

  void stopLeavesNoProcessBehind() {
    MainWindow w;
    w.set_runs_root(runs_);
    w.document()->replace(small_experiment(400), "test");
    QSignalSpy finished(w.controller(), &RunController::finished);
    w.run_page()->start_run();
    wait_for_points(w, 60000);
    const QString dir = w.store()->dir();
    QVERIFY(!processes_mentioning(dir).isEmpty());
    w.run_page()->stop_button()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
    QCOMPARE(finished.front().at(0).toInt(), 130);
    QTRY_VERIFY_WITH_TIMEOUT(processes_mentioning(dir).isEmpty(), 5000);
    QCOMPARE(w.store()->status(), QString("stopped"));
  }

  void compareFillsTheKpiTable() {
    MainWindow w;
    // Before any run is chosen: 0-1 s and 0-100 % axes, and a line saying what will appear.
    w.compare_page()->select({});
    const auto axes = w.compare_page()->chart_view()->chart()->axes(Qt::Horizontal);
    QVERIFY(!axes.isEmpty());
    QCOMPARE(qobject_cast<QValueAxis*>(axes.front())->max(), 1.0);
    QVERIFY(w.compare_page()->chart_view()->chart()->title().contains("list on the left"));
    w.set_runs_root(runs_);  // the runs of the tests above: one finished, one stopped
    QStringList dirs;
    for (int r = 0; r < w.runs()->rowCount(); ++r) dirs << w.runs()->entry(r).dir;
    QVERIFY(dirs.size() >= 2);
    w.compare_page()->select(dirs);
    QAbstractItemModelTester tester(w.compare_page()->kpi_model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(w.compare_page()->kpi_model()->rowCount(), dirs.size());
    QCOMPARE(w.compare_page()->kpi_model()->runs()[0].speedup, 1.0);  // the baseline against itself
    QVERIFY(w.compare_page()->chart_view()->chart()->series().size() == dirs.size());
    QVERIFY(w.compare_page()->chart_view()->chart()->title().isEmpty());
    w.resize(1500, 950);
    w.show_page(w.compare_page());
    w.show();
    QVERIFY(w.grab().toImage().save(shots_ + "/compare-runs.png"));
  }

  // Issue 17: Run > Queue / Sweep builds a sweep of 2 chapter counts x (Sequential FF on one node,
  // All-Layers on 2) x 2 seeds from the current experiment; the sweep dies halfway with the
  // workbench closed; a workbench started again finds it, resumes it, and ends with the 8 runs on
  // the Compare page as 4 rows of 2 seeds, each drawn as a median with its spread as a band.
  void sweepFromTheWorkbenchResumesAfterARestartAndGroupsItsSeeds() {
    const QString runs = tmp_.filePath("sweep-runs");
    auto run_dirs = [&] {
      return QDir(runs).entryList({"gui-sweep-*"}, QDir::Dirs | QDir::NoDotAndDotDot).filter(QRegularExpression("^gui-sweep-\\d+-")).size();
    };
    QString state;
    {
      MainWindow w;
      w.set_runs_root(runs);
      json e = small_experiment(4);
      e["training"]["chapters"] = 2;
      e["cluster"]["slowdown"] = {20, 20};  // the PFF runs take seconds (slept), so the kill lands halfway
      w.document()->replace(e, "test");
      SweepDialog* d = w.sweep_dialog();
      QCOMPARE(d->state_label()->text(), QString("No sweep in this runs folder yet."));
      d->name_edit()->setText("gui-sweep");
      d->seeds_edit()->setText("1, 2");
      d->add_vary("/training/chapters", "2, 4");
      QString error;
      QCOMPARE(d->validate(&error), 8);
      QVERIFY2(d->summary_label()->text().startsWith("8 runs"), qPrintable(d->summary_label()->text()));
      // A combination the rulebook refuses is named before anything starts.
      d->add_vary("/training/batch_size", "20, 0");
      QCOMPARE(d->validate(&error), -1);
      QVERIFY2(error.contains("nothing was started") && error.contains("/training/batch_size") && !error.contains("ffw-sweep-"),
               qPrintable(error));
      QVERIFY(!d->start_button()->isEnabled());
      d->vary_table()->removeRow(1);
      QCOMPARE(d->validate(&error), 8);
      QVERIFY2(d->start(&error), qPrintable(error));
      QVERIFY(QFileInfo::exists(runs + "/gui-sweep.sweep.json"));
      QTRY_VERIFY_WITH_TIMEOUT(d->sweep_running(), 20000);
      state = d->state_file();
      QTRY_VERIFY_WITH_TIMEOUT(run_dirs() >= 3, 90000);  // item 3: the first All-Layers run, slowed
      d->refresh();
      QVERIFY(d->items_table()->rowCount() == 8);
      QVERIFY(d->stop_button()->isEnabled());
      ::kill(static_cast<pid_t>(running_sweep_pid(state.toStdString())), SIGKILL);  // the sweep dies; the workbench closes
    }
    QVERIFY(run_dirs() < 8);
    MainWindow w;
    w.set_runs_root(runs);
    SweepDialog* d = w.sweep_dialog();
    QCOMPARE(d->state_file(), state);  // found in the runs folder
    d->refresh();
    QVERIFY(!d->sweep_running());
    QVERIFY2(d->state_label()->text().contains("is not running") && d->resume_button()->isEnabled(), qPrintable(d->state_label()->text()));
    QSignalSpy finished(d, &SweepDialog::sweep_finished);
    d->show();
    d->resume_button()->click();
    QTRY_VERIFY_WITH_TIMEOUT(d->sweep_running() || !finished.isEmpty(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 300000);
    QCOMPARE(run_dirs(), 8);
    QCOMPARE(finished.front().at(0).toStringList().size(), 8);
    QVERIFY2(d->state_label()->text().contains("finished: all 8 runs"), qPrintable(d->state_label()->text()));
    QVERIFY(d->grab().save(shots_ + "/sweep-dialog.png"));
    // On the Compare page: 4 rows of 2 seeds, a band behind each median.
    KpiTableModel* kpi = w.compare_page()->kpi_model();
    QCOMPARE(kpi->rowCount(), 4);
    for (const RunKpi& k : kpi->runs()) {
      QCOMPARE(k.seeds, 2);
      QVERIFY(k.accuracy_min <= k.accuracy && k.accuracy <= k.accuracy_max);
    }
    int bands = 0;
    for (QAbstractSeries* s : w.compare_page()->chart_view()->chart()->series()) bands += qobject_cast<QAreaSeries*>(s) != nullptr;
    QCOMPARE(bands, 4);
    w.resize(1366, 700);
    w.show();
    QVERIFY(w.grab().toImage().save(shots_ + "/compare-sweep.png"));
  }

  void killingTheGuiLosesNoRecordedPoint() {
    const QString runs = tmp_.filePath("runs-killed");
    const QString exp = tmp_.filePath("killed.json");
    std::ofstream(exp.toStdString()) << small_experiment(300).dump(2);  // still running when the GUI dies
    QProcess gui;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    gui.setProcessEnvironment(env);
    gui.start(FFW_WORKBENCH, {"--runs", runs, "--run", exp});
    QVERIFY(gui.waitForStarted());
    QString dir;
    QTRY_VERIFY_WITH_TIMEOUT(!(dir = [&] {
                                 const auto entries = QDir(runs).entryList({"gui-test-*"}, QDir::Dirs);
                                 return entries.isEmpty() ? QString() : QDir(runs).filePath(entries.front());
                               }()).isEmpty(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(dir + "/metrics.csv").size() > 200, 60000);
    RunStore before;
    QVERIFY(before.open(dir));
    QCOMPARE(before.status(), QString("running"));
    ::kill(static_cast<pid_t>(gui.processId()), SIGKILL);
    gui.waitForFinished(5000);
    // The run goes on without the GUI (ffw owns it) and ends; reopened, it shows every point.
    RunStore store;
    QVERIFY(store.open(dir));
    QTRY_VERIFY_WITH_TIMEOUT((store.poll(), store.status() != "running"), 120000);
    QCOMPARE(store.status(), QString("finished"));
    store.poll();
    QFile csv(dir + "/metrics.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    const int records = text.count('\n') - 1;
    const int confusion_cells = text.count(",confusion,");  // the matrices, shown as a matrix
    QVERIFY(confusion_cells > 0 && !store.confusion().counts.empty());
    int shown = 0;
    for (const QString metric : {"goodness_pos", "goodness_neg", "loss", "head_loss", "test_accuracy", "validation_accuracy",
                                 "learning_rate", "samples_per_second"})
      for (const SeriesKey& k : store.keys(metric)) shown += static_cast<int>(store.series(k).size());
    QCOMPARE(shown + confusion_cells, records);
    QTRY_VERIFY_WITH_TIMEOUT(processes_mentioning(dir).isEmpty(), 10000);
  }

  // The Plan page on a synthetic calibration: it predicts every variant, draws a curve per variant,
  // recommends a row and draws its predicted Gantt; with a slow node it places All-Layers' chapters,
  // "Use this plan" writes them (one undo restores the experiment); the Run page overlays the
  // prediction on an opened run. Screenshots at 1366 x 768 and full HD, in English and Japanese.
  void planPagePredictsAndUsesAPlan() {
    MainWindow w;
    w.set_runs_root(runs_);
    w.document()->replace(small_experiment(4), "test", false);
    const json before = w.document()->document();
    PlanPage* plan = w.plan_page();
    QAbstractItemModelTester tester(plan->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!plan->use_button()->isEnabled());  // no costs yet
    plan->set_calibration(test::flat_calibration(64, 3000, 3), "synthetic");
    QVERIFY(plan->model()->rowCount() >= 8);
    QVERIFY(plan->model()->plan().recommended >= 0);
    QVERIFY(plan->chart_view()->chart()->series().size() >= 6);  // 5 variants' lines and the linear reference
    QVERIFY(plan->use_button()->isEnabled());
    plan->nodes_edit()->setText("1,2");
    plan->slow_nodes_box()->setValue(1);
    plan->slowdown_box()->setValue(3);
    plan->recompute();
    int row = -1;
    for (int r = 0; r < plan->model()->rowCount(); ++r)
      if (plan->model()->row(r)->variant == Variant::AllLayers && plan->model()->row(r)->nodes == 2) row = r;
    QVERIFY(row >= 0);
    const std::vector<int> chapters = plan->model()->row(row)->placement.chapter_nodes;
    QCOMPARE(chapters.size(), std::size_t{4});
    QVERIFY(plan->model()->row(row)->seconds < plan->model()->row(row)->placement.preset_seconds);
    plan->select_row(row);
    QCOMPARE(plan->gantt()->nodes(), 2);
    QVERIFY(!plan->gantt()->segments().empty());
    w.resize(1366, 768);
    w.show_page(plan);
    w.show();
    QVERIFY(w.grab().toImage().save(shots_ + "/plan-1366.png"));
    w.resize(1920, 1080);
    QVERIFY(w.grab().toImage().save(shots_ + "/plan-1920.png"));
    plan->use_selected();
    QCOMPARE(w.document()->value("/algorithm/variant"), json("all-layers"));
    QCOMPARE(w.document()->value("/cluster/nodes"), json(2));
    QCOMPARE(w.document()->value("/cluster/chapter_nodes").get<std::vector<int>>(), chapters);
    QCOMPARE(parse_experiment(w.document()->document()).chapter_nodes, chapters);  // what ffw runs
    w.document()->undo_stack()->undo();
    QCOMPARE(w.document()->document(), before);
    // The Run page: the prediction under each measured lane of a finished run.
    const QString fixture = tmp_.filePath("plan-fixture-run");
    test::write_fixture_run(fixture);
    QVERIFY(w.open_run(fixture));
    QVERIFY(w.run_page()->overlay_box()->isEnabled());
    w.run_page()->overlay_box()->setChecked(true);
    QVERIFY(!w.run_page()->timeline()->predicted().empty());
    w.show_page(w.run_page());
    QVERIFY(w.grab().toImage().save(shots_ + "/run-with-prediction.png"));
    w.run_page()->overlay_box()->setChecked(false);
    QVERIFY(w.run_page()->timeline()->predicted().empty());
  }

  // "Probe this machine": `ffw probe` of the designed experiment in the background, its calibration
  // loaded when it ends, the plan drawn from it.
  void planPageProbesThisMachine() {
    MainWindow w;
    w.document()->replace(small_experiment(2), "test", false);
    PlanPage* plan = w.plan_page();
    QSignalSpy loaded(plan, &PlanPage::calibration_changed);
    plan->probe();
    QVERIFY(loaded.wait(180000));
    QVERIFY(plan->calibration().has_value());
    QCOMPARE(plan->calibration()->input_dim, 64);
    QVERIFY(plan->model()->rowCount() > 0);
    QVERIFY(plan->model()->plan().recommended >= 0);
  }

  void planPageInJapanese() {
    auto texts = [this](MainWindow& w) {
      w.document()->replace(small_experiment(4), "test", false);
      w.plan_page()->set_calibration(test::flat_calibration(64, 3000, 3), "synthetic");
      w.show_page(w.plan_page());
      w.resize(1366, 768);
      w.show();
      return visible_texts(w.plan_page());
    };
    MainWindow english;
    const QStringList en = texts(english);
    QTranslator translator;
    QVERIFY(translator.load(":/i18n/ffw_ja.qm"));
    QCoreApplication::installTranslator(&translator);
    MainWindow japanese;
    const QStringList ja = texts(japanese);
    QVERIFY(japanese.grab().toImage().save(shots_ + "/plan-ja.png"));
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(ja.size(), en.size());
    const QStringList missing = untranslated(en, ja);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(" | ")));
  }

  // The elastic ring in the workbench: the Cluster page offers "go on without a lost node" for
  // the ring variants on local workers only, and the Run page says which node was lost when, and
  // where the others went on, in English and Japanese (the run directory holds it: the fixture).
  void elasticRingIsOfferedAndItsLossesShown() {
    MainWindow w;
    w.document()->set("/algorithm/variant", "all-layers");
    w.document()->set("/cluster/launcher", "local");
    w.document()->set("/cluster/nodes", 4);
    QCheckBox* go_on = w.cluster()->continue_box();
    QVERIFY(go_on->isVisibleTo(w.cluster()) && go_on->isEnabled());
    go_on->setChecked(true);
    QCOMPARE(w.document()->value("/cluster/on_node_failure"), json("continue"));
    QVERIFY2(!has_errors(w.document()->problems()),
             w.document()->problems().empty() ? "" : qPrintable(w.document()->problems().front().message));
    w.document()->set("/cluster/launcher", "mpi");  // Open MPI cannot shrink: the rulebook says so
    bool said = false;
    for (const auto& p : w.document()->problems()) said |= p.path == QLatin1String("/cluster/on_node_failure");
    QVERIFY(said);
    go_on->setChecked(false);
    QVERIFY(!w.document()->document()["cluster"].contains("on_node_failure"));
    QVERIFY(!go_on->isEnabled());

    QTemporaryDir tmp;
    QVERIFY(test::copy_tree(QStringLiteral(FFW_SOURCE_DIR "/tests/fixtures"), tmp.path()));
    const QString run = tmp.filePath("runs/all-layers-elastic-stopped");
    QVERIFY(w.open_run(run));
    w.run_page()->redraw();
    const QString text = w.run_page()->losses_label()->text();
    QVERIFY2(text.contains("Node 2 lost at 0:00, continuing on 3 nodes from chapter 7"), qPrintable(text));
    QVERIFY(w.run_page()->losses_label()->isVisibleTo(w.run_page()));
    QTranslator translator;
    QVERIFY(translator.load(":/i18n/ffw_ja.qm"));
    QCoreApplication::installTranslator(&translator);
    MainWindow japanese;
    QVERIFY(japanese.open_run(run));
    japanese.run_page()->redraw();
    const QString ja = japanese.run_page()->losses_label()->text();
    QCoreApplication::removeTranslator(&translator);
    QVERIFY2(!ja.contains("lost") && ja.contains("2") && ja.contains("7"), qPrintable(ja));
    QVERIFY2(!japanese.run_page()->status_label()->text().contains("(stopped)"), qPrintable(japanese.run_page()->status_label()->text()));
  }

  // The confusion matrix names the classes (here the CSV fixture's numbers; Fashion-MNIST's names
  // and the others are tst_models'), colours each cell by its share of the row, and says the
  // count and row percentage on hover.
  void confusionMatrixIsNamedAndColouredPerRow() {
    MainWindow w;
    QTemporaryDir tmp;
    QVERIFY(test::copy_tree(QStringLiteral(FFW_SOURCE_DIR "/tests/fixtures"), tmp.path()));
    const QString run = tmp.filePath("runs/sequential-finished");
    // Class names of the CSV data, given in the experiment.
    QFile f(run + "/experiment.json");
    QVERIFY(f.open(QIODevice::ReadOnly));
    json e = json::parse(f.readAll().toStdString());
    f.close();
    e["data"]["class_names"] = {"setosa", "versicolour", "virginica"};
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QByteArray::fromStdString(e.dump(2)));
    f.close();
    QVERIFY(w.open_run(run));
    w.run_page()->redraw();
    QTableWidget* m = w.run_page()->confusion_table();
    QCOMPARE(m->rowCount(), 3);
    QCOMPARE(m->verticalHeaderItem(0)->text(), QString("setosa"));
    QVERIFY(QString("versicolour").startsWith(m->horizontalHeaderItem(1)->text().remove(QChar(0x2026))));  // cut where narrow
    QVERIFY(m->horizontalHeaderItem(1)->toolTip().contains("versicolour"));
    QVERIFY2(m->item(1, 2)->toolTip().contains("% of the row"), qPrintable(m->item(1, 2)->toolTip()));
    QVERIFY(w.run_page()->confusion_note()->text().contains("trained network"));
    // Per row: a row's largest share is its deepest colour, whatever the row's size.
    for (int r = 0; r < 3; ++r) {
      int deepest = 0;
      long long most = -1;
      for (int c = 0; c < 3; ++c)
        if (m->item(r, c)->text().toLongLong() > most) most = m->item(r, c)->text().toLongLong(), deepest = c;
      for (int c = 0; c < 3; ++c) {
        const QColor colour = m->item(r, c)->background().color();
        const QColor top = m->item(r, deepest)->background().color();
        QVERIFY(std::min({colour.red(), colour.green(), colour.blue()}) >= std::min({top.red(), top.green(), top.blue()}));
      }
    }
  }

  // Every Designer field says on hover what it means for PFF, in the user's language; a problem
  // with the field comes first, the explanation stays.
  void designerFieldsExplainThemselves() {
    const std::vector<std::string> pointers = {"/name", "/algorithm/variant", "/algorithm/negatives", "/algorithm/classifier",
                                               "/training/epochs", "/training/chapters", "/training/batch_size",
                                               "/training/optimizer/learning_rate", "/training/seed", "/data/format", "/data/path"};
    MainWindow w;
    std::map<std::string, QString> english;
    for (const auto& p : pointers) {
      QWidget* field = w.designer()->field(p);
      QVERIFY2(field && field->toolTip().size() > 20, p.c_str());
      english[p] = field->toolTip();
    }
    QVERIFY(english["/training/chapters"].contains("chapter"));
    w.document()->set("/training/chapters", 7);  // does not divide the epochs
    QVERIFY(w.designer()->field("/training/chapters")->toolTip().startsWith("/training/chapters") ||
            w.designer()->field("/training/chapters")->toolTip().contains("divide"));
    QVERIFY(w.designer()->field("/training/chapters")->toolTip().contains(english["/training/chapters"]));
    QTranslator translator;
    QVERIFY(translator.load(":/i18n/ffw_ja.qm"));
    QCoreApplication::installTranslator(&translator);
    MainWindow japanese;
    for (const auto& p : pointers) {
      const QString tip = japanese.designer()->field(p)->toolTip();
      QVERIFY2(!tip.isEmpty() && tip != english[p], p.c_str());
    }
    QCoreApplication::removeTranslator(&translator);
  }

  void japaneseLocaleTranslatesEveryVisibleText() {
    MainWindow english;
    english.show();
    const QStringList en = visible_texts(&english);
    QTranslator translator;
    QVERIFY(translator.load(":/i18n/ffw_ja.qm"));
    QCoreApplication::installTranslator(&translator);
    MainWindow japanese;
    japanese.show();
    const QStringList ja = visible_texts(&japanese);
    QVERIFY(japanese.grab().toImage().save(shots_ + "/designer-ja.png"));
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(ja.size(), en.size());
    const QStringList missing = untranslated(en, ja);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(" | ")));
    QVERIFY(en.size() > 40);
  }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
