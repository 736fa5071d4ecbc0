#pragma once
// Runs grouped by seed, drawn as the Compare page and the sweep report show them: test accuracy
// against wall time, one line per group (a run, or the median of runs that differ only in their
// seed, with a band from the least to the greatest seed behind it), labelled by what differs.
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

class QChart;

namespace ffw::app {

class RunStore;

// A short label per seed group (keys from seed_group_key): the settings whose values differ
// between the groups ("All-Layers PFF · N=2 · chapters 4"), at most four; the variant and node
// count where nothing differs.
QStringList seed_group_labels(const std::vector<std::string>& keys);

// Replaces `chart`'s series and axes. `keys[i]` is the seed group of `runs[i]`; `empty_text` is
// the title when there is nothing to draw (0-1 s and 0-100 % axes then).
void draw_seed_groups(QChart* chart, const std::vector<const RunStore*>& runs, const std::vector<std::string>& keys,
                      const QString& empty_text = {});

}  // namespace ffw::app
