// The stats JSON carries where everything was on screen at the end, so the
// tests (and anyone scripting the window) can read the layout.

#include <catch2/catch.hpp>

#include "output/json/stats_json.hpp"

using namespace threadlab;
using namespace threadlab::app;

TEST_CASE("The stats JSON's layout gives the window, the UI scale, every panel and the view in window pixels", "[cli][layout]") {
  SessionFacts facts;
  WindowLayout layout;
  layout.width = 1280;
  layout.height = 720;
  layout.ui_scale = 1.5;
  layout.panels = {{"Controls", 0, 0, 288, 346}, {"Mandelbrot", 288, 0, 672, 536}};
  layout.view = {"view", 304, 30, 640, 480};
  facts.layout = layout;
  const auto json = build_stats_json(LabSnapshot{}, facts);
  const auto& out = json.at("layout");
  CHECK(out.at("window") == nlohmann::ordered_json({1280, 720}));
  CHECK(out.at("ui_scale").get<double>() == Approx(1.5));
  REQUIRE(out.at("panels").size() == 2);
  CHECK(out.at("panels")[1].at("name") == "Mandelbrot");
  CHECK(out.at("panels")[1].at("x") == 288);
  CHECK(out.at("panels")[1].at("w") == 672);
  CHECK(out.at("panels")[1].at("h") == 536);
  CHECK(out.at("view").at("w") == 640);
  CHECK(out.at("view").at("h") == 480);
  CHECK_FALSE(out.at("view").contains("name"));
}

TEST_CASE("A session without a window writes no layout", "[cli][layout]") {
  CHECK_FALSE(build_stats_json(LabSnapshot{}, SessionFacts{}).contains("layout"));
}
