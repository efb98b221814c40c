// The tutorial's first listing: a function started twice with
// _thread.start_new_thread, each printing its name and the time five times.
//
//   def print_time(threadName, delay):
//      count = 0
//      while count < 5:
//         time.sleep(delay)
//         count += 1
//         print "%s: %s" % (threadName, time.ctime(time.time()))
//   thread.start_new_thread(print_time, ("Thread-1", 2, ))
//   thread.start_new_thread(print_time, ("Thread-2", 4, ))
//   while 1:
//      pass
//
// The Python main thread spins forever so that the process outlives its
// threads; here it waits on an Event each thread sets when it is done, and
// then ends.

#include <string>

#include "threadlab/threading.hpp"
#include "tutorial_clock.hpp"

int main(int argc, char** argv) {
  const double scale = tutorial::delay_scale(argc, argv);
  threadlab::Event thread1_done;
  threadlab::Event thread2_done;

  auto print_time = [scale](const std::string& thread_name, double delay, threadlab::Event* done) {
    for (int count = 0; count < 5; ++count) {
      tutorial::sleep(delay, scale);
      tutorial::print_line(thread_name + ": " + tutorial::ctime_now());
    }
    done->set();
  };

  threadlab::start_new_thread(print_time, std::string("Thread-1"), 2.0, &thread1_done);
  threadlab::start_new_thread(print_time, std::string("Thread-2"), 4.0, &thread2_done);

  thread1_done.wait();
  thread2_done.wait();
  return 0;
}
