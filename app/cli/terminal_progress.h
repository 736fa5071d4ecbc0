#pragma once
// Progress of a run on the terminal: a progress bar on a TTY, plain lines otherwise; one line
// per chapter with loss and goodness per layer, accuracy, elapsed time and ETA.
#include <chrono>
#include <cstdio>

#include "core/trainer.h"

namespace ffw::cli {

class TerminalProgress final : public ProgressListener {
public:
  explicit TerminalProgress(std::FILE* out);
  void on_progress(double fraction, double elapsed_seconds) override;
  void on_chapter(const ChapterReport& report) override;
  void finish_line();

private:
  std::FILE* out_;
  bool tty_;
  bool bar_shown_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

std::string format_duration(double seconds);

}  // namespace ffw::cli
