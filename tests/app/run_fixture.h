#pragma once
// A small run directory written by hand, in the run-directory format (docs/run-directory.md):
// what the GUI and export tests read without training anything.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/experiment.h"

namespace ffw::test {

// Copies the directory tree `from` into `to` (tests/fixtures: its runs name their data relative to
// the run, so the tree goes whole). False when a file could not be copied.
inline bool copy_tree(const QString& from, const QString& to) {
  QDir().mkpath(to);
  for (const QFileInfo& f : QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
    if (f.isDir() ? !copy_tree(f.filePath(), to + "/" + f.fileName()) : !QFile::copy(f.filePath(), to + "/" + f.fileName()))
      return false;
  }
  return true;
}

inline Experiment fixture_experiment(int nodes = 2) {
  Experiment e;
  e.name = "fixture";
  e.data.path = "/nonexistent";
  e.layers = {{20, {}, {}}, {20, {}, {}}};
  e.variant = nodes > 1 ? Variant::AllLayers : Variant::Sequential;
  e.nodes = nodes;
  e.launcher = nodes > 1 ? Launcher::Local : Launcher::InProcess;
  e.epochs = e.chapters = 4;
  return e;
}

// Writes experiment.json, summary.json, metrics.csv (`points` records per goodness, loss and
// accuracy series) and timeline.csv into `dir`.
inline void write_fixture_run(const QString& dir, int points = 50, int nodes = 2, const std::string& status = "finished") {
  QDir().mkpath(dir);
  const std::string d = dir.toStdString();
  std::ofstream(d + "/experiment.json") << to_json(fixture_experiment(nodes)).dump(2);
  nlohmann::json summary = {{"status", status}, {"test_accuracy", 0.81}, {"chapters_done", 4}, {"wall_seconds", 8.0},
                            {"machine", {{"cpu_model", "Test CPU"}, {"cores", 2}, {"blas_kernel", "Test"}}},
                            {"confusion_matrix", {{5, 1}, {2, 7}}}};
  summary["nodes"] = nlohmann::json::array();
  for (int n = 0; n < nodes; ++n)
    summary["nodes"].push_back({{"node", n}, {"train_seconds", 8.0}, {"idle_fraction", 0.1 * (n + 1)}, {"sent_bytes", 4000000}});
  std::ofstream(d + "/summary.json") << summary.dump(2);
  std::ofstream m(d + "/metrics.csv");
  m << "time_s,node,chapter,batch,layer,metric,value\n";
  for (int i = 0; i < points; ++i) {
    const double t = 8.0 * (i + 1) / points;
    const int node = i % nodes, chapter = 1 + i * 4 / points;
    for (int layer = 1; layer <= 2; ++layer) {
      m << t << ',' << node << ',' << chapter << ',' << i << ',' << layer << ",goodness_pos," << 20 + 5.0 * i / points + layer << '\n';
      m << t << ',' << node << ',' << chapter << ',' << i << ',' << layer << ",goodness_neg," << 20 - 5.0 * i / points - layer << '\n';
      m << t << ',' << node << ',' << chapter << ',' << i << ',' << layer << ",loss," << 0.7 - 0.5 * i / points << '\n';
    }
    m << t << ',' << node << ',' << chapter << ',' << i << ",-1,test_accuracy," << 0.5 + 0.35 * i / points << '\n';
  }
  for (int c = 1; c <= 4; ++c) m << 2.0 * c << ',' << (c - 1) % nodes << ',' << c << ",0,-1,learning_rate,0.001\n";
  std::ofstream tl(d + "/timeline.csv");
  tl << "node,kind,start_s,end_s,bytes,peer,chapter,layer,category\n";
  for (int c = 0; c < 4; ++c) {
    const int n = c % nodes;
    tl << n << ",train," << 2.0 * c << ',' << 2.0 * c + 1.6 << ",0,-1," << c + 1 << ",1,\n";
    tl << n << ",send," << 2.0 * c + 1.6 << ',' << 2.0 * c + 1.7 << ",1000000," << (n + 1) % nodes << ',' << c + 1 << ",1,weights\n";
    tl << (n + 1) % nodes << ",wait," << 2.0 * c + 1.0 << ',' << 2.0 * c + 1.7 << ",1000000," << n << ',' << c + 1 << ",1,weights\n";
  }
}

}  // namespace ffw::test
