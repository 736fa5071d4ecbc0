// The run-directory readers the workbench uses on a growing run: RunStore (summary.json,
// metrics.csv, timeline.csv, read as they grow) with the figures derived from them, and the Runs
// page's row (experiment.json, summary.json, notes.json). The input holds the files separated by
// NUL bytes: summary.json, metrics.csv, timeline.csv, notes.json, experiment.json (a small valid
// experiment when that part is missing or empty). Each CSV file grows in two steps, as in a run.
#include <QDir>
#include <QFile>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "app/models/kpi.h"
#include "app/models/run_list_model.h"
#include "app/models/run_store.h"
#include "fuzz_input.h"

namespace {

constexpr std::string_view kExperiment = R"({"schema_version": 1, "name": "fuzz", "data": {"format": "csv", "path": "."},
  "network": {"layers": [{"width": 8}, {"width": 8}]}, "algorithm": {"variant": "all-layers"},
  "training": {"epochs": 2, "chapters": 2, "batch_size": 4}, "cluster": {"nodes": 2}})";

void write(const QString& file, std::string_view bytes, bool append = false) {
  QFile f(file);
  if (!f.open(append ? QIODevice::Append : QIODevice::WriteOnly | QIODevice::Truncate)) std::abort();
  f.write(bytes.data(), static_cast<qint64>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::array<std::string_view, 5> part{};
  std::string_view rest = ffw::fuzz::text(data, size);
  for (std::size_t i = 0; i < part.size() && !rest.empty(); ++i) {
    const auto nul = rest.find('\0');
    part[i] = rest.substr(0, nul);
    rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
  }
  QDir dir(QString::fromStdString((ffw::fuzz::scratch_dir() / "run").string()));
  dir.removeRecursively();
  QDir().mkpath(dir.path());
  write(dir.filePath("experiment.json"), part[4].empty() ? kExperiment : part[4]);
  write(dir.filePath("summary.json"), part[0]);
  write(dir.filePath("notes.json"), part[3]);
  write(dir.filePath("metrics.csv"), part[1].substr(0, part[1].size() / 2));
  write(dir.filePath("timeline.csv"), part[2].substr(0, part[2].size() / 2));

  ffw::app::RunStore run;
  if (run.open(dir.path())) {
    write(dir.filePath("metrics.csv"), part[1].substr(part[1].size() / 2), true);
    write(dir.filePath("timeline.csv"), part[2].substr(part[2].size() / 2), true);
    run.poll();
    (void)run.status();
    (void)run.chapters_done();
    (void)run.final_accuracy();
    (void)run.theoretical_bubble();
    (void)run.links();
    (void)run.keys(QStringLiteral("test_accuracy"));
    for (int node = 0; node < run.nodes(); ++node) {
      (void)run.idle_fraction(node, 16);
      (void)run.idle_fraction_total(node);
      (void)run.sent_megabytes(node);
    }
    const auto kpi = ffw::app::compute_kpi(run, ffw::app::CostSettings{});
    if (std::isnan(kpi.train_seconds)) std::abort();
  }
  (void)ffw::app::RunListModel::read_entry(dir.path());
  return 0;
}
