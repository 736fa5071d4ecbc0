#include "app/models/kpi.h"

#include <nlohmann/json.hpp>

#include <map>

#include <QCoreApplication>
#include <QFileInfo>
#include <QFont>
#include <QLocale>
#include <algorithm>

#include "app/models/run_store.h"

namespace ffw {
namespace app {

QString variant_title(Variant v) {
  switch (v) {
    case Variant::Sequential: return QCoreApplication::translate("ffw::app::RunKpi", "Sequential FF");
    case Variant::SingleLayer: return QCoreApplication::translate("ffw::app::RunKpi", "Single-Layer PFF");
    case Variant::AllLayers: return QCoreApplication::translate("ffw::app::RunKpi", "All-Layers PFF");
    case Variant::Federated: return QCoreApplication::translate("ffw::app::RunKpi", "Federated PFF");
    case Variant::Bp: return QCoreApplication::translate("ffw::app::RunKpi", "backprop");
    case Variant::GpipeBp: return QCoreApplication::translate("ffw::app::RunKpi", "GPipe backprop");
    case Variant::DataParallelBp: return QCoreApplication::translate("ffw::app::RunKpi", "data-parallel backprop");
  }
  return {};
}

QString variant_label(const QString& variant, bool send_optimizer_state) {
  const auto v = variant_from_string(variant.toStdString());
  const QString title = v ? variant_title(*v) : variant;
  return send_optimizer_state ? QCoreApplication::translate("ffw::app::RunKpi", "%1 + optimizer state").arg(title) : title;
}

QString network_label(const Experiment& e) {
  const QLocale l;
  auto mbit = [&](double b) { return b == 0 ? QCoreApplication::translate("ffw::app::RunKpi", "unshaped") : QCoreApplication::translate("ffw::app::RunKpi", "%1 Mbit/s").arg(l.toString(b, 'g', 6)); };
  switch (e.launcher) {
    case Launcher::InProcess: return QCoreApplication::translate("ffw::app::RunKpi", "one process");
    case Launcher::Local: return QCoreApplication::translate("ffw::app::RunKpi", "shared memory");
    case Launcher::Mpi:
      return e.hostfile.empty() ? QCoreApplication::translate("ffw::app::RunKpi", "MPI, this machine")
                                : QCoreApplication::translate("ffw::app::RunKpi", "MPI, hostfile %1").arg(QString::fromStdString(e.hostfile.filename().string()));
    case Launcher::Lab: {
      const int hosts = e.lab.host_count(e.nodes);
      QStringList links;
      for (int h = 0; h < hosts; ++h) links << mbit(e.lab.bandwidth_of(h));
      links.removeDuplicates();
      return QCoreApplication::translate("ffw::app::RunKpi", "lab: %1 hosts, %2").arg(hosts).arg(links.join(QStringLiteral(" / ")));
    }
  }
  return {};
}

RunKpi compute_kpi(const RunStore& run, const CostSettings& cost) {
  RunKpi k;
  k.dir = run.dir();
  k.name = QFileInfo(run.dir()).fileName();  // name-date-time: which run of the experiment
  k.variant = variant_label(QString::fromStdString(to_string(run.experiment().variant)), run.experiment().send_optimizer_state);
  k.nodes = run.nodes();
  k.network = network_label(run.experiment());
  const auto& s = run.summary();
  k.train_seconds = run.last_time();
  if (s.contains("nodes")) {
    double slowest = 0, idle = 0, bytes = 0;
    std::size_t counted = 0;  // an elastic ring's lost nodes report no idle share
    for (const auto& n : s["nodes"]) {
      slowest = std::max(slowest, n.value("train_seconds", 0.0));
      if (!n.value("lost", false)) idle += n.value("idle_fraction", 0.0), ++counted;
      bytes += n.value("sent_bytes", 0.0);
    }
    if (slowest > 0) k.train_seconds = slowest;
    k.idle_fraction = idle / static_cast<double>(std::max<std::size_t>(1, counted));
    k.sent_megabytes = bytes / 1e6;
  } else {
    if (s.contains("wall_seconds")) k.train_seconds = s["wall_seconds"].get<double>();
    double idle = 0, bytes = 0;
    for (int n = 0; n < run.nodes(); ++n) {
      idle += run.idle_fraction_total(n);
      const auto sent = run.sent_megabytes(n);
      bytes += sent.isEmpty() ? 0 : sent.back().y();
    }
    k.idle_fraction = idle / run.nodes();
    k.sent_megabytes = bytes;
  }
  k.accuracy = run.final_accuracy();
  for (const QPointF& p : run.series({"test_accuracy", -1, -1}))
    if (p.y() >= cost.target_accuracy) {
      k.time_to_target = p.x();
      break;
    }
  const double node_hours = k.nodes * k.train_seconds / 3600.0;
  k.cost = node_hours * cost.price_per_node_hour;
  k.energy_wh = node_hours * cost.watts_per_node;
  return k;
}

std::string seed_group_key(const Experiment& e) {
  nlohmann::json j = to_json(e);
  j.erase("name");
  j.erase("description");
  if (j.contains("training")) j["training"].erase("seed");
  return j.dump();
}

std::vector<RunKpi> group_seeds(const std::vector<RunKpi>& runs, const std::vector<std::string>& keys) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const RunKpi*>> groups;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string& key = i < keys.size() ? keys[i] : runs[i].dir.toStdString();
    if (!groups.count(key)) order.push_back(key);
    groups[key].push_back(&runs[i]);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
  };
  std::vector<RunKpi> out;
  for (const std::string& key : order) {
    const auto& g = groups[key];
    RunKpi k = *g.front();
    k.seeds = static_cast<int>(g.size());
    auto figure = [&](double RunKpi::*field) {
      std::vector<double> v;
      for (const RunKpi* r : g) v.push_back(r->*field);
      return v;
    };
    const auto times = figure(&RunKpi::train_seconds), accuracies = figure(&RunKpi::accuracy);
    k.train_seconds = median(times);
    k.train_min = *std::min_element(times.begin(), times.end());
    k.train_max = *std::max_element(times.begin(), times.end());
    k.accuracy = median(accuracies);
    k.accuracy_min = *std::min_element(accuracies.begin(), accuracies.end());
    k.accuracy_max = *std::max_element(accuracies.begin(), accuracies.end());
    k.sent_megabytes = median(figure(&RunKpi::sent_megabytes));
    k.idle_fraction = median(figure(&RunKpi::idle_fraction));
    k.cost = median(figure(&RunKpi::cost));
    k.energy_wh = median(figure(&RunKpi::energy_wh));
    std::vector<double> reached;
    for (const RunKpi* r : g) reached.push_back(r->time_to_target < 0 ? 1e300 : r->time_to_target);
    k.time_to_target = median(reached) >= 1e299 ? -1 : median(reached);
    if (g.size() > 1) k.name = QCoreApplication::translate("ffw::app::RunKpi", "%1 (%2 seeds, median)").arg(k.name).arg(g.size());
    out.push_back(k);
  }
  return out;
}

void apply_baseline(std::vector<RunKpi>& runs, int baseline) {
  if (baseline < 0 || baseline >= static_cast<int>(runs.size())) return;
  const double t0 = runs[static_cast<std::size_t>(baseline)].train_seconds;
  for (auto& r : runs) {
    r.speedup = r.train_seconds > 0 ? t0 / r.train_seconds : 0;
    r.efficiency = r.speedup / std::max(1, r.nodes);
  }
}

KpiTableModel::KpiTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void KpiTableModel::set_runs(std::vector<RunKpi> runs, int baseline, double target_accuracy) {
  beginResetModel();
  runs_ = std::move(runs);
  baseline_ = baseline;
  target_ = target_accuracy;
  apply_baseline(runs_, baseline_);
  endResetModel();
}

int KpiTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(runs_.size()); }
int KpiTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString KpiTableModel::text(int row, int column) const {
  const RunKpi& k = runs_[static_cast<std::size_t>(row)];
  const QLocale l;
  switch (column) {
    case Name: return k.name;
    case Variant: return k.variant;
    case Nodes: return QString::number(k.nodes);
    case Network: return k.network;
    case WallTime:
      return k.seeds > 1 ? tr("%1 s (%2–%3)").arg(l.toString(k.train_seconds, 'f', 1), l.toString(k.train_min, 'f', 1), l.toString(k.train_max, 'f', 1))
                         : tr("%1 s").arg(l.toString(k.train_seconds, 'f', 1));
    // No baseline (-1): no speed-up, rather than one against the run itself.
    case Speedup: return baseline_ < 0 ? QStringLiteral("–") : QStringLiteral("%1×").arg(l.toString(k.speedup, 'f', 2));
    case Efficiency: return baseline_ < 0 ? QStringLiteral("–") : QStringLiteral("%1 %").arg(l.toString(100 * k.efficiency, 'f', 0));
    case TimeToTarget:  // no accuracy (a predicted row): nothing to reach
      return k.time_to_target >= 0 ? tr("%1 s").arg(l.toString(k.time_to_target, 'f', 1)) : k.accuracy < 0 ? QStringLiteral("–") : tr("not reached");
    case Traffic: return QStringLiteral("%1 MB").arg(l.toString(k.sent_megabytes, 'f', 1));
    case Idle: return QStringLiteral("%1 %").arg(l.toString(100 * k.idle_fraction, 'f', 1));
    case Accuracy:
      if (k.accuracy < 0) return QStringLiteral("–");
      return k.seeds > 1 ? QStringLiteral("%1 % (%2–%3)").arg(l.toString(100 * k.accuracy, 'f', 2), l.toString(100 * k.accuracy_min, 'f', 2),
                                                               l.toString(100 * k.accuracy_max, 'f', 2))
                         : QStringLiteral("%1 %").arg(l.toString(100 * k.accuracy, 'f', 2));
    case Cost: return l.toString(k.cost, 'f', 4);
    case Energy: return QStringLiteral("%1 Wh").arg(l.toString(k.energy_wh, 'f', 2));
  }
  return {};
}

QVariant KpiTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  if (role == Qt::DisplayRole) return text(index.row(), index.column());
  if (role == Qt::TextAlignmentRole && index.column() >= Nodes) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::FontRole && index.row() == baseline_) {
    QFont f;
    f.setBold(true);
    return f;
  }
  if (role == Qt::ToolTipRole) return runs_[static_cast<std::size_t>(index.row())].dir;
  return {};
}

QVariant KpiTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  switch (section) {
    case Name: return tr("Run");
    case Variant: return tr("Variant");
    case Nodes: return tr("Nodes");
    case Network: return tr("Network");
    case WallTime: return tr("Wall time");
    case Speedup: return tr("Speed-up");
    case Efficiency: return tr("Efficiency");
    case TimeToTarget: return tr("Time to %1 %").arg(100 * target_, 0, 'f', 0);
    case Traffic: return tr("Bytes sent");
    case Idle: return tr("Idle");
    case Accuracy: return tr("Test accuracy");
    case Cost: return tr("Cost");
    case Energy: return tr("Energy");
  }
  return {};
}

}  // namespace app
}  // namespace ffw
