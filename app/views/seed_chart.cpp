#include "app/views/seed_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QCoreApplication>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "app/models/kpi.h"
#include "app/models/run_store.h"
#include "app/models/series_math.h"
#include "app/views/run_chart.h"

namespace ffw {
namespace app {

// The chart's words, in a translation context of their own.
struct SeedChart {
  Q_DECLARE_TR_FUNCTIONS(ffw::app::SeedChart)
};

namespace {

// A setting's value as a legend says it: "4", "sequential", "[20,20]".
QString setting_value(const nlohmann::json& v) { return QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump()); }

// A setting's name as a legend says it: the common ones in the reader's language, any other by
// the last word of its JSON path.
QString setting_name(const std::string& path) {
  if (path == "/training/chapters") return SeedChart::tr("chapters");
  if (path == "/training/epochs") return SeedChart::tr("epochs");
  if (path == "/training/batch_size") return SeedChart::tr("batch");
  if (path == "/training/optimizer/learning_rate") return SeedChart::tr("learning rate");
  if (path == "/training/threads") return SeedChart::tr("threads");
  if (path == "/algorithm/negatives") return SeedChart::tr("negatives");
  if (path == "/algorithm/classifier") return SeedChart::tr("classifier");
  return QString::fromStdString(path).section(QLatin1Char('/'), -1);
}

}  // namespace

QStringList seed_group_labels(const std::vector<std::string>& keys) {
  // What tells the rows apart: the settings (leaf paths) whose values differ between them, named
  // by their last word ("chapters 4 · variant sequential"), at most four; the variant and nodes
  // where nothing else differs (a single row).
  std::vector<nlohmann::json> flat;
  for (const std::string& k : keys) flat.push_back(nlohmann::json::parse(k, nullptr, false).flatten());
  std::vector<std::string> differing;
  if (flat.size() > 1)
    for (const auto& [path, value] : flat.front().items()) {
      bool differs = false;
      for (const auto& f : flat) differs = differs || !f.contains(path) || f[path] != value;
      if (differs) differing.push_back(path);
    }
  for (const auto& f : flat)
    for (const auto& [path, value] : f.items())
      if (!flat.front().contains(path) && std::find(differing.begin(), differing.end(), path) == differing.end()) differing.push_back(path);
  // The variant and the node count first; a launcher or per-node slowdowns only where they are
  // all that differs besides those (they follow the node count).
  auto rank = [](const std::string& p) { return p == "/algorithm/variant" ? 0 : p == "/cluster/nodes" ? 1 : 2; };
  std::stable_sort(differing.begin(), differing.end(), [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  const bool by_nodes = !differing.empty() && rank(differing.front()) < 2;
  std::erase_if(differing, [&](const std::string& p) {
    return by_nodes && (p == "/cluster/launcher" || p.rfind("/cluster/slowdown", 0) == 0 || p.rfind("/cluster/hosts", 0) == 0);
  });
  QStringList out;
  for (std::size_t g = 0; g < keys.size(); ++g) {
    QStringList parts;
    for (const std::string& path : differing) {
      if (parts.size() == 4 || !flat[g].contains(path)) continue;
      const QString leaf = setting_name(path);
      parts << (path == "/algorithm/variant" ? variant_label(setting_value(flat[g][path]), false)
                : path == "/cluster/nodes"     ? QStringLiteral("N=%1").arg(setting_value(flat[g][path]))
                                               : QStringLiteral("%1 %2").arg(leaf, setting_value(flat[g][path])));
    }
    if (parts.isEmpty()) {
      const auto& f = flat[g];
      parts << variant_label(setting_value(f.value("/algorithm/variant", nlohmann::json("sequential"))), false)
            << QStringLiteral("N=%1").arg(setting_value(f.value("/cluster/nodes", nlohmann::json(1))));
    }
    out << parts.join(QStringLiteral(" · "));
  }
  return out;
}

void draw_seed_groups(QChart* chart, const std::vector<const RunStore*>& runs, const std::vector<std::string>& keys,
                      const QString& empty_text) {
  chart->removeAllSeries();
  for (QAbstractAxis* a : chart->axes()) {
    chart->removeAxis(a);
    delete a;
  }
  auto* x = new QValueAxis;
  x->setTitleText(SeedChart::tr("Wall time (s)"));
  x->setLabelFormat(QStringLiteral("%.4g"));
  auto* y = new QValueAxis;
  y->setTitleText(SeedChart::tr("Test accuracy (%)"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  double x_max = 1e-3, y_min = 100, y_max = 0;
  auto add = [&](QXYSeries* s) {
    for (const QPointF& p : s->points()) {
      x_max = std::max(x_max, p.x());
      y_min = std::min(y_min, p.y());
      y_max = std::max(y_max, p.y());
    }
  };
  auto percent = [](QVector<QPointF> pts) {
    for (auto& p : pts) p.setY(100 * p.y());
    return pts;
  };
  bool banded = false;
  // One curve per row of the table: a run, or the median of runs that differ only in their seed
  // with their spread (least to greatest at each evaluation) as a band behind it.
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!groups.count(keys[i])) order.push_back(keys[i]);
    groups[keys[i]].push_back(i);
  }
  const QStringList labels = seed_group_labels(order);
  for (std::size_t g = 0; g < order.size(); ++g) {
    const auto& members = groups[order[g]];
    const QColor colour = layer_color(static_cast<int>(g));
    auto* line = new QLineSeries;
    if (members.size() == 1) {
      line->setName(labels[static_cast<int>(g)]);
      line->replace(percent(decimate_min_max(runs[members.front()]->series({QStringLiteral("test_accuracy"), -1, -1}), 0, 1e12, 1000)));
    } else {
      std::vector<QVector<QPointF>> curves;
      for (std::size_t i : members) curves.push_back(percent(runs[i]->series({QStringLiteral("test_accuracy"), -1, -1})));
      const SeedBand band = seed_band(curves);
      auto* low = new QLineSeries(chart), *high = new QLineSeries(chart);
      low->replace(band.low);
      high->replace(band.high);
      auto* area = new QAreaSeries(high, low);
      area->setName(SeedChart::tr("%1: least to greatest of %2 seeds").arg(labels[static_cast<int>(g)]).arg(members.size()));
      QColor fill = colour;
      fill.setAlpha(60);
      area->setBrush(fill);
      area->setPen(Qt::NoPen);
      chart->addSeries(area);
      area->attachAxis(x);
      area->attachAxis(y);
      for (QLegendMarker* m : chart->legend()->markers(area)) m->setVisible(false);  // the title says what bands are
      banded = true;
      add(high);
      add(low);
      line->setName(SeedChart::tr("%1 (%2 seeds)").arg(labels[static_cast<int>(g)]).arg(members.size()));
      line->replace(band.median);
    }
    add(line);
    QPen pen(colour);
    pen.setWidthF(2);
    line->setPen(pen);
    chart->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
  }
  // Nothing to draw yet: plain 0-1 s and 0-100 % axes and a line saying what will appear, not
  // thousandths of a second.
  const bool empty = y_min > y_max;
  chart->setTitle(empty    ? empty_text
                  : banded ? SeedChart::tr("Median over seeds; the shaded band runs from the least to the greatest seed")
                           : QString());
  x->setRange(0, empty ? 1.0 : x_max);
  x->applyNiceNumbers();
  y->setRange(empty ? 0 : std::max(0.0, y_min - 2), empty ? 100 : std::min(100.0, y_max + 2));
  if (!empty) y->applyNiceNumbers();
}

}  // namespace app
}  // namespace ffw
