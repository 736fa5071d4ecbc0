#pragma once
// A live chart with its controls: smoothing, log axis, reset zoom, export. Rubber-band zoom with
// the mouse, values on hover. The owner calls refresh() at most 10 times a second.
#include <QWidget>
#include <memory>

#include "app/views/run_chart.h"

class QChartView;
class QSlider;
class QCheckBox;
class QLabel;

namespace ffw::app {

class ChartPanel : public QWidget {
  Q_OBJECT
public:
  ChartPanel(ChartKind kind, const RunStore* run, QWidget* parent = nullptr);
  void refresh();
  ChartKind kind() const { return kind_; }
  QChartView* view() const { return view_; }
  int point_count() const;  // points currently handed to the series (after decimation)
  // The x range the user zoomed to; nullopt while the chart follows the whole run.
  std::optional<std::pair<double, double>> zoom_window() const;

signals:
  void export_requested(ChartKind kind);

private:
  void hook_hover();
  ChartKind kind_;
  const RunStore* run_;
  QChartView* view_;
  std::unique_ptr<RunChart> chart_;  // its QChart belongs to view_
  QSlider* smoothing_;
  QCheckBox* log_;
  QLabel* hover_;
  bool zoomed_ = false;
};

}  // namespace ffw::app
