#include "app/workbench/network_diagram.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include "app/views/run_chart.h"

namespace ffw {
namespace app {

using nlohmann::json;

NetworkFigures network_figures(const json& e, int input_dim, int classes) {
  NetworkFigures f;
  std::vector<long long> stage;  // parameters per stage
  long long fan_in = input_dim, head_inputs = 0;
  const json layers = e.value("/network/layers"_json_pointer, json::array());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const long long w = layers[i].is_object() ? layers[i].value("width", 0) : 0;
    stage.push_back(fan_in * w + w);
    if (i > 0 || layers.size() == 1) head_inputs += w;
    fan_in = w;
  }
  const std::string variant = e.value("/algorithm/variant"_json_pointer, std::string("sequential"));
  const std::string classifier = e.value("/algorithm/classifier"_json_pointer, std::string("softmax"));
  const bool backprop = variant == "bp" || variant == "gpipe-bp" || variant == "data-parallel-bp";
  if (backprop) {
    stage.push_back(fan_in * classes + classes);
  } else if (classifier == "softmax") {
    stage.push_back(head_inputs * classes + classes);
  }
  for (long long s : stage) f.parameters += s;
  const int nodes = e.value("/cluster/nodes"_json_pointer, 1);
  if (nodes <= 1) return f;
  if (variant == "single-layer") {
    for (std::size_t s = 0; s < stage.size(); ++s) {
      const int owner = std::min<int>(static_cast<int>(s), nodes - 1);
      f.bytes_per_chapter += stage[s] * 4 * (nodes - 1 - owner);
    }
    f.exchange = QObject::tr("weights, each stage to the later nodes");
  } else if (variant == "all-layers" || variant == "federated") {
    f.bytes_per_chapter = f.parameters * 4;
    f.exchange = QObject::tr("weights, once round the ring");
  } else if (variant == "data-parallel-bp") {
    const long long batch = e.value("/training/batch_size"_json_pointer, 100);
    const long long train = 60000;
    f.bytes_per_chapter = 2LL * (nodes - 1) * f.parameters * 4 * (train / std::max(1LL, batch)) *
                          e.value("/training/epochs"_json_pointer, 10) / std::max(1, e.value("/training/chapters"_json_pointer, 10));
    f.exchange = QObject::tr("gradients every batch (60,000 samples)");
  } else if (variant == "gpipe-bp") {
    f.exchange = QObject::tr("activations and gradients at every stage boundary");
  }
  return f;
}

NetworkDiagram::NetworkDiagram(QWidget* parent) : QWidget(parent) { setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred); }

void NetworkDiagram::set_experiment(const json& experiment) {
  experiment_ = experiment;
  update();
}

void NetworkDiagram::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(rect(), palette().base());
  const json layers = experiment_.value("/network/layers"_json_pointer, json::array());
  const std::string variant = experiment_.value("/algorithm/variant"_json_pointer, std::string("sequential"));
  const bool backprop = variant == "bp" || variant == "gpipe-bp" || variant == "data-parallel-bp";
  const std::string classifier = experiment_.value("/algorithm/classifier"_json_pointer, std::string("softmax"));
  QStringList boxes{tr("Input\n784")};
  for (std::size_t i = 0; i < layers.size(); ++i)
    boxes << tr("%1 %2\n%3").arg(backprop ? tr("Dense") : tr("FF")).arg(i + 1).arg(layers[i].is_object() ? layers[i].value("width", 0) : 0);
  boxes << (backprop ? tr("Softmax\n10") : classifier == "softmax" ? tr("Softmax head\n10") : classifier == "goodness" ? tr("Goodness\nover labels") : tr("Local heads"));
  const int n = static_cast<int>(boxes.size());
  const QFontMetrics fm(font());
  const double gap = 26, top = 10, h = std::min(70.0, height() - 2.0 * fm.height() - 30);
  const double w = std::max(40.0, (width() - 20 - gap * (n - 1)) / n);
  for (int i = 0; i < n; ++i) {
    const QRectF r(10 + i * (w + gap), top, w, h);
    const bool layer = i > 0 && i < n - 1;
    p.setPen(QPen(QColor(90, 90, 90), 1.2));
    p.setBrush(layer ? layer_color(i - 1).lighter(170) : QColor(235, 235, 235));
    p.drawRoundedRect(r, 6, 6);
    p.setPen(Qt::black);
    p.drawText(r, Qt::AlignCenter, boxes[i]);
    if (i + 1 < n) {
      const QPointF a(r.right() + 3, r.center().y()), b(r.right() + gap - 3, r.center().y());
      p.drawLine(a, b);
      QPainterPath head;
      head.moveTo(b);
      head.lineTo(b + QPointF(-7, -4));
      head.lineTo(b + QPointF(-7, 4));
      head.closeSubpath();
      p.fillPath(head, Qt::black);
    }
  }
  const NetworkFigures f = network_figures(experiment_, 784, 10);
  const QLocale l;
  QString text = tr("%1 parameters (%2 MB as float32)").arg(l.toString(f.parameters)).arg(l.toString(f.parameters * 4 / 1e6, 'f', 1));
  if (!f.exchange.isEmpty())
    text += f.bytes_per_chapter > 0 ? tr(" · per chapter on the wire: %1 MB of %2").arg(l.toString(f.bytes_per_chapter / 1e6, 'f', 1), f.exchange)
                                    : tr(" · on the wire: %1").arg(f.exchange);
  p.drawText(QRectF(10, top + h + 8, width() - 20, 2 * fm.height() + 4), Qt::AlignLeft | Qt::TextWordWrap, text);
}

}  // namespace app
}  // namespace ffw
