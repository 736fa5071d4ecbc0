#include "app/views/chart_panel.h"

#include <QChartView>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QSlider>
#include <QToolButton>
#include <QValueAxis>
#include <functional>
#include <QVBoxLayout>

namespace ffw {
namespace app {

namespace {
// A chart view that tells when the user zoomed (rubber band), so live updates keep that window
// (and fill it with detail) instead of resetting it.
class ZoomView : public QChartView {
public:
  ZoomView(QChart* c, std::function<void()> zoomed) : QChartView(c), zoomed_(std::move(zoomed)) {
    setRubberBand(QChartView::RectangleRubberBand);
  }

protected:
  void mouseReleaseEvent(QMouseEvent* e) override {
    QChartView::mouseReleaseEvent(e);
    zoomed_();
  }

private:
  std::function<void()> zoomed_;
};
}  // namespace

ChartPanel::ChartPanel(ChartKind kind, const RunStore* run, QWidget* parent)
    : QWidget(parent), kind_(kind), run_(run), chart_(new RunChart(kind)) {
  view_ = new ZoomView(chart_->chart(), [this] {
    zoomed_ = true;
    refresh();
  });
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setMinimumSize(320, 220);
  smoothing_ = new QSlider(Qt::Horizontal);
  smoothing_->setRange(0, 99);
  smoothing_->setValue(60);
  smoothing_->setMinimumWidth(90);
  smoothing_->setMaximumWidth(140);
  smoothing_->setToolTip(tr("Smoothing: TensorBoard's debiased exponential moving average; the raw curve stays faint behind"));
  log_ = new QCheckBox(tr("Log scale"));
  auto* reset = new QToolButton;
  reset->setText(tr("Reset zoom"));
  auto* save = new QToolButton;
  save->setText(tr("Export…"));
  hover_ = new QLabel;
  hover_->setMinimumWidth(160);
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(0, 0, 0, 0);
  bar->addWidget(new QLabel(tr("Smoothing")));
  bar->addWidget(smoothing_);
  bar->addWidget(log_);
  bar->addWidget(reset);
  bar->addWidget(save);
  bar->addWidget(hover_, 1);
  const bool smoothable = kind == ChartKind::Goodness || kind == ChartKind::Loss;
  smoothing_->setEnabled(smoothable);
  log_->setEnabled(kind != ChartKind::Idle);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(view_, 1);
  layout->addLayout(bar);
  auto apply = [this] {
    const bool smoothable_kind = kind_ == ChartKind::Goodness || kind_ == ChartKind::Loss;
    chart_->set_options({smoothable_kind ? smoothing_->value() / 100.0 : 0.0, log_->isChecked()});
    zoomed_ = false;
    refresh();
  };
  connect(smoothing_, &QSlider::valueChanged, this, apply);
  connect(log_, &QCheckBox::toggled, this, apply);
  connect(reset, &QToolButton::clicked, this, [this] {
    zoomed_ = false;
    view_->chart()->zoomReset();
    refresh();
  });
  connect(save, &QToolButton::clicked, this, [this] { emit export_requested(kind_); });
  apply();
}

int ChartPanel::point_count() const {
  int n = 0;
  for (QAbstractSeries* s : view_->chart()->series())
    if (auto* line = qobject_cast<QLineSeries*>(s)) n += static_cast<int>(line->count());
  return n;
}

void ChartPanel::hook_hover() {
  for (QAbstractSeries* s : view_->chart()->series()) {
    auto* line = qobject_cast<QLineSeries*>(s);
    if (!line || line->property("ffw_hover").toBool()) continue;
    line->setProperty("ffw_hover", true);
    connect(line, &QLineSeries::hovered, this, [this, line](const QPointF& p, bool state) {
      hover_->setText(state ? QStringLiteral("%1: %2 s, %3").arg(line->name()).arg(p.x(), 0, 'f', 1).arg(p.y(), 0, 'g', 4)
                            : QString());
    });
  }
}

std::optional<std::pair<double, double>> ChartPanel::zoom_window() const {
  if (!zoomed_) return std::nullopt;
  const auto axes = view_->chart()->axes(Qt::Horizontal);
  const auto* x = axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.front());
  if (!x) return std::nullopt;
  return std::pair{x->min(), x->max()};
}

void ChartPanel::refresh() {
  if (!run_) return;
  chart_->update(*run_, view_->width(), zoom_window());
  hook_hover();
}

}  // namespace app
}  // namespace ffw
