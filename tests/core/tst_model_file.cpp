// Model files: save/load round trip, and every kind of damage rejected with a clear message.
#include <QTemporaryDir>
#include <QtTest>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

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

// A model file rebuilt with `edit` applied to its JSON header and its checksum made right again, as
// a forger (or the fuzzer) would: what stops it must be the checks behind the checksum.
void forge(const fs::path& f, const std::function<void(nlohmann::json&, std::vector<char>& arrays)>& edit) {
  const auto bytes = read_bytes(f);
  std::uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data() + 12, 8);
  auto header = nlohmann::json::parse(bytes.begin() + 20, bytes.begin() + 20 + static_cast<std::ptrdiff_t>(header_size));
  std::vector<char> arrays(bytes.begin() + 20 + static_cast<std::ptrdiff_t>(header_size), bytes.end() - 4);
  edit(header, arrays);
  const std::string text = header.dump();
  const std::uint64_t size = text.size();
  std::string out(bytes.data(), 12);  // magic and format version
  out.append(reinterpret_cast<const char*>(&size), 8).append(text).append(arrays.data(), arrays.size());
  const auto crc = static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size())));
  out.append(reinterpret_cast<const char*>(&crc), 4);
  write_bytes(f, std::vector<char>(out.begin(), out.end()));
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

  // Headers with a valid checksum that lie: each is refused with its reason, and a header that
  // claims a network larger than the file is refused before anything is allocated for it.
  void forgedHeadersAreRejected_data() {
    QTest::addColumn<QString>("forgery");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("huge network") << "huge" << "more than the file's";
    QTest::newRow("tensor of 10^12 elements") << "rows" << "runs past the end";
    QTest::newRow("negative columns") << "negative" << "runs past the end";
    QTest::newRow("missing tensor") << "missing" << "misses tensor";
    QTest::newRow("tensor twice") << "twice" << "appears twice";
    QTest::newRow("unknown tensor") << "unknown" << "which this network does not have";
    QTest::newRow("input_dim as text") << "type" << "its header is malformed";
    QTest::newRow("100000 classes") << "classes" << "classes 100000";
    QTest::newRow("no tensor directory") << "no-tensors" << "header is malformed";
  }
  void forgedHeadersAreRejected() {
    QFETCH(QString, forgery);
    QFETCH(QString, fragment);
    QTemporaryDir tmp;
    const fs::path f = fs::path(tmp.path().toStdString()) / "m.ffwm";
    Model m = small_model();
    save_model(f, m);
    forge(f, [&](nlohmann::json& h, std::vector<char>& arrays) {
      auto& tensors = h["tensors"];
      if (forgery == "huge") {
        h["input_dim"] = 1 << 24;
        h["experiment"]["network"]["layers"] = nlohmann::json::array();
        for (int i = 0; i < 8; ++i) h["experiment"]["network"]["layers"].push_back({{"width", 65536}});
      }
      if (forgery == "rows") tensors[0][1] = 1000000, tensors[0][2] = 1000000;
      if (forgery == "negative") tensors[0][2] = -4;
      if (forgery == "missing") {  // the smallest array (a bias) and its bytes taken out
        std::size_t smallest = 0, at = 0, smallest_at = 0;
        const auto size = [&](std::size_t i) { return tensors[i][1].get<std::size_t>() * tensors[i][2].get<std::size_t>() * sizeof(Scalar); };
        for (std::size_t i = 0; i < tensors.size(); at += size(i), ++i)
          if (size(i) < size(smallest)) smallest = i, smallest_at = at;
        arrays.erase(arrays.begin() + static_cast<std::ptrdiff_t>(smallest_at),
                     arrays.begin() + static_cast<std::ptrdiff_t>(smallest_at + size(smallest)));
        tensors.erase(smallest);
      }
      if (forgery == "twice") tensors[1][0] = tensors[0][0];
      if (forgery == "unknown") tensors[0][0] = "layer9.weight";
      if (forgery == "type") h["input_dim"] = "thirty-two";
      if (forgery == "classes") h["classes"] = 100000;
      if (forgery == "no-tensors") h.erase("tensors");
    });
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
