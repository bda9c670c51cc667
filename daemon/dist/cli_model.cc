#include "daemon/dist/cli_model.h"

#include <CLI/CLI.hpp>

#include "core/strings.h"

namespace deskops::daemon {
namespace {

// CLI11 describes an option's value as "TYPE[:VALIDATOR]...", e.g. "TEXT:{text,json}" for
// IsMember and "TEXT:FILE" for ExistingFile: the type, then what its validators say.
void ReadTypeName(const std::string& type_name, std::string& value,
                  std::vector<std::string>& choices, bool& file) {
  std::vector<std::string> parts = core::Split(type_name, ':');
  value = parts.empty() ? "" : parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      choices = core::Split(std::string_view(part).substr(1, part.size() - 2), ',');
    } else if (part == "FILE") {
      file = true;
    }
  }
}

CliOption DescribeOption(const CLI::Option& opt) {
  CliOption o;
  for (const auto& s : opt.get_snames()) o.names.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) o.names.push_back("--" + l);
  o.description = opt.get_description();
  o.default_value = opt.get_default_str();
  if (opt.get_type_size() != 0) ReadTypeName(opt.get_type_name(), o.value, o.choices, o.file);
  return o;
}

CliPositional DescribePositional(const CLI::Option& opt) {
  CliPositional p;
  p.name = opt.get_name();
  p.description = opt.get_description();
  p.required = opt.get_required();
  p.repeated = opt.get_expected_max() > 1;
  std::string value;
  bool file = false;
  ReadTypeName(opt.get_type_name(), value, p.choices, file);
  return p;
}

CliCommand Describe(const CLI::App& app, std::vector<std::string> path) {
  CliCommand c;
  c.path = std::move(path);
  c.description = app.get_description();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    if (opt->get_positional()) {
      c.positionals.push_back(DescribePositional(*opt));
    } else {
      c.options.push_back(DescribeOption(*opt));
    }
  }
  for (const CLI::App* sub : app.get_subcommands(
           [](const CLI::App* s) { return !s->get_name().empty() && !s->get_group().empty(); })) {
    std::vector<std::string> sub_path = c.path;
    sub_path.push_back(sub->get_name());
    c.subcommands.push_back(Describe(*sub, std::move(sub_path)));
  }
  return c;
}

template <class Command>
Command* FindIn(Command& root, const std::vector<std::string>& path) {
  Command* at = &root;
  for (const std::string& name : path) {
    Command* next = nullptr;
    for (auto& sub : at->subcommands) {
      if (sub.path.back() == name) next = &sub;
    }
    if (!next) return nullptr;
    at = next;
  }
  return at;
}

}  // namespace

std::string CliCommand::FullName(const std::string& program) const {
  std::string name = program;
  for (const auto& p : path) name += " " + p;
  return name;
}

CliCommand* CliCommand::Find(const std::vector<std::string>& sub_path) {
  return FindIn(*this, sub_path);
}

const CliCommand* CliCommand::Find(const std::vector<std::string>& sub_path) const {
  return FindIn(*this, sub_path);
}

std::vector<const CliCommand*> CliCommand::Flatten() const {
  std::vector<const CliCommand*> all = {this};
  for (const auto& sub : subcommands) {
    for (const CliCommand* c : sub.Flatten()) all.push_back(c);
  }
  return all;
}

CliCommand DescribeCli(const CLI::App& app) { return Describe(app, {}); }

}  // namespace deskops::daemon
