#include "app/models/plan_table_model.h"

#include <QDir>
#include <QFile>
#include <QFont>
#include <algorithm>

#include "app/models/kpi.h"
#include "app/models/run_list_model.h"
#include "core/error.h"
#include "core/run_directory.h"

namespace ffw {
namespace app {

using nlohmann::json;

PlanTableModel::PlanTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void PlanTableModel::set_plan(Plan plan) {
  beginResetModel();
  plan_ = std::move(plan);
  endResetModel();
}

const PlanRow* PlanTableModel::row(int r) const {
  return r >= 0 && r < rowCount() ? &plan_.rows[static_cast<std::size_t>(r)] : nullptr;
}

int PlanTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(plan_.rows.size());
}

int PlanTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PlanTableModel::data(const QModelIndex& index, int role) const {
  const PlanRow* r = index.isValid() ? row(index.row()) : nullptr;
  if (!r) return {};
  const bool recommended = index.row() == plan_.recommended;
  if (role == Qt::FontRole && recommended) {
    QFont f;
    f.setBold(true);
    return f;
  }
  if (role == Qt::ToolTipRole) {
    if (!r->skipped.empty()) return QString::fromStdString(r->skipped);
    if (recommended) return tr("Recommended: %1").arg(QString::fromStdString(plan_.recommendation));
    return {};
  }
  if (role == Qt::TextAlignmentRole)
    return index.column() == Variant || index.column() == Placement ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                                    : QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole) return {};
  if (index.column() == Variant) return variant_title(r->variant);
  if (index.column() == Nodes) return r->nodes;
  if (!r->skipped.empty())
    return index.column() == Seconds     ? QVariant(QStringLiteral("—"))
           : index.column() == Placement ? QVariant(tr("cannot run: %1").arg(QString::fromStdString(r->skipped)))
                                         : QVariant();
  switch (index.column()) {
    case Seconds: return QStringLiteral("%1 s").arg(r->seconds, 0, 'f', 1);
    case Speedup: return r->speedup_vs_sequential > 0 ? QStringLiteral("%1×").arg(r->speedup_vs_sequential, 0, 'f', 2) : QVariant();
    case Idle: {
      double idle = 0;
      for (double i : r->idle) idle += i;
      return QStringLiteral("%1 %").arg(r->idle.empty() ? 0.0 : 100 * idle / static_cast<double>(r->idle.size()), 0, 'f', 1);
    }
    case Traffic: return QStringLiteral("%1 MB").arg(static_cast<double>(r->total_bytes) / 1e6, 0, 'f', 1);
    case Cost: return QString::number(r->cost, 'f', 4);
    case Energy: return QStringLiteral("%1 Wh").arg(r->energy_wh, 0, 'f', 2);
    case Placement:
    {
      const PlacementChoice& c = r->placement;
      const QString values = QString::fromStdString(placement_text(c.values()));
      if (!c.chapter_nodes.empty()) return tr("chapters on nodes %1 (preset %2 s)").arg(values).arg(c.preset_seconds, 0, 'f', 1);
      if (!c.stage_nodes.empty()) return tr("stages on nodes %1 (preset %2 s)").arg(values).arg(c.preset_seconds, 0, 'f', 1);
      if (!c.batch_shares.empty()) return tr("batch shares %1 (equal: %2 s)").arg(values).arg(c.preset_seconds, 0, 'f', 1);
      return tr("preset");
    }
  }
  return {};
}

QVariant PlanTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  switch (section) {
    case Variant: return tr("Variant");
    case Nodes: return tr("Nodes");
    case Seconds: return tr("Predicted time");
    case Speedup: return tr("Speed-up");
    case Idle: return tr("Idle");
    case Traffic: return tr("Bytes sent");
    case Cost: return tr("Cost");
    case Energy: return tr("Energy");
    case Placement: return tr("Placement");
  }
  return {};
}

bool same_training(const Experiment& a, const Experiment& b) {
  if (a.layers.size() != b.layers.size()) return false;
  for (std::size_t i = 0; i < a.layers.size(); ++i)
    if (a.layers[i].width != b.layers[i].width) return false;
  return a.epochs == b.epochs && a.chapters == b.chapters && a.batch_size == b.batch_size &&
         a.data.limit_train == b.data.limit_train && a.data.format == b.data.format && a.classifier == b.classifier;
}

double measured_train_seconds(const json& summary) {
  double seconds = summary.value("train_seconds", 0.0);
  if (summary.contains("nodes") && summary["nodes"].is_array())
    for (const auto& n : summary["nodes"]) seconds = std::max(seconds, n.value("train_seconds", 0.0));
  return seconds;
}

namespace {

json read_json_file(const QString& file) {
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return json();
  return json::parse(f.readAll().toStdString(), nullptr, false);
}

}  // namespace

std::vector<MeasuredPoint> measured_points(const RunListModel& runs, const Experiment& like, double predicted_sequential_seconds) {
  std::vector<MeasuredPoint> points;
  double sequential = 0;
  for (int r = 0; r < runs.rowCount(); ++r) {
    const RunEntry& entry = runs.entry(r);
    if (entry.status != QStringLiteral("finished")) continue;
    const QDir dir(entry.dir);
    const json summary = conform_summary(read_json_file(dir.filePath(QStringLiteral("summary.json"))));
    if (!summary.is_object()) continue;
    try {
      const Experiment e = load_experiment(dir.filePath(QStringLiteral("experiment.json")).toStdString());
      if (!same_training(e, like)) continue;
      MeasuredPoint p;
      p.variant = e.variant;
      p.nodes = e.nodes;
      p.seconds = measured_train_seconds(summary);
      p.dir = entry.dir;
      if (p.seconds <= 0) continue;
      if (e.variant == ffw::Variant::Sequential && e.nodes == 1 && (sequential == 0 || p.seconds < sequential)) sequential = p.seconds;
      points.push_back(p);
    } catch (const Error&) {
      continue;  // a run of an older or broken experiment: not comparable
    }
  }
  for (auto& p : points) {
    p.against_prediction = sequential == 0;
    const double base = sequential > 0 ? sequential : predicted_sequential_seconds;
    p.speedup = base > 0 ? base / p.seconds : 0;
  }
  return points;
}

QString plan_conditions(const PlanRequest& request) {
  QString network = request.bandwidth_mbit > 0
                        ? PlanTableModel::tr("one host per node, links of %1 Mbit/s").arg(request.bandwidth_mbit, 0, 'g', 4)
                        : PlanTableModel::tr("nodes on one machine (shared memory)");
  if (request.latency_ms > 0) network += PlanTableModel::tr(", %1 ms per message (not validated)").arg(request.latency_ms, 0, 'g', 3);
  int slow = 0;
  double factor = 1;
  for (double s : request.slowdown)
    if (s > 1) {
      ++slow;
      factor = s;
    }
  if (slow > 0) network += PlanTableModel::tr(", %n node(s) %1× slower", nullptr, slow).arg(factor, 0, 'g', 3);
  return network;
}

PlanRequest request_for_run(const Experiment& run) {
  PlanRequest r;
  r.slowdown = run.slowdown;
  r.lab = run.launcher == Launcher::Lab;
  r.mpi = run.launcher == Launcher::Mpi || r.lab;
  r.bandwidth_mbit = r.lab ? run.lab.bandwidth_of(0) : 0;
  return r;
}

std::optional<PredictedBaseline> predict_baseline(const Experiment& run, const json& run_summary, const Calibration& c) {
  if (run.variant == Variant::Sequential && run.nodes == 1) return std::nullopt;  // it is the baseline kind itself
  try {
    const PlanRow sequential = plan_row(run, c, PlanRequest{}, Variant::Sequential, 1);
    if (!sequential.skipped.empty() || sequential.seconds <= 0) return std::nullopt;
    PredictedBaseline b;
    b.seconds = sequential.seconds;
    const std::string cpu = c.machine.is_object() ? c.machine.value("cpu_model", std::string()) : std::string();
    b.calibration = QString::fromStdString(cpu.empty() ? c.source : c.source + ", " + cpu);
    const PlanRow self = predict(run, c, request_for_run(run));
    const double measured = measured_train_seconds(run_summary);
    if (self.skipped.empty() && self.seconds > 0 && measured > 0 && run.hostfile.empty()) {
      b.run_error = (self.seconds - measured) / measured;
      b.run_error_known = true;
    }
    return b;
  } catch (const std::exception&) {
    return std::nullopt;  // costs this calibration does not hold
  }
}

std::optional<PredictedBaseline> predict_baseline(const std::filesystem::path& run_dir, const Experiment& run,
                                                  const json& run_summary, const Calibration* c, std::string* why) {
  auto none = [&](const std::string& reason) {
    if (why) *why = reason;
    return std::nullopt;
  };
  if (run.variant == Variant::Sequential && run.nodes == 1) return none("the run is Sequential FF on one node itself");
  try {
    const Calibration own = c ? Calibration{} : calibration_from_run(run_dir);
    if (auto b = predict_baseline(run, run_summary, c ? *c : own)) return b;
    return none("the calibration holds no Forward-Forward costs for this network");
  } catch (const std::exception& x) {
    return none(x.what());  // unfinished, a backprop run, or its data is gone: no prediction rather than a wrong one
  }
}

ScalingOutlook make_outlook(const Experiment& run, const json& run_summary, const Calibration& c, const PlanRequest& request) {
  ScalingOutlook o;
  o.plan = make_plan(run, c, request);
  const std::string cpu = c.machine.is_object() ? c.machine.value("cpu_model", std::string()) : std::string();
  o.calibration = QString::fromStdString(cpu.empty() ? c.source : c.source + ", " + cpu);
  o.conditions = plan_conditions(request);
  // The same calibration's prediction of the report's own run, on its own network and nodes.
  const PlanRow row = predict(run, c, request_for_run(run));
  if (row.skipped.empty() && run.hostfile.empty()) {  // hosts of a hostfile: links this machine cannot know
    o.run_predicted_seconds = row.seconds;
    o.run_measured_seconds = measured_train_seconds(run_summary);
  }
  return o;
}

}  // namespace app
}  // namespace ffw
