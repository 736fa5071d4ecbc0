#pragma once
// Charts to files (the meeting report is app/views/meeting_report.h), the same from the workbench and headless from `ffw export` and
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

// Fonts of exported files: no ligatures, so "fi" in a PDF extracts and searches as "fi".
QFont export_font(const QString& family, int points, int weight = QFont::Normal);
// Renders a chart (or the timeline) into any paint device at `target`.
void render_chart(QPainter& p, const RunStore& run, ChartKind kind, const QRectF& target, const ChartOptions& options,
                  const QFont& font);

// The font that draws the report's language (Japanese needs one with its glyphs: IPAGothic).
QString report_font_family(const QString& language);

}  // namespace ffw::app
