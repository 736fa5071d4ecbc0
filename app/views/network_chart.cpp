#include "app/views/network_chart.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QFile>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace ffw::app {
using nlohmann::json;

namespace {

// The chart's strings, in the context "NetworkChart" of the translations.
struct NetworkChart {
  Q_DECLARE_TR_FUNCTIONS(NetworkChart)
};

QString variant_title(const std::string& v) {
  if (v == "all-layers") return NetworkChart::tr("All-Layers PFF");
  if (v == "gpipe-bp") return NetworkChart::tr("GPipe BP");
  if (v == "data-parallel-bp") return NetworkChart::tr("Data-parallel BP");
  if (v == "sequential") return NetworkChart::tr("Sequential FF, one host");
  return QString::fromStdString(v);
}

}  // namespace

bool export_network_chart(const QString& bench_file, ExportFormat format, const QString& file, QString* error,
                          QSize size) {
  QFile in(bench_file);
  if (!in.open(QIODevice::ReadOnly)) {
    if (error) *error = NetworkChart::tr("%1 cannot be read").arg(bench_file);
    return false;
  }
  std::map<std::string, std::vector<std::pair<double, double>>> lines;  // variant -> (Mbit/s, seconds)
  std::vector<json> crossovers;
  double sequential = -1, target = 0.8;
  while (!in.atEnd()) {
    const QByteArray raw = in.readLine().trimmed();
    if (!raw.startsWith('{')) continue;
    const json j = json::parse(raw.toStdString(), nullptr, false);
    if (!j.is_object() || j.value("bench", "") != "network") continue;
    if (j.contains("crossover")) {
      crossovers.push_back(j);
      continue;
    }
    target = j.value("target_accuracy", target);
    const json& t = j["time_to_target_seconds"];
    if (!t.is_number()) continue;
    if (j.value("variant", "") == "sequential") sequential = t.get<double>();
    else if (j.contains("bandwidth_mbit")) lines[j["variant"].get<std::string>()].push_back({j["bandwidth_mbit"].get<double>(), t.get<double>()});
  }
  if (lines.empty()) {
    if (error) *error = NetworkChart::tr("%1 holds no lines of `ffw bench network`").arg(bench_file);
    return false;
  }
  double lo_b = 1e12, hi_b = 0, lo_t = 1e12, hi_t = 0;
  for (const auto& [v, points] : lines)
    for (const auto& [b, t] : points) {
      lo_b = std::min(lo_b, b), hi_b = std::max(hi_b, b), lo_t = std::min(lo_t, t), hi_t = std::max(hi_t, t);
    }
  if (sequential > 0) lo_t = std::min(lo_t, sequential), hi_t = std::max(hi_t, sequential);

  const QString title = NetworkChart::tr("Time to %1 % test accuracy against link bandwidth").arg(100 * target, 0, 'f', 0);
  const QLocale locale;
  auto paint = [&](QPainter& p, const QRectF& target_rect) {
    QChartView view;
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.setRenderHint(QPainter::Antialiasing);
    view.setFrameShape(QFrame::NoFrame);
    auto* chart = new QChart;
    view.setChart(chart);
    const QFont font(report_font_family(QLocale().language() == QLocale::Japanese ? QStringLiteral("ja") : QStringLiteral("en")), 9);
    chart->setFont(font);
    chart->setTitleFont(QFont(font.family(), 10, QFont::Bold));
    chart->setTitle(title);
    chart->legend()->setFont(font);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* x = new QLogValueAxis;
    x->setBase(10);
    x->setTitleText(NetworkChart::tr("Link bandwidth (Mbit/s, log scale)"));
    x->setLabelFormat(QStringLiteral("%g"));
    x->setRange(lo_b / 1.5, hi_b * 1.5);
    x->setMinorTickCount(8);
    x->setMinorGridLineColor(QColor(0xee, 0xee, 0xee));
    auto* y = new QLogValueAxis;
    y->setBase(10);
    y->setTitleText(NetworkChart::tr("Time to target (s, log scale; lower is better)"));
    y->setLabelFormat(QStringLiteral("%g"));
    y->setRange(lo_t / 1.5, hi_t * 1.5);
    y->setMinorTickCount(0);
    for (QAbstractAxis* a : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)}) {
      a->setLabelsFont(font);
      a->setTitleFont(font);
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    const std::map<std::string, QColor> colours = {{"all-layers", QColor(0x1f, 0x77, 0xb4)},
                                                   {"gpipe-bp", QColor(0xd6, 0x27, 0x28)},
                                                   {"data-parallel-bp", QColor(0xff, 0x7f, 0x0e)}};
    for (auto& [v, points] : lines) {
      std::sort(points.begin(), points.end());
      auto* s = new QLineSeries;
      auto* dots = new QScatterSeries;
      s->setName(variant_title(v));
      const QColor c = colours.count(v) ? colours.at(v) : QColor(Qt::darkGreen);
      QPen pen(c);
      pen.setWidthF(2.5);
      s->setPen(pen);
      dots->setColor(c);
      dots->setBorderColor(c);
      dots->setMarkerSize(7);
      for (const auto& [b, t] : points) {
        s->append(b, t);
        dots->append(b, t);
      }
      chart->addSeries(s);
      chart->addSeries(dots);
      for (auto* series : {static_cast<QXYSeries*>(s), static_cast<QXYSeries*>(dots)}) {
        series->attachAxis(x);
        series->attachAxis(y);
      }
      chart->legend()->markers(dots).front()->setVisible(false);
    }
    if (sequential > 0) {
      auto* s = new QLineSeries;
      s->setName(NetworkChart::tr("Sequential FF, one host (%1 s)").arg(locale.toString(sequential, 'f', 1)));
      QPen pen(Qt::gray);
      pen.setStyle(Qt::DashLine);
      pen.setWidthF(1.5);
      s->setPen(pen);
      s->append(lo_b / 1.5, sequential);
      s->append(hi_b * 1.5, sequential);
      chart->addSeries(s);
      s->attachAxis(x);
      s->attachAxis(y);
    }
    // The crossovers, as vertical marks with the baseline's name.
    for (const json& c : crossovers) {
      if (!c.contains("bandwidth_mbit") || !c["bandwidth_mbit"].is_number()) continue;
      const double b = c["bandwidth_mbit"].get<double>();
      auto* s = new QLineSeries;
      s->setName(NetworkChart::tr("crossover: %1 Mbit/s").arg(locale.toString(b, 'f', 0)));
      QPen pen(colours.count(c["crossover"].get<std::string>()) ? colours.at(c["crossover"].get<std::string>()) : QColor(Qt::black));
      pen.setStyle(Qt::DotLine);
      pen.setWidthF(1.5);
      s->setPen(pen);
      s->append(b, lo_t / 1.5);
      s->append(b, hi_t * 1.5);
      chart->addSeries(s);
      s->attachAxis(x);
      s->attachAxis(y);
    }
    view.resize(target_rect.size().toSize());
    view.show();
    QCoreApplication::processEvents();
    view.render(&p, target_rect, view.viewport()->rect());
  };
  if (format == ExportFormat::Csv) {
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
      if (error) *error = NetworkChart::tr("%1 cannot be written").arg(file);
      return false;
    }
    out.write("variant,bandwidth_mbit,time_to_target_s\n");
    for (const auto& [v, points] : lines)
      for (const auto& [b, t] : points) out.write(QStringLiteral("%1,%2,%3\n").arg(QString::fromStdString(v)).arg(b).arg(t).toUtf8());
    if (sequential > 0) out.write(QStringLiteral("sequential,,%1\n").arg(sequential).toUtf8());
    return out.error() == QFile::NoError;
  }
  return paint_to_file(format, file, size, title, QStringLiteral("FF Workbench: ffw bench network, %1").arg(bench_file), error,
                       paint);
}

}  // namespace ffw::app
