#include "app/views/export.h"

#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFontDatabase>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QTextStream>

#include "app/views/timeline_view.h"
#include "cluster/transport.h"

namespace ffw {
namespace app {

namespace {


// Fonts of exported files: no ligatures, so "fi" in a PDF extracts and searches as "fi".
QFont export_font(const QString& family, int points, int weight = QFont::Normal) {
  QFont f(family, points, weight);
  f.setStyleStrategy(QFont::PreferNoShaping);
  return f;
}

// Renders a chart (or the timeline) into any paint device at `target`.
void render_chart(QPainter& p, const RunStore& run, ChartKind kind, const QRectF& target, const ChartOptions& options,
                  const QFont& font) {
  if (kind == ChartKind::Timeline) {
    p.save();
    p.setFont(font);
    const QFontMetricsF fm(font);
    p.drawText(QRectF(target.left(), target.top(), target.width(), fm.height() + 4), Qt::AlignHCenter,
               chart_title(ChartKind::Timeline));
    paint_timeline(p, target.adjusted(0, fm.height() + 6, 0, 0), run.segments(), run.nodes(), 0,
                   std::max(1.0, run.last_time()));
    p.restore();
    return;
  }
  QChartView view;
  view.setAttribute(Qt::WA_DontShowOnScreen);
  view.setRenderHint(QPainter::Antialiasing);
  view.setFrameShape(QFrame::NoFrame);
  RunChart chart(kind);
  chart.set_options(options);
  view.setChart(chart.chart());
  chart.chart()->setFont(font);
  chart.chart()->setTitleFont(export_font(font.family(), font.pointSize() + 1, QFont::Bold));
  chart.chart()->legend()->setFont(font);
  for (QAbstractAxis* a : chart.chart()->axes()) {
    a->setLabelsFont(font);
    a->setTitleFont(font);
  }
  view.resize(target.size().toSize());
  chart.update(run, static_cast<int>(target.width()));
  view.show();
  QCoreApplication::processEvents();
  view.render(&p, target, view.viewport()->rect());
}

}  // namespace

bool paint_to_file(ExportFormat format, const QString& file, QSize size, const QString& title, const QString& description,
                   QString* error, const std::function<void(QPainter&, const QRectF&)>& paint) {
  auto unwritable = [&] {
    if (error) *error = QCoreApplication::translate("ffw::app::Report", "%1 cannot be written").arg(file);
    return false;
  };
  const QRectF target(QPointF(0, 0), QSizeF(size));
  switch (format) {
    case ExportFormat::Png: {
      QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
      image.setDevicePixelRatio(2);
      image.fill(Qt::white);
      QPainter p(&image);
      p.setRenderHint(QPainter::Antialiasing);
      paint(p, target);
      p.end();
      return image.save(file, "PNG") || unwritable();
    }
    case ExportFormat::Svg: {
      QSvgGenerator svg;
      svg.setFileName(file);
      svg.setSize(size);
      svg.setViewBox(QRect(QPoint(0, 0), size));  // without it viewers draw the content shrunk
      svg.setTitle(title);
      svg.setDescription(description);
      QPainter p;
      if (!p.begin(&svg)) return unwritable();
      paint(p, target);
      return p.end();
    }
    case ExportFormat::Pdf: {
      QPdfWriter pdf(file);
      pdf.setTitle(title);
      pdf.setCreator(QStringLiteral("FF Workbench"));
      pdf.setPageSize(QPageSize(QSizeF(size.width() * 0.75, size.height() * 0.75), QPageSize::Point));
      pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
      pdf.setResolution(96);
      QPainter p;
      if (!p.begin(&pdf)) return unwritable();
      paint(p, target);
      return p.end();
    }
    case ExportFormat::Csv: break;
  }
  return false;
}


std::optional<ExportFormat> export_format_from_id(const QString& id) {
  if (id == QLatin1String("png")) return ExportFormat::Png;
  if (id == QLatin1String("svg")) return ExportFormat::Svg;
  if (id == QLatin1String("pdf")) return ExportFormat::Pdf;
  if (id == QLatin1String("csv")) return ExportFormat::Csv;
  return std::nullopt;
}

QString report_font_family(const QString& language) {
  if (language == QLatin1String("ja")) {
    for (const char* f : {"IPAGothic", "IPAPGothic", "Noto Sans CJK JP"})
      if (QFontDatabase::hasFamily(QString::fromLatin1(f))) return QString::fromLatin1(f);
  }
  return QFontDatabase::hasFamily(QStringLiteral("DejaVu Sans")) ? QStringLiteral("DejaVu Sans")
                                                                : QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
}

bool export_chart(const RunStore& run, ChartKind kind, ExportFormat format, const QString& file, QString* error,
                  QSize size, const ChartOptions& options) {
  const QFont font = export_font(report_font_family(QLocale().language() == QLocale::Japanese ? QStringLiteral("ja") : QStringLiteral("en")), 9);
  switch (format) {
    case ExportFormat::Csv: {
      QFile f(file);
      if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error) *error = QCoreApplication::translate("ffw::app::Report", "%1 cannot be written: %2").arg(file, f.errorString());
        return false;
      }
      QTextStream out(&f);
      if (kind == ChartKind::Timeline) {
        out << "node,kind,start_s,end_s,bytes,peer,chapter,layer,category\n";
        for (const Segment& s : run.segments())
          out << s.node << ',' << segment_name(s.kind).data() << ',' << QString::number(s.start_s, 'g', 10) << ','
              << QString::number(s.end_s, 'g', 10) << ',' << s.bytes << ',' << s.peer << ',' << s.chapter << ','
              << s.layer << ','
              << (s.category >= 0 ? cluster::category_name(static_cast<cluster::Category>(s.category)).data() : "") << '\n';
      } else {
        out << "series,time_s,value\n";
        for (const Curve& c : chart_curves(run, kind)) {
          QString name = c.name;
          name.replace(',', ';');
          for (const QPointF& p : c.points)
            out << name << ',' << QString::number(p.x(), 'g', 10) << ',' << QString::number(p.y(), 'g', 10) << '\n';
        }
      }
      return f.error() == QFile::NoError;
    }
    case ExportFormat::Png:
    case ExportFormat::Svg:
    case ExportFormat::Pdf:
      return paint_to_file(format, file, size, chart_title(kind), QStringLiteral("FF Workbench: %1").arg(run.dir()), error,
                           [&](QPainter& p, const QRectF& target) { render_chart(p, run, kind, target, options, font); });
  }
  return false;
}

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
                             .arg(QString::fromStdString(to_string(best.variant)))
                             .arg(best.nodes)
                             .arg(best.seconds, 0, 'f', 1)
                             .arg(best.speedup_vs_sequential, 0, 'f', 2);
    p.drawText(QRectF(0, y + 6, page.width(), fm.height() * 2), Qt::TextWordWrap, line);
  }
}

}  // namespace

bool write_report(const RunStore& run, const RunStore* baseline, const ReportOptions& options, const QString& file,
                  QString* error) {
  QPdfWriter pdf(file);
  pdf.setTitle(QCoreApplication::translate("ffw::app::Report", "FF Workbench meeting report: %1").arg(QString::fromStdString(run.experiment().name)));
  pdf.setCreator(QStringLiteral("FF Workbench"));
  pdf.setPageSize(QPageSize(QPageSize::A4));
  pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
  pdf.setResolution(96);
  QPainter p;
  if (!p.begin(&pdf)) {
    if (error) *error = QCoreApplication::translate("ffw::app::Report", "%1 cannot be written").arg(file);
    return false;
  }
  const QString family = report_font_family(options.language);
  const QFont body = export_font(family, 9), small = export_font(family, 8), heading = export_font(family, 15, QFont::Bold),
              sub = export_font(family, 11, QFont::Bold);
  const QRectF page = QRectF(QPointF(0, 0), QSizeF(pdf.width(), pdf.height()));
  double y = 0;
  auto line_of = [&](const QFont& f, const QString& text, double extra = 4) {
    p.setFont(f);
    const QFontMetricsF fm(f);
    p.drawText(QRectF(0, y, page.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, text);
    y += fm.height() + extra;
  };

  // Page 1: the figures.
  line_of(heading, QCoreApplication::translate("ffw::app::Report", "Meeting report: %1").arg(QString::fromStdString(run.experiment().name)), 2);
  const auto& machine = run.summary().value("machine", nlohmann::json::object());
  line_of(small, QCoreApplication::translate("ffw::app::Report", "Run %1 · %2 · %3 on %4 cores (%5)")
                     .arg(run.dir(), QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                     .arg(QString::fromStdString(machine.value("cpu_model", std::string("?"))))
                     .arg(machine.value("cores", 0))
                     .arg(QString::fromStdString(machine.value("blas_kernel", std::string("?")))),
          10);

  std::vector<RunKpi> kpis;
  if (baseline) kpis.push_back(compute_kpi(*baseline, options.cost));
  kpis.push_back(compute_kpi(run, options.cost));
  KpiTableModel table;
  table.set_runs(kpis, 0, options.cost.target_accuracy);
  line_of(sub, QCoreApplication::translate("ffw::app::Report", "Key figures"));
  {
    p.setFont(small);
    const QFontMetricsF fm(small);
    const int columns = table.columnCount();
    const double row_h = fm.height() + 6, col_w = page.width() / columns;
    for (int c = 0; c < columns; ++c) {
      const QRectF cell(c * col_w, y, col_w, row_h * 2);
      p.fillRect(cell, QColor(235, 240, 248));
      p.drawText(cell.adjusted(2, 0, -2, 0), Qt::AlignCenter | Qt::TextWordWrap,
                 table.headerData(c, Qt::Horizontal).toString());
    }
    y += row_h * 2;
    for (int r = 0; r < table.rowCount(); ++r) {
      // As tall as its tallest cell once wrapped ("lab: 4 hosts, 100 Mbit/s" takes three lines).
      double h = row_h;
      for (int c = 0; c < columns; ++c)
        h = std::max(h, fm.boundingRect(QRectF(0, 0, col_w - 4, 1000), Qt::AlignCenter | Qt::TextWordWrap, table.text(r, c))
                                .height() + 6);
      for (int c = 0; c < columns; ++c)
        p.drawText(QRectF(c * col_w + 2, y, col_w - 4, h), Qt::AlignCenter | Qt::TextWordWrap, table.text(r, c));
      p.setPen(QColor(210, 210, 210));
      p.drawLine(QPointF(0, y + h), QPointF(page.width(), y + h));
      p.setPen(Qt::black);
      y += h;
    }
    y += 4;
    p.drawText(QRectF(0, y, page.width(), fm.height() * 2), Qt::TextWordWrap,
               baseline ? QCoreApplication::translate("ffw::app::Report", "Speed-up and efficiency against the first row (the baseline). Cost at %1 per node-hour, "
                              "energy at %2 W per node.")
                              .arg(options.cost.price_per_node_hour)
                              .arg(options.cost.watts_per_node)
                        : QCoreApplication::translate("ffw::app::Report", "No baseline given: speed-up is against this run itself. Cost at %1 per node-hour, "
                              "energy at %2 W per node.")
                              .arg(options.cost.price_per_node_hour)
                              .arg(options.cost.watts_per_node));
    y += fm.height() * 2 + 10;
  }

  // Speed-up bars (baseline = 1).
  line_of(sub, QCoreApplication::translate("ffw::app::Report", "Speed-up"));
  {
    const double bar_h = 22, label_w = page.width() * 0.3, max_speedup = std::max(1.0, std::max_element(
        table.runs().begin(), table.runs().end(), [](const RunKpi& a, const RunKpi& b) { return a.speedup < b.speedup; })->speedup);
    p.setFont(body);
    for (std::size_t i = 0; i < table.runs().size(); ++i) {
      const RunKpi& k = table.runs()[i];
      p.drawText(QRectF(0, y, label_w - 6, bar_h), Qt::AlignRight | Qt::AlignVCenter,
                 QStringLiteral("%1 (%2, N=%3)").arg(k.name, k.variant).arg(k.nodes));
      const double w = (page.width() - label_w - 60) * k.speedup / max_speedup;
      p.fillRect(QRectF(label_w, y + 3, w, bar_h - 6), layer_color(static_cast<int>(i)));
      p.drawText(QRectF(label_w + w + 4, y, 60, bar_h), Qt::AlignLeft | Qt::AlignVCenter,
                 QStringLiteral("%1×").arg(k.speedup, 0, 'f', 2));
      y += bar_h;
    }
    y += 10;
  }
  line_of(sub, QCoreApplication::translate("ffw::app::Report", "Accuracy"));
  const double chart_h = std::min(page.height() - y, page.width() * 0.55);
  render_chart(p, run, ChartKind::Accuracy, QRectF(0, y, page.width(), chart_h), ChartOptions{0, false}, body);

  // Page 2: where the time went, and what was run.
  pdf.newPage();
  y = 0;
  line_of(sub, QCoreApplication::translate("ffw::app::Report", "Utilisation timeline"));
  render_chart(p, run, ChartKind::Timeline, QRectF(0, y, page.width(), page.height() * 0.35), {}, small);
  y += page.height() * 0.35 + 14;
  line_of(sub, QCoreApplication::translate("ffw::app::Report", "Experiment settings"));
  const Experiment& e = run.experiment();
  QStringList widths;
  for (const auto& l : e.layers) widths << QString::number(l.width);
  const std::vector<std::pair<QString, QString>> settings = {
      {QCoreApplication::translate("ffw::app::Report", "Variant"), QString::fromStdString(to_string(e.variant))},
      {QCoreApplication::translate("ffw::app::Report", "Nodes"), QString::number(e.nodes)},
      {QCoreApplication::translate("ffw::app::Report", "Layers"), widths.join(QStringLiteral(" × "))},
      {QCoreApplication::translate("ffw::app::Report", "Negative data"), QString::fromStdString(to_string(e.negatives))},
      {QCoreApplication::translate("ffw::app::Report", "Classifier"), QString::fromStdString(to_string(e.classifier))},
      {QCoreApplication::translate("ffw::app::Report", "Epochs / chapters"), QStringLiteral("%1 / %2").arg(e.epochs).arg(e.chapters)},
      {QCoreApplication::translate("ffw::app::Report", "Batch size"), QString::number(e.batch_size)},
      {QCoreApplication::translate("ffw::app::Report", "Learning rate"), QString::number(e.optimizer.learning_rate)},
      {QCoreApplication::translate("ffw::app::Report", "Seed"), QString::number(e.seed)},
      {QCoreApplication::translate("ffw::app::Report", "Data"), QString::fromStdString(e.data.path.string())},
      {QCoreApplication::translate("ffw::app::Report", "Theoretical bubble"), QStringLiteral("%1 %").arg(100 * run.theoretical_bubble(), 0, 'f', 1)},
  };
  p.setFont(body);
  const QFontMetricsF fm(body);
  for (const auto& [k, v] : settings) {
    p.drawText(QRectF(0, y, page.width() * 0.35, fm.height() + 4), Qt::AlignLeft | Qt::AlignVCenter, k);
    p.drawText(QRectF(page.width() * 0.35, y, page.width() * 0.65, fm.height() + 4), Qt::AlignLeft | Qt::AlignVCenter, v);
    y += fm.height() + 6;
  }
  if (options.outlook) write_outlook(p, pdf, *options.outlook, body, small, sub);
  return p.end();
}

}  // namespace app
}  // namespace ffw
