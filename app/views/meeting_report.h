#pragma once
// The meeting report: an A4 PDF for people who decide, in the report's language. Page 1: an
// executive summary in plain words (what was trained, on what, how long, how accurate, the bytes
// moved, cost and energy, and one comparison against a real baseline), the key figures, the
// speed-up (only against a real baseline) and the accuracy. Page 2: the utilisation timeline,
// where the time went per node, and the experiment's settings. Page 3, with an outlook: the
// planner's predictions, marked as such, with the prediction's error on this run.
#include <QPainter>
#include <QPdfWriter>
#include <QString>
#include <optional>

#include "app/models/kpi.h"
#include "app/models/plan_table_model.h"

namespace ffw::app {

class RunStore;

struct ReportOptions {
  CostSettings cost;
  QString language = QStringLiteral("en");  // en or ja: the caller installs the translator
  std::optional<ScalingOutlook> outlook;     // the planner's predictions at the picked node counts
  // Used only where no real baseline is given or found; the report labels it as predicted.
  std::optional<PredictedBaseline> predicted_baseline;
};

// A baseline for `run` in its runs folder (the run directory's parent): the newest finished
// Sequential FF run on one node with the same network, data, epochs, machine and threads per node;
// nullopt when there is none. Speed-up and efficiency are never computed against the run itself.
std::optional<QString> find_baseline_run(const RunStore& run);

// `baseline` nullptr: the one find_baseline_run finds, else options.predicted_baseline (labelled as
// a prediction), else none. Throws nothing; false with
// `error` set.
bool write_report(const RunStore& run, const RunStore* baseline, const ReportOptions& options, const QString& file,
                  QString* error);

// Shared with the sweep report (sweep_report.h):
// An A4 PDF as both reports set it up (15 mm margins, 96 dpi), the report language's fonts, and
// text that flows down the page from `y`.
struct ReportDocument {
  ReportDocument(const QString& file, const QString& title, const QString& language);
  QPdfWriter pdf;
  QPainter p;
  QFont body, small, heading, sub;
  QRectF page;
  double y = 0;
  bool begin() { return p.begin(&pdf); }
  void line(const QFont& f, const QString& text, double extra = 4);
  void paragraph(const QFont& f, const QString& text, double extra = 6);
};
// A duration as a report says it: 56 s, 1:47, 2:03:15.
QString duration_words(double seconds);
// The KPI table at `y`, `width` wide, headers on a tinted band, the baseline row bold; the y below it.
double paint_kpi_table(QPainter& p, const KpiTableModel& table, double y, double width, const QFont& font);

}  // namespace ffw::app
