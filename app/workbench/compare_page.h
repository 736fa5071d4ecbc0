#pragma once
// Compare: pick runs (e.g. Sequential, Single-Layer, All-Layers, GPipe BP), overlay their accuracy
// against wall time, and read the KPI table against a baseline, with cost and energy from
// Preferences. The same table goes into the meeting report.
#include <QWidget>
#include <memory>
#include <vector>

#include "app/models/kpi.h"

class QListWidget;
class QComboBox;
class QTableView;
class QChartView;

namespace ffw::app {

class RunListModel;
class RunStore;

class ComparePage : public QWidget {
  Q_OBJECT
public:
  ComparePage(RunListModel* runs, QWidget* parent = nullptr);
  ~ComparePage() override;
  void set_cost(const CostSettings& cost);
  void select(const QStringList& dirs);  // for tests and the "compare with" action
  KpiTableModel* kpi_model() const { return kpi_; }
  QChartView* chart_view() const { return chart_view_; }
  void reload_runs();

private:
  void recompute();
  RunListModel* runs_;
  QListWidget* list_;
  QComboBox* baseline_;
  QTableView* table_;
  QChartView* chart_view_;
  KpiTableModel* kpi_;
  CostSettings cost_;
  std::vector<std::unique_ptr<RunStore>> stores_;
};

}  // namespace ffw::app
