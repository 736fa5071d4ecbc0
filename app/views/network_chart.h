#pragma once
// The meeting's one picture for the cluster question: time to a target accuracy against link
// bandwidth (log x), one line per variant from `ffw bench network`'s JSON lines, Sequential FF on
// one host as a flat reference, and the crossover bandwidths marked.
#include <QSize>
#include <QString>

#include "app/views/export.h"

namespace ffw::app {

// Reads `ffw bench network` output (JSON lines; other lines are ignored) and writes the chart.
// False with `error` set when the file cannot be read, holds no network lines, or cannot be written.
bool export_network_chart(const QString& bench_file, ExportFormat format, const QString& file, QString* error,
                          QSize size = QSize(1000, 600));

}  // namespace ffw::app
