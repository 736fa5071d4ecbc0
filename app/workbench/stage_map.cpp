#include "app/workbench/stage_map.h"

#include <QApplication>
#include <QDrag>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

#include "app/views/run_chart.h"

namespace ffw {
namespace app {

namespace {
constexpr int kMargin = 6, kGap = 8, kHeader = 22, kChip = 24, kChipGap = 4, kMinColumn = 120, kMaxColumns = 6;
}  // namespace

StageMap::StageMap(QWidget* parent) : QWidget(parent) {
  setAcceptDrops(true);
  setMouseTracking(true);
}

void StageMap::set_pipeline(const QStringList& stages, const std::vector<int>& node_of, int nodes) {
  stages_ = stages;
  node_of_ = node_of;
  nodes_ = nodes;
  fixed_.clear();
  setToolTip(tr("Drag a layer onto a node to train it there"));
  updateGeometry();
  update();
}

void StageMap::set_fixed(const QStringList& per_node) {
  stages_.clear();
  node_of_.clear();
  fixed_ = per_node;
  nodes_ = static_cast<int>(per_node.size());
  setToolTip(tr("This variant places the layers by its own rule"));
  updateGeometry();
  update();
}

std::vector<int> StageMap::moved(std::vector<int> map, int stage, int node) {
  if (stage < 0 || static_cast<std::size_t>(stage) >= map.size()) return map;
  for (int i = 0; i < static_cast<int>(map.size()); ++i) {
    int& n = map[static_cast<std::size_t>(i)];
    if (i < stage) n = std::min(n, node);
    else if (i > stage) n = std::max(n, node);
    else n = node;
  }
  return map;
}

int StageMap::columns() const {
  const int n = std::max(1, node_count());
  return std::clamp((width() - 2 * kMargin) / kMinColumn, 1, std::min(n, kMaxColumns));
}

QRect StageMap::node_rect(int node) const {
  const int cols = columns();
  int most = 1;  // the box fits the node that holds the most stages
  for (int n = 0; n < nodes_; ++n)
    most = std::max(most, static_cast<int>(std::count(node_of_.begin(), node_of_.end(), n)));
  const int h = stages_.isEmpty() ? 64 : kHeader + most * (kChip + kChipGap) + kChipGap;
  const int w = (width() - 2 * kMargin - (cols - 1) * kGap) / cols;
  return {kMargin + (node % cols) * (w + kGap), kMargin + (node / cols) * (h + kGap), w, h};
}

QRect StageMap::stage_rect(int stage) const {
  if (stage < 0 || stage >= stages_.size()) return {};
  const int node = node_of_[static_cast<std::size_t>(stage)];
  const int before = static_cast<int>(std::count(node_of_.begin(), node_of_.begin() + stage, node));
  const QRect box = node_rect(node);
  return {box.left() + 6, box.top() + kHeader + before * (kChip + kChipGap), box.width() - 12, kChip};
}

int StageMap::node_at(QPoint p) const {
  for (int n = 0; n < node_count(); ++n)
    if (node_rect(n).contains(p)) return n;
  return -1;
}

int StageMap::stage_at(QPoint p) const {
  for (int s = 0; s < stages_.size(); ++s)
    if (stage_rect(s).contains(p)) return s;
  return -1;
}

QSize StageMap::sizeHint() const {
  const int n = std::max(1, node_count()), cols = std::min(n, kMaxColumns), rows = (n + cols - 1) / cols;
  int most = 1;
  for (int k = 0; k < nodes_; ++k) most = std::max(most, static_cast<int>(std::count(node_of_.begin(), node_of_.end(), k)));
  const int h = stages_.isEmpty() ? 64 : kHeader + most * (kChip + kChipGap) + kChipGap;
  return {2 * kMargin + cols * kMinColumn + (cols - 1) * kGap, 2 * kMargin + rows * h + (rows - 1) * kGap};
}

QSize StageMap::minimumSizeHint() const { return {kMinColumn + 2 * kMargin, sizeHint().height()}; }

void StageMap::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QPalette& pal = palette();
  for (int n = 0; n < node_count(); ++n) {
    const QRect box = node_rect(n);
    const bool target = n == hover_node_;
    p.setPen(QPen(target ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid), target ? 2.0 : 1.0));
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    p.setPen(pal.color(QPalette::Text));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(box.adjusted(8, 2, -8, 0).topLeft() + QPoint(0, kHeader - 7), tr("node %1").arg(n));
    p.setFont(font());
    if (stages_.isEmpty() && n < fixed_.size())
      p.drawText(box.adjusted(8, kHeader, -8, -4), Qt::TextWordWrap | Qt::AlignTop | Qt::AlignLeft, fixed_[n]);
  }
  for (int s = 0; s < stages_.size(); ++s) {
    const QRect chip = stage_rect(s);
    const QColor c = layer_color(s);
    p.setPen(QPen(c.darker(120), 1.0));
    p.setBrush(c.lighter(175));
    p.drawRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    p.setPen(Qt::black);  // on a light chip whatever the theme
    p.drawText(chip.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft,
               p.fontMetrics().elidedText(QStringLiteral("⠿ ") + stages_[s], Qt::ElideRight, chip.width() - 12));
  }
}

void StageMap::mousePressEvent(QMouseEvent* e) {
  pressed_ = e->button() == Qt::LeftButton ? stage_at(e->position().toPoint()) : -1;
  press_at_ = e->position().toPoint();
}

void StageMap::mouseMoveEvent(QMouseEvent* e) {
  const QPoint at = e->position().toPoint();
  setCursor(stage_at(at) >= 0 ? Qt::OpenHandCursor : Qt::ArrowCursor);
  if (pressed_ < 0 || !(e->buttons() & Qt::LeftButton) ||
      (at - press_at_).manhattanLength() < QApplication::startDragDistance())
    return;
  auto* mime = new QMimeData;
  mime->setData(kMime, QByteArray::number(pressed_));
  mime->setText(stages_[pressed_]);
  auto* drag = new QDrag(this);
  drag->setMimeData(mime);
  const QRect chip = stage_rect(pressed_);
  drag->setPixmap(grab(chip));
  drag->setHotSpot(press_at_ - chip.topLeft());
  pressed_ = -1;
  drag->exec(Qt::MoveAction);
}

void StageMap::dragEnterEvent(QDragEnterEvent* e) {
  if (editable() && e->mimeData()->hasFormat(kMime)) e->acceptProposedAction();
}

void StageMap::dragMoveEvent(QDragMoveEvent* e) {
  const int node = node_at(e->position().toPoint());
  if (node != hover_node_) {
    hover_node_ = node;
    update();
  }
  if (node >= 0) e->acceptProposedAction();
  else e->ignore();
}

void StageMap::dragLeaveEvent(QDragLeaveEvent*) {
  hover_node_ = -1;
  update();
}

void StageMap::dropEvent(QDropEvent* e) {
  hover_node_ = -1;
  update();
  bool ok = false;
  const int stage = e->mimeData()->data(kMime).toInt(&ok);
  const int node = node_at(e->position().toPoint());
  if (!ok || node < 0 || stage < 0 || stage >= stages_.size()) return;
  e->acceptProposedAction();
  const auto map = moved(node_of_, stage, node);
  if (map != node_of_) emit stage_moved(map);
}

}  // namespace app
}  // namespace ffw
