#include "app/views/timeline_view.h"

#include <QCoreApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "app/models/run_store.h"

namespace ffw {
namespace app {

QColor segment_color(SegmentKind k) {
  switch (k) {
    case SegmentKind::Train: return QColor(44, 160, 44);
    case SegmentKind::Reforward: return QColor(152, 223, 138);
    case SegmentKind::Negatives: return QColor(148, 103, 189);
    case SegmentKind::Evaluate: return QColor(31, 119, 180);
    case SegmentKind::Send: return QColor(255, 127, 14);
    case SegmentKind::Wait: return QColor(214, 39, 40);
    case SegmentKind::Idle: return QColor(199, 199, 199);
    case SegmentKind::Lost: return QColor(40, 40, 40);
    case SegmentKind::Count_: break;
  }
  return Qt::gray;
}

QString segment_label(SegmentKind k) {
  switch (k) {
    case SegmentKind::Train: return QCoreApplication::translate("ffw::app::Timeline", "train");
    case SegmentKind::Reforward: return QCoreApplication::translate("ffw::app::Timeline", "re-forward");
    case SegmentKind::Negatives: return QCoreApplication::translate("ffw::app::Timeline", "negatives");
    case SegmentKind::Evaluate: return QCoreApplication::translate("ffw::app::Timeline", "evaluate");
    case SegmentKind::Send: return QCoreApplication::translate("ffw::app::Timeline", "send");
    case SegmentKind::Wait: return QCoreApplication::translate("ffw::app::Timeline", "wait");
    case SegmentKind::Idle: return QCoreApplication::translate("ffw::app::Timeline", "idle");
    case SegmentKind::Lost: return QCoreApplication::translate("ffw::app::Timeline", "lost");
    case SegmentKind::Count_: break;
  }
  return {};
}

void paint_timeline(QPainter& p, const QRectF& area, const std::vector<Segment>& segments, int nodes, double t0,
                    double t1, bool legend, const std::vector<Segment>* predicted) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing, false);
  const QFontMetricsF fm(p.font());
  const bool split = predicted && !predicted->empty();
  const QString predicted_label = QCoreApplication::translate("ffw::app::Timeline", "predicted");
  const double label_w = std::max(fm.horizontalAdvance(QStringLiteral("node 00")),
                                  split ? fm.horizontalAdvance(predicted_label) : 0.0) + 8;
  const double legend_h = legend ? fm.height() + 8 : 0;
  const double axis_h = fm.height() + 6;
  const QRectF plot(area.left() + label_w, area.top(), area.width() - label_w - 4, area.height() - legend_h - axis_h);
  p.fillRect(plot, QColor(250, 250, 250));
  const int lanes = std::max(1, nodes);
  const double lane_h = plot.height() / lanes;
  const double span = std::max(1e-9, t1 - t0);
  auto x_of = [&](double t) { return plot.left() + (t - t0) / span * plot.width(); };
  p.setPen(Qt::black);
  for (int n = 0; n < lanes; ++n) {
    const QRectF lane(area.left(), plot.top() + n * lane_h, label_w - 4, split ? lane_h * 0.55 : lane_h);
    p.drawText(lane, Qt::AlignRight | Qt::AlignVCenter,
               QCoreApplication::translate("ffw::app::Timeline", "node %1").arg(n));
    if (split) {
      p.setPen(QColor(90, 90, 90));
      p.drawText(QRectF(area.left(), lane.bottom(), label_w - 4, lane_h * 0.45), Qt::AlignRight | Qt::AlignVCenter,
                 predicted_label);
      p.setPen(Qt::black);
      if (n > 0) p.fillRect(QRectF(plot.left(), plot.top() + n * lane_h, plot.width(), 1), QColor(160, 160, 160));
    }
  }
  // Segments: drawn in kind order so short waits stay visible on top of long train boxes; boxes
  // narrower than a pixel are widened to one pixel. Split lanes: measured in the upper 55 %, the
  // prediction, paler, in the lower 45 %.
  auto draw = [&](const std::vector<Segment>& list, double top, double height, int alpha) {
    for (int k = 0; k < static_cast<int>(SegmentKind::Count_); ++k) {
      QColor c = segment_color(static_cast<SegmentKind>(k));
      c.setAlpha(alpha);
      for (const Segment& s : list) {
        if (static_cast<int>(s.kind) != k || s.start_s > t1 || s.node < 0 || s.node >= lanes) continue;
        if (s.kind == SegmentKind::Lost) {
          // A lost node: its lane shaded from the loss to the end, with a mark where it was lost.
          const double x0 = std::max(plot.left(), x_of(s.start_s));
          p.fillRect(QRectF(x0, plot.top() + s.node * lane_h + top, plot.right() - x0, height), QBrush(c, Qt::BDiagPattern));
          p.fillRect(QRectF(x0, plot.top() + s.node * lane_h + top, 2, height), c);
          continue;
        }
        if (s.end_s < t0) continue;
        const double x0 = std::max(plot.left(), x_of(s.start_s)), x1 = std::min(plot.right(), x_of(s.end_s));
        const double inset = s.kind == SegmentKind::Send || s.kind == SegmentKind::Wait ? height * 0.3 : height * 0.12;
        p.fillRect(QRectF(x0, plot.top() + s.node * lane_h + top + inset, std::max(1.0, x1 - x0), height - 2 * inset), c);
      }
    }
  };
  draw(segments, 0, split ? lane_h * 0.55 : lane_h, 255);
  if (split) draw(*predicted, lane_h * 0.55, lane_h * 0.45, 150);
  p.setPen(QColor(120, 120, 120));
  p.drawRect(plot);
  // Time axis: about 8 ticks at round values.
  const double raw_step = span / 8;
  const double mag = std::pow(10.0, std::floor(std::log10(raw_step)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw_step <= m * mag) {
      step = m * mag;
      break;
    }
  p.setPen(Qt::black);
  for (double t = std::ceil(t0 / step) * step; t <= t1 + 1e-12; t += step) {
    const double x = x_of(t);
    p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3));
    p.drawText(QRectF(x - 40, plot.bottom() + 3, 80, axis_h), Qt::AlignHCenter | Qt::AlignTop,
               QStringLiteral("%1 s").arg(t, 0, 'g', 4));
  }
  if (legend) {
    double x = plot.left();
    const double y = area.bottom() - legend_h + 4;
    const bool any_lost = std::any_of(segments.begin(), segments.end(), [](const Segment& s) { return s.kind == SegmentKind::Lost; });
    for (int k = 0; k < static_cast<int>(SegmentKind::Count_); ++k) {
      const auto kind = static_cast<SegmentKind>(k);
      if (kind == SegmentKind::Lost && !any_lost) continue;  // only an elastic ring that lost a node has it
      p.fillRect(QRectF(x, y + 2, 12, fm.height() - 4),
                 kind == SegmentKind::Lost ? QBrush(segment_color(kind), Qt::BDiagPattern) : QBrush(segment_color(kind)));
      const QString label = segment_label(kind);
      p.drawText(QPointF(x + 16, y + fm.ascent()), label);
      x += 16 + fm.horizontalAdvance(label) + 14;
    }
  }
  p.restore();
}

TimelineView::TimelineView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumHeight(140);
  setToolTip(tr("Wheel: zoom, drag: pan, double click: show all"));
}

void TimelineView::set_run(const RunStore* run) {
  run_ = run;
  show_all();
}

void TimelineView::set_segments(std::vector<Segment> segments, int nodes) {
  run_ = nullptr;
  own_ = std::move(segments);
  own_nodes_ = nodes;
  show_all();
}

void TimelineView::set_predicted(std::vector<Segment> predicted) {
  predicted_ = std::move(predicted);
  refresh();
}

const std::vector<Segment>& TimelineView::segments() const { return run_ ? run_->segments() : own_; }
int TimelineView::nodes() const { return run_ ? run_->nodes() : own_nodes_; }

double TimelineView::end_time() const {
  double end = run_ ? run_->last_time() : 0.0;
  for (const auto* list : {&own_, &predicted_})
    for (const Segment& s : *list) end = std::max(end, s.end_s);
  return end;
}

void TimelineView::refresh() {
  if (follow_end_) {
    t0_ = 0;
    t1_ = std::max(run_ ? 1.0 : 1e-3, end_time());
  }
  update();
}

void TimelineView::show_all() {
  follow_end_ = true;
  refresh();
}

void TimelineView::zoom(double factor, double at_fraction) {
  const double at = t0_ + at_fraction * (t1_ - t0_);
  const double span = std::max(1e-4, (t1_ - t0_) * factor);
  t0_ = std::max(0.0, at - at_fraction * span);
  t1_ = t0_ + span;
  follow_end_ = false;
  update();
}

QRectF TimelineView::plot_area() const { return QRectF(rect()).adjusted(4, 4, -4, -4); }

void TimelineView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  if (!run_ && own_.empty()) return;
  paint_timeline(p, plot_area(), segments(), nodes(), t0_, t1_, true, &predicted_);
}

void TimelineView::wheelEvent(QWheelEvent* e) {
  const double fraction = std::clamp((e->position().x() - 60) / std::max(1.0, width() - 64.0), 0.0, 1.0);
  zoom(e->angleDelta().y() > 0 ? 0.8 : 1.25, fraction);
  e->accept();
}

void TimelineView::mousePressEvent(QMouseEvent* e) {
  drag_x_ = static_cast<int>(e->position().x());
  drag_t0_ = t0_;
}

void TimelineView::mouseMoveEvent(QMouseEvent* e) {
  if (!run_ && own_.empty()) return;
  const double px_per_s = std::max(1.0, width() - 64.0) / std::max(1e-9, t1_ - t0_);
  if (e->buttons() & Qt::LeftButton && drag_x_ >= 0) {
    const double span = t1_ - t0_;
    t0_ = std::max(0.0, drag_t0_ - (e->position().x() - drag_x_) / px_per_s);
    t1_ = t0_ + span;
    follow_end_ = false;
    update();
    return;
  }
  // Name the segment under the cursor.
  const double t = t0_ + (e->position().x() - 60) / px_per_s;
  const int lanes = std::max(1, nodes());
  const int node = static_cast<int>((e->position().y() - 4) / std::max(1.0, (height() - 40.0) / lanes));
  for (const Segment& s : segments())
    if (s.node == node && s.start_s <= t && t <= s.end_s && s.kind != SegmentKind::Idle) {
      QString text = tr("node %1: %2, chapter %3, %4 ms").arg(node).arg(segment_label(s.kind)).arg(s.chapter)
                         .arg((s.end_s - s.start_s) * 1000, 0, 'f', 1);
      if (s.layer > 0) text += tr(", layer %1").arg(s.layer);
      if (s.bytes > 0) text += tr(", %1 kB to/from node %2").arg(s.bytes / 1000.0, 0, 'f', 1).arg(s.peer);
      QToolTip::showText(e->globalPosition().toPoint(), text, this);
      return;
    }
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent*) { show_all(); }

}  // namespace app
}  // namespace ffw
