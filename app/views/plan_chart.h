#pragma once
// The planner's speed-up chart: predicted speed-up against Sequential FF on one node, per variant,
// as lines over the node counts (log 2 axis), with the measured runs of the same training as
// points in the variant's colour on the same axes, and linear scaling as a dashed reference.
#include <QChart>
#include <vector>

#include "app/models/plan_table_model.h"

namespace ffw::app {

QColor variant_color(ffw::Variant v);
void fill_plan_chart(QChart* chart, const Plan& plan, const std::vector<MeasuredPoint>& measured);

}  // namespace ffw::app
