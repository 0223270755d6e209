// Placeholder: compress-run is being written (issue 5).
#include <cstdio>
int main() {
  std::fprintf(stderr, "compress-run: not built yet\n");
  return 1;
}
