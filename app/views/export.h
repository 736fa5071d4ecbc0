#pragma once
// Charts and reports to files, the same from the workbench and headless from `ffw export` and
// `ffw report` (engineering-notes.md A: scriptable vector export is what users of ML dashboards
// miss most). PNG at 2x device-pixel ratio, SVG with its viewBox set, PDF as vectors, CSV from the
// store's full-resolution data (never from the decimated view).
#include <QPainter>
#include <QSize>
#include <QString>
#include <functional>
#include <optional>

#include "app/models/kpi.h"
#include "app/models/plan_table_model.h"
#include "app/views/run_chart.h"

namespace ffw::app {

enum class ExportFormat { Png, Svg, Pdf, Csv };
std::optional<ExportFormat> export_format_from_id(const QString& id);

// PNG (2x), SVG or PDF of whatever `paint` draws into the page's rectangle; false with `error` set.
bool paint_to_file(ExportFormat format, const QString& file, QSize size, const QString& title, const QString& description,
                   QString* error, const std::function<void(QPainter&, const QRectF&)>& paint);

// Throws nothing; returns false with `error` set.
bool export_chart(const RunStore& run, ChartKind kind, ExportFormat format, const QString& file, QString* error,
                  QSize size = QSize(1000, 600), const ChartOptions& options = {});

struct ReportOptions {
  CostSettings cost;
  QString language = QStringLiteral("en");  // en or ja: the caller installs the translator
  std::optional<ScalingOutlook> outlook;     // the planner's predictions at the picked node counts
};

// The meeting report: an A4 PDF. Page 1: the KPI table (this run, and the baseline when given),
// the speed-up and accuracy charts. Page 2: the utilisation timeline and the experiment settings.
// Page 3, with an outlook: the scaling outlook, marked as predictions, with the prediction's error
// on this run.
bool write_report(const RunStore& run, const RunStore* baseline, const ReportOptions& options, const QString& file,
                  QString* error);

// The font that draws the report's language (Japanese needs one with its glyphs: IPAGothic).
QString report_font_family(const QString& language);

}  // namespace ffw::app
