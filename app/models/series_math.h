#pragma once
// What the charts do to a series before they draw it: decimation to the pixels (min and max per
// pixel column, so spikes survive) and TensorBoard's debiased exponential moving average. The
// full-resolution points stay in the RunStore; only views are reduced.
#include <QPointF>
#include <QVector>
#include <vector>

namespace ffw::app {

// Points of `points` (sorted by x) within [x0, x1], reduced to at most 2 per bucket of
// `buckets` equal x-intervals: each bucket's minimum and maximum, in x order.
QVector<QPointF> decimate_min_max(const QVector<QPointF>& points, double x0, double x1, int buckets);

// TensorBoard's debiased EMA, one point at a time: last = last*w + (1-w)*y, smoothed = last /
// (1 - w^n), w^n kept as a running product (no pow per point). Once w^n is below half an ulp of
// 1 the debiasing divides by exactly 1.0, so it is skipped.
struct DebiasedEma {
  double last = 0, weight_n = 1;
  double add(double y, double weight) {
    last = last * weight + (1 - weight) * y;
    if (weight_n > 1e-17) {
      weight_n *= weight;
      return last / (1 - weight_n);
    }
    return last;
  }
};

// TensorBoard's smoothing (vz_line_chart2 resmoothDataset): last = last*w + (1-w)*y,
// smoothed = last / (1 - w^n); constant series pass through unchanged.
QVector<QPointF> smooth_ema(const QVector<QPointF>& points, double weight);

// decimate_min_max(smooth_ema(points, weight), x0, x1, buckets) in one pass, without the
// full-resolution smoothed copy (a live chart does this for every curve on every frame).
QVector<QPointF> smooth_and_decimate(const QVector<QPointF>& points, double weight, double x0, double x1, int buckets);

// Runs that differ only in their seed, as one curve and a band: the k-th point of every run taken
// together (runs evaluate at the same chapters, at slightly different times): the median time,
// the median value and the least and greatest value. As long as the shortest run.
struct SeedBand {
  QVector<QPointF> median, low, high;
};
SeedBand seed_band(const std::vector<QVector<QPointF>>& runs);

// smooth_and_decimate (weight > 0) or decimate_min_max (weight 0) kept up to date while a sorted
// series grows: a call redoes only the buckets from the first changed point on, so a live frame
// costs the points that arrived since the last one, not the whole series. The result equals the
// one-shot functions' exactly.
class IncrementalDecimator {
public:
  // `changed_from`: the index of the first point that differs from the previous call's `points`
  // (points.size() when none did, 0 when unknown). Work is kept while the bucket grid (x0 and
  // (x1 - x0) / buckets) and the weight stay and x1 only grows; anything else starts over.
  const QVector<QPointF>& update(const QVector<QPointF>& points, qsizetype changed_from, double x0, double x1,
                                 int buckets, double weight);
  const QVector<QPointF>& result() const { return out_; }

private:
  // The state before a bucket's first point, from which that bucket and the later ones are redone.
  struct Bucket {
    long long index = 0;
    qsizetype first = 0;       // index into the series
    qsizetype out_begin = 0;   // index into out_
    DebiasedEma ema;
    bool constant = true;      // every point before `first` equals the series' first one
  };
  void run_from(const QVector<QPointF>& points, qsizetype start, Bucket state);

  QVector<QPointF> work_;      // bucket by bucket, as the state in buckets_ describes
  QVector<QPointF> out_;       // what update() returns: work_, or the one-shot result
  std::vector<Bucket> buckets_;
  QPointF lo_, hi_;            // the open (last) bucket's extremes, already in out_
  bool constant_ = true;       // the whole series is one value: decimated without smoothing
  bool incremental_ = false;   // false: out_ was computed in one shot (small series), no state kept
  double x0_ = 0, x1_ = 0, per_x_ = 0, weight_ = 0;
};

}  // namespace ffw::app
