#include "app/models/series_math.h"

#include <algorithm>
#include <cmath>

namespace ffw {
namespace app {

QVector<QPointF> decimate_min_max(const QVector<QPointF>& points, double x0, double x1, int buckets) {
  auto first = std::lower_bound(points.begin(), points.end(), x0, [](const QPointF& p, double x) { return p.x() < x; });
  auto last = std::upper_bound(first, points.end(), x1, [](double x, const QPointF& p) { return x < p.x(); });
  const auto count = last - first;
  if (count <= 2 * buckets || buckets <= 0 || x1 <= x0) return QVector<QPointF>(first, last);
  QVector<QPointF> out;
  out.reserve(2 * buckets + 2);
  const double width = (x1 - x0) / buckets;
  for (auto it = first; it != last;) {
    const auto bucket = static_cast<long long>((it->x() - x0) / width);
    auto lo = it, hi = it;
    auto end = it;
    while (end != last && static_cast<long long>((end->x() - x0) / width) == bucket) {
      if (end->y() < lo->y()) lo = end;
      if (end->y() > hi->y()) hi = end;
      ++end;
    }
    if (lo == hi) {
      out.push_back(*lo);
    } else if (lo->x() <= hi->x()) {
      out.push_back(*lo);
      out.push_back(*hi);
    } else {
      out.push_back(*hi);
      out.push_back(*lo);
    }
    it = end;
  }
  return out;
}

QVector<QPointF> smooth_ema(const QVector<QPointF>& points, double weight) {
  if (points.isEmpty() || weight <= 0) return points;
  const bool constant = std::all_of(points.begin(), points.end(), [&](const QPointF& p) { return p.y() == points.front().y(); });
  if (constant) return points;
  QVector<QPointF> out;
  out.reserve(points.size());
  double last = 0, weight_n = 1;  // weight^n, kept as a running product (no pow per point)
  for (const QPointF& p : points) {
    if (!std::isfinite(p.y())) {
      out.push_back(p);
      continue;
    }
    last = last * weight + (1 - weight) * p.y();
    weight_n *= weight;
    out.push_back({p.x(), last / (1 - weight_n)});
  }
  return out;
}

}  // namespace app
}  // namespace ffw
