#pragma once
// The utilisation timeline (Gantt): one lane per node, a box per segment coloured by kind (train,
// re-forward, negatives, evaluation, send, wait, idle). A custom painter, not a chart (hotspot's
// lesson): tens of thousands of segments, drawn merged per pixel. Wheel zooms around the cursor,
// dragging pans, a double click shows everything; hovering names the segment.
#include <QWidget>
#include <vector>

#include "core/timeline.h"

namespace ffw::app {

class RunStore;

QColor segment_color(SegmentKind k);
QString segment_label(SegmentKind k);

// Draws segments of `nodes` lanes over [t0, t1] into `area` (also used by the exports). With
// `predicted` segments, each node's lane is split: what ran above, the planner's prediction below.
void paint_timeline(QPainter& p, const QRectF& area, const std::vector<Segment>& segments, int nodes, double t0,
                    double t1, bool legend = true, const std::vector<Segment>* predicted = nullptr);

class TimelineView : public QWidget {
  Q_OBJECT
public:
  explicit TimelineView(QWidget* parent = nullptr);
  void set_run(const RunStore* run);
  // A timeline that does not grow (the Plan page's predicted Gantt) instead of a run's.
  void set_segments(std::vector<Segment> segments, int nodes);
  // The predicted timeline drawn under the measured one, lane by lane; empty: none.
  void set_predicted(std::vector<Segment> predicted);
  const std::vector<Segment>& predicted() const { return predicted_; }
  const std::vector<Segment>& segments() const;  // the run's, or those given
  int nodes() const;
  void refresh();                  // new segments arrived
  void zoom(double factor, double at_fraction);
  void show_all();

protected:
  void paintEvent(QPaintEvent*) override;
  void wheelEvent(QWheelEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseDoubleClickEvent(QMouseEvent*) override;
  QSize sizeHint() const override { return {800, 220}; }

private:
  QRectF plot_area() const;
  double end_time() const;
  const RunStore* run_ = nullptr;
  std::vector<Segment> own_, predicted_;
  int own_nodes_ = 0;
  double t0_ = 0, t1_ = 1;
  bool follow_end_ = true;  // keep the newest time in view until the user zooms
  double drag_t0_ = 0;
  int drag_x_ = -1;
};

}  // namespace ffw::app
