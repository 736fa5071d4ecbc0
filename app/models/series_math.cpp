#include "app/models/series_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ffw {
namespace app {

namespace {
// A bucket's minimum and maximum in x order (one point when they are the same).
void append_extremes(QVector<QPointF>& out, const QPointF& lo, const QPointF& hi) {
  if (lo == hi) {
    out.push_back(lo);
  } else if (lo.x() <= hi.x()) {
    out.push_back(lo);
    out.push_back(hi);
  } else {
    out.push_back(hi);
    out.push_back(lo);
  }
}
}  // namespace

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
    append_extremes(out, *lo, *hi);
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
  DebiasedEma ema;
  for (const QPointF& p : points) {
    if (!std::isfinite(p.y())) {
      out.push_back(p);
      continue;
    }
    out.push_back({p.x(), ema.add(p.y(), weight)});
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
    if (bucket != std::numeric_limits<long long>::min()) append_extremes(out, lo, hi);
  };
  DebiasedEma ema;
  for (const QPointF& p : points) {
    QPointF q = p;
    if (std::isfinite(p.y())) q.setY(ema.add(p.y(), weight));
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

const QVector<QPointF>& IncrementalDecimator::update(const QVector<QPointF>& points, qsizetype changed_from, double x0,
                                                     double x1, int buckets, double weight) {
  // The same bucket grid (origin and width) and a range that only grew: the work done still holds,
  // except for points the old range left out (a suffix of the sorted series).
  const double per_x = buckets > 0 && x1 > x0 ? buckets / (x1 - x0) : 0;
  const bool same = incremental_ && x0 == x0_ && per_x == per_x_ && x1 >= x1_ && weight == weight_;
  if (same && x1 > x1_)
    changed_from = std::min<qsizetype>(changed_from, std::upper_bound(points.begin(), points.end(), x1_, [](double x, const QPointF& p) {
                                                       return x < p.x();
                                                     }) - points.begin());
  x0_ = x0, x1_ = x1, per_x_ = per_x, weight_ = weight;
  // The one-shot functions return small series whole: so does this, without keeping state.
  qsizetype considered = points.size();
  if (weight <= 0) {
    const auto lo = std::lower_bound(points.begin(), points.end(), x0, [](const QPointF& p, double x) { return p.x() < x; });
    considered = std::upper_bound(lo, points.end(), x1, [](double x, const QPointF& p) { return x < p.x(); }) - lo;
  }
  if (points.isEmpty() || buckets <= 0 || x1 <= x0 || considered <= 2 * buckets) {
    incremental_ = false;
    buckets_.clear();
    work_.clear();
    out_ = weight > 0 ? smooth_and_decimate(points, weight, x0, x1, buckets) : decimate_min_max(points, x0, x1, buckets);
    return out_;
  }
  // Redo from the bucket that holds the last unchanged point (at least the last, still open one):
  // a changed point may belong to it.
  Bucket from;
  qsizetype start = 0;
  changed_from = std::clamp<qsizetype>(changed_from, 0, points.size());
  const auto after = std::lower_bound(buckets_.begin(), buckets_.end(), changed_from,
                                      [](const Bucket& b, qsizetype i) { return b.first < i; });
  if (same && changed_from > 0 && after != buckets_.begin()) {
    from = *std::prev(after);
    start = from.first;
    work_.resize(from.out_begin);
    buckets_.erase(std::prev(after), buckets_.end());
  } else {
    work_.clear();
    buckets_.clear();
  }
  incremental_ = true;
  run_from(points, start, from);
  out_ = weight > 0 && constant_ ? decimate_min_max(points, x0, x1, buckets) : work_;
  return out_;
}

void IncrementalDecimator::run_from(const QVector<QPointF>& points, qsizetype start, Bucket state) {
  const double per_x = per_x_, first_y = points.front().y();
  DebiasedEma ema = state.ema;
  bool constant = state.constant, open = false;
  auto flush = [&] {
    if (open) append_extremes(work_, lo_, hi_);
  };
  for (qsizetype i = start; i < points.size(); ++i) {
    const QPointF& p = points[i];
    const DebiasedEma ema_before = ema;
    const bool constant_before = constant;
    QPointF q = p;
    if (weight_ > 0 && std::isfinite(p.y())) q.setY(ema.add(p.y(), weight_));  // as smooth_and_decimate does
    constant = constant && p.y() == first_y;
    if (q.x() < x0_ || q.x() > x1_) continue;
    const auto b = static_cast<long long>((q.x() - x0_) * per_x);
    if (!open || b != buckets_.back().index) {
      flush();
      open = true;
      buckets_.push_back({b, i, work_.size(), ema_before, constant_before});
      lo_ = hi_ = q;
    } else {
      if (q.y() < lo_.y()) lo_ = q;
      if (q.y() > hi_.y()) hi_ = q;
    }
  }
  flush();
  constant_ = constant;
}

SeedBand seed_band(const std::vector<QVector<QPointF>>& runs) {
  SeedBand band;
  if (runs.empty()) return band;
  qsizetype points = runs.front().size();
  for (const auto& r : runs) points = std::min(points, r.size());
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
  };
  for (qsizetype k = 0; k < points; ++k) {
    std::vector<double> x, y;
    for (const auto& r : runs) x.push_back(r[k].x()), y.push_back(r[k].y());
    const double t = median(x);
    band.median.append({t, median(y)});
    band.low.append({t, *std::min_element(y.begin(), y.end())});
    band.high.append({t, *std::max_element(y.begin(), y.end())});
  }
  return band;
}

}  // namespace app
}  // namespace ffw
