#pragma once
// What the charts do to a series before they draw it: decimation to the pixels (min and max per
// pixel column, so spikes survive) and TensorBoard's debiased exponential moving average. The
// full-resolution points stay in the RunStore; only views are reduced.
#include <QPointF>
#include <QVector>

namespace ffw::app {

// Points of `points` (sorted by x) within [x0, x1], reduced to at most 2 per bucket of
// `buckets` equal x-intervals: each bucket's minimum and maximum, in x order.
QVector<QPointF> decimate_min_max(const QVector<QPointF>& points, double x0, double x1, int buckets);

// TensorBoard's smoothing (vz_line_chart2 resmoothDataset): last = last*w + (1-w)*y,
// smoothed = last / (1 - w^n); constant series pass through unchanged.
QVector<QPointF> smooth_ema(const QVector<QPointF>& points, double weight);

// decimate_min_max(smooth_ema(points, weight), x0, x1, buckets) in one pass, without the
// full-resolution smoothed copy (a live chart does this for every curve on every frame).
QVector<QPointF> smooth_and_decimate(const QVector<QPointF>& points, double weight, double x0, double x1, int buckets);

}  // namespace ffw::app
