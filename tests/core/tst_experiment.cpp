// Every validation rule of the experiment document, each reported with its JSON path, all at once.
#include <QtTest>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/experiment.h"
#include "core/hostfile.h"
#include "core/metrics.h"
#include "core/run_directory.h"
#include "core/schedule_layout.h"
#include "core/timeline.h"

using namespace ffw;
using nlohmann::json;

namespace {

json valid_doc() {
  return json::parse(R"({
    "schema_version": 1,
    "name": "t",
    "data": {"format": "idx", "path": "/tmp"},
    "network": {"layers": [{"width": 20}, {"width": 10}]},
    "algorithm": {"variant": "sequential", "negatives": "random", "classifier": "softmax"},
    "training": {"epochs": 4, "chapters": 2, "batch_size": 8, "seed": 3,
                 "optimizer": {"name": "adam", "learning_rate": 0.01}},
    "cluster": {"launcher": "in-process"}
  })");
}

std::string problems(const json& doc) {
  try {
    parse_experiment(doc);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Experiment) return "wrong error kind";
    return e.what();
  }
  return "";
}

}  // namespace

class TestExperiment : public QObject {
  Q_OBJECT
private slots:
  void validDocumentParses() {
    const Experiment e = parse_experiment(valid_doc());
    QCOMPARE(e.layers.size(), std::size_t{2});
    QCOMPARE(e.epochs_per_chapter(), 2);
    QCOMPARE(e.threshold(0), 20.0);
    QCOMPARE(e.learning_rate(1), 0.01);
    QCOMPARE(e.head_optimizer.learning_rate, 0.01);
  }

  void roundTripsThroughJson() {
    json doc = valid_doc();
    doc["network"]["layers"][1]["threshold"] = 3.5;
    doc["training"]["head_optimizer"] = {{"name", "sgd"}, {"learning_rate", 0.1}};
    const Experiment e = parse_experiment(doc);
    const Experiment again = parse_experiment(to_json(e));
    QCOMPARE(to_json(again).dump(), to_json(e).dump());
    QCOMPARE(again.threshold(1), 3.5);
    QVERIFY(again.head_optimizer.kind == OptimizerKind::Sgd);
  }

  void eachRuleNamesItsPath_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("newer schema") << "/schema_version" << "2" << "/schema_version: is 2, newer than this ffw";
    QTest::newRow("name out of the runs folder") << "/name" << "\"../../etc/cron.d/x\"" << "/name: is \"../../etc/cron.d/x\": it names the run's directory";
    QTest::newRow("name hidden") << "/name" << "\".hidden\"" << "/name: is \".hidden\": it names";
    QTest::newRow("name with a newline") << "/name" << "\"a\\nb\"" << "/name: is \"a\nb\": it names";
    QTest::newRow("name empty") << "/name" << "\"\"" << "/name: is \"\": it names";
    QTest::newRow("schema type") << "/schema_version" << "\"1\"" << "/schema_version: must be the integer 1";
    QTest::newRow("format") << "/data/format" << "\"png\"" << "/data/format: is \"png\", must be one of \"idx\"";
    QTest::newRow("path type") << "/data/path" << "3" << "/data/path: must be a string";
    QTest::newRow("validation") << "/data/validation_fraction" << "0.95" << "/data/validation_fraction: is 0.95";
    QTest::newRow("layers empty") << "/network/layers" << "[]" << "/network/layers: must be a non-empty array";
    QTest::newRow("layer not object") << "/network/layers/1" << "7" << "/network/layers/1: must be an object";
    QTest::newRow("width zero") << "/network/layers/0/width" << "0" << "/network/layers/0/width: is 0";
    QTest::newRow("width float") << "/network/layers/0/width" << "2.5" << "/network/layers/0/width: must be an integer";
    QTest::newRow("threshold") << "/network/layers/0/threshold" << "-1" << "/network/layers/0/threshold: is -1";
    QTest::newRow("goodness") << "/network/goodness" << "\"abs\"" << "/network/goodness: is \"abs\"";
    QTest::newRow("variant") << "/algorithm/variant" << "\"ring\"" << "/algorithm/variant: is \"ring\"";
    QTest::newRow("negatives") << "/algorithm/negatives" << "\"hard\"" << "/algorithm/negatives: is \"hard\"";
    QTest::newRow("negatives none") << "/algorithm/negatives" << "\"none\"" << "/algorithm/negatives: \"none\" needs classifier \"local-heads\"";
    QTest::newRow("classifier") << "/algorithm/classifier" << "\"svm\"" << "/algorithm/classifier: is \"svm\"";
    QTest::newRow("epochs") << "/training/epochs" << "0" << "/training/epochs: is 0";
    QTest::newRow("chapters divide") << "/training/chapters" << "3" << "/training/chapters: is 3, which does not divide";
    QTest::newRow("chapters more") << "/training/chapters" << "8" << "/training/chapters: is 8, more than training.epochs";
    QTest::newRow("batch") << "/training/batch_size" << "-4" << "/training/batch_size: is -4";
    QTest::newRow("seed") << "/training/seed" << "\"x\"" << "/training/seed: must be an integer";
    QTest::newRow("optimizer") << "/training/optimizer/name" << "\"rmsprop\"" << "/training/optimizer/name: is \"rmsprop\"";
    QTest::newRow("learning rate") << "/training/optimizer/learning_rate" << "-0.1" << "/training/optimizer/learning_rate: is -0.1";
    QTest::newRow("interleave") << "/training/interleave" << "\"epoch\"" << "/training/interleave: is \"epoch\"";
    QTest::newRow("checkpoints") << "/training/checkpoints" << "1" << "/training/checkpoints: must be true or false";
    QTest::newRow("launcher") << "/cluster/launcher" << "\"ssh\"" << "/cluster/launcher: is \"ssh\"";
    QTest::newRow("unknown top") << "/colour" << "\"red\"" << "/colour: is not a known key";
    QTest::newRow("unknown nested") << "/training/epoch" << "3" << "/training/epoch: is not a known key";
    QTest::newRow("unknown in layer") << "/network/layers/0/act" << "\"relu\"" << "/network/layers/0/act: is not a known key";
    QTest::newRow("data not object") << "/data" << "\"mnist\"" << "/data: must be an object";
  }
  void eachRuleNamesItsPath() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    json doc = valid_doc();
    doc[json::json_pointer(pointer.toStdString())] = json::parse(value.toStdString());
    const std::string what = problems(doc);
    QVERIFY2(what.find(expected.toStdString()) != std::string::npos, what.c_str());
  }

  void missingSectionsAreRequired_data() {
    QTest::addColumn<QString>("key");
    for (const char* k : {"schema_version", "data", "network", "algorithm", "training"}) QTest::newRow(k) << k;
  }
  void missingSectionsAreRequired() {
    QFETCH(QString, key);
    json doc = valid_doc();
    doc.erase(key.toStdString());
    const std::string what = problems(doc);
    QVERIFY2(what.find("/" + key.toStdString() + ": is required") != std::string::npos, what.c_str());
  }

  void everyProblemIsReportedAtOnce() {
    json doc = valid_doc();
    doc["training"]["epochs"] = -1;
    doc["algorithm"]["variant"] = "x";
    doc["bogus"] = true;
    doc["network"]["layers"][0].erase("width");
    const std::string what = problems(doc);
    QVERIFY2(what.find("4 problems") != std::string::npos, what.c_str());
    for (const char* p : {"/training/epochs", "/algorithm/variant", "/bogus", "/network/layers/0/width: is required"})
      QVERIFY2(what.find(p) != std::string::npos, p);
  }

  void backpropDefaultsItsClassifier() {
    json doc = valid_doc();
    doc["algorithm"] = {{"variant", "bp"}};
    const Experiment e = parse_experiment(doc);
    QVERIFY(e.negatives == Negatives::None);
    QVERIFY(e.classifier == Classifier::Softmax);
    doc["algorithm"]["classifier"] = "goodness";
    QVERIFY(problems(doc).find("/algorithm/classifier: must be \"softmax\"") != std::string::npos);
  }

  void localHeadsNeedNoNegatives() {
    json doc = valid_doc();
    doc["algorithm"]["classifier"] = "local-heads";
    QVERIFY(problems(doc).find("/algorithm/negatives: must be \"none\"") != std::string::npos);
    doc["algorithm"]["negatives"] = "none";
    QVERIFY(problems(doc).empty());
  }

  void shippedExamplesAreValid() {
    int checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(FFW_EXAMPLES_DIR)) {
      if (entry.path().extension() != ".json") continue;
      const Experiment e = load_experiment(entry.path());
      QVERIFY2(!e.layers.empty(), entry.path().c_str());
      ++checked;
    }
    QVERIFY(checked >= 8);
  }

  void clusterRulesNameTheirPath_data() {
    QTest::addColumn<QString>("cluster");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sequential on 2") << R"({"launcher":"mpi","nodes":2})" << "sequential" << "/cluster/nodes: is 2; the sequential variant runs on 1 node";
    QTest::newRow("in-process on 2") << R"({"launcher":"in-process","nodes":2})" << "all-layers" << "/cluster/launcher: is \"in-process\"";
    QTest::newRow("single-layer too many") << R"({"launcher":"mpi","nodes":4})" << "single-layer" << "/cluster/nodes: is 4, more than the 3 stages";
    QTest::newRow("ring too many") << R"({"launcher":"mpi","nodes":3})" << "all-layers" << "/cluster/nodes: is 3, more than training.chapters (2)";
    QTest::newRow("slowdown below 1") << R"({"launcher":"mpi","nodes":2,"slowdown":[1,0.5]})" << "all-layers" << "/cluster/slowdown/1: must be a factor";
    QTest::newRow("placement auto without stages to place") << R"({"launcher":"mpi","nodes":2,"placement":"auto"})" << "bp"
                                                            << "/cluster/placement: \"auto\" places the stages";
    QTest::newRow("placement unknown") << R"({"launcher":"mpi","nodes":2,"placement":"best"})" << "single-layer"
                                       << "/cluster/placement";
    QTest::newRow("gpipe too many") << R"({"launcher":"mpi","nodes":4})" << "gpipe-bp" << "/cluster/nodes: is 4, more than the 3 layers";
    QTest::newRow("shards") << R"({"launcher":"mpi","nodes":2,"shards":"random"})" << "federated" << "/cluster/shards: is \"random\"";
    // 2 layers + the softmax head = 3 Single-Layer stages; 2 + the output layer = 3 GPipe stages.
    QTest::newRow("stage map variant") << R"({"launcher":"mpi","nodes":2,"stage_nodes":[0,1,1]})" << "all-layers" << "/cluster/stage_nodes: applies to \"single-layer\" and \"gpipe-bp\" only";
    QTest::newRow("stage map length") << R"({"launcher":"mpi","nodes":2,"stage_nodes":[0,1]})" << "single-layer" << "/cluster/stage_nodes: has 2 entries for the 3 stages (layers and the softmax head)";
    QTest::newRow("stage map order") << R"({"launcher":"mpi","nodes":2,"stage_nodes":[0,1,0]})" << "single-layer" << "/cluster/stage_nodes/2: is node 0 after node 1; stages go to nodes in order";
    QTest::newRow("stage map start") << R"({"launcher":"mpi","nodes":2,"stage_nodes":[1,1,1]})" << "gpipe-bp" << "/cluster/stage_nodes/0: is node 1 after node 0";
    QTest::newRow("stage map gap") << R"({"launcher":"mpi","nodes":3,"stage_nodes":[0,0,1]})" << "single-layer" << "/cluster/stage_nodes: leaves node 2 without a stage";
    QTest::newRow("stage map range") << R"({"launcher":"mpi","nodes":2,"stage_nodes":[0,1,2]})" << "gpipe-bp" << "/cluster/stage_nodes/2: is node 2 of 2";
    QTest::newRow("stage map type") << R"({"launcher":"mpi","nodes":2,"stage_nodes":[0,"one",1]})" << "gpipe-bp" << "/cluster/stage_nodes/1: must be a node number";
    QTest::newRow("in-process all-layers") << R"({"launcher":"in-process","nodes":1})" << "all-layers" << "/cluster/launcher: is \"in-process\", which runs sequential and bp only";
    QTest::newRow("local with hostfile") << R"({"launcher":"local","nodes":2,"hostfile":"h.txt"})" << "all-layers" << "/cluster/hostfile: is set, but local workers run on this machine only";
    QTest::newRow("heartbeat too short") << R"({"launcher":"local","nodes":2,"heartbeat_timeout_s":0.1})" << "all-layers" << "/cluster/heartbeat_timeout_s";
    // training.chapters is 2.
    QTest::newRow("chapter map variant") << R"({"launcher":"mpi","nodes":2,"chapter_nodes":[0,1]})" << "single-layer" << "/cluster/chapter_nodes: applies to \"all-layers\" and \"federated\" only";
    QTest::newRow("chapter map length") << R"({"launcher":"mpi","nodes":2,"chapter_nodes":[0,1,0]})" << "all-layers" << "/cluster/chapter_nodes: has 3 entries for the 2 chapters";
    QTest::newRow("chapter map range") << R"({"launcher":"mpi","nodes":2,"chapter_nodes":[0,2]})" << "federated" << "/cluster/chapter_nodes/1: is node 2 of 2";
    QTest::newRow("chapter map idle node") << R"({"launcher":"mpi","nodes":2,"chapter_nodes":[1,1]})" << "all-layers" << "/cluster/chapter_nodes: leaves node 0 without a chapter";
    QTest::newRow("batch shares variant") << R"({"launcher":"mpi","nodes":2,"batch_shares":[1,1]})" << "all-layers" << "/cluster/batch_shares: applies to \"data-parallel-bp\" only";
    QTest::newRow("batch shares length") << R"({"launcher":"mpi","nodes":2,"batch_shares":[1,1,1]})" << "data-parallel-bp" << "/cluster/batch_shares: has 3 shares for 2 nodes";
    QTest::newRow("batch shares zero") << R"({"launcher":"mpi","nodes":2,"batch_shares":[1,0]})" << "data-parallel-bp" << "/cluster/batch_shares/1: must be a whole number";
    QTest::newRow("batch shares starve") << R"({"launcher":"mpi","nodes":2,"batch_shares":[1,100]})" << "data-parallel-bp" << "/cluster/batch_shares/0: gives node 0 no sample of a batch of 8";
    QTest::newRow("chapter map type") << R"({"launcher":"mpi","nodes":2,"chapter_nodes":[0,-1]})" << "all-layers" << "/cluster/chapter_nodes/1: must be a node number";
  }
  void clusterRulesNameTheirPath() {
    QFETCH(QString, cluster);
    QFETCH(QString, variant);
    QFETCH(QString, expected);
    json doc = valid_doc();
    doc["cluster"] = json::parse(cluster.toStdString());
    doc["algorithm"]["variant"] = variant.toStdString();
    const std::string what = problems(doc);
    QVERIFY2(what.find(expected.toStdString()) != std::string::npos, what.c_str());
  }

  void pipelineKeysApplyToTheirVariants() {
    json doc = valid_doc();
    doc["algorithm"]["micro_batches"] = 8;
    doc["algorithm"]["exchange_every"] = 10;
    doc["algorithm"]["variant"] = "all-layers";
    doc["cluster"] = {{"launcher", "mpi"}, {"nodes", 2}};
    const std::string what = problems(doc);
    QVERIFY2(what.find("/algorithm/micro_batches: applies to the \"gpipe-bp\" variant only") != std::string::npos, what.c_str());
    QVERIFY2(what.find("/algorithm/exchange_every: applies to \"single-layer\" only") != std::string::npos, what.c_str());
    doc["algorithm"] = {{"variant", "gpipe-bp"}, {"micro_batches", 1000}};
    QVERIFY(problems(doc).find("/algorithm/micro_batches: is 1000, more than training.batch_size") != std::string::npos);
    doc["algorithm"]["micro_batches"] = 0;  // the rule of runs from before "auto": 4 x nodes
    const Experiment e = parse_experiment(doc);
    QCOMPARE(e.micro_batch_count(), 8);
    QCOMPARE(parse_experiment(to_json(e)).micro_batches, 0);
    // "auto", the default: micro-batches of at least 25 samples, up to 4 per node; written back as "auto".
    doc["algorithm"].erase("micro_batches");
    const Experiment automatic = parse_experiment(doc);
    QCOMPARE(automatic.micro_batches, Experiment::kAutoMicroBatches);
    QCOMPARE(automatic.micro_batch_count(), 1);  // batch 8 on 2 nodes: narrower than 25 samples already
    QCOMPARE(to_json(automatic)["algorithm"]["micro_batches"], json("auto"));
    doc["algorithm"]["micro_batches"] = "auto";
    QCOMPARE(parse_experiment(doc).micro_batches, Experiment::kAutoMicroBatches);
    QCOMPARE(auto_micro_batches(1, 100), 1);
    QCOMPARE(auto_micro_batches(2, 20), 1);
    QCOMPARE(auto_micro_batches(4, 1000), 16);
    // Adaptive negatives: from the head's prediction under the softmax classifier, else from goodness.
    doc.erase("cluster");
    doc["algorithm"] = {{"variant", "sequential"}, {"negatives", "adaptive"}, {"classifier", "softmax"}};
    QCOMPARE(parse_experiment(doc).adaptive_source(), AdaptiveFrom::Softmax);
    QCOMPARE(to_json(parse_experiment(doc))["algorithm"]["adaptive_from"], json("softmax"));
    doc["algorithm"]["classifier"] = "goodness";
    QCOMPARE(parse_experiment(doc).adaptive_source(), AdaptiveFrom::Goodness);
    doc["algorithm"]["adaptive_from"] = "softmax";
    QVERIFY(problems(doc).find("/algorithm/adaptive_from: \"softmax\" needs classifier \"softmax\"") != std::string::npos);
    doc["cluster"] = {{"launcher", "mpi"}, {"nodes", 2}};
    doc["algorithm"] = {{"variant", "gpipe-bp"}, {"micro_batches", "many"}};
    QVERIFY(problems(doc).find("/algorithm/micro_batches: is \"many\", must be an integer or \"auto\"") != std::string::npos);
    // Optimizer state travels only where a layer moves between nodes.
    doc["algorithm"] = {{"variant", "single-layer"}, {"send_optimizer_state", true}};
    QVERIFY(problems(doc).find("/algorithm/send_optimizer_state: applies to \"all-layers\" and \"federated\" only") !=
            std::string::npos);
    doc["algorithm"]["variant"] = "all-layers";
    const Experiment ring = parse_experiment(doc);
    QVERIFY(ring.send_optimizer_state);
    QVERIFY(parse_experiment(to_json(ring)).send_optimizer_state);
  }

  // training.gemm and training.precision: "auto" is the default and stays auto until `ffw run`
  // resolves it; bf16 needs oneDNN; both round-trip.
  void gemmAndPrecisionParseAndRoundTrip() {
    json doc = valid_doc();
    Experiment e = parse_experiment(doc);
    QVERIFY(!e.gemm.has_value());
    QCOMPARE(e.precision, gemm::Precision::Fp32);
    QCOMPARE(to_json(e)["training"]["gemm"], json("auto"));
    doc["training"]["gemm"] = "onednn";
    doc["training"]["precision"] = "bf16";
    e = parse_experiment(doc);
    QCOMPARE(e.gemm, std::optional(gemm::Backend::OneDnn));
    QCOMPARE(e.precision, gemm::Precision::Bf16);
    const Experiment again = parse_experiment(to_json(e));
    QCOMPARE(again.gemm, e.gemm);
    QCOMPARE(again.precision, e.precision);
    doc["training"]["gemm"] = "openblas";
    QVERIFY(problems(doc).find("/training/precision: is \"bf16\", which only oneDNN multiplies") != std::string::npos);
    doc["training"]["gemm"] = "mkl";
    doc["training"]["precision"] = "fp16";
    const std::string both = problems(doc);
    QVERIFY2(both.find("/training/gemm: is \"mkl\", must be one of \"auto\", \"openblas\", \"onednn\"") != std::string::npos,
             both.c_str());
    QVERIFY2(both.find("/training/precision: is \"fp16\"") != std::string::npos, both.c_str());
    // Weights in bf16 on the wire: only where weights travel.
    doc = valid_doc();
    doc["algorithm"]["wire_precision"] = "bf16";
    QVERIFY(problems(doc).find("/algorithm/wire_precision: \"bf16\" applies to the variants that send weights") !=
            std::string::npos);
    doc["algorithm"]["variant"] = "all-layers";
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}};
    QCOMPARE(parse_experiment(to_json(parse_experiment(doc))).wire_precision, gemm::Precision::Bf16);
  }

  void stageMapRoundTrips() {
    json doc = valid_doc();
    doc["algorithm"]["variant"] = "single-layer";
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}, {"stage_nodes", {0, 0, 1}}};
    const Experiment e = parse_experiment(doc);
    QCOMPARE(e.pipeline_stages(), std::size_t{3});
    QCOMPARE(e.stage_nodes, (std::vector<int>{0, 0, 1}));
    QCOMPARE(parse_experiment(to_json(e)).stage_nodes, e.stage_nodes);
    doc["cluster"].erase("stage_nodes");
    QVERIFY(parse_experiment(doc).stage_nodes.empty());  // the preset
  }

  void heartbeatTimeoutRoundTrips() {
    json doc = valid_doc();
    doc["algorithm"]["variant"] = "all-layers";
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}};
    QCOMPARE(parse_experiment(doc).heartbeat_timeout_s, 0.0);  // the launcher's default
    QVERIFY(!to_json(parse_experiment(doc))["cluster"].contains("heartbeat_timeout_s"));
    doc["cluster"]["heartbeat_timeout_s"] = 30;
    QCOMPARE(parse_experiment(to_json(parse_experiment(doc))).heartbeat_timeout_s, 30.0);
  }

  void chapterMapRoundTrips() {
    json doc = valid_doc();
    doc["algorithm"]["variant"] = "all-layers";
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 2}, {"chapter_nodes", {1, 0}}, {"placement", "auto"}};
    const Experiment e = parse_experiment(doc);
    QCOMPARE(e.chapter_nodes, (std::vector<int>{1, 0}));
    QCOMPARE(parse_experiment(to_json(e)).chapter_nodes, e.chapter_nodes);
  }

  void relativeDataPathResolvesAgainstTheFile() {
    json doc = valid_doc();
    doc["data"]["path"] = "data/fmnist";
    const Experiment e = parse_experiment(doc, "/home/u/exp");
    QCOMPARE(QString::fromStdString(e.data.path.string()), QString("/home/u/exp/data/fmnist"));
  }

  // Hostfiles are read before mpirun: a line that looks like an option, carries shell characters
  // or unknown keys is refused with its line number.
  void hostfileLinesAreCheckedWithTheirNumbers_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("option") << "node1 slots=2\n-np 64\n" << "hosts.txt:2: \"-np\" looks like an option";
    QTest::newRow("shell") << "# cluster\nnode1;rm -rf /\n" << "hosts.txt:2: \"node1;rm\" is not a host name";
    QTest::newRow("backquote") << "`whoami` slots=1\n" << "hosts.txt:1: \"`whoami`\" is not a host name";
    QTest::newRow("dollar") << "node1\nnode$(id)\n" << "hosts.txt:2: \"node$(id)\" is not a host name";
    QTest::newRow("unknown key") << "node1 cpus=4\n" << "hosts.txt:1: \"cpus=4\": a host line takes slots=N and max_slots=N only";
    QTest::newRow("slots text") << "node1 slots=many\n" << "hosts.txt:1: \"slots=many\": slots must be a whole number";
    QTest::newRow("slots zero") << "node1 slots=0\n" << "hosts.txt:1: \"slots=0\": slots must be a whole number from 1 to 4096";
    QTest::newRow("empty") << "# nothing\n\n" << "hosts.txt: names no host";
  }
  void hostfileLinesAreCheckedWithTheirNumbers() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    try {
      parse_hostfile(text.toStdString(), "hosts.txt");
      QFAIL("accepted");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find(expected.toStdString()) != std::string::npos, e.what());
      QCOMPARE(int(e.kind()), int(ErrorKind::Experiment));
    }
  }
  void hostfileReadsHostsAndSlots() {
    const auto hosts = parse_hostfile("# lab\nnode1 slots=4 max_slots=8\n\nfe80::1\nnode-2.local slots=2 # two\r\n", "h");
    QCOMPARE(hosts.size(), std::size_t{3});
    QCOMPARE(hosts[0].host, std::string("node1"));
    QCOMPARE(hosts[0].slot_count, 4);
    QCOMPARE(hosts[1].slot_count, 1);
    QCOMPARE(hosts[2].host, std::string("node-2.local"));
    QCOMPARE(hosts[2].line, 5);
  }
  // metrics.csv and timeline.csv lines as the workbench meets them in a growing or damaged run:
  // whole lines parse, anything else is skipped, never thrown.
  void runDirectoryCsvLinesParseOrAreSkipped_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("metric");
    QTest::addColumn<bool>("segment");
    QTest::newRow("metric") << "1.250,1,3,40,2,goodness_pos,7.5" << true << false;
    QTest::newRow("metric with CR") << "1.250,0,1,1,-1,test_accuracy,0.8\r" << true << false;
    QTest::newRow("metrics header") << "time_s,node,chapter,batch,layer,metric,value" << false << false;
    QTest::newRow("metric cut while written") << "1.250,1,3,40,2,goodn" << false << false;
    QTest::newRow("unknown metric") << "1.250,1,3,40,2,accuracy,0.8" << false << false;
    QTest::newRow("metric time nan") << "nan,1,3,40,2,loss,0.8" << false << false;
    QTest::newRow("metric with a later column") << "1,1,3,40,2,goodness_pos,0.8,9" << true << false;
    QTest::newRow("metric node 2^40") << "1,1099511627776,3,40,2,loss,0.8" << false << false;
    QTest::newRow("segment") << "0,send,0.1,0.2,112,1,1,1,weights" << false << true;
    QTest::newRow("segment before categories") << "0,train,0.1,0.2,0,-1,1,1" << false << true;
    QTest::newRow("timeline header") << "node,kind,start_s,end_s,bytes,peer,chapter,layer,category" << false << false;
    QTest::newRow("segment unknown kind") << "0,nap,0.1,0.2,0,-1,1,1," << false << false;
    QTest::newRow("segment end inf") << "0,train,0.1,inf,0,-1,1,1," << false << false;
    QTest::newRow("segment bytes 1e3") << "0,send,0.1,0.2,1e3,1,1,1,weights" << false << false;
    QTest::newRow("empty") << "" << false << false;
    QTest::newRow("commas") << ",,,,,,,," << false << false;
  }
  void runDirectoryCsvLinesParseOrAreSkipped() {
    QFETCH(QString, line);
    QFETCH(bool, metric);
    QFETCH(bool, segment);
    const std::string text = line.toStdString();
    const auto m = ffw::parse_metrics_csv_line(text);
    QCOMPARE(m.has_value(), metric);
    QCOMPARE(ffw::parse_timeline_csv_line(text).has_value(), segment);
    if (m) QVERIFY(m->metric == ffw::Metric::GoodnessPos ? m->node == 1 && m->batch == 40 && m->layer == 2
                                                          : m->metric == ffw::Metric::TestAccuracy && m->layer == -1);
  }

  // summary.json as readers see it: fields of the wrong type are left out (and named), the rest kept.
  void summaryConformsToItsContract() {
    const auto raw = nlohmann::json::parse(R"({
      "status": 5, "pid": "123", "test_accuracy": 0.8, "wall_seconds": 12.5, "future_field": [1, 2],
      "nodes": [{"node": 0, "idle_fraction": "high", "train_seconds": 3.0,
                 "peers": [{"peer": 1, "sent_bytes": {"weights": "lots", "labels": 40}}]}],
      "confusion_matrix": [[1, 2], [3, "x"]], "machine": {"cores": 2.5, "cpu_model": "EPYC"}})");
    std::vector<std::string> dropped;
    const auto s = ffw::conform_summary(raw, &dropped);
    const std::vector<std::string> expected = {"/confusion_matrix/1/1", "/confusion_matrix/1", "/confusion_matrix",
                                               "/machine/cores", "/nodes/0/idle_fraction",
                                               "/nodes/0/peers/0/sent_bytes/weights", "/pid", "/status"};
    QCOMPARE(dropped, expected);
    QVERIFY(!s.contains("status") && !s.contains("pid") && !s.contains("confusion_matrix"));
    QCOMPARE(s["test_accuracy"].get<double>(), 0.8);
    QCOMPARE(s["future_field"], raw["future_field"]);  // not in the contract: kept as it is
    QCOMPARE(s["nodes"][0]["train_seconds"].get<double>(), 3.0);
    QVERIFY(!s["nodes"][0].contains("idle_fraction"));
    QCOMPARE(s["nodes"][0]["peers"][0]["sent_bytes"]["labels"].get<int>(), 40);
    QCOMPARE(s["machine"]["cpu_model"].get<std::string>(), "EPYC");
    dropped.clear();
    QCOMPARE(ffw::conform_summary(nlohmann::json::array(), &dropped), nlohmann::json::object());
    QCOMPARE(dropped, std::vector<std::string>{""});
  }
  // Severities: what this machine cannot run is an error; what the run will merely run into (more
  // nodes than cores here, data only the cluster's hosts have) is a warning, and the experiment valid.
  void warningsLeaveTheExperimentValid() {
    const auto dir = std::filesystem::temp_directory_path() / ("ffw-warn-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "data");
    std::ofstream(dir / "hosts.txt") << "node-a slots=2\n";
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    nlohmann::json doc = {{"schema_version", 1},
                          {"data", {{"format", "idx"}, {"path", (dir / "data").string()}}},
                          {"network", {{"layers", {{{"width", 8}}}}}},
                          {"algorithm", {{"variant", "all-layers"}}},
                          {"training", {{"epochs", 64}, {"chapters", 64}, {"threads", 1}}},
                          {"cluster", {{"launcher", "local"}, {"nodes", std::min(cores + 1, 64)}}}};
    auto problems = ffw::experiment_problems(doc, dir, true);
    if (cores < 64) {
      QCOMPARE(problems.size(), std::size_t{1});
      QCOMPARE(problems[0].path, std::string("/cluster/nodes"));
      QVERIFY2(problems[0].severity == ffw::Severity::Warning, problems[0].message.c_str());
      QVERIFY(problems[0].message.find("share cores") != std::string::npos);
    }
    QVERIFY(!ffw::has_errors(problems));
    QVERIFY(!ffw::experiment_problems(doc, dir, false).size());  // not about this machine: nothing

    // Open MPI with a hostfile: the hosts read the data; missing here is a warning.
    doc["cluster"] = {{"launcher", "mpi"}, {"nodes", 2}, {"hostfile", (dir / "hosts.txt").string()}};
    doc["data"]["path"] = (dir / "elsewhere").string();
    problems = ffw::experiment_problems(doc, dir, true);
    QCOMPARE(problems.size(), std::size_t{1});
    QCOMPARE(problems[0].path, std::string("/data/path"));
    QVERIFY2(problems[0].severity == ffw::Severity::Warning, problems[0].message.c_str());
    // Local workers read it here: missing is an error.
    doc["cluster"] = {{"launcher", "local"}, {"nodes", 1}};
    problems = ffw::experiment_problems(doc, dir, true);
    QVERIFY(ffw::has_errors(problems));
    std::filesystem::remove_all(dir);
  }
  // A run directory stays in its runs folder whatever the name (the rulebook refuses such names;
  // this is the second line of defence).
  // An elastic ring that lost node 2 of 4 once chapter 7 (0-based 6, node 2's) was complete goes
  // on from chapter 6 (node 1's), redoes chapter 7, and places the rest round the survivors in the
  // ring's order; a weighted placement keeps its weights; a second loss builds on the first.
  void reformedRingLeavesTheLostNodesOut() {
    Experiment e;
    e.variant = Variant::AllLayers;
    e.nodes = 4;
    e.epochs = e.chapters = 12;
    ReformedRing r = reform_ring(e, {2}, 6);
    QCOMPARE(r.continued_from, 5);
    QCOMPARE(r.redone, std::vector<int>({6}));
    QCOMPARE(r.experiment.chapter_nodes, std::vector<int>({0, 1, 2, 3, 0, 1, 3, 0, 1, 3, 0, 1}));
    QCOMPARE(r.experiment.lost_nodes, std::vector<int>({2}));
    ReformedRing again = reform_ring(r.experiment, {0}, 7);  // chapter 8 done (node 0's)
    QCOMPARE(again.continued_from, 6);
    QCOMPARE(again.experiment.lost_nodes, std::vector<int>({0, 2}));
    QCOMPARE(again.experiment.chapter_nodes, std::vector<int>({0, 1, 2, 3, 0, 1, 3, 1, 3, 1, 3, 1}));
    e.nodes = 3;
    e.chapter_nodes = {0, 0, 1, 2, 0, 0, 1, 2, 0, 0, 1, 2};  // node 0 twice as fast
    r = reform_ring(e, {1}, 3);
    QCOMPARE(r.continued_from, 3);
    QVERIFY(r.redone.empty());
    QCOMPARE(r.experiment.chapter_nodes, std::vector<int>({0, 0, 1, 2, 0, 2, 0, 0, 2, 0, 0, 2}));
    r = reform_ring(e, {0}, -1);  // lost before any chapter was done: from the start
    QCOMPARE(r.continued_from, -1);
    QCOMPARE(r.experiment.chapter_nodes, std::vector<int>({1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2}));
    // The rewritten experiment is valid: a lost node may own no chapter after the loss.
    r.experiment.launcher = Launcher::Local;
    r.experiment.on_node_failure = OnNodeFailure::Continue;
    r.experiment.layers = {{16, {}, {}}};
    r.experiment.data.path = "/tmp";
    const auto problems = experiment_problems(to_json(r.experiment));
    QVERIFY2(!has_errors(problems), problems.empty() ? "" : problems.front().message.c_str());
  }

  void runDirectoriesStayInTheRunsFolder() {
    for (const std::string name : {"../../etc/x", "/abs", ".hidden", "", "a\nb"}) {
      const auto p = ffw::RunDirectory::fresh_path("runs", name);
      QCOMPARE(p.parent_path(), std::filesystem::path("runs"));
      QVERIFY2(p.filename().string().front() != '.' && p.filename().string().find('/') == std::string::npos, p.c_str());
    }
  }
};

QTEST_APPLESS_MAIN(TestExperiment)
#include "tst_experiment.moc"
