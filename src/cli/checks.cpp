#include "cli/checks.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>
#include <utility>

namespace cofetch::cli {

CLI::Validator described(CLI::Validator validator) {
  return validator.description("");
}

CLI::Validator parsed_by(std::string_view option, std::function<void(const std::string&)> parse) {
  return CLI::Validator(
      [option = std::string(option), parse = std::move(parse)](std::string& value) -> std::string {
        try {
          parse(value);
          return {};
        } catch (const std::invalid_argument& error) {
          std::string message = error.what();
          if (message.starts_with(option + " ")) message.erase(0, option.size() + 1);
          return message;
        }
      },
      "");
}

CLI::Validator readable_file() {
  return CLI::Validator(
      [](std::string& path) -> std::string {
        return ::access(path.c_str(), R_OK) == 0 ? std::string() : "cannot read " + path;
      },
      "");
}

CLI::Validator readable_directory() {
  return CLI::Validator(
      [](std::string& path) -> std::string {
        struct stat status {};
        if (::stat(path.c_str(), &status) != 0 || !S_ISDIR(status.st_mode))
          return path + " is not a directory";
        return ::access(path.c_str(), R_OK | X_OK) == 0 ? std::string() : "cannot read " + path;
      },
      "");
}

}  // namespace cofetch::cli
