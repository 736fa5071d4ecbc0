#pragma once
// One error type for the core floor. Every message is one sentence that names what is wrong and
// where (file, JSON path, layer) and, where it helps, what to do next.
#include <stdexcept>
#include <string>

namespace ffw {

enum class ErrorKind {
  Usage,       // bad command-line use
  Experiment,  // the experiment document is invalid
  Data,        // a dataset file is missing, truncated or malformed
  Io,          // a file or directory could not be read or written
  Model,       // a model or checkpoint file is corrupt or does not fit
  Training,    // training diverged or produced NaN
  Environment, // this machine cannot do what was asked (e.g. build the network lab)
  Stopped,     // the user asked to stop
};

class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

private:
  ErrorKind kind_;
};

}  // namespace ffw
