#include "core/metrics.h"

#include <array>
#include <cmath>
#include <cstdio>

#include "core/csv_fields.h"
#include "core/error.h"

namespace ffw {

std::string_view metric_name(Metric m) {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(Metric::Count_)> names = {
      "goodness_pos", "goodness_neg", "loss", "head_loss", "test_accuracy", "validation_accuracy",
      "learning_rate", "samples_per_second", "confusion"};
  return names[static_cast<std::size_t>(m)];
}

std::optional<Metric> metric_of(std::string_view name) {
  for (int m = 0; m < static_cast<int>(Metric::Count_); ++m)
    if (name == metric_name(static_cast<Metric>(m))) return static_cast<Metric>(m);
  return std::nullopt;
}

std::optional<MetricRecord> parse_metrics_csv_line(std::string_view line) {
  std::array<std::string_view, 7> f{};
  if (csv::split(line, f) < 7) return std::nullopt;
  MetricRecord r;
  const auto metric = metric_of(f[5]);
  if (!metric || !csv::number(f[0], r.time_s) || !csv::number(f[1], r.node) || !csv::number(f[2], r.chapter) ||
      !csv::number(f[3], r.batch) || !csv::number(f[4], r.layer) || !csv::number(f[6], r.value) ||
      !std::isfinite(r.time_s))
    return std::nullopt;
  r.metric = *metric;
  return r;
}

CsvMetricsSink::CsvMetricsSink(const std::filesystem::path& file, bool append) : file_(file) {
  const bool write_header = !append || !std::filesystem::exists(file) || std::filesystem::file_size(file) == 0;
  out_.open(file, append ? std::ios::app : std::ios::trunc);
  if (!out_) throw Error(ErrorKind::Io, file.string() + ": cannot be written");
  if (write_header) out_ << "time_s,node,chapter,batch,layer,metric,value\n";
}

void CsvMetricsSink::record(const MetricRecord& r) {
  char line[160];
  const int n = std::snprintf(line, sizeof line, "%.3f,%d,%d,%lld,%d,%s,%.9g\n", r.time_s, r.node, r.chapter,
                              static_cast<long long>(r.batch), r.layer, metric_name(r.metric).data(), r.value);
  out_.write(line, n);
}

void CsvMetricsSink::flush() {
  out_.flush();
  if (!out_) throw Error(ErrorKind::Io, file_.string() + ": cannot be written (disk full?)");
}

}  // namespace ffw

#include "core/timeline.h"

namespace ffw {

}  // namespace ffw
