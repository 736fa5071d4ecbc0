#include "app/views/meeting_report.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <algorithm>
#include <array>
#include <fstream>
#include <map>

#include "app/models/run_store.h"
#include "app/views/export.h"
#include "app/views/timeline_view.h"
#include "core/experiment.h"
#include "core/timeline.h"

namespace ffw {
namespace app {

// The report's words, in the context its translations have always had.
struct Report {
  Q_DECLARE_TR_FUNCTIONS(ffw::app::Report)
};

namespace {


// Page 3: predictions at the node counts a person picked, marked as such, with how far the same
// costs were off for the run the report is about.
void write_outlook(QPainter& p, QPdfWriter& pdf, const ScalingOutlook& o, const QFont& body, const QFont& small, const QFont& sub) {
  pdf.newPage();
  const QRectF page = QRectF(QPointF(0, 0), QSizeF(pdf.width(), pdf.height()));
  double y = 0;
  p.setFont(sub);
  p.drawText(QRectF(0, y, page.width(), QFontMetricsF(sub).height()), Qt::AlignLeft | Qt::AlignVCenter,
             QCoreApplication::translate("ffw::app::Report", "Scaling outlook (predictions, not measurements)"));
  y += QFontMetricsF(sub).height() + 6;
  QString note = QCoreApplication::translate("ffw::app::Report", "Simulated by the planner from costs measured on this machine (%1), for: %2.").arg(o.calibration, o.conditions);
  if (o.run_measured_seconds > 0)
    note += QStringLiteral(" ") + QCoreApplication::translate("ffw::app::Report", "The same costs predict this report's run at %1 s; it took %2 s (prediction error %3 %).")
                                      .arg(o.run_predicted_seconds, 0, 'f', 1)
                                      .arg(o.run_measured_seconds, 0, 'f', 1)
                                      .arg(100 * o.error(), 0, 'f', 1);
  else
    note += QStringLiteral(" ") + QCoreApplication::translate("ffw::app::Report", "This run could not be predicted with these costs, so the prediction error is not known here.");
  note += QStringLiteral(" ") + QCoreApplication::translate("ffw::app::Report", "Accuracy is not predicted.");
  p.setFont(body);
  const QFontMetricsF fm(body);
  const QRectF note_box = fm.boundingRect(QRectF(0, 0, page.width(), 1000), Qt::TextWordWrap, note);
  p.drawText(QRectF(0, y, page.width(), note_box.height()), Qt::TextWordWrap, note);
  y += note_box.height() + 10;

  PlanTableModel table;
  table.set_plan(o.plan);
  const std::vector<int> columns = {PlanTableModel::Variant, PlanTableModel::Nodes, PlanTableModel::Seconds,
                                    PlanTableModel::Speedup, PlanTableModel::Idle, PlanTableModel::Cost, PlanTableModel::Energy};
  p.setFont(small);
  const QFontMetricsF sm(small);
  const double row_h = sm.height() + 6, col_w = page.width() / static_cast<double>(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const QRectF cell(static_cast<double>(c) * col_w, y, col_w, row_h);
    p.fillRect(cell, QColor(235, 240, 248));
    p.drawText(cell, Qt::AlignCenter, table.headerData(columns[c], Qt::Horizontal).toString());
  }
  y += row_h;
  for (int r = 0; r < table.rowCount() && y + row_h < page.height() - 3 * row_h; ++r) {
    if (!table.row(r)->skipped.empty()) continue;
    QFont f = small;
    f.setBold(r == o.plan.recommended);
    p.setFont(f);
    for (std::size_t c = 0; c < columns.size(); ++c)
      p.drawText(QRectF(static_cast<double>(c) * col_w, y, col_w, row_h), Qt::AlignCenter,
                 table.data(table.index(r, columns[c])).toString());
    p.setPen(QColor(210, 210, 210));
    p.drawLine(QPointF(0, y + row_h), QPointF(page.width(), y + row_h));
    p.setPen(Qt::black);
    y += row_h;
  }
  p.setFont(body);
  if (o.plan.recommended >= 0) {
    const PlanRow& best = o.plan.rows[static_cast<std::size_t>(o.plan.recommended)];
    const QString line = QCoreApplication::translate("ffw::app::Report", "Recommended (bold): %1 on %2 nodes, %3 s predicted, %4× Sequential FF on one node.")
                             .arg(variant_title(best.variant))
                             .arg(best.nodes)
                             .arg(best.seconds, 0, 'f', 1)
                             .arg(best.speedup_vs_sequential, 0, 'f', 2);
    p.drawText(QRectF(0, y + 6, page.width(), fm.height() * 2), Qt::TextWordWrap, line);
  }
}


// What a setting is called in the report's language.
QString negatives_words(Negatives n) {
  switch (n) {
    case Negatives::Random: return Report::tr("random, redrawn each chapter");
    case Negatives::Adaptive: return Report::tr("adaptive (hardest wrong label)");
    case Negatives::Fixed: return Report::tr("fixed");
    case Negatives::None: return Report::tr("none");
  }
  return {};
}
QString classifier_words(Classifier c) {
  switch (c) {
    case Classifier::Softmax: return Report::tr("softmax head");
    case Classifier::Goodness: return Report::tr("goodness over labels");
    case Classifier::LocalHeads: return Report::tr("local heads");
  }
  return {};
}
QString on_nodes(int nodes) { return nodes == 1 ? Report::tr("on one node") : Report::tr("on %1 nodes").arg(nodes); }
}  // namespace

QString duration_words(double seconds) {
  const auto s = static_cast<long>(std::lround(seconds));
  if (s < 90) return Report::tr("%1 s").arg(QLocale().toString(seconds, 'f', seconds < 10 ? 1 : 0));
  if (s < 3600) return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

namespace {

// Seconds per node and timeline kind.
std::vector<std::array<double, static_cast<std::size_t>(SegmentKind::Count_)>> time_by_kind(const RunStore& run) {
  std::vector<std::array<double, static_cast<std::size_t>(SegmentKind::Count_)>> out(static_cast<std::size_t>(run.nodes()));
  for (auto& row : out) row.fill(0);
  for (const Segment& s : run.segments())
    if (s.node >= 0 && s.node < run.nodes() && s.kind != SegmentKind::Lost)
      out[static_cast<std::size_t>(s.node)][static_cast<std::size_t>(s.kind)] += std::max(0.0, s.end_s - s.start_s);
  return out;
}

// The plain-words summary and the recommendations the figures support.
// `baseline`/`b`: a real baseline run and its figures; else `predicted`/`b`: the planner's
// Sequential FF on one node; else neither.
std::pair<QStringList, QStringList> executive_summary(const RunStore& run, const RunKpi& k, const RunStore* baseline,
                                                      const PredictedBaseline* predicted, const RunKpi* b, const ReportOptions& o) {
  const Experiment& e = run.experiment();
  const QLocale l;
  QStringList said, advice;
  QString first = Report::tr("%1 %2 (%3) trained in %4").arg(variant_title(e.variant), on_nodes(e.nodes), network_label(e),
                                                             duration_words(k.train_seconds));
  if (k.accuracy >= 0) first += Report::tr(" to %1 % test accuracy").arg(l.toString(100 * k.accuracy, 'f', 2));
  said << first + Report::tr(".");
  if (baseline && b && b->train_seconds > 0 && k.train_seconds > 0) {
    const Experiment& be = baseline->experiment();
    const double ratio = b->train_seconds / k.train_seconds;
    const QString against = Report::tr("%1 %2 (run %3, %4 thread(s) per node: %5)")
                                .arg(variant_title(be.variant), on_nodes(be.nodes), QFileInfo(baseline->dir()).fileName())
                                .arg(be.threads)
                                .arg(duration_words(b->train_seconds));
    QString sentence = ratio >= 1 ? Report::tr("That is %1× faster than %2").arg(l.toString(ratio, 'f', 2), against)
                                  : Report::tr("That is %1× slower than %2").arg(l.toString(1 / ratio, 'f', 2), against);
    if (k.accuracy >= 0 && b->accuracy >= 0) {
      const double points = 100 * (k.accuracy - b->accuracy);
      sentence += std::abs(points) < 0.005 ? Report::tr(", at the same accuracy")
                  : points < 0             ? Report::tr(", at %1 points lower accuracy").arg(l.toString(-points, 'f', 2))
                                           : Report::tr(", at %1 points higher accuracy").arg(l.toString(points, 'f', 2));
    }
    said << sentence + Report::tr(".");
    if (ratio < 1 && e.nodes > 1)
      advice << Report::tr("On this network and these machines, %1 nodes were slower than one: look at the bytes moved "
                          "and the waiting below, or use fewer nodes.").arg(e.nodes);
  } else if (predicted && b && k.train_seconds > 0) {
    // No run to compare with: the planner's prediction, said to be one, with its error on this run.
    const double ratio = predicted->seconds / k.train_seconds;
    QString sentence = Report::tr("No baseline run was given or found. The planner predicts Sequential FF on one node of this "
                                  "machine at %1 (a prediction from the costs measured in %2, not a run)")
                           .arg(duration_words(predicted->seconds), predicted->calibration);
    if (predicted->run_error_known)
      sentence += Report::tr("; the same costs predict this run within %1 %").arg(l.toString(100 * std::abs(predicted->run_error), 'f', 0));
    said << sentence + Report::tr(".");
    said << (ratio >= 1 ? Report::tr("Against that prediction, this run was %1× faster (predicted speed-up).").arg(l.toString(ratio, 'f', 2))
                        : Report::tr("Against that prediction, this run was %1× slower (predicted).").arg(l.toString(1 / ratio, 'f', 2)));
  } else {
    said << Report::tr("No baseline run was given or found, so this report shows no speed-up: run Sequential FF on one node "
                      "with the same network, data and epochs on this machine into the same runs folder, or give one "
                      "with --baseline.");
  }
  if (e.nodes > 1)
    said << Report::tr("It moved %1 MB between the nodes, which waited %2 % of the time on average.")
                .arg(l.toString(k.sent_megabytes, 'f', 1), l.toString(100 * k.idle_fraction, 'f', 1));
  said << Report::tr("At %1 per node-hour and %2 W per node it cost %3 and used %4 Wh.")
              .arg(l.toString(o.cost.price_per_node_hour, 'f', 2), l.toString(o.cost.watts_per_node, 'f', 0),
                   l.toString(k.cost, 'f', 4), l.toString(k.energy_wh, 'f', 2));
  if (k.time_to_target >= 0)
    said << Report::tr("It reached %1 % test accuracy after %2.").arg(l.toString(100 * o.cost.target_accuracy, 'f', 0), duration_words(k.time_to_target));
  for (int n = 0; n < e.nodes; ++n)
    if (e.slowdown_of(n) > 1)
      said << Report::tr("Node %1 emulated a machine %2× slower.").arg(n).arg(l.toString(e.slowdown_of(n), 'f', 1));
  for (const RunStore::NodeLoss& loss : run.node_losses())
    said << (loss.continued_after_chapter >= 0
                 ? Report::tr("Node %1 was lost at %2; the others went on from chapter %3 without it.")
                       .arg(loss.node).arg(duration_words(loss.at_s)).arg(loss.continued_after_chapter + 1)
                 : Report::tr("Node %1 was lost at %2; the others went on without it.").arg(loss.node).arg(duration_words(loss.at_s)));
  // Recommendations: the node that waited most, and why, where the figures say it.
  if (e.nodes > 1) {
    int most = 0;
    double most_share = 0;
    for (int n = 0; n < e.nodes; ++n) {
      const double share = run.idle_fraction_total(n);
      if (share > most_share && !run.lost(n)) most = n, most_share = share;
    }
    int slowest = -1;
    for (int n = 0; n < e.nodes; ++n)
      if (e.slowdown_of(n) > 1 && (slowest < 0 || e.slowdown_of(n) > e.slowdown_of(slowest))) slowest = n;
    if (most_share > 0.2) {
      if (slowest >= 0 && slowest != most)
        advice << Report::tr("Node %1 waited %2 % of the time: node %3 is the slow machine. Give it less work "
                            "(cluster.placement \"auto\" places it by measured speed).")
                      .arg(most).arg(l.toString(100 * most_share, 'f', 0)).arg(slowest);
      else if (e.chapters_placed() && e.chapters < 4 * e.nodes)
        advice << Report::tr("Node %1 waited %2 % of the time, mostly while the ring fills and drains: with more chapters "
                            "(%3 now) the ramp is a smaller share of the run.")
                      .arg(most).arg(l.toString(100 * most_share, 'f', 0)).arg(e.chapters);
      else
        advice << Report::tr("Node %1 waited %2 % of the time: the Plan page predicts what another placement or node count "
                            "would do.").arg(most).arg(l.toString(100 * most_share, 'f', 0));
    }
  }
  if (e.chapters_placed() && !e.send_optimizer_state && e.nodes >= 4)
    advice << Report::tr("From 4 nodes on, let the layers travel with their optimizer state (the Cluster page's option): "
                        "each node then continues a layer exactly where the last one left it, for 3× the weight bytes.");
  return {said, advice};
}

}  // namespace

ReportDocument::ReportDocument(const QString& file, const QString& title, const QString& language) : pdf(file) {
  pdf.setTitle(title);
  pdf.setCreator(QStringLiteral("FF Workbench"));
  pdf.setPageSize(QPageSize(QPageSize::A4));
  pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
  pdf.setResolution(96);
  const QString family = report_font_family(language);
  body = export_font(family, 9);
  small = export_font(family, 8);
  heading = export_font(family, 15, QFont::Bold);
  sub = export_font(family, 11, QFont::Bold);
  page = QRectF(QPointF(0, 0), QSizeF(pdf.width(), pdf.height()));
}

void ReportDocument::line(const QFont& f, const QString& text, double extra) {
  p.setFont(f);
  const QFontMetricsF fm(f);
  p.drawText(QRectF(0, y, page.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, text);
  y += fm.height() + extra;
}

void ReportDocument::paragraph(const QFont& f, const QString& text, double extra) {
  p.setFont(f);
  const QRectF box = QFontMetricsF(f).boundingRect(QRectF(0, 0, page.width(), 10000), Qt::TextWordWrap, text);
  p.drawText(QRectF(0, y, page.width(), box.height()), Qt::TextWordWrap, text);
  y += box.height() + extra;
}

double paint_kpi_table(QPainter& p, const KpiTableModel& table, double y, double width, const QFont& font) {
  p.setFont(font);
  const QFontMetricsF fm(font);
  const int columns = table.columnCount();
  const double row_h = fm.height() + 6, col_w = width / columns;
  for (int c = 0; c < columns; ++c) {
    const QRectF cell(c * col_w, y, col_w, row_h * 2);
    p.fillRect(cell, QColor(235, 240, 248));
    p.drawText(cell.adjusted(2, 0, -2, 0), Qt::AlignCenter | Qt::TextWordWrap, table.headerData(c, Qt::Horizontal).toString());
  }
  y += row_h * 2;
  for (int r = 0; r < table.rowCount(); ++r) {
    // As tall as its tallest cell once wrapped in the row's font ("lab: 4 hosts, 100 Mbit/s" takes
    // three lines; the baseline's bold ones may take more).
    QFont f = font;
    f.setBold(table.data(table.index(r, 0), Qt::FontRole).value<QFont>().bold());
    const QFontMetricsF rm(f);
    double h = row_h;
    for (int c = 0; c < columns; ++c)
      h = std::max(h, rm.boundingRect(QRectF(0, 0, col_w - 4, 1000), Qt::AlignCenter | Qt::TextWordWrap, table.text(r, c)).height() + 6);
    p.setFont(f);
    for (int c = 0; c < columns; ++c)
      p.drawText(QRectF(c * col_w + 2, y, col_w - 4, h), Qt::AlignCenter | Qt::TextWordWrap, table.text(r, c));
    p.setFont(font);
    p.setPen(QColor(210, 210, 210));
    p.drawLine(QPointF(0, y + h), QPointF(width, y + h));
    p.setPen(Qt::black);
    y += h;
  }
  return y;
}

std::optional<QString> find_baseline_run(const RunStore& run) {
  const Experiment& e = run.experiment();
  if (e.variant == Variant::Sequential && e.nodes == 1) return std::nullopt;  // it is the baseline kind itself
  const QFileInfo self(run.dir());
  const auto machine = run.summary().value("machine", nlohmann::json::object());
  std::optional<QString> best;
  QDateTime newest;
  for (const QFileInfo& d : self.dir().entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
    if (d.canonicalFilePath() == self.canonicalFilePath()) continue;
    try {
      const Experiment c = load_experiment((d.filePath() + QStringLiteral("/experiment.json")).toStdString());
      std::ifstream in((d.filePath() + QStringLiteral("/summary.json")).toStdString());
      const auto s = nlohmann::json::parse(in, nullptr, false);
      if (!s.is_object() || s.value("status", std::string()) != "finished") continue;
      if (c.variant != Variant::Sequential || c.nodes != 1 || c.epochs != e.epochs || c.threads != e.threads) continue;
      if (c.data.path != e.data.path || c.data.format != e.data.format || c.data.limit_train != e.data.limit_train ||
          c.data.limit_test != e.data.limit_test || c.layers.size() != e.layers.size())
        continue;
      bool same = true;
      for (std::size_t i = 0; i < c.layers.size(); ++i) same = same && c.layers[i].width == e.layers[i].width;
      const auto m = s.value("machine", nlohmann::json::object());
      same = same && m.is_object() && machine.is_object() && m.value("cpu_model", std::string("?")) == machine.value("cpu_model", std::string("!")) &&
             m.value("cores", -1) == machine.value("cores", -2);
      const QDateTime when = QFileInfo(d.filePath() + QStringLiteral("/summary.json")).lastModified();
      if (same && (!best || when > newest)) best = d.filePath(), newest = when;
    } catch (const std::exception&) {
      // not a run, or a damaged one: not a baseline
    }
  }
  return best;
}

bool write_report(const RunStore& run, const RunStore* given, const ReportOptions& options, const QString& file,
                  QString* error) {
  // A real baseline only: the one given, else one found in the runs folder, else none.
  RunStore found;
  const RunStore* baseline = given;
  if (!baseline)
    if (const auto dir = find_baseline_run(run); dir && found.open(*dir)) baseline = &found;
  ReportDocument doc(file, Report::tr("FF Workbench meeting report: %1").arg(QString::fromStdString(run.experiment().name)),
                     options.language);
  if (!doc.begin()) {
    if (error) *error = Report::tr("%1 cannot be written").arg(file);
    return false;
  }
  QPainter& p = doc.p;
  QPdfWriter& pdf = doc.pdf;
  const QFont &body = doc.body, &small = doc.small, &heading = doc.heading, &sub = doc.sub;
  const QRectF page = doc.page;
  double& y = doc.y;
  auto line_of = [&](const QFont& f, const QString& text, double extra = 4) { doc.line(f, text, extra); };
  auto paragraph = [&](const QFont& f, const QString& text, double extra = 6) { doc.paragraph(f, text, extra); };

  // Page 1: what happened, in plain words, then the figures.
  line_of(heading, Report::tr("Meeting report: %1").arg(QString::fromStdString(run.experiment().name)), 2);
  const auto& machine = run.summary().value("machine", nlohmann::json::object());
  line_of(small, Report::tr("Run %1 · %2 · %3 on %4 cores (%5)")
                     .arg(run.dir(), QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                     .arg(QString::fromStdString(machine.value("cpu_model", std::string("?"))))
                     .arg(machine.value("cores", 0))
                     .arg(QString::fromStdString(machine.value("blas_kernel", std::string("?")))),
          10);
  // Else a prediction, labelled as one (its row has no accuracy: the planner does not predict it).
  const PredictedBaseline* predicted = !baseline && options.predicted_baseline ? &*options.predicted_baseline : nullptr;
  std::vector<RunKpi> kpis;
  if (baseline) kpis.push_back(compute_kpi(*baseline, options.cost));
  if (predicted) {
    RunKpi row;
    row.name = Report::tr("predicted by the planner");
    row.variant = variant_title(Variant::Sequential);
    row.network = network_label(Experiment{});  // one process
    row.train_seconds = predicted->seconds;
    row.cost = predicted->seconds / 3600.0 * options.cost.price_per_node_hour;
    row.energy_wh = predicted->seconds / 3600.0 * options.cost.watts_per_node;
    kpis.push_back(row);
  }
  kpis.push_back(compute_kpi(run, options.cost));
  KpiTableModel table;
  table.set_runs(kpis, baseline || predicted ? 0 : -1, options.cost.target_accuracy);
  const auto [said, advice] = executive_summary(run, table.runs().back(), baseline, predicted,
                                                baseline || predicted ? &table.runs().front() : nullptr, options);
  line_of(sub, Report::tr("Summary"));
  paragraph(body, said.join(QLatin1Char(' ')));
  if (!advice.isEmpty()) {
    line_of(sub, Report::tr("Recommendations"));
    for (const QString& a : advice) paragraph(body, QStringLiteral("• ") + a, 3);
    y += 4;
  }
  line_of(sub, Report::tr("Key figures"));
  {
    y = paint_kpi_table(p, table, y, page.width(), small);
    y += 4;
    paragraph(small, predicted ? Report::tr("Speed-up and efficiency against the first row: Sequential FF on one node as the planner "
                                           "predicts it (not a run; no accuracy). Cost at %1 per node-hour, energy at %2 W per node.")
                                     .arg(options.cost.price_per_node_hour)
                                     .arg(options.cost.watts_per_node)
                     : baseline ? Report::tr("Speed-up and efficiency against the first row, the baseline (%1). Cost at %2 per node-hour, "
                                          "energy at %3 W per node.")
                                    .arg(given ? Report::tr("given") : Report::tr("found in the runs folder"))
                                    .arg(options.cost.price_per_node_hour)
                                    .arg(options.cost.watts_per_node)
                              : Report::tr("No baseline: speed-up and efficiency are left out. Cost at %1 per node-hour, "
                                          "energy at %2 W per node.")
                                    .arg(options.cost.price_per_node_hour)
                                    .arg(options.cost.watts_per_node),
              10);
  }
  if (baseline || predicted) {  // speed-up bars, baseline = 1
    line_of(sub, predicted ? Report::tr("Speed-up (against a prediction)") : Report::tr("Speed-up"));
    const double bar_h = 22, label_w = page.width() * 0.3,
                 max_speedup = std::max(1.0, std::max_element(table.runs().begin(), table.runs().end(),
                                                              [](const RunKpi& a, const RunKpi& b) { return a.speedup < b.speedup; })->speedup);
    p.setFont(body);
    for (std::size_t i = 0; i < table.runs().size(); ++i) {
      const RunKpi& k = table.runs()[i];
      p.drawText(QRectF(0, y, label_w - 6, bar_h), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("%1 (%2, N=%3)").arg(k.name, k.variant).arg(k.nodes));
      const double w = (page.width() - label_w - 60) * k.speedup / max_speedup;
      p.fillRect(QRectF(label_w, y + 3, w, bar_h - 6), layer_color(static_cast<int>(i)));
      p.drawText(QRectF(label_w + w + 4, y, 60, bar_h), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("%1×").arg(k.speedup, 0, 'f', 2));
      y += bar_h;
    }
    y += 10;
  }
  line_of(sub, Report::tr("Accuracy"));
  const double chart_h = std::min(page.height() - y, page.width() * 0.5);
  if (chart_h > 120) render_chart(p, run, ChartKind::Accuracy, QRectF(0, y, page.width(), chart_h), ChartOptions{0, false}, body);

  // Page 2: where the time went, and what was run.
  pdf.newPage();
  y = 0;
  const Experiment& e = run.experiment();
  const double total = std::max(1e-9, run.last_time());
  line_of(sub, Report::tr("Utilisation timeline"));
  // The whole run as a strip, then a window of two chapters from its middle, readable at A4 width.
  p.setFont(small);
  paint_timeline(p, QRectF(0, y, page.width(), 14.0 * run.nodes() + 30), run.segments(), run.nodes(), 0, total, false);
  y += 14.0 * run.nodes() + 36;
  if (e.chapters >= 3) {
    const double chapter_s = total / e.chapters, from = chapter_s * (e.chapters / 2 - 1), to = from + 2 * chapter_s;
    line_of(small, Report::tr("Chapters %1 and %2 of %3, from %4 to %5:")
                       .arg(e.chapters / 2).arg(e.chapters / 2 + 1).arg(e.chapters)
                       .arg(duration_words(from), duration_words(to)));
    paint_timeline(p, QRectF(0, y, page.width(), 22.0 * run.nodes() + 50), run.segments(), run.nodes(), from, to, true);
    y += 22.0 * run.nodes() + 60;
  }
  line_of(sub, Report::tr("Where the time went"));
  {
    const auto time = time_by_kind(run);
    const std::vector<SegmentKind> kinds = {SegmentKind::Train, SegmentKind::Reforward, SegmentKind::Negatives,
                                            SegmentKind::Evaluate, SegmentKind::Send, SegmentKind::Wait, SegmentKind::Idle};
    p.setFont(small);
    const QFontMetricsF fm(small);
    const double row_h = fm.height() + 6, col_w = page.width() / static_cast<double>(kinds.size() + 1);
    p.fillRect(QRectF(0, y, page.width(), row_h), QColor(235, 240, 248));
    p.drawText(QRectF(0, y, col_w, row_h), Qt::AlignCenter, Report::tr("Node"));
    for (std::size_t k = 0; k < kinds.size(); ++k)
      p.drawText(QRectF(col_w * static_cast<double>(k + 1), y, col_w, row_h), Qt::AlignCenter, segment_label(kinds[k]));
    y += row_h;
    const QLocale l;
    for (int n = 0; n < run.nodes(); ++n) {
      p.drawText(QRectF(0, y, col_w, row_h), Qt::AlignCenter,
                 run.lost(n) ? Report::tr("%1 (lost)").arg(n) : QString::number(n));
      for (std::size_t k = 0; k < kinds.size(); ++k) {
        const double seconds = time[static_cast<std::size_t>(n)][static_cast<std::size_t>(kinds[k])];
        p.drawText(QRectF(col_w * static_cast<double>(k + 1), y, col_w, row_h), Qt::AlignCenter,
                   QStringLiteral("%1 %").arg(l.toString(100 * seconds / total, 'f', 1)));
      }
      p.setPen(QColor(210, 210, 210));
      p.drawLine(QPointF(0, y + row_h), QPointF(page.width(), y + row_h));
      p.setPen(Qt::black);
      y += row_h;
    }
    y += 4;
    paragraph(small, Report::tr("Shares of the run's %1 on each node's clock; what is missing from 100 % is time between "
                               "recorded steps.").arg(duration_words(total)), 10);
  }
  line_of(sub, Report::tr("Experiment settings"));
  QStringList widths;
  for (const auto& layer : e.layers) widths << QString::number(layer.width);
  const std::vector<std::pair<QString, QString>> settings = {
      {Report::tr("Variant"), variant_title(e.variant)},
      {Report::tr("Nodes"), QString::number(e.nodes)},
      {Report::tr("Network"), network_label(e)},
      {Report::tr("Layers"), widths.join(QStringLiteral(" × "))},
      {Report::tr("Negative data"), negatives_words(e.negatives)},
      {Report::tr("Classifier"), classifier_words(e.classifier)},
      {Report::tr("Epochs / chapters"), QStringLiteral("%1 / %2").arg(e.epochs).arg(e.chapters)},
      {Report::tr("Batch size"), QString::number(e.batch_size)},
      {Report::tr("Learning rate"), QString::number(e.optimizer.learning_rate)},
      {Report::tr("Seed"), QString::number(e.seed)},
      {Report::tr("Data"), QString::fromStdString(e.data.path.string())},
      {Report::tr("Theoretical bubble"), QStringLiteral("%1 %").arg(100 * run.theoretical_bubble(), 0, 'f', 1)},
  };
  p.setFont(body);
  const QFontMetricsF fm(body);
  for (const auto& [k, v] : settings) {
    if (y + fm.height() + 6 > page.height()) break;
    p.drawText(QRectF(0, y, page.width() * 0.35, fm.height() + 4), Qt::AlignLeft | Qt::AlignVCenter, k);
    p.drawText(QRectF(page.width() * 0.35, y, page.width() * 0.65, fm.height() + 4), Qt::AlignLeft | Qt::AlignVCenter, v);
    y += fm.height() + 6;
  }
  if (options.outlook) write_outlook(p, pdf, *options.outlook, body, small, sub);
  return p.end();
}

}  // namespace app
}  // namespace ffw
