#pragma once
// The figures a manager asks for, per run, against a baseline run: wall time, speed-up,
// efficiency, time to a target accuracy, bytes on the wire, idle share, final accuracy, and the
// cost and energy of the node-hours (price and watts from Preferences).
#include <QAbstractTableModel>
#include <QString>
#include <string>
#include <vector>

#include "core/experiment.h"

namespace ffw::app {

class RunStore;

struct RunKpi {
  QString dir, name, variant, network;
  int nodes = 1;
  double train_seconds = 0;     // the last node's training time (the summary's, else the last record)
  double accuracy = -1;
  double time_to_target = -1;   // seconds; < 0: never reached
  double sent_megabytes = 0;
  double idle_fraction = 0;     // mean over nodes
  double speedup = 0, efficiency = 0;
  double cost = 0, energy_wh = 0;
  // Runs grouped by seed (group_seeds): how many, and the spread of time and accuracy.
  int seeds = 1;
  double train_min = 0, train_max = 0, accuracy_min = -1, accuracy_max = -1;
};

struct CostSettings {
  double price_per_node_hour = 0.50;
  double watts_per_node = 150;
  double target_accuracy = 0.80;
};

RunKpi compute_kpi(const RunStore& run, const CostSettings& cost);
// A variant in the interface's language: "All-Layers PFF", "Sequential FF", "GPipe backprop".
QString variant_title(Variant v);
// A run's variant as tables show it: "All-Layers PFF" (from its id, "all-layers"), or "All-Layers
// PFF + optimizer state" where the layers travelled with it, so two runs that differ only there are
// told apart. An id this build does not know is shown as it is.
QString variant_label(const QString& variant, bool send_optimizer_state);
// The network a run had, in the interface's language: "lab: 4 hosts, 100 Mbit/s", "shared memory",
// "MPI, hostfile hosts.txt" (core's network_description, translated).
QString network_label(const Experiment& e);
// What runs that differ only in their seed share: the experiment without its name, description and
// training.seed.
std::string seed_group_key(const Experiment& e);
// Runs with equal keys as one row each, in the order of their first run: the median of every
// figure, the number of seeds and the min-max of training time and accuracy.
std::vector<RunKpi> group_seeds(const std::vector<RunKpi>& runs, const std::vector<std::string>& keys);
// Fills speed-up and efficiency of every entry against `baseline` (an index into `runs`).
void apply_baseline(std::vector<RunKpi>& runs, int baseline);

class KpiTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { Name, Variant, Nodes, Network, WallTime, Speedup, Efficiency, TimeToTarget, Traffic, Idle, Accuracy, Cost, Energy, ColumnCount };
  explicit KpiTableModel(QObject* parent = nullptr);
  // `baseline` < 0: none, and the speed-up and efficiency columns stay empty.
  void set_runs(std::vector<RunKpi> runs, int baseline, double target_accuracy);
  const std::vector<RunKpi>& runs() const { return runs_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  QString text(int row, int column) const;

private:
  std::vector<RunKpi> runs_;
  int baseline_ = 0;
  double target_ = 0.8;
};

}  // namespace ffw::app
