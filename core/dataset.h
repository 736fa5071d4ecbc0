#pragma once
// Datasets in memory: one sample per column, labels 0..classes-1. Loaders validate every header
// field, size and label and name the file and the problem when something is off.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ffw {

struct Dataset {
  Matrix x;                          // features x samples
  std::vector<std::uint8_t> labels;  // one per sample
  int classes = 10;

  Index size() const { return x.cols(); }
  Index dim() const { return x.rows(); }
  Dataset subset(const std::vector<int>& indices) const;
};

enum class DataFormat { Idx, Cifar10, Csv };
enum class Scaling { None, Unit, Standardize };

// The map from raw values to network inputs. Unit divides by 255 (IDX, CIFAR-10 bytes);
// Standardize subtracts the training-set mean and divides by its standard deviation per feature.
struct Preprocess {
  Scaling scaling = Scaling::Unit;
  Vector offset;  // per feature, subtracted
  Vector scale;   // per feature, multiplied after the offset

  static Preprocess fit(Scaling scaling, const Dataset& raw_train, DataFormat format);
  void apply(Dataset& d) const;
};

struct DataSplit {
  Dataset train, validation, test;
  Preprocess preprocess;
};

struct DataOptions {
  DataFormat format = DataFormat::Idx;
  std::filesystem::path path;
  Scaling scaling = Scaling::Unit;
  double validation_fraction = 0.0;
  int classes = 10;        // CSV only; IDX and CIFAR-10 have 10
  Index limit_train = 0;   // 0 = all; for quick experiments and tests
  Index limit_test = 0;
  std::uint64_t seed = 1;  // for the validation split
  std::vector<std::string> class_names;  // data.class_names; empty: the dataset's own (class_names())
};

// How many classes the data have: data.classes for CSV; IDX and CIFAR-10 have 10.
inline int class_count(const DataOptions& data) { return data.format == DataFormat::Csv ? data.classes : 10; }

// What each class is called, for people: data.class_names where given; CIFAR-10's ten names;
// Fashion-MNIST's ten names for an IDX directory whose name says "fashion"; digits 0..9 for other
// IDX data (MNIST); else the class numbers.
std::vector<std::string> class_names(const DataOptions& data, int classes);

// Loads raw samples (no scaling applied).
Dataset read_idx(const std::filesystem::path& images, const std::filesystem::path& labels);
Dataset read_cifar10_batch(const std::filesystem::path& file);
Dataset read_csv(const std::filesystem::path& file, int classes);

// Loads train and test from a directory in the given format, splits off validation, scales.
DataSplit load_data(const DataOptions& options);
// The files load_data reads (as found: raw or .gz); throws Error(Data) naming the first one missing.
std::vector<std::filesystem::path> data_files(const DataOptions& options);
// Loads only the test part (for `ffw eval`), scaled with a known preprocessing.
Dataset load_test_data(DataFormat format, const std::filesystem::path& dir, int classes,
                       const Preprocess& preprocess);

// Writers for tests and tools: the same formats the readers accept.
void write_idx(const Dataset& raw_bytes, const std::filesystem::path& images,
               const std::filesystem::path& labels, bool gzip);

// Splits off `fraction` of the samples (seeded shuffle) as a validation set.
void split_validation(Dataset& train, Dataset& validation, double fraction, std::uint64_t seed);

// Shards for federated runs. IID: a seeded shuffle dealt round-robin. LabelSkew: samples sorted
// by label cut into 2*shards pieces, two pieces per shard, so each shard sees few classes.
enum class ShardMode { Iid, LabelSkew };
std::vector<std::vector<int>> make_shards(const std::vector<std::uint8_t>& labels, int shards,
                                          ShardMode mode, std::uint64_t seed);

}  // namespace ffw
