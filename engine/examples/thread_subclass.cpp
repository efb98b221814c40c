// The tutorial's second listing: a subclass of threading.Thread whose run()
// prints "Starting", its name and the time a few times, then "Exiting".
//
//   class myThread (threading.Thread):
//      def __init__(self, threadID, name, counter):
//         threading.Thread.__init__(self)
//         self.threadID = threadID
//         self.name = name
//         self.counter = counter
//      def run(self):
//         print "Starting " + self.name
//         print_time(self.name, 5, self.counter)
//         print "Exiting " + self.name
//   thread1 = myThread(1, "Thread-1", 1)
//   thread2 = myThread(2, "Thread-2", 2)
//   thread1.start()
//   thread2.start()
//   print "Exiting Main Thread"
//
// Python's interpreter waits for every non-daemon thread before it exits.
// A C++ Thread's destructor asks the thread to stop instead, so main joins
// both threads after it prints its last line, and the output is the same.

#include <string>

#include "threadlab/threading.hpp"
#include "tutorial_clock.hpp"

namespace {

// print_time(threadName, counter, delay)
void print_time(const std::string& thread_name, int counter, double delay, double scale) {
  for (; counter > 0; --counter) {
    tutorial::sleep(delay, scale);
    tutorial::print_line(thread_name + ": " + tutorial::ctime_now());
  }
}

class MyThread : public threadlab::Thread {
 public:
  MyThread(int thread_id, std::string name, double counter, double scale)
      : Thread(std::move(name)), thread_id_(thread_id), counter_(counter), scale_(scale) {}
  ~MyThread() override { stop_and_join(); }

  int thread_id() const { return thread_id_; }

 protected:
  void run() override {
    tutorial::print_line("Starting " + name());
    print_time(name(), 5, counter_, scale_);
    tutorial::print_line("Exiting " + name());
  }

 private:
  const int thread_id_;
  const double counter_;  // the tutorial passes its delay in seconds as "counter"
  const double scale_;
};

}  // namespace

int main(int argc, char** argv) {
  const double scale = tutorial::delay_scale(argc, argv);
  MyThread thread1(1, "Thread-1", 1.0, scale);
  MyThread thread2(2, "Thread-2", 2.0, scale);

  thread1.start();
  thread2.start();
  tutorial::print_line("Exiting Main Thread");

  thread1.join();
  thread2.join();
  return 0;
}
