#include "app/views/run_chart.h"

#include <QCategoryAxis>
#include <QCoreApplication>
#include <QLegendMarker>
#include <QLogValueAxis>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "app/models/series_math.h"

namespace ffw {
namespace app {

QString chart_id(ChartKind k) {
  switch (k) {
    case ChartKind::Goodness: return QStringLiteral("goodness");
    case ChartKind::Loss: return QStringLiteral("loss");
    case ChartKind::Accuracy: return QStringLiteral("accuracy");
    case ChartKind::Traffic: return QStringLiteral("traffic");
    case ChartKind::Idle: return QStringLiteral("idle");
    case ChartKind::Timeline: return QStringLiteral("timeline");
  }
  return {};
}

std::optional<ChartKind> chart_from_id(const QString& id) {
  for (ChartKind k : kAllCharts)
    if (chart_id(k) == id) return k;
  return std::nullopt;
}

QString chart_title(ChartKind k) {
  switch (k) {
    case ChartKind::Goodness:
      return QCoreApplication::translate("ffw::app::Charts", "Goodness per layer: positive (dark), negative (light), θ (dotted)");
    case ChartKind::Loss: return QCoreApplication::translate("ffw::app::Charts", "Loss per layer");
    case ChartKind::Accuracy: return QCoreApplication::translate("ffw::app::Charts", "Test accuracy against wall time");
    case ChartKind::Traffic: return QCoreApplication::translate("ffw::app::Charts", "Bytes sent per link and category");
    case ChartKind::Idle: return QCoreApplication::translate("ffw::app::Charts", "Idle fraction per node and theoretical bubble");
    case ChartKind::Timeline: return QCoreApplication::translate("ffw::app::Charts", "Utilisation timeline per node");
  }
  return {};
}

QString axis_title_y(ChartKind kind) {
  switch (kind) {
    case ChartKind::Goodness: return QCoreApplication::translate("ffw::app::Charts", "Goodness");
    case ChartKind::Loss: return QCoreApplication::translate("ffw::app::Charts", "Loss");
    case ChartKind::Accuracy: return QStringLiteral("%");
    case ChartKind::Traffic: return QCoreApplication::translate("ffw::app::Charts", "Sent (MB)");
    case ChartKind::Idle: return QCoreApplication::translate("ffw::app::Charts", "Idle %");
    case ChartKind::Timeline: return QCoreApplication::translate("ffw::app::Charts", "Node");
  }
  return {};
}

QColor layer_color(int i) {
  static const QColor palette[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44), QColor(214, 39, 40),
                                   QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(127, 127, 127),
                                   QColor(188, 189, 34), QColor(23, 190, 207)};
  return palette[((i % 10) + 10) % 10];
}

std::vector<Curve> chart_curves(const RunStore& run, ChartKind kind) {
  std::vector<Curve> out;
  const Experiment& e = run.experiment();
  switch (kind) {
    case ChartKind::Goodness: {
      for (const SeriesKey& k : run.keys(QStringLiteral("goodness_pos"))) {
        const QColor c = layer_color(k.layer - 1);
        out.push_back({QCoreApplication::translate("ffw::app::Charts", "L%1").arg(k.layer), run.series(k), c, Qt::SolidLine, true});
        out.back().source = k;
        const SeriesKey neg{QStringLiteral("goodness_neg"), k.layer, -1};
        out.push_back({QCoreApplication::translate("ffw::app::Charts", "L%1 neg").arg(k.layer), run.series(neg), c.lighter(160),
                       Qt::SolidLine, true, false});
        out.back().source = neg;
        const auto& pts = out.back().points;
        if (!pts.isEmpty() && k.layer >= 1 && static_cast<std::size_t>(k.layer) <= e.layers.size()) {
          // goodness is recorded as the layer computes it (mean of squares or sum of squares):
          // the threshold sits on the same scale.
          const double theta = e.threshold(static_cast<std::size_t>(k.layer - 1));
          out.push_back({QCoreApplication::translate("ffw::app::Charts", "L%1 θ").arg(k.layer), {{0, theta}, {run.last_time(), theta}}, c, Qt::DotLine, false, false});
        }
      }
      break;
    }
    case ChartKind::Loss: {
      for (const SeriesKey& k : run.keys(QStringLiteral("loss"))) {
        out.push_back({k.layer < 0 ? QCoreApplication::translate("ffw::app::Charts", "network") : QCoreApplication::translate("ffw::app::Charts", "L%1").arg(k.layer), run.series(k),
                       k.layer < 0 ? QColor(Qt::black) : layer_color(k.layer - 1), Qt::SolidLine, true});
        out.back().source = k;
      }
      for (const SeriesKey& k : run.keys(QStringLiteral("head_loss"))) {
        out.push_back({QCoreApplication::translate("ffw::app::Charts", "softmax head"), run.series(k), QColor(Qt::darkGray), Qt::SolidLine, true});
        out.back().source = k;
      }
      break;
    }
    case ChartKind::Accuracy: {
      auto percent = [](QVector<QPointF> v) {
        for (auto& p : v) p.setY(100 * p.y());
        return v;
      };
      out.push_back({QCoreApplication::translate("ffw::app::Charts", "test"), percent(run.series({QStringLiteral("test_accuracy"), -1, -1})), layer_color(0), Qt::SolidLine, false});
      const auto& val = run.series({QStringLiteral("validation_accuracy"), -1, -1});
      if (!val.isEmpty()) out.push_back({QCoreApplication::translate("ffw::app::Charts", "validation"), percent(val), layer_color(1), Qt::SolidLine, false});
      break;
    }
    case ChartKind::Traffic: {
      // One curve per link and category (what moved from which node to which), with its mean rate.
      static const char* const names[] = {QT_TRANSLATE_NOOP("ffw::app::Charts", "weights"),
                                          QT_TRANSLATE_NOOP("ffw::app::Charts", "labels"),
                                          QT_TRANSLATE_NOOP("ffw::app::Charts", "activations"),
                                          QT_TRANSLATE_NOOP("ffw::app::Charts", "gradients"),
                                          QT_TRANSLATE_NOOP("ffw::app::Charts", "data"),
                                          QT_TRANSLATE_NOOP("ffw::app::Charts", "control")};
      const auto links = run.links();
      for (std::size_t i = 0; i < links.size(); ++i) {
        const auto& l = links[i];
        const QString what = l.category >= 0 && l.category < 6 ? QCoreApplication::translate("ffw::app::Charts", names[l.category])
                                                               : QCoreApplication::translate("ffw::app::Charts", "bytes");
        const double rate = run.last_time() > 0 ? l.megabytes / run.last_time() : 0;
        out.push_back({QStringLiteral("%1→%2 %3 (%4 MB/s)").arg(l.from).arg(l.to).arg(what).arg(rate, 0, 'g', 3),
                       run.sent_megabytes(l.from, l.to, l.category), layer_color(static_cast<int>(i)), Qt::SolidLine, false,
                       true, QStringLiteral("%1-%2-%3").arg(l.from).arg(l.to).arg(l.category)});
      }
      break;
    }
    case ChartKind::Idle: {
      for (int n = 0; n < run.nodes(); ++n) {
        auto v = run.idle_fraction(n, 200);
        for (auto& p : v) p.setY(100 * p.y());
        out.push_back({QCoreApplication::translate("ffw::app::Charts", "node %1").arg(n), v, layer_color(n), Qt::SolidLine, false});
      }
      const double bubble = 100 * run.theoretical_bubble();
      out.push_back({QCoreApplication::translate("ffw::app::Charts", "theoretical bubble"), {{0, bubble}, {run.last_time(), bubble}}, Qt::black, Qt::DashLine, false});
      break;
    }
    case ChartKind::Timeline: break;  // drawn by TimelineView
  }
  return out;
}

RunChart::RunChart(ChartKind kind) : kind_(kind), chart_(new QChart) {
  chart_->setTitle(chart_title(kind));
  chart_->setAnimationOptions(QChart::NoAnimation);
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  rebuild_axes();
}

void RunChart::set_options(const ChartOptions& o) {
  const bool axes = o.log_y != options_.log_y;
  options_ = o;
  if (axes) rebuild_axes();
}

void RunChart::rebuild_axes() {
  for (QAbstractAxis* a : chart_->axes()) {
    chart_->removeAxis(a);
    delete a;
  }
  auto* x = new QValueAxis;
  x->setTitleText(QCoreApplication::translate("ffw::app::Charts", "Wall time (s)"));
  x->setLabelFormat(QStringLiteral("%.4g"));
  QAbstractAxis* y = nullptr;
  if (options_.log_y) {
    auto* log = new QLogValueAxis;
    log->setBase(10);
    log->setLabelFormat(QStringLiteral("%g"));
    y = log;
  } else {
    auto* v = new QValueAxis;
    v->setLabelFormat(QStringLiteral("%.3g"));
    y = v;
  }
  y->setTitleText(axis_title_y(kind_));
  chart_->addAxis(x, Qt::AlignBottom);
  chart_->addAxis(y, Qt::AlignLeft);
  x_ = x;
  y_ = y;
  for (auto& [key, s] : series_) {
    s->attachAxis(x_);
    s->attachAxis(y_);
  }
}

QLineSeries* RunChart::series_for(const QString& key, const QColor& color, Qt::PenStyle style, bool faint) {
  auto it = series_.find(key);
  if (it != series_.end()) return it->second;
  auto* s = new QLineSeries;
  s->setName(key);
  QColor c = color;
  if (faint) c.setAlpha(60);
  QPen pen(c);
  pen.setWidthF(faint ? 1.0 : 1.8);
  pen.setStyle(style);
  s->setPen(pen);
  // Accuracy has one point per chapter: markers, so the first chapter's point shows before a line can.
  if (kind_ == ChartKind::Accuracy && !faint) {
    s->setPointsVisible(true);
    s->setMarkerSize(6);
  }
  chart_->addSeries(s);
  s->attachAxis(x_);
  s->attachAxis(y_);
  series_[key] = s;
  return s;
}

namespace {
std::pair<double, double> nice_range(double lo, double hi) {
  QValueAxis probe;  // not in any chart: rounding only
  probe.setRange(lo, hi);
  probe.applyNiceNumbers();
  return {probe.min(), probe.max()};
}
}  // namespace

void RunChart::update(const RunStore& run, int pixels, std::optional<std::pair<double, double>> window) {
  if (window) {
    update_window(run, pixels, *window);
    return;
  }
  // Before the first point, a plain 0-1 s axis rather than thousandths of a second.
  const double x1 = run.last_time() > 0 ? std::max(1e-3, run.last_time()) : 1.0;
  const auto x_range = nice_range(0, x1);
  // Decimation grids over the x axis. Bucket widths are powers of two, so a grid stays put while
  // the axis grows (until the width doubles) and a frame only redoes the buckets that new points
  // touch (IncrementalDecimator). Qt Charts' cost grows with every point it is given: a min and a
  // max per two to three pixel columns for raw curves, per four to six for smoothed ones (smooth
  // already) and the faint raw curves behind them.
  struct Grid {
    int buckets;
    double x_end;
  };
  auto grid = [&](int columns_per_bucket) {
    const double width = std::exp2(std::floor(std::log2(x_range.second / std::max(25, pixels / columns_per_bucket))));
    const int buckets = static_cast<int>(std::ceil(std::max(x1, x_range.second) / width));
    return Grid{buckets, buckets * width};
  };
  const Grid fine = grid(3), coarse = grid(6);
  double y_min = std::numeric_limits<double>::max(), y_max = std::numeric_limits<double>::lowest();
  const bool same_run = seen_run_ == &run;
  struct Planned {
    QLineSeries* series;
    QVector<QPointF> points;
  };
  std::vector<Planned> plan;
  std::vector<QString> unnamed;
  // A curve's series is found by its key; its legend name may change (live rates).
  auto named = [this](const Curve& c) {
    QLineSeries* s = series_for(c.key(), c.color, c.style, false);
    if (s->name() != c.name) s->setName(c.name);
    return s;
  };
  for (const Curve& c : chart_curves(run, kind_)) {
    if (!c.legend) unnamed.push_back(c.key());
    const bool smoothed = c.smooth && options_.smoothing > 0;
    QVector<QPointF> raw, smooth;
    if (c.source) {
      Decimated& d = decimated_[c.key()];
      const qsizetype changed = same_run ? run.first_changed(*c.source, seen_generation_) : 0;
      raw = d.raw.update(c.points, changed, 0, fine.x_end, fine.buckets, 0);
      if (smoothed) smooth = d.smoothed.update(c.points, changed, 0, coarse.x_end, coarse.buckets, options_.smoothing);
    } else {
      raw = decimate_min_max(c.points, 0, fine.x_end, fine.buckets);
      if (smoothed) smooth = smooth_and_decimate(c.points, options_.smoothing, 0, coarse.x_end, coarse.buckets);
    }
    if (options_.log_y) raw.erase(std::remove_if(raw.begin(), raw.end(), [](const QPointF& p) { return p.y() <= 0; }), raw.end());
    for (const QPointF& p : raw) {
      y_min = std::min(y_min, p.y());
      y_max = std::max(y_max, p.y());
    }
    if (smoothed) {
      // Smoothing runs on the full-resolution curve, then is decimated like the raw one; the
      // faint raw curve comes from the decimated one (the same extremes).
      QLineSeries* faint = series_for(c.key() + QStringLiteral(" (raw)"), c.color, c.style, true);
      faint->setVisible(true);
      plan.push_back({faint, decimate_min_max(raw, 0, coarse.x_end, coarse.buckets)});
      plan.push_back({named(c), std::move(smooth)});
    } else {
      auto raw_it = series_.find(c.key() + QStringLiteral(" (raw)"));
      if (raw_it != series_.end()) raw_it->second->setVisible(false);
      plan.push_back({named(c), std::move(raw)});
    }
  }
  seen_run_ = &run;
  seen_generation_ = run.generation();
  // The legend names each colour once: raw companions and the curves that share a layer's colour
  // stay out of it.
  for (auto& [key, series] : series_)
    if (key.endsWith(QStringLiteral(" (raw)")) || std::find(unnamed.begin(), unnamed.end(), key) != unnamed.end())
      for (QLegendMarker* m : chart_->legend()->markers(series)) m->setVisible(false);

  // Axes first, and only when their (rounded) range changes: every range change makes Qt Charts
  // recompute every series' geometry, so it must not happen several times per frame.
  if (y_min > y_max) y_min = 0, y_max = kind_ == ChartKind::Accuracy ? 100 : 1;  // no points yet
  if (y_max - y_min < 1e-6 * std::max(1.0, std::abs(y_max))) {  // a flat curve still gets a readable axis
    if (y_max == 0 && y_min == 0) {
      y_max = 1;  // nothing yet but zeros (no idle time, no bytes): 0 to 1, not -0.001 to 0.001
    } else {
      const double half = kind_ == ChartKind::Accuracy ? 1.0 : std::max(1e-3, std::abs(y_max) * 0.05);
      y_min = y_min >= 0 ? std::max(0.0, y_min - half) : y_min - half;
      y_max += half;
    }
  }
  auto set_range = [](QAbstractAxis* axis, std::pair<double, double> r) {
    const auto* v = qobject_cast<QValueAxis*>(axis);
    const auto* l = qobject_cast<QLogValueAxis*>(axis);
    const double lo = v ? v->min() : l->min(), hi = v ? v->max() : l->max();
    if (lo != r.first || hi != r.second) axis->setRange(r.first, r.second);
  };
  set_range(x_, x_range);
  if (options_.log_y) {
    set_range(y_, {std::max(1e-4, y_min * 0.8), std::max(1e-3, y_max * 1.25)});
  } else {
    const double pad = std::max(1e-9, (y_max - y_min) * 0.05);
    const bool from_zero = kind_ == ChartKind::Idle || kind_ == ChartKind::Traffic;
    double low = from_zero ? std::min(0.0, y_min) : y_min - pad;
    if (y_min >= 0 && low < 0) low = 0;  // losses, goodness and accuracy are never negative
    const bool percent = kind_ == ChartKind::Accuracy || kind_ == ChartKind::Idle;  // never above 100 %
    set_range(y_, nice_range(low, percent ? std::min(100.0, y_max + pad) : y_max + pad));
  }
  for (const Planned& p : plan)
    if (p.series->points() != p.points) p.series->replace(p.points);
}

void RunChart::update_window(const RunStore& run, int pixels, std::pair<double, double> window) {
  const auto [x0, x1] = window;
  if (!(x1 > x0)) return;
  const int buckets = std::max(25, pixels / 3), coarse = std::max(25, pixels / 6);
  for (const Curve& c : chart_curves(run, kind_)) {
    const bool smoothed = c.smooth && options_.smoothing > 0;
    QVector<QPointF> raw = decimate_min_max(c.points, x0, x1, buckets);
    if (options_.log_y) raw.erase(std::remove_if(raw.begin(), raw.end(), [](const QPointF& p) { return p.y() <= 0; }), raw.end());
    QLineSeries* line = series_for(c.key(), c.color, c.style, false);
    if (smoothed) {
      QLineSeries* faint = series_for(c.key() + QStringLiteral(" (raw)"), c.color, c.style, true);
      const QVector<QPointF> behind = decimate_min_max(raw, x0, x1, coarse);
      if (faint->points() != behind) faint->replace(behind);
      // The EMA runs from the start of the run, so the window shows the same curve, in detail.
      const QVector<QPointF> smooth = smooth_and_decimate(c.points, options_.smoothing, x0, x1, coarse);
      if (line->points() != smooth) line->replace(smooth);
    } else if (line->points() != raw) {
      line->replace(raw);
    }
  }
  seen_run_ = nullptr;  // the incremental decimation starts over once the zoom is reset
}

}  // namespace app
}  // namespace ffw
