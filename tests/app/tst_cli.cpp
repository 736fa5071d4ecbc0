// The `ffw` command line end to end on small generated IDX data: the run directory contract,
// exit codes, clear errors, eval, and stop (SIGINT) + resume.
#include <QProcess>
#include <algorithm>
#include <map>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <unistd.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cluster/schedule.h"
#include "core/experiment.h"
#include "core/model_file.h"
#include "core/timeline.h"
#include "synthetic.h"

using namespace ffw;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Outcome {
  int code = -1;
  QString out, err;
};

Outcome ffw_cli(const QStringList& args) {
  QProcess p;
  p.start(FFW_BINARY, args);
  p.waitForFinished(300000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
          p.readAllStandardError()};
}

json read_json(const fs::path& f) {
  std::ifstream in(f);
  return json::parse(in);
}

json experiment(const fs::path& data, int epochs, int train_samples, int width = 32) {
  return {{"schema_version", 1},
          {"name", "cli-test"},
          {"data", {{"format", "idx"}, {"path", data.string()}, {"limit_train", train_samples}}},
          {"network", {{"layers", {{{"width", width}}, {{"width", width}}}}}},
          {"algorithm", {{"variant", "sequential"}, {"negatives", "random"}, {"classifier", "softmax"}}},
          {"training", {{"epochs", epochs}, {"chapters", epochs}, {"batch_size", 20}, {"threads", 1},
                        {"optimizer", {{"name", "adam"}, {"learning_rate", 0.003}}}}}};
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  fs::path dir_, data_;

  fs::path write_experiment(const std::string& name, const json& doc) {
    const fs::path f = dir_ / name;
    std::ofstream(f) << doc.dump(2);
    return f;
  }

private slots:
  void initTestCase() {
    dir_ = tmp_.path().toStdString();
    data_ = dir_ / "data";
    fs::create_directories(data_);
    write_idx(test::synthetic_dataset(2000, 64, 1), data_ / "train-images-idx3-ubyte.gz",
              data_ / "train-labels-idx1-ubyte.gz", true);
    write_idx(test::synthetic_dataset(200, 64, 2), data_ / "t10k-images-idx3-ubyte",
              data_ / "t10k-labels-idx1-ubyte", false);
  }

  // `ffw bench scaling --emulate`: nodes as threads on their own CPU-time clocks, Sequential on the
  // same clock; every line says it is an estimate, and the bytes are still counted.
  void benchScalingEmulatesNodesOnTheirOwnClocks() {
    auto r = ffw_cli({"bench", "scaling", "--emulate", "--data", QString::fromStdString(data_.string()), "--limit", "400",
                      "--limit-test", "100", "--chapters", "2", "--seeds", "1", "--nodes", "2", "--layers", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);  // Sequential (no all-cores line: threads cannot emulate it), 2 nodes
    const json seq = json::parse(lines[0].toStdString()), two = json::parse(lines[1].toStdString());
    QCOMPARE(seq["variant"], json("sequential"));
    QCOMPARE(seq["emulated"], json(true));
    QCOMPARE(seq["launcher"], json("threads (emulated)"));
    QVERIFY(!seq.contains("speedup_vs_sequential_all_cores"));
    QCOMPARE(two["nodes"], json(2));
    QCOMPARE(two["emulated"], json(true));
    QVERIFY(two["seconds"].get<double>() > 0);
    QCOMPARE(two["idle_fraction_per_node"].size(), std::size_t{2});
    QCOMPARE(two["bytes_per_epoch"].get<double>(), two["bytes_per_epoch_analytic"].get<double>());
    QVERIFY(two["bytes_per_epoch"].get<double>() > 0);
    QVERIFY(two["test_accuracy"].get<double>() > 0.3);
    // More nodes than chapters: some would never train; said before anything runs.
    auto idle = ffw_cli({"bench", "scaling", "--emulate", "--nodes", "16", "--chapters", "10", "--data",
                         QString::fromStdString(data_.string())});
    QCOMPARE(idle.code, 2);
    QVERIFY2(idle.err.contains("--nodes 16 is more than --chapters 10"), qPrintable(idle.err));
    // The optimizer state goes with a layer only where layers move.
    auto bad = ffw_cli({"bench", "scaling", "--emulate", "--send-optimizer-state", "--variant", "single-layer", "--data",
                        QString::fromStdString(data_.string())});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("--send-optimizer-state applies to --variant all-layers only"), qPrintable(bad.err));
  }

  void versionAndHelp() {
    auto v = ffw_cli({"--version"});
    QCOMPARE(v.code, 0);
    QVERIFY(v.out.startsWith("ffw "));
    auto h = ffw_cli({"--help"});
    QCOMPARE(h.code, 0);
    QVERIFY(h.out.contains("run") && h.out.contains("bench") && h.out.contains("Exit codes"));
    QCOMPARE(ffw_cli({"frobnicate"}).code, 2);
  }

  void runWritesTheRunDirectory() {
    const fs::path exp = write_experiment("ok.json", experiment(data_, 2, 2000));
    const fs::path out = dir_ / "run-ok";
    const auto r = ffw_cli({"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("chapter 2/2") && r.err.contains("results in"), qPrintable(r.err));
    const json s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("finished"));
    QVERIFY(s["test_accuracy"].get<double>() > 0.5);
    QVERIFY(s["test_accuracy_by_classifier"].contains("goodness"));
    QVERIFY(s["test_accuracy_by_classifier"].contains("softmax"));
    QCOMPARE(s["epochs_done"].get<int>(), 2);
    QVERIFY(s["wall_seconds"].get<double>() > 0);
    for (const char* key : {"cpu_model", "cpu_isa", "cores", "gemm_backend", "gemm_kernel", "precision",
                             "forced_kernel_environment", "blas_library", "blas_kernel", "threads", "build_target",
                             "build_version"})
      QVERIFY2(s["machine"].contains(key), key);
    // training.gemm "auto": measured once, here, and the run's experiment.json holds the answer that
    // every node and every resume uses.
    QCOMPARE(s["gemm"]["chosen_by"], json("measurement"));
    const std::string chosen = read_json(out / "experiment.json")["training"]["gemm"];
    QVERIFY2(chosen == "openblas" || chosen == "onednn", chosen.c_str());
    QCOMPARE(s["gemm"]["backend"], json(chosen));
    QCOMPARE(s["machine"]["gemm_backend"], json(chosen));
    QVERIFY(s["gemm"]["measured_gflops"].contains(chosen));
    QVERIFY(fs::exists(out / "experiment.json"));
    QVERIFY(fs::exists(out / "model.ffwm"));
    QVERIFY(fs::exists(out / "checkpoints" / "last.ffwc"));
    std::ifstream metrics(out / "metrics.csv");
    std::string header, line;
    std::getline(metrics, header);
    QCOMPARE(header, std::string("time_s,node,chapter,batch,layer,metric,value"));
    int rows = 0, accuracy_rows = 0;
    while (std::getline(metrics, line)) {
      ++rows;
      accuracy_rows += line.find(",test_accuracy,") != std::string::npos;
    }
    QVERIFY(rows > 10);
    QCOMPARE(accuracy_rows, 2);  // one per chapter

    const auto e = ffw_cli({"eval", QString::fromStdString((out / "model.ffwm").string()), "--data",
                            QString::fromStdString(data_.string())});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    const json ev = json::parse(e.out.toStdString());
    QCOMPARE(ev["test_accuracy"]["softmax"].get<double>(), s["test_accuracy_by_classifier"]["softmax"].get<double>());

    QCOMPARE(ffw_cli({"resume", QString::fromStdString(out.string())}).code, 2);  // nothing to resume
  }

  // ffw probe writes a calibration; ffw plan reads it and predicts every variant and node count it
  // can, as JSON lines and a table, with a recommendation; a broken calibration is a data error.
  void probeThenPlan() {
    const fs::path exp = write_experiment("plan.json", experiment(data_, 4, 2000));
    const fs::path calibration = dir_ / "plan.calibration.json";
    auto r = ffw_cli({"probe", QString::fromStdString(exp.string()), "--out", QString::fromStdString(calibration.string()),
                      "--samples", "400", "--no-transports"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const json c = read_json(calibration);
    QCOMPARE(c["schema"], json("ffw-calibration-1"));
    QCOMPARE(c["forward_forward"]["train_stage_s_per_sample"].size(), std::size_t{3});  // 2 layers and the head
    QVERIFY(c["forward_forward"]["train_stage_s_per_sample"][0].get<double>() > 0);
    QCOMPARE(c["data"]["train_samples"], json(2000));
    QVERIFY(c["machine"].contains("gemm_backend"));

    r = ffw_cli({"plan", QString::fromStdString(exp.string()), "--calibration", QString::fromStdString(calibration.string()),
                 "--nodes", "1,2,4", "--bandwidth-mbit", "100", "--slowdown", "1,2", "--timeline",
                 QString::fromStdString((dir_ / "predicted-timeline.csv").string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    {  // the recommended row's predicted timeline, in timeline.csv's format
      std::ifstream in(dir_ / "predicted-timeline.csv");
      const auto segments = read_timeline_csv(in);
      QVERIFY(!segments.empty());
      QVERIFY(std::any_of(segments.begin(), segments.end(), [](const Segment& s) { return s.kind == SegmentKind::Train; }));
    }
    std::map<std::string, json> rows;
    for (const auto& line : r.out.split('\n', Qt::SkipEmptyParts)) {
      const json j = json::parse(line.toStdString());
      rows[j["variant"].get<std::string>() + "/" + std::to_string(j["nodes"].get<int>())] = j;
    }
    for (const char* key : {"sequential/1", "bp/1", "all-layers/2", "all-layers/4", "single-layer/2", "gpipe-bp/2",
                            "data-parallel-bp/4"})
      QVERIFY2(rows.count(key) && rows[key].contains("predicted_seconds"), key);
    QCOMPARE(rows["sequential/1"]["speedup_vs_sequential"].get<double>(), 1.0);
    const json& ring = rows["all-layers/2"];
    QVERIFY(ring["predicted_seconds"].get<double>() > 0);
    QCOMPARE(ring["idle_per_node"].size(), std::size_t{2});
    QCOMPARE(ring["bytes_per_link"].size(), std::size_t{2});
    QVERIFY(ring["bytes_total"].get<long long>() > 0);
    QVERIFY(ring["cost"].get<double>() > 0 && ring["energy_wh"].get<double>() > 0);
    QVERIFY(rows["single-layer/4"].contains("skipped"));  // 4 nodes for 3 stages
    QVERIFY2(r.err.contains("recommended (fastest:"), qPrintable(r.err));
    QVERIFY2(r.err.contains("Accuracy is not predicted"), qPrintable(r.err));

    // A finished FF run as calibration (All-Layers on 2 local workers, 4 chapters): its timeline
    // gives the FF rows; the backprop rows need a probe and say so.
    json ring_doc = experiment(data_, 4, 1000);
    ring_doc["algorithm"]["variant"] = "all-layers";
    ring_doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}};
    const fs::path ring_run = dir_ / "run-ring";
    r = ffw_cli({"run", QString::fromStdString(write_experiment("ring.json", ring_doc).string()), "--out",
                 QString::fromStdString(ring_run.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = ffw_cli({"plan", QString::fromStdString(exp.string()), "--calibration", QString::fromStdString(ring_run.string()),
                 "--nodes", "1,2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(R"("variant":"all-layers")") && r.out.contains("predicted_seconds"), qPrintable(r.out));
    QVERIFY2(r.out.contains("no backprop costs"), qPrintable(r.out));

    const fs::path broken = dir_ / "broken.calibration.json";
    std::ofstream(broken) << R"({"schema": "ffw-calibration-1", "batch_size": 20})";
    r = ffw_cli({"plan", QString::fromStdString(exp.string()), "--calibration", QString::fromStdString(broken.string())});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("broken.calibration.json") && r.err.contains("data"), qPrintable(r.err));
  }

  // `ffw probe --node-speeds`: the reference workload on every node at once through the
  // experiment's launcher, each node with its cluster.slowdown; `ffw plan` then takes the nodes'
  // speeds from the calibration. An experiment of one in-process node has no nodes to time.
  void probeTimesEveryNode() {
    // Batches long enough (milliseconds) that sleeping off a slowdown is not mostly timer slack.
    json doc = experiment(data_, 2, 2000, 256);
    doc["training"]["batch_size"] = 200;
    doc["algorithm"]["variant"] = "all-layers";
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}, {"slowdown", {1, 3}}};
    const fs::path exp = write_experiment("speeds.json", doc);
    const fs::path calibration = dir_ / "speeds.calibration.json";
    auto r = ffw_cli({"probe", QString::fromStdString(exp.string()), "--out", QString::fromStdString(calibration.string()),
                      "--samples", "400", "--no-transports", "--node-speeds"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const json speeds = read_json(calibration)["node_speeds"];
    QVERIFY(speeds["reference_s_per_sample"].get<double>() > 0);
    const auto factors = speeds["slowdown"].get<std::vector<double>>();
    QCOMPARE(factors.size(), std::size_t{2});
    QCOMPARE(speeds["hosts"].size(), std::size_t{2});
    // Node 1 emulates a CPU three times slower; both share this 2-core machine, so loosely.
    const double ratio = factors[1] / factors[0];
    QVERIFY2(ratio > 1.8 && ratio < 5.0, qPrintable(QString::number(ratio)));
    r = ffw_cli({"plan", QString::fromStdString(exp.string()), "--calibration", QString::fromStdString(calibration.string()),
                 "--nodes", "2", "--variants", "all-layers"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("node speeds from the calibration"), qPrintable(r.err));
    json one = experiment(data_, 1, 2000);
    const fs::path single = write_experiment("single.json", one);
    r = ffw_cli({"probe", QString::fromStdString(single.string()), "--out", QString::fromStdString((dir_ / "never.json").string()),
                 "--samples", "400", "--no-transports", "--node-speeds"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--node-speeds") && r.err.contains("cluster.launcher"), qPrintable(r.err));
  }

  // cluster.placement "auto": `ffw run` picks the placement once (Single-Layer's stages, All-Layers'
  // chapters) and writes it into the run's experiment.json, so every node and a resume use it as given.
  void autoPlacementIsWrittenIntoTheRun_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("key");
    QTest::newRow("single-layer") << "single-layer" << "stage_nodes";
    QTest::newRow("all-layers") << "all-layers" << "chapter_nodes";
    QTest::newRow("data-parallel-bp") << "data-parallel-bp" << "batch_shares";
  }
  void autoPlacementIsWrittenIntoTheRun() {
    QFETCH(QString, variant);
    QFETCH(QString, key);
    json doc = experiment(data_, 2, 1000);
    doc["algorithm"]["variant"] = variant.toStdString();
    if (variant == "data-parallel-bp") {
      doc["algorithm"]["negatives"] = "none";
      doc["algorithm"].erase("classifier");
    }
    doc["training"]["epochs"] = doc["training"]["chapters"] = 4;
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}, {"slowdown", {1, 3}}, {"placement", "auto"}};
    const fs::path exp = write_experiment("placement-" + variant.toStdString() + ".json", doc);
    const fs::path out = dir_ / ("run-placement-" + variant.toStdString());
    const auto r = ffw_cli({"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("placement: auto: " + key + " ["), qPrintable(r.err));
    const json kept = read_json(out / "experiment.json")["cluster"];
    QCOMPARE(kept["placement"], json("auto"));
    const auto nodes = kept[key.toStdString()].get<std::vector<int>>();
    // Which placement wins depends on this machine's costs (tst_planner checks the search).
    if (key == "stage_nodes") {
      QCOMPARE(nodes.size(), std::size_t{3});  // 2 layers and the head
      QCOMPARE(nodes.front(), 0);
      QCOMPARE(nodes.back(), 1);
    } else if (key == "batch_shares") {
      QCOMPARE(nodes.size(), std::size_t{2});
      QVERIFY(nodes[0] >= nodes[1]);  // node 1 is three times slower
      QCOMPARE(read_json(out / "summary.json")["status"], json("finished"));
    } else {
      QCOMPARE(nodes.size(), std::size_t{4});  // the chapters
      QCOMPARE(std::count(nodes.begin(), nodes.end(), 1) >= 1 && std::count(nodes.begin(), nodes.end(), 0) >= 1, true);
      QCOMPARE(read_json(out / "summary.json")["status"], json("finished"));
    }
  }

  void invalidExperimentExitsWith3() {
    json doc = experiment(data_, 2, 100);
    doc["training"]["epochs"] = 0;
    doc["network"]["depth"] = 3;
    const fs::path exp = write_experiment("bad.json", doc);
    const auto v = ffw_cli({"validate", QString::fromStdString(exp.string())});
    QCOMPARE(v.code, 3);
    QVERIFY2(v.err.contains("/training/epochs") && v.err.contains("/network/depth"), qPrintable(v.err));
    const auto r = ffw_cli({"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString((dir_ / "never").string())});
    QCOMPARE(r.code, 3);
    QVERIFY(!fs::exists(dir_ / "never"));
  }

  void validateChecksTheClusterSection() {
    json doc = experiment(data_, 2, 100);
    doc["algorithm"]["variant"] = "all-layers";
    doc["cluster"] = {{"launcher", "mpi"}, {"nodes", 2}, {"hostfile", "missing-hosts.txt"}};
    const auto r = ffw_cli({"validate", QString::fromStdString(write_experiment("hosts.json", doc).string())});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("/cluster/hostfile") && r.err.contains("missing-hosts.txt"), qPrintable(r.err));
    doc["cluster"] = {{"launcher", "in-process"}};
    const auto in_process = ffw_cli({"validate", QString::fromStdString(write_experiment("inproc.json", doc).string())});
    QCOMPARE(in_process.code, 3);
    QVERIFY2(in_process.err.contains("/cluster/launcher"), qPrintable(in_process.err));
    // A hostile hostfile: refused with its line number by validate and by run, before mpirun.
    std::ofstream(dir_ / "hostile-hosts.txt") << "localhost slots=2\n--mca plm_rsh_agent evil\n";
    doc["cluster"] = {{"launcher", "mpi"}, {"nodes", 2}, {"hostfile", "hostile-hosts.txt"}};
    const fs::path hostile = write_experiment("hostile.json", doc);
    for (const char* command : {"validate", "run"}) {
      QStringList args = {command, QString::fromStdString(hostile.string())};
      if (std::string(command) == "run") args << "--out" << QString::fromStdString((dir_ / "never-hostile").string());
      const auto h = ffw_cli(args);
      QCOMPARE(h.code, 3);
      QVERIFY2(h.err.contains("hostile-hosts.txt:2: \"--mca\" looks like an option"), qPrintable(h.err));
      QVERIFY2(!h.err.contains("FORCE-TERMINATE"), qPrintable(h.err));
    }
    QVERIFY(!fs::exists(dir_ / "never-hostile"));  // refused before a run directory exists
  }

  // bf16 where it cannot run natively is refused before anything starts, with the reason. Here
  // oneDNN is held below its bf16 instruction set, as on a CPU without AVX512_BF16 or AMX.
  void bf16WithoutNativeSupportExitsWith3() {
    json doc = experiment(data_, 1, 200);
    doc["training"]["precision"] = "bf16";
    const fs::path exp = write_experiment("bf16.json", doc);
    const fs::path out = dir_ / "run-bf16";
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("ONEDNN_MAX_CPU_ISA", "AVX2");
    p.setProcessEnvironment(env);
    p.start(FFW_BINARY, {"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QVERIFY(p.waitForFinished(60000));
    const QString err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 3);
    QVERIFY2(err.contains("/training/precision: is \"bf16\", but"), qPrintable(err));
    QVERIFY2(!fs::exists(out), "a run directory was created for a run that cannot start");
  }

  void malformedJsonExitsWith3() {
    const fs::path f = dir_ / "broken.json";
    std::ofstream(f) << "{\"schema_version\": 1,";
    const auto r = ffw_cli({"validate", QString::fromStdString(f.string())});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("broken.json") && r.err.contains("not valid JSON"), qPrintable(r.err));
  }

  void missingDataExitsWith4AndRecordsTheFailure() {
    const fs::path exp = write_experiment("nodata.json", experiment(dir_ / "nowhere", 2, 100));
    const fs::path out = dir_ / "run-nodata";
    const auto r = ffw_cli({"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("ffw: ") && r.err.contains("nowhere is not a directory"), qPrintable(r.err));
    const json s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("failed"));
    QVERIFY(s["error"].get<std::string>().find("nowhere") != std::string::npos);
  }

  // GPipe's micro_batches "auto" (the default) becomes a number in the run's experiment.json, the
  // one every node and every resume reads: 2 nodes, batch 20, micro-batches of >= 25 samples -> 1.
  void gpipeRecordsItsAutomaticMicroBatches() {
    json doc = experiment(data_, 1, 200);
    doc["algorithm"] = {{"variant", "gpipe-bp"}};
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}};
    doc["training"]["batch_size"] = 50;
    const fs::path exp = write_experiment("gpipe.json", doc);
    const fs::path out = dir_ / "run-gpipe";
    const auto r = ffw_cli({"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(read_json(exp)["algorithm"].contains("micro_batches"), false);
    QCOMPARE(read_json(out / "experiment.json")["algorithm"]["micro_batches"], json(auto_micro_batches(2, 50)));
    QVERIFY2(r.err.contains("micro-batches: 2 of 25 samples"), qPrintable(r.err));
  }

  // algorithm.adaptive_from: a new run records the rule it uses (softmax, under the softmax
  // classifier); a run directory from before the key existed resumes with goodness, and says so.
  void runsBeforeAdaptiveFromKeepTheGoodnessRule() {
    json doc = experiment(data_, 2, 200);
    doc["algorithm"]["negatives"] = "adaptive";
    const fs::path exp = write_experiment("adaptive.json", doc);
    const fs::path out = dir_ / "run-adaptive";
    const auto r = ffw_cli({"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    json recorded = read_json(out / "experiment.json");
    QCOMPARE(recorded["algorithm"]["adaptive_from"], json("softmax"));
    recorded["algorithm"].erase("adaptive_from");  // as written before the key existed
    std::ofstream(out / "experiment.json") << recorded.dump(2);
    const auto again = ffw_cli({"resume", QString::fromStdString(out.string())});
    QCOMPARE(again.code, 2);  // finished: nothing to resume, but the rule is now written down
    QVERIFY2(again.err.contains("predates algorithm.adaptive_from"), qPrintable(again.err));
    QCOMPARE(read_json(out / "experiment.json")["algorithm"]["adaptive_from"], json("goodness"));
  }

  // `ffw bench compare` keeps like with like: every row states the samples it trains per epoch,
  // Federated (1/N of them per chapter) sits in its own block without "vs" figures, and the bubble
  // shown is the schedule's own for the row's nodes, chapters and stages.
  void benchCompareKeepsFederatedApart() {
    const auto r = ffw_cli({"bench", "compare", "--data", QString::fromStdString(data_.string()), "--limit", "400",
                            "--chapters", "3", "--seeds", "1", "--transports", "local", "--variants",
                            "sequential,all-layers,federated-iid"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    std::map<std::string, json> rows;
    for (const auto& line : r.out.split('\n'))
      if (line.startsWith('{')) {
        const json j = json::parse(line.toStdString());
        rows[j["config"].get<std::string>()] = j;
      }
    QCOMPARE(rows.size(), std::size_t{3});
    const json& ring = rows["all-layers"];
    const json& fed = rows["federated-iid"];
    QCOMPARE(ring["samples_per_epoch"].get<double>(), 400.0);
    QCOMPARE(fed["samples_per_epoch"].get<double>(), 200.0);
    QCOMPARE(ring["block"], json("equal work"));
    QVERIFY(fed["block"].get<std::string>().starts_with("federated"));
    QVERIFY(ring["speedup_vs_sequential_ff"].is_number());
    QVERIFY(fed["speedup_vs_sequential_ff"].is_null() && fed["speedup_vs_bp"].is_null());
    Experiment e;
    e.variant = Variant::AllLayers;
    e.layers.resize(4);
    e.classifier = Classifier::Softmax;
    e.nodes = 2;
    e.chapters = 3;
    QCOMPARE(ring["stages"].get<int>(), 5);
    QCOMPARE(ring["theoretical_bubble"].get<double>(), theoretical_bubble(e));
    QCOMPARE(ring["theoretical_bubble"].get<double>(), 1.0 - 15.0 / (2 * 10.0));  // chapter 2 starts at 5, ends at 10
    QVERIFY2(r.err.contains("Federated: each chapter trains on 1/N"), qPrintable(r.err));
  }

  // `ffw bench paper` at a toy scale: every row of the design with the paper's figure beside it,
  // emulated times, accuracies from real runs equal to the emulated runs' (the same computation),
  // Single-Layer equal to Sequential, and orderings claimed only beyond the seeds' spread.
  void benchPaperReproducesTheTablesStructure() {
    const auto r = ffw_cli({"bench", "paper", "--data", QString::fromStdString(data_.string()), "--limit", "300",
                            "--epochs", "4", "--seeds", "2", "--negatives", "adaptive,random", "--classifiers",
                            "softmax", "--gemm", "openblas"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    std::map<std::string, json> rows;
    std::vector<json> claims;
    for (const auto& line : r.out.split('\n'))
      if (line.startsWith('{')) {
        const json j = json::parse(line.toStdString());
        if (j.contains("ordering")) claims.push_back(j);
        else rows[j["negatives"].get<std::string>() + "/" + j["implementation"].get<std::string>()] = j;
      }
    QCOMPARE(rows.size(), std::size_t{6});
    QCOMPARE(rows["random/single-layer"]["nodes"].get<int>(), 5);  // 4 layers and the softmax head
    QCOMPARE(rows["random/all-layers"]["nodes"].get<int>(), 4);
    for (const auto& [name, row] : rows) {
      QCOMPARE(row["timing"], json("emulated"));
      QCOMPARE(row["accuracy_per_seed"], row["emulated_accuracy_per_seed"]);
      QCOMPARE(row["accuracy_per_seed"].size(), std::size_t{2});
      QVERIFY2(row.contains("paper_mnist"), name.c_str());
    }
    QCOMPARE(rows["adaptive/single-layer"]["accuracy_per_seed"], rows["adaptive/sequential"]["accuracy_per_seed"]);
    QCOMPARE(rows["random/sequential"]["speedup_vs_sequential"].get<double>(), 1.0);
    QCOMPARE(rows["random/all-layers"]["paper_mnist"]["seconds"].get<double>(), 1786.30);
    bool tie_seen = false;
    for (const auto& c : claims) {
      const auto a = c["a_range"], b = c["b_range"];
      const bool disjoint = a[0].get<double>() > b[1].get<double>() || b[0].get<double>() > a[1].get<double>();
      QCOMPARE(c["verdict"].get<std::string>().starts_with("within the spread"), !disjoint);
      tie_seen |= c["ordering"] == "accuracy, adaptive softmax" && c["a"] == "single-layer";
    }
    QVERIFY(tie_seen);
  }

  // A damaged newest checkpoint: the resume sets it aside (FILE.damaged, kept), says so, falls back
  // to the checkpoint before it, and still ends with the uninterrupted run's weights, bit for bit.
  void damagedNewestCheckpointFallsBackToThePreviousOne_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("newest");
    QTest::newRow("in-process sequential") << "sequential" << "last.ffwc";
    QTest::newRow("local all-layers, 2 nodes") << "all-layers" << "node0-chapter00003.ffwc";
  }
  void damagedNewestCheckpointFallsBackToThePreviousOne() {
    QFETCH(QString, variant);
    QFETCH(QString, newest);
    json doc = experiment(data_, 4, 600);
    doc["training"]["gemm"] = "openblas";  // both runs multiply alike, whatever a measurement would pick
    doc["algorithm"]["variant"] = variant.toStdString();
    if (variant != "sequential") doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}};
    const fs::path exp = write_experiment("fallback-" + variant.toStdString() + ".json", doc);
    const fs::path whole = dir_ / ("whole-" + variant.toStdString()), cut = dir_ / ("cut-" + variant.toStdString());
    const QString e = QString::fromStdString(exp.string());
    auto r = ffw_cli({"run", e, "--out", QString::fromStdString(whole.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = ffw_cli({"run", e, "--out", QString::fromStdString(cut.string()), "--stop-after-chapters", "3"});
    QVERIFY2(r.code == 130, qPrintable(r.err));
    QCOMPARE(read_json(cut / "summary.json")["status"], json("stopped"));
    const fs::path damaged = cut / "checkpoints" / newest.toStdString();
    QVERIFY(fs::exists(damaged));
    {
      std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(100);
      f.put('\x7f');
    }
    r = ffw_cli({"resume", QString::fromStdString(cut.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("checksum mismatch") && r.err.contains("set aside as " + newest + ".damaged"), qPrintable(r.err));
    QVERIFY(fs::exists(damaged.string() + ".damaged"));
    const auto bytes = [](const fs::path& f) {
      std::ifstream in(f, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    QVERIFY(bytes(cut / "model.ffwm") == bytes(whole / "model.ffwm"));
  }

  // A full disk (a 12 MB tmpfs in a private mount namespace, gone when the test ends): the run fails
  // with exit 5 naming the file and the cause, summary.json says so, and the checkpoints on disk are
  // whole ones: no half-written file, no temporary left behind.
  void fullDiskFailsClearlyAndKeepsWholeCheckpoints() {
    if (::geteuid() != 0 || QProcess::execute("unshare", {"-m", "true"}) != 0)
      QSKIP("needs root and mount namespaces (unshare -m) for a private tmpfs");
    json doc = experiment(data_, 6, 200, 600);  // checkpoints of about 4.8 MB: the third does not fit
    doc["training"]["gemm"] = "openblas";
    const fs::path exp = write_experiment("full-disk.json", doc);
    const fs::path mnt = dir_ / "small-disk", copy = dir_ / "full-disk-run";
    fs::create_directories(mnt);
    // The pre-flight sees the small disk and refuses (exit 8, nothing written); the run's own
    // handling is what --no-preflight then tests.
    QProcess p;
    p.start("unshare", {"-m", "sh", "-c",
                        "mount -t tmpfs -o size=12m tmpfs \"$1\" || exit 99; \"$2\" run \"$3\" --out \"$1/run\"; "
                        "[ $? -eq 8 ] && [ ! -e \"$1/run\" ] || exit 98; "
                        "\"$2\" run \"$3\" --out \"$1/run\" --no-preflight; code=$?; cp -r \"$1/run\" \"$4\"; exit $code",
                        "sh", QString::fromStdString(mnt.string()), FFW_BINARY, QString::fromStdString(exp.string()),
                        QString::fromStdString(copy.string())});
    QVERIFY(p.waitForFinished(300000));
    const QString err = p.readAllStandardError();
    QVERIFY2(p.exitCode() == 5, qPrintable(QString::number(p.exitCode()) + ": " + err));
    QVERIFY2(err.contains("No space left on device") && err.contains("the disk is full"), qPrintable(err));
    const json s = read_json(copy / "summary.json");
    QCOMPARE(s["status"], json("failed"));
    QVERIFY(s["error"].get<std::string>().find("the disk is full") != std::string::npos);
    int checkpoints = 0;
    for (const auto& entry : fs::directory_iterator(copy / "checkpoints")) {
      QVERIFY2(entry.path().extension() == ".ffwc", entry.path().c_str());
      QVERIFY(load_checkpoint(entry.path()).chapters_done >= 1);
      ++checkpoints;
    }
    QCOMPARE(checkpoints, 2);  // last.ffwc and previous.ffwc, both whole
  }

  void interruptThenResumeFinishes() {
    const fs::path exp = write_experiment("long.json", experiment(data_, 40, 2000, 512));
    const fs::path out = dir_ / "run-long";
    QProcess p;
    p.start(FFW_BINARY, {"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(fs::exists(out / "checkpoints" / "last.ffwc"), 60000);
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 130);
    json s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("stopped"));
    const int done = s["chapters_done"].get<int>();
    QVERIFY(done >= 1 && done < 40);
    QVERIFY(QString(p.readAllStandardError()).contains("ffw resume"));

    const auto r = ffw_cli({"resume", QString::fromStdString(out.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("finished"));
    QCOMPARE(s["epochs_done"].get<int>(), 40);
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
