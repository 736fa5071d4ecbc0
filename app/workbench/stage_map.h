#pragma once
// Which node trains which stage, drawn as one box per node holding its stages. For the pipeline
// variants (Single-Layer PFF, GPipe) a stage is dragged onto another node to move it there; the
// map is the experiment's cluster.stage_nodes. Variants that place layers by their own rule (the
// ring, federated and data-parallel ones) show their placement, read-only.
#include <QStringList>
#include <QWidget>
#include <vector>

namespace ffw::app {

class StageMap : public QWidget {
  Q_OBJECT
public:
  explicit StageMap(QWidget* parent = nullptr);
  // A pipeline's stages (their names and the node of each) over `nodes` nodes, draggable.
  void set_pipeline(const QStringList& stages, const std::vector<int>& node_of, int nodes);
  // Any other variant: one line per node saying what it does, nothing to drag.
  void set_fixed(const QStringList& per_node);
  bool editable() const { return !stages_.isEmpty(); }

  // The map after dropping `stage` on `node`: the stage moves, and the stages before it that sat on
  // later nodes (after it, on earlier nodes) move with it, so the stages stay in node order.
  static std::vector<int> moved(std::vector<int> map, int stage, int node);

  QRect node_rect(int node) const;
  QRect stage_rect(int stage) const;
  static constexpr const char* kMime = "application/x-ffw-stage";

signals:
  void stage_moved(std::vector<int> map);

protected:
  void paintEvent(QPaintEvent*) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dragMoveEvent(QDragMoveEvent* e) override;
  void dragLeaveEvent(QDragLeaveEvent* e) override;
  void dropEvent(QDropEvent* e) override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

private:
  int columns() const;
  int node_at(QPoint p) const;
  int stage_at(QPoint p) const;
  int node_count() const { return stages_.isEmpty() ? static_cast<int>(fixed_.size()) : nodes_; }

  QStringList stages_, fixed_;
  std::vector<int> node_of_;
  int nodes_ = 0;
  int pressed_ = -1, hover_node_ = -1;
  QPoint press_at_;
};

}  // namespace ffw::app
