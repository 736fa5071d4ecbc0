// Loaders on files generated here: good ones round-trip; truncated, wrong-magic, out-of-range
// and inconsistent ones are rejected with the file named.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <set>

#include "core/error.h"
#include "synthetic.h"

using namespace ffw;
namespace fs = std::filesystem;

namespace {

void write_bytes(const fs::path& f, const std::vector<unsigned char>& b) {
  std::ofstream out(f, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

std::vector<unsigned char> read_bytes(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Expects an Error of `kind` whose message contains every fragment.
template <class F>
void expect_error(F&& f, ErrorKind kind, std::initializer_list<const char*> fragments) {
  try {
    f();
    QFAIL("no error was raised");
  } catch (const Error& e) {
    QCOMPARE(static_cast<int>(e.kind()), static_cast<int>(kind));
    for (const char* frag : fragments)
      QVERIFY2(std::string(e.what()).find(frag) != std::string::npos, qPrintable(QString("'%1' lacks '%2'").arg(e.what(), frag)));
  }
}

void write_idx_dir(const fs::path& dir, bool gzip) {
  const std::string ext = gzip ? ".gz" : "";
  write_idx(test::synthetic_dataset(30, 64, 1), dir / ("train-images-idx3-ubyte" + ext),
            dir / ("train-labels-idx1-ubyte" + ext), gzip);
  write_idx(test::synthetic_dataset(12, 64, 2), dir / ("t10k-images-idx3-ubyte" + ext),
            dir / ("t10k-labels-idx1-ubyte" + ext), gzip);
}

}  // namespace

class TestDatasets : public QObject {
  Q_OBJECT
private slots:
  void idxRoundTripsRawAndGzip_data() {
    QTest::addColumn<bool>("gzip");
    QTest::newRow("raw") << false;
    QTest::newRow("gzip") << true;
  }
  void idxRoundTripsRawAndGzip() {
    QFETCH(bool, gzip);
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    write_idx_dir(dir, gzip);
    DataOptions o;
    o.path = dir;
    o.scaling = Scaling::None;
    const DataSplit s = load_data(o);
    const Dataset expected = test::synthetic_dataset(30, 64, 1);
    QCOMPARE(s.train.size(), 30);
    QCOMPARE(s.test.size(), 12);
    QCOMPARE(s.train.dim(), 64);
    QVERIFY(s.train.labels == expected.labels);
    QVERIFY(s.train.x == expected.x.array().round().matrix());
  }

  void unitScalingDividesBy255() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    write_idx_dir(dir, false);
    DataOptions o;
    o.path = dir;
    const DataSplit s = load_data(o);
    QVERIFY(s.train.x.maxCoeff() <= 1.0f);
    QVERIFY(s.train.x.maxCoeff() > 0.5f);
  }

  void standardizeGivesZeroMeanFeatures() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    write_idx_dir(dir, false);
    DataOptions o;
    o.path = dir;
    o.scaling = Scaling::Standardize;
    const DataSplit s = load_data(o);
    QCOMPARE_LT(s.train.x.rowwise().mean().cwiseAbs().maxCoeff(), 1e-3f);
  }

  void truncatedImagesAreRejected() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    write_idx_dir(dir, false);
    auto bytes = read_bytes(dir / "train-images-idx3-ubyte");
    bytes.resize(bytes.size() - 100);
    write_bytes(dir / "train-images-idx3-ubyte", bytes);
    DataOptions o;
    o.path = dir;
    expect_error([&] { load_data(o); }, ErrorKind::Data, {"train-images-idx3-ubyte", "truncated"});
  }

  void truncatedGzipIsRejected() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    write_idx_dir(dir, true);
    auto bytes = read_bytes(dir / "t10k-images-idx3-ubyte.gz");
    bytes.resize(bytes.size() / 2);
    write_bytes(dir / "t10k-images-idx3-ubyte.gz", bytes);
    DataOptions o;
    o.path = dir;
    expect_error([&] { load_data(o); }, ErrorKind::Data, {"t10k-images-idx3-ubyte.gz"});
  }

  void wrongMagicIsRejected() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    write_idx_dir(dir, false);
    auto bytes = read_bytes(dir / "train-labels-idx1-ubyte");
    bytes[3] = 0x03;
    write_bytes(dir / "train-labels-idx1-ubyte", bytes);
    DataOptions o;
    o.path = dir;
    expect_error([&] { load_data(o); }, ErrorKind::Data, {"train-labels-idx1-ubyte", "magic"});
  }

  void outOfRangeLabelIsRejected() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    write_idx_dir(dir, false);
    auto bytes = read_bytes(dir / "train-labels-idx1-ubyte");
    bytes[8 + 5] = 12;
    write_bytes(dir / "train-labels-idx1-ubyte", bytes);
    DataOptions o;
    o.path = dir;
    expect_error([&] { load_data(o); }, ErrorKind::Data, {"train-labels-idx1-ubyte", "label 12", "index 5"});
  }

  void labelCountMismatchIsRejected() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    write_idx_dir(dir, false);
    auto bytes = read_bytes(dir / "t10k-labels-idx1-ubyte");
    bytes[7] = 11;  // declares 11 labels for 12 images
    write_bytes(dir / "t10k-labels-idx1-ubyte", bytes);
    DataOptions o;
    o.path = dir;
    expect_error([&] { load_data(o); }, ErrorKind::Data, {"t10k-labels-idx1-ubyte", "11 labels"});
  }

  void missingFileIsNamed() {
    QTemporaryDir tmp;
    DataOptions o;
    o.path = tmp.path().toStdString();
    expect_error([&] { load_data(o); }, ErrorKind::Data, {"train-images-idx3-ubyte", "does not exist"});
  }

  void cifar10BatchesLoad() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    for (const char* name : {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                             "data_batch_5.bin", "test_batch.bin"}) {
      std::vector<unsigned char> b;
      for (int r = 0; r < 3; ++r) {
        b.push_back(static_cast<unsigned char>(r * 3));
        for (int i = 0; i < 3072; ++i) b.push_back(static_cast<unsigned char>((i + r) % 256));
      }
      write_bytes(dir / name, b);
    }
    DataOptions o;
    o.path = dir;
    o.format = DataFormat::Cifar10;
    o.scaling = Scaling::None;
    const DataSplit s = load_data(o);
    QCOMPARE(s.train.size(), 15);
    QCOMPARE(s.test.size(), 3);
    QCOMPARE(s.train.dim(), 3072);
    QCOMPARE(int(s.train.labels[2]), 6);
    QCOMPARE(s.train.x(10, 1), 11.0f);
  }

  void cifar10WrongSizeIsRejected() {
    QTemporaryDir tmp;
    const fs::path f = fs::path(tmp.path().toStdString()) / "data_batch_1.bin";
    write_bytes(f, std::vector<unsigned char>(3073 * 2 + 5, 1));
    expect_error([&] { read_cifar10_batch(f); }, ErrorKind::Data, {"data_batch_1.bin", "3073-byte"});
  }

  void csvLoadsWithHeader() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    std::ofstream(dir / "train.csv") << "label,a,b,c\n1,0.5,2,3\n0,1,1,1\n2, 4,5,6\n";
    std::ofstream(dir / "test.csv") << "1,0,0,0\n";
    DataOptions o;
    o.path = dir;
    o.format = DataFormat::Csv;
    o.classes = 3;
    const DataSplit s = load_data(o);
    QCOMPARE(s.train.size(), 3);
    QCOMPARE(s.train.dim(), 3);
    QCOMPARE(s.train.x(0, 0), 0.5f);
    QCOMPARE(int(s.train.labels[2]), 2);
  }

  void csvProblemsNameTheLine_data() {
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("columns") << "1,2,3\n0,1\n" << "line 2 has 2 columns";
    QTest::newRow("label range") << "1,2,3\n7,1,1\n" << "line 2 has label 7";
    QTest::newRow("not a number") << "1,2,3\n0,x,1\n" << "line 2 holds a value that is not a finite number";
    QTest::newRow("nan") << "1,2,3\n0,nan,1\n" << "line 2 holds a value that is not a finite number";
    QTest::newRow("fractional label") << "1.5,2,3\n" << "line 1 has label 1.5";
  }
  void csvProblemsNameTheLine() {
    QFETCH(QString, content);
    QFETCH(QString, fragment);
    QTemporaryDir tmp;
    const fs::path f = fs::path(tmp.path().toStdString()) / "train.csv";
    std::ofstream(f) << content.toStdString();
    expect_error([&] { read_csv(f, 3); }, ErrorKind::Data, {"train.csv", fragment.toStdString().c_str()});
  }

  void validationSplitIsDisjointAndComplete() {
    Dataset train = test::synthetic_dataset(100, 16, 3), validation;
    const Dataset all = train;
    split_validation(train, validation, 0.2, 7);
    QCOMPARE(validation.size(), 20);
    QCOMPARE(train.size(), 80);
    // Every original column appears exactly once across the two parts.
    std::vector<int> seen(100, 0);
    auto mark = [&](const Dataset& d) {
      for (Index j = 0; j < d.size(); ++j)
        for (Index k = 0; k < all.size(); ++k)
          if (all.x.col(k) == d.x.col(j)) {
            ++seen[static_cast<std::size_t>(k)];
            break;
          }
    };
    mark(train);
    mark(validation);
    QVERIFY(std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; }));
  }

  void shardsCoverEverySampleOnce_data() {
    QTest::addColumn<int>("mode");
    QTest::newRow("iid") << static_cast<int>(ShardMode::Iid);
    QTest::newRow("label-skew") << static_cast<int>(ShardMode::LabelSkew);
  }
  void shardsCoverEverySampleOnce() {
    QFETCH(int, mode);
    const Dataset d = test::synthetic_dataset(1000, 16, 4);
    const auto shards = make_shards(d.labels, 4, static_cast<ShardMode>(mode), 9);
    QCOMPARE(shards.size(), std::size_t{4});
    std::vector<int> seen(1000, 0);
    for (const auto& s : shards)
      for (int i : s) ++seen[static_cast<std::size_t>(i)];
    QVERIFY(std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; }));
    for (const auto& s : shards) {
      std::set<int> classes;
      for (int i : s) classes.insert(d.labels[static_cast<std::size_t>(i)]);
      if (static_cast<ShardMode>(mode) == ShardMode::Iid)
        QCOMPARE(classes.size(), std::size_t{10});
      else
        QVERIFY2(classes.size() <= 6, "a label-skewed shard holds few classes");
    }
  }
};

QTEST_APPLESS_MAIN(TestDatasets)
#include "tst_datasets.moc"
