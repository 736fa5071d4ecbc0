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




// Fonts of exported files: no ligatures, so "fi" in a PDF extracts and searches as "fi".
QFont export_font(const QString& family, int points, int weight) {
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

}  // namespace app
}  // namespace ffw
