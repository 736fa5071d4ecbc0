#pragma once
// Metrics as plain records handed to a sink. The trainer knows nothing of where they go: a CSV
// file now, a shared-memory ring to the GUI in the cluster floor.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <vector>

namespace ffw {

enum class Metric : std::uint16_t {
  GoodnessPos,        // mean goodness of positive data, per layer
  GoodnessNeg,        // mean goodness of negative data, per layer
  Loss,               // the layer's local loss (FF softplus, local-head or BP cross-entropy)
  HeadLoss,           // softmax head cross-entropy
  TestAccuracy,       // the experiment's classifier on the test set
  ValidationAccuracy,
  LearningRate,       // after the cooldown schedule
  SamplesPerSecond,   // training throughput since the previous record
  // One cell of the test set's confusion matrix at an evaluation (the experiment's classifier):
  // `layer` is the true class, `batch` the predicted one, `value` the count; cells of 0 are left out.
  Confusion,
  Count_
};

std::string_view metric_name(Metric m);
std::optional<Metric> metric_of(std::string_view name);

inline constexpr std::int32_t kNetworkLayer = -1;  // `layer` of records about the whole network
// Evaluations record their confusion matrix (Metric::Confusion) for up to this many classes: at
// most 1,024 records at once, well inside a worker's stream.
inline constexpr int kMaxRecordedClasses = 32;

// Trivially copyable on purpose: the same record travels through shared memory later.
struct MetricRecord {
  double time_s = 0;
  std::int32_t node = 0;
  std::int32_t chapter = 0;
  std::int64_t batch = 0;
  std::int32_t layer = kNetworkLayer;
  Metric metric = Metric::Loss;
  double value = 0;
};

class MetricsSink {
public:
  virtual ~MetricsSink() = default;
  virtual void record(const MetricRecord& r) = 0;
  virtual void flush() {}
};

// metrics.csv in long format: time_s,node,chapter,batch,layer,metric,value
class CsvMetricsSink final : public MetricsSink {
public:
  explicit CsvMetricsSink(const std::filesystem::path& file, bool append = false);
  void record(const MetricRecord& r) override;
  void flush() override;

private:
  std::ofstream out_;
  std::filesystem::path file_;
};

// One line of metrics.csv (without its newline); nullopt for the header, a line still being
// written, an unknown metric or anything malformed. The workbench reads the file while it grows.
std::optional<MetricRecord> parse_metrics_csv_line(std::string_view line);

class MemoryMetricsSink final : public MetricsSink {
public:
  void record(const MetricRecord& r) override { records.push_back(r); }
  std::vector<MetricRecord> records;
};

}  // namespace ffw
