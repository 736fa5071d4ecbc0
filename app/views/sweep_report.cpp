#include "app/views/sweep_report.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QLegend>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QValueAxis>
#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/models/run_store.h"
#include "app/views/export.h"
#include "app/views/seed_chart.h"
#include "core/experiment.h"

namespace ffw {
namespace app {

// The sweep report's words, in a translation context of their own.
struct SweepReport {
  Q_DECLARE_TR_FUNCTIONS(ffw::app::SweepReport)
};

bool read_sweep_runs(const QString& state_file, SweepRuns* out, QString* error) {
  std::ifstream in(state_file.toStdString());
  const nlohmann::json state = nlohmann::json::parse(in, nullptr, false);
  if (!in.is_open() || !state.is_object() || state.value("schema", nlohmann::json()) != "ffw-sweep-state-1" ||
      !state.value("items", nlohmann::json()).is_array()) {
    if (error) *error = SweepReport::tr("%1 is not a sweep's state file (RUNS/NAME.sweep-state.json, written by ffw sweep)").arg(state_file);
    return false;
  }
  out->name = QString::fromStdString(state.value("name", nlohmann::json("sweep")).is_string() ? state["name"].get<std::string>() : "sweep");
  out->items = static_cast<int>(state["items"].size());
  out->finished.clear();
  for (const auto& item : state["items"])
    if (item.is_object() && item.value("status", nlohmann::json()) == "finished" && item.value("run_dir", nlohmann::json()).is_string())
      out->finished << QString::fromStdString(item["run_dir"].get<std::string>());
  return true;
}

namespace {

QString range_words(double low, double high, const std::function<QString(double)>& words) {
  return low == high ? words(low) : SweepReport::tr("%1 to %2").arg(words(low), words(high));
}

}  // namespace

bool write_sweep_report(const SweepRuns& sweep, const ReportOptions& options, const QString& file, QString* error) {
  // The finished runs, grouped by seed as the Compare page groups them.
  std::vector<std::unique_ptr<RunStore>> stores;
  std::vector<RunKpi> per_run;
  std::vector<std::string> keys;
  for (const QString& dir : sweep.finished) {
    auto store = std::make_unique<RunStore>();
    if (!store->open(dir)) continue;  // moved away since: the report says how many it has
    per_run.push_back(compute_kpi(*store, options.cost));
    keys.push_back(seed_group_key(store->experiment()));
    stores.push_back(std::move(store));
  }
  if (stores.empty()) {
    if (error) *error = SweepReport::tr("Sweep %1 has no finished run to report on yet").arg(sweep.name);
    return false;
  }
  std::vector<std::string> order;
  for (const std::string& k : keys)
    if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
  const QStringList labels = seed_group_labels(order);
  std::vector<RunKpi> groups = group_seeds(per_run, keys);
  int baseline = -1;
  for (std::size_t g = 0; g < order.size(); ++g) {
    const auto first = std::find(keys.begin(), keys.end(), order[g]) - keys.begin();
    const Experiment& e = stores[static_cast<std::size_t>(first)]->experiment();
    if (baseline < 0 && e.variant == Variant::Sequential && e.nodes == 1) baseline = static_cast<int>(g);
    groups[g].name = labels[static_cast<int>(g)];
  }
  KpiTableModel table;
  table.set_runs(groups, baseline, options.cost.target_accuracy);
  const std::vector<RunKpi>& k = table.runs();

  ReportDocument doc(file, SweepReport::tr("FF Workbench sweep report: %1").arg(sweep.name), options.language);
  if (!doc.begin()) {
    if (error) *error = SweepReport::tr("%1 cannot be written").arg(file);
    return false;
  }
  QPainter& p = doc.p;
  const QFont &body = doc.body, &small = doc.small, &heading = doc.heading, &sub = doc.sub;
  const QRectF page = doc.page;
  double& y = doc.y;
  auto line_of = [&](const QFont& f, const QString& text, double extra = 4) { doc.line(f, text, extra); };
  auto paragraph = [&](const QFont& f, const QString& text, double extra = 6) { doc.paragraph(f, text, extra); };
  const QLocale l;
  const auto percent = [&](double a) { return QStringLiteral("%1 %").arg(l.toString(100 * a, 'f', 2)); };

  // Page 1: the answer in plain words, then the figures and the curves.
  line_of(heading, SweepReport::tr("Sweep report: %1").arg(sweep.name), 2);
  const auto machine = stores.front()->summary().value("machine", nlohmann::json::object());
  line_of(small, SweepReport::tr("%1 · %2 on %3 cores (%4)")
                     .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                     .arg(QString::fromStdString(machine.value("cpu_model", std::string("?"))))
                     .arg(machine.value("cores", 0))
                     .arg(QString::fromStdString(machine.value("blas_kernel", std::string("?")))),
          10);
  QStringList said, advice;
  int most_seeds = 0;
  for (const RunKpi& g : k) most_seeds = std::max(most_seeds, g.seeds);
  said << SweepReport::tr("The sweep compared %1 settings, with up to %2 seeds each: %3 runs.").arg(k.size()).arg(most_seeds).arg(stores.size());
  if (static_cast<int>(stores.size()) < sweep.items)
    said << SweepReport::tr("%1 of its %2 runs are here; the figures are over these.").arg(stores.size()).arg(sweep.items);
  const auto time_range = [&](const RunKpi& g) {
    return g.seeds > 1 ? SweepReport::tr("%1 (%2 over %3 seeds)").arg(duration_words(g.train_seconds), range_words(g.train_min, g.train_max, duration_words)).arg(g.seeds)
                       : duration_words(g.train_seconds);
  };
  const auto accuracy_range = [&](const RunKpi& g) {
    return g.seeds > 1 ? SweepReport::tr("%1 (%2)").arg(percent(g.accuracy), range_words(g.accuracy_min, g.accuracy_max, percent)) : percent(g.accuracy);
  };
  if (baseline >= 0)
    said << SweepReport::tr("The baseline, %1, trained in %2 to %3 test accuracy.")
                .arg(k[static_cast<std::size_t>(baseline)].name, time_range(k[static_cast<std::size_t>(baseline)]),
                     accuracy_range(k[static_cast<std::size_t>(baseline)]));
  int best = -1;
  for (std::size_t g = 0; g < k.size(); ++g) {
    if (static_cast<int>(g) == baseline) continue;
    QString sentence = SweepReport::tr("%1 trained in %2 to %3 test accuracy").arg(k[g].name, time_range(k[g]), accuracy_range(k[g]));
    if (baseline >= 0 && k[g].speedup > 0) {
      const RunKpi& b = k[static_cast<std::size_t>(baseline)];
      const double points = 100 * (k[g].accuracy - b.accuracy);
      sentence += k[g].speedup >= 1 ? SweepReport::tr(": %1× faster than the baseline").arg(l.toString(k[g].speedup, 'f', 2))
                                    : SweepReport::tr(": %1× slower than the baseline").arg(l.toString(1 / k[g].speedup, 'f', 2));
      sentence += std::abs(points) < 0.005 ? SweepReport::tr(", at the same median accuracy")
                  : points < 0             ? SweepReport::tr(", at %1 points lower median accuracy").arg(l.toString(-points, 'f', 2))
                                           : SweepReport::tr(", at %1 points higher median accuracy").arg(l.toString(points, 'f', 2));
      if (points > -0.5 && (best < 0 || k[g].speedup > k[static_cast<std::size_t>(best)].speedup)) best = static_cast<int>(g);
    }
    said << sentence + SweepReport::tr(".");
  }
  if (baseline < 0)
    said << SweepReport::tr("The sweep ran no Sequential FF on one node, so it shows no speed-up: add it (the Queue / Sweep "
                           "dialog's option) to compare against the baseline.");
  if (best >= 0) {
    const RunKpi& g = k[static_cast<std::size_t>(best)];
    advice << SweepReport::tr("Fastest within 0.5 points of the baseline's median accuracy: %1, %2× faster.").arg(g.name, l.toString(g.speedup, 'f', 2));
    const RunKpi& b = k[static_cast<std::size_t>(baseline)];
    if (g.seeds > 1 && b.seeds > 1 && g.train_min <= b.train_max && b.train_min <= g.train_max)
      advice << SweepReport::tr("Its times overlap the baseline's from seed to seed: the difference is within the noise of this machine.");
  }
  if (most_seeds < 3)
    advice << SweepReport::tr("With fewer than 3 seeds a median is not yet robust: run more seeds before deciding.");
  line_of(sub, SweepReport::tr("Summary"));
  paragraph(body, said.join(QLatin1Char(' ')));
  if (!advice.isEmpty()) {
    line_of(sub, SweepReport::tr("Recommendations"));
    for (const QString& a : advice) paragraph(body, QStringLiteral("• ") + a, 3);
    y += 4;
  }
  line_of(sub, SweepReport::tr("Key figures"));
  y = paint_kpi_table(p, table, y, page.width(), small) + 4;
  paragraph(small, (baseline >= 0 ? SweepReport::tr("Medians over seeds; in brackets, the least and the greatest seed. Speed-up and efficiency "
                                                   "against the bold row, Sequential FF on one node.")
                                  : SweepReport::tr("Medians over seeds; in brackets, the least and the greatest seed.")) +
                       QLatin1Char(' ') +
                       SweepReport::tr("Cost at %1 per node-hour, energy at %2 W per node.").arg(options.cost.price_per_node_hour).arg(options.cost.watts_per_node),
            10);
  line_of(sub, SweepReport::tr("Accuracy"));
  const double chart_h = std::min(page.height() - y, page.width() * 0.55);
  if (chart_h > 120) {
    QChartView view;
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.setRenderHint(QPainter::Antialiasing);
    view.setFrameShape(QFrame::NoFrame);
    auto* chart = new QChart;
    view.setChart(chart);
    std::vector<const RunStore*> runs;
    for (const auto& s : stores) runs.push_back(s.get());
    draw_seed_groups(chart, runs, keys);
    chart->setFont(small);
    chart->setTitleFont(small);
    chart->legend()->setFont(small);
    chart->legend()->setAlignment(Qt::AlignBottom);
    for (QAbstractAxis* a : chart->axes()) {
      a->setLabelsFont(small);
      a->setTitleFont(small);
    }
    view.resize(QSizeF(page.width(), chart_h).toSize());
    view.show();
    QCoreApplication::processEvents();
    view.render(&p, QRectF(0, y, page.width(), chart_h), view.viewport()->rect());
  }

  // Page 2: every run, so each figure can be traced to its directory.
  doc.pdf.newPage();
  y = 0;
  line_of(sub, SweepReport::tr("Runs of the sweep"));
  {
    p.setFont(small);
    const QFontMetricsF fm(small);
    const double row_h = fm.height() + 5;
    const std::vector<double> widths = {0.36, 0.34, 0.08, 0.11, 0.11};
    const QStringList headers = {SweepReport::tr("Run"), SweepReport::tr("Settings"), SweepReport::tr("Seed"), SweepReport::tr("Wall time"),
                                 SweepReport::tr("Test accuracy")};
    auto row = [&](const QStringList& cells, bool header) {
      double x = 0;
      if (header) p.fillRect(QRectF(0, y, page.width(), row_h), QColor(235, 240, 248));
      for (int c = 0; c < cells.size(); ++c) {
        const double w = widths[static_cast<std::size_t>(c)] * page.width();
        p.drawText(QRectF(x + 2, y, w - 4, row_h), (c < 2 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                   fm.elidedText(cells[c], Qt::ElideMiddle, w - 4));
        x += w;
      }
      y += row_h;
    };
    row(headers, true);
    for (std::size_t i = 0; i < stores.size() && y + row_h < page.height(); ++i) {
      const auto g = std::find(order.begin(), order.end(), keys[i]) - order.begin();
      row({QFileInfo(stores[i]->dir()).fileName(), labels[static_cast<int>(g)], QString::number(stores[i]->experiment().seed),
           duration_words(per_run[i].train_seconds), per_run[i].accuracy >= 0 ? percent(per_run[i].accuracy) : QStringLiteral("–")},
          false);
    }
  }
  return p.end();
}

}  // namespace app
}  // namespace ffw
