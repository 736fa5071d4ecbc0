// Model files: save/load round trip, and every kind of damage rejected with a clear message.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "core/error.h"
#include "core/evaluate.h"
#include "core/model_file.h"
#include "synthetic.h"

using namespace ffw;
namespace fs = std::filesystem;

namespace {

Model small_model(Classifier classifier = Classifier::Softmax) {
  Experiment e;
  e.layers = {{24, {}, {}}, {16, {}, {}}};
  e.classifier = classifier;
  e.negatives = classifier == Classifier::LocalHeads ? Negatives::None : Negatives::Random;
  static const DataSplit d = test::synthetic_split(50, 50, 32);
  return Model::create(e, 32, 10, d.preprocess);
}

std::vector<char> read_bytes(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const fs::path& f, const std::vector<char>& b) {
  std::ofstream out(f, std::ios::binary | std::ios::trunc);
  out.write(b.data(), static_cast<std::streamsize>(b.size()));
}

void expect_model_error(const fs::path& f, const char* fragment) {
  try {
    load_model(f);
    QFAIL("a damaged file was accepted");
  } catch (const Error& e) {
    QCOMPARE(int(e.kind()), int(ErrorKind::Model));
    QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
  }
}

}  // namespace

class TestModelFile : public QObject {
  Q_OBJECT
private slots:
  void modelRoundTrips_data() {
    QTest::addColumn<int>("classifier");
    QTest::newRow("softmax") << int(Classifier::Softmax);
    QTest::newRow("goodness") << int(Classifier::Goodness);
    QTest::newRow("local heads") << int(Classifier::LocalHeads);
  }
  void modelRoundTrips() {
    QFETCH(int, classifier);
    QTemporaryDir tmp;
    const fs::path f = fs::path(tmp.path().toStdString()) / "m.ffwm";
    Model m = small_model(static_cast<Classifier>(classifier));
    m.for_each_param([](const std::string&, Param& p) { p.value.setRandom(); });
    save_model(f, m);
    Model back = load_model(f);
    std::vector<Matrix> saved;
    m.for_each_param([&](const std::string&, Param& p) { saved.push_back(p.value); });
    std::size_t i = 0;
    back.for_each_param([&](const std::string&, Param& p) { QVERIFY(p.value == saved.at(i++)); });
    QCOMPARE(i, saved.size());
    QVERIFY(back.preprocess.scale == m.preprocess.scale);
    const Dataset probe = test::synthetic_split(20, 20, 32).test;
    QVERIFY(predict(m, probe, primary_readout(m)) == predict(back, probe, primary_readout(back)));
  }

  void checkpointKeepsOptimizerStateAndNegatives() {
    QTemporaryDir tmp;
    const fs::path f = fs::path(tmp.path().toStdString()) / "c.ffwc";
    Checkpoint c{small_model(), 3, 12.5, {1, 2, 3, 4}};
    c.model.ff[0].weight.state.m.setConstant(0.25f);
    c.model.ff[0].weight.state.steps = 77;
    save_checkpoint(f, c);
    Checkpoint back = load_checkpoint(f);
    QCOMPARE(back.chapters_done, 3);
    QCOMPARE(back.elapsed_seconds, 12.5);
    QVERIFY(back.negatives == c.negatives);
    QCOMPARE(back.model.ff[0].weight.state.m(0, 0), 0.25f);
    QCOMPARE(back.model.ff[0].weight.state.steps, std::int64_t{77});
  }

  void modelFileCannotBeResumed() {
    QTemporaryDir tmp;
    const fs::path f = fs::path(tmp.path().toStdString()) / "m.ffwm";
    Model m = small_model();
    save_model(f, m);
    try {
      load_checkpoint(f);
      QFAIL("a model file was accepted as a checkpoint");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("not a checkpoint") != std::string::npos);
    }
  }

  void damageIsRejected_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("flipped byte") << "flip" << "checksum";
    QTest::newRow("truncated") << "truncate" << "checksum";
    QTest::newRow("wrong magic") << "magic" << "not an ffw model file";
    QTest::newRow("empty") << "empty" << "not an ffw model file";
  }
  void damageIsRejected() {
    QFETCH(QString, damage);
    QFETCH(QString, fragment);
    QTemporaryDir tmp;
    const fs::path f = fs::path(tmp.path().toStdString()) / "m.ffwm";
    Model m = small_model();
    save_model(f, m);
    auto bytes = read_bytes(f);
    if (damage == "flip") bytes[bytes.size() / 2] ^= 0x40;
    if (damage == "truncate") bytes.resize(bytes.size() - 9);
    if (damage == "magic") bytes[0] = 'X';
    if (damage == "empty") bytes.clear();
    write_bytes(f, bytes);
    expect_model_error(f, fragment.toStdString().c_str());
  }

  void newerFormatIsNamed() {
    QTemporaryDir tmp;
    const fs::path f = fs::path(tmp.path().toStdString()) / "m.ffwm";
    Model m = small_model();
    save_model(f, m);
    auto bytes = read_bytes(f);
    bytes[8] = 9;  // format version 9
    write_bytes(f, bytes);
    expect_model_error(f, "newer ffw");
  }
};

QTEST_APPLESS_MAIN(TestModelFile)
#include "tst_model_file.moc"
