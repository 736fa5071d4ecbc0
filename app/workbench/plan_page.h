#pragma once
// Plan: what would this experiment do on more nodes, a slower network or older machines? Node
// counts, bandwidth, latency and slow nodes as controls; the planner's predictions (core/planner.h,
// a simulation of the very instruction streams the runner executes, on costs measured here) as
// speed-up curves per variant with the measured runs as points, a table with cost and energy, and
// the predicted Gantt of the chosen row. "Use this plan" writes the variant and the cluster section
// into the experiment (one step to undo).
#include <QProcess>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <optional>

#include "app/models/kpi.h"
#include "core/calibration.h"
#include "core/planner.h"

class QCheckBox;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace ffw::app {

class ExperimentDocument;
class RunListModel;
class PlanTableModel;
class TimelineView;

class PlanPage : public QWidget {
  Q_OBJECT
public:
  PlanPage(ExperimentDocument* doc, RunListModel* runs, QWidget* parent = nullptr);
  ~PlanPage() override;

  // The costs: a calibration file from `ffw probe`, or a finished run's directory.
  bool load_calibration(const QString& file_or_dir, QString* error);
  void set_calibration(const Calibration& c, const QString& source);
  const std::optional<Calibration>& calibration() const { return calibration_; }
  void probe();  // `ffw probe` on the experiment, in the background
  void set_cost(const CostSettings& cost);

  PlanRequest request() const;  // from the controls
  void recompute();             // now (the controls recompute after a short pause)
  PlanTableModel* model() const { return model_; }
  QChartView* chart_view() const { return chart_view_; }
  TimelineView* gantt() const { return gantt_; }
  QTableView* table() const { return table_; }
  QPushButton* use_button() const { return use_; }
  void select_row(int row);
  void use_selected();  // "Use this plan"
  // The controls, for tests.
  QLineEdit* nodes_edit() const { return nodes_; }
  QDoubleSpinBox* bandwidth_box() const { return bandwidth_; }
  QSpinBox* slow_nodes_box() const { return slow_nodes_; }
  QDoubleSpinBox* slowdown_box() const { return slowdown_; }

signals:
  void calibration_changed();

private:
  void show_row(int row);
  int selected_row() const;
  ExperimentDocument* doc_;
  RunListModel* runs_;
  std::optional<Calibration> calibration_;
  CostSettings cost_;
  PlanTableModel* model_;
  QLineEdit* nodes_;
  QDoubleSpinBox *bandwidth_, *latency_, *slowdown_;
  QSpinBox* slow_nodes_;
  QComboBox* goal_;
  QCheckBox* auto_placement_;
  QLabel *source_, *recommendation_, *gantt_title_;
  QPushButton *probe_, *open_, *use_;
  QChartView* chart_view_;
  QTableView* table_;
  TimelineView* gantt_;
  QTimer debounce_;
  QProcess probe_process_;
  QString probe_file_;
};

}  // namespace ffw::app
