// The plan of a run, from the options and the environment alone.

#include <doctest/doctest.h>

#include "run/plan.hpp"

using cofetch::run::Environment;
using cofetch::run::make_plan;
using cofetch::run::ProgressMode;
using cofetch::run::ResultFormat;
using cofetch::run::RunOptions;
using cofetch::run::StdoutFormat;

namespace {

Environment plenty() {
  Environment environment;
  environment.descriptor_limit = 1'000'000;
  return environment;
}

}  // namespace

TEST_SUITE("run.plan") {
  TEST_CASE("a run is one reported pass with the options' limits") {
    RunOptions options;
    options.limits.concurrency = 7;
    options.limits.hosts.per_host = 2;
    const auto plan = make_plan(options, plenty());
    REQUIRE(plan.passes.size() == 1);
    CHECK(plan.passes[0].reported);
    CHECK(plan.passes[0].limits.concurrency == 7);
    CHECK(plan.passes[0].limits.hosts.per_host == 2);
    CHECK(plan.passes[0].limits.connection_cache > 0);
    CHECK_FALSE(plan.whole_list_first);
    CHECK_FALSE(plan.warning);
  }

  TEST_CASE("--compare reads the list first, runs it one at a time unreported, then with -j") {
    RunOptions options;
    options.compare = true;
    options.limits.concurrency = 20;
    options.limits.in_order = true;
    const auto plan = make_plan(options, plenty());
    CHECK(plan.whole_list_first);
    REQUIRE(plan.passes.size() == 2);
    CHECK_FALSE(plan.passes[0].reported);
    CHECK(plan.passes[0].limits.concurrency == 1);
    CHECK(plan.passes[0].label == "one at a time");
    CHECK(plan.passes[1].reported);
    CHECK(plan.passes[1].limits.concurrency == 20);
    CHECK(plan.passes[1].limits.in_order);
    CHECK(plan.passes[1].label == "-j 20");
  }

  TEST_CASE("standard output gets the format asked for, or nothing with -q or -o") {
    RunOptions options;
    CHECK(make_plan(options, plenty()).stdout_format == StdoutFormat::text);
    options.format = ResultFormat::json_lines;
    CHECK(make_plan(options, plenty()).stdout_format == StdoutFormat::json_lines);
    options.format = ResultFormat::csv;
    CHECK(make_plan(options, plenty()).stdout_format == StdoutFormat::csv);
    options.write_out = cofetch::report::WriteOut::parse("%{url}\\n");
    CHECK(make_plan(options, plenty()).stdout_format == StdoutFormat::write_out);
    options.results_path = "results.jsonl";
    CHECK(make_plan(options, plenty()).stdout_format == StdoutFormat::none);
    options.results_path.clear();
    options.quiet = true;
    CHECK(make_plan(options, plenty()).stdout_format == StdoutFormat::none);
  }

  TEST_CASE("-j is lowered to what the open-file limit holds, with a warning") {
    RunOptions options;
    options.limits.concurrency = 500;
    Environment tight;
    tight.descriptor_limit = 64;
    tight.descriptors_open = 3;
    const auto plan = make_plan(options, tight);
    REQUIRE(plan.warning);
    CHECK(plan.passes[0].limits.concurrency < 500);
    CHECK(plan.passes[0].limits.concurrency >= 1);
  }

  TEST_CASE("the progress line follows --progress, or a terminal on stderr") {
    RunOptions options;
    Environment environment = plenty();
    CHECK_FALSE(make_plan(options, environment).progress);
    environment.stderr_is_terminal = true;
    CHECK(make_plan(options, environment).progress);
    CHECK_FALSE(make_plan(options, environment).progress_shares_terminal);
    environment.stdout_is_terminal = true;
    CHECK(make_plan(options, environment).progress_shares_terminal);
    options.progress = ProgressMode::never;
    CHECK_FALSE(make_plan(options, environment).progress);
    options.progress = ProgressMode::always;
    environment.stderr_is_terminal = false;
    CHECK(make_plan(options, environment).progress);
  }

  TEST_CASE("-O saves bodies; colour and Unicode follow the environment") {
    RunOptions options;
    options.output_dir = "bodies";
    Environment environment = plenty();
    environment.stdout_color = true;
    environment.unicode = true;
    const auto plan = make_plan(options, environment);
    CHECK(plan.saves_bodies);
    CHECK(plan.out_style.color);
    CHECK_FALSE(plan.err_style.color);
    CHECK(plan.err_style.unicode);
  }
}
