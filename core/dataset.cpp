#include "core/dataset.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/rng.h"

namespace ffw {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void data_error(const fs::path& file, const std::string& what) {
  throw Error(ErrorKind::Data, file.string() + ": " + what);
}

// IDX and CIFAR-10 files are read whole; a gzip file that inflates past this is refused before it
// fills the memory (Fashion-MNIST's training images are 47 MB, a CIFAR-10 batch 30 MB).
constexpr std::size_t kMaxDataFileBytes = std::size_t{4} << 30;

// Reads a whole file, inflating it when it is gzip (zlib reads raw files unchanged).
std::vector<unsigned char> read_all(const fs::path& file) {
  gzFile in = gzopen(file.c_str(), "rb");
  if (!in) data_error(file, "cannot be opened");
  std::vector<unsigned char> bytes;
  std::vector<unsigned char> chunk(1 << 20);
  for (;;) {
    const int got = gzread(in, chunk.data(), static_cast<unsigned>(chunk.size()));
    if (got < 0) {
      int code = 0;
      const std::string why = gzerror(in, &code);
      gzclose(in);
      data_error(file, "is corrupt (" + why + ")");
    }
    if (got == 0) break;
    if (bytes.size() + static_cast<std::size_t>(got) > kMaxDataFileBytes) {
      gzclose(in);
      data_error(file, "inflates to more than " + std::to_string(kMaxDataFileBytes >> 30) +
                           " GiB, more than any dataset ffw loads (a damaged or hostile file?)");
    }
    bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + got);
  }
  // A truncated gzip stream reads as a clean end in gzread; gzclose reports it.
  const int closed = gzclose(in);
  if (closed != Z_OK) data_error(file, "is a truncated or corrupt gzip file");
  return bytes;
}

std::uint32_t big_endian_u32(const std::vector<unsigned char>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

// Finds `stem` in `dir` as given, gzipped, or with the dot spelling some mirrors use.
fs::path find_file(const fs::path& dir, const std::string& stem) {
  std::string dotted = stem;
  if (auto pos = dotted.rfind("-idx"); pos != std::string::npos) dotted[pos] = '.';
  for (const std::string& name : {stem, stem + ".gz", dotted, dotted + ".gz"})
    if (fs::exists(dir / name)) return dir / name;
  throw Error(ErrorKind::Data, (dir / stem).string() + " (or .gz) does not exist; data.path must "
                                                      "hold the four IDX files");
}

}  // namespace

Dataset Dataset::subset(const std::vector<int>& indices) const {
  Dataset out;
  out.classes = classes;
  out.x.resize(dim(), static_cast<Index>(indices.size()));
  out.labels.resize(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    out.x.col(static_cast<Index>(i)) = x.col(indices[i]);
    out.labels[i] = labels[static_cast<std::size_t>(indices[i])];
  }
  return out;
}

Dataset read_idx(const fs::path& images, const fs::path& labels) {
  const auto img = read_all(images);
  const auto lab = read_all(labels);
  if (img.size() < 16) data_error(images, "is too short for an IDX image header (16 bytes)");
  if (big_endian_u32(img, 0) != 0x00000803)
    data_error(images, "has the wrong magic number (expected 0x00000803, unsigned bytes, 3 dims)");
  if (lab.size() < 8) data_error(labels, "is too short for an IDX label header (8 bytes)");
  if (big_endian_u32(lab, 0) != 0x00000801)
    data_error(labels, "has the wrong magic number (expected 0x00000801, unsigned bytes, 1 dim)");
  const std::uint64_t n = big_endian_u32(img, 4), rows = big_endian_u32(img, 8),
                      cols = big_endian_u32(img, 12);
  const std::uint64_t n_labels = big_endian_u32(lab, 4);
  if (n == 0 || rows == 0 || cols == 0 || rows * cols > (1u << 24))
    data_error(images, "declares an impossible shape " + std::to_string(n) + " x " +
                           std::to_string(rows) + " x " + std::to_string(cols));
  if (img.size() != 16 + n * rows * cols)
    data_error(images, "holds " + std::to_string(img.size() - 16) + " pixel bytes but its header "
                       "declares " + std::to_string(n * rows * cols) + " (truncated or padded)");
  if (n_labels != n)
    data_error(labels, "declares " + std::to_string(n_labels) + " labels for " +
                           std::to_string(n) + " images in " + images.filename().string());
  if (lab.size() != 8 + n)
    data_error(labels, "holds " + std::to_string(lab.size() - 8) + " label bytes but declares " +
                           std::to_string(n) + " (truncated or padded)");
  Dataset d;
  const auto dim = static_cast<Index>(rows * cols);
  d.x.resize(dim, static_cast<Index>(n));
  d.labels.assign(lab.begin() + 8, lab.end());
  for (std::size_t i = 0; i < n; ++i)
    if (d.labels[i] > 9)
      data_error(labels, "has label " + std::to_string(d.labels[i]) + " at index " +
                             std::to_string(i) + ", outside 0..9");
  const unsigned char* px = img.data() + 16;
  for (Index i = 0; i < d.x.size(); ++i) d.x.data()[i] = static_cast<Scalar>(px[i]);
  return d;
}

Dataset read_cifar10_batch(const fs::path& file) {
  constexpr std::size_t record = 1 + 3072;
  const auto bytes = read_all(file);
  if (bytes.empty() || bytes.size() % record != 0)
    data_error(file, "holds " + std::to_string(bytes.size()) +
                         " bytes, not a whole number of 3073-byte CIFAR-10 records");
  const std::size_t n = bytes.size() / record;
  Dataset d;
  d.x.resize(3072, static_cast<Index>(n));
  d.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char* r = bytes.data() + i * record;
    if (r[0] > 9)
      data_error(file, "has label " + std::to_string(r[0]) + " in record " + std::to_string(i) +
                           ", outside 0..9");
    d.labels[i] = r[0];
    for (Index j = 0; j < 3072; ++j) d.x(j, static_cast<Index>(i)) = static_cast<Scalar>(r[1 + j]);
  }
  return d;
}

Dataset read_csv(const fs::path& file, int classes) {
  std::ifstream in(file);
  if (!in) data_error(file, "cannot be opened");
  std::vector<Scalar> values;
  std::vector<std::uint8_t> labels;
  std::string line;
  std::size_t width = 0, line_no = 0;
  std::vector<Scalar> row;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    row.clear();
    const char* p = line.data();
    const char* end = p + line.size();
    bool numeric = true;
    while (p <= end) {
      const char* comma = std::find(p, end, ',');
      double v = 0;
      const char* s = p;
      while (s < comma && *s == ' ') ++s;
      auto [ptr, ec] = std::from_chars(s, comma, v);
      if (ec != std::errc() || (ptr != comma && *ptr != ' ') || !std::isfinite(v)) numeric = false;
      row.push_back(static_cast<Scalar>(v));
      p = comma + 1;
    }
    if (!numeric) {
      if (line_no == 1 && labels.empty()) continue;  // a header line
      data_error(file, "line " + std::to_string(line_no) + " holds a value that is not a finite number");
    }
    if (row.size() < 2) data_error(file, "line " + std::to_string(line_no) + " has no features");
    if (width == 0) width = row.size();
    if (row.size() != width)
      data_error(file, "line " + std::to_string(line_no) + " has " + std::to_string(row.size()) +
                           " columns, earlier lines have " + std::to_string(width));
    const double label = row[0];
    if (label != std::floor(label) || label < 0 || label >= classes)
      data_error(file, "line " + std::to_string(line_no) + " has label " + std::to_string(label) +
                           ", outside 0.." + std::to_string(classes - 1));
    labels.push_back(static_cast<std::uint8_t>(label));
    values.insert(values.end(), row.begin() + 1, row.end());
  }
  if (labels.empty()) data_error(file, "holds no samples");
  Dataset d;
  d.classes = classes;
  d.labels = std::move(labels);
  d.x = Eigen::Map<Matrix>(values.data(), static_cast<Index>(width - 1),
                           static_cast<Index>(d.labels.size()));
  return d;
}

Preprocess Preprocess::fit(Scaling scaling, const Dataset& raw_train, DataFormat format) {
  Preprocess p;
  p.scaling = scaling;
  const Index dim = raw_train.dim();
  p.offset = Vector::Zero(dim);
  p.scale = Vector::Ones(dim);
  if (scaling == Scaling::Unit && format != DataFormat::Csv) p.scale.setConstant(1.0f / 255.0f);
  if (scaling == Scaling::Standardize) {
    const Eigen::VectorXd mean = raw_train.x.cast<double>().rowwise().mean();
    const Eigen::VectorXd var =
        (raw_train.x.cast<double>().colwise() - mean).array().square().rowwise().mean();
    p.offset = mean.cast<Scalar>();
    p.scale = (1.0 / (var.array().sqrt() + 1e-6)).cast<Scalar>();
  }
  return p;
}

void Preprocess::apply(Dataset& d) const {
  if (scaling == Scaling::None) return;
  d.x = ((d.x.colwise() - offset).array().colwise() * scale.array()).matrix();
}

std::vector<fs::path> data_files(const DataOptions& o) {
  if (!fs::is_directory(o.path))
    throw Error(ErrorKind::Data, o.path.string() + " is not a directory (data.path)");
  switch (o.format) {
    case DataFormat::Idx: {
      std::vector<fs::path> out;
      for (const char* stem : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                               "t10k-labels-idx1-ubyte"})
        out.push_back(find_file(o.path, stem));
      return out;
    }
    case DataFormat::Cifar10: {
      fs::path dir = o.path;
      if (!fs::exists(dir / "data_batch_1.bin") && fs::exists(dir / "cifar-10-batches-bin")) dir /= "cifar-10-batches-bin";
      std::vector<fs::path> out;
      for (int i = 1; i <= 5; ++i) out.push_back(dir / ("data_batch_" + std::to_string(i) + ".bin"));
      out.push_back(dir / "test_batch.bin");
      for (const auto& f : out)
        if (!fs::exists(f)) data_error(f, "does not exist; data.path must hold the CIFAR-10 binary batches");
      return out;
    }
    case DataFormat::Csv:
      for (const char* name : {"train.csv", "test.csv"})
        if (!fs::exists(o.path / name)) data_error(o.path / name, "does not exist");
      return {o.path / "train.csv", o.path / "test.csv"};
  }
  return {};
}

namespace {

void load_raw(const DataOptions& o, Dataset& train, Dataset& test, bool with_train = true) {
  if (!fs::is_directory(o.path))
    throw Error(ErrorKind::Data, o.path.string() + " is not a directory (data.path)");
  switch (o.format) {
    case DataFormat::Idx: {
      if (with_train) {
        const fs::path images = find_file(o.path, "train-images-idx3-ubyte");
        train = read_idx(images, find_file(o.path, "train-labels-idx1-ubyte"));
      }
      const fs::path test_images = find_file(o.path, "t10k-images-idx3-ubyte");
      test = read_idx(test_images, find_file(o.path, "t10k-labels-idx1-ubyte"));
      break;
    }
    case DataFormat::Cifar10: {
      fs::path dir = o.path;
      if (!fs::exists(dir / "data_batch_1.bin") && fs::exists(dir / "cifar-10-batches-bin"))
        dir /= "cifar-10-batches-bin";
      std::vector<Dataset> parts;
      for (int i = 1; with_train && i <= 5; ++i) {
        const fs::path f = dir / ("data_batch_" + std::to_string(i) + ".bin");
        if (!fs::exists(f)) data_error(f, "does not exist; data.path must hold the CIFAR-10 binary batches");
        parts.push_back(read_cifar10_batch(f));
      }
      Index n = 0;
      for (auto& p : parts) n += p.size();
      train.x.resize(3072, n);
      Index at = 0;
      for (auto& p : parts) {
        train.x.middleCols(at, p.size()) = p.x;
        train.labels.insert(train.labels.end(), p.labels.begin(), p.labels.end());
        at += p.size();
      }
      if (!fs::exists(dir / "test_batch.bin")) data_error(dir / "test_batch.bin", "does not exist");
      test = read_cifar10_batch(dir / "test_batch.bin");
      break;
    }
    case DataFormat::Csv:
      if (with_train) train = read_csv(o.path / "train.csv", o.classes);
      test = read_csv(o.path / "test.csv", o.classes);
      if (with_train && test.dim() != train.dim())
        data_error(o.path / "test.csv", "has " + std::to_string(test.dim()) +
                                            " features, train.csv has " + std::to_string(train.dim()));
      break;
  }
  train.classes = test.classes = class_count(o);
}

void limit(Dataset& d, Index n) {
  if (n <= 0 || n >= d.size()) return;
  d.x.conservativeResize(Eigen::NoChange, n);
  d.labels.resize(static_cast<std::size_t>(n));
}

}  // namespace

DataSplit load_data(const DataOptions& o) {
  DataSplit s;
  load_raw(o, s.train, s.test);
  limit(s.train, o.limit_train);
  limit(s.test, o.limit_test);
  split_validation(s.train, s.validation, o.validation_fraction, o.seed);
  s.preprocess = Preprocess::fit(o.scaling, s.train, o.format);
  s.preprocess.apply(s.train);
  s.preprocess.apply(s.validation);
  s.preprocess.apply(s.test);
  return s;
}

Dataset load_test_data(DataFormat format, const fs::path& dir, int classes,
                       const Preprocess& preprocess) {
  DataOptions o;
  o.format = format;
  o.path = dir;
  o.classes = classes;
  Dataset train, test;
  load_raw(o, train, test, false);
  if (test.dim() != preprocess.offset.size())
    throw Error(ErrorKind::Data, dir.string() + ": the test samples have " +
                                     std::to_string(test.dim()) + " features, the model expects " +
                                     std::to_string(preprocess.offset.size()));
  preprocess.apply(test);
  return test;
}

void write_idx(const Dataset& d, const fs::path& images, const fs::path& labels, bool gzip) {
  auto put_u32 = [](std::vector<unsigned char>& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>(v >> s));
  };
  const auto side = static_cast<std::uint32_t>(std::lround(std::sqrt(static_cast<double>(d.dim()))));
  std::vector<unsigned char> img, lab;
  put_u32(img, 0x803);
  put_u32(img, static_cast<std::uint32_t>(d.size()));
  put_u32(img, side);
  put_u32(img, static_cast<std::uint32_t>(d.dim()) / side);
  for (Index i = 0; i < d.x.size(); ++i)
    img.push_back(static_cast<unsigned char>(std::lround(std::clamp(d.x.data()[i], 0.0f, 255.0f))));
  put_u32(lab, 0x801);
  put_u32(lab, static_cast<std::uint32_t>(d.size()));
  lab.insert(lab.end(), d.labels.begin(), d.labels.end());
  auto write = [gzip](const fs::path& f, const std::vector<unsigned char>& b) {
    if (gzip) {
      gzFile out = gzopen(f.c_str(), "wb");
      if (!out || gzwrite(out, b.data(), static_cast<unsigned>(b.size())) != static_cast<int>(b.size()))
        throw Error(ErrorKind::Io, f.string() + ": cannot be written");
      gzclose(out);
    } else {
      std::ofstream out(f, std::ios::binary);
      out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
      if (!out) throw Error(ErrorKind::Io, f.string() + ": cannot be written");
    }
  };
  write(images, img);
  write(labels, lab);
}

void split_validation(Dataset& train, Dataset& validation, double fraction, std::uint64_t seed) {
  validation = Dataset{};
  validation.classes = train.classes;
  validation.x.resize(train.dim(), 0);
  if (fraction <= 0) return;
  auto rng = make_rng(seed, Stream::Split);
  const auto order = shuffled_indices(static_cast<int>(train.size()), rng);
  const auto n_val = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(train.size())));
  std::vector<int> val_idx(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_val));
  std::vector<int> train_idx(order.begin() + static_cast<std::ptrdiff_t>(n_val), order.end());
  std::sort(val_idx.begin(), val_idx.end());
  std::sort(train_idx.begin(), train_idx.end());
  validation = train.subset(val_idx);
  train = train.subset(train_idx);
}

std::vector<std::vector<int>> make_shards(const std::vector<std::uint8_t>& labels, int shards,
                                          ShardMode mode, std::uint64_t seed) {
  if (shards < 1) throw Error(ErrorKind::Usage, "the number of shards must be at least 1");
  auto rng = make_rng(seed, Stream::Shard, {static_cast<std::uint64_t>(shards)});
  auto order = shuffled_indices(static_cast<int>(labels.size()), rng);
  std::vector<std::vector<int>> out(static_cast<std::size_t>(shards));
  if (mode == ShardMode::Iid) {
    for (std::size_t i = 0; i < order.size(); ++i) out[i % out.size()].push_back(order[i]);
  } else {
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return labels[static_cast<std::size_t>(a)] < labels[static_cast<std::size_t>(b)];
    });
    const std::size_t pieces = 2 * out.size();
    auto piece_order = shuffled_indices(static_cast<int>(pieces), rng);
    for (std::size_t p = 0; p < pieces; ++p) {
      const auto piece = static_cast<std::size_t>(piece_order[p]);
      const std::size_t begin = piece * order.size() / pieces, end = (piece + 1) * order.size() / pieces;
      auto& shard = out[p / 2];
      shard.insert(shard.end(), order.begin() + static_cast<std::ptrdiff_t>(begin),
                   order.begin() + static_cast<std::ptrdiff_t>(end));
    }
  }
  for (auto& s : out) std::sort(s.begin(), s.end());
  return out;
}

std::vector<std::string> class_names(const DataOptions& data, int classes) {
  if (data.class_names.size() == static_cast<std::size_t>(classes)) return data.class_names;
  if (classes == 10 && data.format == DataFormat::Cifar10)
    return {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
  std::string where = data.path.lexically_normal().string();
  std::transform(where.begin(), where.end(), where.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (classes == 10 && data.format == DataFormat::Idx && where.find("fashion") != std::string::npos)
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
  std::vector<std::string> names;
  for (int c = 0; c < classes; ++c) names.push_back(std::to_string(c));  // MNIST's digits, CSV's class numbers
  return names;
}

}  // namespace ffw
