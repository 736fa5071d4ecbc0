#pragma once
// The run's charts on Qt Charts 6.4, following its speed rules: the store keeps full resolution,
// a chart holds one QLineSeries per curve and only ever calls replace() with points decimated to
// the pixels (engineering-notes.md E). Smoothing is TensorBoard's debiased EMA with the raw curve
// drawn faintly behind. The same class draws the live dashboard and the headless exports.
#include <QChart>
#include <QLineSeries>
#include <QString>
#include <map>
#include <optional>
#include <utility>

#include "app/models/run_store.h"
#include "app/models/series_math.h"

namespace ffw::app {

enum class ChartKind { Goodness, Loss, Accuracy, Traffic, Idle, Timeline };
inline constexpr ChartKind kAllCharts[] = {ChartKind::Goodness, ChartKind::Loss, ChartKind::Accuracy,
                                           ChartKind::Traffic, ChartKind::Idle, ChartKind::Timeline};
QString chart_id(ChartKind k);  // goodness, loss, ... (the CLI's names)
QString chart_title(ChartKind k);
std::optional<ChartKind> chart_from_id(const QString& id);

struct ChartOptions {
  double smoothing = 0.6;  // EMA weight; 0 = raw only
  bool log_y = false;
};

// One named curve of a chart at full resolution (what CSV export writes).
struct Curve {
  QString name;
  QVector<QPointF> points;
  QColor color;
  Qt::PenStyle style = Qt::SolidLine;
  bool smooth = true;  // training curves are smoothed; thresholds, accuracy and totals are not
  bool legend = true;  // a curve sharing a layer's colour (negative data, θ) stays out of the legend
  QString id = {};     // stable identity when the name carries a live figure (a rate); empty: the name
  std::optional<SeriesKey> source = {};  // the store's series, when `points` is one unchanged (incremental redraws)
  const QString& key() const { return id.isEmpty() ? name : id; }
};
std::vector<Curve> chart_curves(const RunStore& run, ChartKind kind);
QString axis_title_y(ChartKind kind);

class RunChart {
public:
  explicit RunChart(ChartKind kind);
  // Hand it to a QChartView, which owns it from then on (the RunChart must not outlive the view).
  QChart* chart() const { return chart_; }
  ChartKind kind() const { return kind_; }
  void set_options(const ChartOptions& o);
  // Brings every series up to date, decimated to `pixels` columns over the whole run, and sets
  // the axes. With a `window` (the user zoomed in): decimated within it from the full-resolution
  // data, so zooming shows detail, and the axes stay where the user put them.
  void update(const RunStore& run, int pixels, std::optional<std::pair<double, double>> window = std::nullopt);

private:
  QLineSeries* series_for(const QString& key, const QColor& color, Qt::PenStyle style, bool faint);
  void update_window(const RunStore& run, int pixels, std::pair<double, double> window);
  void rebuild_axes();

  ChartKind kind_;
  ChartOptions options_;
  QChart* chart_;
  std::map<QString, QLineSeries*> series_;
  // Per curve backed by a store series: its decimation, kept between frames.
  struct Decimated {
    IncrementalDecimator raw, smoothed;
  };
  std::map<QString, Decimated> decimated_;
  const RunStore* seen_run_ = nullptr;
  std::uint64_t seen_generation_ = 0;
  QAbstractAxis *x_ = nullptr, *y_ = nullptr;
};

QColor layer_color(int i);

}  // namespace ffw::app
