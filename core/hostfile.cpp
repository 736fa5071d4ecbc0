#include "core/hostfile.h"

#include <fstream>
#include <sstream>

#include "core/error.h"

namespace ffw {

namespace {

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
         c == ':';  // IPv6
}

// A whole number from 1 to 4096, or -1.
int count_of(const std::string& v) {
  if (v.empty() || v.size() > 4) return -1;
  for (char c : v)
    if (c < '0' || c > '9') return -1;
  const int n = std::stoi(v);
  return n >= 1 && n <= 4096 ? n : -1;
}

}  // namespace

std::vector<HostfileEntry> parse_hostfile(const std::string& text, const std::string& where) {
  std::vector<HostfileEntry> out;
  std::istringstream in(text);
  std::string raw;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    const std::string at = where + ":" + std::to_string(number) + ": ";
    std::string line = raw.substr(0, raw.find('#'));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream words(line);
    std::string host;
    if (!(words >> host)) continue;  // blank or a comment
    if (host.front() == '-')
      throw Error(ErrorKind::Experiment, at + "\"" + host + "\" looks like an option, not a host name");
    for (char c : host)
      if (!host_char(c))
        throw Error(ErrorKind::Experiment, at + "\"" + host + "\" is not a host name (letters, digits, '.', '-', '_', ':' only)");
    HostfileEntry entry{host, 1, number};
    for (std::string word; words >> word;) {
      const auto eq = word.find('=');
      const std::string key = word.substr(0, eq), value = eq == std::string::npos ? "" : word.substr(eq + 1);
      if (key != "slots" && key != "max_slots" && key != "max-slots")
        throw Error(ErrorKind::Experiment, at + "\"" + word + "\": a host line takes slots=N and max_slots=N only");
      const int n = count_of(value);
      if (n < 0) throw Error(ErrorKind::Experiment, at + "\"" + word + "\": " + key + " must be a whole number from 1 to 4096");
      if (key == "slots") entry.slot_count = n;
    }
    out.push_back(entry);
  }
  if (out.empty()) throw Error(ErrorKind::Experiment, where + ": names no host");
  return out;
}

std::vector<HostfileEntry> read_hostfile(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw Error(ErrorKind::Io, file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_hostfile(text.str(), file.string());
}

}  // namespace ffw
