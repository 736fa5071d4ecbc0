// The `ffw` command line end to end on small generated IDX data: the run directory contract,
// exit codes, clear errors, eval, and stop (SIGINT) + resume.
#include <QProcess>
#include <algorithm>
#include <map>
#include <set>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <unistd.h>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "cluster/schedule.h"
#include "core/experiment.h"
#include "core/machine.h"
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

// One malformed input of the catalogue below: what is written where, the ffw command that meets
// it, the exit code (docs/cli.md) and the words the message must hold.
struct Malformed {
  std::string name;
  std::function<QStringList(const fs::path& dir)> setup;  // writes the input into `dir`, returns ffw's arguments
  int code;
  std::string says;
};

void write_text(const fs::path& f, const std::string& text) { std::ofstream(f, std::ios::binary) << text; }

// The pid of the local worker of node `node` of the run in `run_dir`, or 0.
pid_t worker_pid(const fs::path& run_dir, int node) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find("ffw-worker") != std::string::npos && cmdline.find(" " + run_dir.string() + " ") != std::string::npos &&
        cmdline.find("--local-rank " + std::to_string(node) + " ") != std::string::npos)
      return static_cast<pid_t>(std::stoi(name));
  }
  return 0;
}

std::vector<char> file_bytes(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const fs::path& f, const std::vector<char>& b) {
  std::ofstream(f, std::ios::binary | std::ios::trunc).write(b.data(), static_cast<std::streamsize>(b.size()));
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
    // Batches long enough (milliseconds) that a node's CPU time is not mostly clock resolution.
    json doc = experiment(data_, 2, 2000, 256);
    doc["training"]["batch_size"] = 200;
    doc["algorithm"]["variant"] = "all-layers";
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}, {"slowdown", {1, 10}}};
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
    // Node 1 emulates a CPU ten times slower. Speeds are CPU time on one thread, added to, not slept,
    // so a busy machine moves them little (with [1, 3]: 3.01 unloaded, 2.64 and 3.07 beside three
    // spinning processes, 1.94 beside a parallel compile, whose cache traffic slows one node's CPU
    // time): a factor of ten stays well apart from a factor of one.
    const double ratio = factors[1] / factors[0];
    QVERIFY2(ratio > 4.0 && ratio < 25.0, qPrintable(QString("factors %1 and %2").arg(factors[0]).arg(factors[1])));
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

  // The catalogue of malformed inputs (issue 16): experiments, hostfiles, datasets, model files and
  // run directories, each through the ffw command that meets it, with its exit code and message.
  // Never a crash, never a hang, never a run directory for a run that cannot start.
  std::vector<Malformed> catalogue() {
    const fs::path good_data = data_;
    const auto validate = [good_data](json patch) {
      return [good_data, patch](const fs::path& dir) {
        json doc = experiment(good_data, 2, 100);
        doc.merge_patch(patch);
        write_text(dir / "e.json", doc.dump(2));
        return QStringList{"validate", QString::fromStdString((dir / "e.json").string())};
      };
    };
    const auto validate_text = [](std::string text) {
      return [text](const fs::path& dir) {
        write_text(dir / "e.json", text);
        return QStringList{"validate", QString::fromStdString((dir / "e.json").string())};
      };
    };
    const auto hostfile = [good_data](std::string text) {
      return [good_data, text](const fs::path& dir) {
        write_text(dir / "hosts.txt", text);
        json doc = experiment(good_data, 2, 100);
        doc["algorithm"]["variant"] = "all-layers";
        doc["cluster"] = {{"launcher", "mpi"}, {"nodes", 2}, {"hostfile", (dir / "hosts.txt").string()}};
        write_text(dir / "e.json", doc.dump(2));
        return QStringList{"validate", QString::fromStdString((dir / "e.json").string())};
      };
    };
    // A dataset directory made from good IDX files and then damaged, trained in process.
    const auto idx = [good_data](std::function<void(const fs::path&)> damage) {
      return [good_data, damage](const fs::path& dir) {
        const fs::path d = dir / "data";
        fs::create_directories(d);
        for (const auto& f : fs::directory_iterator(good_data)) fs::copy_file(f.path(), d / f.path().filename());
        damage(d);
        write_text(dir / "e.json", experiment(d, 1, 100).dump(2));
        return QStringList{"run", QString::fromStdString((dir / "e.json").string()), "--out", QString::fromStdString((dir / "run").string())};
      };
    };
    const auto csv = [](std::string train, std::string test, int classes = 3) {
      return [train, test, classes](const fs::path& dir) {
        const fs::path d = dir / "data";
        fs::create_directories(d);
        write_text(d / "train.csv", train);
        write_text(d / "test.csv", test);
        json doc = experiment(d, 1, 0);
        doc["data"] = {{"format", "csv"}, {"path", d.string()}, {"classes", classes}};
        write_text(dir / "e.json", doc.dump(2));
        return QStringList{"run", QString::fromStdString((dir / "e.json").string()), "--out", QString::fromStdString((dir / "run").string())};
      };
    };
    const auto cifar = [](std::size_t bytes, unsigned char label) {
      return [bytes, label](const fs::path& dir) {
        const fs::path d = dir / "data";
        fs::create_directories(d);
        std::vector<char> b(bytes, 7);
        if (!b.empty()) b[0] = static_cast<char>(label);
        for (int i = 1; i <= 5; ++i) write_bytes(d / ("data_batch_" + std::to_string(i) + ".bin"), b);
        write_bytes(d / "test_batch.bin", b);
        json doc = experiment(d, 1, 0);
        doc["data"] = {{"format", "cifar10"}, {"path", d.string()}};
        write_text(dir / "e.json", doc.dump(2));
        return QStringList{"run", QString::fromStdString((dir / "e.json").string()), "--out", QString::fromStdString((dir / "run").string())};
      };
    };
    // A model file (ffw eval), damaged from a good one.
    const fs::path good_run = good_catalogue_run();
    const auto model = [good_run, good_data](std::function<void(std::vector<char>&)> damage) {
      return [good_run, good_data, damage](const fs::path& dir) {
        auto bytes = file_bytes(good_run / "model.ffwm");
        damage(bytes);
        write_bytes(dir / "m.ffwm", bytes);
        return QStringList{"eval", QString::fromStdString((dir / "m.ffwm").string()), "--data", QString::fromStdString(good_data.string())};
      };
    };
    // A run directory (ffw resume, export), copied from a good stopped one and damaged.
    const auto run_dir = [good_run](std::string command, std::function<void(const fs::path&)> damage) {
      return [good_run, command, damage](const fs::path& dir) {
        const fs::path r = dir / "run";
        fs::copy(good_run, r, fs::copy_options::recursive);
        damage(r);
        QStringList args{QString::fromStdString(command), QString::fromStdString(r.string())};
        if (command == "export") args << "--chart" << "accuracy" << "--format" << "csv" << "--output" << QString::fromStdString((dir / "a.csv").string());
        return args;
      };
    };
    const auto set_summary = [](json s) { return [s](const fs::path& r) { write_text(r / "summary.json", s.dump()); }; };
    const auto flip = [](std::size_t at) { return [at](std::vector<char>& b) { b[std::min(at, b.size() - 1)] ^= 0x55; }; };
    const auto truncate_idx = [](const char* name, std::size_t keep) {
      return [name, keep](const fs::path& d) {
        auto b = file_bytes(d / name);
        b.resize(std::min(keep, b.size()));
        write_bytes(d / name, b);
      };
    };
    const auto poke = [](const char* name, std::size_t at, char value) {
      return [name, at, value](const fs::path& d) {
        auto b = file_bytes(d / name);
        b[at] = value;
        write_bytes(d / name, b);
      };
    };
    return {
        // Experiments: ffw validate, exit 3.
        {"json cut short", validate_text("{\"schema_version\": 1, \"network\": "), 3, "is not valid JSON"},
        {"json array", validate_text("[1, 2]"), 3, "the experiment must be a JSON object"},
        {"json empty file", validate_text(""), 3, "is not valid JSON"},
        {"json binary", validate_text(std::string("\x89PNG\r\n\x1a\n", 8)), 3, "is not valid JSON"},
        {"schema missing", validate({{"schema_version", nullptr}}), 3, "/schema_version: is required"},
        {"schema newer", validate({{"schema_version", 7}}), 3, "newer than this ffw understands"},
        {"schema as text", validate({{"schema_version", "1"}}), 3, "/schema_version: must be the integer 1"},
        {"name leaves the runs folder", validate({{"name", "../../x"}}), 3, "/name: is \"../../x\": it names the run's directory"},
        {"no layers", validate({{"network", {{"layers", json::array()}}}}), 3, "/network/layers: must be a non-empty array"},
        {"layer width 0", validate({{"network", {{"layers", {{{"width", 0}}}}}}}), 3, "/network/layers/0/width: is 0"},
        {"layer width 70000", validate({{"network", {{"layers", {{{"width", 70000}}}}}}}), 3, "/network/layers/0/width: is 70000"},
        {"layer width as text", validate({{"network", {{"layers", {{{"width", "8"}}}}}}}), 3, "/network/layers/0/width: must be"},
        {"layer not an object", validate({{"network", {{"layers", {8}}}}}), 3, "/network/layers/0: must be an object"},
        {"unknown variant", validate({{"algorithm", {{"variant", "ring"}}}}), 3, "/algorithm/variant: is \"ring\""},
        {"unknown negatives", validate({{"algorithm", {{"negatives", "hard"}}}}), 3, "/algorithm/negatives: is \"hard\""},
        {"epochs 0", validate({{"training", {{"epochs", 0}}}}), 3, "/training/epochs: is 0"},
        {"chapters do not divide", validate({{"training", {{"epochs", 4}, {"chapters", 3}}}}), 3, "/training/chapters: is 3"},
        {"batch size 0", validate({{"training", {{"batch_size", 0}}}}), 3, "/training/batch_size: is 0"},
        {"negative learning rate", validate({{"training", {{"optimizer", {{"learning_rate", -1}}}}}}), 3, "/training/optimizer/learning_rate: is -1"},
        {"unknown optimizer", validate({{"training", {{"optimizer", {{"name", "rmsprop"}}}}}}), 3, "/training/optimizer/name: is \"rmsprop\""},
        {"unknown launcher", validate({{"cluster", {{"launcher", "ssh"}}}}), 3, "/cluster/launcher: is \"ssh\""},
        {"nodes 0", validate({{"cluster", {{"launcher", "local"}, {"nodes", 0}}}}), 3, "/cluster/nodes: is 0"},
        {"heartbeat 0.1 s", validate({{"cluster", {{"heartbeat_timeout_s", 0.1}}}}), 3, "/cluster/heartbeat_timeout_s: is 0.1"},
        {"elastic ring over Open MPI", validate({{"algorithm", {{"variant", "all-layers"}}}, {"cluster", {{"launcher", "mpi"}, {"nodes", 2}, {"on_node_failure", "continue"}}}}), 3, "/cluster/on_node_failure: is \"continue\", but Open MPI 4.1 cannot shrink"},
        {"elastic single-layer", validate({{"algorithm", {{"variant", "single-layer"}}}, {"cluster", {{"launcher", "local"}, {"nodes", 2}, {"on_node_failure", "continue"}}}}), 3, "only the ring variants"},
        {"class names count", validate({{"data", {{"class_names", {"cat", "dog"}}}}}), 3, "/data/class_names: has 2 names for the 10 classes"},
        {"unknown node failure rule", validate({{"cluster", {{"on_node_failure", "retry"}}}}), 3, "/cluster/on_node_failure: is \"retry\""},
        {"unknown key", validate({{"trainig", {{"epochs", 2}}}}), 3, "/trainig: is not a known key"},
        {"data format png", validate({{"data", {{"format", "png"}}}}), 3, "/data/format: is \"png\""},
        {"data path missing", validate({{"data", {{"path", "/nonexistent/ffw-data"}}}}), 3, "/data/path: /nonexistent/ffw-data is not a directory"},
        {"hostfile missing", validate({{"algorithm", {{"variant", "all-layers"}}}, {"cluster", {{"launcher", "mpi"}, {"nodes", 2}, {"hostfile", "/nonexistent/hosts"}}}}), 3, "/cluster/hostfile: /nonexistent/hosts does not exist"},
        // Hostfiles: ffw validate, exit 3, with the line.
        {"hostfile option", hostfile("localhost slots=2\n-np 4\n"), 3, "hosts.txt:2: \"-np\" looks like an option"},
        {"hostfile shell", hostfile("node;rm slots=1\n"), 3, "hosts.txt:1: \"node;rm\" is not a host name"},
        {"hostfile command substitution", hostfile("$(reboot)\n"), 3, "hosts.txt:1: \"$(reboot)\" is not a host name"},
        {"hostfile backtick", hostfile("`id`\n"), 3, "hosts.txt:1: \"`id`\" is not a host name"},
        {"hostfile slots text", hostfile("localhost slots=two\n"), 3, "hosts.txt:1: \"slots=two\": slots must be a whole number"},
        {"hostfile slots 0", hostfile("localhost slots=0\n"), 3, "hosts.txt:1: \"slots=0\": slots must be a whole number"},
        {"hostfile other key", hostfile("localhost cpus=2\n"), 3, "hosts.txt:1: \"cpus=2\": a host line takes slots=N and max_slots=N only"},
        {"hostfile no host", hostfile("# only a comment\n\n"), 3, "hosts.txt: names no host"},
        // Datasets: ffw run, exit 4, recorded in the run's summary.json.
        {"idx wrong magic", idx(poke("t10k-images-idx3-ubyte", 3, 9)), 4, "has the wrong magic number"},
        {"idx images cut short", idx(truncate_idx("t10k-images-idx3-ubyte", 100)), 4, "(truncated or padded)"},
        {"idx header only", idx(truncate_idx("t10k-images-idx3-ubyte", 10)), 4, "is too short for an IDX image header"},
        {"idx label 12", idx(poke("t10k-labels-idx1-ubyte", 8, 12)), 4, "has label 12 at index 0, outside 0..9"},
        {"idx label count", idx(poke("t10k-labels-idx1-ubyte", 7, 3)), 4, "labels for 200 images"},
        {"idx labels missing", idx([](const fs::path& d) { fs::remove(d / "t10k-labels-idx1-ubyte"); }), 4, "t10k-labels-idx1-ubyte (or .gz) does not exist"},
        {"idx gzip corrupt", idx(poke("train-images-idx3-ubyte.gz", 40, 0)), 4, "train-images-idx3-ubyte.gz: is"},
        {"idx gzip cut short", idx(truncate_idx("train-images-idx3-ubyte.gz", 200)), 4, "train-images-idx3-ubyte.gz: is a truncated or corrupt gzip file"},
        {"csv not a number", csv("0,1,2\n1,x,3\n", "0,1,2\n"), 4, "train.csv: line 2 holds a value that is not a finite number"},
        {"csv ragged", csv("0,1,2\n1,3\n", "0,1,2\n"), 4, "train.csv: line 2 has 2 columns, earlier lines have 3"},
        {"csv label outside", csv("0,1,2\n5,3,4\n", "0,1,2\n"), 4, "train.csv: line 2 has label 5"},
        {"csv empty", csv("", "0,1,2\n"), 4, "train.csv: holds no samples"},
        {"csv infinite", csv("0,1,2\n1,1,inf\n", "0,1,2\n"), 4, "train.csv: line 2 holds a value that is not a finite number"},
        {"csv features differ", csv("0,1,2\n1,2,3\n", "0,1,2,3\n"), 4, "test.csv: has 3 features, train.csv has 2"},
        {"cifar not whole records", cifar(3000, 1), 4, "not a whole number of 3073-byte CIFAR-10 records"},
        {"cifar label 200", cifar(3073, 200), 4, "has label 200 in record 0, outside 0..9"},
        // Model files: ffw eval, exit 6 (5 when unreadable).
        {"model empty", model([](std::vector<char>& b) { b.clear(); }), 6, "is not an ffw model file (wrong magic bytes)"},
        {"model wrong magic", model([](std::vector<char>& b) { b[0] = 'X'; }), 6, "is not an ffw model file"},
        {"model flipped byte", model(flip(300)), 6, "is corrupt (checksum mismatch)"},
        {"model cut short", model([](std::vector<char>& b) { b.resize(b.size() / 2); }), 6, "is corrupt (checksum mismatch)"},
        {"model newer format", model([](std::vector<char>& b) { b[8] = 9; }), 6, "was written by a newer ffw"},
        {"model is text", model([](std::vector<char>& b) { const std::string t = "weights: none\n"; b.assign(t.begin(), t.end()); }), 6, "wrong magic bytes"},
        // Run directories: ffw resume and export.
        {"run without experiment.json", run_dir("resume", [](const fs::path& r) { fs::remove(r / "experiment.json"); }), 5, "is not a run directory (no experiment.json)"},
        {"run with a broken experiment.json", run_dir("resume", [](const fs::path& r) { write_text(r / "experiment.json", "{\"schema"); }), 3, "is not valid JSON"},
        {"run already finished", run_dir("resume", set_summary({{"status", "finished"}})), 2, "has already finished; there is nothing to resume"},
        {"run with no checkpoint", run_dir("resume", [](const fs::path& r) { fs::remove_all(r / "checkpoints"); }), 5, "has no usable checkpoint"},
        {"run whose checkpoints are all damaged", run_dir("resume", [](const fs::path& r) {
           for (const char* name : {"last.ffwc", "previous.ffwc"}) {
             if (!fs::exists(r / "checkpoints" / name)) continue;
             auto b = file_bytes(r / "checkpoints" / name);
             b[b.size() / 2] ^= 1;
             write_bytes(r / "checkpoints" / name, b);
           }
         }), 5, "set aside as last.ffwc.damaged"},
        {"run whose checkpoint is another network's", run_dir("resume", [](const fs::path& r) {
           json e = read_json(r / "experiment.json");
           e["network"]["layers"] = {{{"width", 24}}, {{"width", 24}}};
           write_text(r / "experiment.json", e.dump(2));
         }), 6, "was written for another experiment"},
        {"run summary of the wrong types", run_dir("export", set_summary({{"status", 5}, {"nodes", "two"}, {"test_accuracy", "high"}})), 0, ""},
        {"run summary not JSON", run_dir("export", [](const fs::path& r) { write_text(r / "summary.json", "{\"status\": \"runn"); }), 0, ""},
        {"run metrics garbage", run_dir("export", [](const fs::path& r) { write_text(r / "metrics.csv", std::string("\x01\x02,,,\nnan,1,1,1,1,loss,1\n1e999,x\n", 33)); }), 0, ""},
    };
  }

  // A good in-process run stopped after the first of its two chapters (the run directory the
  // catalogue damages), and the model of the same run finished (the model file it damages).
  fs::path good_catalogue_run() {
    const fs::path out = dir_ / "catalogue-good";
    if (!fs::exists(out / "model.ffwm")) {
      const fs::path exp = write_experiment("catalogue.json", experiment(data_, 2, 200));
      const fs::path whole = dir_ / "catalogue-whole";
      ffw_cli({"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(whole.string())});
      ffw_cli({"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string()), "--stop-after-chapters", "1"});
      fs::copy_file(whole / "model.ffwm", out / "model.ffwm");
    }
    return out;
  }

  void malformedInputsExitWithTheirCodeAndMessage_data() {
    QTest::addColumn<int>("index");
    const auto cases = catalogue();
    QVERIFY(cases.size() >= 60);
    for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name.c_str()) << static_cast<int>(i);
  }
  void malformedInputsExitWithTheirCodeAndMessage() {
    QFETCH(int, index);
    const Malformed c = catalogue()[static_cast<std::size_t>(index)];
    const fs::path dir = dir_ / ("malformed-" + std::to_string(index));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const QStringList args = c.setup(dir);
    const auto r = ffw_cli(args);
    QVERIFY2(r.code == c.code, qPrintable(QString("exit %1, expected %2: %3").arg(r.code).arg(c.code).arg(r.err)));
    QVERIFY2(r.err.contains(QString::fromStdString(c.says)), qPrintable(r.err));
    QVERIFY2(!r.err.contains("terminate called") && !r.err.contains("Aborted"), qPrintable(r.err));
    if (c.code == 3 && args.first() == "run") QVERIFY(!fs::exists(dir / "run"));  // refused before a run directory exists
    if (c.code == 4) QCOMPARE(read_json(dir / "run" / "summary.json")["status"], json("failed"));  // recorded
  }

  // cluster.on_node_failure "continue": a worker killed (or stopped: a hang) in the middle of an
  // All-Layers (Federated) run on 4 local workers. The survivors re-form the ring and finish the run
  // (exit 0, a model), and the run records the loss: summary.json's node_losses, a `lost` mark on
  // node 2's timeline, and experiment.json's chapter placement without node 2 from where the ring
  // went on, which ffw validate accepts and a resume would follow.
  void elasticRingFinishesWithoutALostNode_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<int>("signal");
    QTest::newRow("all-layers, node killed") << "all-layers" << SIGKILL;
    QTest::newRow("federated, node stopped") << "federated" << SIGSTOP;
  }
  void elasticRingFinishesWithoutALostNode() {
    QFETCH(QString, variant);
    QFETCH(int, signal);
    json doc = experiment(data_, 24, 2000, 128);
    doc["algorithm"]["variant"] = variant.toStdString();
    // Every node 10x slower (slept, not computed), so that node 2 has seconds of chapters left when
    // the test stops it.
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 4}, {"on_node_failure", "continue"},
                      {"slowdown", {10, 10, 10, 10}}};
    const fs::path exp = write_experiment("elastic-" + variant.toStdString() + ".json", doc);
    const fs::path out = dir_ / ("run-elastic-" + variant.toStdString());
    QProcess p;
    p.start(FFW_BINARY, {"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QVERIFY(p.waitForStarted());
    // Node 2's first chapter is done; it owns chapters 7, 11, ..., 23 still.
    QTRY_VERIFY_WITH_TIMEOUT(fs::exists(out / "checkpoints" / "node2-chapter00003.ffwc"), 60000);
    const pid_t node2 = worker_pid(out, 2);
    QVERIFY(node2 > 0);
    ::kill(node2, signal);
    QVERIFY(p.waitForFinished(120000));
    const QString err = p.readAllStandardError();
    QVERIFY2(p.exitCode() == 0, qPrintable(err));
    QVERIFY2(err.contains("node 2 lost at") && err.contains("continuing on 3 nodes") && err.contains("the ring re-formed"),
             qPrintable(err));
    const json s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("finished"));
    QVERIFY(s["test_accuracy"].get<double>() > 0.3);
    QVERIFY(fs::exists(out / "model.ffwm"));
    QCOMPARE(s["node_losses"].size(), std::size_t{1});
    const json& loss = s["node_losses"][0];
    QCOMPARE(loss["node"].get<int>(), 2);
    QCOMPARE(loss["nodes_after"].get<int>(), 3);
    QVERIFY2(loss["cause"].get<std::string>().find(signal == SIGKILL ? "died" : "no heartbeat") != std::string::npos,
             qPrintable(QString::fromStdString(loss.dump())));
    const int kept = loss["continued_after_chapter"].get<int>();
    QVERIFY2(kept >= 3 && kept < 24, qPrintable(QString::fromStdString(loss.dump())));
    QVERIFY(s["nodes"][2].value("lost", false));
    const json written = read_json(out / "experiment.json");
    QCOMPARE(written["cluster"]["lost_nodes"], json({2}));
    const auto placed = written["cluster"]["chapter_nodes"].get<std::vector<int>>();
    QCOMPARE(placed.size(), std::size_t{24});
    for (std::size_t c = 0; c < placed.size(); ++c)
      QVERIFY2(c < static_cast<std::size_t>(kept) ? placed[c] == static_cast<int>(c % 4) : placed[c] != 2,
               qPrintable(QString::fromStdString(written["cluster"].dump())));
    std::ifstream timeline(out / "timeline.csv");
    std::string line;
    int marks = 0;
    while (std::getline(timeline, line)) marks += line.rfind("2,lost,", 0) == 0 ? 1 : 0;
    QCOMPARE(marks, 1);
    const auto v = ffw_cli({"validate", QString::fromStdString((out / "experiment.json").string())});
    QVERIFY2(v.code == 0, qPrintable(v.err));
  }

  // `ffw sweep`: 2 values x 2 groups x 2 seeds = 8 runs, one after another. An invalid combination
  // stops it before anything runs; the sweep killed halfway goes on when run again (waiting for
  // the run it left going), and ends with the 8 runs, none twice, every one finished.
  void sweepRunsEveryCombinationAndResumes() {
    json base = experiment(data_, 4, 200, 16);
    base["training"]["chapters"] = 2;
    json sweep = {{"schema", "ffw-sweep-1"}, {"name", "tiny"}, {"base", base}, {"seeds", {1, 2}},
                  {"vary", {{{"/training/chapters", {2, 4}}},
                            {{{"/algorithm/variant", "sequential"}, {"/cluster/launcher", "in-process"}, {"/cluster/nodes", 1}},
                             {{"/algorithm/variant", "all-layers"}, {"/cluster/launcher", "local"}, {"/cluster/nodes", 2},
                              {"/cluster/slowdown", {10, 10}}}}}}};  // slept, so the kill lands halfway
    const fs::path runs = dir_ / "sweep-runs";
    json bad = sweep;
    bad["vary"][0]["/training/chapters"] = {1, 2};  // 2 nodes on 1 chapter
    auto r = ffw_cli({"sweep", QString::fromStdString(write_experiment("bad.sweep.json", bad).string()), "--runs",
                      QString::fromStdString(runs.string())});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("nothing was started") && r.err.contains("item 3") && r.err.contains("/cluster/nodes"), qPrintable(r.err));
    QVERIFY(!fs::exists(runs));
    // More nodes than cores: refused before anything starts unless the sweep asks for it, and then
    // run (for accuracy only).
    {
      const int too_many = machine_info().cores + 1;
      json crowded = {{"schema", "ffw-sweep-1"}, {"name", "crowded"}, {"base", base}};
      crowded["base"]["algorithm"]["variant"] = "all-layers";
      crowded["base"]["training"]["epochs"] = too_many;
      crowded["base"]["training"]["chapters"] = too_many;
      crowded["base"]["cluster"] = {{"launcher", "local"}, {"nodes", too_many}};
      const fs::path crowded_runs = dir_ / "crowded-runs";
      r = ffw_cli({"sweep", QString::fromStdString(write_experiment("crowded.sweep.json", crowded).string()), "--runs",
                   QString::fromStdString(crowded_runs.string())});
      QCOMPARE(r.code, 3);
      QVERIFY2(r.err.contains("cores: their times would compare nothing") && r.err.contains("\"oversubscribe\": true"), qPrintable(r.err));
      QVERIFY(!fs::exists(crowded_runs));
      crowded["oversubscribe"] = true;
      r = ffw_cli({"sweep", QString::fromStdString(write_experiment("crowded.sweep.json", crowded).string()), "--runs",
                   QString::fromStdString(crowded_runs.string())});
      QVERIFY2(r.code == 0 && r.err.contains("its time is not a cluster's"), qPrintable(r.err));
    }
    const fs::path file = write_experiment("tiny.sweep.json", sweep);
    QProcess p;
    p.start(FFW_BINARY, {"sweep", QString::fromStdString(file.string()), "--runs", QString::fromStdString(runs.string())});
    QVERIFY(p.waitForStarted());
    auto run_dirs = [&] {
      int n = 0;
      if (fs::exists(runs))
        for (const auto& d : fs::directory_iterator(runs)) n += d.is_directory() && d.path().filename().string().rfind("tiny-", 0) == 0;
      return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(run_dirs() >= 3, 60000);  // item 3: the first all-layers run, slowed
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished(5000);
    QVERIFY(run_dirs() < 8);
    r = ffw_cli({"sweep", QString::fromStdString(file.string()), "--runs", QString::fromStdString(runs.string())});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(run_dirs(), 8);
    const json state = read_json(runs / "tiny.sweep-state.json");
    QCOMPARE(state["items"].size(), std::size_t{8});
    std::set<std::string> dirs;
    for (const json& item : state["items"]) {
      QCOMPARE(item["status"].get<std::string>(), std::string("finished"));
      dirs.insert(item["run_dir"].get<std::string>());
      QCOMPARE(read_json(fs::path(item["run_dir"].get<std::string>()) / "summary.json")["status"], json("finished"));
    }
    QCOMPARE(dirs.size(), std::size_t{8});
    // training.gemm "auto" was measured once per shape and thread count for the whole sweep: runs
    // that differ only in their seed multiply alike, and the state keeps the choice for a resume.
    QVERIFY2(state["choices"]["gemm"].size() >= 1 && state["choices"]["gemm"].size() <= 2, state.dump().c_str());
    for (int i = 0; i < 8; i += 2) {
      const json a = read_json(fs::path(state["items"][i]["run_dir"].get<std::string>()) / "experiment.json");
      const json b = read_json(fs::path(state["items"][i + 1]["run_dir"].get<std::string>()) / "experiment.json");
      QVERIFY(a["training"]["gemm"] != "auto");
      QCOMPARE(a["training"]["gemm"], b["training"]["gemm"]);
    }
    QCOMPARE(read_json(fs::path(state["items"][7]["run_dir"].get<std::string>()) / "experiment.json")["training"]["seed"], json(2));
    // `ffw report` on a PFF run of the sweep finds its Sequential FF baseline in the same folder;
    // alone in a folder, it compares with the planner's prediction from the run's own costs, and
    // says so.
    const fs::path pff = state["items"][6]["run_dir"].get<std::string>();  // 4 chapters on 2 nodes: enough to calibrate
    r = ffw_cli({"report", QString::fromStdString(pff.string()), "--output", QString::fromStdString((dir_ / "found.pdf").string())});
    QVERIFY2(r.code == 0 && !r.err.contains("no baseline run"), qPrintable(r.err));
    const fs::path alone = dir_ / "alone" / pff.filename();
    fs::create_directories(alone.parent_path());
    fs::copy(pff, alone, fs::copy_options::recursive);
    r = ffw_cli({"report", QString::fromStdString(alone.string()), "--output", QString::fromStdString((dir_ / "predicted.pdf").string())});
    QVERIFY2(r.code == 0 && r.err.contains("compares with a predicted Sequential FF run"), qPrintable(r.err));
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
