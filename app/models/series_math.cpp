#include "app/models/series_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ffw {
namespace app {

QVector<QPointF> decimate_min_max(const QVector<QPointF>& points, double x0, double x1, int buckets) {
  auto first = std::lower_bound(points.begin(), points.end(), x0, [](const QPointF& p, double x) { return p.x() < x; });
  auto last = std::upper_bound(first, points.end(), x1, [](double x, const QPointF& p) { return x < p.x(); });
  const auto count = last - first;
  if (count <= 2 * buckets || buckets <= 0 || x1 <= x0) return QVector<QPointF>(first, last);
  QVector<QPointF> out;
  out.reserve(2 * buckets + 2);
  const double per_x = buckets / (x1 - x0);  // buckets per unit of x
  for (auto it = first; it != last;) {
    const auto bucket = static_cast<long long>((it->x() - x0) * per_x);
    auto lo = it, hi = it;
    auto end = it;
    while (end != last && static_cast<long long>((end->x() - x0) * per_x) == bucket) {
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
    if (weight_n > 1e-17) {
      weight_n *= weight;
      out.push_back({p.x(), last / (1 - weight_n)});
    } else {
      out.push_back({p.x(), last});
    }
  }
  return out;
}

QVector<QPointF> smooth_and_decimate(const QVector<QPointF>& points, double weight, double x0, double x1, int buckets) {
  const bool constant =
      std::all_of(points.begin(), points.end(), [&](const QPointF& p) { return p.y() == points.front().y(); });
  if (points.isEmpty() || weight <= 0 || constant) return decimate_min_max(points, x0, x1, buckets);
  if (points.size() <= 2 * buckets || buckets <= 0 || x1 <= x0)
    return decimate_min_max(smooth_ema(points, weight), x0, x1, buckets);
  QVector<QPointF> out;
  out.reserve(2 * buckets + 2);
  const double per_x = buckets / (x1 - x0);
  long long bucket = std::numeric_limits<long long>::min();
  QPointF lo, hi;
  auto flush = [&] {
    if (bucket == std::numeric_limits<long long>::min()) return;
    if (lo == hi) {
      out.push_back(lo);
    } else if (lo.x() <= hi.x()) {
      out.push_back(lo);
      out.push_back(hi);
    } else {
      out.push_back(hi);
      out.push_back(lo);
    }
  };
  double last = 0, weight_n = 1;
  for (const QPointF& p : points) {
    QPointF q = p;
    if (std::isfinite(p.y())) {
      last = last * weight + (1 - weight) * p.y();
      // Once weight^n is below half an ulp of 1 the debiasing divides by exactly 1.0: skip it.
      if (weight_n > 1e-17) {
        weight_n *= weight;
        q.setY(last / (1 - weight_n));
      } else {
        q.setY(last);
      }
    }
    if (q.x() < x0 || q.x() > x1) continue;
    const auto b = static_cast<long long>((q.x() - x0) * per_x);
    if (b != bucket) {
      flush();
      bucket = b;
      lo = hi = q;
    } else {
      if (q.y() < lo.y()) lo = q;
      if (q.y() > hi.y()) hi = q;
    }
  }
  flush();
  return out;
}

}  // namespace app
}  // namespace ffw
