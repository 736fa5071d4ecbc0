#pragma once
// The meeting report of a sweep (`ffw sweep`, Run > Queue / Sweep): an A4 PDF in the report's
// language. Page 1: what was compared and the answer in plain words, each group of seeds as its
// median with the least and greatest seed, against Sequential FF on one node where the sweep ran
// it; the key figures (medians, ranges); accuracy against time with a band per group. Page 2: every
// run of the sweep, so each figure can be traced to its run directory.
#include <QString>
#include <QStringList>

#include "app/views/meeting_report.h"

namespace ffw::app {

struct SweepRuns {
  QString name;
  QStringList finished;  // run directories
  int items = 0;         // every combination of the sweep
};
// A sweep's state file (RUNS/NAME.sweep-state.json): its name and finished runs. False with `error`
// saying what is wrong with the file.
bool read_sweep_runs(const QString& state_file, SweepRuns* out, QString* error);

// Throws nothing; false with `error` set (no finished run, a file that cannot be written).
bool write_sweep_report(const SweepRuns& sweep, const ReportOptions& options, const QString& file, QString* error);

}  // namespace ffw::app
