#pragma once
// The designed network, drawn: input, each FF layer with its width and parameter count, the
// classifier, and what a chapter puts on the wire for the chosen variant and node count.
#include <QWidget>
#include <nlohmann/json.hpp>

namespace ffw::app {

struct NetworkFigures {
  long long parameters = 0;
  long long bytes_per_chapter = 0;  // parameters exchanged between nodes per chapter (analytic)
  QString exchange;                 // what moves: "weights", "activations and gradients", ...
};
NetworkFigures network_figures(const nlohmann::json& experiment, int input_dim, int classes);

class NetworkDiagram : public QWidget {
  Q_OBJECT
public:
  explicit NetworkDiagram(QWidget* parent = nullptr);
  void set_experiment(const nlohmann::json& experiment);
  QSize sizeHint() const override { return {700, 190}; }
  QSize minimumSizeHint() const override { return {400, 160}; }

protected:
  void paintEvent(QPaintEvent*) override;

private:
  nlohmann::json experiment_;
};

}  // namespace ffw::app
