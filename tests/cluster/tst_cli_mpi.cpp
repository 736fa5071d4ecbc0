// `ffw run` with the Open MPI launcher, end to end on generated data: a 2-node All-Layers run writes
// the whole run directory; a worker killed (SIGKILL) or hung (SIGSTOP) fails the run naming the
// node, keeps what was recorded and leaves no process or shared memory behind; workers exit when
// ffw dies; stop (SIGINT) + resume finishes the run.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/model_file.h"
#include "process_helpers.h"
#include "synthetic.h"

using namespace ffw;
using nlohmann::json;
using test::processes;
using test::read_file;
using test::read_json;
namespace fs = std::filesystem;

namespace {

bool shm_of(pid_t owner) {
  for (const auto& entry : fs::directory_iterator("/dev/shm"))
    if (entry.path().filename().string().rfind("ffw-" + std::to_string(owner) + "-", 0) == 0) return true;
  return false;
}

}  // namespace

class TestCliMpi : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  fs::path dir_, data_;

  fs::path experiment(const std::string& name, const std::string& variant, int nodes, int chapters, int width,
                      const std::string& launcher = "mpi", double heartbeat_timeout_s = 0) {
    json doc = {
        {"schema_version", 1},
        {"name", name},
        {"data", {{"format", "idx"}, {"path", data_.string()}}},
        {"network", {{"layers", {{{"width", width}}, {{"width", width}}}}}},
        {"algorithm", {{"variant", variant}, {"negatives", "random"}, {"classifier", "softmax"}}},
        {"training", {{"epochs", chapters}, {"chapters", chapters}, {"batch_size", 20}, {"threads", 1},
                      {"optimizer", {{"name", "adam"}, {"learning_rate", 0.003}}}}},
        {"cluster", {{"launcher", launcher}, {"nodes", nodes}}}};
    if (heartbeat_timeout_s > 0) doc["cluster"]["heartbeat_timeout_s"] = heartbeat_timeout_s;
    const fs::path f = dir_ / (name + ".json");
    std::ofstream(f) << doc.dump(2);
    return f;
  }

  void start(QProcess& p, const fs::path& exp, const fs::path& out) {
    p.start(FFW_BINARY, {"run", QString::fromStdString(exp.string()), "--out", QString::fromStdString(out.string())});
    QVERIFY(p.waitForStarted());
  }

  // Waits until the first chapter's accuracy is on disk: the workers are deep in training.
  void wait_for_first_chapter(const fs::path& out) {
    QTRY_VERIFY_WITH_TIMEOUT(read_file(out / "metrics.csv").find("test_accuracy") != std::string::npos, 120000);
  }

  // No worker, no mpirun, no shared memory (metrics stream or transport) left behind.
  void expect_clean(const fs::path& out, pid_t ffw) {
    QTRY_VERIFY_WITH_TIMEOUT(processes("ffw-worker", out.string()).empty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(processes("mpirun", out.string()).empty(), 10000);
    QVERIFY(!shm_of(ffw));
  }

private slots:
  void initTestCase() {
    dir_ = tmp_.path().toStdString();
    data_ = dir_ / "data";
    fs::create_directories(data_);
    write_idx(test::synthetic_dataset(3000, 64, 1), data_ / "train-images-idx3-ubyte", data_ / "train-labels-idx1-ubyte", false);
    write_idx(test::synthetic_dataset(300, 64, 2), data_ / "t10k-images-idx3-ubyte", data_ / "t10k-labels-idx1-ubyte", false);
  }

  // The pre-flight (ffw doctor, and ffw run before it starts): every host of the hostfile reports
  // through mpirun; a good cluster is one "ok" line per host, a host without the data or a
  // missing ffw-worker is a problem line and exit 8, and ffw run refuses to start such a run.
  void doctorChecksEveryHostAndRunRefusesWhatItFails() {
    const fs::path hosts = dir_ / "doctor-hosts.txt";
    std::ofstream(hosts) << "localhost slots=2\n";
    json doc = read_json(experiment("doctor", "all-layers", 2, 2, 16));
    doc["cluster"]["hostfile"] = hosts.string();
    const fs::path good = dir_ / "doctor-good.json";
    std::ofstream(good) << doc.dump(2);
    QProcess p;
    p.start(FFW_BINARY, {"doctor", QString::fromStdString(good.string()), "--runs", QString::fromStdString((dir_ / "runs").string())});
    QVERIFY(p.waitForFinished(120000));
    QString out = p.readAllStandardOutput();
    QVERIFY2(p.exitCode() == 0, qPrintable(out + p.readAllStandardError()));
    QVERIFY2(out.contains("(nodes 0, 1): ok: build ") && out.contains("Open MPI") && out.contains("4 data files as ffw's"), qPrintable(out));

    doc["data"]["path"] = (dir_ / "no-such-data").string();  // a warning for ffw validate: the hosts may have it
    const fs::path missing = dir_ / "doctor-missing.json";
    std::ofstream(missing) << doc.dump(2);
    p.start(FFW_BINARY, {"doctor", QString::fromStdString(missing.string())});
    QVERIFY(p.waitForFinished(120000));
    out = p.readAllStandardOutput();
    QCOMPARE(p.exitCode(), 8);
    QVERIFY2(out.contains("problem: host ") && out.contains("no-such-data is not a directory"), qPrintable(out));
    const fs::path refused = dir_ / "run-refused";
    p.start(FFW_BINARY, {"run", QString::fromStdString(missing.string()), "--out", QString::fromStdString(refused.string())});
    QVERIFY(p.waitForFinished(120000));
    const QString err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 8);
    QVERIFY2(err.contains("the pre-flight failed; the run was not started") && err.contains("no-such-data"), qPrintable(err));
    QVERIFY(!fs::exists(refused));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("FFW_WORKER", QString::fromStdString((dir_ / "no-such-worker").string()));
    p.setProcessEnvironment(env);
    p.start(FFW_BINARY, {"doctor", QString::fromStdString(good.string())});
    QVERIFY(p.waitForFinished(120000));
    out = p.readAllStandardOutput() + p.readAllStandardError();
    QCOMPARE(p.exitCode(), 8);
    QVERIFY2(out.contains("the nodes could not be started"), qPrintable(out));
  }

  void allLayersOnTwoNodesWritesTheRunDirectory_data() {
    QTest::addColumn<QString>("launcher");
    QTest::newRow("mpi") << "mpi";
    QTest::newRow("local") << "local";
  }
  void allLayersOnTwoNodesWritesTheRunDirectory() {
    QFETCH(QString, launcher);
    const fs::path out = dir_ / ("run-ok-" + launcher.toStdString());
    QProcess p;
    start(p, experiment("ok-" + launcher.toStdString(), "all-layers", 2, 4, 32, launcher.toStdString()), out);
    QVERIFY(p.waitForFinished(300000));
    const QString err = p.readAllStandardError();
    QVERIFY2(p.exitCode() == 0, qPrintable(err));
    if (geteuid() == 0 && launcher == "mpi") QVERIFY2(err.contains("OMPI_ALLOW_RUN_AS_ROOT"), qPrintable(err));
    const json s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("finished"));
    QVERIFY(s["test_accuracy"].get<double>() > 0.5);
    QCOMPARE(s["nodes"].size(), std::size_t{2});
    long long sent = 0, received = 0;
    for (const auto& n : s["nodes"]) {
      sent += n["sent_bytes"].get<long long>();
      received += n["received_bytes"].get<long long>();
      QVERIFY(n.contains("idle_fraction") && n.contains("peak_rss_mb"));
    }
    // Two layers 64x32 and 32x32, the head on 32 inputs, each once per chapter boundary.
    QCOMPARE(sent, 4LL * ((64 * 32 + 32) + (32 * 32 + 32) + (32 * 10 + 10)) * 3);
    QCOMPARE(received, sent);
    QVERIFY(s.contains("measured_bubble") && s.contains("theoretical_bubble"));
    QVERIFY(fs::exists(out / "model.ffwm"));
    const json trace = read_json(out / "trace.json");
    QVERIFY(trace["traceEvents"].size() > 8);
    QVERIFY(read_file(out / "timeline.csv").find(",wait,") != std::string::npos);
    QVERIFY(read_file(out / "metrics.csv").find(",goodness_pos,") != std::string::npos);
    expect_clean(out, static_cast<pid_t>(p.processId()));
  }

  // Ranks on another host than ffw forward their metrics through MPI to rank 0; simulated here by
  // making every rank but 0 act as remote.
  void remoteRanksForwardTheirMetrics() {
    const fs::path out = dir_ / "run-remote";
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("FFW_SIMULATE_REMOTE_RANKS", "1");
    p.setProcessEnvironment(env);
    start(p, experiment("remote", "all-layers", 2, 4, 32), out);
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const json s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("finished"));
    QCOMPARE(s["nodes"][1]["sent_bytes"].get<long long>(), s["nodes"][0]["received_bytes"].get<long long>());
    QVERIFY(read_file(out / "metrics.csv").find("\n") != std::string::npos);
    int node1_records = 0;
    std::ifstream metrics(out / "metrics.csv");
    for (std::string line; std::getline(metrics, line);) node1_records += line.find(",1,") != std::string::npos && line.rfind(",", 0) != 0;
    QVERIFY(node1_records > 0);
    QVERIFY(read_file(out / "timeline.csv").find("\n1,") != std::string::npos);
    expect_clean(out, static_cast<pid_t>(p.processId()));
  }

  void stoppedRemoteRankIsDetectedByItsForwardedHeartbeat() {
    const fs::path out = dir_ / "run-remote-stop";
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("FFW_SIMULATE_REMOTE_RANKS", "1");
    p.setProcessEnvironment(env);
    start(p, experiment("remote-stop", "all-layers", 2, 200, 512), out);
    wait_for_first_chapter(out);
    // Rank 1, the forwarding one, by the rank mpirun put in its environment.
    pid_t rank1 = 0;
    for (pid_t w : processes("ffw-worker", out.string())) {
      std::string env_text = read_file("/proc/" + std::to_string(w) + "/environ");
      std::replace(env_text.begin(), env_text.end(), '\0', '\n');
      if (env_text.find("\nOMPI_COMM_WORLD_RANK=1\n") != std::string::npos) rank1 = w;
    }
    QVERIFY(rank1 > 0);
    ::kill(rank1, SIGSTOP);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 7);
    const std::string error = read_json(out / "summary.json")["error"].get<std::string>();
    QVERIFY2(error.find("node 1") != std::string::npos && error.find("no heartbeat") != std::string::npos, error.c_str());
    expect_clean(out, static_cast<pid_t>(p.processId()));
  }

  void sequentialThroughOneWorkerEqualsInProcess() {
    json doc = read_json(experiment("equal", "sequential", 1, 3, 32));
    const fs::path in_process = dir_ / "equal-in-process.json";
    doc["cluster"] = {{"launcher", "in-process"}};
    std::ofstream(in_process) << doc.dump();
    const fs::path worker = experiment("equal", "sequential", 1, 3, 32);
    QProcess a, b;
    start(a, in_process, dir_ / "run-equal-a");
    QVERIFY(a.waitForFinished(120000));
    QCOMPARE(a.exitCode(), 0);
    start(b, worker, dir_ / "run-equal-b");
    QVERIFY(b.waitForFinished(120000));
    QCOMPARE(b.exitCode(), 0);
    Model ma = load_model(dir_ / "run-equal-a" / "model.ffwm"), mb = load_model(dir_ / "run-equal-b" / "model.ffwm");
    std::vector<Matrix> pa;
    ma.for_each_param([&](const std::string&, Param& p) { pa.push_back(p.value); });
    std::size_t i = 0;
    mb.for_each_param([&](const std::string&, Param& p) { QVERIFY(p.value == pa.at(i++)); });
    QCOMPARE(i, pa.size());
    QCOMPARE(read_json(dir_ / "run-equal-a" / "summary.json")["test_accuracy"],
             read_json(dir_ / "run-equal-b" / "summary.json")["test_accuracy"]);
  }

  void killedWorkerFailsTheRunCleanly_data() {
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("launcher");
    QTest::newRow("SIGKILL, mpi") << int(SIGKILL) << "died" << "mpi";
    QTest::newRow("SIGSTOP, mpi") << int(SIGSTOP) << "no heartbeat" << "mpi";
    QTest::newRow("SIGKILL, local") << int(SIGKILL) << "died" << "local";
    QTest::newRow("SIGSTOP, local") << int(SIGSTOP) << "no heartbeat" << "local";
    // cluster.heartbeat_timeout_s in the experiment sets how long a silent node has.
    QTest::newRow("SIGSTOP, local, heartbeat 1.5 s") << int(SIGSTOP) << "no heartbeat for 1.5 s" << "local";
  }
  void killedWorkerFailsTheRunCleanly() {
    QFETCH(int, signal);
    QFETCH(QString, cause);
    QFETCH(QString, launcher);
    const fs::path out = dir_ / ("run-fault-" + std::to_string(signal) + launcher.toStdString() + (cause.contains("1.5") ? "-hb" : ""));
    QProcess p;
    const bool timed = cause.contains("1.5 s");
    start(p, experiment("fault-" + launcher.toStdString() + (timed ? "-hb" : ""), "all-layers", 2, 200, 512, launcher.toStdString(),
                        timed ? 1.5 : 0),
          out);
    const auto ffw = static_cast<pid_t>(p.processId());
    wait_for_first_chapter(out);
    const auto workers = processes("ffw-worker", out.string());
    QVERIFY(!workers.empty());
    ::kill(workers.back(), signal);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 7);
    const json s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("failed"));
    const std::string error = s["error"].get<std::string>();
    QVERIFY2(error.find("node ") != std::string::npos && error.find(cause.toStdString()) != std::string::npos, error.c_str());
    QVERIFY(s["failed_node"].get<int>() >= 0);
    QVERIFY(read_file(out / "metrics.csv").find("test_accuracy") != std::string::npos);  // nothing recorded is lost
    expect_clean(out, ffw);
  }

  void workersExitWhenFfwDies_data() {
    QTest::addColumn<QString>("launcher");
    QTest::newRow("mpi") << "mpi";
    QTest::newRow("local") << "local";
  }
  void workersExitWhenFfwDies() {
    QFETCH(QString, launcher);
    const fs::path out = dir_ / ("run-orphan-" + launcher.toStdString());
    QProcess p;
    start(p, experiment("orphan-" + launcher.toStdString(), "all-layers", 2, 200, 512, launcher.toStdString()), out);
    const auto ffw = static_cast<pid_t>(p.processId());
    wait_for_first_chapter(out);
    ::kill(ffw, SIGKILL);
    QVERIFY(p.waitForFinished(10000));
    QTRY_VERIFY_WITH_TIMEOUT(processes("ffw-worker", out.string()).empty(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(processes("mpirun", out.string()).empty(), 15000);
    // The dead run's shared memory is swept by the next run.
    QVERIFY(shm_of(ffw));
    QProcess next;
    start(next, experiment("sweeper", "sequential", 1, 1, 16), dir_ / ("run-sweeper-" + launcher.toStdString()));
    QVERIFY(next.waitForFinished(120000));
    QCOMPARE(next.exitCode(), 0);
    QVERIFY(!shm_of(ffw));
  }

  void interruptThenResumeFinishes_data() {
    QTest::addColumn<QString>("launcher");
    QTest::newRow("mpi") << "mpi";
    QTest::newRow("local") << "local";
  }
  void interruptThenResumeFinishes() {
    QFETCH(QString, launcher);
    const fs::path out = dir_ / ("run-resume-" + launcher.toStdString());
    QProcess p;
    start(p, experiment("resume-" + launcher.toStdString(), "all-layers", 2, 40, 512, launcher.toStdString()), out);
    wait_for_first_chapter(out);
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 130);
    QCOMPARE(read_json(out / "summary.json")["status"].get<std::string>(), std::string("stopped"));
    QProcess r;
    r.start(FFW_BINARY, {"resume", QString::fromStdString(out.string())});
    QVERIFY(r.waitForFinished(300000));
    QVERIFY2(r.exitCode() == 0, r.readAllStandardError().constData());
    const json s = read_json(out / "summary.json");
    QCOMPARE(s["status"].get<std::string>(), std::string("finished"));
    QCOMPARE(s["epochs_done"].get<int>(), 40);
    expect_clean(out, static_cast<pid_t>(r.processId()));
  }
};

QTEST_GUILESS_MAIN(TestCliMpi)
#include "tst_cli_mpi.moc"
