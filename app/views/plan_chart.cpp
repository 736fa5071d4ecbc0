#include "app/views/plan_chart.h"

#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <map>

#include "app/models/kpi.h"

namespace ffw {
namespace app {

QColor variant_color(ffw::Variant v) {
  switch (v) {
    case ffw::Variant::Sequential: return QColor(90, 90, 90);
    case ffw::Variant::AllLayers: return QColor(31, 119, 180);
    case ffw::Variant::SingleLayer: return QColor(44, 160, 44);
    case ffw::Variant::Federated: return QColor(148, 103, 189);
    case ffw::Variant::Bp: return QColor(140, 86, 75);
    case ffw::Variant::GpipeBp: return QColor(255, 127, 14);
    case ffw::Variant::DataParallelBp: return QColor(214, 39, 40);
  }
  return Qt::black;
}

void fill_plan_chart(QChart* chart, const Plan& plan, const std::vector<MeasuredPoint>& measured) {
  chart->removeAllSeries();
  for (QAbstractAxis* a : chart->axes()) {
    chart->removeAxis(a);
    delete a;
  }
  auto* x = new QLogValueAxis;
  x->setBase(2);
  x->setLabelFormat(QStringLiteral("%d"));
  x->setTitleText(QObject::tr("Nodes"));
  auto* y = new QValueAxis;
  y->setTitleText(QObject::tr("Speed-up"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  int max_nodes = 2;
  double max_speedup = 1.0;
  std::map<ffw::Variant, QLineSeries*> lines;
  for (const PlanRow& r : plan.rows) {
    if (!r.skipped.empty() || r.speedup_vs_sequential <= 0) continue;
    // One-node baselines join their variant's line at 1 node: Sequential's is the 1x point.
    const ffw::Variant v = r.variant == ffw::Variant::Bp ? ffw::Variant::GpipeBp : r.variant;
    if (r.variant == ffw::Variant::Sequential) continue;
    QLineSeries*& s = lines[v];
    if (!s) {
      s = new QLineSeries;
      s->setName(QString::fromStdString(to_string(v)));
      QPen pen(variant_color(v));
      pen.setWidthF(2.2);
      s->setPen(pen);
      s->setPointsVisible(true);
    }
    s->append(r.nodes, r.speedup_vs_sequential);
    max_nodes = std::max(max_nodes, r.nodes);
    max_speedup = std::max(max_speedup, r.speedup_vs_sequential);
  }
  // backprop on one node starts both backprop pipelines' lines.
  for (const PlanRow& r : plan.rows)
    if (r.variant == ffw::Variant::Bp && r.skipped.empty() && r.speedup_vs_sequential > 0)
      if (auto it = lines.find(ffw::Variant::DataParallelBp); it != lines.end()) it->second->insert(0, QPointF(1, r.speedup_vs_sequential));
  for (auto& [v, s] : lines) {
    QList<QPointF> points = s->points();
    std::sort(points.begin(), points.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
    s->replace(points);
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  auto* linear = new QLineSeries;
  linear->setName(QObject::tr("linear"));
  QPen dashed(QColor(160, 160, 160));
  dashed.setStyle(Qt::DashLine);
  linear->setPen(dashed);
  for (int n = 1; n <= max_nodes; n *= 2) linear->append(n, n);
  chart->addSeries(linear);
  linear->attachAxis(x);
  linear->attachAxis(y);
  std::map<ffw::Variant, QScatterSeries*> points;
  for (const MeasuredPoint& p : measured) {
    if (p.speedup <= 0) continue;
    QScatterSeries*& s = points[p.variant];
    if (!s) {
      s = new QScatterSeries;
      s->setName(QObject::tr("%1 measured").arg(variant_title(p.variant)));
      s->setColor(variant_color(p.variant));
      s->setBorderColor(Qt::black);
      s->setMarkerSize(11);
      s->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    }
    s->append(p.nodes, p.speedup);
    max_nodes = std::max(max_nodes, p.nodes);
    max_speedup = std::max(max_speedup, p.speedup);
  }
  for (auto& [v, s] : points) {
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  x->setRange(0.9, max_nodes * 1.1);
  y->setRange(0, std::max(1.2, max_speedup * 1.15));
  y->applyNiceNumbers();
}

}  // namespace app
}  // namespace ffw
