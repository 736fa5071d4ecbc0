#include "app/cli/terminal_progress.h"

#include <unistd.h>

#include <cmath>
#include <string>

namespace ffw::cli {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const auto s = static_cast<long>(std::lround(seconds));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

TerminalProgress::TerminalProgress(std::FILE* out) : out_(out), tty_(isatty(fileno(out)) != 0) {}

void TerminalProgress::on_progress(double fraction, double elapsed_seconds) {
  if (!tty_) return;
  const auto now = std::chrono::steady_clock::now();
  if (bar_shown_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  constexpr int width = 30;
  const int filled = static_cast<int>(fraction * width);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(width, '.');
  const double eta = fraction > 0 ? elapsed_seconds * (1 - fraction) / fraction : -1;
  std::fprintf(out_, "\r[%s] %5.1f%%  elapsed %s  ETA %s ", bar.c_str(), 100 * fraction,
               format_duration(elapsed_seconds).c_str(), format_duration(eta).c_str());
  std::fflush(out_);
  bar_shown_ = true;
}

void TerminalProgress::finish_line() {
  if (bar_shown_) std::fprintf(out_, "\r\033[K");
  bar_shown_ = false;
}

void TerminalProgress::on_chapter(const ChapterReport& r) {
  finish_line();
  std::string line = "chapter " + std::to_string(r.chapters_done) + "/" + std::to_string(r.chapters);
  char buf[128];
  for (std::size_t l = 0; l < r.layers.size(); ++l) {
    const auto& s = r.layers[l];
    if (s.goodness_pos != 0 || s.goodness_neg != 0)
      std::snprintf(buf, sizeof buf, " | L%zu loss %.3f g+ %.4g g- %.4g", l + 1, s.loss, s.goodness_pos, s.goodness_neg);
    else
      std::snprintf(buf, sizeof buf, " | L%zu loss %.3f", l + 1, s.loss);
    line += buf;
  }
  if (r.head_loss >= 0) {
    std::snprintf(buf, sizeof buf, " | head %.3f", r.head_loss);
    line += buf;
  }
  if (r.test_accuracy >= 0) {
    std::snprintf(buf, sizeof buf, " | test %.2f%%", 100 * r.test_accuracy);
    line += buf;
  }
  if (r.validation_accuracy >= 0) {
    std::snprintf(buf, sizeof buf, " val %.2f%%", 100 * r.validation_accuracy);
    line += buf;
  }
  line += " | " + format_duration(r.elapsed_seconds) + " elapsed, ETA " + format_duration(r.eta_seconds);
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

}  // namespace ffw::cli
