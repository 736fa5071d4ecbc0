#pragma once
// The Plan page's and the report's view of a plan (core/planner.h): one row per variant and node
// count with the predicted time, speed-up, idle, bytes, cost, energy and placement; the measured
// runs of the same training as points beside the predictions; and the report's scaling outlook.
#include <QAbstractTableModel>
#include <QString>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/planner.h"

namespace ffw::app {

class RunListModel;

class PlanTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { Variant, Nodes, Seconds, Speedup, Idle, Traffic, Cost, Energy, Placement, ColumnCount };
  explicit PlanTableModel(QObject* parent = nullptr);
  void set_plan(Plan plan);
  const Plan& plan() const { return plan_; }
  const PlanRow* row(int r) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
  Plan plan_;
};

// A finished run of the same training as the experiment (network, data, epochs, chapters, batch):
// its variant, nodes and training time, and its speed-up against the fastest such Sequential FF run
// on one node, or against the plan's predicted Sequential time where none was measured.
struct MeasuredPoint {
  ffw::Variant variant = ffw::Variant::Sequential;
  int nodes = 1;
  double seconds = 0;
  double speedup = 0;
  bool against_prediction = false;
  QString dir;
};
bool same_training(const Experiment& a, const Experiment& b);
// The training seconds of a finished run's summary.json: the slowest node's, or the in-process run's.
double measured_train_seconds(const nlohmann::json& summary);
std::vector<MeasuredPoint> measured_points(const RunListModel& runs, const Experiment& like, double predicted_sequential_seconds);

// A baseline the meeting report may use where no real one exists: the planner's prediction of
// Sequential FF on one node of this machine (the run's network, data, epochs and threads, no slow
// node), from a calibration, with how far the same costs were off for the run itself.
struct PredictedBaseline {
  double seconds = 0;
  QString calibration;       // where the costs came from
  double run_error = 0;      // (predicted - measured) / measured for the run; 0: not known
  bool run_error_known = false;
};
// nullopt where the calibration cannot predict Sequential FF for this run (a backprop calibration
// for an FF network, a network it has no costs for).
std::optional<PredictedBaseline> predict_baseline(const Experiment& run, const nlohmann::json& run_summary, const Calibration& c);
// The same from `c` where given, else from the run's own measured costs (calibration_from_run: a
// finished Forward-Forward run); nullopt where neither predicts, with `why` said.
std::optional<PredictedBaseline> predict_baseline(const std::filesystem::path& run_dir, const Experiment& run,
                                                  const nlohmann::json& run_summary, const Calibration* c,
                                                  std::string* why = nullptr);

// The meeting report's "scaling outlook": predictions at the node counts a person picked, with the
// error of the same calibration's prediction of the report's own run, measured on this machine.
struct ScalingOutlook {
  Plan plan;
  QString calibration;            // where the costs came from
  QString conditions;             // the network and slow nodes assumed, in words
  double run_predicted_seconds = 0, run_measured_seconds = 0;  // the report's run; 0: not predicted
  double error() const {
    return run_measured_seconds > 0 && run_predicted_seconds > 0 ? (run_predicted_seconds - run_measured_seconds) / run_measured_seconds : 0;
  }
};
// `run` is the report's run (its experiment, summary), `request` the picked nodes and network.
ScalingOutlook make_outlook(const Experiment& run, const nlohmann::json& run_summary, const Calibration& c,
                            const PlanRequest& request);
QString plan_conditions(const PlanRequest& request);
// The request that predicts a run as it was set up: its slow nodes, its launcher, the lab's links.
PlanRequest request_for_run(const Experiment& run);

}  // namespace ffw::app
