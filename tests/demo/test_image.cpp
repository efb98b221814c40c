// The comparison pictures are composed by the program itself: these tests
// compose, encode and decode them headless, and check the atomic writes.

#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "output/pictures/comparison_pictures.hpp"
#include "output/pictures/image.hpp"
#include "output/json/comparison_report.hpp"
#include "threadlab/measurement/clock.hpp"

using namespace threadlab;
using namespace threadlab::app;
namespace fs = std::filesystem;

namespace {

struct TemporaryFolder {
  fs::path path = fs::temp_directory_path() / ("threadlab-test-image-" + std::to_string(::getpid()));
  TemporaryFolder() { fs::create_directories(path); }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::permissions(path, fs::perms::owner_all, ignored);
    fs::remove_all(path, ignored);
  }
};

Image checkerboard(int width, int height) {
  Image image(width, height, colours::white);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if ((x / 8 + y / 8) % 2) image.set(x, y, colours::blue);
    }
  }
  return image;
}

// What the window's read-back gives for `image`: rows bottom to top, BGRA.
std::shared_ptr<const CapturedFrame> captured(const Image& image) {
  auto frame = std::make_shared<CapturedFrame>();
  frame->width = image.width();
  frame->height = image.height();
  for (int y = image.height() - 1; y >= 0; --y) {
    for (int x = 0; x < image.width(); ++x) {
      const Rgba p = image.at(x, y);
      frame->bgra_bottom_up.insert(frame->bgra_bottom_up.end(), {p.b, p.g, p.r, 0});
    }
  }
  return frame;
}

// A run as the recorder would leave it: `frozen` slots after the first repeat the same frame.
ModeRun fake_run(Mode mode, int frozen, int seconds = 4) {
  ModeRun run;
  run.figures.mode = mode;
  run.figures.workers = mode == Mode::single_thread ? 0 : 4;
  run.midpoint = checkerboard(320, 180);
  const auto start = Clock::time_point{};
  const auto length = std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(seconds));
  FilmstripRecorder recorder(start, length, filmstrip_step_for(length));
  run.filmstrip_step_ms = to_ms(filmstrip_step_for(length));
  std::uint64_t index = 0;
  const auto frame = captured(checkerboard(320, 180));
  for (int ms = 10; ms < 1000 * seconds; ms += frozen ? 100 * frozen : 16) {
    recorder.frame_shown(index++, start + std::chrono::milliseconds(ms), frame);
    run.frame_times_ms.push_back(frozen ? 100.0f * frozen : 16.0f);
  }
  recorder.finish(start + length);
  run.filmstrip = develop_filmstrip(recorder.slots(), 120);
  return run;
}

}  // namespace

TEST_CASE("an image encoded as PNG decodes to the same pixels") {
  const Image original = checkerboard(37, 21);
  const Image decoded = decode_png(encode_png(original));
  REQUIRE(decoded.width() == 37);
  REQUIRE(decoded.height() == 21);
  CHECK(decoded.bytes() == original.bytes());
}

TEST_CASE("bytes that are not a PNG are refused with an error, not a crash") {
  const std::vector<std::uint8_t> junk{1, 2, 3, 4, 5};
  CHECK_THROWS_AS(decode_png(junk), std::runtime_error);
}

TEST_CASE("blit and fill are clipped to the image") {
  Image canvas(10, 10, colours::background);
  canvas.fill(-5, -5, 8, 8, colours::red);
  canvas.blit(Image(4, 4, colours::green), 8, 8);
  CHECK(canvas.at(0, 0) == colours::red);
  CHECK(canvas.at(2, 2) == colours::red);
  CHECK(canvas.at(3, 3) == colours::background);
  CHECK(canvas.at(9, 9) == colours::green);
  CHECK(canvas.count_pixels_not(colours::background) == 9 + 4);
}

TEST_CASE("scaling an image keeps its size request and averages the colours") {
  const Image half = Image(8, 8, colours::white).scaled(4, 2);
  CHECK(half.width() == 4);
  CHECK(half.height() == 2);
  CHECK(half.at(3, 1) == colours::white);
}

TEST_CASE("text drawn with DejaVu Sans marks pixels, and longer text is wider") {
  Image canvas(200, 40, colours::background);
  const int width = draw_text(canvas, 2, 2, "not responding", 16, colours::red);
  CHECK(width > 0);
  CHECK(width < 200);
  CHECK(canvas.count_pixels_not(colours::background) > 50);
  CHECK(text_width("not responding for 1000 ms", 16) > text_width("not responding", 16));
}

TEST_CASE("the line graph draws its line and the 50 ms threshold") {
  Image canvas(300, 120, colours::background);
  const std::vector<float> frames{16, 17, 400, 16, 16};
  draw_line_graph(canvas, 0, 0, 300, 120, frames, 50.0f);
  std::size_t green = 0, red = 0;
  for (int y = 0; y < 120; ++y) {
    for (int x = 0; x < 300; ++x) {
      green += canvas.at(x, y) == colours::green;
      red += canvas.at(x, y) == colours::red;
    }
  }
  CHECK(green > 20);
  CHECK(red > 20);
}

TEST_CASE("a captured frame becomes the picture on screen: top row first, RGBA, opaque") {
  Image image(3, 2, colours::blue);
  image.set(0, 0, colours::red);    // top left
  image.set(2, 1, colours::green);  // bottom right
  const Image back = captured(image)->to_image();
  REQUIRE(back.width() == 3);
  REQUIRE(back.height() == 2);
  CHECK(back.at(0, 0) == colours::red);
  CHECK(back.at(2, 1) == colours::green);
  CHECK(back.at(1, 0) == colours::blue);
  CHECK(back.at(1, 0).a == 255);
  CapturedFrame short_frame;
  short_frame.width = 4;
  short_frame.height = 4;
  CHECK_THROWS_AS(short_frame.to_image(), std::runtime_error);
}

TEST_CASE("the filmstrip recorder repeats the frame that stayed on screen while the loop was frozen") {
  const auto start = Clock::time_point{};
  FilmstripRecorder recorder(start, std::chrono::seconds(1), std::chrono::milliseconds(100));
  const auto red_frame = captured(Image(1600, 900, colours::red));
  const auto green_frame = captured(Image(1600, 900, colours::green));
  const auto blue_frame = captured(Image(1600, 900, colours::blue));
  // The steps fall at 50, 150, ... 950 ms.
  CHECK(recorder.wants_picture(start, std::chrono::milliseconds(20)));  // nothing captured yet
  recorder.frame_shown(0, start, red_frame);
  CHECK_FALSE(recorder.wants_picture(start + std::chrono::milliseconds(10), std::chrono::milliseconds(20)));
  CHECK(recorder.wants_picture(start + std::chrono::milliseconds(35), std::chrono::milliseconds(20)));
  recorder.frame_shown(1, start + std::chrono::milliseconds(40), green_frame);
  // Frozen from 40 ms to 750 ms: frame 1 stays on screen.
  recorder.frame_shown(2, start + std::chrono::milliseconds(750), blue_frame);
  recorder.finish(start + std::chrono::seconds(1));
  const auto& slots = recorder.slots();
  REQUIRE(slots.size() == 10);
  CHECK(slots[0].at_s == Approx(0.05));
  CHECK(slots[0].frame_index == 1);
  CHECK_FALSE(slots[0].repeated);
  for (int i = 1; i <= 6; ++i) {
    CHECK(slots[i].frame_index == 1);
    CHECK(slots[i].repeated);
  }
  CHECK(slots[6].frame_age_ms == Approx(610));
  CHECK(slots[7].frame_index == 2);
  CHECK_FALSE(slots[7].repeated);
  REQUIRE(recorder.midpoint());
  CHECK(recorder.midpoint()->to_image().at(0, 0) == colours::green);  // on screen at 500 ms

  const auto developed = develop_filmstrip(slots, 16);
  REQUIRE(developed.size() == 10);
  CHECK(developed[1].picture.width() == 16);
  CHECK(developed[1].picture.at(8, 4) == colours::green);
  CHECK(developed[9].picture.at(8, 4) == colours::blue);
}

TEST_CASE("side by side puts single-thread left and multi-thread right, screenshots at half width") {
  const Image picture = compose_side_by_side(fake_run(Mode::single_thread, 5), fake_run(Mode::multi_thread, 0));
  CHECK(picture.width() >= 1280);
  // The label bars: red on the left, green on the right.
  CHECK(picture.at(5, 5) == colours::red);
  CHECK(picture.at(picture.width() - 5, 5) == colours::green);
  CHECK(picture.count_pixels_not(colours::background) > std::size_t(picture.width()) * picture.height() / 2);
}

TEST_CASE("the filmstrip shows each mode in rows of large pictures and stamps frozen ones in red") {
  const Image strip = compose_filmstrip(fake_run(Mode::single_thread, 5), fake_run(Mode::multi_thread, 0));
  // Ten pictures a mode (4 s at 400 ms), five to a row: readable at 100 %.
  CHECK(strip.width() == filmstrip_columns * (120 + 8) + 8);
  CHECK(strip.height() > 4 * 60);
  std::size_t red_text = 0;
  for (int y = strip.height() / 2 + 40; y < strip.height(); ++y) {  // the multi-thread rows never freeze
    for (int x = 0; x < strip.width(); ++x) red_text += strip.at(x, y) == colours::red;
  }
  CHECK(red_text == 0);
  std::size_t reddish = 0;
  for (int y = 40; y < strip.height() / 2; ++y) {
    for (int x = 0; x < strip.width(); ++x) {
      const Rgba p = strip.at(x, y);
      reddish += p.r > 150 && p.g < 100 && p.b < 100;
    }
  }
  CHECK(reddish > 50);
}

TEST_CASE("cropping keeps the pixels of the rectangle and clips it to the image") {
  Image image(10, 10, colours::blue);
  image.set(3, 4, colours::red);
  const Image crop = image.cropped(3, 4, 20, 2);
  CHECK(crop.width() == 7);
  CHECK(crop.height() == 2);
  CHECK(crop.at(0, 0) == colours::red);
  CHECK(image.cropped(12, 0, 5, 5).empty());
}

TEST_CASE("the report says where each mode's CPU went and where and when it ran") {
  ModeFigures single, multi;
  single.mode = Mode::single_thread;
  multi.mode = Mode::multi_thread;
  multi.cpu_split = {30.0, 25.0, 120.0};
  multi.items_per_second = 500;
  single.items_per_second = 400;
  single.duration_s = multi.duration_s = 4.0;
  ComparisonContext context;
  context.date = "2026-12-02 07:00 UTC";
  context.cpu_model = "AMD EPYC";
  context.cores = 2;
  context.window_width = 1600;
  context.window_height = 900;
  const auto json = build_report_json(single, multi, context);
  CHECK(json["multi"]["cpu_split"]["other_percent"] == 120.0);
  CHECK(json["machine"]["window"]["width"] == 1600);
  CHECK(json["claims"]["throughput_ratio"]["value"] == Approx(1.25));
  CHECK(json["claims"]["throughput_ratio"]["met"] == true);
  const std::string markdown = build_report_markdown(single, multi, context);
  CHECK_THAT(markdown, Catch::Contains("| other threads (GL driver) | 0 | 120 |"));
  CHECK_THAT(markdown, Catch::Contains("Measured 2026-12-02 07:00 UTC on AMD EPYC (2 cores)"));
  CHECK_THAT(markdown, Catch::Contains("window 1600x900"));
}

TEST_CASE("a PNG is written atomically: the file appears whole and no temporary file is left") {
  TemporaryFolder folder;
  write_png_atomically(folder.path / "shot.png", checkerboard(16, 16));
  CHECK(read_png(folder.path / "shot.png").width() == 16);
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder.path)) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("writing into a missing folder fails with the file's name and leaves nothing behind") {
  TemporaryFolder folder;
  const fs::path file = folder.path / "missing" / "shot.png";
  CHECK_THROWS_WITH(write_png_atomically(file, checkerboard(4, 4)), Catch::Contains("cannot write"));
  CHECK_FALSE(fs::exists(folder.path / "missing"));
}

TEST_CASE("an output folder that is missing or not a directory is refused") {
  TemporaryFolder folder;
  CHECK_THROWS_WITH(check_output_folder(folder.path / "nope"), Catch::Contains("does not exist"));
  std::ofstream(folder.path / "file").put('x');
  CHECK_THROWS_WITH(check_output_folder(folder.path / "file"), Catch::Contains("not a directory"));
  CHECK_NOTHROW(check_output_folder(folder.path));
}

TEST_CASE("the report puts both modes side by side with the figures the issue asks for") {
  ModeFigures single, multi;
  single.mode = Mode::single_thread;
  multi.mode = Mode::multi_thread;
  single.longest_freeze_ms = 2000;
  multi.longest_freeze_ms = 40;
  single.duration_s = multi.duration_s = 4.0;
  single.locks.push_back({"tiles", 1.5, 2});
  const auto json = build_report_json(single, multi);
  CHECK(json["single"]["mode"] == "single");
  CHECK(json["multi"]["longest_freeze_ms"] == 40.0);
  CHECK(json["single_over_multi"]["longest_freeze"] == 50.0);
  for (const char* key : {"job_wall_s", "items_per_second", "frames", "frames_over_50ms", "probe", "locks",
                          "mean_core_load_percent"}) {
    CHECK(json["multi"].contains(key));
  }
  const std::string markdown = build_report_markdown(single, multi);
  CHECK_THAT(markdown, Catch::Contains("| longest freeze (ms) | 2000.0 | 40.0 |"));
  CHECK(json["claims"]["freeze_ratio"]["met"] == true);  // 50x
  CHECK(json["claims"]["multi_slow_frame_share"].contains("goal"));
  CHECK_THAT(markdown, Catch::Contains("| tiles | 1.5 | - |"));
}

TEST_CASE("single-thread mode's filmstrip captures every frame and so advances with its jobs") {
  const auto start = Clock::time_point{};
  const auto ms = [](int n) { return std::chrono::milliseconds(n); };
  FilmstripRecorder recorder(start, std::chrono::seconds(4), filmstrip_step);
  // One frame a job, about a second apart; none begins near a step.
  const auto first = captured(Image(32, 18, colours::red));
  CHECK(recorder.wants_picture(start, ms(20)));
  recorder.frame_shown(0, start + ms(5), first);
  const auto job_frame = [&](std::uint64_t index, int at_ms, Rgba colour) {
    // The frame begins right after the one before was shown, then the job runs.
    const bool wanted = recorder.wants_picture(start + ms(at_ms - 990), ms(20));
    recorder.frame_shown(index, start + ms(at_ms), wanted ? captured(Image(32, 18, colour)) : nullptr);
    return wanted;
  };
  CHECK_FALSE(job_frame(1, 1000, colours::green));  // the interval before it is not known yet
  CHECK(job_frame(2, 2000, colours::blue));          // a second apart: every frame from now on
  CHECK(job_frame(3, 3000, colours::white));
  recorder.finish(start + std::chrono::seconds(4));
  const auto& slots = recorder.slots();
  REQUIRE(slots.size() == 10);
  std::set<const CapturedFrame*> pictures;
  for (const auto& slot : slots) pictures.insert(slot.frame.get());
  CHECK(pictures.size() >= 3);  // not one picture for the whole run
  CHECK(slots.back().frame_index == 3);
  CHECK(slots.back().frame->to_image().at(0, 0) == colours::white);
}

TEST_CASE("the filmstrip keeps ten pictures a mode in two rows at any duration") {
  CHECK(filmstrip_step_for(std::chrono::seconds(4)) == filmstrip_step);
  const Image four = compose_filmstrip(fake_run(Mode::single_thread, 5, 4), fake_run(Mode::multi_thread, 0, 4));
  for (const int seconds : {1, 16, 60}) {
    INFO(seconds << " s");
    const ModeRun single = fake_run(Mode::single_thread, 5, seconds);
    CHECK(single.filmstrip.size() == std::size_t(filmstrip_pictures));
    CHECK(single.filmstrip_step_ms == Approx(100.0 * seconds));
    const Image strip = compose_filmstrip(single, fake_run(Mode::multi_thread, 0, seconds));
    CHECK(strip.width() == four.width());
    CHECK(strip.height() == four.height());
  }
}

TEST_CASE("runs too short to judge mark no claim met, and the report says why") {
  ModeFigures single, multi;
  single.mode = Mode::single_thread;
  multi.mode = Mode::multi_thread;
  single.longest_freeze_ms = 2000;  // 50x: met, had the runs been long enough
  multi.longest_freeze_ms = 40;
  single.items_per_second = 100;
  multi.items_per_second = 200;
  single.duration_s = multi.duration_s = 0.5;
  ComparisonContext context;
  context.date = "2026-12-02 07:00 UTC";
  context.redraw = "all";
  const auto json = build_report_json(single, multi, context);
  CHECK(json["claims_judged"] == false);
  for (const char* claim : {"freeze_ratio", "multi_slow_frame_share", "throughput_ratio"}) {
    INFO(claim);
    CHECK(json["claims"][claim]["met"] == false);
  }
  CHECK_THAT(json["claims_not_judged_because"].get<std::string>(), Catch::Contains("under the 2 s"));
  CHECK(json["machine"]["threadlab_redraw"] == "all");
  const std::string markdown = build_report_markdown(single, multi, context);
  CHECK_THAT(markdown, Catch::Contains("Not judged: the runs lasted 0.50 s and 0.50 s"));
  CHECK_THAT(markdown, Catch::Contains("not judged |"));
  CHECK_THAT(markdown, !Catch::Contains("| met |"));
  CHECK_THAT(markdown, Catch::Contains("THREADLAB_REDRAW=all: every frame was drawn whole"));
  single.duration_s = multi.duration_s = min_claim_duration_s;
  CHECK(build_report_json(single, multi, context)["claims"]["freeze_ratio"]["met"] == true);
}
